import { type OpenFailure, SecretCipher } from './secret-cipher.js';
import { SecretDecryptionError } from './secret-decryption-error.js';
import type { SecretKey } from './secret-key.js';

function reasonOf(failure: OpenFailure): string {
  switch (failure) {
    case 'authentication':
      return 'it was encrypted with another key, or the stored value was altered or copied from another row';
    case 'malformed':
      return 'the stored value is not a valid encrypted value';
    case 'not-sealed':
      return 'the stored value is not encrypted, which the store never writes';
  }
}

/**
 * Encrypts and decrypts the confidential values of settings maps (an output's settings, the
 * `account_settings` of a queued Firehose message). A setting is confidential when its name is in
 * the list given (the integrations' `confidential: true` settings: `apiKey`, `secretKey`); other
 * settings stay readable. Each value is bound to its owner and name (`<owner>:<setting>`, e.g.
 * `output:3:apiKey`), so a value moved to another row or setting does not decrypt.
 */
export class ConfidentialSettings {
  readonly #cipher: SecretCipher;
  readonly #names: ReadonlySet<string>;
  /** Where the key came from, for error messages. */
  readonly keySource: string;

  constructor(key: SecretKey, confidentialNames: Iterable<string>) {
    this.#cipher = new SecretCipher(key);
    this.#names = new Set(confidentialNames);
    this.keySource = key.source;
  }

  /** The names of the settings encrypted. */
  get names(): readonly string[] {
    return [...this.#names];
  }

  /** The cipher (for values that are not settings, such as the key check). */
  get cipher(): SecretCipher {
    return this.#cipher;
  }

  /** Whether `settings` holds a confidential string value that is not encrypted. */
  hasPlaintext(settings: Readonly<Record<string, unknown>>): boolean {
    for (const name of this.#names) {
      const value = settings[name];
      if (typeof value === 'string' && !SecretCipher.isSealed(value)) return true;
    }
    return false;
  }

  /**
   * A copy of `settings` with every confidential string value encrypted for `owner` (other values
   * are left alone). Every value is encrypted, also one that merely looks encrypted (input is never
   * trusted to be a ciphertext); only the upgrade of stored rows passes `keepSealed`, to leave the
   * values it encrypted before as they are.
   */
  seal<T extends Readonly<Record<string, unknown>>>(
    settings: T,
    owner: string,
    options: { keepSealed?: boolean } = {},
  ): T {
    const sealed: Record<string, unknown> = { ...settings };
    for (const name of this.#names) {
      const value = settings[name];
      if (typeof value !== 'string' || (options.keepSealed === true && SecretCipher.isSealed(value)))
        continue;
      sealed[name] = this.#cipher.seal(value, `${owner}:${name}`);
    }
    return sealed as T;
  }

  /**
   * A copy of `settings` with every confidential value decrypted. A confidential string value that
   * does not decrypt (another key, altered, moved, not encrypted) is a {@link SecretDecryptionError}
   * naming the setting and `description` (e.g. `output 3`), never a value.
   */
  open<T extends Readonly<Record<string, unknown>>>(settings: T, owner: string, description: string): T {
    const opened: Record<string, unknown> = { ...settings };
    for (const name of this.#names) {
      const value = settings[name];
      if (typeof value !== 'string') continue;
      const result = this.#cipher.open(value, `${owner}:${name}`);
      if (!result.ok) {
        throw new SecretDecryptionError(
          `Cannot decrypt setting "${name}" of ${description} with the secret key from ${this.keySource}: ${reasonOf(result.failure)}`,
        );
      }
      opened[name] = result.value;
    }
    return opened as T;
  }
}
