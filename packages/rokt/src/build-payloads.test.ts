import { createHash } from 'node:crypto';
import { parseSettings } from '@forwarder/core';
import { describe, expect, it } from 'vitest';
import { roktAccountSettings } from './account-settings.js';
import { buildRoktPayloads } from './build-payloads.js';
import { clientEventIdFor } from './client-event-id.js';
import { roktConnectionSettings } from './connection-settings.js';
import { accountSettings, audienceOf, changeOf, profileOf } from './test-support/rokt-test-kit.js';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const connectionOf = (audience: { audience_subscription_settings?: Record<string, string> }) =>
  parseSettings(roktConnectionSettings, audience.audience_subscription_settings);

describe('buildRoktPayloads (no HTTP)', () => {
  it('groups addresses by audience, action and kind, and makes one event per profile and entry', () => {
    const message = changeOf([
      profileOf({
        mpid: '1',
        email: 'A@x.com',
        audiences: [audienceOf(1, 'L', 'add'), audienceOf(2, 'M', 'delete')],
      }),
      profileOf({
        mpid: '2',
        email: sha256('b@x.com'),
        emailEncoding: 'sha256',
        audiences: [audienceOf(1, 'L', 'add')],
      }),
      profileOf({ email: 'c@x.com', audiences: [audienceOf(1, 'L', 'attribute_update')] }),
    ]);
    const account = parseSettings(roktAccountSettings, accountSettings());
    const payloads = buildRoktPayloads(message, account, connectionOf);
    expect(payloads.accountId).toBe('123456');
    expect(payloads.profiles).toBe(3);
    expect(payloads.listImports).toEqual([
      { audienceId: 1, list: 'L', action: 'include', field: 'emails', identifiers: ['a@x.com'] },
      { audienceId: 1, list: 'L', action: 'include', field: 'sha256s', identifiers: [sha256('b@x.com')] },
      { audienceId: 2, list: 'M', action: 'exclude', field: 'emails', identifiers: ['a@x.com'] },
    ]);
    expect(payloads.events.map((event) => event.clientEventId)).toEqual([
      clientEventIdFor(message.id, '1', 1, 'add'),
      clientEventIdFor(message.id, '1', 2, 'delete'),
      clientEventIdFor(message.id, '2', 1, 'add'),
    ]);
    expect(payloads.skipped).toEqual([{ reason: 'missing_mpid', count: 1, audienceId: 1 }]);
  });

  it('reads connection settings once per audience, again only for an entry with other settings', () => {
    let reads = 0;
    const counting = (audience: { audience_subscription_settings?: Record<string, string> }) => {
      reads++;
      return connectionOf(audience);
    };
    const profiles = Array.from({ length: 50 }, (_, index) =>
      profileOf({
        mpid: String(index),
        audiences: [
          audienceOf(1, 'L', 'add', {
            settings: { forwardedAttributes: index === 49 ? '["B"]' : '["A"]' },
            attributes: [
              { key: 'A', value: 'a', action: 'upsert' },
              { key: 'B', value: 'b', action: 'upsert' },
            ],
          }),
        ],
      }),
    );
    const payloads = buildRoktPayloads(
      changeOf(profiles),
      parseSettings(roktAccountSettings, accountSettings()),
      counting,
    );
    expect(reads).toBe(2);
    expect(payloads.events[0]?.objectData).toEqual([
      { name: 'mpid', value: '0' },
      { name: 'A', value: 'a' },
    ]);
    expect(payloads.events[49]?.objectData).toEqual([
      { name: 'mpid', value: '49' },
      { name: 'B', value: 'b' },
    ]);
  });

  it('shares metaData between the events of one audience and action', () => {
    const payloads = buildRoktPayloads(
      changeOf([
        profileOf({ mpid: '1', audiences: [audienceOf(1, 'L', 'add')] }),
        profileOf({ mpid: '2', audiences: [audienceOf(1, 'L', 'add')] }),
      ]),
      parseSettings(roktAccountSettings, accountSettings()),
      connectionOf,
    );
    expect(payloads.events[0]?.metaData).toBe(payloads.events[1]?.metaData);
  });
});
