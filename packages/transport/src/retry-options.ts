/** How a request is retried. Every field has a default (see {@link DEFAULT_RETRY_OPTIONS}). */
export interface RetryOptions {
  /** Total attempts, the first one included (`1` means no retry). Default `5`. */
  attempts: number;
  /**
   * Time budget of one request across all its attempts, in milliseconds. A retry whose delay would
   * end past this budget is not made: the request fails at once with its last error. Default `30_000`.
   */
  maxTotalMs: number;
  /** Base of the exponential back-off, in milliseconds. Default `250`. */
  baseDelayMs: number;
  /** Ceiling of one back-off delay, in milliseconds (a `Retry-After` is not capped by it). Default `10_000`. */
  maxDelayMs: number;
}

/** The defaults: 5 attempts within about 30 s, back-off from 250 ms up to 10 s. */
export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  attempts: 5,
  maxTotalMs: 30_000,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
});

/**
 * Completes partial retry options with the defaults and checks them.
 *
 * @throws RangeError when a value is not a finite number in range (`attempts` must be an integer ≥ 1).
 */
export function resolveRetryOptions(options: Partial<RetryOptions> = {}): RetryOptions {
  const resolved: RetryOptions = { ...DEFAULT_RETRY_OPTIONS, ...definedOnly(options) };
  if (!Number.isInteger(resolved.attempts) || resolved.attempts < 1) {
    throw new RangeError(`retry.attempts must be an integer >= 1, got ${resolved.attempts}`);
  }
  for (const key of ['maxTotalMs', 'baseDelayMs', 'maxDelayMs'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`retry.${key} must be a finite number >= 0, got ${value}`);
    }
  }
  return resolved;
}

function definedOnly(options: Partial<RetryOptions>): Partial<RetryOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
