/** Stable, machine-readable codes of every error Forwarder raises. */
export const ErrorCode = {
  CONFIGURATION: 'CONFIGURATION_ERROR',
  VALIDATION: 'VALIDATION_ERROR',
  UNKNOWN_MESSAGE_TYPE: 'UNKNOWN_MESSAGE_TYPE',
  AUTHENTICATION: 'AUTHENTICATION_ERROR',
  HTTP: 'HTTP_ERROR',
  NETWORK: 'NETWORK_ERROR',
  TIMEOUT: 'TIMEOUT_ERROR',
  ABORTED: 'ABORTED_ERROR',
  DUPLICATE_INTEGRATION: 'DUPLICATE_INTEGRATION',
  UNKNOWN_INTEGRATION: 'UNKNOWN_INTEGRATION',
} as const;

/** One of the values of {@link ErrorCode}. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];
