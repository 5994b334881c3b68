/**
 * How a value is sent to the partner: `Raw` (normalised, in the clear), `Sha256` (lowercase hex
 * SHA-256 of the normalised value) or `None` (not sent at all).
 */
export type OutputEncoding = 'Raw' | 'Sha256' | 'None';

/**
 * How a value arrived: `raw` (in the clear) or already hashed with `md5`, `sha1` or `sha256`.
 * Only `raw` and `sha256` values can be sent; MD5 and SHA-1 hashes cannot be turned into SHA-256.
 */
export type InputEncoding = 'raw' | 'md5' | 'sha1' | 'sha256';
