import { isRetryableStatus, NetworkError } from '@forwarder/core';
import { abortableSleep } from './abortable-sleep.js';
import { computeBackoffDelay } from './backoff.js';
import type { HttpResponse, Middleware } from './http-types.js';
import { redactUrl } from './redact-url.js';
import { parseRetryAfter } from './retry-after.js';
import type { RetryOptions } from './retry-options.js';
import { emitHook, type TransportHooks } from './transport-hooks.js';

/** Extra settings of {@link createRetryMiddleware}. */
export interface RetryMiddlewareOptions {
  /** Receives `onRetry` events. */
  hooks?: TransportHooks;
  /** Source of randomness for the jitter (defaults to `Math.random`). */
  random?: () => number;
}

/**
 * Retries 408, 429, 5xx and network failures (timeouts included), never other statuses, up to
 * `options.attempts` attempts in all. The delay is the response's `Retry-After` when it has one,
 * else exponential back-off with full jitter. A delay that would end past `options.maxTotalMs`
 * (counted from the first attempt) ends the retries at once.
 *
 * When retries end, the last response is returned (its status still an error) or the last
 * `NetworkError` is thrown, carrying the number of attempts. An abort, during an attempt or a wait,
 * rejects at once with no further attempt.
 */
export function createRetryMiddleware(
  options: RetryOptions,
  settings: RetryMiddlewareOptions = {},
): Middleware {
  const random = settings.random ?? Math.random;
  return async (request, next) => {
    const startedAt = performance.now();
    for (let attempt = 1; ; attempt += 1) {
      let response: HttpResponse | undefined;
      let failure: NetworkError | undefined;
      // No attempt may outlive the retry budget: its timeout is cut to what is left of it.
      const remainingMs = options.maxTotalMs - (performance.now() - startedAt);
      const timeoutMs = Math.max(1, Math.min(request.timeoutMs, remainingMs));
      try {
        response = await next({ ...request, attempt, timeoutMs });
      } catch (error) {
        if (!NetworkError.isNetworkError(error)) throw error;
        failure = error;
      }

      if (response && !isRetryableStatus(response.status)) return { ...response, attempts: attempt };

      const giveUp = (): HttpResponse => {
        if (response) return { ...response, attempts: attempt };
        throw withAttempts(failure as NetworkError, attempt);
      };
      if (attempt >= options.attempts) return giveUp();

      const retryAfterMs = response ? parseRetryAfter(response.headers['retry-after']) : undefined;
      const delayMs = retryAfterMs ?? computeBackoffDelay(attempt, options, random);
      const elapsedMs = performance.now() - startedAt;
      if (elapsedMs + delayMs > options.maxTotalMs) return giveUp();

      emitHook(settings.hooks?.onRetry, {
        method: request.method,
        url: redactUrl(request.url),
        attempt,
        delayMs,
        reason: response ? `HTTP ${response.status}` : describeNetworkFailure(failure as NetworkError),
        ...(response ? { status: response.status } : {}),
      });
      await abortableSleep(delayMs, request.signal);
    }
  };
}

function describeNetworkFailure(error: NetworkError): string {
  return error.code === 'TIMEOUT_ERROR' ? 'timeout' : `network error: ${error.message}`;
}

/** The same failure, now saying how many attempts were made. */
function withAttempts(error: NetworkError, attempts: number): NetworkError {
  if (attempts === 1) return error;
  const suffix = ` (after ${attempts} attempts)`;
  return new NetworkError(`${error.message}${suffix}`, {
    cause: error.cause,
    attempts,
    timeout: error.code === 'TIMEOUT_ERROR',
  });
}
