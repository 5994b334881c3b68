/** A partner's own error code and message, read from an error response body. */
export interface PartnerErrorDetails {
  code?: string;
  message?: string;
}

/**
 * Reads a partner error out of a response body shaped `{"data": {"code", "message"}}` (Rokt), or
 * `{"code", "message"}` at the top level. Returns an empty object when there is none.
 */
export function readPartnerError(body: unknown): PartnerErrorDetails {
  if (!isRecord(body)) return {};
  const source = isRecord(body.data) ? body.data : body;
  const details: PartnerErrorDetails = {};
  if (typeof source.code === 'string' && source.code !== '') details.code = source.code;
  if (typeof source.message === 'string' && source.message !== '') details.message = source.message;
  return details;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
