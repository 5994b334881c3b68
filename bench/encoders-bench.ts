import { hash } from 'node:crypto';
import { hashEmails, normaliseAndHashEmail, normaliseEmail } from '@forwarder/encoders';

/** Result of the encoders benchmark. */
export interface EncodersResult {
  values: number;
  hashesPerSecond: number;
  floorHashesPerSecond: number;
  ratio: number;
  /** The per-value path (`normaliseAndHashEmail`), results dropped, against a bare hash loop that drops them too. */
  perValueHashesPerSecond: number;
  bareFloorHashesPerSecond: number;
  perValueRatio: number;
}

function best(rounds: number, run: () => void, count: number): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    // Each round starts from a collected heap (`pnpm bench` runs node with --expose-gc), so that
    // garbage left by another round is never charged to this one.
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return count / (fastest / 1000);
}

/**
 * Bulk email normalise + SHA-256 (`hashEmails`) against node:crypto hashing the same, already
 * normalised strings in a tight loop, in the same run, each keeping its hashes in an array.
 */
export function runEncodersBench(count = 200_000): EncodersResult {
  const raw = Array.from({ length: count }, (_, index) =>
    index % 2 === 0 ? ` First.Last${index}@Example.COM ` : `first.last${index}@example.com`,
  );
  const normalised = raw.map(normaliseEmail);
  let sink = 0;
  // The floor keeps its hashes as the bulk path must (an array of results), so that both pay for
  // holding the output, and only the normalising and checking differ.
  const floor = () => {
    const hashes: string[] = [];
    for (const value of normalised) hashes.push(hash('sha256', value, 'hex'));
    sink += hashes.length;
  };
  const ours = () => {
    sink += hashEmails(raw).hashes.length;
  };
  const bareFloor = () => {
    for (const value of normalised) sink += hash('sha256', value, 'hex').length;
  };
  const perValue = () => {
    for (const value of raw) sink += normaliseAndHashEmail(value)?.length ?? 0;
  };
  floor();
  ours();
  const floorHashesPerSecond = best(10, floor, count);
  const hashesPerSecond = best(10, ours, count);
  const bareFloorHashesPerSecond = best(10, bareFloor, count);
  const perValueHashesPerSecond = best(10, perValue, count);
  if (sink === 0) throw new Error('unreachable');
  return {
    values: count,
    hashesPerSecond,
    floorHashesPerSecond,
    ratio: hashesPerSecond / floorHashesPerSecond,
    perValueHashesPerSecond,
    bareFloorHashesPerSecond,
    perValueRatio: perValueHashesPerSecond / bareFloorHashesPerSecond,
  };
}
