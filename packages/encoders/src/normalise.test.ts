import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IdentifierKind } from './identifier-kind.js';
import { isValidEmail } from './is-valid-email.js';
import { normaliseEmail } from './normalise-email.js';
import { normaliseIdentifier } from './normalise-identifier.js';
import { normaliseMobileNumber } from './normalise-mobile-number.js';
import { normaliseName } from './normalise-name.js';
import { normaliseZip } from './normalise-zip.js';

const whiteSpaceCharacters = [
  ' ',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2005',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];

describe('spec examples', () => {
  it.each([
    ['email', normaliseEmail, ' John.Doe@Example.COM ', 'john.doe@example.com'],
    ['mobile number', normaliseMobileNumber, '+1 (555) 123-4567', '5551234567'],
    ['name', normaliseName, ' Mary Ann ', 'maryann'],
    ['zip', normaliseZip, ' 12345-6789 ', '12345-6789'],
  ])('%s: %j', (_kind, normalise, input, expected) => {
    expect(normalise(input)).toBe(expected);
  });
});

describe('normaliseEmail', () => {
  it.each([
    ['already normalised', 'a@b.com', 'a@b.com'],
    ['white space inside', 'jo hn @ exa\tmple.com', 'john@example.com'],
    ['non-breaking and ideographic spaces', '\u00a0A@B.com\u3000', 'a@b.com'],
    ['byte order mark', '\ufeffa@b.com', 'a@b.com'],
    ['only white space', ' \t\n ', ''],
    ['non-ASCII uppercase', 'ÉLODIE@EXAMPLE.FR', 'élodie@example.fr'],
    ['zero-width space is kept (not white space)', 'a\u200b@b.com', 'a\u200b@b.com'],
  ])('%s', (_case, input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });
});

describe('normaliseMobileNumber', () => {
  it.each([
    ['11 digits starting with 1', '15551234567', '5551234567'],
    ['11 digits not starting with 1', '07911 123456', '07911123456'],
    ['10 digits', '(555) 123-4567', '5551234567'],
    ['12 digits starting with 1', '+1 555 123 45678', '155512345678'],
    ['only digits already', '5551234567', '5551234567'],
    ['no digits', 'call me', ''],
    ['non-ASCII digits are dropped', '٥٥٥1234', '1234'],
  ])('%s', (_case, input, expected) => {
    expect(normaliseMobileNumber(input)).toBe(expected);
  });
});

describe('isValidEmail', () => {
  it.each([
    ['a@b', true],
    ['john.doe@example.com', true],
    ['', false],
    ['ab', false],
    ['@b.com', false],
    ['a@', false],
    ['a@@b.com', false],
    ['a@b@c.com', false],
    ['@', false],
  ])('%j → %s', (input, expected) => {
    expect(isValidEmail(input)).toBe(expected);
  });
});

const kinds: IdentifierKind[] = ['email', 'mobileNumber', 'firstName', 'lastName', 'zip'];
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...whiteSpaceCharacters, 'A', 'b', 'É', '1', '@', '-', '+') }),
);

describe('properties', () => {
  it('normalising is idempotent for every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), anyText, (kind, value) => {
        const once = normaliseIdentifier(kind, value);
        expect(normaliseIdentifier(kind, once)).toBe(once);
      }),
    );
  });

  it('text normalisation leaves no white space and no uppercase behind', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const normalised = normaliseEmail(value);
        expect(/[\p{White_Space}\ufeff]/u.test(normalised)).toBe(false);
        expect(normalised).toBe(normalised.toLowerCase());
      }),
    );
  });

  it('matches a regular-expression reference implementation', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect(normaliseName(value)).toBe(value.replace(/[\p{White_Space}\ufeff]/gu, '').toLowerCase());
      }),
    );
  });

  it('a mobile number keeps ASCII digits only', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect(normaliseMobileNumber(value)).toMatch(/^[0-9]*$/);
      }),
    );
  });
});
