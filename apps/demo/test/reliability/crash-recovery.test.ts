import { describe, expect, it } from 'vitest';
import { eventually, membershipMessage, secrets } from '../server/stack.js';
import { postFirehose, queueStats, useServerProcesses } from './server-process.js';

const messages = 50;
const profilesPerMessage = 1_000;
const total = messages * profilesPerMessage;
const list = 'Crash Test List';

describe('crash recovery', () => {
  const processes = useServerProcesses({
    directoryPrefix: 'forwarder-crash-',
    faults: { rateDelay: 1, delayMs: 60, rate5xx: 0.05, status5xx: 503, seed: 7 },
  });

  it('delivers every one of 50,000 profiles exactly once after a SIGKILL during delivery', async () => {
    const sandbox = processes.sandbox;
    const first = await processes.start();
    const statuses: number[] = [];
    for (let index = 0; index < messages; index += 1) {
      const message = membershipMessage({
        id: `crash-${index}`,
        accountId: '910001',
        first: 1_000_000 + index * profilesPerMessage,
        count: profilesPerMessage,
        audienceName: list,
      });
      statuses.push(await postFirehose(first.url, message));
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
    const second = await processes.start();
    await eventually(
      async () => {
        const stats = await queueStats(second.url);
        return stats.pending === 0 && stats.inFlight === 0 && stats.done + stats.failed === messages;
      },
      120_000,
      'the queue to drain',
    );
    const stats = await queueStats(second.url);
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
