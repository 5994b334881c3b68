import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, API_KEY } from './support/messages.js';
import { runCli, workspace } from './support/run-cli.js';

let sandbox: RoktSandbox;
const files = workspace();

function fullConfig(
  overrides: { status?: string; apiKey?: string | null; extra?: Record<string, unknown> } = {},
) {
  const output: Record<string, unknown> = {
    configurationName: 'CSV output',
    accountId: ACCOUNT_ID,
    apiKey: overrides.apiKey === undefined ? API_KEY : overrides.apiKey,
    emailEncoding: 'Raw',
    mobileEncoding: 'Sha256',
  };
  if (overrides.apiKey === null) delete output.apiKey;
  return {
    endpoints: { audience: sandbox.url, events: sandbox.url },
    outputs: { main: output },
    connections: {
      vip: {
        audienceId: 77,
        audienceName: 'VIP Members',
        outputId: 'main',
        status: overrides.status ?? 'active',
        settings: { hashLastName: true, forwardedAttributes: ['$firstname', '$lastname', 'loyalty_tier'] },
      },
    },
    csv: { connection: 'vip', profilesPerMessage: 2 },
    ...overrides.extra,
  };
}

function sync(csv: string, config: unknown) {
  const input = files.write('members.csv', csv);
  const configPath = files.writeJson('csv-config.json', config);
  return runCli(['sync', '--input', input, '--config', configPath, '--json'], { cwd: files.directory });
}

beforeAll(async () => {
  sandbox = await startSandbox({ credentials: { apiKey: API_KEY } });
});
afterAll(async () => {
  await sandbox.close();
  files.remove();
});
beforeEach(() => {
  sandbox.reset();
});

const csv =
  '\ufeffmpid,email,mobile,action,$firstname,$lastname,loyalty_tier,$zip\r\n' +
  '1,Ann@Example.com,+1 (555) 123-4567,add,Ann,"Smith",gold,12345\r\n' +
  '2,bob@example.com,,,"Bob\r\nJr",Jones,silver,\r\n' +
  '3,carl@example.com,,delete,,,,\r\n';

describe('forwarder sync (CSV members)', () => {
  it('delivers rows in batches, with quoted newlines and a BOM, per the connection settings', async () => {
    const run = await sync(csv, fullConfig());
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toMatchObject({
      messages: 2,
      profiles: 3,
      failed: 0,
      invalidMessages: 0,
      exitCode: 0,
    });
    const list = sandbox.listMembers(ACCOUNT_ID, 'VIP Members');
    expect(list.included.map((member) => member.identifier).sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
    ]);
    expect(list.excluded.map((member) => member.identifier)).toEqual(['carl@example.com']);
    const events = sandbox.eventsFor(ACCOUNT_ID);
    expect(events).toHaveLength(3);
    const ann = events.find((event) =>
      event.objectData.some((entry) => entry.name === 'mpid' && entry.value === '1'),
    );
    const names = ann?.objectData.map((entry) => entry.name).sort();
    expect(names).toEqual(['email', 'firstname', 'lastnamesha256', 'loyalty_tier', 'mobilesha256', 'mpid']);
    const bob = events.find((event) =>
      event.objectData.some((entry) => entry.name === 'mpid' && entry.value === '2'),
    );
    expect(bob?.objectData.find((entry) => entry.name === 'firstname')?.value).toBe('bobjr');
  });

  it('sends the same event ids when the same file runs again', async () => {
    await sync(csv, fullConfig());
    const first = sandbox
      .eventsFor(ACCOUNT_ID)
      .map((event) => event.clientEventId)
      .sort();
    const again = await runCli(['sync', '--input', 'members.csv', '--config', 'csv-config.json', '--json'], {
      cwd: files.directory,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(sandbox.state().accounts[ACCOUNT_ID]?.events.duplicates).toBe(3);
    expect(
      sandbox
        .eventsFor(ACCOUNT_ID)
        .map((event) => event.clientEventId)
        .sort(),
    ).toEqual(first);
  });

  it('reports a ragged row by its line and delivers the others (exit 1)', async () => {
    const run = await sync(
      'mpid,email\n1,a@example.com\n2,b@example.com,extra\n3,c@example.com\n',
      fullConfig(),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 3: unusable row: the row has 3 fields but the header has 2/);
    expect(run.summary).toMatchObject({ profiles: 2, invalidMessages: 1, exitCode: 1 });
    expect(sandbox.listMembers(ACCOUNT_ID, 'VIP Members').included).toHaveLength(2);
  });

  it('skips every member of an inactive connection and sends nothing (exit 0)', async () => {
    const run = await sync(csv, fullConfig({ status: 'inactive' }));
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toMatchObject({
      profiles: 3,
      skipped: 3,
      skippedReasons: { inactive_connection: 3 },
    });
    expect(run.stderr).toMatch(/inactive/);
    expect(sandbox.state().requests.total).toBe(0);
  });

  it('refuses an output without usable credentials before sending anything (exit 2)', async () => {
    const run = await sync(csv, fullConfig({ apiKey: null }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/outputs\.main\.apiKey/);
    expect(sandbox.state().requests.total).toBe(0);
  });

  it('needs --config for CSV input (exit 2)', async () => {
    const input = files.write('alone.csv', csv);
    const run = await runCli(['sync', '--input', input], { cwd: files.directory });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs --config/);
  });

  it('fails for good when Rokt rejects the key (exit 1), never printing it', async () => {
    const run = await sync(csv, fullConfig({ apiKey: 'wrong-secret-value' }));
    expect(run.code).toBe(1);
    expect(run.summary?.failed).toBeGreaterThan(0);
    expect(run.stdout + run.stderr).not.toContain('wrong-secret-value');
  });
});
