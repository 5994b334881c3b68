import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtCli, repositoryRoot, runNode, startNode } from './support/child-process.js';
import { hashingFloorProfilesPerSecond } from './support/hash-floor.js';
import { parsingFloorProfilesPerSecond } from './support/parse-floor.js';
import { writeProfilesNdjson } from './support/profiles.js';

/** One `forwarder sync` run of generated profiles into a local sandbox. */
export interface PipelineRun {
  profiles: number;
  seconds: number;
  profilesPerSecond: number;
  peakRssMb: number;
  delivered: number;
  failed: number;
}

/** Result of the pipeline benchmark. */
export interface PipelineResult extends PipelineRun {
  floorProfilesPerSecond: number;
  ratio: number;
  /** `JSON.parse` of the same input lines alone, profiles per second: a ceiling for any JSON reader. */
  parseFloorProfilesPerSecond: number;
  /** The best ratio a reader of this JSON input could reach: parsing floor / hashing floor. */
  parseCeilingRatio: number;
}

const apiKey = 'bench-api-key';

/** Starts a sandbox in its own process and returns its URL. */
export async function startSandboxProcess() {
  const sandbox = await startNode(
    [
      join(repositoryRoot, 'packages/rokt-sandbox/bin/rokt-sandbox.js'),
      '--port',
      '0',
      '--api-key',
      apiKey,
      '--quiet',
    ],
    /(http:\/\/127\.0\.0\.1:\d+)/,
  );
  return { url: sandbox.match[1] as string, stop: sandbox.stop };
}

/** Generates `profiles` profiles as NDJSON and runs `forwarder sync --json` on them into `sandboxUrl`. */
export async function runSync(profiles: number, sandboxUrl: string): Promise<PipelineRun> {
  const directory = mkdtempSync(join(tmpdir(), 'forwarder-bench-'));
  try {
    const input = join(directory, 'profiles.ndjson');
    const config = join(directory, 'config.json');
    await writeProfilesNdjson(input, profiles, 1_000, apiKey);
    writeFileSync(config, JSON.stringify({ endpoints: { audience: sandboxUrl, events: sandboxUrl } }));
    const run = await runNode([...builtCli(), 'sync', '--input', input, '--config', config, '--json']);
    const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
    let summary: { delivered?: number; failed?: number; profiles?: number };
    try {
      summary = JSON.parse(lastLine);
    } catch {
      throw new Error(
        `forwarder sync did not end with a JSON summary (exit ${run.code}):\n${run.stderr.slice(-2000)}`,
      );
    }
    if (run.code !== 0 || summary.profiles !== profiles) {
      throw new Error(
        `forwarder sync exited ${run.code} with ${JSON.stringify(summary)}:\n${run.stderr.slice(-2000)}`,
      );
    }
    return {
      profiles,
      seconds: run.seconds,
      profilesPerSecond: profiles / run.seconds,
      peakRssMb: run.peakRssMb,
      delivered: summary.delivered ?? 0,
      failed: summary.failed ?? 0,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** 1,000,000 profiles (by default) through `forwarder sync` into the sandbox, beside the hashing floor. */
export async function runPipelineBench(profiles = 1_000_000): Promise<PipelineResult> {
  const sandbox = await startSandboxProcess();
  try {
    const run = await runSync(profiles, sandbox.url);
    const floorProfilesPerSecond = hashingFloorProfilesPerSecond(Math.min(profiles, 200_000));
    const parseFloorProfilesPerSecond = parsingFloorProfilesPerSecond(Math.min(profiles, 200_000));
    return {
      ...run,
      floorProfilesPerSecond,
      ratio: run.profilesPerSecond / floorProfilesPerSecond,
      parseFloorProfilesPerSecond,
      parseCeilingRatio: parseFloorProfilesPerSecond / floorProfilesPerSecond,
    };
  } finally {
    await sandbox.stop();
  }
}
