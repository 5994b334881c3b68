import { describe, expect, it } from 'vitest';
import { clientEventIdFor } from './client-event-id.js';
import { audienceOf, bodiesTo, changeOf, profileOf, sha256, useKit } from './test-support/rokt-test-kit.js';

const kit = useKit();

/** Request bodies in a stable order (requests of one message run concurrently). */
const sortedBodies = (path: string) =>
  bodiesTo(kit.sandbox, path).sort((left, right) =>
    JSON.stringify(left).localeCompare(JSON.stringify(right)),
  );

describe('membership actions', () => {
  it('add → include, delete → exclude, attribute_update → no list import; each an event with its action', async () => {
    const message = changeOf([
      profileOf({
        mpid: '100',
        email: 'ann@example.com',
        audiences: [
          audienceOf(1, 'High Value Shoppers', 'add'),
          audienceOf(2, 'Lapsed', 'delete'),
          audienceOf(3, 'Loyal', 'attribute_update', {
            attributes: [{ key: 'Tier', value: 'gold', action: 'upsert' }],
          }),
        ],
      }),
    ]);
    const { report, response } = await kit.processor.process(message);
    expect(response).toMatchObject({
      type: 'audience_membership_change_response',
      suspend_subscription: false,
    });
    expect(sortedBodies('/v3/import/suppression')).toEqual([
      { accountId: '123456', list: 'High Value Shoppers', action: 'include', emails: ['ann@example.com'] },
      { accountId: '123456', list: 'Lapsed', action: 'exclude', emails: ['ann@example.com'] },
    ]);
    const events = kit.sandbox.eventsFor('123456');
    expect(events.map((event) => event.metaData)).toEqual([
      [
        { name: 'audienceId', value: '1' },
        { name: 'audienceName', value: 'High Value Shoppers' },
        { name: 'membershipAction', value: 'add' },
      ],
      [
        { name: 'audienceId', value: '2' },
        { name: 'audienceName', value: 'Lapsed' },
        { name: 'membershipAction', value: 'delete' },
      ],
      [
        { name: 'audienceId', value: '3' },
        { name: 'audienceName', value: 'Loyal' },
        { name: 'membershipAction', value: 'attribute_update' },
      ],
    ]);
    for (const event of events) {
      expect(event.eventType).toBe('audiencemembershipupdate');
      expect(event.eventTime).toBe('2026-11-29T10:00:00.000Z');
      const [audienceId, , action] = event.metaData.map((entry) => entry.value);
      expect(event.clientEventId).toBe(clientEventIdFor(message.id, '100', Number(audienceId), action!));
    }
    expect(events[2]?.objectData).toContainEqual({ name: 'Tier', value: 'gold' });
    expect(report.byAudience).toEqual({
      '1': { delivered: { included: 1, events: 1 }, skipped: 0, failed: 0 },
      '2': { delivered: { excluded: 1, events: 1 }, skipped: 0, failed: 0 },
      '3': { delivered: { events: 1 }, skipped: 0, failed: 0 },
    });
    expect(report).toMatchObject({ profiles: 1, requests: 3, delivered: 5, skipped: 0, failed: 0 });
    for (const request of kit.sandbox.requests()) {
      expect(request.headers).toMatchObject({
        'content-type': 'application/json',
        'user-agent': 'forwarder-rokt/0.1.0',
        authorization: '***',
      });
      expect(request.headers['rokt-version']).toBe(request.path === '/v2/events' ? '2020-05-21' : undefined);
    }
  });

  it('a delete after an add leaves the address excluded', async () => {
    await kit.processor.process(
      changeOf([profileOf({ mpid: '1', email: 'a@b.com', audiences: [audienceOf(1, 'L', 'add')] })]),
    );
    expect(kit.sandbox.state().accounts['123456']?.lists.L).toEqual({ included: ['a@b.com'], excluded: [] });
    await kit.processor.process(
      changeOf([profileOf({ mpid: '1', email: 'a@b.com', audiences: [audienceOf(1, 'L', 'delete')] })]),
    );
    expect(kit.sandbox.state().accounts['123456']?.lists.L).toEqual({ included: [], excluded: ['a@b.com'] });
    expect(kit.sandbox.memberships('123456')).toEqual({ '1': { '1': 'delete' } });
  });

  it('uses the audience name exactly as the list name', async () => {
    const name = '  Mixed Case / Ünïcode – list  ';
    await kit.processor.process(
      changeOf([profileOf({ mpid: '1', email: 'a@b.com', audiences: [audienceOf(1, name, 'add')] })]),
    );
    expect(bodiesTo(kit.sandbox, '/v3/import/suppression')[0]?.list).toBe(name);
    expect(kit.sandbox.listMembers('123456', name).included).toHaveLength(1);
  });

  it('sends plain and hashed addresses of one list and action in separate requests, never mixed', async () => {
    const digest = sha256('hashed@example.com');
    await kit.processor.process(
      changeOf([
        profileOf({ mpid: '1', email: 'plain@example.com', audiences: [audienceOf(1, 'L', 'add')] }),
        profileOf({
          mpid: '2',
          email: digest,
          emailEncoding: 'sha256',
          audiences: [audienceOf(1, 'L', 'add')],
        }),
        profileOf({ mpid: '3', email: 'other@example.com', audiences: [audienceOf(1, 'L', 'add')] }),
      ]),
    );
    expect(sortedBodies('/v3/import/suppression')).toEqual([
      {
        accountId: '123456',
        list: 'L',
        action: 'include',
        emails: ['plain@example.com', 'other@example.com'],
      },
      { accountId: '123456', list: 'L', action: 'include', sha256s: [digest] },
    ]);
  });

  it('never sends an empty list import (attribute_update only, or no usable email)', async () => {
    await kit.processor.process(
      changeOf([
        profileOf({ mpid: '1', email: 'a@b.com', audiences: [audienceOf(1, 'L', 'attribute_update')] }),
        profileOf({ mpid: '2', email: 'not-an-email', audiences: [audienceOf(1, 'L', 'add')] }),
      ]),
    );
    expect(bodiesTo(kit.sandbox, '/v3/import/suppression')).toEqual([]);
    expect(kit.sandbox.eventsFor('123456')).toHaveLength(2);
  });
});

describe('batching', () => {
  it('chunks list imports at addressesPerRequest', async () => {
    const processor = kit.processorWith({ batch: { addressesPerRequest: 3 }, concurrency: 1 });
    const profiles = Array.from({ length: 8 }, (_, index) =>
      profileOf({
        mpid: String(index + 1),
        email: `user${index}@example.com`,
        audiences: [audienceOf(1, 'L', 'add')],
      }),
    );
    const { report } = await processor.process(changeOf(profiles));
    const imports = bodiesTo(kit.sandbox, '/v3/import/suppression');
    expect(imports.map((body) => (body.emails as string[]).length)).toEqual([3, 3, 2]);
    expect(imports.flatMap((body) => body.emails as string[])).toEqual(
      profiles.map((_, index) => `user${index}@example.com`),
    );
    expect(kit.sandbox.state().accounts['123456']?.lists.L?.included).toHaveLength(8);
    expect(report.byAudience['1']?.delivered).toEqual({ included: 8, events: 8 });
  });

  it('sends at most 100 events per request, even when configured higher', async () => {
    const processor = kit.processorWith({ batch: { eventsPerRequest: 1000 } });
    const profiles = Array.from({ length: 250 }, (_, index) =>
      profileOf({ mpid: String(index + 1), audiences: [audienceOf(1, 'L', 'add')] }),
    );
    const { report } = await processor.process(changeOf(profiles));
    const sizes = bodiesTo(kit.sandbox, '/v2/events').map((body) => (body.events as unknown[]).length);
    expect(sizes.sort((left, right) => right - left)).toEqual([100, 100, 50]);
    expect(kit.sandbox.state().accounts['123456']?.events.count).toBe(250);
    expect(report).toMatchObject({ requests: 3, delivered: 250 });
    const small = kit.processorWith({ batch: { eventsPerRequest: 40 } });
    kit.sandbox.reset();
    await small.process(changeOf(profiles.slice(0, 90)));
    expect(
      bodiesTo(kit.sandbox, '/v2/events')
        .map((body) => (body.events as unknown[]).length)
        .sort(),
    ).toEqual([10, 40, 40]);
  });

  it('gives the same clientEventIds to the same message on every run, so Rokt counts it once', async () => {
    const message = changeOf(
      Array.from({ length: 30 }, (_, index) =>
        profileOf({
          mpid: String(1000 + index),
          email: `u${index}@example.com`,
          audiences: [audienceOf(1, 'L', 'add'), audienceOf(2, 'M', 'attribute_update')],
        }),
      ),
    );
    await kit.processor.process(message);
    const first = kit.sandbox.eventsFor('123456').map((event) => event.clientEventId);
    const rerun = await kit.processorWith({}).process(structuredClone(message));
    expect(rerun.report.failed).toBe(0);
    const state = kit.sandbox.state().accounts['123456'];
    expect(state?.events).toMatchObject({ count: 60, duplicates: 60 });
    expect(new Set(first).size).toBe(60);
    expect(kit.sandbox.eventsFor('123456').map((event) => event.clientEventId)).toEqual(first);
  });
});
