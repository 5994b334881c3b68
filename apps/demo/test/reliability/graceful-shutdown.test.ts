import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, membershipMessage, secrets } from '../server/stack.js';
import { type ServerProcess, spawnServer } from './server-process.js';

const messages = 20;
const profilesPerMessage = 1_000;
const total = messages * profilesPerMessage;

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(`${url}/firehose`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Token ${secrets.firehoseToken}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('graceful shutdown', () => {
  let directory: string;
  let sandbox: RoktSandbox;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'forwarder-shutdown-'));
    sandbox = await startSandbox({
      credentials: { apiKey: secrets.apiKey },
      faults: { rateDelay: 1, delayMs: 80 },
    });
  });
  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGKILL');
    await sandbox?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('on SIGTERM stops accepting, exits 0, and loses nothing', async () => {
    const databasePath = join(directory, 'forwarder.db');
    const start = () =>
      spawnServer({
        databasePath,
        roktUrl: sandbox.url,
        firehoseToken: secrets.firehoseToken,
        adminToken: secrets.adminToken,
        workers: 2,
      });
    const first = await start();
    servers.push(first);
    for (let index = 0; index < messages; index += 1) {
      const message = membershipMessage({
        id: `term-${index}`,
        accountId: '920001',
        first: 2_000_000 + index * profilesPerMessage,
        count: profilesPerMessage,
        audienceName: 'Shutdown List',
      });
      expect(await post(first.url, message)).toBe(200);
    }
    await eventually(
      () => (sandbox.state().accounts['920001']?.events.count ?? 0) >= 1_000,
      60_000,
      'some events',
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('server stopped');
    await expect(post(first.url, membershipMessage({ id: 'late', count: 1 }))).rejects.toThrow();
    const afterStop = sandbox.state().accounts['920001']!.events.count;
    expect(afterStop).toBeLessThan(total);

    const second = await start();
    servers.push(second);
    await eventually(() => sandbox.state().accounts['920001']?.events.count === total, 120_000, 'all events');
    const account = sandbox.state().accounts['920001']!;
    expect(account.lists['Shutdown List']!.included).toHaveLength(total);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
