import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../store/database.js';
import { backoffDelay } from './backoff-delay.js';
import type { NewQueueItem } from './delivery-queue.js';
import { SqliteDeliveryQueue } from './sqlite-delivery-queue.js';

function item(n: number, partitionKey = 'output:1'): NewQueueItem {
  return { messageId: `m-${n}`, message: { id: `m-${n}`, n }, partitionKey, outputId: 1, profiles: 2 };
}

describe('SqliteDeliveryQueue', () => {
  let directory: string;
  let path: string;
  let database: Database;
  let clock: number;
  let queue: SqliteDeliveryQueue;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'forwarder-queue-'));
    path = join(directory, 'q.db');
    database = openDatabase(path);
    clock = 1_000_000;
    queue = new SqliteDeliveryQueue(database, { now: () => clock });
  });
  afterEach(() => {
    if (database.open) database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('claims oldest first across partitions, leases, and ignores a message id enqueued twice', () => {
    expect(queue.enqueue([item(1, 'a'), item(2, 'b'), item(3, 'c')])).toBe(3);
    expect(queue.enqueue([item(2, 'b')])).toBe(0);
    const claimed = queue.claim(2, 10_000);
    expect(claimed.map((c) => c.messageId)).toEqual(['m-1', 'm-2']);
    expect(claimed[0]).toMatchObject({ message: { id: 'm-1', n: 1 }, attempts: 1, outputId: 1, profiles: 2 });
    expect(queue.claim(5, 10_000).map((c) => c.messageId)).toEqual(['m-3']);
    expect(queue.claim(5, 10_000)).toEqual([]);
    expect(queue.stats()).toEqual({ pending: 0, inFlight: 3, done: 0, failed: 0 });
  });

  it('delivers a partition in order: its next item waits until the one before is done or failed', () => {
    queue.enqueue([item(1), item(2), item(3), item(4, 'other')]);
    expect(queue.claim(5, 10_000).map((x) => x.messageId)).toEqual(['m-1', 'm-4']);
    expect(queue.claim(5, 10_000)).toEqual([]);
    const [first] = queue.claim(5, 10_000);
    expect(first).toBeUndefined();
    queue.complete(1);
    const [second] = queue.claim(5, 10_000);
    expect(second?.messageId).toBe('m-2');
    // Waiting for a retry keeps its place: the item after it does not overtake it.
    queue.retryLater(second!.id, 5_000, 'http_503');
    expect(queue.claim(5, 10_000)).toEqual([]);
    clock += 5_000;
    expect(queue.claim(5, 10_000).map((x) => x.messageId)).toEqual(['m-2']);
    queue.fail(2, 'http_400');
    expect(queue.claim(5, 10_000).map((x) => x.messageId)).toEqual(['m-3']);
  });

  it('claims an item again once its lease ends', () => {
    queue.enqueue([item(1)]);
    queue.claim(1, 10_000);
    clock += 9_999;
    expect(queue.claim(1, 10_000)).toEqual([]);
    clock += 1;
    const again = queue.claim(1, 10_000);
    expect(again[0]).toMatchObject({ messageId: 'm-1', attempts: 2 });
  });

  it('completes, retries later and fails items', () => {
    queue.enqueue([item(1, 'a'), item(2, 'b'), item(3, 'c')]);
    const [a, b, c] = queue.claim(3, 10_000);
    queue.complete(a!.id);
    queue.retryLater(b!.id, 5_000, 'http_503');
    queue.fail(c!.id, 'http_400');
    expect(queue.stats()).toEqual({ pending: 1, inFlight: 0, done: 1, failed: 1 });
    expect(queue.claim(5, 10_000)).toEqual([]);
    clock += 5_000;
    expect(queue.claim(5, 10_000).map((x) => x.messageId)).toEqual(['m-2']);
  });

  it('does not claim the items of a paused key until resumed', () => {
    queue.enqueue([item(1, 'output:1'), item(2, 'output:2')]);
    queue.pause('output:1', 'unauthorized');
    expect(queue.claim(5, 10_000).map((x) => x.messageId)).toEqual(['m-2']);
    queue.resume('output:1');
    expect(queue.claim(5, 10_000).map((x) => x.messageId)).toEqual(['m-1']);
  });

  it('keeps items across a reopen and recovers those in flight', () => {
    queue.enqueue([item(1, 'a'), item(2, 'b')]);
    queue.claim(2, 600_000);
    database.close();
    database = openDatabase(path);
    queue = new SqliteDeliveryQueue(database, { now: () => clock });
    expect(queue.stats()).toMatchObject({ inFlight: 2 });
    expect(queue.recoverInFlight()).toBe(2);
    const again = queue.claim(5, 10_000);
    expect(again.map((x) => [x.messageId, x.attempts])).toEqual([
      ['m-1', 2],
      ['m-2', 2],
    ]);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially within bounds, with jitter', () => {
    expect(backoffDelay(1, { baseMs: 1_000, random: 0 })).toBe(500);
    expect(backoffDelay(1, { baseMs: 1_000, random: 0.999_999 })).toBe(1_000);
    expect(backoffDelay(3, { baseMs: 1_000, random: 0 })).toBe(2_000);
    expect(backoffDelay(30, { baseMs: 1_000, maxMs: 60_000, random: 0.5 })).toBe(45_000);
  });
});
