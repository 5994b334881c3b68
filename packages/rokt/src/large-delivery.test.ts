import type { UserProfile } from '@forwarder/core';
import { type DeliveryReport, emptyDeliveryReport, mergeDeliveryReports } from '@forwarder/integration';
import { expect, it } from 'vitest';
import { clientEventIdFor } from './client-event-id.js';
import { ACCOUNT_ID, accountSettings, changeOf, sha256, useKit } from './test-support/rokt-test-kit.js';

const MESSAGES = 100;
const PROFILES_PER_MESSAGE = 1_000;
const USERS = 20_000;
const AUDIENCES = [
  { id: 101, name: 'Big Spenders' },
  { id: 102, name: 'Window Shoppers' },
  { id: 103, name: 'Lapsed Buyers' },
] as const;

/** A small deterministic generator (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

interface User {
  mpid: string;
  /** The address as it arrives (mixed case, spaces) or its SHA-256. */
  email: string;
  emailHashed: boolean;
  /** What Rokt should store: the normalised address or the hash. */
  identifier: string;
  valid: boolean;
  mobile: string | undefined;
}

const kit = useKit({
  sandbox: {
    faults: {
      seed: 20261129,
      rate5xx: 0.1,
      rate429: 0.05,
      retryAfterSeconds: 0,
      rateDelay: 0.05,
      delayMs: 5,
      rateDrop: 0.02,
    },
    requestLogSize: 10,
  },
  resetBeforeEach: false,
});

it('delivers 100,000 profiles through faults, leaving exactly the expected lists and every event once', async () => {
  const random = seededRandom(7);
  const users: User[] = Array.from({ length: USERS }, (_, index) => {
    const address = `user${index}@example.com`;
    const emailHashed = random() < 0.3;
    const valid = random() >= 0.01;
    const arriving = valid
      ? index % 2 === 0
        ? ` User${index}@Example.COM `
        : address
      : `user${index}.example.com`;
    return {
      mpid: String(1_000_000 + index),
      email: emailHashed ? sha256(address) : arriving,
      emailHashed,
      identifier: emailHashed ? sha256(address) : address,
      valid: emailHashed || valid,
      mobile: random() < 0.5 ? `+1 (555) ${String(index).padStart(7, '0')}` : undefined,
    };
  });

  const expectedLists = new Map<string, Map<string, 'include' | 'exclude'>>(
    AUDIENCES.map((audience) => [audience.name, new Map()]),
  );
  const expectedEvents = new Map<string, { audienceId: string; action: string; mpid: string }>();
  let expectedAddresses = 0;
  let invalidEmails = 0;

  const messages = Array.from({ length: MESSAGES }, (_, messageIndex) => {
    const id = `large-${messageIndex}`;
    const chosen = new Set<number>();
    while (chosen.size < PROFILES_PER_MESSAGE) chosen.add(Math.floor(random() * USERS));
    const profiles: UserProfile[] = [];
    for (const userIndex of chosen) {
      const user = users[userIndex]!;
      if (!user.valid) invalidEmails++;
      const entries = AUDIENCES.filter(() => random() < 0.5);
      if (entries.length === 0) entries.push(AUDIENCES[userIndex % AUDIENCES.length]!);
      const audiences = entries.map((audience): NonNullable<UserProfile['audiences']>[number] => {
        const roll = random();
        const action = roll < 0.55 ? 'add' : roll < 0.9 ? 'delete' : ('attribute_update' as const);
        if (user.valid && action !== 'attribute_update') {
          expectedLists.get(audience.name)!.set(user.identifier, action === 'add' ? 'include' : 'exclude');
          expectedAddresses++;
        }
        expectedEvents.set(clientEventIdFor(id, user.mpid, audience.id, action), {
          audienceId: String(audience.id),
          action,
          mpid: user.mpid,
        });
        return {
          audience_id: audience.id,
          audience_name: audience.name,
          action,
          audience_subscription_settings: {
            hashLastName: 'true',
            forwardedAttributes: '["$lastname","Tier"]',
          },
          user_attributes: [
            { key: '$LastName', value: ` Smith ${userIndex % 7} `, action: 'upsert' as const },
            { key: 'Tier', value: ['gold', 'silver'][userIndex % 2]!, action: 'upsert' as const },
            { key: 'Ignored', value: 'x', action: 'upsert' as const },
          ],
        };
      });
      profiles.push({
        mpid: user.mpid,
        user_identities: [
          { type: 'email', encoding: user.emailHashed ? 'sha256' : 'raw', value: user.email },
          ...(user.mobile === undefined
            ? []
            : [{ type: 'mobile_number', encoding: 'raw' as const, value: user.mobile }]),
        ],
        audiences,
      });
    }
    return changeOf(profiles, accountSettings({ mobileEncoding: 'Sha256' }), { id });
  });

  const processor = kit.processorWith({
    retry: { attempts: 12, baseDelayMs: 1, maxDelayMs: 20, maxTotalMs: 30_000 },
    batch: { addressesPerRequest: 250 },
    concurrency: 8,
  });
  const total: DeliveryReport = emptyDeliveryReport();
  for (const message of messages) {
    const { report, response } = await processor.process(message);
    expect(response).toMatchObject({ suspend_subscription: false });
    mergeDeliveryReports(total, report);
  }

  expect(total.failed).toBe(0);
  expect(total.profiles).toBe(MESSAGES * PROFILES_PER_MESSAGE);
  expect(total.delivered).toBe(expectedAddresses + expectedEvents.size);
  expect(total.skippedReasons.invalid_email).toBe(invalidEmails);
  expect(total.skippedReasons.attribute_not_selected).toBe(expectedEvents.size);

  const state = kit.sandbox.state();
  expect(state.requests.faultsInjected).toBeGreaterThan(100);
  const account = state.accounts[ACCOUNT_ID]!;
  for (const audience of AUDIENCES) {
    const expected = expectedLists.get(audience.name)!;
    const included = [...expected]
      .filter(([, action]) => action === 'include')
      .map(([identifier]) => identifier);
    const excluded = [...expected]
      .filter(([, action]) => action === 'exclude')
      .map(([identifier]) => identifier);
    expect(account.lists[audience.name]).toEqual({ included: included.sort(), excluded: excluded.sort() });
  }

  expect(account.events.count).toBe(expectedEvents.size);
  expect(account.events.duplicates).toBe(0);
  const stored = kit.sandbox.eventsFor(ACCOUNT_ID);
  expect(stored).toHaveLength(expectedEvents.size);
  for (const event of stored) {
    const expected = expectedEvents.get(event.clientEventId);
    expect(expected).toBeDefined();
    const meta = Object.fromEntries(event.metaData.map((entry) => [entry.name, entry.value]));
    expect([meta.audienceId, meta.membershipAction, event.objectData[0]?.value]).toEqual([
      expected!.audienceId,
      expected!.action,
      expected!.mpid,
    ]);
  }
  const sample = stored[0]!;
  const names = sample.objectData.map((entry) => entry.name);
  expect(names).toContain('lastnamesha256');
  expect(names).toContain('Tier');
  expect(names).not.toContain('Ignored');
}, 120_000);
