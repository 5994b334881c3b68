import { NetworkError } from '@forwarder/core';
import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse, NextHandler } from './http-types.js';
import { createRetryMiddleware } from './retry-middleware.js';
import type { RetryEvent } from './transport-hooks.js';

const request: HttpRequest = {
  method: 'POST',
  url: 'http://127.0.0.1/x',
  headers: {},
  body: '{}',
  signal: undefined,
  timeoutMs: 1000,
  attempt: 1,
};

/** A handler answering with the given statuses in turn (`'network'` throws a NetworkError). */
function scripted(outcomes: Array<number | 'network'>): NextHandler & { calls: number[] } {
  const calls: number[] = [];
  const handler = async (next: HttpRequest): Promise<HttpResponse> => {
    calls.push(next.attempt);
    const outcome = outcomes[Math.min(calls.length - 1, outcomes.length - 1)];
    if (outcome === 'network') throw new NetworkError('connection reset');
    return { status: outcome ?? 200, headers: {}, body: undefined, attempts: 1 };
  };
  return Object.assign(handler, { calls });
}

describe('createRetryMiddleware', () => {
  it('numbers the attempts and reports the total on the response', async () => {
    const next = scripted([500, 'network', 200]);
    const retries: RetryEvent[] = [];
    const middleware = createRetryMiddleware(
      { attempts: 5, maxTotalMs: 10_000, baseDelayMs: 1, maxDelayMs: 1 },
      { hooks: { onRetry: (event) => retries.push(event) }, random: () => 0 },
    );
    const response = await middleware(request, next);
    expect(next.calls).toEqual([1, 2, 3]);
    expect(response.attempts).toBe(3);
    expect(retries.map((event) => [event.attempt, event.delayMs, event.status])).toEqual([
      [1, 0, 500],
      [2, 0, undefined],
    ]);
  });

  it('stops as soon as the next back-off delay would cross the total budget', async () => {
    const next = scripted([503]);
    // random 0.5 of a 200 ms ceiling: every delay is 100 ms; the second one would end past 150 ms
    const middleware = createRetryMiddleware(
      { attempts: 10, maxTotalMs: 150, baseDelayMs: 200, maxDelayMs: 200 },
      { random: () => 0.5 },
    );
    const response = await middleware(request, next);
    expect(response.status).toBe(503);
    expect(response.attempts).toBe(2);
    expect(next.calls).toEqual([1, 2]);
  });

  it('does not retry other statuses nor other errors', async () => {
    const middleware = createRetryMiddleware({
      attempts: 5,
      maxTotalMs: 1000,
      baseDelayMs: 0,
      maxDelayMs: 0,
    });
    const notFound = scripted([404]);
    expect((await middleware(request, notFound)).attempts).toBe(1);
    let calls = 0;
    const broken: NextHandler = async () => {
      calls += 1;
      throw new TypeError('a bug, not a network failure');
    };
    await expect(middleware(request, broken)).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
  });
});
