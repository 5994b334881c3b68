export { AuthenticationError } from './authentication-error.js';
export { ConfigurationError, type SettingIssue } from './configuration-error.js';
export { ErrorCode, type ErrorCodeValue } from './error-codes.js';
export { ForwarderError, type ForwarderErrorOptions } from './forwarder-error.js';
export { HttpError, type HttpErrorOptions, isRetryableStatus, NetworkError } from './http-error.js';
export { ValidationError, type ValidationIssue } from './validation-error.js';
