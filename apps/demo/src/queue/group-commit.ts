import type { DeliveryQueue, NewQueueItem } from './delivery-queue.js';

/** SQLite's "database is locked": another connection holds the write lock. */
function isBusy(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

interface PendingEnqueue {
  items: readonly NewQueueItem[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Enqueues for a latency-sensitive caller (the Firehose endpoint). Enqueues that arrive while a
 * commit is pending share one transaction (one disk sync for many messages), and a write lock held
 * by another connection (the delivery thread) is waited for with a timer, never by blocking the
 * event loop: give it a queue on a connection whose busy timeout is 0. A promise resolves only
 * after its items are committed, so a message that is answered is on disk.
 */
export class GroupCommit {
  #pending: PendingEnqueue[] = [];
  #scheduled = false;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly retryMs = 1,
  ) {}

  /** Queues `items` with the next commit; resolves once they are committed. */
  enqueue(items: readonly NewQueueItem[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ items, resolve, reject });
      this.#schedule(false);
    });
  }

  #schedule(retry: boolean): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const run = () => {
      this.#scheduled = false;
      this.#flush();
    };
    if (retry) setTimeout(run, this.retryMs);
    else setImmediate(run);
  }

  #flush(): void {
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    try {
      this.queue.enqueue(batch.flatMap((entry) => entry.items));
    } catch (error) {
      if (isBusy(error)) {
        this.#pending = batch.concat(this.#pending);
        this.#schedule(true);
        return;
      }
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const entry of batch) entry.resolve();
  }
}
