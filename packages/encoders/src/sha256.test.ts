import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSha256Hex, sha256Hex, sha256HexMany } from './sha256.js';

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['john.doe@example.com', '836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f'],
  ])('%j', (input, expected) => {
    expect(sha256Hex(input)).toBe(expected);
  });

  it('hashes the UTF-8 bytes', () => {
    expect(sha256Hex('é')).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
    );
  });

  it('is always 64 lowercase hex characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(sha256Hex(value)).toMatch(/^[0-9a-f]{64}$/);
      }),
    );
  });
});

describe('sha256HexMany', () => {
  it('hashes each value in order, as given', () => {
    expect(sha256HexMany(['abc', '', 'ABC'])).toEqual([sha256Hex('abc'), sha256Hex(''), sha256Hex('ABC')]);
    expect(sha256HexMany([])).toEqual([]);
  });
});

describe('isSha256Hex', () => {
  const valid = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
  it.each([
    [valid, true],
    [valid.toUpperCase(), true],
    [valid.slice(1), false],
    [`${valid}0`, false],
    [`g${valid.slice(1)}`, false],
    [`\u0010${valid.slice(1)}`, false],
    [`G${valid.slice(1)}`, false],
    [`:${valid.slice(1)}`, false],
    ['', false],
  ])('%j → %s', (input, expected) => {
    expect(isSha256Hex(input)).toBe(expected);
  });

  it('agrees with a regular expression', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'0123456789abcdefABCDEFgG:`@/\u0010'),
          minLength: 63,
          maxLength: 65,
        }),
        (value) => {
          expect(isSha256Hex(value)).toBe(/^[0-9a-fA-F]{64}$/.test(value));
        },
      ),
    );
  });
});
