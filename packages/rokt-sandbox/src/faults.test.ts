import { describe, expect, it } from 'vitest';
import type { FaultOptions } from './fault-options.js';
import {
  ACCOUNT_ID,
  API_KEY,
  errorCode,
  eventsBody,
  listImport,
  post,
  roktEvent,
  unprocessed,
} from './test-support/sandbox-client.js';
import { useSandbox } from './test-support/use-sandbox.js';

const SUPPRESSION = '/v3/import/suppression';
const EVENTS = '/v2/events';
const sandbox = useSandbox({ credentials: { apiKey: API_KEY } }, (started) => {
  started.setFaults({});
  started.reset();
});

function importOne() {
  return post(sandbox, SUPPRESSION, listImport());
}

describe('rate faults', () => {
  it('answers 429 with the configured whole-second Retry-After and changes no state', async () => {
    sandbox.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const answer = await importOne();
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(errorCode(answer)).toBe('TooManyRequests');
    expect(sandbox.state().accounts).toEqual({});
    expect(sandbox.state().requests.faultsInjected).toBe(1);
  });

  it('sends Retry-After: 1 by default and allows 0', async () => {
    sandbox.setFaults({ rate429: 1 });
    expect((await importOne()).headers.get('retry-after')).toBe('1');
    sandbox.setFaults({ rate429: 1, retryAfterSeconds: 0 });
    expect((await importOne()).headers.get('retry-after')).toBe('0');
  });

  it('answers the fixed status5xx and changes no state', async () => {
    sandbox.setFaults({ rate5xx: 1, status5xx: 503 });
    const answer = await importOne();
    expect(answer.status).toBe(503);
    expect(errorCode(answer)).toBe('ServiceUnavailable');
    expect(sandbox.state().accounts).toEqual({});
  });

  it('answers 500, 502, 503 or 504 when no status5xx is fixed', async () => {
    sandbox.setFaults({ rate5xx: 1, seed: 3 });
    const statuses = new Set<number>();
    for (let index = 0; index < 40; index += 1) statuses.add((await importOne()).status);
    expect([...statuses].sort()).toEqual([500, 502, 503, 504]);
  });

  it('delays the answer and then handles the request normally', async () => {
    sandbox.setFaults({ rateDelay: 1, delayMs: 150 });
    const answer = await importOne();
    expect(answer.status).toBe(200);
    const [recorded] = sandbox.requests();
    expect(recorded?.fault).toBe('delay 150 ms');
    expect(recorded?.durationMs).toBeGreaterThanOrEqual(140);
    expect(sandbox.state().accounts[ACCOUNT_ID]?.lists['High Value Shoppers']?.included).toEqual(['a@b.com']);
  });

  it('drops the connection so that fetch rejects, and changes no state', async () => {
    sandbox.setFaults({ rateDrop: 1 });
    await expect(importOne()).rejects.toThrow();
    expect(sandbox.state().accounts).toEqual({});
    expect(sandbox.state().requests.byStatus).toEqual({ dropped: 1 });
    expect(sandbox.requests()[0]?.status).toBeNull();
  });

  it('answers 401 UnauthorizedError whatever the credentials', async () => {
    sandbox.setFaults({ rateUnauthorized: 1 });
    const answer = await importOne();
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe('UnauthorizedError');
    expect(sandbox.state().accounts).toEqual({});
  });

  it('fails a random non-empty subset of events as InternalError and stores only the rest', async () => {
    sandbox.setFaults({ ratePartial: 1, seed: 11 });
    const events = Array.from({ length: 20 }, () => roktEvent());
    const answer = await post(sandbox, EVENTS, eventsBody(events));
    expect(answer.status).toBe(200);
    const failed = unprocessed(answer);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(20);
    expect(failed.every((entry) => entry.error.code === 'InternalError')).toBe(true);
    const storedIds = new Set(sandbox.eventsFor(ACCOUNT_ID).map((event) => event.clientEventId));
    expect(storedIds.size).toBe(20 - failed.length);
    for (const entry of failed) {
      expect(storedIds.has((entry.record as { clientEventId: string }).clientEventId)).toBe(false);
    }
  });

  it('applies partial failures to /v2/events only', async () => {
    sandbox.setFaults({ ratePartial: 1 });
    expect((await importOne()).status).toBe(200);
    expect(sandbox.state().requests.faultsInjected).toBe(0);
  });

  it('applies rates only to the configured paths', async () => {
    sandbox.setFaults({ rate429: 1, paths: [EVENTS] });
    expect((await importOne()).status).toBe(200);
    expect((await post(sandbox, EVENTS, eventsBody([roktEvent()]))).status).toBe(429);
  });

  it('is deterministic for a given seed', async () => {
    const run = async (faults: FaultOptions) => {
      sandbox.setFaults(faults);
      const statuses: number[] = [];
      for (let index = 0; index < 30; index += 1) statuses.push((await importOne()).status);
      return statuses;
    };
    const faults = { rate429: 0.3, rate5xx: 0.3, seed: 42 };
    const first = await run(faults);
    const second = await run(faults);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(2);
    expect(await run({ ...faults, seed: 43 })).not.toEqual(first);
  });

  it('restarts the seeded sequence on reset', async () => {
    sandbox.setFaults({ rate429: 0.5, seed: 5 });
    const first = [(await importOne()).status, (await importOne()).status, (await importOne()).status];
    sandbox.reset();
    const again = [(await importOne()).status, (await importOne()).status, (await importOne()).status];
    expect(again).toEqual(first);
  });

  it('rejects invalid fault options', () => {
    expect(() => sandbox.setFaults({ rate429: 2 })).toThrow(/rate429/);
    expect(() => sandbox.setFaults({ retryAfterSeconds: 1.5 })).toThrow(/retryAfterSeconds/);
    expect(() => sandbox.setFaults({ status5xx: 404 })).toThrow(/status5xx/);
    expect(() => sandbox.setFaults({ paths: ['/nope'] })).toThrow(/paths\[0\]/);
  });
});

describe('scripted faults', () => {
  it('are consumed in order before rate faults, then requests succeed', async () => {
    sandbox.script([{ status: 503 }, { status: 429, retryAfter: '3' }, { status: 500 }]);
    const first = await importOne();
    const second = await importOne();
    const third = await importOne();
    const fourth = await importOne();
    expect([first.status, second.status, third.status, fourth.status]).toEqual([503, 429, 500, 200]);
    expect(second.headers.get('retry-after')).toBe('3');
    expect(sandbox.state().requests.byStatus).toEqual({ '200': 1, '429': 1, '500': 1, '503': 1 });
  });

  it('take precedence over rate faults', async () => {
    sandbox.setFaults({ rate429: 1 });
    sandbox.script([{ status: 502 }]);
    expect((await importOne()).status).toBe(502);
    expect((await importOne()).status).toBe(429);
  });

  it('wait for a request to their path', async () => {
    sandbox.script([{ path: EVENTS, status: 500 }, { status: 504 }]);
    expect((await importOne()).status).toBe(504);
    expect((await post(sandbox, EVENTS, eventsBody([roktEvent()]))).status).toBe(500);
    expect((await importOne()).status).toBe(200);
  });

  it('drop the connection', async () => {
    sandbox.script([{ drop: true }]);
    await expect(importOne()).rejects.toThrow();
    expect((await importOne()).status).toBe(200);
  });

  it('delay and then handle the request', async () => {
    sandbox.script([{ delayMs: 100 }]);
    expect((await importOne()).status).toBe(200);
    expect(sandbox.requests()[0]?.durationMs).toBeGreaterThanOrEqual(90);
  });

  it('fail the listed events as unprocessed and store the others', async () => {
    const events = [roktEvent(), roktEvent(), roktEvent()];
    sandbox.script([{ path: EVENTS, unprocessed: [0, 2] }]);
    const answer = await post(sandbox, EVENTS, eventsBody(events));
    expect(unprocessed(answer).map((entry) => entry.record)).toEqual([events[0], events[2]]);
    expect(sandbox.eventsFor(ACCOUNT_ID).map((event) => event.clientEventId)).toEqual([
      events[1]?.clientEventId,
    ]);
  });

  it('are replaced by a new script and forgotten on reset', async () => {
    sandbox.script([{ status: 500 }, { status: 500 }]);
    sandbox.script([{ status: 502 }]);
    expect((await importOne()).status).toBe(502);
    expect((await importOne()).status).toBe(200);
    sandbox.script([{ status: 500 }]);
    sandbox.reset();
    expect((await importOne()).status).toBe(200);
  });

  it('reject invalid entries', () => {
    expect(() => sandbox.script([{ status: 200 }])).toThrow(/status/);
    expect(() => sandbox.script([{ status: 500, drop: true }])).toThrow(/only one/);
    expect(() => sandbox.script([{ unprocessed: [-1] }])).toThrow(/unprocessed/);
  });
});
