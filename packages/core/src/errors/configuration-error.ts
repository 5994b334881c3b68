import { ErrorCode } from './error-codes.js';
import { ForwarderError, type ForwarderErrorOptions } from './forwarder-error.js';

/** One problem with one setting. */
export interface SettingIssue {
  /** The setting id, e.g. `emailEncoding`. */
  setting: string;
  /** What is wrong, in words a user can act on. */
  message: string;
}

/**
 * Settings that cannot work: a required setting missing, a value out of range, no usable
 * credentials. Raised before anything is sent. Never carries a confidential value.
 */
export class ConfigurationError extends ForwarderError {
  /** Every setting problem found, in order. */
  readonly issues: readonly SettingIssue[];

  constructor(message: string, issues: readonly SettingIssue[] = [], options: ForwarderErrorOptions = {}) {
    super(ErrorCode.CONFIGURATION, message, options);
    this.name = 'ConfigurationError';
    this.issues = issues;
  }

  /** Builds one error out of several setting issues, its message listing them all. */
  static fromIssues(scope: string, issues: readonly SettingIssue[]): ConfigurationError {
    const lines = issues.map((issue) => issue.message);
    return new ConfigurationError(`Invalid ${scope}: ${lines.join('; ')}`, issues);
  }

  static isConfigurationError(error: unknown): error is ConfigurationError {
    return ForwarderError.isInstance(error) && error.code === ErrorCode.CONFIGURATION;
  }
}
