import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, workspace } from '../cli/support/run-cli.js';
import { accountOf, caseBytes, corpus } from './support/corpus.js';

/**
 * Every case of the bad-input corpus through `forwarder sync --input <case> --json`, as a child
 * process against a real sandbox: the exit status of spec/cli.md, each problem on standard error
 * with its line number, never a stack trace, and the other messages of the same file delivered
 * (exactly those). Cases run a few at a time; each uses its own Rokt account in the sandbox.
 */

let sandbox: RoktSandbox;
const files = workspace();
let endpointsConfig: string;

beforeAll(async () => {
  sandbox = await startSandbox({ credentials: { apiKey: corpus.apiKey } });
  endpointsConfig = files.writeJson('endpoints.json', {
    endpoints: { audience: sandbox.url, events: sandbox.url },
  });
});
afterAll(async () => {
  await sandbox?.close();
  files.remove();
});

/** A config naming one output (the case's account) and one active connection, for CSV input. */
function csvConfig(account: string): string {
  return files.writeJson(`config-${account}.json`, {
    endpoints: { audience: sandbox.url, events: sandbox.url },
    outputs: {
      main: { configurationName: 'Bad input corpus', accountId: account, apiKey: corpus.apiKey },
    },
    connections: {
      members: { audienceId: 4242, audienceName: corpus.list, outputId: 'main', status: 'active' },
    },
  });
}

const stackTrace = /^\s+at .+:\d+:\d+\)?$/m;
const crash = /\b(TypeError|ReferenceError|RangeError|SyntaxError|Error \[ERR_[A-Z_]+\])\b/;

describe.concurrent('bad input through forwarder sync', () => {
  for (const testCase of corpus.cases) {
    const expected = testCase.cli;
    if (expected === null) continue;
    it(`${testCase.name}: ${testCase.about}`, async () => {
      const account = accountOf(testCase);
      const fileName = testCase.file ?? `${testCase.name}.ndjson`;
      const input = files.write(`${testCase.name}-${fileName}`, caseBytes(testCase));
      const config = fileName.endsWith('.csv') ? csvConfig(account) : endpointsConfig;
      const run = await runCli(['sync', '--input', input, '--config', config, '--json'], {
        cwd: files.directory,
        timeoutMs: 90_000,
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.code, run.stderr.slice(0, 2_000)).toBe(expected.exit);
      expect(output).not.toMatch(stackTrace);
      expect(output).not.toMatch(crash);
      expect(run.summary, run.stdout.slice(-1_000)).toBeDefined();
      expect(run.summary?.exitCode).toBe(expected.exit);
      for (const pattern of expected.report ?? []) {
        expect(run.stderr).toMatch(new RegExp(`^${pattern}`, 'm'));
      }
      if (expected.exit !== 0) {
        // Every problem is reported with the line it is on.
        expect(run.summary?.errors.length).toBeGreaterThan(0);
        for (const error of run.summary?.errors ?? []) expect(error.line).toBeGreaterThanOrEqual(1);
      }
      const included = sandbox.state().accounts[account]?.lists[corpus.list]?.included ?? [];
      expect(included).toEqual([...(expected.delivered ?? [])].sort());
      expect(sandbox.state().accounts[account]?.events.count ?? 0).toBe(
        expected.events ?? expected.delivered?.length ?? 0,
      );
    });
  }
});
