import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDeliveryQueue } from '../../src/queue/index.js';
import {
  ConfidentialSettings,
  keyFilePathFor,
  SecretDecryptionError,
  SecretKey,
  SecretKeyError,
} from '../../src/secrets/index.js';
import { runServe } from '../../src/server/run-serve.js';
import { type RunningServerHandle, startServer } from '../../src/server/start-server.js';
import { openDatabase, openStore } from '../../src/store/index.js';
import { repositoryRoot, runCli } from '../cli/support/run-cli.js';
import { eventually } from '../server/stack.js';
import { secretNeedles } from './secret-needles.js';

/**
 * Secrets at rest: the SQLite file and its WAL never hold a confidential setting in plaintext,
 * whether it came through the admin API, the control plane's queued messages or Firehose; a
 * database from before is encrypted on open and keeps delivering; a wrong or missing key is a
 * clear error; the key file is made once (mode 0600) and the environment variable wins over it.
 */

const secret = {
  firstKey: 'atrest-first-Qm7Rz2Kt9Ln4Xv8C',
  apiKey: 'atrest-apikey-Hd5Wq1Bn6Ty3Ps0J',
  secretKey: 'atrest-secret-Zc8Gm4Vr2Ka7Nx5E',
  legacyKey: 'atrest-legacy-Uf3Lp9Dy1Re6Sw4M',
  deletedKey: 'atrest-deleted-Oi2Jh7Ck5Xb9Tq3A',
};
const publicKey = 'atrest-public-key';
const firehoseToken = 'atrest-firehose-token';
const adminToken = 'atrest-admin-token';
const databaseKey = SecretKey.generate('FORWARDER_SECRET_KEY');
const confidentialNames = ['apiKey', 'secretKey'];

const needles = secretNeedles(Object.values(secret));

/** The raw bytes of the database file and, when present, its WAL and shared-memory files. */
function rawFiles(databasePath: string): { file: string; text: string }[] {
  return ['', '-wal', '-shm']
    .map((suffix) => `${databasePath}${suffix}`)
    .filter((file) => existsSync(file))
    .map((file) => ({ file, text: readFileSync(file).toString('latin1') }));
}

function leaksAtRest(databasePath: string): string[] {
  return rawFiles(databasePath).flatMap(({ file, text }) =>
    needles.filter((needle) => text.includes(needle)).map((needle) => `${file}: ${needle}`),
  );
}

function membership(id: string, accountId: string, apiKey: string, first: number, count = 3) {
  return {
    type: 'audience_membership_change_request',
    id,
    timestamp_ms: 1_714_592_744_065,
    firehose_version: '3.2.0',
    account: {
      account_id: 31,
      account_settings: { configurationName: 'At rest', accountId, apiKey, emailEncoding: 'Raw' },
    },
    user_profiles: Array.from({ length: count }, (_, index) => ({
      mpid: String(first + index),
      user_identities: [{ type: 'email', encoding: 'raw', value: `rest${first + index}@example.com` }],
      audiences: [
        { audience_id: 31, audience_name: 'At Rest List', audience_subscription_settings: {}, action: 'add' },
      ],
    })),
  };
}

let sandbox: RoktSandbox;
let directory: string;
let databasePath: string;
const running: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    credentials: { apiKey: secret.apiKey, publicKey, secretKey: secret.secretKey },
  });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'forwarder-at-rest-'));
  databasePath = join(directory, 'forwarder.db');
});
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  rmSync(directory, { recursive: true, force: true });
});

async function start(key: SecretKey | undefined = databaseKey, logs: string[] = []) {
  const server = await startServer({
    port: 0,
    databasePath,
    firehoseToken,
    adminToken,
    ...(key === undefined ? {} : { secretKey: key }),
    endpoints: { audience: sandbox.url, events: sandbox.url },
    logLevel: 'info',
    logDestination: new Writable({
      write(chunk, _encoding, callback) {
        logs.push(String(chunk));
        callback();
      },
    }),
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50, maxTotalMs: 2_000 },
    queue: { pollMs: 20, retryBaseMs: 50 },
  });
  running.push(server);
  return server;
}

async function stop(server: { close(): Promise<void> }) {
  running.splice(running.indexOf(server), 1);
  await server.close();
}

async function api(server: { url: string }, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as any, text };
}

async function firehose(server: { url: string }, body: unknown) {
  const response = await fetch(`${server.url}/firehose`, {
    method: 'POST',
    headers: { authorization: `Token ${firehoseToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

function included(accountId: string, list: string): number {
  return sandbox.state().accounts[accountId]?.lists[list]?.included.length ?? 0;
}

/** Creates an audience of `count` members connected (active) to `outputId`. */
async function connectAudience(server: RunningServerHandle, outputId: number, name: string, count: number) {
  const audience = (await api(server, 'POST', '/api/audiences', { name })).body;
  const connection = (
    await api(server, 'POST', '/api/connections', { audienceId: audience.id, outputId, settings: {} })
  ).body;
  await api(server, 'POST', `/api/audiences/${audience.id}/members`, {
    action: 'add',
    members: Array.from({ length: count }, (_, index) => ({
      mpid: String(index),
      email: `${name}${index}@example.com`,
    })),
  });
  expect((await api(server, 'PUT', `/api/connections/${connection.id}`, { status: 'active' })).status).toBe(
    200,
  );
}

function refusal(error: unknown): SecretKeyError {
  expect(SecretKeyError.isSecretKeyError(error), String(error)).toBe(true);
  return error as SecretKeyError;
}

function expectNoKeyIn(text: string, ...keys: SecretKey[]) {
  for (const key of keys) {
    for (const encoded of [
      key.toBase64(),
      key.material().toString('hex'),
      key.material().toString('base64url'),
    ]) {
      expect(text).not.toContain(encoded.slice(0, 12));
    }
  }
}

describe('secrets at rest', () => {
  it('never writes a confidential setting in plaintext: admin API, queued messages, Firehose, database and WAL', async () => {
    const server = await start();
    const created = await api(server, 'POST', '/api/outputs', {
      settings: { configurationName: 'Rest one', accountId: 'REST1', apiKey: secret.firstKey },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.credentialCheck.ok).toBe(false); // the sandbox rejects the first key: suspended
    const updated = await api(server, 'PUT', `/api/outputs/${created.body.output.id}`, {
      settings: { configurationName: 'Rest one', accountId: 'REST1', apiKey: secret.apiKey },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.credentialCheck.ok).toBe(true);
    const pair = await api(server, 'POST', '/api/outputs', {
      settings: { configurationName: 'Rest two', accountId: 'REST2', publicKey, secretKey: secret.secretKey },
    });
    expect(pair.status, pair.text).toBe(201);
    expect(pair.body.credentialCheck.ok).toBe(true);
    expect(pair.body.output.settings.secretKey).toBe('********');

    await connectAudience(server, created.body.output.id, 'restone', 4);
    await connectAudience(server, pair.body.output.id, 'resttwo', 3);
    expect(await firehose(server, membership('rest-f1', 'REST3', secret.apiKey, 100))).toBe(200);
    await eventually(
      () =>
        included('REST1', 'restone') === 4 &&
        included('REST2', 'resttwo') === 3 &&
        included('REST3', 'At Rest List') === 3,
      20_000,
      'deliveries from the control plane and from Firehose',
    );
    // The saved keys still work: the credential checks decrypt them.
    expect((await api(server, 'POST', `/api/outputs/${created.body.output.id}/check`)).body.ok).toBe(true);
    expect((await api(server, 'POST', `/api/outputs/${pair.body.output.id}/check`)).body.ok).toBe(true);

    // While running (the WAL holds every page written since the last checkpoint) and after closing.
    const whileRunning = rawFiles(databasePath);
    expect(whileRunning.map(({ file }) => file)).toContain(`${databasePath}-wal`);
    const all = whileRunning.map(({ text }) => text).join('');
    expect(all).toContain('enc:v1:'); // the encrypted form is there
    expect(all).toContain('REST1'); // and settings that are not confidential stay readable
    expect(leaksAtRest(databasePath)).toEqual([]);
    await stop(server);
    expect(leaksAtRest(databasePath)).toEqual([]);
  }, 60_000);

  it('encrypts a database from before on open, wipes the old plaintext, and still delivers', async () => {
    // The database as the previous version left it: schema 2, secrets in plaintext, a queued
    // message carrying its API key, and a deleted output whose key is still in a free page.
    const old = openDatabase(databasePath);
    old.exec('DROP TABLE secret_key_check');
    old.pragma('user_version = 2');
    const now = new Date().toISOString();
    const insertOutput = old.prepare(
      'INSERT INTO outputs (integration_id, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    const settings = (accountId: string, apiKey: string) =>
      JSON.stringify({
        configurationName: accountId,
        accountId,
        apiKey,
        emailEncoding: 'Raw',
        mobileEncoding: 'None',
      });
    const outputId = Number(
      insertOutput.run('rokt', 'LEGACY1', settings('LEGACY1', secret.legacyKey), now, now).lastInsertRowid,
    );
    const deleted = Number(
      insertOutput.run('rokt', 'GONE', settings('GONE', secret.deletedKey), now, now).lastInsertRowid,
    );
    old.prepare('DELETE FROM outputs WHERE id = ?').run(deleted);
    new SqliteDeliveryQueue(old).enqueue([
      {
        messageId: 'legacy-queued',
        message: membership('legacy-queued', 'LEGACY2', secret.apiKey, 200),
        partitionKey: 'account:31:legacy',
        profiles: 3,
      },
    ]);
    old.close();
    expect(leaksAtRest(databasePath).length).toBeGreaterThan(0); // the plaintext really is there

    const server = await start();
    expect(leaksAtRest(databasePath)).toEqual([]);
    await eventually(() => included('LEGACY2', 'At Rest List') === 3, 20_000, 'the queued message');

    // The migrated output still works: its key decrypts (the sandbox rejects that key, so the
    // check answers 401 from the sandbox, not a decryption error) and takes a new one.
    const view = await api(server, 'GET', `/api/outputs/${outputId}`);
    expect(view.body.settings).toMatchObject({ accountId: 'LEGACY1', apiKey: '********' });
    const check = await api(server, 'POST', `/api/outputs/${outputId}/check`);
    expect(check.body).toMatchObject({ ok: false, status: 401 });
    const saved = await api(server, 'PUT', `/api/outputs/${outputId}`, {
      settings: { configurationName: 'LEGACY1', accountId: 'LEGACY1', apiKey: secret.apiKey },
    });
    expect(saved.body.credentialCheck.ok).toBe(true);
    await connectAudience(server, outputId, 'legacy', 2);
    await eventually(() => included('LEGACY1', 'legacy') === 2, 20_000, 'deliveries of the migrated output');
    expect(leaksAtRest(databasePath)).toEqual([]);
    await stop(server);

    const reopened = openDatabase(databasePath);
    expect(reopened.pragma('user_version', { simple: true })).toBe(3);
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM secret_key_check').get()).toEqual({ n: 1 });
    reopened.close();
    expect(leaksAtRest(databasePath)).toEqual([]);
  }, 60_000);

  it('refuses another key with a clear error naming the variable and the key file, never a key', async () => {
    const server = await start();
    expect(
      (
        await api(server, 'POST', '/api/outputs', {
          settings: { configurationName: 'K', accountId: 'K1', apiKey: secret.apiKey },
        })
      ).status,
    ).toBe(201);
    await stop(server);

    const otherKey = SecretKey.generate('FORWARDER_SECRET_KEY');
    const error = refusal(await start(otherKey).catch((caught: unknown) => caught));
    expect(error.problem).toBe('mismatch');
    expect(error.message).toContain('The secret key from FORWARDER_SECRET_KEY is not the key');
    expect(error.message).toContain(databasePath);
    expect(error.message).toContain(keyFilePathFor(databasePath));
    expectNoKeyIn(error.message, databaseKey, otherKey);

    // The command line says it in one line, without a stack, for a wrong, a malformed and a missing key.
    const serve = (env: Record<string, string>) =>
      runCli(['serve', '--port', '0', '--db', databasePath, '--rokt-url', sandbox.url], {
        cwd: repositoryRoot,
        env: { FORWARDER_ADMIN_TOKEN: adminToken, FORWARDER_FIREHOSE_TOKEN: firehoseToken, ...env },
        timeoutMs: 30_000,
      });
    const wrong = await serve({ FORWARDER_SECRET_KEY: otherKey.material().toString('hex') });
    const malformed = await serve({ FORWARDER_SECRET_KEY: 'not-a-key-Rb6Yw2Nc9Fh4Kd1S' });
    const missing = await serve({});
    for (const [run, expected] of [
      [
        wrong,
        /^forwarder: The secret key from FORWARDER_SECRET_KEY is not the key the secrets in .* were encrypted with: set FORWARDER_SECRET_KEY to that key, or unset it and restore the key file .*forwarder\.db\.key\n$/,
      ],
      [
        malformed,
        /^forwarder: The secret key in FORWARDER_SECRET_KEY must be 32 bytes written as 64 hexadecimal characters or as 44 base64 characters .*\(it is not shown\)\n$/,
      ],
      [
        missing,
        /^forwarder: The database .* holds encrypted secrets, but no key was given: set FORWARDER_SECRET_KEY to the key they were encrypted with, or restore the key file .*forwarder\.db\.key\n$/,
      ],
    ] as const) {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(expected);
      expect(run.stdout).not.toMatch(/listening/);
      expect(run.stderr).not.toContain('Rb6Yw2Nc');
      expectNoKeyIn(run.stdout + run.stderr, databaseKey, otherKey);
    }
    expect(existsSync(keyFilePathFor(databasePath))).toBe(false); // no new key replaced the lost one
  }, 90_000);

  it('names the output and the setting of a value that does not decrypt (moved to another row)', async () => {
    const logs: string[] = [];
    const server = await start(databaseKey, logs);
    const one = (
      await api(server, 'POST', '/api/outputs', {
        settings: { configurationName: 'A', accountId: 'A1', apiKey: secret.apiKey },
      })
    ).body.output.id;
    const two = (
      await api(server, 'POST', '/api/outputs', {
        settings: { configurationName: 'B', accountId: 'B1', apiKey: secret.firstKey },
      })
    ).body.output.id;
    // Someone with write access to the file copies output 1's encrypted key over output 2's.
    const settingsOf = (id: number) =>
      JSON.parse(
        (
          server.store.database.prepare('SELECT settings FROM outputs WHERE id = ?').get(id) as {
            settings: string;
          }
        ).settings,
      );
    const moved = { ...settingsOf(two), apiKey: settingsOf(one).apiKey };
    server.store.database
      .prepare('UPDATE outputs SET settings = ? WHERE id = ?')
      .run(JSON.stringify(moved), two);

    expect((await api(server, 'GET', `/api/outputs/${one}`)).status).toBe(200);
    const answer = await api(server, 'GET', `/api/outputs/${two}`);
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe('INTERNAL_ERROR');
    const log = logs.join('');
    expect(log).toContain(
      `Cannot decrypt setting \\"apiKey\\" of output ${two} with the secret key from FORWARDER_SECRET_KEY`,
    );
    expect(log).not.toContain(secret.apiKey.slice(-8));
    await stop(server);

    const store = openStore(databasePath, {
      secrets: new ConfidentialSettings(databaseKey, confidentialNames),
    });
    try {
      expect(store.outputs.get(one)?.settings.apiKey).toBe(secret.apiKey);
      let caught: unknown;
      try {
        store.outputs.list();
      } catch (error) {
        caught = error;
      }
      expect(SecretDecryptionError.isSecretDecryptionError(caught)).toBe(true);
      expect((caught as Error).message).toBe(
        `Cannot decrypt setting "apiKey" of output ${two} with the secret key from FORWARDER_SECRET_KEY: it was encrypted with another key, or the stored value was altered or copied from another row`,
      );
    } finally {
      store.close();
    }
  }, 60_000);

  describe('the key file (no FORWARDER_SECRET_KEY)', () => {
    let saved: string | undefined;
    beforeEach(() => {
      saved = process.env.FORWARDER_SECRET_KEY;
      delete process.env.FORWARDER_SECRET_KEY;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.FORWARDER_SECRET_KEY;
      else process.env.FORWARDER_SECRET_KEY = saved;
    });

    const serve = (lines: string[]) =>
      runServe({
        port: 0,
        db: databasePath,
        roktUrl: sandbox.url,
        firehoseToken,
        adminToken,
        logLevel: 'silent',
        handleSignals: false,
        print: (line) => lines.push(line),
      });

    it('is created with mode 0600 on first start, said once without the key, reused next time; the variable wins', async () => {
      const keyFile = keyFilePathFor(databasePath);
      const firstLines: string[] = [];
      const first = await serve(firstLines);
      running.push(first);
      expect(first.createdKeyFile).toBe(keyFile);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const fileKey = SecretKey.parse(readFileSync(keyFile, 'utf8'), 'the key file');
      const created = firstLines.filter((line) => line.includes(keyFile));
      expect(created).toEqual([
        `  Secrets at rest encrypted with a new key in ${keyFile} (created, mode 0600; keep it with the database, or set FORWARDER_SECRET_KEY)`,
      ]);
      expectNoKeyIn(firstLines.join('\n'), fileKey);
      const output = await api(first, 'POST', '/api/outputs', {
        settings: { configurationName: 'F', accountId: 'F1', apiKey: secret.apiKey },
      });
      expect(output.body.credentialCheck.ok).toBe(true);
      await stop(first);

      const secondLines: string[] = [];
      const second = await serve(secondLines);
      running.push(second);
      expect(second.createdKeyFile).toBeUndefined();
      expect(secondLines).toContain(`  Secrets at rest encrypted with the key from key file ${keyFile}`);
      expect(SecretKey.parse(readFileSync(keyFile, 'utf8'), 'x').material().equals(fileKey.material())).toBe(
        true,
      );
      expect((await api(second, 'POST', `/api/outputs/${output.body.output.id}/check`)).body.ok).toBe(true);
      await stop(second);

      // The variable wins over the file: another key is refused even though the file is right…
      process.env.FORWARDER_SECRET_KEY = SecretKey.generate('x').toBase64();
      const refused = refusal(await serve([]).catch((caught: unknown) => caught));
      expect(refused.message).toContain('The secret key from FORWARDER_SECRET_KEY is not the key');
      // …and the file's key given through the variable is used from there.
      process.env.FORWARDER_SECRET_KEY = fileKey.material().toString('hex');
      const thirdLines: string[] = [];
      const third = await serve(thirdLines);
      running.push(third);
      expect(third.secretKeySource).toBe('FORWARDER_SECRET_KEY');
      expect(thirdLines).toContain('  Secrets at rest encrypted with the key from FORWARDER_SECRET_KEY');
      expect((await api(third, 'POST', `/api/outputs/${output.body.output.id}/check`)).body.ok).toBe(true);
      await stop(third);

      // Without variable and file, the database's secrets are not replaced by a new key.
      delete process.env.FORWARDER_SECRET_KEY;
      unlinkSync(keyFile);
      const lost = refusal(await serve([]).catch((caught: unknown) => caught));
      expect(lost.problem).toBe('missing');
      expect(lost.message).toContain(keyFile);
      expect(existsSync(keyFile)).toBe(false);
    }, 60_000);
  });
});
