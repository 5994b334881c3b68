import { ErrorCode, ForwarderError, type ForwarderErrorOptions } from '@forwarder/core';

/**
 * The caller's `AbortSignal` cancelled the request (while queued, in flight or waiting to retry).
 * Its `name` is `AbortError`, like the platform's abort errors; its code is `ABORTED_ERROR`.
 */
export class RequestAbortedError extends ForwarderError {
  constructor(message = 'The request was aborted', options: ForwarderErrorOptions = {}) {
    super(ErrorCode.ABORTED, message, options);
    this.name = 'AbortError';
  }

  /** True for a {@link RequestAbortedError} (across package copies). */
  static isRequestAbortedError(error: unknown): error is RequestAbortedError {
    return (
      ForwarderError.isInstance(error) && error.code === ErrorCode.ABORTED && error.name === 'AbortError'
    );
  }
}

/** The client was drained (shut down) and accepts no new request. Code `ABORTED_ERROR`. */
export class ClientClosedError extends ForwarderError {
  constructor(message = 'The HTTP client is shutting down and accepts no new requests') {
    super(ErrorCode.ABORTED, message);
    this.name = 'ClientClosedError';
  }

  /** True for a {@link ClientClosedError} (across package copies). */
  static isClientClosedError(error: unknown): error is ClientClosedError {
    return (
      ForwarderError.isInstance(error) &&
      error.code === ErrorCode.ABORTED &&
      error.name === 'ClientClosedError'
    );
  }
}
