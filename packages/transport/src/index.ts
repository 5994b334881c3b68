export { abortableSleep } from './abortable-sleep.js';
export { createAuthMiddleware } from './auth-middleware.js';
export { computeBackoffDelay } from './backoff.js';
export {
  type ChunkByBytesOptions,
  chunkByBytes,
  generateChunksByBytes,
  jsonByteLength,
} from './chunk-by-bytes.js';
export { chunkByCount, generateChunksByCount } from './chunk-by-count.js';
export { composeMiddleware } from './compose-middleware.js';
export { createConcurrencyMiddleware } from './concurrency-middleware.js';
export { createHooksMiddleware } from './hooks-middleware.js';
export {
  createHttpClient,
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequestInit,
  type RequestOptions,
} from './http-client.js';
export type {
  HttpMethod,
  HttpRequest,
  HttpResponse,
  Middleware,
  NextHandler,
  RequestAuthenticator,
} from './http-types.js';
export { createKyHandler, type KyHandler, type KyHandlerOptions } from './ky-handler.js';
export { mergeHeaders } from './merge-headers.js';
export {
  createNodeHttpFetch,
  directBodyOption,
  type NodeHttpFetch,
  type NodeHttpFetchOptions,
  readDirectText,
} from './node-http-fetch.js';
export { type PartnerErrorDetails, readPartnerError } from './partner-error.js';
export { redactUrl } from './redact-url.js';
export { parseRetryAfter } from './retry-after.js';
export { createRetryMiddleware, type RetryMiddlewareOptions } from './retry-middleware.js';
export { DEFAULT_RETRY_OPTIONS, type RetryOptions, resolveRetryOptions } from './retry-options.js';
export { Semaphore } from './semaphore.js';
export {
  type BatchItemError,
  type BatchOutcome,
  type ItemFailure,
  type SendInBatchesOptions,
  sendInBatches,
} from './send-in-batches.js';
export { ClientClosedError, RequestAbortedError } from './transport-errors.js';
export {
  emitHook,
  type RequestErrorEvent,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
  type TransportHooks,
} from './transport-hooks.js';
export { TRANSPORT_VERSION } from './version.js';
