const LOWERCASE_SHA256 = /^[0-9a-f]{64}$/;
const ANY_CASE_SHA256 = /^[0-9a-fA-F]{64}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const WHITE_SPACE = /\s/;
const DIGITS = /^[0-9]+$/;

/** Whether `value` is a SHA-256 digest as Rokt expects it: 64 lowercase hexadecimal characters. */
export function isLowercaseSha256(value: string): boolean {
  return LOWERCASE_SHA256.test(value);
}

/** What is wrong with a hash, or `undefined` when it is 64 lowercase hex characters. */
export function sha256Problem(value: string): string | undefined {
  if (LOWERCASE_SHA256.test(value)) return undefined;
  if (ANY_CASE_SHA256.test(value)) return 'is not lowercase hex';
  return 'is not a SHA-256 digest (64 lowercase hex characters)';
}

/**
 * What is wrong with a plain email address, or `undefined` when it is normalised: lowercase, no
 * white space, exactly one `@` with text on both sides, and not a SHA-256 digest.
 */
export function emailProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (ANY_CASE_SHA256.test(value)) return 'is a SHA-256 digest, not a plain address';
  if (WHITE_SPACE.test(value)) return 'contains white space';
  if (value !== value.toLowerCase()) return 'is not lowercase';
  const at = value.indexOf('@');
  if (at === -1 || at !== value.lastIndexOf('@')) return 'does not contain exactly one "@"';
  if (at === 0 || at === value.length - 1) return 'has no text on one side of "@"';
  return undefined;
}

/** What is wrong with a plain value that must be normalised (trimmed, no white space, lowercase). */
export function normalisedTextProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (WHITE_SPACE.test(value)) return 'contains white space';
  if (value !== value.toLowerCase()) return 'is not lowercase';
  return undefined;
}

/** What is wrong with a plain mobile number, or `undefined` when it is digits only. */
export function mobileProblem(value: string): string | undefined {
  return DIGITS.test(value) ? undefined : 'is not digits only';
}

/** Whether `value` is a UUID in its canonical 8-4-4-4-12 hexadecimal form. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Whether `value` is an RFC 3339 date-time that denotes a real instant. */
export function isRfc3339(value: string): boolean {
  return RFC_3339.test(value) && !Number.isNaN(Date.parse(value));
}
