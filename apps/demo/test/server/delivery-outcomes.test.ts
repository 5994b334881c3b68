import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, membershipMessage, type Stack, secrets, startStack } from './stack.js';

type Entry = { messageId: string; status: string; reasons: Record<string, number>; outputId: number | null };

describe('delivery outcomes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const entriesOf = async (messageId: string): Promise<Entry[]> =>
    ((await stack.admin('GET', '/api/deliveries?limit=200')).body as Entry[]).filter(
      (entry) => entry.messageId === messageId,
    );

  it('puts a message back after retryable failures and delivers it later', async () => {
    // Four 503s: both attempts of the first claim fail, then the item is claimed again.
    stack.sandbox.script(Array.from({ length: 4 }, () => ({ path: '/v3/import/suppression', status: 503 })));
    await stack.firehose(membershipMessage({ id: 'retry-later', accountId: '930001', count: 3 }));
    await eventually(
      () => stack.sandbox.state().accounts['930001']?.lists['Crash Test List']?.included.length === 3,
    );
    await eventually(async () =>
      (await entriesOf('retry-later')).some((entry) => entry.status === 'delivered'),
    );
    const statuses = (await entriesOf('retry-later')).map((entry) => entry.status).reverse();
    expect(statuses[0]).toBe('retrying');
    expect(statuses.at(-1)).toBe('delivered');
    expect((await entriesOf('retry-later'))[1]!.reasons).toMatchObject({ http_503: 3 });
  });

  it('records a permanent failure once and does not retry it', async () => {
    stack.sandbox.script([{ path: '/v3/import/suppression', status: 400 }]);
    await stack.firehose(membershipMessage({ id: 'permanent', accountId: '930002', count: 2 }));
    await eventually(async () => (await entriesOf('permanent')).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const entries = await entriesOf('permanent');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: 'failed', reasons: { http_400: 2 } });
    expect(stack.sandbox.state().accounts['930002']?.lists['Crash Test List']).toBeUndefined();
  });

  it('suspends an output whose credentials are rejected and resumes once it is saved again', async () => {
    const settings = { configurationName: 'Suspend me', accountId: '930003', apiKey: secrets.apiKey };
    const output = (await stack.admin('POST', '/api/outputs', { settings })).body.output;
    const audienceId = (await stack.admin('POST', '/api/audiences', { name: 'Suspended List' })).body.id;
    const connection = (await stack.admin('POST', '/api/connections', { audienceId, outputId: output.id }))
      .body;
    await stack.admin('PUT', `/api/connections/${connection.id}`, { status: 'active' });
    stack.sandbox.script([{ path: '/v3/import/suppression', status: 401 }]);
    await stack.admin('POST', `/api/audiences/${audienceId}/members`, {
      action: 'add',
      members: [{ mpid: '42', email: 'late@example.com' }],
    });
    await eventually(
      async () => (await stack.admin('GET', `/api/outputs/${output.id}`)).body.status === 'suspended',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stack.sandbox.state().accounts['930003']?.lists['Suspended List']).toBeUndefined();
    expect((await stack.admin('GET', '/api/stats')).body.queue.pending).toBeGreaterThanOrEqual(1);

    const saved = await stack.admin('PUT', `/api/outputs/${output.id}`, { settings });
    expect(saved.body.output.status).toBe('ok');
    await eventually(
      () =>
        stack.sandbox.state().accounts['930003']?.lists['Suspended List']?.included[0] === 'late@example.com',
    );
  });
});
