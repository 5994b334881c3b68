import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeIdentifier } from './encode-identifier.js';
import { hashEmails, normaliseAndHashEmail } from './hash-emails.js';
import { isValidEmail } from './is-valid-email.js';
import { normaliseEmail } from './normalise-email.js';
import { sha256Hex } from './sha256.js';

describe('normaliseAndHashEmail', () => {
  it('normalises then hashes', () => {
    expect(normaliseAndHashEmail(' John.Doe@Example.COM ')).toBe(sha256Hex('john.doe@example.com'));
  });

  it.each(['', '   ', 'no-at-sign', 'a@b@c', '@b.com', 'a@'])('returns undefined for %j', (value) => {
    expect(normaliseAndHashEmail(value)).toBeUndefined();
  });

  it('agrees with encodeIdentifier for any value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.emailAddress()), (value) => {
        const result = encodeIdentifier('email', value, { output: 'Sha256' });
        expect(normaliseAndHashEmail(value)).toBe(result.ok ? result.value : undefined);
      }),
    );
  });
});

describe('hashEmails', () => {
  it('keeps valid addresses in order and counts the others', () => {
    expect(hashEmails([' A@B.com', 'nope', '', 'c@d.org', ' \t', 'a@b.COM', 'x@y@z'])).toEqual({
      hashes: [sha256Hex('a@b.com'), sha256Hex('c@d.org'), sha256Hex('a@b.com')],
      empty: 2,
      invalid: 2,
    });
  });

  it('agrees with normalising, checking and hashing each value on its own', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.emailAddress(),
      fc.emailAddress().map((address) => ` ${address.toUpperCase()}\t`),
      fc.constantFrom('', ' ', 'a@b@c', 'a b@c.d', '\u0085x@y.z', 'İ@x.y'),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (values) => {
        const expected = { hashes: [] as string[], empty: 0, invalid: 0 };
        for (const each of values) {
          const normalised = normaliseEmail(each);
          if (isValidEmail(normalised)) expected.hashes.push(sha256Hex(normalised));
          else if (normalised === '') expected.empty++;
          else expected.invalid++;
        }
        expect(hashEmails(values)).toEqual(expected);
      }),
    );
  });

  it('handles an empty list', () => {
    expect(hashEmails([])).toEqual({ hashes: [], empty: 0, invalid: 0 });
  });
});
