import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainMembershipChange } from './membership-change-check.js';
import { parseFirehoseRequest } from './parse-message.js';
import { audienceMembershipChangeRequestSchema } from './requests.js';

/** A value of the wrong kind for any field. */
const wrong = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(2 ** 53, -(2 ** 53), 1.5, -1, 8.64e15 + 1, ''),
  fc.string(),
  fc.constantFrom('remove', 'SHA256', 'replace', 'update'),
  fc.array(fc.jsonValue(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
);

/** Keys as JSON gives them, but `__proto__`, which the check leaves to zod on purpose. */
const key = fc.string().filter((text) => text !== '__proto__');
const settings = fc.dictionary(key, fc.string(), { maxKeys: 4 });
const identity = fc.record(
  {
    type: fc.oneof(fc.constantFrom('email', 'mobile_number', 'customer_id'), fc.string({ minLength: 1 })),
    encoding: fc.constantFrom('raw', 'md5', 'sha1', 'sha256'),
    value: fc.string(),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ['type', 'encoding', 'value'] },
);
const attribute = fc.record(
  {
    key: fc.string(),
    value: fc.string(),
    action: fc.constantFrom('upsert', 'delete'),
    list_value: fc.array(fc.string(), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const audience = fc.record(
  {
    audience_id: fc.integer(),
    audience_name: fc.string(),
    audience_subscription_settings: settings,
    action: fc.constantFrom('add', 'delete', 'attribute_update'),
    user_attributes: fc.array(attribute, { maxLength: 3 }),
  },
  { requiredKeys: ['audience_id', 'audience_name', 'action'] },
);
const identities = fc.array(identity, { maxLength: 3 });
const profile = fc.record(
  {
    mpid: fc.string(),
    user_identities: identities,
    device_identities: identities,
    partner_identities: identities,
    audiences: fc.array(audience, { maxLength: 3 }),
    unknown_field: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
/** Valid membership changes of the common shape. */
const validMessage = fc.record(
  {
    type: fc.constant('audience_membership_change_request'),
    id: fc.string({ minLength: 1 }),
    timestamp_ms: fc.integer({ min: 0, max: 8.64e15 }),
    firehose_version: fc.string({ minLength: 1 }),
    account: fc.record(
      { account_id: fc.integer(), account_settings: settings },
      { requiredKeys: ['account_id'] },
    ),
    user_profiles: fc.array(profile, { maxLength: 4 }),
  },
  { requiredKeys: ['type', 'id', 'timestamp_ms', 'firehose_version', 'account'] },
);

/** Every place in a JSON value: its parent and the key or index there. */
function placesOf(value: unknown, places: Array<[Record<string, unknown>, string]> = []) {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      places.push([value as Record<string, unknown>, key]);
      placesOf((value as Record<string, unknown>)[key], places);
    }
  }
  return places;
}

/** A valid message, or one with a single place replaced by a wrong value (or removed). */
const message = fc
  .tuple(validMessage, fc.option(fc.tuple(fc.nat(), wrong, fc.boolean()), { freq: 2 }))
  .map(([valid, mutation]) => {
    const input = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
    if (mutation !== null) {
      const places = placesOf(input).filter(([, key]) => key !== 'type');
      const [index, replacement, remove] = mutation;
      const place = places[index % places.length];
      if (place !== undefined) {
        const [parent, key] = place;
        if (remove && !Array.isArray(parent)) delete parent[key];
        else parent[key] = JSON.parse(JSON.stringify(replacement));
      }
    }
    return input;
  });

describe('isPlainMembershipChange', () => {
  it('says yes only to messages zod accepts, and zod would return them unchanged', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(message, (input) => {
        const zod = audienceMembershipChangeRequestSchema.safeParse(input);
        if (isPlainMembershipChange(input)) {
          accepted += 1;
          expect(zod.success).toBe(true);
          expect(zod.data).toStrictEqual(input);
        } else {
          rejected += 1;
        }
      }),
      { numRuns: 3_000 },
    );
    // Both sides of the check were exercised.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it('says yes to every message zod accepts from the common shape (so the fast path is taken)', () => {
    fc.assert(
      fc.property(validMessage, (candidate) => {
        const input: unknown = JSON.parse(JSON.stringify(candidate));
        expect(audienceMembershipChangeRequestSchema.safeParse(input).success).toBe(true);
        expect(isPlainMembershipChange(input)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never says yes to a message with any one place changed that zod refuses', () => {
    const full = {
      type: 'audience_membership_change_request',
      id: 'm-1',
      timestamp_ms: 1_764_000_000_000,
      firehose_version: '3.2.0',
      account: { account_id: 42, account_settings: { apiKey: 'k', emailEncoding: 'Sha256' } },
      user_profiles: [
        {
          mpid: '123',
          user_identities: [{ type: 'email', encoding: 'raw', value: 'a@b.com' }],
          device_identities: [{ type: 'ios_idfa', encoding: 'raw', value: 'x' }],
          partner_identities: [{ type: 'partner', encoding: 'sha256', value: 'y' }],
          audiences: [
            {
              audience_id: 7,
              audience_name: 'A',
              audience_subscription_settings: { forwardedAttributes: '[]' },
              action: 'add',
              user_attributes: [{ key: 'tier', value: 'gold', action: 'upsert', list_value: ['a'] }],
            },
          ],
        },
      ],
    };
    const wrongs: unknown[] = [
      null,
      true,
      0,
      1.5,
      -1,
      2 ** 53,
      8.64e15 + 1,
      '',
      'x',
      'remove',
      'SHA256',
      'replace',
      [],
      {},
      [1],
      { a: 1 },
    ];
    expect(isPlainMembershipChange(JSON.parse(JSON.stringify(full)))).toBe(true);
    let refused = 0;
    const count = placesOf(JSON.parse(JSON.stringify(full))).length;
    for (let place = 0; place < count; place++) {
      for (const replacement of [...wrongs, undefined]) {
        const input = JSON.parse(JSON.stringify(full)) as Record<string, unknown>;
        const [parent, name] = placesOf(input)[place]!;
        if (replacement === undefined) delete parent[name];
        else parent[name] = replacement;
        const zod = audienceMembershipChangeRequestSchema.safeParse(input);
        if (!zod.success) refused += 1;
        if (isPlainMembershipChange(input)) {
          expect(zod.success, `${name} = ${JSON.stringify(replacement)}`).toBe(true);
          expect(zod.data).toStrictEqual(input);
        }
      }
    }
    expect(refused).toBeGreaterThan(200);
  });

  it('leaves anything unusual to zod: objects that are not plain, __proto__ keys, symbol keys in settings', () => {
    const base = () => ({
      type: 'audience_membership_change_request',
      id: 'm',
      timestamp_ms: 1,
      firehose_version: '3.2.0',
      account: { account_id: 1, account_settings: { apiKey: 'k' } as Record<string | symbol, string> },
    });
    expect(isPlainMembershipChange(base())).toBe(true);
    expect(isPlainMembershipChange(Object.assign(new (class Message {})(), base()))).toBe(false);
    const withProto = JSON.parse('{"__proto__": {"polluted": true}}');
    expect(isPlainMembershipChange({ ...base(), account: Object.assign(withProto, { account_id: 1 }) })).toBe(
      false,
    );
    const symbolSettings = base();
    symbolSettings.account.account_settings[Symbol('s')] = 'x';
    expect(isPlainMembershipChange(symbolSettings)).toBe(false);
    expect(audienceMembershipChangeRequestSchema.safeParse(symbolSettings).success).toBe(false);
  });
});

describe('parseFirehoseRequest on a membership change', () => {
  it('returns the very message it was given for the vendored fixture (no copy)', () => {
    const fixture: unknown = JSON.parse(
      readFileSync(
        new URL('../../../../fixtures/firehose/AudienceMembershipChangeRequest.json', import.meta.url),
        'utf8',
      ),
    );
    expect(parseFirehoseRequest(fixture)).toBe(fixture);
  });

  it('still names the problem of an invalid one, through zod', () => {
    expect(() =>
      parseFirehoseRequest({
        type: 'audience_membership_change_request',
        id: 'm',
        timestamp_ms: 1,
        firehose_version: '3.2.0',
        account: { account_id: 1 },
        user_profiles: [{ audiences: [{ audience_id: 1, audience_name: 'a', action: 'join' }] }],
      }),
    ).toThrow(/user_profiles\[0\]\.audiences\[0\]\.action/);
  });
});
