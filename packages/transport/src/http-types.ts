/** An HTTP method the client can send. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request as it travels down the middleware chain. Middleware pass on modified copies. */
export interface HttpRequest {
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The absolute URL (may hold query secrets: log it only through `redactUrl`). */
  readonly url: string;
  /** Request headers, names in lower case. May hold credentials: never log them. */
  readonly headers: Readonly<Record<string, string>>;
  /** The serialised body, if any. */
  readonly body: string | undefined;
  /** The caller's cancellation signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** Time allowed to one attempt, in milliseconds (until the whole response body is read). */
  readonly timeoutMs: number;
  /** Number (1-based) of the current attempt; set by the retry middleware. */
  readonly attempt: number;
}

/** A response with any status, as it travels back up the chain and as `post` returns it on 2xx. */
export interface HttpResponse<T = unknown> {
  /** The HTTP status. */
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; `undefined` for an empty body; the raw text if it is not JSON. */
  readonly body: T;
  /** How many attempts it took (1 when the first one answered). */
  readonly attempts: number;
}

/** Sends a request down the rest of the chain. */
export type NextHandler = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * One link of the chain (retry, auth, logging, metrics...): receives the request and the rest of
 * the chain, returns the response. Network failures travel as rejections (`NetworkError`); HTTP
 * error statuses travel as ordinary responses and become an `HttpError` at the end of the chain.
 */
export type Middleware = (request: HttpRequest, next: NextHandler) => Promise<HttpResponse>;

/** Something that adds authentication headers; an `AuthStrategy` of `@forwarder/auth` is one. */
export interface RequestAuthenticator {
  /** The headers to add to every request (e.g. `{ Authorization: '...' }`). */
  headers(): Record<string, string>;
}
