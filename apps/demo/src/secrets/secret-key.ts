import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { SecretKeyError } from './secret-key-error.js';

/** The environment variable that holds the secret key (32 bytes, base64 or hexadecimal). */
export const secretKeyVariable = 'FORWARDER_SECRET_KEY';

/** Bytes in a secret key (AES-256). */
export const secretKeyBytes = 32;

const hexadecimal = /^[0-9a-fA-F]{64}$/;
const base64 = /^[A-Za-z0-9+/]{43}=?$/;
const base64Url = /^[A-Za-z0-9_-]{43}=?$/;

/**
 * The 32-byte key that encrypts secrets at rest, with a description of where it came from (for
 * error messages). The bytes are kept out of `JSON.stringify`, `util.inspect` and loggers: only
 * {@link SecretKey.material} hands them out.
 */
export class SecretKey {
  readonly #bytes: Buffer;

  /**
   * @param bytes exactly 32 bytes (copied)
   * @param source where the key came from, e.g. `FORWARDER_SECRET_KEY` or `key file /data/forwarder.db.key`
   */
  constructor(
    bytes: Uint8Array,
    readonly source: string,
  ) {
    if (bytes.length !== secretKeyBytes) {
      throw new SecretKeyError('malformed', `The secret key from ${source} must be ${secretKeyBytes} bytes`);
    }
    this.#bytes = Buffer.from(bytes);
  }

  /** A new random key (for a new key file, or a database that lives in memory only). */
  static generate(source: string): SecretKey {
    return new SecretKey(randomBytes(secretKeyBytes), source);
  }

  /**
   * Reads a key written as 64 hexadecimal characters or as base64 (44 characters, `+/` or `-_`,
   * padding optional); white space around it is ignored. Anything else is refused with an error
   * naming `source`, never the value.
   */
  static parse(text: string, source: string): SecretKey {
    const trimmed = text.trim();
    if (trimmed === '') {
      throw new SecretKeyError('malformed', `The secret key in ${source} is empty`);
    }
    let bytes: Buffer | undefined;
    if (hexadecimal.test(trimmed)) bytes = Buffer.from(trimmed, 'hex');
    else if (base64.test(trimmed)) bytes = Buffer.from(trimmed, 'base64');
    else if (base64Url.test(trimmed)) bytes = Buffer.from(trimmed, 'base64url');
    if (bytes?.length !== secretKeyBytes) {
      throw new SecretKeyError(
        'malformed',
        `The secret key in ${source} must be ${secretKeyBytes} bytes written as 64 hexadecimal characters or as 44 base64 characters (e.g. the output of "openssl rand -base64 32"); the value given is neither (it is not shown)`,
      );
    }
    return new SecretKey(bytes, source);
  }

  /** The key's bytes (a copy): for the cipher, or to hand the key to a worker thread. */
  material(): Buffer {
    return Buffer.from(this.#bytes);
  }

  /** The key as written in a key file: base64. */
  toBase64(): string {
    return this.#bytes.toString('base64');
  }

  /** Never the bytes. */
  toJSON(): { source: string } {
    return { source: this.source };
  }

  /** Never the bytes. */
  toString(): string {
    return `[SecretKey from ${this.source}]`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
