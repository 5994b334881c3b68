/** Options of {@link backoffDelay}. */
export interface BackoffDelayOptions {
  /** The delay after the first failed attempt, in milliseconds. */
  baseMs?: number;
  /** The longest delay, in milliseconds. */
  maxMs?: number;
  /** A number in [0, 1) for the jitter (default `Math.random()`). */
  random?: number;
}

/**
 * How long a queue item waits before its next attempt: exponential in the attempts made, capped,
 * with "equal jitter" (half fixed, half random) so that items failed together do not return together.
 */
export function backoffDelay(attempts: number, options: BackoffDelayOptions = {}): number {
  const base = options.baseMs ?? 1_000;
  const max = options.maxMs ?? 60_000;
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  const random = options.random ?? Math.random();
  return Math.round(exponential / 2 + (exponential / 2) * random);
}
