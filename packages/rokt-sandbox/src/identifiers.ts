const ANY_CASE_SHA256 = /^[0-9a-fA-F]{64}$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const WHITE_SPACE = /\s/;
const DIGITS = /^[0-9]+$/;

const LOWERCASE_DIGIT = 1;
const UPPERCASE_DIGIT = 2;
/**
 * Hexadecimal digits by ASCII character code: `0-9` and `a-f` are LOWERCASE_DIGIT, `A-F`
 * UPPERCASE_DIGIT, anything else 0. A table walk checks a digest a few times faster than a regular
 * expression, and the sandbox checks a few per profile.
 */
const HEX_DIGITS = new Uint8Array(128);
for (const digit of '0123456789abcdef') HEX_DIGITS[digit.charCodeAt(0)] = LOWERCASE_DIGIT;
for (const digit of 'ABCDEF') HEX_DIGITS[digit.charCodeAt(0)] = UPPERCASE_DIGIT;

/** Whether `value[from, to)` is all hexadecimal digits, uppercase ones only when `anyCase`. */
function isHexRun(value: string, from: number, to: number, anyCase: boolean): boolean {
  const highest = anyCase ? UPPERCASE_DIGIT : LOWERCASE_DIGIT;
  for (let index = from; index < to; index += 1) {
    const code = value.charCodeAt(index);
    const digit = code < HEX_DIGITS.length ? (HEX_DIGITS[code] ?? 0) : 0;
    if (digit === 0 || digit > highest) return false;
  }
  return true;
}

/** Whether `value` is a SHA-256 digest as Rokt expects it: 64 lowercase hexadecimal characters. */
export function isLowercaseSha256(value: string): boolean {
  return value.length === 64 && isHexRun(value, 0, 64, false);
}

/** What is wrong with a hash, or `undefined` when it is 64 lowercase hex characters. */
export function sha256Problem(value: string): string | undefined {
  if (isLowercaseSha256(value)) return undefined;
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

/** Whether `value` is a UUID in its canonical 8-4-4-4-12 hexadecimal form (digits in any case). */
export function isUuid(value: string): boolean {
  return (
    value.length === 36 &&
    isHexRun(value, 0, 8, true) &&
    value.charCodeAt(8) === 0x2d &&
    isHexRun(value, 9, 13, true) &&
    value.charCodeAt(13) === 0x2d &&
    isHexRun(value, 14, 18, true) &&
    value.charCodeAt(18) === 0x2d &&
    isHexRun(value, 19, 23, true) &&
    value.charCodeAt(23) === 0x2d &&
    isHexRun(value, 24, 36, true)
  );
}

let lastDateTime: string | undefined;
let lastDateTimeMs = 0;

/**
 * The instant an RFC 3339 date-time denotes, in epoch milliseconds, or `undefined` when `value` is
 * not one or denotes no real instant. Remembers the last valid value: the events of one request
 * usually share their `eventTime`.
 */
export function rfc3339Milliseconds(value: string): number | undefined {
  if (value === lastDateTime) return lastDateTimeMs;
  if (!RFC_3339.test(value)) return undefined;
  const milliseconds = Date.parse(value);
  if (Number.isNaN(milliseconds)) return undefined;
  lastDateTime = value;
  lastDateTimeMs = milliseconds;
  return milliseconds;
}

/** Whether `value` is an RFC 3339 date-time that denotes a real instant. */
export function isRfc3339(value: string): boolean {
  return rfc3339Milliseconds(value) !== undefined;
}
