import {
  AuthenticationError,
  ConfigurationError,
  ForwarderError,
  HttpError,
  NetworkError,
  ValidationError,
} from '@forwarder/core';
import { ControlPlaneError } from '../control-plane/index.js';

/** The body of every error answer: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** An error answer: status and body. */
export interface ErrorReply {
  status: number;
  body: ErrorBody;
}

/** An error raised by a route with its HTTP status. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

function reply(status: number, code: string, message: string, details?: Record<string, unknown>): ErrorReply {
  const error: ErrorBody['error'] = { code, message };
  if (details !== undefined) error.details = details;
  return { status, body: { error } };
}

const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

/**
 * Maps any error to an answer: bad input → 400 with the issues, unknown id → 404, body too large
 * → 413, wrong content type → 415, a partner that could not be reached → 502, anything else →
 * 500 with a generic message (the details go to the log only). Messages never hold secrets:
 * settings errors never echo confidential values.
 */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof HttpProblem) return reply(error.status, error.code, error.message, error.details);
  if (error instanceof ControlPlaneError) {
    return reply(error.code === 'NOT_FOUND' ? 404 : 400, error.code, error.message, error.details);
  }
  if (ConfigurationError.isConfigurationError(error)) {
    return reply(400, error.code, error.message, { issues: [...error.issues] });
  }
  if (ValidationError.isValidationError(error)) {
    return reply(400, error.code, error.message, { issues: [...error.issues] });
  }
  if (AuthenticationError.isAuthenticationError(error)) {
    return reply(
      400,
      error.code,
      error.message,
      error.status === undefined ? undefined : { status: error.status },
    );
  }
  if (HttpError.isHttpError(error)) {
    return reply(error.isRetryable ? 502 : 400, error.code, error.message, { status: error.status });
  }
  if (NetworkError.isNetworkError(error)) return reply(502, error.code, error.message);
  if (ForwarderError.isInstance(error)) return reply(400, error.code, error.message);
  const fastifyError = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const code =
      typeof fastifyError.code === 'string'
        ? (fastifyCodes[fastifyError.code] ?? fastifyError.code)
        : 'BAD_REQUEST';
    const message = typeof fastifyError.message === 'string' ? fastifyError.message : 'Bad request';
    return reply(fastifyError.statusCode, code, message);
  }
  return reply(500, 'INTERNAL_ERROR', 'The server could not handle the request; see the server log');
}
