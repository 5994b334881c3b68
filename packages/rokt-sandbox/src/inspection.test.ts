import { describe, expect, it } from 'vitest';
import type { SandboxState } from './sandbox-state.js';
import {
  ACCOUNT_ID,
  API_KEY,
  errorCode,
  eventsBody,
  get,
  listImport,
  post,
  roktEvent,
} from './test-support/sandbox-client.js';
import { useSandbox } from './test-support/use-sandbox.js';

const lines: string[] = [];
const sandbox = useSandbox(
  { credentials: { apiKey: API_KEY }, requestLogSize: 3, logger: (line) => lines.push(line) },
  (started) => {
    started.setFaults({});
    started.reset();
    lines.length = 0;
  },
);

describe('inspection API', () => {
  it('GET /_sandbox/state serves the same state as state()', async () => {
    await post(sandbox, '/v3/import/suppression', listImport());
    const answer = await get(sandbox, '/_sandbox/state');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(sandbox.state());
    expect(
      (answer.json as SandboxState).accounts[ACCOUNT_ID]?.lists['High Value Shoppers']?.included,
    ).toEqual(['a@b.com']);
  });

  it('POST /_sandbox/reset forgets state and statistics', async () => {
    await post(sandbox, '/v3/import/suppression', listImport());
    const answer = await post(sandbox, '/_sandbox/reset', undefined, { raw: '' });
    expect(answer.status).toBe(200);
    expect(sandbox.state()).toEqual({
      accounts: {},
      requests: { total: 0, byStatus: {}, faultsInjected: 0 },
    });
    expect(sandbox.requests()).toEqual([]);
  });

  it('POST /_sandbox/faults changes the rate faults at run time', async () => {
    const answer = await post(sandbox, '/_sandbox/faults', { rate429: 1, retryAfterSeconds: 2 });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ rate429: 1, retryAfterSeconds: 2 });
    const faulted = await post(sandbox, '/v3/import/suppression', listImport());
    expect(faulted.status).toBe(429);
    expect(faulted.headers.get('retry-after')).toBe('2');
  });

  it('POST /_sandbox/faults rejects invalid options with 400 and keeps the old ones', async () => {
    sandbox.setFaults({ rate5xx: 1, status5xx: 500 });
    const answer = await post(sandbox, '/_sandbox/faults', { rate429: -1 });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('RequestValidationError');
    expect(sandbox.faults()).toEqual({ rate5xx: 1, status5xx: 500 });
  });

  it('POST /_sandbox/faults rejects a body that is not JSON', async () => {
    const answer = await post(sandbox, '/_sandbox/faults', undefined, { raw: '{' });
    expect(errorCode(answer)).toBe('RequestJsonUnmarshalError');
  });

  it('POST /_sandbox/script queues scripted faults', async () => {
    const answer = await post(sandbox, '/_sandbox/script', [{ status: 504 }]);
    expect(answer.json).toEqual({ scripted: 1 });
    expect((await post(sandbox, '/v3/import/suppression', listImport())).status).toBe(504);
  });

  it('GET /_sandbox/requests lists recent requests in a bounded buffer, oldest first', async () => {
    for (const list of ['a', 'b', 'c', 'd']) {
      await post(sandbox, '/v3/import/suppression', listImport({ list }));
    }
    const answer = await get(sandbox, '/_sandbox/requests');
    const recorded = answer.json as {
      id: number;
      body: string;
      status: number;
      headers: Record<string, string>;
    }[];
    expect(recorded.map((entry) => JSON.parse(entry.body).list)).toEqual(['b', 'c', 'd']);
    expect(recorded.every((entry) => entry.status === 200 && entry.headers.authorization === '***')).toBe(
      true,
    );
    expect(sandbox.state().requests.total).toBe(4);
  });

  it('does not record or count inspection requests', async () => {
    await get(sandbox, '/_sandbox/state');
    expect(sandbox.requests()).toEqual([]);
    expect(sandbox.state().requests.total).toBe(0);
  });

  it('GET /_sandbox/events, /memberships and /lists expose stored data', async () => {
    const event = roktEvent();
    await post(sandbox, '/v2/events', eventsBody([event]));
    await post(sandbox, '/v3/import/suppression', listImport());
    expect((await get(sandbox, `/_sandbox/events?accountId=${ACCOUNT_ID}`)).json).toEqual([event]);
    expect((await get(sandbox, `/_sandbox/memberships?accountId=${ACCOUNT_ID}`)).json).toEqual({
      '456': { '12345': 'add' },
    });
    const lists = await get(sandbox, `/_sandbox/lists?accountId=${ACCOUNT_ID}&list=High+Value+Shoppers`);
    expect(lists.json).toEqual({ included: [{ identifier: 'a@b.com', kind: 'email' }], excluded: [] });
  });

  it('requires the accountId query parameter', async () => {
    const answer = await get(sandbox, '/_sandbox/events');
    expect(answer.status).toBe(400);
  });

  it('answers 404 for an unknown inspection endpoint and 405 for a wrong method', async () => {
    expect((await get(sandbox, '/_sandbox/nothing')).status).toBe(404);
    const wrong = await get(sandbox, '/_sandbox/reset');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('logs one line per Rokt request without secrets', async () => {
    sandbox.script([{ status: 503 }]);
    await post(sandbox, '/v3/import/suppression', listImport());
    await post(sandbox, '/v3/import/suppression', listImport());
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^POST \/v3\/import\/suppression -> 503 in \d+ ms \[fault: scripted, status 503\]$/,
    );
    expect(lines[1]).toMatch(/-> 200 in/);
    expect(lines.join('\n')).not.toContain(API_KEY);
  });
});

describe('routing', () => {
  it('answers 404 in the Rokt error shape for an unknown path', async () => {
    const answer = await post(sandbox, '/v3/unknown', {});
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe('NotFound');
  });

  it('answers 405 with Allow: POST for another method on a Rokt endpoint', async () => {
    const answer = await post(sandbox, '/v2/events', undefined, { method: 'GET' });
    expect(answer.status).toBe(405);
    expect(errorCode(answer)).toBe('MethodNotAllowed');
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it('counts answers by status', async () => {
    await post(sandbox, '/v3/unknown', {});
    await post(sandbox, '/v3/auth-check', { accountId: ACCOUNT_ID });
    expect(sandbox.state().requests.byStatus).toEqual({ '200': 1, '404': 1 });
  });

  it('serves the audience and events endpoints from the same base URL', async () => {
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect((await post(sandbox, '/v3/auth-check', { accountId: ACCOUNT_ID })).status).toBe(200);
    expect((await post(sandbox, '/v2/events', eventsBody([roktEvent()]))).status).toBe(200);
  });
});
