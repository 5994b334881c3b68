/** A structured logger (pino-compatible subset). Never pass secrets to it. */
export interface IntegrationLogger {
  debug(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/** Retry bounds for deliveries (see `@forwarder/transport`). */
export interface DeliveryRetryOptions {
  /** Total attempts per request, the first included. */
  attempts?: number;
  /** The longest a request may spend retrying, in milliseconds. */
  maxTotalMs?: number;
  /** Base of the exponential back-off, in milliseconds. */
  baseDelayMs?: number;
  /** Cap of one back-off delay, in milliseconds. */
  maxDelayMs?: number;
}

/**
 * How a plugin delivers: where (partner hosts by name, e.g. `{ audience, events }`), how hard it
 * retries, how many requests run at once and how large batches are. Every field is optional; a
 * plugin supplies its own defaults.
 */
export interface DeliveryOptions {
  /** Partner base URLs by name; a plugin documents the names it reads. */
  endpoints?: Readonly<Record<string, string | undefined>>;
  retry?: DeliveryRetryOptions;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  /** Most requests in flight at once. */
  concurrency?: number;
  /** Plugin-specific batch limits by name, e.g. `{ addressesPerRequest: 10000 }`. */
  batch?: Readonly<Record<string, number | undefined>>;
  /** Cancels the delivery. */
  signal?: AbortSignal;
  logger?: IntegrationLogger;
}

/** A logger that drops everything. */
export const silentLogger: IntegrationLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
