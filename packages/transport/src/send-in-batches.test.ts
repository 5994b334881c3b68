import { ErrorCode } from '@forwarder/core';
import { describe, expect, it } from 'vitest';
import type { HttpClientOptions } from './http-client.js';
import { sendInBatches } from './send-in-batches.js';
import { fastRetryClient, useFaultServer } from './test-support/test-client.js';

const server = useFaultServer();

const client = (options: Partial<HttpClientOptions> = {}) =>
  fastRetryClient(server, options, { retry: { maxDelayMs: 2 } });

const emails = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `user${index}@example.com`);

interface SuppressionBody {
  emails: string[];
}

interface EventsResponse {
  data?: {
    unprocessedRecords?: Array<{ error: { code: string; message: string }; record: { email: string } }>;
  };
}

const buildBody = (batch: string[]): SuppressionBody => ({ emails: batch });

describe('sendInBatches', () => {
  it('sends every item once, in batches of at most maxItems, concurrently within the client limit', async () => {
    server.setHandler(() => ({ status: 200, delayMs: 20 }));
    const items = emails(45);
    const outcome = await sendInBatches(client({ concurrency: 2 }), items, {
      path: '/v3/import/suppression',
      maxItems: 10,
      buildBody,
    });
    expect(outcome.requests).toBe(5);
    expect(outcome.attempts).toBe(5);
    expect(outcome.succeeded).toEqual(items);
    expect(outcome.failed).toEqual([]);
    const sent = server.requests.map((request) => (request.json as SuppressionBody).emails);
    expect(sent.every((batch) => batch.length <= 10)).toBe(true);
    expect(sent.flat().sort()).toEqual([...items].sort());
    expect(server.maxInFlight).toBe(2);
  });

  it('fails only the items of a failing batch, with the partner code; a 200 with rejections fails only those', async () => {
    const items = emails(30);
    server.setHandler((request) => {
      const batch = (request.json as SuppressionBody).emails;
      if (batch.includes('user0@example.com')) {
        return { status: 400, body: { data: { code: 'RequestValidationError', message: 'bad email' } } };
      }
      if (batch.includes('user10@example.com')) {
        return {
          status: 200,
          body: {
            data: {
              unprocessedRecords: [
                {
                  error: { code: 'InvalidRecord', message: 'rejected' },
                  record: { email: 'user12@example.com' },
                },
              ],
            },
          },
        };
      }
      return { status: 200, body: { data: { unprocessedRecords: [] } } };
    });
    const outcome = await sendInBatches<string, EventsResponse>(client(), items, {
      path: '/v2/events',
      maxItems: 10,
      buildBody,
      itemFailures: (response, batch) =>
        (response.body.data?.unprocessedRecords ?? []).map((entry) => ({
          index: batch.indexOf(entry.record.email),
          code: entry.error.code,
          message: entry.error.message,
        })),
    });
    expect(outcome.requests).toBe(3);
    expect(outcome.succeeded).toEqual(items.slice(10).filter((email) => email !== 'user12@example.com'));
    expect(outcome.failed.map((failure) => failure.item)).toEqual([
      ...items.slice(0, 10),
      'user12@example.com',
    ]);
    expect(outcome.failed[0]?.error).toMatchObject({
      code: 'RequestValidationError',
      status: 400,
      retryable: false,
      permanent: true,
    });
    expect(outcome.failed[0]?.error.message).toContain('bad email');
    expect(outcome.failed[10]?.error).toEqual({
      code: 'InvalidRecord',
      message: 'rejected',
      status: 200,
      retryable: false,
      permanent: true,
    });
    expect(server.requests).toHaveLength(3);
  });

  it('reports retryable failures once retries are used up', async () => {
    server.setHandler((request) =>
      (request.json as SuppressionBody).emails.includes('user0@example.com')
        ? { status: 503 }
        : { drop: true },
    );
    const outcome = await sendInBatches(client({ retry: { attempts: 2 } }), emails(4), {
      path: '/x',
      maxItems: 2,
      buildBody,
    });
    expect(outcome.requests).toBe(2);
    expect(outcome.attempts).toBe(4);
    expect(outcome.succeeded).toEqual([]);
    expect(
      outcome.failed.map((failure) => [failure.error.code, failure.error.retryable, failure.error.permanent]),
    ).toEqual([
      ['HTTP_503', true, false],
      ['HTTP_503', true, false],
      [ErrorCode.NETWORK, true, false],
      [ErrorCode.NETWORK, true, false],
    ]);
  });

  it('keeps every body within maxBytes, splitting batches and failing an item too large alone', async () => {
    const items = [
      'a@x.io',
      'a-much-longer-address-than-the-others@example.com',
      'b@x.io',
      'c@x.io',
      'd@x.io',
    ];
    const huge = `${'z'.repeat(200)}@example.com`;
    const maxBytes = 70;
    const outcome = await sendInBatches(client(), [...items, huge], {
      path: '/x',
      maxItems: 10,
      maxBytes,
      buildBody,
      // an underestimate, so that the real body size check has to split some batches
      sizeOf: () => 1,
    });
    expect(outcome.succeeded).toEqual(items);
    expect(outcome.failed).toEqual([
      {
        item: huge,
        error: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', permanent: true, retryable: false }),
      },
    ]);
    for (const request of server.requests)
      expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(maxBytes);
    expect(server.requests.flatMap((request) => (request.json as SuppressionBody).emails)).toEqual(items);
    expect(outcome.requests).toBe(server.requests.length);
    expect(server.requests.length).toBeGreaterThan(1);
  });

  it('estimates sizes from JSON by default, forming batches under maxBytes before serialising', async () => {
    const items = emails(20);
    const outcome = await sendInBatches(client(), items, {
      path: '/x',
      maxItems: 100,
      maxBytes: 120,
      buildBody,
    });
    expect(outcome.succeeded).toEqual(items);
    for (const request of server.requests) expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(120);
  });

  it('on abort, reports every undelivered item as aborted and sends nothing more', async () => {
    server.setHandler(() => ({ status: 200, delayMs: 5000 }));
    const controller = new AbortController();
    const pending = sendInBatches(client({ concurrency: 1 }), emails(6), {
      path: '/x',
      maxItems: 2,
      buildBody,
      signal: controller.signal,
    });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const outcome = await pending;
    expect(outcome.succeeded).toEqual([]);
    expect(outcome.failed).toHaveLength(6);
    expect(
      outcome.failed.every((failure) => failure.error.code === ErrorCode.ABORTED && failure.error.retryable),
    ).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects bad limits', async () => {
    await expect(sendInBatches(client(), [], { path: '/x', maxItems: 0, buildBody })).rejects.toThrow(
      RangeError,
    );
  });
});
