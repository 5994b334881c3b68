import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const repositoryRoot = join(import.meta.dirname, '../../../..');

/** A server running as a child process (`forwarder serve`). */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts `forwarder serve` from sources (`node --conditions=source --import tsx apps/demo/src/cli.ts
 * serve`) on a free port, on the given database, pointed at `roktUrl`; resolves once it listens.
 */
export async function spawnServer(options: {
  databasePath: string;
  roktUrl: string;
  firehoseToken: string;
  adminToken: string;
  workers?: number;
}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      'apps/demo/src/cli.ts',
      'serve',
      '--port',
      '0',
      '--db',
      options.databasePath,
      '--rokt-url',
      options.roktUrl,
      '--workers',
      String(options.workers ?? 4),
      '--log-level',
      'info',
    ],
    {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        INIT_CWD: repositoryRoot,
        FORWARDER_FIREHOSE_TOKEN: options.firehoseToken,
        FORWARDER_ADMIN_TOKEN: options.adminToken,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout!.on('data', (chunk) => {
    text += String(chunk);
  });
  child.stderr!.on('data', (chunk) => {
    text += String(chunk);
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${text}`)), 30_000);
    const look = () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${text}`));
    });
  });
  return { child, url, output: () => text, exited };
}
