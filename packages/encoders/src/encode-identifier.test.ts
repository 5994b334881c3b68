import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DropReason } from './drop-reason.js';
import { type EncodeOptions, encodeIdentifier } from './encode-identifier.js';
import type { IdentifierKind } from './identifier-kind.js';
import { sha256Hex } from './sha256.js';

const hashOfJohn = sha256Hex('john.doe@example.com');

describe('encodeIdentifier: values sent', () => {
  it.each<[IdentifierKind, string, EncodeOptions, string, boolean]>([
    ['email', ' John.Doe@Example.COM ', { output: 'Raw' }, 'john.doe@example.com', false],
    ['email', ' John.Doe@Example.COM ', { output: 'Sha256' }, hashOfJohn, true],
    ['email', 'John.Doe@Example.COM', { input: 'raw', output: 'Sha256' }, hashOfJohn, true],
    ['mobileNumber', '+1 (555) 123-4567', { output: 'Raw' }, '5551234567', false],
    ['mobileNumber', '+1 (555) 123-4567', { output: 'Sha256' }, sha256Hex('5551234567'), true],
    ['firstName', ' Mary Ann ', { output: 'Raw' }, 'maryann', false],
    ['lastName', 'DOE', { output: 'Sha256' }, sha256Hex('doe'), true],
    ['zip', ' 12345-6789 ', { output: 'Raw' }, '12345-6789', false],
    // An incoming SHA-256 passes through (lowercased) whatever the output encoding, Raw included.
    ['email', hashOfJohn.toUpperCase(), { input: 'sha256', output: 'Raw' }, hashOfJohn, true],
    ['email', ` ${hashOfJohn} `, { input: 'sha256', output: 'Sha256' }, hashOfJohn, true],
    ['mobileNumber', hashOfJohn, { input: 'sha256', output: 'Raw' }, hashOfJohn, true],
  ])('%s %j %j', (kind, value, options, expected, hashed) => {
    expect(encodeIdentifier(kind, value, options)).toEqual({ ok: true, value: expected, hashed });
  });
});

describe('encodeIdentifier: every drop reason', () => {
  it.each<[DropReason, IdentifierKind, string, EncodeOptions, RegExp]>([
    ['disabled', 'email', 'secret.person@example.com', { output: 'None' }, /email address.*None/],
    ['disabled', 'mobileNumber', hashOfJohn, { input: 'sha256', output: 'None' }, /mobile number.*None/],
    ['empty', 'email', ' \t ', { output: 'Sha256' }, /email address is empty/],
    ['empty', 'mobileNumber', 'no digits here', { output: 'Raw' }, /mobile number is empty/],
    ['empty', 'firstName', '', { output: 'Raw' }, /first name is empty/],
    ['empty', 'email', '  ', { input: 'sha256', output: 'Sha256' }, /SHA-256\) is empty/],
    ['invalid_email', 'email', 'secret.person.example.com', { output: 'Raw' }, /exactly one "@".*0 "@"/],
    ['invalid_email', 'email', 'secret@person@example.com', { output: 'Sha256' }, /2 "@"/],
    ['invalid_email', 'email', 'secret@', { output: 'Sha256' }, /7 characters, 1 "@"/],
    [
      'unsupported_hash',
      'email',
      'd41d8cd98f00b204e9800998ecf8427e',
      { input: 'md5', output: 'Sha256' },
      /MD5/,
    ],
    [
      'unsupported_hash',
      'email',
      'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      { input: 'sha1', output: 'Raw' },
      /SHA-1/,
    ],
    [
      'invalid_hash',
      'email',
      'secret.person@example.com',
      { input: 'sha256', output: 'Sha256' },
      /25 characters/,
    ],
    ['invalid_hash', 'email', `z${hashOfJohn.slice(1)}`, { input: 'sha256', output: 'Sha256' }, /not 64 hex/],
  ])('%s: %s %j %j', (reason, kind, value, options, messagePattern) => {
    const result = encodeIdentifier(kind, value, options);
    expect(result).toMatchObject({ ok: false, reason });
    if (result.ok) return;
    expect(result.message).toMatch(messagePattern);
    if (value.trim() !== '') expect(result.message).not.toContain(value.trim());
  });

  it('never puts the value in a message', () => {
    const kinds: IdentifierKind[] = ['email', 'mobileNumber', 'firstName', 'lastName', 'zip'];
    const options = fc.record({
      input: fc.constantFrom('raw', 'md5', 'sha1', 'sha256'),
      output: fc.constantFrom('Raw', 'Sha256', 'None'),
    }) as fc.Arbitrary<EncodeOptions>;
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.stringMatching(/^[a-z@.]{8,30}$/),
        options,
        (kind, value, opts) => {
          const result = encodeIdentifier(kind, value, opts);
          if (!result.ok) expect(result.message).not.toContain(value);
        },
      ),
    );
  });
});

describe('encodeIdentifier: properties', () => {
  const local = fc.stringMatching(/^[a-z0-9._+-]{1,20}$/);
  const domain = fc.stringMatching(/^[a-z0-9-]{1,15}\.[a-z]{2,6}$/);
  const spaces = fc.string({
    unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000', '\ufeff'),
    maxLength: 3,
  });

  it('every white-space and case variant of an address hashes the same', () => {
    fc.assert(
      fc.property(
        local,
        domain,
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.array(spaces, { minLength: 40, maxLength: 40 }),
        (localPart, domainPart, upper, gaps) => {
          const address = `${localPart}@${domainPart}`;
          const variant = [...address]
            .map((character, index) => `${gaps[index]}${upper[index] ? character.toUpperCase() : character}`)
            .join('');
          const expected = encodeIdentifier('email', address, { output: 'Sha256' });
          expect(expected).toEqual({ ok: true, value: sha256Hex(address), hashed: true });
          expect(encodeIdentifier('email', `${variant}${gaps[39]}`, { output: 'Sha256' })).toEqual(expected);
        },
      ),
    );
  });

  it('a hash sent is always 64 lowercase hex characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        for (const kind of ['email', 'mobileNumber', 'zip'] as const) {
          const result = encodeIdentifier(kind, value, { output: 'Sha256' });
          if (result.ok) expect(result.value).toMatch(/^[0-9a-f]{64}$/);
        }
      }),
    );
  });
});
