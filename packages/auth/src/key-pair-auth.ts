import type { AuthStrategy } from './auth-strategy.js';
import { checkCredential } from './credential.js';
import { maskSecret, shortenPublicKey } from './mask-secret.js';

/**
 * Authenticates with a public key and its secret key, sent as HTTP Basic credentials:
 * `Authorization: Basic base64(publicKey + ":" + secretKey)` (UTF-8). Both keys are trimmed; an
 * empty key, a control character, or a `:` in the public key is a `ConfigurationError` naming the
 * setting (never its value).
 */
export class KeyPairAuth implements AuthStrategy {
  readonly kind = 'key-pair' as const;
  readonly #publicKey: string;
  readonly #secretKey: string;

  constructor(publicKey: string, secretKey: string) {
    this.#publicKey = checkCredential('publicKey', publicKey, { noColon: true });
    this.#secretKey = checkCredential('secretKey', secretKey);
  }

  /** `{ Authorization: 'Basic <base64(publicKey:secretKey)>' }`. */
  headers(): Record<string, string> {
    const token = Buffer.from(`${this.#publicKey}:${this.#secretKey}`, 'utf8').toString('base64');
    return { Authorization: `Basic ${token}` };
  }

  /** `key pair (public key pk_l****, secret key ********)`. */
  describe(): string {
    return `key pair (public key ${shortenPublicKey(this.#publicKey)}, secret key ${maskSecret(this.#secretKey)})`;
  }

  /** Same as `describe()`. */
  toString(): string {
    return this.describe();
  }

  /** `{ kind, description }`, with the keys masked. */
  toJSON(): { kind: 'key-pair'; description: string } {
    return { kind: this.kind, description: this.describe() };
  }

  /** What `util.inspect` and `console.log` show: `KeyPairAuth { key pair (…) }`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `KeyPairAuth { ${this.describe()} }`;
  }
}
