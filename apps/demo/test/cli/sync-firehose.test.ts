import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  API_KEY,
  accountSettings,
  fixture,
  membershipMessage,
  ndjson,
} from './support/messages.js';
import { runCli, workspace } from './support/run-cli.js';

let sandbox: RoktSandbox;
const files = workspace();
let config: string;

beforeAll(async () => {
  sandbox = await startSandbox({ credentials: { apiKey: API_KEY } });
  config = files.writeJson('config.json', { endpoints: { audience: sandbox.url, events: sandbox.url } });
});
afterAll(async () => {
  await sandbox.close();
  files.remove();
});
beforeEach(() => {
  sandbox.reset();
});

function sync(input: string, ...extra: string[]) {
  return runCli(['sync', '--input', input, '--config', config, '--json', ...extra], { cwd: files.directory });
}

function included(): string[] {
  return sandbox.listMembers(ACCOUNT_ID, 'CLI Audience').included.map((member) => member.identifier);
}

describe('forwarder sync (Firehose input)', () => {
  it('delivers one JSON object', async () => {
    const input = files.writeJson('one.json', membershipMessage('one', 2));
    const run = await sync(input);
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toMatchObject({ messages: 1, profiles: 2, delivered: 4, failed: 0, exitCode: 0 });
    expect(included().sort()).toEqual(['user0@example.com', 'user1@example.com']);
    expect(sandbox.eventsFor(ACCOUNT_ID)).toHaveLength(2);
  });

  it('delivers a JSON array and NDJSON, with the same result', async () => {
    const messages = [membershipMessage('a', 2), membershipMessage('b', 1, { first: 2 })];
    const array = await sync(files.write('messages.json', JSON.stringify(messages, null, 2)));
    expect(array.code, array.stderr).toBe(0);
    expect(array.summary).toMatchObject({ messages: 2, profiles: 3, requests: 4, delivered: 6, exitCode: 0 });
    const afterArray = sandbox.state().accounts[ACCOUNT_ID];
    sandbox.reset();
    const lines = await sync(files.write('messages.ndjson', `\n${ndjson(messages)}\n\n`));
    expect(lines.code, lines.stderr).toBe(0);
    expect(lines.summary).toMatchObject({ messages: 2, profiles: 3, requests: 4, delivered: 6, exitCode: 0 });
    expect(sandbox.state().accounts[ACCOUNT_ID]).toEqual(afterArray);
  });

  it('processes the shared fixtures: md5 email skipped, exit 0', async () => {
    const withSettings = (name: string) => {
      const message = fixture(name) as { account?: { account_settings?: unknown } };
      if (message.account) message.account.account_settings = accountSettings();
      return message;
    };
    const membership = withSettings('AudienceMembershipChangeRequest.json') as {
      user_profiles: { audiences: { audience_subscription_settings?: unknown }[] }[];
    };
    for (const audience of membership.user_profiles[0]!.audiences)
      audience.audience_subscription_settings = {};
    const input = files.write(
      'fixtures.ndjson',
      ndjson([
        fixture('ModuleRegistrationRequest.json'),
        withSettings('AudienceSubscriptionRequest.json'),
        membership,
      ]),
    );
    const run = await sync(input);
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toMatchObject({
      messages: 3,
      profiles: 1,
      failed: 0,
      invalidMessages: 0,
      exitCode: 0,
    });
    expect(run.summary?.skippedReasons.unsupported_hash_md5).toBe(1);
    expect(run.summary?.delivered).toBeGreaterThan(0);
    expect(Object.keys(sandbox.memberships(ACCOUNT_ID)).sort()).toEqual(['456', '654', '789']);
  });

  it('reports a bad JSON line with its number and still delivers the others (exit 1)', async () => {
    const input = files.write(
      'bad-line.ndjson',
      `${JSON.stringify(membershipMessage('a', 1))}\n{"type": "audience_membership_change_request",\n${JSON.stringify(membershipMessage('c', 1, { first: 5 }))}\n`,
    );
    const run = await sync(input);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 2: unusable message: unreadable JSON/);
    expect(run.summary).toMatchObject({
      messages: 3,
      profiles: 2,
      invalidMessages: 1,
      failed: 0,
      exitCode: 1,
    });
    expect(run.summary?.errors).toEqual([{ line: 2, message: expect.stringContaining('unreadable JSON') }]);
    expect(included().sort()).toEqual(['user0@example.com', 'user5@example.com']);
  });

  it('reports an invalid Firehose message and settings that cannot work, naming the setting; nothing of them is sent', async () => {
    const noCredentials = membershipMessage('no-key', 1, {
      settings: accountSettings({ apiKey: undefined }),
      first: 10,
    });
    const badChoice = membershipMessage('bad-choice', 1, {
      settings: accountSettings({ emailEncoding: 'md5' }),
      first: 20,
    });
    const wrongShape = { ...membershipMessage('shape', 1, { first: 30 }), timestamp_ms: 'yesterday' };
    const input = files.write(
      'bad-settings.ndjson',
      ndjson([membershipMessage('good', 1), noCredentials, badChoice, wrongShape]),
    );
    const run = await sync(input);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 2: settings that cannot work: .*apiKey/);
    expect(run.stderr).toMatch(/line 3: settings that cannot work: .*emailEncoding.*Raw.*Sha256/);
    expect(run.stderr).toMatch(/line 4: not a valid Firehose message: .*timestamp_ms/);
    expect(run.summary).toMatchObject({ messages: 4, profiles: 1, invalidMessages: 3, exitCode: 1 });
    expect(included()).toEqual(['user0@example.com']);
    expect(sandbox.state().requests.total).toBe(2);
  });

  it('fails for good on rejected credentials (401) without printing the key (exit 1)', async () => {
    const input = files.write(
      'wrong-key.ndjson',
      ndjson([membershipMessage('wrong', 2, { settings: accountSettings({ apiKey: 'not-the-key-12345' }) })]),
    );
    const run = await sync(input);
    expect(run.code).toBe(1);
    expect(run.summary?.failed).toBeGreaterThan(0);
    expect(run.summary?.delivered).toBe(0);
    expect(Object.keys(run.summary?.failedReasons ?? {}).join()).toMatch(/401|unauthorized/);
    expect(run.stderr).toMatch(/line 1: delivery failed/);
    expect(run.stdout + run.stderr).not.toContain('not-the-key-12345');
  });

  it('ends quickly when a Retry-After exceeds the retry budget (exit 1)', async () => {
    sandbox.script([{ path: '/v3/import/suppression', status: 429, retryAfter: '3600' }]);
    const run = await sync(files.write('retry.ndjson', ndjson([membershipMessage('retry', 1)])));
    expect(run.code).toBe(1);
    expect(run.milliseconds).toBeLessThan(20_000);
    expect(run.summary).toMatchObject({ failed: 1, exitCode: 1 });
    expect(run.stderr).toMatch(/delivery failed/);
    expect(sandbox.eventsFor(ACCOUNT_ID)).toHaveLength(1);
  });

  it('names a connection that never answers as the plugin does (network_error), also for a credential check', async () => {
    sandbox.script(Array.from({ length: 5 }, () => ({ path: '/v3/auth-check', drop: true })));
    const subscription = {
      ...fixture('AudienceSubscriptionRequest.json'),
      account: { account_id: 1, account_settings: accountSettings() },
    };
    const run = await sync(files.write('dropped.ndjson', ndjson([subscription])));
    expect(run.code).toBe(1);
    expect(run.summary).toMatchObject({ failed: 1, failedReasons: { network_error: 1 }, exitCode: 1 });
  });

  it('counts everything in the --json summary, the last line of standard output', async () => {
    const mixed = membershipMessage('mixed', 3);
    mixed.user_profiles[1]!.user_identities = [{ type: 'email', encoding: 'raw', value: 'not-an-email' }];
    const run = await sync(files.write('mixed.ndjson', ndjson([mixed])));
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(run.summary).toMatchObject({
      messages: 1,
      profiles: 3,
      requests: 2,
      delivered: 5,
      skipped: 1,
      failed: 0,
      invalidMessages: 0,
      skippedReasons: { invalid_email: 1 },
      failedReasons: {},
      errors: [],
      exitCode: 0,
    });
    expect(typeof run.summary?.durationMs).toBe('number');
  });

  it('prints a human summary without --json', async () => {
    const input = files.write('plain.ndjson', ndjson([membershipMessage('plain', 1)]));
    const run = await runCli(['sync', '--input', 'plain.ndjson', '--config', 'config.json'], {
      cwd: files.directory,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(input).toContain('plain.ndjson');
    expect(run.stdout).toMatch(/1 message, 1 profile/);
    expect(run.stdout).toMatch(/delivered: 2/);
    expect(run.summary).toBeUndefined();
  });
});
