/**
 * A plain ASCII address that is already normalised: printable ASCII without capitals or white
 * space, exactly one `@`, text on both sides of it.
 */
const normalisedPlainEmail = /^[\x21-\x3f\x5b-\x7e]+@[\x21-\x3f\x5b-\x7e]+$/;

/**
 * The fast path of `normaliseEmail` + `isValidEmail` for the common case, a plain ASCII address:
 * when `value`, lowercased and trimmed, is a valid address made only of printable ASCII characters
 * (no white space inside), returns it; otherwise returns `undefined` (empty, invalid, non-ASCII,
 * white space inside, control characters), and the caller hands the value to the general path
 * (`normaliseEmail`, `isValidEmail`) to decide. Whenever it returns an address, that is exactly
 * what the general path gives.
 *
 * Cheaper than the general path: an address that is already normalised is checked by one native
 * regular-expression match and returned as it is, neither lowercased (`toLowerCase()` allocates a
 * new string for every value longer than 24 characters, changed or not) nor searched for white
 * space and `@` separately. Any other address is lowercased, then trimmed, and checked by the same
 * match. Lowercasing never makes or removes white space (a test checks every code point), so the
 * order does not change the result, and `toLowerCase()` is slower on the substring `trim()`
 * returns than on the whole value.
 */
export function normalisePlainEmail(value: string): string | undefined {
  // A value starting with white space or a capital is not normalised yet: no need to try.
  const first = value.charCodeAt(0);
  if (first > 0x20 && (first < 0x41 || first > 0x5a) && normalisedPlainEmail.test(value)) return value;
  const normalised = value.toLowerCase().trim();
  return normalisedPlainEmail.test(normalised) ? normalised : undefined;
}
