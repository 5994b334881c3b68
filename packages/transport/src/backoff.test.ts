import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from './backoff.js';
import { resolveRetryOptions } from './retry-options.js';

describe('computeBackoffDelay', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('spans [0, base * 2^(attempt-1)] with full jitter, capped at maxDelayMs', () => {
    expect(computeBackoffDelay(1, options, () => 0)).toBe(0);
    expect(computeBackoffDelay(1, options, () => 0.999_999)).toBe(100);
    expect(computeBackoffDelay(3, options, () => 0.999_999)).toBe(400);
    expect(computeBackoffDelay(10, options, () => 0.999_999)).toBe(1000);
    expect(computeBackoffDelay(2, options, () => 0.5)).toBe(100);
  });

  it('always stays within bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const delay = computeBackoffDelay(attempt, options, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** (attempt - 1)));
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
    );
  });
});

describe('resolveRetryOptions', () => {
  it('fills in the defaults: 5 attempts within 30 s', () => {
    expect(resolveRetryOptions()).toEqual({
      attempts: 5,
      maxTotalMs: 30_000,
      baseDelayMs: 250,
      maxDelayMs: 10_000,
    });
    expect(resolveRetryOptions({ attempts: 2 }).attempts).toBe(2);
  });

  it('rejects impossible values', () => {
    expect(() => resolveRetryOptions({ attempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ attempts: 1.5 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ maxTotalMs: -1 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ baseDelayMs: Number.NaN })).toThrow(RangeError);
  });
});
