/**
 * Why an identifier is not sent:
 * - `disabled`: its output encoding is `None`;
 * - `empty`: nothing is left after normalisation;
 * - `invalid_email`: an email address without exactly one `@` with text on both sides;
 * - `unsupported_hash`: it arrived hashed with MD5 or SHA-1, which cannot become SHA-256;
 * - `invalid_hash`: it arrived as SHA-256 but is not 64 hexadecimal characters.
 */
export type DropReason = 'disabled' | 'empty' | 'invalid_email' | 'unsupported_hash' | 'invalid_hash';
