import { hash } from 'node:crypto';
import { hashEmails, normaliseEmail } from '@forwarder/encoders';

/** Result of the encoders benchmark. */
export interface EncodersResult {
  values: number;
  hashesPerSecond: number;
  floorHashesPerSecond: number;
  ratio: number;
}

function best(rounds: number, run: () => void, count: number): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return count / (fastest / 1000);
}

/**
 * Bulk email normalise + SHA-256 (`hashEmails`) against node:crypto hashing the same, already
 * normalised strings in a tight loop, in the same run.
 */
export function runEncodersBench(count = 200_000): EncodersResult {
  const raw = Array.from({ length: count }, (_, index) =>
    index % 2 === 0 ? ` First.Last${index}@Example.COM ` : `first.last${index}@example.com`,
  );
  const normalised = raw.map(normaliseEmail);
  let sink = 0;
  const floor = () => {
    for (const value of normalised) sink += hash('sha256', value, 'hex').length;
  };
  const ours = () => {
    sink += hashEmails(raw).hashes.length;
  };
  floor();
  ours();
  const floorHashesPerSecond = best(5, floor, count);
  const hashesPerSecond = best(5, ours, count);
  if (sink === 0) throw new Error('unreachable');
  return {
    values: count,
    hashesPerSecond,
    floorHashesPerSecond,
    ratio: hashesPerSecond / floorHashesPerSecond,
  };
}
