import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidEmail } from './is-valid-email.js';
import { normaliseEmail } from './normalise-email.js';
import { normalisePlainEmail } from './normalise-plain-email.js';
import { isWhiteSpaceCode } from './white-space.js';

/** What the general path makes of `value`: the normalised address when valid, else undefined. */
function generalPath(value: string): string | undefined {
  const normalised = normaliseEmail(value);
  return isValidEmail(normalised) ? normalised : undefined;
}

/** White space that `trim()` removes, ASCII and not. */
const trimmable = fc.constantFrom(
  ' ',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\f',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ufeff',
);
/** Every kind of white space, including U+0085, which `trim()` leaves but the general path removes. */
const whiteSpace = fc.oneof(trimmable, fc.constant('\u0085'));
const padding = fc.array(trimmable, { maxLength: 3 }).map((characters) => characters.join(''));

/** An address written with random capitals, as people type them. */
const capitalised = fc
  .tuple(fc.emailAddress(), fc.array(fc.boolean(), { minLength: 1 }))
  .map(([address, flips]) =>
    [...address]
      .map((character, index) => (flips[index % flips.length] ? character.toUpperCase() : character))
      .join(''),
  );

/** Strings near the fast path's edges: plain addresses with noise mixed in anywhere. */
const nearlyPlain = fc
  .tuple(
    fc.oneof(fc.emailAddress(), capitalised),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.oneof(
          whiteSpace,
          fc.constantFrom('@', 'K', 'İ', 'Σ', 'ẞ', '\u0000', '\u007f', '\u200b', 'é'),
          fc.string(),
        ),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([address, insertions]) => {
    let result = address;
    for (const [at, text] of insertions) {
      const index = at % (result.length + 1);
      result = result.slice(0, index) + text + result.slice(index);
    }
    return result;
  });

describe('normalisePlainEmail', () => {
  it('agrees with the general path whenever it answers', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), nearlyPlain),
        (value) => {
          const plain = normalisePlainEmail(value);
          if (plain !== undefined) expect(plain).toBe(generalPath(value));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('answers for every plain address, with capitals and surrounding white space', () => {
    fc.assert(
      fc.property(
        fc.tuple(padding, fc.oneof(fc.emailAddress(), capitalised), padding),
        ([before, address, after]) => {
          expect(normalisePlainEmail(`${before}${address}${after}`)).toBe(address.toLowerCase());
        },
      ),
    );
  });

  it('returns an already normalised address as it is', () => {
    expect(normalisePlainEmail('john.doe@example.com')).toBe('john.doe@example.com');
    expect(normalisePlainEmail('1+x@example.com')).toBe('1+x@example.com');
  });

  it('lowercases and trims', () => {
    expect(normalisePlainEmail(' John.Doe@Example.COM ')).toBe('john.doe@example.com');
    expect(normalisePlainEmail('\t\u3000A@B.C\r\n')).toBe('a@b.c');
    // The Kelvin sign lowercases to an ASCII k, as it does on the general path.
    expect(normalisePlainEmail('\u212a@example.com')).toBe(generalPath('\u212a@example.com'));
  });

  it.each([
    '',
    '   ',
    'nope',
    '@example.com',
    'john@',
    'a@b@c',
    'john doe@example.com',
    'john\u00a0doe@example.com',
    '\u0085john@example.com',
    'jöhn@example.com',
    'İ@example.com',
    'john\u0000@example.com',
  ])('leaves %j to the general path', (value) => {
    expect(normalisePlainEmail(value)).toBeUndefined();
  });

  it('relies on lowercasing never making or removing white space, for every code point', () => {
    // Trimming after lowercasing (the fast path) equals lowercasing after trimming (the general
    // path) because of this.
    const broken: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCodePoint(code);
      const lower = character.toLowerCase();
      const whiteSpace = code <= 0xffff && isWhiteSpaceCode(code);
      const lowerHasWhiteSpace = [...lower].some((part) => isWhiteSpaceCode(part.charCodeAt(0)));
      if (whiteSpace ? lower !== character : lowerHasWhiteSpace) broken.push(code.toString(16));
    }
    expect(broken).toEqual([]);
  });
});
