import { clientEventIdFor } from '@forwarder/rokt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Stack, secrets, startStack } from '../server/stack.js';

/**
 * 100,000 profiles posted to `POST /firehose` (100 messages of 1,000) while the sandbox injects
 * 20% 503s, 5% 429s with `Retry-After: 1`, 10% delayed answers and 2% dropped connections (seeded):
 * once the queue has drained, the list holds exactly the expected members and every event was
 * stored once, under the `clientEventId` it was meant to have.
 *
 * Ordering: the server delivers each partition (here: each of four mParticle accounts) in order,
 * the partitions side by side, and within one message the plugin sends its requests concurrently.
 * Addresses of different partitions have no order between them, so this data touches each address
 * with one action only: 70% are added, 30% deleted. The deleted ones (and 1,000 bystanders nobody touches) are
 * put on the list beforehand, straight into the sandbox, so that the deletes remove real members.
 */

const accountId = '930001';
const list = 'Fault Test List';
const audienceId = 456;
const messages = 100;
const profilesPerMessage = 1_000;
const total = messages * profilesPerMessage;
const bystanders = 1_000;

const emailOf = (index: number) => `fault-user-${index}@example.com`;
const mpidOf = (index: number) => String(5_000_000 + index);
const actionOf = (index: number): 'add' | 'delete' => (index % 10 < 3 ? 'delete' : 'add');
const messageIdOf = (message: number) => `fault-message-${message}`;

function message(number: number) {
  const first = number * profilesPerMessage;
  return {
    type: 'audience_membership_change_request',
    id: messageIdOf(number),
    timestamp_ms: 1_714_592_744_065,
    firehose_version: '3.2.0',
    account: {
      // Four mParticle accounts feeding one Rokt list: four queue partitions, each delivered in
      // order, the four side by side (the workers' parallelism is exercised too).
      account_id: 9300 + (number % 4),
      account_settings: {
        configurationName: 'Fault test',
        accountId,
        apiKey: secrets.apiKey,
        emailEncoding: 'Raw',
      },
    },
    user_profiles: Array.from({ length: profilesPerMessage }, (_, offset) => ({
      mpid: mpidOf(first + offset),
      user_identities: [{ type: 'email', encoding: 'raw', value: emailOf(first + offset) }],
      audiences: [
        {
          audience_id: audienceId,
          audience_name: list,
          audience_subscription_settings: {},
          action: actionOf(first + offset),
        },
      ],
    })),
  };
}

describe('delivery through the server under injected faults', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      server: {
        logLevel: 'warn',
        workers: 4,
        // Few transport retries per request, so that about one message in five fails as a whole and
        // is delivered again by the queue (short back-off for the test): re-sends of stored events.
        retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 200, maxTotalMs: 10_000 },
        queue: { pollMs: 20, retryBaseMs: 100, maxAttempts: 10 },
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('ends with exactly the expected list and every event stored once', async () => {
    // Members before the run: the addresses the run deletes, and bystanders.
    const before = [
      ...Array.from({ length: total }, (_, index) => index).filter((index) => actionOf(index) === 'delete'),
      ...Array.from({ length: bystanders }, (_, index) => total + index),
    ].map(emailOf);
    for (let start = 0; start < before.length; start += 10_000) {
      const response = await fetch(`${stack.sandbox.url}/v3/import/suppression`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: secrets.apiKey },
        body: JSON.stringify({
          accountId,
          list,
          action: 'include',
          emails: before.slice(start, start + 10_000),
        }),
      });
      expect(response.status, await response.text()).toBe(200);
    }
    expect(stack.sandbox.state().accounts[accountId]!.lists[list]!.included).toHaveLength(before.length);

    stack.sandbox.setFaults({
      rate5xx: 0.2,
      status5xx: 503,
      rate429: 0.05,
      retryAfterSeconds: 1,
      rateDelay: 0.1,
      delayMs: 200,
      rateDrop: 0.02,
      seed: 20_260_101,
    });

    // Post the messages, four at a time.
    const answers: { status: number; suspend: unknown }[] = [];
    for (let start = 0; start < messages; start += 4) {
      const batch = Array.from({ length: Math.min(4, messages - start) }, (_, offset) =>
        stack.firehose(message(start + offset)),
      );
      for (const answer of await Promise.all(batch)) {
        answers.push({ status: answer.status, suspend: answer.body?.suspend_subscription });
      }
    }
    expect(answers.filter((answer) => answer.status !== 200 || answer.suspend !== false)).toEqual([]);

    await eventually(
      async () => {
        const { queue } = (await stack.admin('GET', '/api/stats')).body;
        return queue.pending === 0 && queue.inFlight === 0 && queue.done + queue.failed === messages;
      },
      110_000,
      'the queue to drain',
    );
    expect((await stack.admin('GET', '/api/stats')).body.queue).toEqual({
      pending: 0,
      inFlight: 0,
      done: messages,
      failed: 0,
    });

    const state = stack.sandbox.state();
    // The faults really happened.
    expect(state.requests.byStatus['503'] ?? 0).toBeGreaterThan(100);
    expect(state.requests.byStatus['429'] ?? 0).toBeGreaterThan(20);
    expect(state.requests.byStatus.dropped ?? 0).toBeGreaterThan(5);

    // The list: exactly the adds and the bystanders; the deletes excluded.
    const indexes = Array.from({ length: total }, (_, index) => index);
    const added = indexes.filter((index) => actionOf(index) === 'add').map(emailOf);
    const deleted = indexes.filter((index) => actionOf(index) === 'delete').map(emailOf);
    const listState = state.accounts[accountId]!.lists[list]!;
    expect(listState.included).toEqual(
      [...added, ...Array.from({ length: bystanders }, (_, index) => emailOf(total + index))].sort(),
    );
    expect(listState.excluded).toEqual([...deleted].sort());

    // Events: the set of ids is exactly the expected set; re-sends of an id are only counted.
    const expectedIds = new Set<string>();
    for (let number = 0; number < messages; number += 1) {
      for (let offset = 0; offset < profilesPerMessage; offset += 1) {
        const index = number * profilesPerMessage + offset;
        expectedIds.add(clientEventIdFor(messageIdOf(number), mpidOf(index), audienceId, actionOf(index)));
      }
    }
    const events = stack.sandbox.eventsFor(accountId);
    const storedIds = new Set(events.map((event) => event.clientEventId));
    expect(events).toHaveLength(total);
    expect(storedIds.size).toBe(total);
    expect([...storedIds].filter((id) => !expectedIds.has(id))).toEqual([]);
    expect(state.accounts[accountId]!.events.count).toBe(total);
    expect(state.accounts[accountId]!.events.byAudience[String(audienceId)]).toEqual({
      add: added.length,
      delete: deleted.length,
      attribute_update: 0,
    });
    // Whole messages were delivered again after failures; their re-sent events were not stored twice.
    const log = (await stack.admin('GET', '/api/deliveries?limit=500')).body as { status: string }[];
    expect(log.filter((entry) => entry.status === 'retrying').length).toBeGreaterThan(0);
    expect(state.accounts[accountId]!.events.duplicates).toBeGreaterThan(0);

    const logs = stack.logs.join('');
    expect(logs).not.toContain(secrets.apiKey);
    expect(logs).not.toContain(secrets.firehoseToken);
  }, 150_000);
});
