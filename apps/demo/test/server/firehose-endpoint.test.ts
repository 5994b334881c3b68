import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, membershipMessage, type Stack, secrets, startStack } from './stack.js';

const fixtures = join(import.meta.dirname, '../../../../fixtures/firehose');
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>;
}

const roktSettings = {
  configurationName: 'Fixture',
  accountId: '700001',
  apiKey: secrets.apiKey,
  emailEncoding: 'Raw',
  mobileEncoding: 'Raw',
};

/** The Firehose fixture, with Rokt settings and a raw email added (its md5 email cannot be used). */
function roktMembershipFixture(id: string) {
  const message = fixture('AudienceMembershipChangeRequest.json') as {
    id: string;
    account: { account_settings: Record<string, string> };
    user_profiles: { user_identities: unknown[]; audiences: { audience_subscription_settings: unknown }[] }[];
  };
  message.id = id;
  message.account.account_settings = roktSettings;
  for (const profile of message.user_profiles) {
    profile.user_identities.push({ type: 'email', encoding: 'raw', value: 'Fixture.User@Example.com' });
    for (const audience of profile.audiences)
      audience.audience_subscription_settings = { forwardedAttributes: '["Some Key"]' };
  }
  return message;
}

/** A thread's nice value: field 19 of /proc/self/task/<tid>/stat. */
function niceOf(tid: string): number {
  return Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
}
const serverNiceBefore = process.platform === 'linux' ? niceOf(String(process.pid)) : 0;

describe('POST /firehose', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.runIf(process.platform === 'linux' && process.env.INLINE !== '1')(
    'delivers from a thread 10 steps nicer than the thread that answers the Firehose, which keeps its own',
    () => {
      expect(stack.server.deliveryMode).toBe('thread');
      const threads = readdirSync('/proc/self/task');
      const nices = threads.map(niceOf);
      expect(niceOf(String(process.pid))).toBe(serverNiceBefore);
      expect(nices.filter((nice) => nice === Math.min(19, serverNiceBefore + 10))).toHaveLength(1);
    },
  );

  it('needs the Firehose token for everything but registration', async () => {
    const message = membershipMessage({ id: 'token-check', count: 1 });
    const missing = await stack.firehose(message, null);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('UNAUTHORIZED');
    const wrong = await stack.firehose(message, 'not-the-token');
    expect(wrong.status).toBe(401);
    const longer = await stack.firehose(message, `${secrets.firehoseToken}x`);
    expect(longer.status).toBe(401);
    const right = await stack.firehose(message);
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({
      type: 'audience_membership_change_response',
      suspend_subscription: false,
    });
  });

  it('answers a registration request without a token, describing the Rokt settings', async () => {
    const answer = await stack.firehose(fixture('ModuleRegistrationRequest.json'), null);
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('module_registration_response');
    expect(answer.body.name).toBe('Rokt');
    const ids = answer.body.audience_processing_registration.account_settings.map(
      (s: { id: string }) => s.id,
    );
    expect(ids).toEqual(
      expect.arrayContaining(['configurationName', 'accountId', 'apiKey', 'emailEncoding']),
    );
  });

  it('answers subscription requests inline, checking credentials on add', async () => {
    const request = fixture('AudienceSubscriptionRequest.json') as Record<string, unknown> & {
      account: Record<string, unknown>;
    };
    const good = {
      ...request,
      action: 'add',
      account: { ...request.account, account_settings: roktSettings },
      audience_subscription_settings: { hashFirstName: 'TRUE', forwardedAttributes: '["$firstname"]' },
    };
    const accepted = await stack.firehose(good);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      type: 'audience_subscription_response',
      audience_subscription_settings: { hashFirstName: 'true', forwardedAttributes: '["$firstname"]' },
    });
    const bad = {
      ...good,
      account: { ...good.account, account_settings: { ...roktSettings, apiKey: 'wrong-key' } },
    };
    const refused = await stack.firehose(bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/rejected/i);
    expect(refused.text).not.toContain('wrong-key');
  });

  it('queues a membership change, answers before delivery, then delivers it', async () => {
    stack.sandbox.script([{ delayMs: 700 }, { delayMs: 700 }]);
    const before = stack.sandbox.state().requests.total;
    const answer = await stack.firehose(roktMembershipFixture('fixture-1'));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      type: 'audience_membership_change_response',
      suspend_subscription: false,
    });
    expect(stack.sandbox.state().accounts['700001']).toBeUndefined();
    await eventually(
      () => {
        const account = stack.sandbox.state().accounts['700001'];
        return (
          account?.events.count === 3 &&
          account.lists['Example Audience Name']?.included.length === 1 &&
          account.lists['Example Audience Name 4']?.excluded.length === 1
        );
      },
      10_000,
      'events and lists',
    );
    const account = stack.sandbox.state().accounts['700001']!;
    expect(account.lists['Example Audience Name']?.included).toEqual(['fixture.user@example.com']);
    expect(account.lists['Example Audience Name 4']?.excluded).toEqual(['fixture.user@example.com']);
    expect(account.events.byAudience).toEqual({
      '456': { add: 1, delete: 0, attribute_update: 0 },
      '789': { add: 0, delete: 0, attribute_update: 1 },
      '654': { add: 0, delete: 1, attribute_update: 0 },
    });
    expect(stack.sandbox.state().requests.total).toBeGreaterThan(before);
    const entries = await eventually(async () => {
      const log = await stack.admin('GET', '/api/deliveries?limit=20');
      const found = log.body.filter((entry: { messageId: string }) => entry.messageId === 'fixture-1');
      return found.length === 3 ? found : undefined;
    });
    expect(entries.map((entry: { audienceId: number }) => entry.audienceId).sort()).toEqual([456, 654, 789]);
    expect(entries.every((entry: { status: string }) => entry.status === 'delivered')).toBe(true);
  });

  it('queues a message id only once', async () => {
    const message = membershipMessage({ id: 'twice', accountId: '700002', count: 2 });
    expect((await stack.firehose(message)).status).toBe(200);
    expect((await stack.firehose(message)).status).toBe(200);
    await eventually(() => stack.sandbox.state().accounts['700002']?.events.count === 2);
    await eventually(async () => (await stack.admin('GET', '/api/stats')).body.queue.pending === 0);
    const state = stack.sandbox.state().accounts['700002']!;
    expect(state.events.duplicates).toBe(0);
  });

  it('refuses bad input with a 4xx and a reason, and stays up', async () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(`${stack.server.url}/firehose`, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Token ${secrets.firehoseToken}` },
        body,
      });
    const invalidJson = await post('{"type": ');
    expect(invalidJson.status).toBe(400);
    expect(((await invalidJson.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');

    const notObject = await stack.firehose([1, 2]);
    expect(notObject.status).toBe(400);
    expect(notObject.body.error.message).toMatch(/JSON object/);

    const unknownType = await stack.firehose({ type: 'event_processing_request', id: 'x' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.code).toBe('UNKNOWN_MESSAGE_TYPE');

    const missingField = await stack.firehose({ type: 'audience_membership_change_request', id: 'x' });
    expect(missingField.status).toBe(400);
    expect(missingField.body.error.details.issues.length).toBeGreaterThan(0);

    const badSetting = membershipMessage({ id: 'bad-setting', count: 1 });
    badSetting.account.account_settings.emailEncoding = 'Base64';
    const refused = await stack.firehose(badSetting);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('CONFIGURATION_ERROR');
    expect(refused.body.error.details.issues).toEqual([
      expect.objectContaining({ setting: 'emailEncoding', message: expect.stringMatching(/Raw, Sha256/) }),
    ]);

    const noCredentials = membershipMessage({ id: 'no-credentials', count: 1 });
    noCredentials.account.account_settings.apiKey = '';
    expect((await stack.firehose(noCredentials)).status).toBe(400);

    const wrongType = await post(
      'type=audience_membership_change_request',
      'application/x-www-form-urlencoded',
    );
    expect(wrongType.status).toBe(415);
    const textPlain = await post('{}', 'text/plain');
    expect(textPlain.status).toBe(415);

    const huge = await post(JSON.stringify({ type: 'x', padding: 'x'.repeat(11 * 1024 * 1024) }));
    expect(huge.status).toBe(413);

    const unknownRoute = await fetch(`${stack.server.url}/firehose/nope`, { method: 'POST' });
    expect(unknownRoute.status).toBe(404);
    expect(((await unknownRoute.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');

    const still = await stack.firehose(fixture('ModuleRegistrationRequest.json'), null);
    expect(still.status).toBe(200);
    expect(stack.logs.join('')).not.toMatch(/"level":50/);
  });

  it('answers suspend_subscription once the partner rejected the credentials', async () => {
    const rejected = membershipMessage({
      id: 'rejected-1',
      accountId: '700003',
      apiKey: 'revoked-key-S3CRET',
      count: 2,
    });
    expect((await stack.firehose(rejected)).body.suspend_subscription).toBe(false);
    await eventually(async () => {
      const log = await stack.admin('GET', '/api/deliveries?limit=50');
      return log.body.some(
        (entry: { messageId: string; status: string }) =>
          entry.messageId === 'rejected-1' && entry.status === 'failed',
      );
    });
    const again = membershipMessage({
      id: 'rejected-2',
      accountId: '700003',
      apiKey: 'revoked-key-S3CRET',
      count: 1,
    });
    const answer = await stack.firehose(again);
    expect(answer.status).toBe(200);
    expect(answer.body.suspend_subscription).toBe(true);
    const fixed = membershipMessage({ id: 'rejected-3', accountId: '700003', count: 1 });
    expect((await stack.firehose(fixed)).body.suspend_subscription).toBe(false);
    await eventually(() => stack.sandbox.state().accounts['700003']?.events.count === 1);
    const stats = await stack.admin('GET', '/api/stats');
    expect(stats.body.queue.failed).toBeGreaterThanOrEqual(1);
    const everything = stack.logs.join('');
    expect(everything).not.toContain('revoked-key-S3CRET');
    expect(everything).not.toContain(secrets.apiKey);
    expect(everything).not.toContain(secrets.firehoseToken);
  });
});
