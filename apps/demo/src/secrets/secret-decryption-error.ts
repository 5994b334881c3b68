/**
 * A stored secret could not be decrypted: the key differs from the one it was encrypted with, the
 * value was altered or moved to another row, or it is not in the encrypted form. The message names
 * the value (e.g. setting `apiKey` of output 3) and the key's source, never a secret.
 */
export class SecretDecryptionError extends Error {
  /** Marks the error for callers that print it without a stack. */
  readonly code = 'SECRET_DECRYPTION_ERROR';

  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptionError';
  }

  /** Whether `error` is a {@link SecretDecryptionError}. */
  static isSecretDecryptionError(error: unknown): error is SecretDecryptionError {
    return error instanceof SecretDecryptionError;
  }
}
