import type { Middleware } from './http-types.js';
import type { Semaphore } from './semaphore.js';

/**
 * Holds a slot of `semaphore` for the time of each attempt, so that no more than its limit of
 * attempts are in flight. Waits for retries do not hold a slot. Waiting for a slot stops when the
 * request's signal aborts.
 */
export function createConcurrencyMiddleware(semaphore: Semaphore): Middleware {
  return (request, next) => semaphore.run(() => next(request), request.signal);
}
