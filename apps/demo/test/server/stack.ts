import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RoktSandbox, type SandboxOptions, startSandbox } from '@forwarder/rokt-sandbox';
import { SecretKey } from '../../src/secrets/index.js';
import {
  type RunningServerHandle,
  type StartServerOptions,
  startServer,
} from '../../src/server/start-server.js';

/** Test credentials and tokens. */
export const secrets = {
  apiKey: 'test-api-key-S3CRET-1f9e',
  firehoseToken: 'firehose-token-S3CRET-77aa',
  adminToken: 'admin-token-S3CRET-42bb',
};

/** The key of the secrets at rest of test servers (given, so that no key file is written). */
export const testSecretKey = 'kq6Kk3JrT4x8c0HqR3mZ9vB2yW5nL7pD1sF4gJ8hA0E=';

/** A real sandbox and a real server on a temp database, with the server's log captured. */
export interface Stack {
  sandbox: RoktSandbox;
  server: RunningServerHandle;
  directory: string;
  databasePath: string;
  logs: string[];
  /** Calls the admin API; returns status and parsed body. */
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Posts a Firehose message (with the right token unless `token` is given; `null` sends none). */
  firehose(body: unknown, token?: string | null): Promise<Answer>;
  /** Every text the server produced: logs. */
  close(): Promise<void>;
}

/** A parsed HTTP answer. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are inspected field by field
  body: any;
  text: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** Starts a sandbox (accepting `secrets.apiKey`) and a server pointed at it. */
export async function startStack(
  options: { sandbox?: SandboxOptions; server?: Partial<StartServerOptions> } = {},
): Promise<Stack> {
  const directory = mkdtempSync(join(tmpdir(), 'forwarder-server-'));
  const databasePath = join(directory, 'forwarder.db');
  const sandbox = await startSandbox({ credentials: { apiKey: secrets.apiKey }, ...options.sandbox });
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const server = await startServer({
    port: 0,
    databasePath,
    firehoseToken: secrets.firehoseToken,
    adminToken: secrets.adminToken,
    secretKey: SecretKey.parse(testSecretKey, 'the test key'),
    endpoints: { audience: sandbox.url, events: sandbox.url },
    sandboxUrl: sandbox.url,
    logLevel: 'debug',
    logDestination,
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50, maxTotalMs: 2_000 },
    queue: { pollMs: 20, retryBaseMs: 50 },
    deliveryThread: process.env.INLINE !== '1',
    ...options.server,
  });
  return {
    sandbox,
    server,
    directory,
    databasePath,
    logs,
    async admin(method, path, body, headers = {}) {
      const init: RequestInit = {
        method,
        headers: { authorization: `Bearer ${secrets.adminToken}`, ...headers },
      };
      if (body !== undefined) {
        if (typeof body === 'string') init.body = body;
        else {
          init.body = JSON.stringify(body);
          (init.headers as Record<string, string>)['content-type'] = 'application/json';
        }
      }
      return answer(await fetch(`${server.url}${path}`, init));
    },
    async firehose(body, token = secrets.firehoseToken) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers.authorization = `Token ${token}`;
      return answer(
        await fetch(`${server.url}/firehose`, {
          method: 'POST',
          headers,
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
    },
    async close() {
      await server.close();
      await sandbox.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` returns a truthy value (polling), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A Rokt membership-change message for `count` profiles `first…`, account `accountId`. */
export function membershipMessage(options: {
  id: string;
  accountId?: string;
  apiKey?: string;
  first?: number;
  count: number;
  audienceId?: number;
  audienceName?: string;
  action?: 'add' | 'delete';
}) {
  const first = options.first ?? 0;
  return {
    type: 'audience_membership_change_request',
    id: options.id,
    timestamp_ms: 1_714_592_744_065,
    firehose_version: '3.2.0',
    account: {
      account_id: 123456,
      account_settings: {
        configurationName: 'Test',
        accountId: options.accountId ?? '900001',
        apiKey: options.apiKey ?? secrets.apiKey,
        emailEncoding: 'Raw',
        mobileEncoding: 'None',
      },
    },
    user_profiles: Array.from({ length: options.count }, (_, index) => ({
      mpid: String(first + index),
      user_identities: [{ type: 'email', encoding: 'raw', value: `user${first + index}@example.com` }],
      audiences: [
        {
          audience_id: options.audienceId ?? 456,
          audience_name: options.audienceName ?? 'Crash Test List',
          audience_subscription_settings: {},
          action: options.action ?? 'add',
        },
      ],
    })),
  };
}
