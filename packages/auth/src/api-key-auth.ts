import type { AuthStrategy } from './auth-strategy.js';
import { checkCredential } from './credential.js';
import { maskSecret } from './mask-secret.js';

/**
 * Authenticates with a single API key, sent as the whole `Authorization` header value with no
 * scheme word: `Authorization: <apiKey>`. The key is trimmed; an empty key, or one with control
 * characters or characters above U+00FF, is a `ConfigurationError` (naming `apiKey`, not the key).
 */
export class ApiKeyAuth implements AuthStrategy {
  readonly kind = 'api-key' as const;
  readonly #apiKey: string;

  constructor(apiKey: string) {
    this.#apiKey = checkCredential('apiKey', apiKey, { latin1Only: true });
  }

  /** `{ Authorization: <apiKey> }`. */
  headers(): Record<string, string> {
    return { Authorization: this.#apiKey };
  }

  /** `API key ********`. */
  describe(): string {
    return `API key ${maskSecret(this.#apiKey)}`;
  }

  /** Same as `describe()`. */
  toString(): string {
    return this.describe();
  }

  /** `{ kind, description }`, with the key masked. */
  toJSON(): { kind: 'api-key'; description: string } {
    return { kind: this.kind, description: this.describe() };
  }

  /** What `util.inspect` and `console.log` show: `ApiKeyAuth { API key ******** }`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ApiKeyAuth { ${this.describe()} }`;
  }
}
