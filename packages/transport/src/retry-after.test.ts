import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-29T10:00:00.000Z');

  it('reads delta seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 3 ', now)).toBe(3000);
    expect(parseRetryAfter('0.25', now)).toBe(250);
  });

  it('reads an HTTP date relative to now, a past date giving 0', () => {
    expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('ignores missing or meaningless values', () => {
    for (const value of [undefined, null, '', '  ', '-1', 'soon', '1e3', '12abc']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});
