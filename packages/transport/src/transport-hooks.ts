/** Emitted before each attempt is sent. */
export interface RequestEvent {
  method: string;
  /** The URL with query values redacted. */
  url: string;
  /** Number (1-based) of this attempt. */
  attempt: number;
  /** Size of the request body in bytes (UTF-8). */
  bodyBytes: number;
}

/** Emitted when an attempt got an answer (any status). */
export interface ResponseEvent {
  method: string;
  /** The URL with query values redacted. */
  url: string;
  status: number;
  /** Time from sending to the end of the response body, in milliseconds. */
  durationMs: number;
  /** Number (1-based) of this attempt. */
  attempt: number;
}

/** Emitted when an attempt failed and another one is scheduled. */
export interface RetryEvent {
  method: string;
  /** The URL with query values redacted. */
  url: string;
  /** Number (1-based) of the attempt that failed. */
  attempt: number;
  /** Wait before the next attempt, in milliseconds. */
  delayMs: number;
  /** Why, in words: `HTTP 503`, `timeout`, `network error: ...`. */
  reason: string;
  /** The status that caused the retry, for HTTP failures. */
  status?: number;
}

/** Emitted once when a request failed for good (the error is also what the call rejects with). */
export interface RequestErrorEvent {
  method: string;
  /** The URL with query values redacted. */
  url: string;
  /** Attempts made. */
  attempts: number;
  /** Time since the request was accepted, in milliseconds. */
  durationMs: number;
  /** The `HttpError`, `NetworkError` or abort error. */
  error: Error;
}

/**
 * Callbacks for logs and metrics. Events never carry headers (so never credentials) nor bodies.
 * A hook that throws is ignored: observing a request never breaks it.
 */
export interface TransportHooks {
  /** Before each attempt. */
  onRequest?(event: RequestEvent): void;
  /** After each attempt that got an answer. */
  onResponse?(event: ResponseEvent): void;
  /** When a retry is scheduled. */
  onRetry?(event: RetryEvent): void;
  /** When a request failed for good. */
  onError?(event: RequestErrorEvent): void;
}

/** Calls one hook, swallowing anything it throws. */
export function emitHook<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // observers must not break requests
  }
}
