import { describe, expect, it } from 'vitest';
import { eventually, membershipMessage } from '../server/stack.js';
import { postFirehose, useServerProcesses } from './server-process.js';

const messages = 20;
const profilesPerMessage = 1_000;
const total = messages * profilesPerMessage;

describe('graceful shutdown', () => {
  const processes = useServerProcesses({
    directoryPrefix: 'forwarder-shutdown-',
    faults: { rateDelay: 1, delayMs: 80 },
    workers: 2,
  });

  it('on SIGTERM stops accepting, exits 0, and loses nothing', async () => {
    const sandbox = processes.sandbox;
    const first = await processes.start();
    for (let index = 0; index < messages; index += 1) {
      const message = membershipMessage({
        id: `term-${index}`,
        accountId: '920001',
        first: 2_000_000 + index * profilesPerMessage,
        count: profilesPerMessage,
        audienceName: 'Shutdown List',
      });
      expect(await postFirehose(first.url, message)).toBe(200);
    }
    await eventually(
      () => (sandbox.state().accounts['920001']?.events.count ?? 0) >= 1_000,
      60_000,
      'some events',
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('server stopped');
    await expect(postFirehose(first.url, membershipMessage({ id: 'late', count: 1 }))).rejects.toThrow();
    const afterStop = sandbox.state().accounts['920001']!.events.count;
    expect(afterStop).toBeLessThan(total);

    const second = await processes.start();
    await eventually(() => sandbox.state().accounts['920001']?.events.count === total, 120_000, 'all events');
    const account = sandbox.state().accounts['920001']!;
    expect(account.lists['Shutdown List']!.included).toHaveLength(total);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
