import { describe, expect, it } from 'vitest';
import { isLowercaseSha256, isRfc3339, isUuid, rfc3339Milliseconds, sha256Problem } from './identifiers.js';
import { sha256 } from './test-support/sandbox-client.js';

const HASH = sha256('a@b.com');

describe('SHA-256 digests', () => {
  it.each([
    ['a lowercase digest', HASH, true],
    ['an upper-case digest', HASH.toUpperCase(), false],
    ['one character short', HASH.slice(1), false],
    ['one character long', `${HASH}0`, false],
    ['a non-hex letter', `${HASH.slice(1)}g`, false],
    ['a non-ASCII digit', `${HASH.slice(1)}\u0660`, false],
    ['a character past the ASCII range', `${HASH.slice(1)}\u0131`, false],
    ['a trailing line break', `${HASH.slice(1)}\n`, false],
    ['the empty string', '', false],
  ])('%s: %s', (_, value, expected) => {
    expect(isLowercaseSha256(value)).toBe(expected);
  });

  it('names what is wrong', () => {
    expect(sha256Problem(HASH)).toBeUndefined();
    expect(sha256Problem(HASH.toUpperCase())).toBe('is not lowercase hex');
    expect(sha256Problem(`${HASH.slice(0, 32)}Ab${HASH.slice(34)}`)).toBe('is not lowercase hex');
    expect(sha256Problem('a@b.com')).toBe('is not a SHA-256 digest (64 lowercase hex characters)');
    expect(sha256Problem(`${HASH.slice(1)}\u0660`)).toBe(
      'is not a SHA-256 digest (64 lowercase hex characters)',
    );
  });
});

describe('UUIDs', () => {
  it.each([
    ['a lowercase UUID', '0b7c5e0e-2f0a-5b1e-9a43-7f3f6c1d2e4a', true],
    ['an upper-case UUID', '0B7C5E0E-2F0A-5B1E-9A43-7F3F6C1D2E4A', true],
    ['a mixed-case UUID', '0b7C5e0E-2f0a-5B1e-9a43-7f3F6c1d2E4a', true],
    ['a dash one place off', '0b7c5e0-e2f0a-5b1e-9a43-7f3f6c1d2e4a', false],
    ['no dashes', '0b7c5e0e2f0a5b1e9a437f3f6c1d2e4a', false],
    ['a dash in place of a digit', '0b7c5e0e-2f0a-5b1e-9a43-7f3f6c1d2e4-', false],
    ['one character short', '0b7c5e0e-2f0a-5b1e-9a43-7f3f6c1d2e4', false],
    ['one character long', '0b7c5e0e-2f0a-5b1e-9a43-7f3f6c1d2e4aa', false],
    ['a non-hex letter', '0b7c5e0e-2f0a-5b1e-9a43-7f3f6c1d2e4g', false],
    ['a non-ASCII digit', '0b7c5e0e-2f0a-5b1e-9a43-7f3f6c1d2e4\u0660', false],
    ['braces', '{b7c5e0e-2f0a-5b1e-9a43-7f3f6c1d2e4a}', false],
  ])('%s: %s', (_, value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });
});

describe('RFC 3339 date-times', () => {
  it('gives the instant of a valid date-time, also when asked twice in a row', () => {
    const value = '2026-11-29T10:00:00.000Z';
    expect(rfc3339Milliseconds(value)).toBe(Date.parse(value));
    expect(rfc3339Milliseconds(value)).toBe(Date.parse(value));
    expect(rfc3339Milliseconds('2026-11-29T11:00:00+01:00')).toBe(Date.parse(value));
  });

  it('refuses values that are not RFC 3339 or name no real instant, whatever came before', () => {
    expect(rfc3339Milliseconds('2026-11-29T10:00:00Z')).toBeDefined();
    for (const value of ['2026-11-29T10:00:00', '29/11/2026', '2026-13-45T10:00:00Z', '', 'yesterday']) {
      expect(rfc3339Milliseconds(value)).toBeUndefined();
      expect(isRfc3339(value)).toBe(false);
    }
    expect(isRfc3339('2026-11-29t10:00:00.5z')).toBe(true);
  });
});
