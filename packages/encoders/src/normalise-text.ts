/**
 * Every white-space character `isWhiteSpaceCode` knows: JavaScript's `\s` (Unicode White_Space
 * plus U+FEFF) and U+0085, which `\s` leaves out. A test checks the two agree on all 65,536 code
 * units.
 */
const whiteSpace = /[\s\u0085]/;
const everyWhiteSpace = /[\s\u0085]/g;

/**
 * Trims, removes every white-space character (anywhere in the value, see `isWhiteSpaceCode`) and
 * lowercases. Shared by emails, names and zip codes.
 *
 * Hot path: native `trim()` and `toLowerCase()` (both return flat one-byte strings quickly), then
 * one regular-expression test for white space left inside, which is rare.
 */
export function normaliseText(value: string): string {
  const lower = value.trim().toLowerCase();
  return whiteSpace.test(lower) ? lower.replace(everyWhiteSpace, '') : lower;
}
