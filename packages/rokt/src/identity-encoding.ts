import type { IdentityEncoding } from '@forwarder/core';
import {
  isSha256Hex,
  isValidEmail,
  normaliseAndHashEmail,
  normaliseEmail,
  normaliseMobileNumber,
  sha256Hex,
} from '@forwarder/encoders';
import type { RoktAccountSettings } from './account-settings.js';

/**
 * Why an identity is not sent. Returned instead of the value (one shared object per reason, so
 * that encoding a profile allocates nothing on the way out).
 */
export interface IdentitySkip {
  /** The reason code counted in the delivery report. */
  readonly reason: string;
}

function skipReason(reason: string): IdentitySkip {
  return Object.freeze({ reason });
}

/** The reasons an identity is dropped, as counted in delivery reports. */
export const IdentitySkipReason = Object.freeze({
  unsupportedMd5: skipReason('unsupported_hash_md5'),
  unsupportedSha1: skipReason('unsupported_hash_sha1'),
  emptyEmail: skipReason('empty_email'),
  invalidEmail: skipReason('invalid_email'),
  invalidSha256Email: skipReason('invalid_sha256_email'),
  emptyMobileNumber: skipReason('empty_mobile_number'),
  invalidSha256MobileNumber: skipReason('invalid_sha256_mobile_number'),
  mobileEncodingNone: skipReason('mobile_encoding_none'),
});

/** True when an identity arrives, or leaves, as a SHA-256 digest. */
export function isHashedOutput(input: IdentityEncoding, output: 'Raw' | 'Sha256' | 'None'): boolean {
  return input === 'sha256' || output === 'Sha256';
}

function unsupportedHash(input: IdentityEncoding): IdentitySkip {
  return input === 'md5' ? IdentitySkipReason.unsupportedMd5 : IdentitySkipReason.unsupportedSha1;
}

/**
 * Encodes an email identity per the Email encoding setting: the normalised address (Raw) or the
 * lowercase hex SHA-256 of it (Sha256). One that arrives as SHA-256 is passed on as its lowercase
 * hex whatever the setting; MD5 and SHA-1 cannot be used; an address without exactly one `@` with
 * text on both sides is invalid. Whether the result is a hash: {@link isHashedOutput}.
 */
export function encodeEmail(
  value: string,
  input: IdentityEncoding,
  encoding: RoktAccountSettings['emailEncoding'],
): string | IdentitySkip {
  if (input === 'raw') {
    if (encoding === 'Sha256') {
      const digest = normaliseAndHashEmail(value);
      if (digest !== undefined) return digest;
      return normaliseEmail(value).length === 0
        ? IdentitySkipReason.emptyEmail
        : IdentitySkipReason.invalidEmail;
    }
    const normalised = normaliseEmail(value);
    if (normalised.length === 0) return IdentitySkipReason.emptyEmail;
    return isValidEmail(normalised) ? normalised : IdentitySkipReason.invalidEmail;
  }
  if (input === 'sha256') {
    // Text normalisation (trim, no white space, lowercase) turns any hex digest into the form Rokt expects.
    const digest = normaliseEmail(value);
    if (digest.length === 0) return IdentitySkipReason.emptyEmail;
    return isSha256Hex(digest) ? digest : IdentitySkipReason.invalidSha256Email;
  }
  return unsupportedHash(input);
}

/**
 * Encodes a mobile number identity per the Mobile number encoding setting: `None` sends nothing
 * (not even a number that arrives hashed), `Raw` the digits (an 11-digit number starting with `1`
 * loses it), `Sha256` the lowercase hex SHA-256 of those digits. SHA-256 input passes through.
 */
export function encodeMobileNumber(
  value: string,
  input: IdentityEncoding,
  encoding: RoktAccountSettings['mobileEncoding'],
): string | IdentitySkip {
  if (encoding === 'None') return IdentitySkipReason.mobileEncodingNone;
  if (input === 'raw') {
    const digits = normaliseMobileNumber(value);
    if (digits.length === 0) return IdentitySkipReason.emptyMobileNumber;
    return encoding === 'Sha256' ? sha256Hex(digits) : digits;
  }
  if (input === 'sha256') {
    const digest = normaliseEmail(value);
    if (digest.length === 0) return IdentitySkipReason.emptyMobileNumber;
    return isSha256Hex(digest) ? digest : IdentitySkipReason.invalidSha256MobileNumber;
  }
  return unsupportedHash(input);
}
