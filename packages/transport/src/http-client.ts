import { HttpError } from '@forwarder/core';
import { createAuthMiddleware } from './auth-middleware.js';
import { composeMiddleware } from './compose-middleware.js';
import { createConcurrencyMiddleware } from './concurrency-middleware.js';
import { createHooksMiddleware } from './hooks-middleware.js';
import type {
  HttpMethod,
  HttpRequest,
  HttpResponse,
  Middleware,
  RequestAuthenticator,
} from './http-types.js';
import { createKyHandler } from './ky-handler.js';
import { mergeHeaders } from './merge-headers.js';
import { readPartnerError } from './partner-error.js';
import { redactUrl } from './redact-url.js';
import { parseRetryAfter } from './retry-after.js';
import { createRetryMiddleware } from './retry-middleware.js';
import { type RetryOptions, resolveRetryOptions } from './retry-options.js';
import { Semaphore } from './semaphore.js';
import { ClientClosedError } from './transport-errors.js';
import { emitHook, type TransportHooks } from './transport-hooks.js';
import { TRANSPORT_VERSION } from './version.js';

/** Settings of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Base URL every path is appended to, e.g. `https://data.rokt.com` (may include a path prefix). */
  baseUrl: string;
  /** Adds credentials to every attempt, e.g. an `AuthStrategy` of `@forwarder/auth`. */
  auth?: RequestAuthenticator;
  /** Headers sent with every request (request headers and auth headers override them). */
  headers?: Record<string, string>;
  /** The `User-Agent` header. Default `forwarder/<version>`. */
  userAgent?: string;
  /** Time allowed to each attempt, in milliseconds. Default `10_000`. */
  timeoutMs?: number;
  /** Retry settings; missing ones take the defaults (5 attempts, 30 s budget). */
  retry?: Partial<RetryOptions>;
  /** Most attempts in flight at once. Default `8`. */
  concurrency?: number;
  /** Callbacks for logs and metrics. */
  hooks?: TransportHooks;
  /**
   * Extra middleware, run once per request, outside the retries (they see the final response).
   * The first in the list sees the request first.
   */
  middleware?: Middleware[];
  /**
   * The `fetch` implementation ky uses. By default, kept-alive `node:http`/`node:https`
   * connections (see `createNodeHttpFetch`), several times cheaper per request than the global
   * `fetch`.
   */
  fetch?: typeof fetch;
}

/** Per-request settings. */
export interface RequestOptions {
  /** Extra headers for this request (override the client's). */
  headers?: Record<string, string>;
  /** Cancels the request, including any wait before a retry. */
  signal?: AbortSignal;
}

/** A full request description for {@link HttpClient.request}. */
export interface HttpRequestInit extends RequestOptions {
  method: HttpMethod;
  /** Path appended to the base URL (a missing leading `/` is added). */
  path: string;
  /** The serialised body, sent as is. */
  body?: string;
}

/** An HTTP client with retries, back-off, timeouts, a concurrency limit and graceful shutdown. */
export interface HttpClient {
  /** The base URL, as configured. */
  readonly baseUrl: string;
  /** Most attempts in flight at once. */
  readonly concurrency: number;
  /** Requests accepted and not yet settled. */
  readonly inFlight: number;
  /** True once {@link HttpClient.drain} was called. */
  readonly closed: boolean;
  /**
   * Sends a request. Resolves with the response on 2xx. Rejects with an `HttpError` (other
   * statuses, after any retries), a `NetworkError` (no answer after any retries; code
   * `TIMEOUT_ERROR` for timeouts), a `RequestAbortedError` (the signal aborted) or a
   * `ClientClosedError` (the client is draining).
   */
  request<T = unknown>(init: HttpRequestInit): Promise<HttpResponse<T>>;
  /** POSTs `body` serialised as JSON (once). See {@link HttpClient.request} for the outcomes. */
  post<T = unknown>(path: string, body: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  /**
   * POSTs an already serialised JSON body, for callers that serialised it to measure its size.
   * See {@link HttpClient.request} for the outcomes.
   */
  postRaw<T = unknown>(path: string, body: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  /**
   * Stops accepting requests and resolves when every accepted request has settled, then closes
   * the kept-alive connections.
   */
  drain(): Promise<void>;
}

/** Default time allowed to one attempt. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default most attempts in flight at once. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * Creates an HTTP client. The chain of each request is: `options.middleware`, retry, auth,
 * concurrency limit, hooks, then ky for the actual exchange.
 *
 * @throws RangeError or TypeError for invalid settings (bad base URL, concurrency, retry values).
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = new URL(options.baseUrl).toString().replace(/\/+$/, '');
  const retry = resolveRetryOptions(options.retry);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
  }
  const semaphore = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
  const hooks = options.hooks ?? {};
  const defaultHeaders = mergeHeaders(
    { accept: 'application/json', 'user-agent': options.userAgent ?? `forwarder/${TRANSPORT_VERSION}` },
    options.headers,
  );

  const exchange = createKyHandler({
    maxSockets: semaphore.limit,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const chain = composeMiddleware(
    [
      ...(options.middleware ?? []),
      createRetryMiddleware(retry, { hooks }),
      ...(options.auth ? [createAuthMiddleware(options.auth)] : []),
      createConcurrencyMiddleware(semaphore),
      createHooksMiddleware(hooks),
    ],
    exchange,
  );

  let closed = false;
  const pending = new Set<Promise<unknown>>();

  const request = <T>(init: HttpRequestInit): Promise<HttpResponse<T>> => {
    if (closed) return Promise.reject(new ClientClosedError());
    const promise = send<T>(init);
    pending.add(promise);
    promise.then(
      () => pending.delete(promise),
      () => pending.delete(promise),
    );
    return promise;
  };

  const send = async <T>(init: HttpRequestInit): Promise<HttpResponse<T>> => {
    const url = `${baseUrl}/${init.path.replace(/^\/+/, '')}`;
    const prepared: HttpRequest = {
      method: init.method,
      url,
      headers: mergeHeaders(
        defaultHeaders,
        init.body === undefined ? undefined : { 'content-type': 'application/json' },
        init.headers,
      ),
      body: init.body,
      signal: init.signal,
      timeoutMs,
      attempt: 1,
    };
    const startedAt = performance.now();
    try {
      const response = await chain(prepared);
      if (response.status >= 200 && response.status < 300) return response as HttpResponse<T>;
      throw toHttpError(prepared, response);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      emitHook(hooks.onError, {
        method: init.method,
        url: redactUrl(url),
        attempts: attemptsOf(error),
        durationMs: performance.now() - startedAt,
        error: failure,
      });
      throw error;
    }
  };

  return {
    baseUrl,
    concurrency: semaphore.limit,
    get inFlight() {
      return pending.size;
    },
    get closed() {
      return closed;
    },
    request,
    post: (path, body, requestOptions) =>
      request({ ...requestOptions, method: 'POST', path, body: JSON.stringify(body) }),
    postRaw: (path, body, requestOptions) => request({ ...requestOptions, method: 'POST', path, body }),
    drain: async () => {
      closed = true;
      // Settled requests leave `pending` right after their callers' own callbacks were queued.
      while (pending.size > 0) await Promise.allSettled([...pending]);
      exchange.close();
    },
  };
}

/** The `HttpError` for a final non-2xx response, with the partner's code and message when present. */
function toHttpError(request: HttpRequest, response: HttpResponse): HttpError {
  const url = redactUrl(request.url);
  const partner = readPartnerError(response.body);
  const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
  const attempts = response.attempts;
  const detail = [partner.code, partner.message].filter(Boolean).join(': ');
  const message =
    `${request.method} ${url} failed with HTTP ${response.status}` +
    (detail ? ` (${detail})` : '') +
    ` after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
  return new HttpError(message, {
    status: response.status,
    method: request.method,
    url,
    body: response.body,
    attempts,
    ...(partner.code === undefined ? {} : { partnerCode: partner.code }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

function attemptsOf(error: unknown): number {
  if (
    typeof error === 'object' &&
    error !== null &&
    'attempts' in error &&
    typeof error.attempts === 'number'
  ) {
    return error.attempts;
  }
  return 1;
}
