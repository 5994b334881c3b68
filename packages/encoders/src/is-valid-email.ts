/**
 * True when a normalised email address has exactly one `@` with text on both sides. Nothing more
 * is checked: the partner matches addresses, it does not deliver mail to them.
 */
export function isValidEmail(normalised: string): boolean {
  const at = normalised.indexOf('@');
  return at > 0 && at < normalised.length - 1 && normalised.indexOf('@', at + 1) === -1;
}
