import type { ServerResponse } from 'node:http';
import { roktErrorBody } from './rokt-error.js';

/** An answer to send: status, JSON body and extra headers. */
export interface HttpReply {
  /** The HTTP status. */
  status: number;
  /** The value to send as JSON. */
  body: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** The Rokt error code, when the answer is an error. */
  errorCode?: string;
}

/** Builds a reply in Rokt's error shape. */
export function errorReply(status: number, code: string, message: string, headers?: Record<string, string>) {
  const reply: HttpReply = { status, body: roktErrorBody(code, message), errorCode: code };
  if (headers !== undefined) reply.headers = headers;
  return reply;
}

/** Builds a 200 reply. */
export function okReply(body: unknown): HttpReply {
  return { status: 200, body };
}

/** Writes a reply as JSON, unless the connection is already gone. */
export function sendReply(response: ServerResponse, reply: HttpReply): void {
  if (response.destroyed || response.headersSent) return;
  const payload = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  response.end(payload);
}
