import type { ErrorCodeValue } from './error-codes.js';
import { ErrorCode } from './error-codes.js';
import { ForwarderError, type ForwarderErrorOptions } from './forwarder-error.js';

/** One problem at one place of the input. */
export interface ValidationIssue {
  /** Where, as a path such as `user_profiles[0].audiences[1].action` (empty for the whole input). */
  path: string;
  /** What is wrong there. */
  message: string;
}

/** Input that is not what it must be (a malformed Firehose message, a bad CSV row). */
export class ValidationError extends ForwarderError {
  readonly issues: readonly ValidationIssue[];

  constructor(
    message: string,
    issues: readonly ValidationIssue[] = [],
    options: ForwarderErrorOptions & { code?: ErrorCodeValue } = {},
  ) {
    super(options.code ?? ErrorCode.VALIDATION, message, options);
    this.name = 'ValidationError';
    this.issues = issues;
  }

  static isValidationError(error: unknown): error is ValidationError {
    return (
      ForwarderError.isInstance(error) &&
      (error.code === ErrorCode.VALIDATION || error.code === ErrorCode.UNKNOWN_MESSAGE_TYPE)
    );
  }
}
