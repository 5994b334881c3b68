import type { DeliveryQueue, NewQueueItem, QueueItem, QueueStats } from '../queue/index.js';
import type { ConfidentialSettings } from './confidential-settings.js';
import { queuedMessageOwner, withAccountSettings } from './queued-message-settings.js';

/**
 * A delivery queue whose stored messages carry their credentials encrypted: on the way in, the
 * confidential values of each message's `account.account_settings` are encrypted (bound to the
 * message id); on the way out (`claim`) they are decrypted, so the workers see the message as it
 * was sent. Everything else is the wrapped queue's. A claimed item whose secrets do not decrypt
 * is failed for good with a reason naming the message and the setting (never a value) and
 * reported to `onUnreadable`.
 */
export class SealedDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly queue: DeliveryQueue,
    private readonly secrets: ConfidentialSettings,
    private readonly onUnreadable: (item: QueueItem, error: Error) => void = () => {},
  ) {}

  enqueue(items: readonly NewQueueItem[]): number {
    return this.queue.enqueue(
      items.map((item) => ({
        ...item,
        message: withAccountSettings(item.message, (settings) =>
          this.secrets.seal(settings, queuedMessageOwner(item.messageId)),
        ),
      })),
    );
  }

  claim(limit: number, leaseMs: number): QueueItem[] {
    return this.queue.claim(limit, leaseMs).flatMap((item) => {
      try {
        const message = withAccountSettings(item.message, (settings) =>
          this.secrets.open(settings, queuedMessageOwner(item.messageId), `queued message ${item.messageId}`),
        );
        return [{ ...item, message }];
      } catch (error) {
        const reason = error instanceof Error ? error : new Error(String(error));
        this.queue.fail(item.id, reason.message);
        this.onUnreadable(item, reason);
        return [];
      }
    });
  }

  complete(id: number, summary?: string): void {
    this.queue.complete(id, summary);
  }

  retryLater(id: number, delayMs: number, reason: string): void {
    this.queue.retryLater(id, delayMs, reason);
  }

  fail(id: number, reason: string): void {
    this.queue.fail(id, reason);
  }

  pause(partitionKey: string, reason: string): void {
    this.queue.pause(partitionKey, reason);
  }

  resume(partitionKey: string): void {
    this.queue.resume(partitionKey);
  }

  stats(): QueueStats {
    return this.queue.stats();
  }

  recoverInFlight(): number {
    return this.queue.recoverInFlight();
  }
}
