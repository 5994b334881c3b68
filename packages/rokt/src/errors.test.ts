import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProcessor } from '@forwarder/integration';
import { subscriptionRequest } from '@forwarder/integration/testing';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  API_KEY,
  accountSettings,
  audienceOf,
  changeOf,
  profileOf,
  startKit,
  useKit,
} from './test-support/rokt-test-kit.js';

const SUPPRESSION = '/v3/import/suppression';
const EVENTS = '/v2/events';

const kit = useKit({ sandbox: { credentials: { apiKey: API_KEY } } });

/** Three profiles in two audiences: two list imports of 3 addresses each, and 6 events. */
function sampleMessage(settings = accountSettings()) {
  return changeOf(
    [1, 2, 3].map((index) =>
      profileOf({
        mpid: String(index),
        email: `user${index}@example.com`,
        audiences: [audienceOf(1, 'A', 'add'), audienceOf(2, 'B', 'delete')],
      }),
    ),
    settings,
  );
}

const statusesOf = (path: string) =>
  kit.sandbox
    .requests()
    .filter((request) => request.path === path)
    .map((request) => request.status);

describe('400: permanent for that request, reported with Rokt’s message', () => {
  it('fails the request without retry and delivers the rest', async () => {
    kit.sandbox.script([{ path: SUPPRESSION, status: 400 }]);
    const processor = kit.processorWith({ concurrency: 1 });
    const { report, response } = await processor.process(sampleMessage());
    expect(statusesOf(SUPPRESSION)).toEqual([400, 200]);
    expect(report.failures).toEqual([
      {
        reason: 'http_400',
        message: 'Rokt answered HTTP 400 RequestValidationError: injected fault: 400',
        count: 3,
        status: 400,
        partnerCode: 'RequestValidationError',
        retryable: false,
        audienceId: 1,
      },
    ]);
    expect(report).toMatchObject({ delivered: 9, failed: 3, retryable: false, suspend: false });
    expect(report.byAudience['1']).toEqual({ delivered: { events: 3 }, skipped: 0, failed: 3 });
    expect(response).toMatchObject({ suspend_subscription: false });
  });

  it('carries the real validation message of the sandbox (an empty list name)', async () => {
    const { report } = await kit.processor.process(
      changeOf([profileOf({ mpid: '1', email: 'a@b.com', audiences: [audienceOf(1, '', 'add')] })]),
    );
    const listFailure = report.failures.find((failure) => failure.reason === 'http_400');
    expect(listFailure).toMatchObject({ partnerCode: 'RequestValidationError', count: 1, retryable: false });
    expect(listFailure?.message).toMatch(/list/);
    const eventFailure = report.failures.find((failure) => failure.reason === 'unprocessed');
    expect(eventFailure).toMatchObject({ partnerCode: 'RequestValidationError', count: 1, retryable: false });
    expect(report.delivered).toBe(0);
  });
});

describe('401/403: the output is suspended', () => {
  it('401 stops this message and later messages of the same plugin, until the credentials change', async () => {
    const processor = kit.processorWith({ concurrency: 1 });
    const wrong = accountSettings({ apiKey: 'rk_wrong_key' });
    const first = await processor.process(sampleMessage(wrong));
    expect(first.response).toMatchObject({ suspend_subscription: true });
    expect(first.report).toMatchObject({
      suspend: true,
      delivered: 0,
      failed: 12,
      requests: 1,
      retryable: false,
    });
    expect(first.report.failedReasons).toEqual({ http_401: 3, suspended: 9 });
    expect(first.report.failures[0]).toMatchObject({
      reason: 'http_401',
      partnerCode: 'UnauthorizedError',
      status: 401,
    });
    expect(JSON.stringify(first.report)).not.toContain('rk_wrong_key');
    expect(kit.sandbox.state().requests.total).toBe(1);

    const second = await processor.process(sampleMessage(wrong));
    expect(second.response).toMatchObject({ suspend_subscription: true });
    expect(second.report).toMatchObject({ requests: 0, failed: 12, failedReasons: { suspended: 12 } });
    expect(kit.sandbox.state().requests.total).toBe(1);

    const fixed = await processor.process(sampleMessage(accountSettings()));
    expect(fixed.report).toMatchObject({ suspend: false, delivered: 12, failed: 0 });

    const other = await kit.processorWith({}).process(sampleMessage(wrong));
    expect(other.report.requests).toBe(0);
  });

  it('a successful credential check (audience connected again) lifts the suspension', async () => {
    const processor = kit.processorWith({ concurrency: 1 });
    kit.sandbox.setFaults({ rateUnauthorized: 1 });
    const rejected = await processor.process(sampleMessage());
    expect(rejected.report).toMatchObject({ suspend: true, failedReasons: { http_401: 3, suspended: 9 } });
    kit.sandbox.setFaults({});
    const stillSuspended = await processor.process(sampleMessage());
    expect(stillSuspended.report).toMatchObject({ requests: 0, failedReasons: { suspended: 12 } });
    await processor.process(
      subscriptionRequest({
        accountSettings: accountSettings(),
        audienceId: 1,
        audienceName: 'A',
        action: 'add',
      }),
    );
    const resumed = await processor.process(sampleMessage());
    expect(resumed.report).toMatchObject({ suspend: false, delivered: 12, failed: 0 });
  });

  it('a fresh plugin instance has its own suspension state', async () => {
    const wrong = accountSettings({ apiKey: 'rk_wrong_key_2' });
    await kit.processorWith({ concurrency: 1 }).process(sampleMessage(wrong));
    const fresh = await startKit({ sandbox: { credentials: { apiKey: API_KEY } } });
    try {
      const { report } = await fresh.processorWith({ concurrency: 1 }).process(sampleMessage(wrong));
      expect(report.requests).toBe(1);
      expect(report.failedReasons).toEqual({ http_401: 3, suspended: 9 });
    } finally {
      await fresh.close();
    }
  });

  it('403 Forbidden (credentials not allowed for the account) suspends as well', async () => {
    const restricted = await startKit({ sandbox: { credentials: { apiKey: API_KEY, accountIds: ['999'] } } });
    try {
      const { report, response } = await restricted
        .processorWith({ concurrency: 1 })
        .process(sampleMessage());
      expect(response).toMatchObject({ suspend_subscription: true });
      expect(report.failedReasons).toEqual({ http_403: 3, suspended: 9 });
      expect(report.failures[0]).toMatchObject({ partnerCode: 'Forbidden', status: 403, retryable: false });
      expect(report.failures[0]?.message).toContain(ACCOUNT_ID);
    } finally {
      await restricted.close();
    }
  });
});

describe('retried failures', () => {
  it('429 honours Retry-After (seconds) and then delivers', async () => {
    kit.sandbox.script([{ path: EVENTS, status: 429, retryAfter: '1' }]);
    const started = performance.now();
    const { report } = await kit.processor.process(sampleMessage());
    const elapsed = performance.now() - started;
    expect(statusesOf(EVENTS)).toEqual([429, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(report).toMatchObject({ delivered: 12, failed: 0, requests: 3 });
  });

  it('a Retry-After beyond the retry budget ends the retries at once: retryable failure', async () => {
    kit.sandbox.script([{ path: EVENTS, status: 429, retryAfter: '3600' }]);
    const { report } = await kit.processor.process(sampleMessage());
    expect(statusesOf(EVENTS)).toEqual([429]);
    expect(report.failedReasons).toEqual({ http_429: 6 });
    expect(report.retryable).toBe(true);
    expect(report.failures.every((failure) => failure.retryable)).toBe(true);
  });

  it('503 and a dropped connection are retried, then delivered', async () => {
    kit.sandbox.script([
      { path: SUPPRESSION, status: 503 },
      { path: SUPPRESSION, drop: true },
      { path: EVENTS, drop: true },
      { path: EVENTS, status: 502 },
    ]);
    const { report } = await kit.processorWith({ concurrency: 1 }).process(sampleMessage());
    expect(statusesOf(SUPPRESSION)).toEqual([503, null, 200, 200]);
    expect(statusesOf(EVENTS)).toEqual([null, 502, 200]);
    expect(report).toMatchObject({ delivered: 12, failed: 0, requests: 3 });
    expect(kit.sandbox.state().accounts[ACCOUNT_ID]?.lists).toEqual({
      A: { included: ['user1@example.com', 'user2@example.com', 'user3@example.com'], excluded: [] },
      B: { included: [], excluded: ['user1@example.com', 'user2@example.com', 'user3@example.com'] },
    });
  });

  it('when the retries are used up the items fail as retryable, and a re-run delivers them once', async () => {
    kit.sandbox.script([
      { path: EVENTS, status: 503 },
      { path: EVENTS, status: 503 },
      { path: EVENTS, drop: true },
    ]);
    const message = sampleMessage();
    const first = await kit.processor.process(message);
    expect(statusesOf(EVENTS)).toEqual([503, 503, null]);
    expect(first.report.failedReasons).toEqual({ network_error: 6 });
    expect(first.report.failures[0]).toMatchObject({ retryable: true, audienceId: 1, count: 3 });
    expect(first.report.retryable).toBe(true);
    expect(kit.sandbox.state().accounts[ACCOUNT_ID]?.events.count).toBe(0);

    kit.sandbox.script([
      { path: EVENTS, status: 504 },
      { path: EVENTS, status: 504 },
      { path: EVENTS, status: 504 },
    ]);
    const second = await kit.processor.process(message);
    expect(second.report.failedReasons).toEqual({ http_504: 6 });
    expect(second.report.failures[0]?.message).toContain('after 3 attempts');

    const third = await kit.processor.process(message);
    expect(third.report).toMatchObject({ failed: 0, delivered: 12 });
    expect(kit.sandbox.state().accounts[ACCOUNT_ID]?.events).toMatchObject({ count: 6, duplicates: 0 });
  });
});

describe('unprocessedRecords in a 200', () => {
  it('fail only those events, for good, with Rokt’s code and message; the rest is not sent again', async () => {
    kit.sandbox.script([{ path: EVENTS, unprocessed: [0, 2, 5] }]);
    const { report } = await kit.processor.process(sampleMessage());
    expect(statusesOf(EVENTS)).toEqual([200]);
    expect(kit.sandbox.state().accounts[ACCOUNT_ID]?.events.count).toBe(3);
    expect(report).toMatchObject({
      delivered: 9,
      failed: 3,
      retryable: false,
      failedReasons: { unprocessed: 3 },
    });
    expect(report.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reason: 'unprocessed',
          partnerCode: 'InternalError',
          status: 200,
          retryable: false,
          message: expect.stringContaining('The event could not be processed, try again later'),
        }),
      ]),
    );
    const failedByAudience = Object.fromEntries(
      Object.entries(report.byAudience).map(([audienceId, tally]) => [audienceId, tally.failed]),
    );
    expect(failedByAudience).toEqual({ '1': 2, '2': 1 });
  });
});

describe('unprocessedRecords that name no event sent', () => {
  it('are still failures: taken off the delivered count, never counted as delivered', async () => {
    // A partner answering 200 with two records that carry no clientEventId: a real HTTP server.
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.setHeader('content-type', 'application/json');
        const unprocessedRecords = [0, 1].map(() => ({ error: { code: 'InternalError', message: 'x' } }));
        response.end(JSON.stringify({ data: request.url === EVENTS ? { unprocessedRecords } : {} }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const processor = createProcessor({
        integration: kit.plugin,
        delivery: { endpoints: { audience: url, events: url } },
      });
      const { report } = await processor.process(sampleMessage());
      expect(report).toMatchObject({
        delivered: 10,
        failed: 2,
        failedReasons: { unprocessed: 2 },
        retryable: false,
      });
      expect(report.byAudience['1']).toMatchObject({ delivered: { included: 3, events: 1 }, failed: 2 });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('no answer at all', () => {
  it('a refused connection fails as a retryable network_error after the retries', async () => {
    const closed = await startKit();
    const url = closed.sandbox.url;
    await closed.close();
    const processor = createProcessor({
      integration: kit.plugin,
      delivery: {
        endpoints: { audience: url, events: url },
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      },
    });
    const { report } = await processor.process(sampleMessage());
    expect(report.failedReasons).toEqual({ network_error: 12 });
    expect(report).toMatchObject({ retryable: true, suspend: false, delivered: 0, requests: 3 });
  });

  it('a cancelled delivery sends nothing more and fails the rest as aborted (retryable)', async () => {
    const controller = new AbortController();
    controller.abort();
    const { report } = await kit.processor.process(sampleMessage(), { signal: controller.signal });
    expect(report.failedReasons).toEqual({ aborted: 12 });
    expect(report).toMatchObject({ retryable: true, requests: 0 });
    expect(kit.sandbox.state().requests.total).toBe(0);
  });
});
