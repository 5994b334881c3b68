import type { Database } from '../store/database.js';
import type { DeliveryQueue, NewQueueItem, QueueItem, QueueStats } from './delivery-queue.js';

interface QueueRow {
  id: number;
  message_id: string;
  message: string;
  partition_key: string;
  connection_id: number | null;
  output_id: number | null;
  audience_id: number | null;
  profiles: number;
  attempts: number;
  lease_until: number;
}

/** Options of {@link SqliteDeliveryQueue}. */
export interface SqliteDeliveryQueueOptions {
  /** The clock, in ms since the epoch (tests may move it). */
  now?: () => number;
}

/**
 * {@link DeliveryQueue} on the store's SQLite database (tables `queue` and `queue_paused_keys`).
 * Every change is one transaction, committed with `synchronous = FULL` before the call returns, so
 * an enqueued item survives a crash that follows.
 */
export class SqliteDeliveryQueue implements DeliveryQueue {
  private readonly now: () => number;

  constructor(
    private readonly database: Database,
    options: SqliteDeliveryQueueOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  enqueue(items: readonly NewQueueItem[]): number {
    const statement = this.database.prepare(
      `INSERT OR IGNORE INTO queue (message_id, message, partition_key, connection_id, output_id, audience_id,
         profiles, status, attempts, available_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
    );
    const now = this.now();
    let added = 0;
    this.database.transaction(() => {
      for (const item of items) {
        added += statement.run(
          item.messageId,
          JSON.stringify(item.message),
          item.partitionKey,
          item.connectionId ?? null,
          item.outputId ?? null,
          item.audienceId ?? null,
          item.profiles ?? 0,
          now,
          now,
          now,
        ).changes;
      }
    })();
    return added;
  }

  claim(limit: number, leaseMs: number): QueueItem[] {
    const now = this.now();
    const leaseUntil = now + leaseMs;
    // The partitions' heads (the oldest undelivered item of each) are found by reads, which take
    // no lock in WAL mode, so that the Firehose endpoint's inserts never wait for this search; each
    // read is a few index seeks per partition, whatever the backlog. The short update below takes
    // the write lock and checks again that each is still claimable (items only ever join a
    // partition behind its head, so a head stays the head until it is done).
    // An item in flight is always its partition's head: one whose lease ended is claimed again.
    const expired = this.database
      .prepare(
        `SELECT id FROM queue
         WHERE status = 'in_flight' AND lease_until <= ?
           AND partition_key NOT IN (SELECT partition_key FROM queue_paused_keys)
         ORDER BY id LIMIT ?`,
      )
      .all(now, limit) as { id: number }[];
    // Otherwise a partition's head is its oldest pending item, claimable when it is due and
    // nothing of its partition is in flight; the partitions are walked with a skip scan.
    const pendingHeads = this.database
      .prepare(
        `WITH RECURSIVE partitions(key) AS (
           SELECT (SELECT partition_key FROM queue WHERE status = 'pending' ORDER BY partition_key LIMIT 1)
           UNION ALL
           SELECT (SELECT partition_key FROM queue WHERE status = 'pending' AND partition_key > key
                   ORDER BY partition_key LIMIT 1)
           FROM partitions WHERE key IS NOT NULL)
         SELECT head.id FROM partitions
         JOIN queue AS head ON head.id = (
           SELECT id FROM queue WHERE status = 'pending' AND partition_key = partitions.key ORDER BY id LIMIT 1)
         WHERE head.available_at <= ?
           AND NOT EXISTS (
             SELECT 1 FROM queue AS flying WHERE flying.status = 'in_flight' AND flying.partition_key = partitions.key)
           AND partitions.key NOT IN (SELECT partition_key FROM queue_paused_keys)
         ORDER BY head.id LIMIT ?`,
      )
      .all(now, limit) as { id: number }[];
    const heads = [...expired, ...pendingHeads].sort((a, b) => a.id - b.id).slice(0, limit);
    if (heads.length === 0) return [];
    const update = this.database.prepare(
      `UPDATE queue SET status = 'in_flight', lease_until = ?, attempts = attempts + 1, updated_at = ?
       WHERE id = ? AND ((status = 'pending' AND available_at <= ?) OR (status = 'in_flight' AND lease_until <= ?))
       RETURNING id, message_id, message, partition_key, connection_id, output_id, audience_id,
         profiles, attempts, lease_until`,
    );
    return this.database
      .transaction(() =>
        heads.flatMap(({ id }) => {
          const row = update.get(leaseUntil, now, id, now, now) as QueueRow | undefined;
          if (row === undefined) return [];
          return [
            {
              id: row.id,
              messageId: row.message_id,
              message: JSON.parse(row.message) as Record<string, unknown>,
              partitionKey: row.partition_key,
              connectionId: row.connection_id,
              outputId: row.output_id,
              audienceId: row.audience_id,
              profiles: row.profiles,
              attempts: row.attempts,
              leaseUntil: row.lease_until,
            },
          ];
        }),
      )
      .immediate();
  }

  complete(id: number, summary?: string): void {
    this.database
      .prepare(
        `UPDATE queue SET status = 'done', message = NULL, lease_until = NULL, last_error = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(summary ?? null, this.now(), id);
  }

  retryLater(id: number, delayMs: number, reason: string): void {
    const now = this.now();
    this.database
      .prepare(
        `UPDATE queue SET status = 'pending', available_at = ?, lease_until = NULL, last_error = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(now + Math.max(0, delayMs), reason, now, id);
  }

  fail(id: number, reason: string): void {
    this.database
      .prepare(
        `UPDATE queue SET status = 'failed', lease_until = NULL, last_error = ?, updated_at = ? WHERE id = ?`,
      )
      .run(reason, this.now(), id);
  }

  pause(partitionKey: string, reason: string): void {
    this.database
      .prepare('INSERT OR REPLACE INTO queue_paused_keys (partition_key, reason, at) VALUES (?, ?, ?)')
      .run(partitionKey, reason, this.now());
  }

  resume(partitionKey: string): void {
    this.database.prepare('DELETE FROM queue_paused_keys WHERE partition_key = ?').run(partitionKey);
  }

  stats(): QueueStats {
    const rows = this.database.prepare('SELECT status, COUNT(*) AS n FROM queue GROUP BY status').all() as {
      status: string;
      n: number;
    }[];
    const stats: QueueStats = { pending: 0, inFlight: 0, done: 0, failed: 0 };
    for (const row of rows) {
      if (row.status === 'pending') stats.pending = row.n;
      else if (row.status === 'in_flight') stats.inFlight = row.n;
      else if (row.status === 'done') stats.done = row.n;
      else if (row.status === 'failed') stats.failed = row.n;
    }
    return stats;
  }

  recoverInFlight(): number {
    return this.database
      .prepare(
        `UPDATE queue SET status = 'pending', available_at = ?, lease_until = NULL, updated_at = ?
         WHERE status = 'in_flight'`,
      )
      .run(this.now(), this.now()).changes;
  }
}
