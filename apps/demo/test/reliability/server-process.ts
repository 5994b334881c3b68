import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FaultOptions, type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll } from 'vitest';
import { secrets, testSecretKey } from '../server/stack.js';

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
        FORWARDER_SECRET_KEY: testSecretKey,
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

/** Posts one Firehose message to a server at `url`; resolves with the HTTP status. */
export async function postFirehose(url: string, body: unknown): Promise<number> {
  const response = await fetch(`${url}/firehose`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Token ${secrets.firehoseToken}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The delivery queue's counts of a server at `url` (`GET /api/stats`). */
export async function queueStats(url: string) {
  const response = await fetch(`${url}/api/stats`, {
    headers: { authorization: `Bearer ${secrets.adminToken}` },
  });
  return (
    (await response.json()) as { queue: { pending: number; inFlight: number; done: number; failed: number } }
  ).queue;
}

/** What {@link useServerProcesses} gives a test file. */
export interface ServerProcesses {
  /** The sandbox standing in for Rokt (started in `beforeAll`). */
  readonly sandbox: RoktSandbox;
  /** Starts `forwarder serve` on the file's one database, pointed at the sandbox, with the test secrets. */
  start(): Promise<ServerProcess>;
}

/**
 * For a test file: a temporary directory holding one database and a sandbox with `faults` (started
 * before all tests); servers started with `start()` use both, and are SIGKILLed after all tests,
 * when the sandbox is closed and the directory removed.
 */
export function useServerProcesses(options: {
  directoryPrefix: string;
  faults: FaultOptions;
  workers?: number;
}): ServerProcesses {
  let directory: string | undefined;
  let sandbox: RoktSandbox | undefined;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), options.directoryPrefix));
    sandbox = await startSandbox({ credentials: { apiKey: secrets.apiKey }, faults: options.faults });
  });
  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGKILL');
    await sandbox?.close();
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  });
  const started = (): { directory: string; sandbox: RoktSandbox } => {
    if (directory === undefined || sandbox === undefined)
      throw new Error('use inside tests (set up in beforeAll)');
    return { directory, sandbox };
  };
  return {
    get sandbox() {
      return started().sandbox;
    },
    async start() {
      const { directory, sandbox } = started();
      const server = await spawnServer({
        databasePath: join(directory, 'forwarder.db'),
        roktUrl: sandbox.url,
        firehoseToken: secrets.firehoseToken,
        adminToken: secrets.adminToken,
        ...(options.workers === undefined ? {} : { workers: options.workers }),
      });
      servers.push(server);
      return server;
    },
  };
}
