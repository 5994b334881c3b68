import { ErrorCode } from './error-codes.js';
import { ForwarderError, type ForwarderErrorOptions } from './forwarder-error.js';

/** Statuses worth another attempt: request timeout, too many requests, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Options of an {@link HttpError}. */
export interface HttpErrorOptions extends ForwarderErrorOptions {
  status: number;
  /** Method and URL of the request (never with credentials). */
  method?: string;
  url?: string;
  /** The partner's own error code, e.g. Rokt's `RequestValidationError`. */
  partnerCode?: string;
  /** The parsed response body, when there was one. */
  body?: unknown;
  /** What `Retry-After` asked for, in milliseconds. */
  retryAfterMs?: number;
  /** How many attempts were made before giving up. */
  attempts?: number;
}

/** A response with a non-success status. `isRetryable` is computed from the status. */
export class HttpError extends ForwarderError {
  readonly status: number;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly partnerCode: string | undefined;
  readonly body: unknown;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;

  constructor(message: string, options: HttpErrorOptions) {
    super(ErrorCode.HTTP, message, options);
    this.name = 'HttpError';
    this.status = options.status;
    this.method = options.method;
    this.url = options.url;
    this.partnerCode = options.partnerCode;
    this.body = options.body;
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = options.attempts ?? 1;
  }

  /** True for 408, 429 and 5xx. */
  get isRetryable(): boolean {
    return isRetryableStatus(this.status);
  }

  /** True for 401 and 403: the credentials were rejected. */
  get isAuthenticationFailure(): boolean {
    return this.status === 401 || this.status === 403;
  }

  static isHttpError(error: unknown): error is HttpError {
    return ForwarderError.isInstance(error) && error.code === ErrorCode.HTTP;
  }
}

/** The request never got an answer: connection refused or dropped, DNS failure, timeout. Retryable. */
export class NetworkError extends ForwarderError {
  readonly attempts: number;
  readonly isRetryable = true;

  constructor(
    message: string,
    options: ForwarderErrorOptions & { attempts?: number; timeout?: boolean } = {},
  ) {
    super(options.timeout ? ErrorCode.TIMEOUT : ErrorCode.NETWORK, message, options);
    this.name = 'NetworkError';
    this.attempts = options.attempts ?? 1;
  }

  static isNetworkError(error: unknown): error is NetworkError {
    return (
      ForwarderError.isInstance(error) &&
      (error.code === ErrorCode.NETWORK || error.code === ErrorCode.TIMEOUT)
    );
  }
}
