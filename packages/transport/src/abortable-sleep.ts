import { RequestAbortedError } from './transport-errors.js';

/**
 * Waits `ms` milliseconds, or rejects with a {@link RequestAbortedError} as soon as `signal` aborts.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error to reject with when `signal` has aborted, keeping its reason as the cause. */
export function abortedError(signal?: AbortSignal): RequestAbortedError {
  return new RequestAbortedError('The request was aborted', { cause: signal?.reason });
}
