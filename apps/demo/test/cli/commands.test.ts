import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { cliCommand, runCli, workspace } from './support/run-cli.js';

const files = workspace();
afterAll(() => files.remove());

/** Starts a long-running command and resolves with its first stdout match. */
function startCommand(
  args: string[],
  pattern: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const [command, ...prefix] = cliCommand();
    const child = spawn(command!, [...prefix, ...args], {
      cwd: files.directory,
      env: { ...process.env, INIT_CWD: files.directory },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`no match in time:\n${output}\n${errors}`)), 20_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      errors += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before matching:\n${output}\n${errors}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('forwarder sandbox / serve', () => {
  it('sandbox --port 0 prints its URL, enforces its key, and stops on SIGINT', async () => {
    const { child, match } = await startCommand(
      ['sandbox', '--port', '0', '--api-key', 'k-123'],
      /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    );
    const url = match[1]!;
    const denied = await fetch(`${url}/v3/auth-check`, {
      method: 'POST',
      headers: { authorization: 'wrong', 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: '1' }),
    });
    expect(denied.status).toBe(401);
    const allowed = await fetch(`${url}/v3/auth-check`, {
      method: 'POST',
      headers: { authorization: 'k-123', 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: '1' }),
    });
    expect(allowed.status).toBe(200);
    const exited = exitOf(child);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('serve passes its flags on: port, tokens, database', async () => {
    const db = join(files.directory, 'serve.db');
    const { child, match } = await startCommand(
      [
        'serve',
        '--port',
        '0',
        '--db',
        db,
        '--admin-token',
        'admin-t',
        '--firehose-token',
        'fire-t',
        '--log-level',
        'silent',
      ],
      /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    );
    const url = match[1]!;
    expect((await fetch(`${url}/api/outputs`)).status).toBe(401);
    expect((await fetch(`${url}/api/outputs`, { headers: { authorization: 'Bearer admin-t' } })).status).toBe(
      200,
    );
    expect(readFileSync(db).length).toBeGreaterThan(0);
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('serve refuses a bad flag value with exit 2', async () => {
    const run = await runCli(['serve', '--workers', '0'], { cwd: files.directory });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--workers/);
  });
});

describe('the examples', () => {
  let sandbox: RoktSandbox | undefined;
  afterAll(async () => {
    await sandbox?.close();
  });

  it('members.csv and firehose.ndjson run against a sandbox with the example config (exit 0)', async () => {
    const examples = join(import.meta.dirname, '..', '..', 'examples');
    const config = JSON.parse(readFileSync(join(examples, 'config.json'), 'utf8'));
    sandbox = await startSandbox({ credentials: { apiKey: config.outputs.demo.apiKey } });
    config.endpoints = { audience: sandbox.url, events: sandbox.url };
    const configPath = files.writeJson('examples-config.json', config);
    for (const input of ['members.csv', 'firehose.ndjson']) {
      const run = await runCli(['sync', '--input', join(examples, input), '--config', configPath, '--json'], {
        cwd: files.directory,
      });
      expect(run.code, `${input}\n${run.stderr}`).toBe(0);
      expect(run.summary?.delivered).toBeGreaterThan(0);
    }
    expect(sandbox.listMembers('123456', 'VIP Members').included.length).toBeGreaterThan(0);
  });
});
