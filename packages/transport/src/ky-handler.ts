import { NetworkError } from '@forwarder/core';
import ky from 'ky';
import { abortedError } from './abortable-sleep.js';
import type { HttpRequest, HttpResponse, NextHandler } from './http-types.js';
import { createNodeHttpFetch, directBodyOption, readDirectText } from './node-http-fetch.js';
import { redactUrl } from './redact-url.js';

/** Options of {@link createKyHandler}. */
export interface KyHandlerOptions {
  /**
   * The `fetch` implementation ky should use. By default ky runs on {@link createNodeHttpFetch}
   * (kept-alive `node:http` connections, bodies handed over without web streams).
   */
  fetch?: typeof fetch;
  /** Most sockets the default fetch keeps open to one host (default 8). */
  maxSockets?: number;
}

/** The end of the chain, with {@link KyHandler.close} to end the kept-alive connections it opened. */
export interface KyHandler extends NextHandler {
  /** Ends the sockets of the default fetch (a `fetch` given in the options is left alone). */
  close(): void;
}

/**
 * The end of the chain: sends one attempt with ky, with ky's own retries and HTTP error throwing
 * turned off (retries are the retry middleware's job). Enforces `request.timeoutMs` over the whole
 * exchange, body included.
 *
 * Resolves with the response whatever its status; rejects with a `NetworkError` (code
 * `TIMEOUT_ERROR` on timeout) when no answer arrived, or a `RequestAbortedError` when the caller's
 * signal aborted.
 */
export function createKyHandler(options: KyHandlerOptions = {}): KyHandler {
  const own =
    options.fetch === undefined ? createNodeHttpFetch({ maxSockets: options.maxSockets ?? 8 }) : undefined;
  const direct = own !== undefined;
  const client = ky.create({
    retry: 0,
    throwHttpErrors: false,
    timeout: false,
    fetch: options.fetch ?? own,
  });

  const handler = async (request: HttpRequest): Promise<HttpResponse> => {
    // One controller for the timeout and the caller's signal (a listener costs far less than
    // `AbortSignal.any`, which ky would wrap once more).
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), request.timeoutMs);
    const caller = request.signal;
    const onCallerAbort = () => timeout.abort(caller?.reason);
    if (caller?.aborted) onCallerAbort();
    else caller?.addEventListener('abort', onCallerAbort, { once: true });
    const signal = timeout.signal;
    try {
      // ky passes options it does not know on to its fetch: the default fetch takes the body from
      // there, so that it never becomes a web stream.
      const body = direct ? { [directBodyOption]: request.body } : { body: request.body };
      const response = await client(request.url, {
        method: request.method,
        headers: request.headers,
        signal,
        ...body,
      });
      const text = readDirectText(response) ?? (await response.text());
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: parseBody(text),
        attempts: request.attempt,
      };
    } catch (error) {
      if (request.signal?.aborted) throw abortedError(request.signal);
      const target = `${request.method} ${redactUrl(request.url)}`;
      if (timeout.signal.aborted) {
        throw new NetworkError(`${target} timed out after ${Math.round(request.timeoutMs)} ms`, {
          cause: error,
          timeout: true,
          attempts: request.attempt,
        });
      }
      throw new NetworkError(`${target} failed: ${describeFailure(error)}`, {
        cause: error,
        attempts: request.attempt,
      });
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    }
  };
  return Object.assign(handler, { close: () => own?.close() });
}

/** JSON when it parses, `undefined` when empty, the text itself otherwise. */
function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `fetch failed (other side closed)`: the error's message and its cause's, when there is one. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error && cause.message && cause.message !== error.message) {
    return `${error.message} (${cause.message})`;
  }
  return error.message;
}
