import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand, repositoryRoot, runCli, workspace } from '../cli/support/run-cli.js';
import { eventually } from '../server/stack.js';
import { postAnnouncingLength } from '../support/oversized-upload.js';
import { secretNeedles } from './secret-needles.js';

/**
 * The server runs as `forwarder serve` (a child process, debug logging) with distinct, greppable
 * secrets, through a realistic flow: outputs saved with an API key and with a key pair, a failed
 * credential check, settings errors next to secrets, Firehose messages carrying secrets (one key
 * rejected by Rokt with 401), malformed bodies with a secret written without quotes, wrong tokens;
 * `forwarder sync` runs with secrets in its config (literal and `${VAR}`) and in messages,
 * failures included. Everything that comes out is captured: the server's standard output and
 * error, every answer's status, headers and body, the live stream, the delivery log, the CLI's
 * output, the web UI's files and the database's own files (database, WAL, shared memory; the
 * secrets at rest are encrypted, see secrets-at-rest.test.ts). No secret, nor any 8-character
 * piece of one, appears anywhere.
 */

const secret = {
  apiKey: 'apikey-Vq7Rk2Zt9Lm4Xw8B',
  secretKey: 'secretkey-Jd3Hs6Pn1Fy5Gc0T',
  firehoseToken: 'firehose-Wb4Ne8Ku2Qa7Mz3R',
  adminToken: 'admin-Tx6Lp9Vg1Cs5Rj2H',
  /** A real key that Rokt rejects (revoked): still a secret. */
  rejectedKey: 'rejected-Yh2Bn7Df4Ke9Uo3P',
};
const publicKey = 'public-key-for-the-pair';

const needles = secretNeedles(Object.values(secret));

function leaks(text: string): string[] {
  return needles.filter((needle) => text.includes(needle));
}

const captured: { what: string; text: string }[] = [];
function capture(what: string, text: string): void {
  captured.push({ what, text });
}

function databasePath(): string {
  return join(files.directory, 'forwarder.db');
}

/** The raw bytes of the server's database and of its WAL and shared-memory files, when present. */
function captureDatabaseFiles(when: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    const file = `${databasePath()}${suffix}`;
    if (existsSync(file)) capture(`${file} ${when}`, readFileSync(file).toString('latin1'));
  }
}

let sandbox: RoktSandbox;
let server: ChildProcess;
let serverOutput = '';
let serverUrl = '';
let serverExited: Promise<number | string>;
const files = workspace();

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field
  body: any;
  text: string;
}

async function request(
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${serverUrl}${path}`, {
    method,
    headers: options.headers,
    body: options.body,
  });
  const text = await response.text();
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  capture(`${method} ${path} → ${response.status}`, `${headers}\n\n${text}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

async function uploadEarlyAnswered(
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  const answer = await postAnnouncingLength(`${serverUrl}${path}`, headers, body);
  capture(`POST ${path} → ${answer.status}`, `${JSON.stringify(answer.headers)}\n\n${answer.text}`);
  return answer;
}

function admin(method: string, path: string, body?: unknown, token = secret.adminToken): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return request(method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

function firehose(body: unknown, token: string | null = secret.firehoseToken): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Token ${token}`;
  return request('POST', '/firehose', {
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function accountSettings(accountId: string, credentials: Record<string, string>, extra = {}) {
  return { configurationName: `Security ${accountId}`, accountId, ...credentials, ...extra };
}

function membership(id: string, settings: Record<string, string>, first = 0, count = 2) {
  return {
    type: 'audience_membership_change_request',
    id,
    timestamp_ms: 1_714_592_744_065,
    firehose_version: '3.2.0',
    account: { account_id: 77, account_settings: settings },
    user_profiles: Array.from({ length: count }, (_, index) => ({
      mpid: String(first + index),
      user_identities: [{ type: 'email', encoding: 'raw', value: `secure${first + index}@example.com` }],
      audiences: [
        {
          audience_id: 77,
          audience_name: 'Security List',
          audience_subscription_settings: {},
          action: 'add',
        },
      ],
    })),
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({
    credentials: { apiKey: secret.apiKey, publicKey, secretKey: secret.secretKey },
  });
  const [node, ...args] = cliCommand();
  server = spawn(
    node as string,
    [
      ...args,
      'serve',
      '--port',
      '0',
      '--db',
      databasePath(),
      '--rokt-url',
      sandbox.url,
      '--log-level',
      'debug',
    ],
    {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        INIT_CWD: repositoryRoot,
        FORWARDER_FIREHOSE_TOKEN: secret.firehoseToken,
        FORWARDER_ADMIN_TOKEN: secret.adminToken,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  server.stdout!.on('data', (chunk) => {
    serverOutput += String(chunk);
  });
  server.stderr!.on('data', (chunk) => {
    serverOutput += String(chunk);
  });
  serverExited = new Promise((resolve) => {
    server.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  serverUrl = await eventually(
    () => /listening on (http:\/\/[^\s]+)/.exec(serverOutput)?.[1] ?? '',
    30_000,
    'the server to listen',
  );
});

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await sandbox?.close();
  files.remove();
});

describe('secrets', () => {
  it('refuses wrong tokens, of the right length or not', async () => {
    const good = membership('token-check', accountSettings('T1', { apiKey: secret.apiKey }), 40, 1);
    const sameLength = (token: string) => `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
    for (const authorization of [
      `Token ${sameLength(secret.firehoseToken)}`,
      `Token ${secret.firehoseToken.replace(/./g, 'z')}`,
      `Token ${secret.firehoseToken.slice(0, -3)}`,
      `Token ${secret.firehoseToken}0`,
      'Token ',
      `Token ${secret.adminToken}`,
      `Bearer ${secret.firehoseToken}`,
    ]) {
      const answer = await request('POST', '/firehose', {
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(good),
      });
      expect(answer.status, authorization).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHORIZED');
    }
    expect((await firehose(good, null)).status).toBe(401);
    expect((await firehose(good)).status).toBe(200);

    for (const token of [
      sameLength(secret.adminToken),
      secret.adminToken.replace(/./g, 'z'),
      secret.adminToken.slice(0, -3),
      `${secret.adminToken}0`,
      '',
      secret.firehoseToken,
    ]) {
      const answer = await admin('GET', '/api/outputs', undefined, token);
      expect(answer.status, token).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHORIZED');
    }
    const wrongScheme = await request('GET', '/api/outputs', {
      headers: { authorization: `Token ${secret.adminToken}` },
    });
    expect(wrongScheme.status).toBe(401);
    expect((await request('GET', '/api/outputs')).status).toBe(401);
    expect((await admin('GET', '/api/outputs')).status).toBe(200);
  });

  it('refuses bodies over the limit (413) on the Firehose endpoint and the admin import', async () => {
    const padding = 'x'.repeat(11 * 1024 * 1024);
    const large = await uploadEarlyAnswered(
      '/firehose',
      { authorization: `Token ${secret.firehoseToken}`, 'content-type': 'application/json' },
      Buffer.from(`{"type":"audience_membership_change_request","padding":"${padding}"}`),
    );
    expect(large.status).toBe(413);
    expect(JSON.parse(large.text).error.code).toBe('PAYLOAD_TOO_LARGE');
    const audience = (await admin('POST', '/api/audiences', { name: 'Large imports' })).body;
    const csv = await uploadEarlyAnswered(
      `/api/audiences/${audience.id}/import`,
      {
        authorization: `Bearer ${secret.adminToken}`,
        'content-type': 'text/csv',
      },
      Buffer.from(`mpid,email\n${'1,large@example.com\n'.repeat(600_000)}`),
    );
    expect(csv.status).toBe(413);
    expect(JSON.parse(csv.text).error.code).toBe('PAYLOAD_TOO_LARGE');
    // Still serving.
    expect((await admin('GET', '/api/stats')).status).toBe(200);
  });

  it('never leave forwarder sync, with secrets in the config and in the messages, failures included', async () => {
    const endpoints = { audience: sandbox.url, events: sandbox.url };
    const csv = files.write('members.csv', 'mpid,email\n100,cli100@example.com\n101,cli101@example.com\n');
    const config = (name: string, output: Record<string, unknown>) =>
      files.writeJson(name, {
        endpoints,
        outputs: { main: { configurationName: 'CLI', ...output } },
        connections: {
          members: { audienceId: 88, audienceName: 'CLI List', outputId: 'main', status: 'active' },
        },
      });
    const messages = files.write(
      'messages.ndjson',
      [
        membership('c1', accountSettings('C1', { apiKey: secret.apiKey }), 200),
        membership('c2', accountSettings('C2', { publicKey, secretKey: secret.secretKey }), 210),
        membership('c3', accountSettings('C3', { apiKey: secret.rejectedKey }), 220),
        membership('c4', accountSettings('C4', { apiKey: secret.apiKey }, { mobileEncoding: 'Base64' }), 230),
        membership('c5', accountSettings('C5', { secretKey: secret.secretKey }), 240),
      ]
        .map((message) => JSON.stringify(message))
        .join('\n')
        .concat(`\n{"type":"audience_membership_change_request","apiKey": ${secret.apiKey}}\n`),
    );
    // The config's own syntax for an environment variable, not a template literal.
    const envReference = ['$', '{FWD_TEST_API_KEY}'].join('');
    const endpointsOnly = files.writeJson('endpoints.json', { endpoints });
    const runs = [
      {
        args: ['--input', csv, '--config', config('env.json', { accountId: 'C6', apiKey: envReference })],
        exit: 0,
      },
      {
        args: [
          '--input',
          csv,
          '--config',
          config('pair.json', { accountId: 'C7', publicKey, secretKey: secret.secretKey }),
        ],
        exit: 0,
      },
      {
        args: [
          '--input',
          csv,
          '--config',
          config('rejected.json', { accountId: 'C8', apiKey: secret.rejectedKey }),
        ],
        exit: 1,
      },
      {
        args: ['--input', csv, '--config', config('typo.json', { accountId: 'C9', apikey: secret.apiKey })],
        exit: 2,
      },
      { args: ['--input', messages, '--config', endpointsOnly], exit: 1 },
      { args: ['--input', messages, '--config', endpointsOnly, '--json'], exit: 1 },
    ];
    const malformed = files.write(
      'malformed.json',
      `{"endpoints": ${JSON.stringify(endpoints)}, "outputs": {"main": {"configurationName": "x", "accountId": "C10", "apiKey": ${secret.apiKey}}}}`,
    );
    runs.push({ args: ['--input', csv, '--config', malformed], exit: 2 });
    for (const run of runs) {
      const result = await runCli(['sync', ...run.args], {
        cwd: files.directory,
        env: { FWD_TEST_API_KEY: secret.apiKey },
      });
      capture(`forwarder sync ${run.args.join(' ')}`, `${result.stdout}\n${result.stderr}`);
      expect(result.code, result.stderr).toBe(run.exit);
    }
    expect(sandbox.state().accounts.C6?.lists['CLI List']?.included).toHaveLength(2);
    expect(sandbox.state().accounts.C7?.lists['CLI List']?.included).toHaveLength(2);
    expect(sandbox.state().accounts.C1?.lists['Security List']?.included).toHaveLength(2);
    const cliText = captured
      .filter(({ what }) => what.startsWith('forwarder sync'))
      .map(({ text }) => text)
      .join('\n');
    expect(cliText).toMatch(/401/);
    expect(cliText).toMatch(/mobileEncoding/);
    expect(cliText).toMatch(/apikey/);
    const found = captured
      .filter(({ what }) => what.startsWith('forwarder sync'))
      .flatMap(({ what, text }) => leaks(text).map((needle) => `${what}: ${needle}`));
    expect(found).toEqual([]);
  }, 90_000);

  it('never leave the server: answers, headers, live stream, delivery log, logs, UI files and database files', async () => {
    // The live stream, read for the whole flow.
    const streamAbort = new AbortController();
    let streamText = '';
    const stream = await fetch(`${serverUrl}/api/stream`, {
      headers: { authorization: `Bearer ${secret.adminToken}` },
      signal: streamAbort.signal,
    });
    capture('GET /api/stream headers', [...stream.headers].join('\n'));
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
          streamText += decoder.decode(chunk, { stream: true });
        }
      } catch {
        // aborted at the end
      }
    })();

    expect((await admin('GET', '/api/integrations')).status).toBe(200);

    // Outputs: API key, key pair, a rejected key, settings errors next to secrets.
    const withKey = await admin('POST', '/api/outputs', {
      settings: accountSettings('S1', { apiKey: secret.apiKey }),
    });
    expect(withKey.status, withKey.text).toBe(201);
    expect(withKey.body.credentialCheck.ok).toBe(true);
    expect(withKey.body.output.settings.apiKey).toBe('********');
    const withPair = await admin('POST', '/api/outputs', {
      settings: accountSettings('S2', { publicKey, secretKey: secret.secretKey }),
    });
    expect(withPair.status, withPair.text).toBe(201);
    expect(withPair.body.credentialCheck.ok).toBe(true);
    const rejected = await admin('POST', '/api/outputs', {
      settings: accountSettings('S3', { apiKey: secret.rejectedKey }),
    });
    expect(rejected.status, rejected.text).toBe(201);
    expect(rejected.body.credentialCheck.ok).toBe(false);
    const badChoice = await admin('POST', '/api/outputs', {
      settings: accountSettings('S4', { apiKey: secret.apiKey }, { emailEncoding: 'md5' }),
    });
    expect(badChoice.status).toBe(400);
    expect(JSON.stringify(badChoice.body.error.details.issues)).toMatch(/emailEncoding/);
    const halfPair = await admin('POST', '/api/outputs', {
      settings: accountSettings('S5', { secretKey: secret.secretKey }),
    });
    expect(halfPair.status).toBe(400);
    expect(halfPair.text).toMatch(/publicKey|secretKey|apiKey/);
    const kept = await admin('PUT', `/api/outputs/${withKey.body.output.id}`, {
      settings: accountSettings('S1', { apiKey: '********' }, { configurationName: 'Renamed' }),
    });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body.credentialCheck.ok).toBe(true);
    expect((await admin('POST', `/api/outputs/${rejected.body.output.id}/check`)).body.ok).toBe(false);

    // An audience connected to all three outputs; members added and imported.
    const audience = (await admin('POST', '/api/audiences', { name: 'Security Audience' })).body;
    for (const output of [withKey, withPair, rejected]) {
      const connection = await admin('POST', '/api/connections', {
        audienceId: audience.id,
        outputId: output.body.output.id,
        settings: {},
      });
      expect(connection.status, connection.text).toBe(201);
      expect(
        (await admin('PUT', `/api/connections/${connection.body.id}`, { status: 'active' })).status,
      ).toBe(200);
    }
    const added = await admin('POST', `/api/audiences/${audience.id}/members`, {
      action: 'add',
      members: [1, 2, 3].map((n) => ({ mpid: String(n), email: `member${n}@example.com` })),
    });
    expect(added.status, added.text).toBe(200);
    const imported = await request('POST', `/api/audiences/${audience.id}/import`, {
      headers: { authorization: `Bearer ${secret.adminToken}`, 'content-type': 'text/csv' },
      body: 'mpid,email\n4,member4@example.com\n5,member5@example.com\n',
    });
    expect(imported.status, imported.text).toBe(200);

    // Firehose: registration, subscriptions, membership changes with each kind of credentials.
    const registration = readFileSync(
      join(repositoryRoot, 'fixtures', 'firehose', 'ModuleRegistrationRequest.json'),
      'utf8',
    );
    expect((await firehose(registration, null)).status).toBe(200);
    const subscription = (apiKey: string) => ({
      type: 'audience_subscription_request',
      id: `sub-${apiKey.length}-${Math.random()}`,
      timestamp_ms: 1_714_592_744_065,
      firehose_version: '3.2.0',
      action: 'add',
      account: { account_id: 77, account_settings: accountSettings('F1', { apiKey }) },
      audience_id: 77,
      audience_name: 'Security List',
      audience_subscription_settings: {},
    });
    expect((await firehose(subscription(secret.apiKey))).status).toBe(200);
    expect((await firehose(subscription(secret.rejectedKey))).status).toBe(400);
    expect((await firehose(membership('f1', accountSettings('F1', { apiKey: secret.apiKey })))).status).toBe(
      200,
    );
    expect(
      (
        await firehose(
          membership('f2', accountSettings('F2', { publicKey, secretKey: secret.secretKey }), 10),
        )
      ).status,
    ).toBe(200);
    expect(
      (await firehose(membership('f3', accountSettings('F3', { apiKey: secret.rejectedKey }), 20))).status,
    ).toBe(200);
    const md5 = await firehose(
      membership('f4', accountSettings('F4', { apiKey: secret.apiKey }, { emailEncoding: 'md5' })),
    );
    expect(md5.status).toBe(400);
    expect(md5.body.error.details.issues[0].setting).toBe('emailEncoding');
    const noPublic = await firehose(membership('f5', accountSettings('F5', { secretKey: secret.secretKey })));
    expect(noPublic.status).toBe(400);
    // Malformed bodies with a secret written without quotes, and after a trailing comma.
    const unquoted = await firehose(
      `{"type":"audience_membership_change_request","apiKey": ${secret.apiKey}}`,
    );
    expect(unquoted.status).toBe(400);
    expect(unquoted.body.error.code).toBe('INVALID_JSON');
    const trailing = await firehose(`[{"secretKey":"${secret.secretKey}"},]`);
    expect(trailing.status).toBe(400);

    // Deliveries: the rejected key fails with 401, after which its account is suspended.
    await eventually(
      () => {
        const accounts = sandbox.state().accounts;
        return (
          accounts.S1?.lists['Security Audience']?.included.length === 5 &&
          accounts.S2?.lists['Security Audience']?.included.length === 5 &&
          accounts.F1?.lists['Security List']?.included.length === 2 &&
          accounts.F2?.lists['Security List']?.included.length === 2
        );
      },
      20_000,
      'deliveries',
    );
    await eventually(
      async () => {
        const log = await admin('GET', '/api/deliveries?limit=100');
        return log.body.some(
          (entry: { messageId: string; status: string }) =>
            entry.messageId === 'f3' && entry.status === 'failed',
        );
      },
      20_000,
      'the 401 to be recorded',
    );
    const suspended = await firehose(
      membership('f6', accountSettings('F3', { apiKey: secret.rejectedKey }), 30),
    );
    expect(suspended.body.suspend_subscription).toBe(true);
    await eventually(
      async () =>
        (await admin('GET', '/api/outputs')).body.some(
          (output: { status: string }) => output.status === 'suspended',
        ),
      20_000,
      'the output with the rejected key to be suspended',
    );

    // Everything the admin API shows.
    for (const path of [
      '/api/outputs',
      '/api/connections',
      '/api/audiences',
      '/api/stats',
      '/api/deliveries?limit=200',
    ]) {
      expect((await admin('GET', path)).status).toBe(200);
    }
    for (const output of [withKey, withPair, rejected]) {
      expect((await admin('GET', `/api/outputs/${output.body.output.id}`)).status).toBe(200);
    }
    expect((await admin('GET', `/api/audiences/${audience.id}/members?limit=50`)).status).toBe(200);
    const log = await admin('GET', '/api/deliveries?limit=200');
    expect(JSON.stringify(log.body)).toMatch(/401/);

    // The web UI's files, as served.
    expect((await request('GET', '/')).status).toBe(200);
    for (const file of readdirSync(join(repositoryRoot, 'apps', 'demo', 'ui'))) {
      expect((await request('GET', `/ui/${file}`)).status, file).toBe(200);
      expect((await request('GET', `/${file}`)).status, file).toBe(200);
    }

    // A second to let a stats event through, then stop the stream and the server.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    streamAbort.abort();
    await reading;
    capture('GET /api/stream', streamText);
    expect(streamText).toMatch(/event: delivery/);
    expect(streamText).toMatch(/event: stats/);
    captureDatabaseFiles('while running');
    server.kill('SIGTERM');
    expect(await serverExited).toBe(0);
    captureDatabaseFiles('after stopping');
    capture('server standard output and error', serverOutput);
    expect(serverOutput).toMatch(/"level":20/); // debug lines were written
    // No FORWARDER_SECRET_KEY: the server made a key file next to the database and said so.
    const keyFile = `${databasePath()}.key`;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(serverOutput).toContain(`Secrets at rest encrypted with a new key in ${keyFile}`);
    expect(serverOutput).not.toContain(readFileSync(keyFile, 'utf8').trim().slice(0, 12));

    const found = captured.flatMap(({ what, text }) => leaks(text).map((needle) => `${what}: ${needle}`));
    expect(found).toEqual([]);
  }, 90_000);
});
