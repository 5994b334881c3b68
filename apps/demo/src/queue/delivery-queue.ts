/** A queue item's state. */
export type QueueItemStatus = 'pending' | 'in_flight' | 'done' | 'failed';

/** What to enqueue: one Firehose message and where it belongs. */
export interface NewQueueItem {
  /** The Firehose message id; also the item's identity (enqueuing an id twice keeps the first). */
  messageId: string;
  /** The `audience_membership_change_request`, JSON-serialisable, with `id === messageId`. */
  message: Record<string, unknown>;
  /**
   * Groups items that stop and start together, e.g. `output:3` or `account:123:<digest>`; a
   * paused key's items are not claimed.
   */
  partitionKey: string;
  connectionId?: number;
  outputId?: number;
  audienceId?: number;
  /** User profiles in the message (for statistics). */
  profiles?: number;
}

/** A claimed item: the message and its lease. */
export interface QueueItem extends Required<Pick<NewQueueItem, 'messageId' | 'message' | 'partitionKey'>> {
  id: number;
  connectionId: number | null;
  outputId: number | null;
  audienceId: number | null;
  profiles: number;
  /** Claims so far, this one included. */
  attempts: number;
  /** When the lease ends (ms since the epoch); after that the item may be claimed again. */
  leaseUntil: number;
}

/** Counts of items by state. */
export interface QueueStats {
  pending: number;
  inFlight: number;
  done: number;
  failed: number;
}

/**
 * A durable queue of Firehose membership-change messages. Claims are leases: an item claimed and
 * never completed (a crash) is claimed again once its lease ends or after `recoverInFlight()`.
 * Implementations: SQLite (`SqliteDeliveryQueue`); a distributed queue could stand behind the
 * same interface.
 */
export interface DeliveryQueue {
  /** Stores items durably; returns how many were new (an already known message id is ignored). */
  enqueue(items: readonly NewQueueItem[]): number;
  /**
   * Leases up to `limit` ready items (oldest first) for `leaseMs`, at most one per partition key:
   * an item is only claimed once every older item of its partition is done or failed, so the
   * changes of one output reach the partner in the order they were queued (an item waiting for a
   * retry keeps its place).
   */
  claim(limit: number, leaseMs: number): QueueItem[];
  /** Marks a claimed item delivered; its payload may be dropped. */
  complete(id: number, summary?: string): void;
  /** Puts a claimed item back, to be claimed again after `delayMs`. */
  retryLater(id: number, delayMs: number, reason: string): void;
  /** Gives up on an item for good, with the reason. */
  fail(id: number, reason: string): void;
  /** Stops claiming the items of a partition key (e.g. an output whose credentials were rejected). */
  pause(partitionKey: string, reason: string): void;
  /** Claims the items of a partition key again. */
  resume(partitionKey: string): void;
  /** Counts by state. */
  stats(): QueueStats;
  /** Releases every lease at once (call at start-up, when no worker of this queue can be running). */
  recoverInFlight(): number;
}
