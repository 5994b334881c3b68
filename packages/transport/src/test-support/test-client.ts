import { afterEach, beforeEach } from 'vitest';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../http-client.js';
import { type FaultServer, startFaultServer } from './fault-server.js';

/**
 * A fresh {@link FaultServer} for each test of the file: started before each test, closed after
 * it. Call at the top of the file; use the returned server inside tests only.
 */
export function useFaultServer(): FaultServer {
  let current: FaultServer | undefined;
  const started = (): FaultServer => {
    if (current === undefined) throw new Error('the fault server starts in beforeEach: use it inside tests');
    return current;
  };
  beforeEach(async () => {
    current = await startFaultServer();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get url() {
      return started().url;
    },
    get requests() {
      return started().requests;
    },
    get maxInFlight() {
      return started().maxInFlight;
    },
    enqueue: (...actions) => started().enqueue(...actions),
    setHandler: (handler) => started().setHandler(handler),
    close: () => started().close(),
  };
}

/**
 * A client of `server` that retries after a millisecond or so: `defaults` (the test file's), then
 * `options` (the test's), win over the base; `retry` is merged the same way.
 */
export function fastRetryClient(
  server: FaultServer,
  options: Partial<HttpClientOptions> = {},
  defaults: Partial<HttpClientOptions> = {},
): HttpClient {
  return createHttpClient({
    baseUrl: server.url,
    ...defaults,
    ...options,
    retry: { baseDelayMs: 1, maxDelayMs: 5, ...defaults.retry, ...options.retry },
  });
}
