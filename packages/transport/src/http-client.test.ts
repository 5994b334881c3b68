import { ErrorCode, HttpError, NetworkError } from '@forwarder/core';
import { describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import type { Middleware } from './http-types.js';
import { fastRetryClient, useFaultServer } from './test-support/test-client.js';
import { ClientClosedError, RequestAbortedError } from './transport-errors.js';
import type { RequestErrorEvent, RequestEvent, ResponseEvent, RetryEvent } from './transport-hooks.js';
import { TRANSPORT_VERSION } from './version.js';

const SECRET = 'Basic c2VjcmV0LXB1YmxpYzpzZWNyZXQta2V5';
const auth = { headers: () => ({ Authorization: SECRET }) };

/** Timers may fire a millisecond or two early against another clock; gaps allow for that. */
const CLOCK_SLACK_MS = 5;

const server = useFaultServer();

const client = (options: Partial<HttpClientOptions> = {}) => fastRetryClient(server, options, { auth });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const roktValidationError = {
  status: 400,
  body: { data: { code: 'RequestValidationError', message: 'emails must not be empty' } },
};

describe('createHttpClient: a successful request', () => {
  it('POSTs JSON once-serialised with content type, user agent and auth headers', async () => {
    server.enqueue({ status: 201, body: { ok: true }, headers: { 'x-request-id': 'abc' } });
    const response = await client({ headers: { 'X-Custom': 'yes' } }).post<{ ok: boolean }>(
      '/v3/import/suppression',
      { accountId: '123', emails: ['a@b.com'] },
      { headers: { 'Rokt-Version': '2020-05-21' } },
    );
    expect(response).toEqual({
      status: 201,
      headers: expect.objectContaining({ 'x-request-id': 'abc' }),
      body: { ok: true },
      attempts: 1,
    });
    const [recorded] = server.requests;
    expect(recorded?.method).toBe('POST');
    expect(recorded?.url).toBe('/v3/import/suppression');
    expect(recorded?.json).toEqual({ accountId: '123', emails: ['a@b.com'] });
    expect(recorded?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': `forwarder/${TRANSPORT_VERSION}`,
      authorization: SECRET,
      'x-custom': 'yes',
      'rokt-version': '2020-05-21',
    });
  });

  it('sends a pre-serialised body as is, and keeps a base URL path prefix', async () => {
    const http = createHttpClient({ baseUrl: `${server.url}/prefix/`, userAgent: 'custom-agent/1' });
    const response = await http.postRaw('v2/events', '{"events":[]}');
    expect(response.body).toEqual({});
    expect(server.requests[0]?.url).toBe('/prefix/v2/events');
    expect(server.requests[0]?.body).toBe('{"events":[]}');
    expect(server.requests[0]?.headers['user-agent']).toBe('custom-agent/1');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('gives undefined for an empty body', async () => {
    server.enqueue({ status: 204 });
    expect((await client().post('/x', {})).body).toBeUndefined();
  });
});

describe('retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i and succeeds', async (status) => {
    server.enqueue({ status }, { status });
    const response = await client().post('/x', { n: 1 });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((request) => request.body)).toEqual(['{"n":1}', '{"n":1}', '{"n":1}']);
  });

  it('retries a dropped connection', async () => {
    server.enqueue({ drop: true }, { drop: true });
    const response = await client().post('/x', {});
    expect(response.attempts).toBe(3);
  });

  it('does not retry 400 and reports the partner code and message', async () => {
    server.enqueue(roktValidationError);
    const error = await rejection(client().post('/v3/import/suppression?apiKey=leak', {}));
    expect(HttpError.isHttpError(error)).toBe(true);
    const httpError = error as HttpError;
    expect(httpError.status).toBe(400);
    expect(httpError.partnerCode).toBe('RequestValidationError');
    expect(httpError.message).toContain('emails must not be empty');
    expect(httpError.method).toBe('POST');
    expect(httpError.url).toBe(`${server.url}/v3/import/suppression?apiKey=redacted`);
    expect(httpError.attempts).toBe(1);
    expect(httpError.isRetryable).toBe(false);
    expect(httpError.body).toEqual(roktValidationError.body);
    expect(`${httpError.message} ${JSON.stringify(httpError)}`).not.toContain('leak');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry 401', async () => {
    server.enqueue({
      status: 401,
      body: { data: { code: 'UnauthorizedError', message: 'bad credentials' } },
    });
    const error = (await rejection(client().post('/x', {}))) as HttpError;
    expect(error.isAuthenticationFailure).toBe(true);
    expect(error.partnerCode).toBe('UnauthorizedError');
    expect(error.message).not.toContain(SECRET);
    expect(server.requests).toHaveLength(1);
  });

  it('bounds the attempts and fails with the last error', async () => {
    server.setHandler(() => ({ status: 503, body: { data: { code: 'Unavailable', message: 'down' } } }));
    const error = (await rejection(client({ retry: { attempts: 4 } }).post('/x', {}))) as HttpError;
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(4);
    expect(error.message).toContain('after 4 attempts');
    expect(server.requests).toHaveLength(4);
  });

  it('defaults to 5 attempts', async () => {
    server.setHandler(() => ({ status: 500 }));
    const error = (await rejection(
      createHttpClient({ baseUrl: server.url, retry: { baseDelayMs: 1 } }).post('/x', {}),
    )) as HttpError;
    expect(error.attempts).toBe(5);
    expect(server.requests).toHaveLength(5);
  });

  it('gives up on network errors with a NetworkError carrying the attempts', async () => {
    server.setHandler(() => ({ drop: true }));
    const error = (await rejection(client({ retry: { attempts: 3 } }).post('/x', {}))) as NetworkError;
    expect(NetworkError.isNetworkError(error)).toBe(true);
    expect(error.code).toBe(ErrorCode.NETWORK);
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('waits at least the Retry-After seconds before the next attempt', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' } });
    const response = await client().post('/x', {});
    expect(response.attempts).toBe(2);
    const [first, second] = server.requests;
    expect(second!.receivedAtMonotonic - first!.receivedAtMonotonic).toBeGreaterThanOrEqual(
      1000 - CLOCK_SLACK_MS,
    );
  });

  it('waits until the Retry-After HTTP date before the next attempt', async () => {
    // One second ahead, rounded up to a whole second as HTTP dates are: 1 to 2 s from now.
    const until = Math.ceil((Date.now() + 1000) / 1000) * 1000;
    server.enqueue({ status: 503, headers: { 'retry-after': new Date(until).toUTCString() } });
    const response = await client().post('/x', {});
    expect(response.attempts).toBe(2);
    expect(server.requests[1]!.receivedAt).toBeGreaterThanOrEqual(until - CLOCK_SLACK_MS);
  });

  it('fails at once when Retry-After is beyond what is left of the budget', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '60' } });
    const retries: RetryEvent[] = [];
    const startedAt = performance.now();
    const error = (await rejection(
      client({ hooks: { onRetry: (event) => retries.push(event) } }).post('/x', {}),
    )) as HttpError;
    expect(error.status).toBe(429);
    expect(error.attempts).toBe(1);
    expect(error.retryAfterMs).toBe(60_000);
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(1);
    // ordering, not speed: it did not wait anywhere near the 60 s asked
    expect(performance.now() - startedAt).toBeLessThan(10_000);
  });

  it('times out a slow answer, retries it, then fails with a timeout error', async () => {
    server.setHandler(() => ({ status: 200, delayMs: 5000 }));
    const error = (await rejection(
      client({ timeoutMs: 100, retry: { attempts: 2 } }).post('/x', {}),
    )) as NetworkError;
    expect(NetworkError.isNetworkError(error)).toBe(true);
    expect(error.code).toBe(ErrorCode.TIMEOUT);
    expect(error.attempts).toBe(2);
    expect(error.message).toContain('timed out after 100 ms');
    expect(server.requests).toHaveLength(2);
  });

  it('cuts the timeout of an attempt to what is left of the retry budget', async () => {
    server.enqueue({ status: 503 }, { status: 200, delayMs: 5000 });
    const startedAt = performance.now();
    const error = (await rejection(
      client({ timeoutMs: 10_000, retry: { attempts: 5, maxTotalMs: 400 } }).post('/x', {}),
    )) as NetworkError;
    expect(error.code).toBe(ErrorCode.TIMEOUT);
    expect(error.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    // ordering, not speed: the second attempt ended with the budget, not after its 10 s timeout
    expect(performance.now() - startedAt).toBeLessThan(4_000);
  });

  it('recovers when a slow answer is followed by a fast one', async () => {
    server.enqueue({ status: 200, delayMs: 5000 });
    const response = await client({ timeoutMs: 100 }).post('/x', {});
    expect(response.attempts).toBe(2);
  });
});

describe('hooks', () => {
  it('reports attempts, retries and the final error, never the auth header nor query secrets', async () => {
    server.enqueue({ status: 503 }, { drop: true }, roktValidationError);
    const events: {
      requests: RequestEvent[];
      responses: ResponseEvent[];
      retries: RetryEvent[];
      errors: RequestErrorEvent[];
    } = { requests: [], responses: [], retries: [], errors: [] };
    const http = client({
      hooks: {
        onRequest: (event) => events.requests.push(event),
        onResponse: (event) => events.responses.push(event),
        onRetry: (event) => events.retries.push(event),
        onError: (event) => {
          events.errors.push(event);
          throw new Error('a broken hook changes nothing');
        },
      },
    });
    const error = await rejection(http.post('/x?token=query-secret', { a: 1 }));
    expect(HttpError.isHttpError(error)).toBe(true);
    expect(events.requests.map((event) => event.attempt)).toEqual([1, 2, 3]);
    expect(events.requests[0]?.bodyBytes).toBe(7);
    expect(events.responses.map((event) => [event.attempt, event.status])).toEqual([
      [1, 503],
      [3, 400],
    ]);
    expect(events.retries.map((event) => [event.attempt, event.status, event.reason.split(':')[0]])).toEqual([
      [1, 503, 'HTTP 503'],
      [2, undefined, 'network error'],
    ]);
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]?.attempts).toBe(3);
    expect(events.errors[0]?.error).toBe(error);
    const serialised = JSON.stringify(events, (_key, value) =>
      value instanceof Error ? value.message : value,
    );
    expect(serialised).not.toContain(SECRET);
    expect(serialised).not.toContain('query-secret');
  });

  it('runs custom middleware once per request, around the retries', async () => {
    server.enqueue({ status: 500 });
    const seen: string[] = [];
    const middleware: Middleware = async (request, next) => {
      seen.push(`request ${request.method}`);
      const response = await next({ ...request, headers: { ...request.headers, 'x-trace': 't-1' } });
      seen.push(`response ${response.status} after ${response.attempts}`);
      return response;
    };
    await client({ middleware: [middleware] }).post('/x', {});
    expect(seen).toEqual(['request POST', 'response 200 after 2']);
    expect(server.requests.map((request) => request.headers['x-trace'])).toEqual(['t-1', 't-1']);
  });
});

describe('concurrency', () => {
  it('never has more than the limit in flight', async () => {
    server.setHandler(() => ({ status: 200, delayMs: 20 }));
    const http = client({ concurrency: 3 });
    const responses = await Promise.all(Array.from({ length: 15 }, (_, n) => http.post('/x', { n })));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(server.requests).toHaveLength(15);
    expect(server.maxInFlight).toBe(3);
  });
});

describe('abort', () => {
  it('cancels a request in flight', async () => {
    server.setHandler(() => ({ status: 200, delayMs: 5000 }));
    const controller = new AbortController();
    const pending = client().post('/x', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(server.requests).toHaveLength(1);
  });

  it('cancels the wait before a retry, with no further attempt', async () => {
    server.setHandler(() => ({ status: 503, headers: { 'retry-after': '20' } }));
    const controller = new AbortController();
    const retries: RetryEvent[] = [];
    const pending = client({ hooks: { onRetry: (event) => retries.push(event) } }).post(
      '/x',
      {},
      { signal: controller.signal },
    );
    while (retries.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(retries[0]?.delayMs).toBe(20_000);
    controller.abort();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as RequestAbortedError).code).toBe(ErrorCode.ABORTED);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(1);
  });

  it('rejects an already aborted request without sending it', async () => {
    const error = await rejection(client().post('/x', {}, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('drain', () => {
  it('refuses new requests and resolves once everything in flight has finished', async () => {
    server.setHandler(() => ({ status: 200, delayMs: 100 }));
    const http = client();
    const settled: string[] = [];
    const inFlight = [1, 2, 3].map((n) => http.post('/x', { n }).then(() => settled.push(`request ${n}`)));
    while (server.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(http.inFlight).toBe(3);
    const drained = http.drain().then(() => settled.push('drained'));
    expect(http.closed).toBe(true);
    const refused = await rejection(http.post('/x', {}));
    expect(ClientClosedError.isClientClosedError(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/shutting down/);
    await Promise.all([...inFlight, drained]);
    expect(settled.at(-1)).toBe('drained');
    expect(settled).toHaveLength(4);
    expect(server.requests).toHaveLength(3);
    expect(http.inFlight).toBe(0);
  });

  it('resolves at once when idle', async () => {
    await expect(client().drain()).resolves.toBeUndefined();
  });
});

describe('settings', () => {
  it('rejects invalid settings', () => {
    expect(() => createHttpClient({ baseUrl: 'not a url' })).toThrow();
    expect(() => createHttpClient({ baseUrl: server.url, concurrency: 0 })).toThrow(RangeError);
    expect(() => createHttpClient({ baseUrl: server.url, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createHttpClient({ baseUrl: server.url, retry: { attempts: 0 } })).toThrow(RangeError);
  });
});
