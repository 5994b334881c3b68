import type { Middleware } from './http-types.js';
import { redactUrl } from './redact-url.js';
import { emitHook, type TransportHooks } from './transport-hooks.js';

/** Reports each attempt to `onRequest` and, when it got an answer, to `onResponse`. */
export function createHooksMiddleware(hooks: TransportHooks): Middleware {
  return async (request, next) => {
    const url = redactUrl(request.url);
    emitHook(hooks.onRequest, {
      method: request.method,
      url,
      attempt: request.attempt,
      bodyBytes: request.body === undefined ? 0 : Buffer.byteLength(request.body),
    });
    const startedAt = performance.now();
    const response = await next(request);
    emitHook(hooks.onResponse, {
      method: request.method,
      url,
      status: response.status,
      durationMs: performance.now() - startedAt,
      attempt: request.attempt,
    });
    return response;
  };
}
