import { ErrorCode } from './error-codes.js';
import { ForwarderError, type ForwarderErrorOptions } from './forwarder-error.js';

/** The partner rejected the credentials (HTTP 401 or 403). Permanent: retrying cannot help. */
export class AuthenticationError extends ForwarderError {
  /** The HTTP status that rejected the credentials, when there was one. */
  readonly status: number | undefined;

  constructor(message: string, options: ForwarderErrorOptions & { status?: number } = {}) {
    super(ErrorCode.AUTHENTICATION, message, options);
    this.name = 'AuthenticationError';
    this.status = options.status;
  }

  static isAuthenticationError(error: unknown): error is AuthenticationError {
    return ForwarderError.isInstance(error) && error.code === ErrorCode.AUTHENTICATION;
  }
}
