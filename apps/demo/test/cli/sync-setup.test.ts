import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_KEY, membershipMessage, ndjson } from './support/messages.js';
import { runCli, workspace } from './support/run-cli.js';

let sandbox: RoktSandbox;
const files = workspace();
let config: string;
let input: string;

beforeAll(async () => {
  sandbox = await startSandbox({ credentials: { apiKey: API_KEY } });
  config = files.writeJson('config.json', { endpoints: { audience: sandbox.url, events: sandbox.url } });
  input = files.write('messages.ndjson', ndjson([membershipMessage('a', 2)]));
});
afterAll(async () => {
  await sandbox.close();
  files.remove();
});
beforeEach(() => {
  sandbox.reset();
});

describe('forwarder sync: runs that cannot start exit 2 and send nothing', () => {
  it('a missing input file', async () => {
    const run = await runCli(['sync', '--input', 'missing.ndjson', '--config', config, '--json'], {
      cwd: files.directory,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cannot read the input file .*missing\.ndjson: no such file/);
    expect(run.summary).toMatchObject({ exitCode: 2, messages: 0 });
    expect(sandbox.state().requests.total).toBe(0);
  });

  it('a directory as input', async () => {
    const run = await runCli(['sync', '--input', '.', '--config', config], { cwd: files.directory });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/it is a directory/);
  });

  it('a bad flag, a missing --input and an unknown command', async () => {
    for (const args of [
      ['sync', '--input', input, '--config', config, '--frobnicate'],
      ['sync', '--config', config],
      ['synchronise', '--input', input],
    ]) {
      const run = await runCli(args, { cwd: files.directory });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/error: (unknown option|required option|unknown command)/);
    }
    expect(sandbox.state().requests.total).toBe(0);
  });

  it('a bad flag with --json still ends standard output with the summary (exit 2)', async () => {
    const run = await runCli(['sync', '--input', input, '--json', '--frobnicate'], { cwd: files.directory });
    expect(run.code).toBe(2);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '');
    expect(summary).toMatchObject({ exitCode: 2, messages: 0, requests: 0 });
    expect(summary.errors[0].message).toMatch(/unknown option '--frobnicate'/);
    expect(sandbox.state().requests.total).toBe(0);
  });

  it('an invalid --config, each problem named by its JSON path', async () => {
    const bad = files.writeJson('bad-config.json', {
      endpoints: { audience: 'not a url', events: sandbox.url },
      outputs: { main: { configurationName: 'x', accountId: '1', apiKey: 'k', emailEncoding: 'md5' } },
      delivery: { attempts: 0 },
    });
    const run = await runCli(['sync', '--input', input, '--config', bad, '--json'], { cwd: files.directory });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/endpoints\.audience: must be an http\(s\) URL/);
    expect(run.stderr).toMatch(/outputs\.main\.emailEncoding: must be one of Raw, Sha256/);
    expect(run.stderr).toMatch(/delivery\.attempts: must be at least 1/);
    expect(sandbox.state().requests.total).toBe(0);
  });

  it('a --config that is not JSON or does not exist', async () => {
    const broken = files.write('broken.json', '{"endpoints": {');
    for (const path of [broken, 'nope.json']) {
      const run = await runCli(['sync', '--input', input, '--config', path], { cwd: files.directory });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/not valid JSON|no such file/);
    }
    expect(sandbox.state().requests.total).toBe(0);
  });
});

describe('forwarder --help', () => {
  it('describes every command with examples and exits 0', async () => {
    const top = await runCli(['--help'], { cwd: files.directory });
    expect(top.code).toBe(0);
    for (const command of ['sync', 'serve', 'sandbox', 'demo']) expect(top.stdout).toContain(command);
    for (const command of ['sync', 'serve', 'sandbox', 'demo']) {
      const run = await runCli([command, '--help'], { cwd: files.directory });
      expect(run.code, command).toBe(0);
      expect(run.stdout).toMatch(/Examples:/);
    }
  });
});
