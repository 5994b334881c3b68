import type { Middleware, NextHandler } from './http-types.js';

/**
 * Chains middleware in order around a terminal handler: the first middleware sees the request
 * first and the response last.
 */
export function composeMiddleware(middleware: readonly Middleware[], terminal: NextHandler): NextHandler {
  return middleware.reduceRight<NextHandler>((next, link) => (request) => link(request, next), terminal);
}
