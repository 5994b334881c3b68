/**
 * `pnpm bench`: runs every benchmark, prints a table and writes `bench/results/latest.json`.
 * Select some with `pnpm bench encoders plugin pipeline firehose memory`; `BENCH_PROFILES` shrinks the
 * pipeline run for a quick look.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { runEncodersBench } from './encoders-bench.js';
import { runFirehoseBench } from './firehose-bench.js';
import { runPipelineBench, runSync, startSandboxProcess } from './pipeline-bench.js';
import { runPluginBench } from './plugin-bench.js';
import { repositoryRoot } from './support/child-process.js';

type Check = {
  section: string;
  name: string;
  value: number;
  target: number;
  better: 'higher' | 'lower';
  unit: string;
};
type Target = Check & { met: boolean; missedBy: number };

const selected = new Set(process.argv.slice(2).filter((argument) => argument !== '--'));
const wants = (name: string) => selected.size === 0 || selected.has(name);
const pipelineProfiles = Number(process.env.BENCH_PROFILES ?? 1_000_000);
const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) },
};
const checks: Check[] = [];
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

if (wants('encoders')) {
  const encoders = runEncodersBench();
  results.encoders = {
    hashesPerSecond: Math.round(encoders.hashesPerSecond),
    floorHashesPerSecond: Math.round(encoders.floorHashesPerSecond),
    ratio: round(encoders.ratio),
    perValueHashesPerSecond: Math.round(encoders.perValueHashesPerSecond),
    bareFloorHashesPerSecond: Math.round(encoders.bareFloorHashesPerSecond),
    perValueRatio: round(encoders.perValueRatio),
  };
  checks.push({
    section: 'encoders',
    name: 'encoders ratio',
    value: encoders.ratio,
    target: 0.8,
    better: 'higher',
    unit: '×',
  });
}

if (wants('plugin')) {
  const plugin = runPluginBench(pipelineProfiles);
  results.plugin = {
    profiles: plugin.profiles,
    seconds: round(plugin.seconds),
    profilesPerSecond: Math.round(plugin.profilesPerSecond),
    floorProfilesPerSecond: Math.round(plugin.floorProfilesPerSecond),
    ratio: round(plugin.ratio),
    peakRssMb: round(plugin.peakRssMb, 1),
    peakRssMbAtTenth: round(plugin.peakRssMbAtTenth, 1),
  };
  checks.push({
    section: 'plugin',
    name: 'plugin memory growth 10× profiles',
    value: plugin.peakRssMb / plugin.peakRssMbAtTenth,
    target: 1.5,
    better: 'lower',
    unit: '×',
  });
}

if (wants('pipeline') || wants('memory')) {
  const pipeline = await runPipelineBench(pipelineProfiles);
  if (wants('pipeline')) {
    results.pipeline = {
      profiles: pipeline.profiles,
      seconds: round(pipeline.seconds),
      profilesPerSecond: Math.round(pipeline.profilesPerSecond),
      peakRssMb: round(pipeline.peakRssMb, 1),
      floorProfilesPerSecond: Math.round(pipeline.floorProfilesPerSecond),
      ratio: round(pipeline.ratio),
      parseFloorProfilesPerSecond: Math.round(pipeline.parseFloorProfilesPerSecond),
      parseCeilingRatio: round(pipeline.parseCeilingRatio),
      delivered: pipeline.delivered,
      failed: pipeline.failed,
    };
    checks.push({
      section: 'pipeline',
      name: 'pipeline ratio',
      value: pipeline.ratio,
      target: 0.5,
      better: 'higher',
      unit: '×',
    });
    checks.push({
      section: 'pipeline',
      name: 'pipeline peak RSS',
      value: pipeline.peakRssMb,
      target: 256,
      better: 'lower',
      unit: 'MB',
    });
  }
  if (wants('memory')) {
    const sandbox = await startSandboxProcess();
    try {
      const small = await runSync(Math.round(pipelineProfiles / 10), sandbox.url);
      results.memory = {
        profilesSmall: small.profiles,
        profilesLarge: pipeline.profiles,
        peakRssMb100k: round(small.peakRssMb, 1),
        peakRssMb1m: round(pipeline.peakRssMb, 1),
        growth: round(pipeline.peakRssMb / small.peakRssMb),
      };
      checks.push({
        section: 'memory',
        name: 'memory growth 10× profiles',
        value: pipeline.peakRssMb / small.peakRssMb,
        target: 1.5,
        better: 'lower',
        unit: '×',
      });
    } finally {
      await sandbox.stop();
    }
  }
}

if (wants('firehose')) {
  const firehose = await runFirehoseBench(Number(process.env.BENCH_SECONDS ?? 10));
  results.firehose = {
    p50Ms: firehose.p50Ms,
    p99Ms: firehose.p99Ms,
    requestsPerSecond: Math.round(firehose.requestsPerSecond),
    fixedRate: firehose.fixedRate,
    fullSpeed: firehose.fullSpeed,
    burstsAtFixedRate: firehose.burstsAtFixedRate,
  };
  checks.push({
    section: 'firehose',
    name: 'firehose p99 at 1,000 req/s',
    value: firehose.p99Ms,
    target: 20,
    better: 'lower',
    unit: 'ms',
  });
}

const measured: Target[] = checks.map((check) => {
  const met = check.better === 'higher' ? check.value >= check.target : check.value <= check.target;
  const missedBy = met
    ? 0
    : check.better === 'higher'
      ? check.target - check.value
      : check.value - check.target;
  return { ...check, value: round(check.value), met, missedBy: round(missedBy) };
});

// A run of some benchmarks keeps the others' last results (each section says when it was measured).
const directory = join(repositoryRoot, 'bench', 'results');
const path = join(directory, 'latest.json');
const sections = ['encoders', 'plugin', 'pipeline', 'memory', 'firehose'];
const ran = sections.filter((section) => results[section] !== undefined);
for (const section of ran) {
  results[section] = {
    measuredAt: results.startedAt,
    machine: results.machine,
    ...(results[section] as object),
  };
}
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
} catch {
  // No earlier results (or unreadable ones): this run stands alone.
}
const kept = sections.filter((section) => !ran.includes(section) && previous[section] !== undefined);
for (const section of kept) results[section] = previous[section];
const keptTargets = ((previous.targets as Target[] | undefined) ?? []).filter((target) =>
  kept.includes(target.section),
);
results.targets = [...keptTargets, ...measured];

mkdirSync(directory, { recursive: true });
writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);

for (const [name, value] of Object.entries(results)) {
  if (name === 'targets' || name === 'startedAt' || name === 'machine') continue;
  console.log(`\n${name}`);
  console.table(value);
}
console.log('\ntargets');
console.table(
  (results.targets as Target[]).map((check) => ({
    check: check.name,
    value: `${check.value} ${check.unit}`,
    target: `${check.better === 'higher' ? '≥' : '≤'} ${check.target} ${check.unit}`,
    result: check.met ? 'met' : `missed by ${check.missedBy} ${check.unit}`,
  })),
);
console.log(`\nwritten: ${join('bench', 'results', 'latest.json')}`);
