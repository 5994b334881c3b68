import { hash } from 'node:crypto';
import { isValidEmail } from './is-valid-email.js';
import { normalisePlainEmail } from './normalise-plain-email.js';
import { normaliseText } from './normalise-text.js';

/**
 * Normalises an email address (`normaliseEmail`) and returns its SHA-256 as lowercase hex, or
 * `undefined` when the address is empty after normalisation or not valid (`isValidEmail`). The
 * fast path for hashing many addresses: no result object, no allocation beyond the hash itself
 * when the address is already normalised.
 */
export function normaliseAndHashEmail(value: string): string | undefined {
  const plain = normalisePlainEmail(value);
  if (plain !== undefined) return hash('sha256', plain, 'hex');
  const normalised = normaliseText(value);
  return isValidEmail(normalised) ? hash('sha256', normalised, 'hex') : undefined;
}

/** The outcome of `hashEmails`. */
export interface HashedEmails {
  /** The lowercase hex SHA-256 of every valid address, in input order (duplicates kept). */
  hashes: string[];
  /** How many values were empty after normalisation. */
  empty: number;
  /** How many non-empty values were not valid email addresses. */
  invalid: number;
}

/**
 * Normalises and hashes many email addresses; empty and invalid ones are left out and counted.
 *
 * @example hashEmails([' A@B.com', 'nope', '']) // { hashes: [sha256Hex('a@b.com')], empty: 1, invalid: 1 }
 */
export function hashEmails(values: readonly string[]): HashedEmails {
  const length = values.length;
  // Sized once for the worst case and cut to size at the end: growing an array by push copies it
  // again and again and leaves the copies to the garbage collector.
  const hashes = new Array<string>(length);
  let found = 0;
  let empty = 0;
  let invalid = 0;
  for (let index = 0; index < length; index++) {
    const value = values[index]!;
    const plain = normalisePlainEmail(value);
    if (plain !== undefined) {
      hashes[found++] = hash('sha256', plain, 'hex');
      continue;
    }
    const normalised = normaliseText(value);
    if (isValidEmail(normalised)) hashes[found++] = hash('sha256', normalised, 'hex');
    else if (normalised.length === 0) empty++;
    else invalid++;
  }
  hashes.length = found;
  return { hashes, empty, invalid };
}
