import type { Middleware, RequestAuthenticator } from './http-types.js';
import { mergeHeaders } from './merge-headers.js';

/**
 * Adds the authenticator's headers to each attempt (asked afresh every attempt, so a strategy may
 * rotate credentials). They override any header of the same name set earlier.
 */
export function createAuthMiddleware(authenticator: RequestAuthenticator): Middleware {
  return (request, next) =>
    next({ ...request, headers: mergeHeaders(request.headers, authenticator.headers()) });
}
