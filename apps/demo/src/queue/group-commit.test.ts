import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../store/database.js';
import type { NewQueueItem } from './delivery-queue.js';
import { GroupCommit } from './group-commit.js';
import { SqliteDeliveryQueue } from './sqlite-delivery-queue.js';

function item(n: number): NewQueueItem {
  return { messageId: `m-${n}`, message: { id: `m-${n}` }, partitionKey: 'output:1', profiles: 1 };
}

/** A real queue that counts its transactions. */
class CountingQueue extends SqliteDeliveryQueue {
  transactions = 0;
  override enqueue(items: readonly NewQueueItem[]): number {
    this.transactions += 1;
    return super.enqueue(items);
  }
}

describe('GroupCommit', () => {
  let directory: string;
  let other: Database;
  let own: Database;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'forwarder-group-commit-'));
    other = openDatabase(join(directory, 'q.db'));
    own = openDatabase(join(directory, 'q.db'), { busyTimeoutMs: 0 });
  });
  afterEach(() => {
    for (const database of [other, own]) if (database.open) database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('commits enqueues that arrive together in one transaction, all of them', async () => {
    const queue = new CountingQueue(own);
    const commits = new GroupCommit(queue);
    await Promise.all(Array.from({ length: 50 }, (_, n) => commits.enqueue([item(n)])));
    expect(queue.transactions).toBe(1);
    expect(new SqliteDeliveryQueue(other).stats().pending).toBe(50);
  });

  it('waits for a lock held by another connection without blocking the event loop', async () => {
    const commits = new GroupCommit(new SqliteDeliveryQueue(own));
    other.prepare('BEGIN IMMEDIATE').run();
    let committed = false;
    const enqueued = commits.enqueue([item(1)]).then(() => {
      committed = true;
    });
    // The event loop keeps turning while the lock is held: timers fire, nothing is committed yet.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(committed).toBe(false);
    other.prepare('COMMIT').run();
    await enqueued;
    expect(committed).toBe(true);
    expect(new SqliteDeliveryQueue(other).stats().pending).toBe(1);
  });

  it('rejects every waiting enqueue on an error other than a held lock', async () => {
    const commits = new GroupCommit(new SqliteDeliveryQueue(own));
    own.close();
    await expect(commits.enqueue([item(1)])).rejects.toThrow(/not open/);
  });
});
