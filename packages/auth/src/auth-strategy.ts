/** The kinds of authentication: a single API key, or a public key with its secret key. */
export type AuthKind = 'api-key' | 'key-pair';

/**
 * Turns credentials into the headers that authenticate a request. Implementations keep their
 * secrets out of every printable view: `describe()`, `toString()`, `toJSON()` and `util.inspect`
 * show them masked, and they are not enumerable properties.
 */
export interface AuthStrategy {
  /** Which kind of credentials this is. */
  readonly kind: AuthKind;
  /** The headers to add to every request (a new object each call). These do contain the secret. */
  headers(): Record<string, string>;
  /** A human-readable description with every secret masked, safe to log. */
  describe(): string;
}
