import type { AuthStrategy } from '@forwarder/auth';
import { sha256Hex } from '@forwarder/encoders';
import { type DeliveryOptions, type IntegrationLogger, silentLogger } from '@forwarder/integration';
import { createHttpClient, type HttpClient, type TransportHooks } from '@forwarder/transport';
import { ROKT_USER_AGENT } from './version.js';

/**
 * A fingerprint of credentials: the SHA-256 of the headers they produce. Lets clients and
 * suspensions be keyed by credentials without keeping the secret itself as a key.
 */
export function credentialFingerprint(auth: AuthStrategy): string {
  return sha256Hex(JSON.stringify(auth.headers()));
}

function hooksFor(logger: IntegrationLogger): TransportHooks {
  return {
    onRetry(event) {
      logger.debug(
        { url: event.url, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason },
        'Retrying a Rokt request',
      );
    },
    onError(event) {
      logger.warn(
        { url: event.url, attempts: event.attempts, error: event.error.message },
        'A Rokt request failed for good',
      );
    },
  };
}

/**
 * HTTP clients kept per (base URL, credentials, retry/timeout/concurrency options), so that
 * connections, the concurrency limit and the retry policy are shared by the messages of one
 * account. Beyond `maxClients` the least recently used client is forgotten (requests in flight on it
 * finish normally).
 */
export class RoktClientCache {
  readonly #clients = new Map<string, HttpClient>();
  readonly #maxClients: number;

  constructor(maxClients = 64) {
    if (!Number.isSafeInteger(maxClients) || maxClients < 1) {
      throw new RangeError(`maxClients must be a whole number of at least 1, got ${maxClients}`);
    }
    this.#maxClients = maxClients;
  }

  /** Clients held. */
  get size(): number {
    return this.#clients.size;
  }

  /** The client for a base URL and credentials, created on first use. */
  get(baseUrl: string, auth: AuthStrategy, fingerprint: string, options: DeliveryOptions): HttpClient {
    const key = `${baseUrl}\n${fingerprint}\n${options.timeoutMs ?? ''}\n${options.concurrency ?? ''}\n${JSON.stringify(options.retry ?? {})}`;
    const existing = this.#clients.get(key);
    if (existing !== undefined && !existing.closed) {
      this.#clients.delete(key);
      this.#clients.set(key, existing);
      return existing;
    }
    const client = createHttpClient({
      baseUrl,
      auth,
      userAgent: ROKT_USER_AGENT,
      headers: { 'content-type': 'application/json' },
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      hooks: hooksFor(options.logger ?? silentLogger),
    });
    this.#clients.set(key, client);
    while (this.#clients.size > this.#maxClients) {
      // Forgotten, not drained: a message still delivering through it must not see it close.
      this.#clients.delete(this.#clients.keys().next().value as string);
    }
    return client;
  }

  /** Stops every client, resolving once their requests have settled. */
  async drainAll(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map((client) => client.drain()));
  }
}
