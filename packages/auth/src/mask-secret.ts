/** What every non-empty secret is shown as: fixed, so even its length is not revealed. */
export const MASKED_SECRET = '********';

/**
 * Masks a secret for display: `********` for any non-empty value (whatever its length), an empty
 * string for an empty value. Nothing of the secret is shown.
 *
 * @example maskSecret('sk_live_0123456789') // '********'
 */
export function maskSecret(value: string): string {
  return value.length === 0 ? '' : MASKED_SECRET;
}

/**
 * Shortens a public key for display. It is not a secret, but there is no need to print it whole:
 * its first 4 characters followed by `****` when it is longer than 8 characters, `****` otherwise.
 *
 * @example shortenPublicKey('pk_live_0123456789') // 'pk_l****'
 */
export function shortenPublicKey(value: string): string {
  return value.length > 8 ? `${value.slice(0, 4)}****` : '****';
}
