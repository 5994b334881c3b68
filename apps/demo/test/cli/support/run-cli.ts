import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SyncSummary } from '../../../src/sync/sync-summary.js';

/** The repository root. */
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..', '..');
const cliEntry = join(repositoryRoot, 'apps', 'demo', 'src', 'cli.ts');
const tsxLoader = pathToFileURL(
  join(
    dirname(createRequire(join(repositoryRoot, 'package.json')).resolve('tsx/package.json')),
    'dist',
    'loader.mjs',
  ),
).href;

/** The command (node and its arguments) that runs the CLI from sources. */
export function cliCommand(): string[] {
  return [process.execPath, '--conditions=source', '--import', tsxLoader, cliEntry];
}

/** A finished CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last line of standard output parsed as JSON, when it is JSON. */
  summary?: SyncSummary;
  milliseconds: number;
}

/** Runs `node --conditions=source --import tsx apps/demo/src/cli.ts <args>` in `cwd`. */
export function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const [command, ...cliArguments] = cliCommand();
    const child = spawn(command!, [...cliArguments, ...args], {
      cwd: options.cwd,
      env: { ...process.env, INIT_CWD: options.cwd, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = stdout.trimEnd().split('\n').at(-1) ?? '';
      let summary: CliRun['summary'];
      try {
        summary = JSON.parse(last);
      } catch {
        summary = undefined;
      }
      resolve({ code, stdout, stderr, summary, milliseconds: performance.now() - started });
    });
  });
}

/** A fresh temporary directory with helpers to write files into it. */
export function workspace() {
  const directory = mkdtempSync(join(tmpdir(), 'forwarder-cli-'));
  return {
    directory,
    write(name: string, content: string | Buffer): string {
      const path = join(directory, name);
      writeFileSync(path, content);
      return path;
    },
    writeJson(name: string, value: unknown): string {
      return this.write(name, JSON.stringify(value, null, 2));
    },
    remove(): void {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
