import { hash } from 'node:crypto';
import { isValidEmail } from './is-valid-email.js';
import { normaliseText } from './normalise-text.js';

/**
 * Normalises an email address (`normaliseEmail`) and returns its SHA-256 as lowercase hex, or
 * `undefined` when the address is empty after normalisation or not valid (`isValidEmail`). The
 * fast path for hashing many addresses: no result object, no allocation beyond the hash itself
 * when the address is already normalised.
 */
export function normaliseAndHashEmail(value: string): string | undefined {
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
  const hashes: string[] = [];
  let empty = 0;
  let invalid = 0;
  for (const value of values) {
    const normalised = normaliseText(value);
    if (isValidEmail(normalised)) hashes.push(hash('sha256', normalised, 'hex'));
    else if (normalised.length === 0) empty++;
    else invalid++;
  }
  return { hashes, empty, invalid };
}
