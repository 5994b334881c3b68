/** Why a secret key could not be used. */
export type SecretKeyProblem = 'missing' | 'malformed' | 'mismatch' | 'unreadable';

/**
 * The secret key that encrypts the secrets at rest is missing, malformed, unreadable or not the
 * one the database was written with. The message names where the key comes from (the variable,
 * the key file) and what to do, never the key itself.
 */
export class SecretKeyError extends Error {
  /** Marks the error for callers that print it without a stack. */
  readonly code = 'SECRET_KEY_ERROR';

  constructor(
    readonly problem: SecretKeyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SecretKeyError';
  }

  /** Whether `error` is a {@link SecretKeyError}. */
  static isSecretKeyError(error: unknown): error is SecretKeyError {
    return error instanceof SecretKeyError;
  }
}
