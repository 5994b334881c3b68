import type { RetryOptions } from './retry-options.js';

/**
 * The delay before the next attempt: exponential back-off with full jitter, a uniformly random
 * value in `[0, min(maxDelayMs, baseDelayMs * 2^(attempt - 1))]`.
 *
 * @param attempt The number (1-based) of the attempt that just failed: `1` after the first attempt.
 * @param options The back-off base and ceiling.
 * @param random A source of numbers in `[0, 1)` (defaults to `Math.random`), for deterministic tests.
 * @returns The delay in whole milliseconds.
 */
export function computeBackoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  return Math.floor(random() * (ceiling + 1));
}
