import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  API_KEY,
  errorCode,
  eventsBody,
  expectRefusedUnchanged,
  post,
  roktEvent,
  sha256,
  unprocessed,
} from './test-support/sandbox-client.js';
import { useSandbox } from './test-support/use-sandbox.js';

const PATH = '/v2/events';
const sandbox = useSandbox({ credentials: { apiKey: API_KEY } }, async (started) => {
  started.reset();
  const seeded = await post(started, PATH, eventsBody([roktEvent()]));
  expect(unprocessed(seeded)).toEqual([]);
});

function withObjectData(...entries: unknown[]) {
  return roktEvent({ objectData: [{ name: 'mpid', value: '12345' }, ...entries] });
}

function withMetaData(...entries: unknown[]) {
  return roktEvent({ metaData: entries });
}

const audienceId = { name: 'audienceId', value: '456' };
const add = { name: 'membershipAction', value: 'add' };
const HASH = sha256('a@b.com');

describe('events request validation', () => {
  const invalidRequests: [string, unknown, string][] = [
    ['a body that is not an object', [roktEvent()], 'JSON object'],
    ['a missing accountId', { events: [roktEvent()] }, 'accountId is missing'],
    ['an empty accountId', eventsBody([roktEvent()], ''), 'accountId must not be empty'],
    ['missing events', { accountId: ACCOUNT_ID }, 'events is missing'],
    ['events that is not an array', eventsBody({} as never), 'events must be an array'],
    ['no events', eventsBody([]), 'events has 0 events'],
    ['more than 100 events', eventsBody(Array.from({ length: 101 }, () => roktEvent())), 'events has 101'],
    [
      'an unknown top-level field',
      { ...eventsBody([roktEvent()]), extra: 1 },
      '"extra" is not a known field',
    ],
  ];

  it.each(invalidRequests)('rejects %s with 400 and no state change', async (_, body, text) => {
    await expectRefusedUnchanged(sandbox, PATH, body, { code: 'RequestValidationError', message: text });
  });

  it('rejects a request without Rokt-Version with 400 and no state change', async () => {
    await expectRefusedUnchanged(
      sandbox,
      PATH,
      eventsBody([roktEvent()]),
      { code: 'RequestValidationError', message: 'Rokt-Version' },
      { headers: { 'rokt-version': null } },
    );
  });

  it('rejects a request with another Rokt-Version with 400', async () => {
    const answer = await post(sandbox, PATH, eventsBody([roktEvent()]), {
      headers: { 'rokt-version': '2021-01-01' },
    });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('RequestValidationError');
  });

  it('rejects unparsable JSON with 400 RequestJsonUnmarshalError', async () => {
    const answer = await post(sandbox, PATH, undefined, { raw: 'not json' });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('RequestJsonUnmarshalError');
  });

  it('accepts exactly 100 events', async () => {
    const answer = await post(sandbox, PATH, eventsBody(Array.from({ length: 100 }, () => roktEvent())));
    expect(answer.status).toBe(200);
    expect(unprocessed(answer)).toEqual([]);
    expect(sandbox.state().accounts[ACCOUNT_ID]?.events.count).toBe(101);
  });
});

describe('per-event validation', () => {
  const invalidEvents: [string, unknown, string][] = [
    ['an event that is not an object', 'event', 'must be a JSON object'],
    ['a missing clientEventId', roktEvent({ clientEventId: undefined }), 'clientEventId is missing'],
    [
      'a clientEventId that is not a UUID',
      roktEvent({ clientEventId: 'abc' }),
      'clientEventId is not a UUID',
    ],
    ['a missing eventType', roktEvent({ eventType: undefined }), 'eventType is missing'],
    ['an empty eventType', roktEvent({ eventType: '' }), 'eventType must not be empty'],
    [
      'an eventTime that is not RFC 3339',
      roktEvent({ eventTime: '29/11/2026' }),
      'eventTime is not an RFC 3339',
    ],
    ['an eventTime without a time zone', roktEvent({ eventTime: '2026-11-29T10:00:00' }), 'eventTime'],
    ['an impossible eventTime', roktEvent({ eventTime: '2026-13-45T10:00:00Z' }), 'eventTime'],
    ['a numeric eventTime', roktEvent({ eventTime: 1764410400000 }), 'eventTime must be a string'],
    ['a missing objectData', roktEvent({ objectData: undefined }), 'objectData is missing'],
    [
      'objectData that is not an array',
      roktEvent({ objectData: { mpid: '1' } }),
      'objectData must be an array',
    ],
    ['an objectData entry that is not an object', withObjectData('x'), 'objectData[1] must be an object'],
    ['a non-string value', withObjectData({ name: 'age', value: 42 }), '("age").value must be a string'],
    ['an empty value', withObjectData({ name: 'age', value: '' }), '("age").value must not be empty'],
    ['a missing name', withObjectData({ value: 'x' }), 'objectData[1].name is missing'],
    [
      'an extra entry field',
      withObjectData({ name: 'a', value: 'b', type: 'c' }),
      '"type" is not a known field',
    ],
    [
      'a repeated name',
      withObjectData({ name: 'a', value: 'b' }, { name: 'a', value: 'c' }),
      'more than once',
    ],
    ['a reserved rokt. name', withObjectData({ name: 'rokt.segment', value: 'x' }), 'reserved by Rokt'],
    ['a name with a leading $', withObjectData({ name: '$city', value: 'x' }), 'without its leading "$"'],
    ['no mpid', roktEvent({ objectData: [{ name: 'emailsha256', value: HASH }] }), 'has no "mpid" entry'],
    [
      'an mpid that is not an integer',
      roktEvent({ objectData: [{ name: 'mpid', value: 'abc' }] }),
      'is not an integer mpid',
    ],
    [
      'an upper-case emailsha256',
      withObjectData({ name: 'emailsha256', value: HASH.toUpperCase() }),
      'lowercase hex',
    ],
    ['a plain address in emailsha256', withObjectData({ name: 'emailsha256', value: 'a@b.com' }), 'SHA-256'],
    ['a bad mobilesha256', withObjectData({ name: 'mobilesha256', value: '123' }), '"mobilesha256" value'],
    [
      'a bad firstnamesha256',
      withObjectData({ name: 'firstnamesha256', value: 'mary' }),
      '"firstnamesha256"',
    ],
    ['a bad lastnamesha256', withObjectData({ name: 'lastnamesha256', value: 'x' }), '"lastnamesha256"'],
    ['a bad zipsha256', withObjectData({ name: 'zipsha256', value: '12345' }), '"zipsha256" value'],
    [
      'an upper-case email',
      withObjectData({ name: 'email', value: 'A@b.com' }),
      '"email" value is not lowercase',
    ],
    ['a hash in email', withObjectData({ name: 'email', value: HASH }), 'is a SHA-256 digest'],
    ['an email without "@"', withObjectData({ name: 'email', value: 'ab.com' }), 'exactly one "@"'],
    ['a mobile with a "+"', withObjectData({ name: 'mobile', value: '+15551234567' }), 'is not digits only'],
    [
      'a first name with white space',
      withObjectData({ name: 'firstname', value: 'mary ann' }),
      'white space',
    ],
    ['an upper-case last name', withObjectData({ name: 'lastname', value: 'Doe' }), 'is not lowercase'],
    ['a zip with white space', withObjectData({ name: 'zip', value: ' 12345' }), 'white space'],
    [
      'both email and emailsha256',
      withObjectData({ name: 'email', value: 'a@b.com' }, { name: 'emailsha256', value: HASH }),
      'both "email" and "emailsha256"',
    ],
    ['a missing metaData', roktEvent({ metaData: undefined }), 'metaData is missing'],
    ['metaData without audienceId', withMetaData(add), 'has no "audienceId" entry'],
    ['metaData without membershipAction', withMetaData(audienceId), 'has no "membershipAction" entry'],
    [
      'an unknown membershipAction',
      withMetaData(audienceId, { name: 'membershipAction', value: 'include' }),
      'must be add, delete or attribute_update',
    ],
    [
      'a non-string metaData value',
      withMetaData(audienceId, add, { name: 'n', value: 1 }),
      'must be a string',
    ],
    ['an unknown event field', roktEvent({ userId: 'x' }), '"userId" is not a known field'],
  ];

  it.each(invalidEvents)(
    'answers 200 but lists %s as unprocessed, storing nothing',
    async (_, event, text) => {
      const before = sandbox.state().accounts;
      const answer = await post(sandbox, PATH, eventsBody([event]));
      expect(answer.status).toBe(200);
      const records = unprocessed(answer);
      expect(records).toHaveLength(1);
      expect(records[0]?.error.code).toBe('RequestValidationError');
      expect(records[0]?.error.message).toContain(text);
      expect(records[0]?.record).toEqual(event);
      expect(sandbox.state().accounts).toEqual(before);
    },
  );

  it('stores the valid events of a request and lists only the invalid ones', async () => {
    const good = roktEvent();
    const bad = roktEvent({ eventTime: 'yesterday' });
    const answer = await post(sandbox, PATH, eventsBody([good, bad]));
    expect(unprocessed(answer).map((entry) => entry.record)).toEqual([bad]);
    expect(sandbox.eventsFor(ACCOUNT_ID).map((event) => event.clientEventId)).toContain(good.clientEventId);
    expect(sandbox.state().accounts[ACCOUNT_ID]?.events.count).toBe(2);
  });

  it('accepts every documented objectData name in its valid form', async () => {
    const event = withObjectData(
      { name: 'email', value: 'john.doe@example.com' },
      { name: 'mobilesha256', value: sha256('5551234567') },
      { name: 'firstname', value: 'maryann' },
      { name: 'lastnamesha256', value: sha256('doe') },
      { name: 'zip', value: '12345-6789' },
      { name: 'favourite_colours', value: 'Red,Blue' },
    );
    const answer = await post(sandbox, PATH, eventsBody([event]));
    expect(unprocessed(answer)).toEqual([]);
  });
});

describe('event state', () => {
  it('stores an event once per clientEventId and counts duplicates', async () => {
    const event = roktEvent();
    await post(sandbox, PATH, eventsBody([event, event]));
    await post(sandbox, PATH, eventsBody([event]));
    const events = sandbox.state().accounts[ACCOUNT_ID]?.events;
    expect(events?.count).toBe(2);
    expect(events?.duplicates).toBe(2);
    expect(sandbox.eventsFor(ACCOUNT_ID).filter((e) => e.clientEventId === event.clientEventId)).toHaveLength(
      1,
    );
  });

  it('treats clientEventIds that differ only in case as the same event', async () => {
    const event = roktEvent();
    await post(sandbox, PATH, eventsBody([event]));
    await post(
      sandbox,
      PATH,
      eventsBody([{ ...event, clientEventId: String(event.clientEventId).toUpperCase() }]),
    );
    expect(sandbox.state().accounts[ACCOUNT_ID]?.events).toMatchObject({ count: 2, duplicates: 1 });
  });

  it('counts stored events per audience and membershipAction', async () => {
    const deleteOn = (id: string) =>
      withMetaData({ name: 'audienceId', value: id }, { ...add, value: 'delete' });
    await post(sandbox, PATH, eventsBody([deleteOn('456'), deleteOn('789'), deleteOn('789')]));
    expect(sandbox.state().accounts[ACCOUNT_ID]?.events.byAudience).toEqual({
      '456': { add: 1, delete: 1, attribute_update: 0 },
      '789': { add: 0, delete: 2, attribute_update: 0 },
    });
  });

  it('derives the latest membershipAction per audience and mpid by eventTime', async () => {
    const action = (value: string, eventTime: string) =>
      roktEvent({ eventTime, metaData: [audienceId, { name: 'membershipAction', value }] });
    await post(
      sandbox,
      PATH,
      eventsBody([action('delete', '2026-11-29T12:00:00Z'), action('add', '2026-11-29T11:00:00+00:00')]),
    );
    expect(sandbox.memberships(ACCOUNT_ID)).toEqual({ '456': { '12345': 'delete' } });
  });

  it('returns stored events as sent', async () => {
    sandbox.reset();
    const event = roktEvent();
    await post(sandbox, PATH, eventsBody([event]));
    expect(sandbox.eventsFor(ACCOUNT_ID)).toEqual([event]);
    expect(sandbox.eventsFor('unknown')).toEqual([]);
  });
});
