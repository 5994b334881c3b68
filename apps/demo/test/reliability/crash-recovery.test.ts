import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, membershipMessage, secrets } from '../server/stack.js';
import { type ServerProcess, spawnServer } from './server-process.js';

const messages = 50;
const profilesPerMessage = 1_000;
const total = messages * profilesPerMessage;
const list = 'Crash Test List';

async function post(server: ServerProcess, body: unknown): Promise<number> {
  const response = await fetch(`${server.url}/firehose`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Token ${secrets.firehoseToken}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function queueStats(server: ServerProcess) {
  const response = await fetch(`${server.url}/api/stats`, {
    headers: { authorization: `Bearer ${secrets.adminToken}` },
  });
  return (
    (await response.json()) as { queue: { pending: number; inFlight: number; done: number; failed: number } }
  ).queue;
}

describe('crash recovery', () => {
  let directory: string;
  let sandbox: RoktSandbox;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'forwarder-crash-'));
    sandbox = await startSandbox({
      credentials: { apiKey: secrets.apiKey },
      faults: { rateDelay: 1, delayMs: 60, rate5xx: 0.05, status5xx: 503, seed: 7 },
    });
  });
  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGKILL');
    await sandbox?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('delivers every one of 50,000 profiles exactly once after a SIGKILL during delivery', async () => {
    const databasePath = join(directory, 'forwarder.db');
    const start = () =>
      spawnServer({
        databasePath,
        roktUrl: sandbox.url,
        firehoseToken: secrets.firehoseToken,
        adminToken: secrets.adminToken,
      });
    const first = await start();
    servers.push(first);
    const statuses: number[] = [];
    for (let index = 0; index < messages; index += 1) {
      const message = membershipMessage({
        id: `crash-${index}`,
        accountId: '910001',
        first: 1_000_000 + index * profilesPerMessage,
        count: profilesPerMessage,
        audienceName: list,
      });
      statuses.push(await post(first, message));
    }
    expect(statuses.every((status) => status === 200)).toBe(true);

    // Kill the server while deliveries are under way.
    await eventually(
      () => (sandbox.state().accounts['910001']?.events.count ?? 0) >= 5_000,
      60_000,
      'some events',
    );
    const before = sandbox.state().accounts['910001']!;
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(before.events.count).toBeLessThan(total);

    // Restart on the same database: the rest is delivered.
    const second = await start();
    servers.push(second);
    await eventually(
      async () => {
        const stats = await queueStats(second);
        return stats.pending === 0 && stats.inFlight === 0 && stats.done + stats.failed === messages;
      },
      120_000,
      'the queue to drain',
    );
    const stats = await queueStats(second);
    expect(stats).toEqual({ pending: 0, inFlight: 0, done: messages, failed: 0 });

    const account = sandbox.state().accounts['910001']!;
    const expected = Array.from(
      { length: total },
      (_, index) => `user${1_000_000 + index}@example.com`,
    ).sort();
    expect(account.lists[list]!.included).toEqual(expected);
    expect(account.lists[list]!.excluded).toEqual([]);
    expect(account.events.count).toBe(total);
    expect(account.events.byAudience['456']).toEqual({ add: total, delete: 0, attribute_update: 0 });
    const memberships = sandbox.memberships('910001')['456']!;
    expect(Object.keys(memberships)).toHaveLength(total);

    const output = first.output() + second.output();
    expect(output).not.toContain(secrets.apiKey);
    expect(output).not.toContain(secrets.firehoseToken);
    expect(output).not.toContain(secrets.adminToken);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
