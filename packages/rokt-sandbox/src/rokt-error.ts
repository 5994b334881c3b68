/** The error codes the sandbox answers with, in Rokt's `{"data": {"code", "message"}}` shape. */
export type RoktErrorCode =
  | 'RequestBodyReadError'
  | 'RequestJsonUnmarshalError'
  | 'RequestValidationError'
  | 'UnauthorizedError'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'RequestEntityTooLarge'
  | 'RequestTimeout'
  | 'TooManyRequests'
  | 'InternalError'
  | 'BadGateway'
  | 'ServiceUnavailable'
  | 'GatewayTimeout';

/** The body of a Rokt error response. */
export interface RoktErrorBody {
  /** The error, as Rokt wraps it. */
  data: { code: string; message: string };
}

/** Builds a Rokt error response body. */
export function roktErrorBody(code: string, message: string): RoktErrorBody {
  return { data: { code, message } };
}

const CODES_BY_STATUS: Readonly<Record<number, RoktErrorCode>> = {
  400: 'RequestValidationError',
  401: 'UnauthorizedError',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  413: 'RequestEntityTooLarge',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** The error code the sandbox uses for an injected status. */
export function errorCodeForStatus(status: number): string {
  return CODES_BY_STATUS[status] ?? (status >= 500 ? 'InternalError' : 'RequestError');
}
