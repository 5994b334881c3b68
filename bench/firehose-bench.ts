import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxProcess } from './pipeline-bench.js';
import { builtCli, repositoryRoot, startNode } from './support/child-process.js';
import { runPacedLoad } from './support/paced-load.js';

/** Latency and throughput of one load run. */
export interface LoadRun {
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
}

/** Result of the Firehose endpoint benchmark. */
export interface FirehoseResult extends LoadRun {
  /** 1,000 requests/s evenly paced (an open-loop load; latency from when each request was due). */
  fixedRate: LoadRun & { targetRequestsPerSecond: number; p90Ms: number; maxMs: number; generator: string };
  fullSpeed: LoadRun;
  /** autocannon's `overallRate: 1000` over 50 connections: each second's quota sent in a burst. */
  burstsAtFixedRate: LoadRun;
}

interface AutocannonResult {
  latency: { p50: number; p99: number };
  requests: { average: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const autocannon = createRequire(join(repositoryRoot, 'apps/demo/package.json'))('autocannon') as Autocannon;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Message number `sequence`: a new id and new profiles each time, as a platform would send. */
function membershipChange(apiKey: string, sequence: number): string {
  return JSON.stringify({
    type: 'audience_membership_change_request',
    id: `6f1c2f7e-0f41-4a57-9d0b-${sequence.toString(16).padStart(12, '0')}`,
    timestamp_ms: 1_764_000_000_000 + sequence,
    firehose_version: '3.2.0',
    account: {
      account_id: 424242,
      account_settings: { configurationName: 'bench', accountId: '424242', apiKey, emailEncoding: 'Sha256' },
    },
    user_profiles: Array.from({ length: 10 }, (_, index) => ({
      mpid: String(sequence * 10 + index),
      user_identities: [{ type: 'email', encoding: 'raw', value: `load.${sequence}.${index}@example.com` }],
      audiences: [{ audience_id: 9, audience_name: 'Load', action: 'add' }],
    })),
  });
}

function toRun(result: AutocannonResult): LoadRun {
  return {
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requestsPerSecond: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Loads `POST /firehose` of a real `forwarder serve` (durable queue on): 1,000 requests/s evenly
 * paced, then autocannon at full speed, then autocannon's `overallRate` (bursts) for comparison.
 */
export async function runFirehoseBench(seconds = 10): Promise<FirehoseResult> {
  const directory = mkdtempSync(join(tmpdir(), 'forwarder-firehose-bench-'));
  const sandbox = await startSandboxProcess();
  const port = await freePort();
  const token = 'bench-firehose-token';
  const server = await startNode(
    [
      ...builtCli(),
      'serve',
      '--port',
      String(port),
      '--db',
      join(directory, 'bench.db'),
      '--rokt-url',
      sandbox.url,
      '--firehose-token',
      token,
      '--admin-token',
      'bench-admin-token',
      '--log-level',
      'warn',
    ],
    new RegExp(`127\\.0\\.0\\.1:${port}`),
  );
  let sequence = 0;
  try {
    const common = {
      url: `http://127.0.0.1:${port}/firehose`,
      method: 'POST',
      headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
      duration: seconds,
      // Every request a new message: the endpoint queues a message id once.
      requests: [
        {
          setupRequest: (request: Record<string, unknown>) => {
            sequence += 1;
            return { ...request, body: membershipChange('bench-api-key', sequence) };
          },
        },
      ],
    };
    await autocannon({ ...common, duration: 2, connections: 10 });
    const paced = await runPacedLoad({
      url: common.url,
      headers: common.headers,
      rate: 1_000,
      seconds,
      body: () => {
        sequence += 1;
        return membershipChange('bench-api-key', sequence);
      },
    });
    const full = await autocannon({ ...common, connections: 50 });
    const bursts = await autocannon({ ...common, connections: 50, overallRate: 1_000 });
    const fixedRate = {
      p50Ms: paced.p50Ms,
      p99Ms: paced.p99Ms,
      requestsPerSecond: paced.requestsPerSecond,
      non2xx: paced.non2xx,
      errors: paced.errors,
      targetRequestsPerSecond: 1_000,
      p90Ms: paced.p90Ms,
      maxMs: paced.maxMs,
      generator: 'paced open loop (bench/support/paced-load.ts)',
    };
    const fullSpeed = toRun(full);
    return {
      ...toRun(full),
      p50Ms: fixedRate.p50Ms,
      p99Ms: fixedRate.p99Ms,
      fixedRate,
      fullSpeed,
      burstsAtFixedRate: toRun(bursts),
    };
  } finally {
    await server.stop();
    await sandbox.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
