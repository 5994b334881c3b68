import { membershipChangeLine } from './profiles.js';

/**
 * Profiles per second when doing nothing but `JSON.parse` on the same NDJSON lines the pipeline
 * reads (1,000 profiles a line): no validation, no hashing, no output. The input is JSON, so
 * `forwarder sync` can never beat this, whatever else it does.
 */
export function parsingFloorProfilesPerSecond(profiles: number, perMessage = 1_000): number {
  const lines: string[] = [];
  for (let start = 0, message = 0; start < profiles; start += perMessage, message++) {
    lines.push(membershipChangeLine(start, Math.min(perMessage, profiles - start), message, 'bench-api-key'));
  }
  let fastest = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (const line of lines) sink += (JSON.parse(line) as { user_profiles: unknown[] }).user_profiles.length;
    fastest = Math.min(fastest, performance.now() - started);
  }
  if (sink === 0) throw new Error('unreachable');
  return profiles / (fastest / 1000);
}
