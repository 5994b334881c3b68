import type { DeliveryQueue, NewQueueItem, QueueItem, QueueStats } from '../queue/index.js';
import type { ConfidentialSettings } from './confidential-settings.js';

/** The owner a queued message's secrets are bound to. */
export function queuedMessageOwner(messageId: string): string {
  return `queue:${messageId}`;
}

type SettingsMap = Record<string, unknown>;

/** `message` with its `account.account_settings` replaced by `change(settings)` (a copy; the rest shared). */
export function withAccountSettings(
  message: Record<string, unknown>,
  change: (settings: SettingsMap) => SettingsMap,
): Record<string, unknown> {
  const account = message.account;
  if (typeof account !== 'object' || account === null || Array.isArray(account)) return message;
  const settings = (account as { account_settings?: unknown }).account_settings;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return message;
  return { ...message, account: { ...account, account_settings: change(settings as SettingsMap) } };
}

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
