import type { DropReason } from './drop-reason.js';
import type { InputEncoding, OutputEncoding } from './encoding.js';
import { type IdentifierKind, identifierLabels } from './identifier-kind.js';
import { isValidEmail } from './is-valid-email.js';
import { normaliseIdentifier } from './normalise-identifier.js';
import { normaliseText } from './normalise-text.js';
import { isSha256Hex, sha256Hex } from './sha256.js';

/** How to encode one identifier. */
export interface EncodeOptions {
  /** How the value arrived; `raw` when omitted. */
  input?: InputEncoding;
  /** How the value is to be sent. */
  output: OutputEncoding;
}

/**
 * The outcome of `encodeIdentifier`: the value to send (and whether it is a SHA-256 hash), or why
 * it is dropped. A `message` describes the value (its kind, its length) and never contains it.
 */
export type EncodeResult =
  | { ok: true; value: string; hashed: boolean }
  | { ok: false; reason: DropReason; message: string };

const algorithmNames: Readonly<Record<'md5' | 'sha1', string>> = { md5: 'MD5', sha1: 'SHA-1' };

/**
 * Turns one identifier into the value to send, by these rules, in order:
 * 1. output `None` → dropped as `disabled` (even when the value arrived hashed);
 * 2. input `sha256` → white space removed, lowercased and sent as is (`hashed: true`) whatever the
 *    output encoding; `empty` when nothing is left, `invalid_hash` unless 64 hexadecimal characters;
 * 3. input `md5` or `sha1` → `unsupported_hash`;
 * 4. raw input → normalised by its kind (`empty` when nothing is left; an email address must pass
 *    `isValidEmail`, else `invalid_email`), then sent as is for `Raw` (`hashed: false`) or as its
 *    lowercase hex SHA-256 for `Sha256` (`hashed: true`).
 */
export function encodeIdentifier(kind: IdentifierKind, value: string, options: EncodeOptions): EncodeResult {
  const label = identifierLabels[kind];
  const { input = 'raw', output } = options;
  if (output === 'None') {
    return drop('disabled', `${label} not sent: its output encoding is None`);
  }
  if (input === 'sha256') {
    const hashValue = normaliseText(value);
    if (hashValue.length === 0) return drop('empty', `${label} (SHA-256) is empty`);
    if (!isSha256Hex(hashValue)) {
      return drop(
        'invalid_hash',
        `${label} marked as SHA-256 is not 64 hexadecimal characters (${describeLength(hashValue)})`,
      );
    }
    return { ok: true, value: hashValue, hashed: true };
  }
  if (input !== 'raw') {
    const algorithm = algorithmNames[input];
    return drop(
      'unsupported_hash',
      `${label} arrived hashed with ${algorithm}, which cannot be converted to SHA-256; send it raw or as SHA-256`,
    );
  }
  const normalised = normaliseIdentifier(kind, value);
  if (normalised.length === 0) return drop('empty', `${label} is empty after normalisation`);
  if (kind === 'email' && !isValidEmail(normalised)) {
    return drop(
      'invalid_email',
      `email address is not valid: it needs exactly one "@" with text on both sides (${describeLength(normalised)}, ${countAt(normalised)} "@")`,
    );
  }
  return output === 'Sha256'
    ? { ok: true, value: sha256Hex(normalised), hashed: true }
    : { ok: true, value: normalised, hashed: false };
}

function drop(reason: DropReason, message: string): EncodeResult {
  return { ok: false, reason, message };
}

function describeLength(value: string): string {
  return value.length === 1 ? '1 character' : `${value.length} characters`;
}

function countAt(value: string): number {
  let count = 0;
  for (let index = value.indexOf('@'); index !== -1; index = value.indexOf('@', index + 1)) count++;
  return count;
}
