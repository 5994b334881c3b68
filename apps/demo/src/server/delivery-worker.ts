import { ConfigurationError, ValidationError } from '@forwarder/core';
import type { DeliveryReport, Processor } from '@forwarder/integration';
import type { Logger } from '../logging/create-logger.js';
import { backoffDelay, type DeliveryQueue, type QueueItem } from '../queue/index.js';
import type { DeliveryLogFailure, DeliveryStatus, NewDeliveryLogEntry, Store } from '../store/index.js';
import type { DeliveryEvents } from './delivery-events.js';

/** Options of {@link DeliveryWorkers}. */
export interface DeliveryWorkersOptions {
  queue: DeliveryQueue;
  store: Store;
  /** Makes the processor; called again by `refreshProcessor()` (fresh plugin state). */
  createProcessor: () => Processor;
  events: DeliveryEvents;
  /** Marks an output suspended and pauses its items (credentials rejected). */
  suspendOutput: (outputId: number, reason: string) => void;
  logger: Logger;
  /** Workers delivering at once (default 4). */
  concurrency?: number;
  /** How long a claim lasts before another worker may take the item (default 10 minutes). */
  leaseMs?: number;
  /** How often an idle worker looks for work (default 250 ms; an enqueue wakes it at once). */
  pollMs?: number;
  /** Claims of one item before a retryable failure becomes final (default 10). */
  maxAttempts?: number;
  /** Base of the back-off between attempts of one item, in ms (default 1,000; capped at 60 s). */
  retryBaseMs?: number;
}

interface AudienceSlice {
  audienceId: number | null;
  profiles: number;
}

function audiencesOf(item: QueueItem): AudienceSlice[] {
  const counts = new Map<number, number>();
  const profiles = item.message.user_profiles;
  if (Array.isArray(profiles)) {
    for (const profile of profiles as { audiences?: { audience_id?: unknown }[] }[]) {
      const seen = new Set<number>();
      for (const audience of profile.audiences ?? []) {
        if (typeof audience.audience_id === 'number') seen.add(audience.audience_id);
      }
      for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  if (counts.size === 0) return [{ audienceId: item.audienceId, profiles: item.profiles }];
  return [...counts].map(([audienceId, count]) => ({ audienceId, profiles: count }));
}

function addCounts(target: Record<string, number>, source: Readonly<Record<string, number>>) {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}

function sleep(ms: number, wake: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void wake.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Workers that claim items from the delivery queue and deliver them through the processor. An
 * item is completed only once the partner accepted it; a retryable failure puts it back with
 * back-off; a permanent failure (400, rejected credentials, attempts used up) is recorded as
 * failed. Every attempt is written to the delivery log and announced on `events`.
 */
export class DeliveryWorkers {
  private readonly queue: DeliveryQueue;
  private readonly store: Store;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly abort = new AbortController();
  private running: Promise<void>[] = [];
  private stopping = false;
  private wakeUp!: () => void;
  private wake: Promise<void>;
  private busy = 0;
  private processor: Processor;

  constructor(private readonly options: DeliveryWorkersOptions) {
    this.processor = options.createProcessor();
    this.queue = options.queue;
    this.store = options.store;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.leaseMs = options.leaseMs ?? 600_000;
    this.pollMs = options.pollMs ?? 250;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.wake = this.newWake();
  }

  private newWake(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  /** Wakes idle workers (call after an enqueue). */
  notify(): void {
    const wake = this.wakeUp;
    this.wake = this.newWake();
    wake();
  }

  /**
   * Replaces the processor by a fresh one (call when an output's credentials changed, so that a
   * plugin's memory of rejected credentials does not hold back new deliveries).
   */
  refreshProcessor(): void {
    this.processor = this.options.createProcessor();
  }

  /** Starts the workers. */
  start(): void {
    for (let index = 0; index < this.concurrency; index += 1) this.running.push(this.loop());
  }

  /** How many items are being delivered right now. */
  get active(): number {
    return this.busy;
  }

  /**
   * Stops claiming; waits up to `graceMs` for deliveries under way, then cancels the rest and
   * releases their leases so that they are delivered after a restart.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.notify();
    const all = Promise.all(this.running);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.abort.abort(new Error('The server is shutting down'));
      await all;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let items: QueueItem[];
      try {
        items = this.queue.claim(1, this.leaseMs);
      } catch (error) {
        this.options.logger.error({ err: error }, 'claiming from the delivery queue failed');
        await sleep(this.pollMs * 4, this.wake);
        continue;
      }
      const item = items[0];
      if (item === undefined) {
        await sleep(this.pollMs, this.wake);
        continue;
      }
      this.busy += 1;
      try {
        await this.deliver(item);
      } catch (error) {
        this.options.logger.error({ err: error, queueItem: item.id }, 'delivery bookkeeping failed');
      } finally {
        this.busy -= 1;
      }
    }
  }

  private async deliver(item: QueueItem): Promise<void> {
    const logger = this.options.logger;
    const signal = this.abort.signal;
    let report: DeliveryReport;
    try {
      ({ report } = await this.processor.process(item.message, { signal }));
    } catch (error) {
      if (signal.aborted) {
        this.queue.retryLater(item.id, 0, 'released at shutdown');
        return;
      }
      const permanent =
        ValidationError.isValidationError(error) || ConfigurationError.isConfigurationError(error);
      const reason = permanent
        ? ValidationError.isValidationError(error)
          ? 'invalid_message'
          : 'configuration_error'
        : 'unexpected_error';
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(
        { queueItem: item.id, messageId: item.messageId, reason, error: message },
        'delivery failed',
      );
      const retry = !permanent && item.attempts < this.maxAttempts;
      this.record(item, retry ? 'retrying' : 'failed', undefined, [{ reason, message }]);
      if (retry) this.queue.retryLater(item.id, this.backoff(item), reason);
      else this.queue.fail(item.id, `${reason}: ${message}`);
      return;
    }
    if (signal.aborted) {
      this.queue.retryLater(item.id, 0, 'released at shutdown');
      return;
    }
    const reasons = Object.keys(report.failedReasons).join(', ');
    if (report.suspend) {
      const reason = `credentials rejected${reasons ? ` (${reasons})` : ''}`;
      if (item.outputId !== null) {
        this.options.suspendOutput(item.outputId, reason);
        this.queue.retryLater(item.id, 0, reason);
      } else {
        this.store.suspensions.suspend(item.partitionKey, reason);
        this.queue.fail(item.id, reason);
      }
      this.record(item, 'failed', report);
      logger.warn(
        { queueItem: item.id, outputId: item.outputId },
        'partner rejected the credentials; suspended',
      );
    } else if (report.retryable) {
      const retry = item.attempts < this.maxAttempts;
      this.record(item, retry ? 'retrying' : 'failed', report);
      if (retry) this.queue.retryLater(item.id, this.backoff(item), reasons || 'retryable failure');
      else this.queue.fail(item.id, `attempts used up: ${reasons}`);
    } else if (report.failed > 0) {
      this.record(item, 'failed', report);
      this.queue.fail(item.id, reasons);
    } else {
      this.record(item, 'delivered', report);
      this.queue.complete(item.id);
    }
    logger.debug(
      {
        queueItem: item.id,
        messageId: item.messageId,
        attempt: item.attempts,
        delivered: report.delivered,
        skipped: report.skipped,
        failed: report.failed,
      },
      'delivery attempt finished',
    );
  }

  private backoff(item: QueueItem): number {
    return backoffDelay(item.attempts, { baseMs: this.retryBaseMs, maxMs: 60_000 });
  }

  private record(
    item: QueueItem,
    status: DeliveryStatus,
    report: DeliveryReport | undefined,
    extraFailures: DeliveryLogFailure[] = [],
  ): void {
    const slices = audiencesOf(item);
    const single = slices.length === 1;
    for (const slice of slices) {
      const tally = slice.audienceId === null ? undefined : report?.byAudience[String(slice.audienceId)];
      const reasons: Record<string, number> = {};
      const failures: DeliveryLogFailure[] = [...extraFailures];
      for (const failure of report?.failures ?? []) {
        if (!single && failure.audienceId !== undefined && failure.audienceId !== slice.audienceId) continue;
        const entry: DeliveryLogFailure = {
          reason: failure.reason,
          message: failure.message,
          count: failure.count,
        };
        if (failure.status !== undefined) entry.status = failure.status;
        failures.push(entry);
        if (!single) reasons[failure.reason] = (reasons[failure.reason] ?? 0) + failure.count;
      }
      if (single && report) {
        addCounts(reasons, report.skippedReasons);
        addCounts(reasons, report.failedReasons);
      }
      for (const failure of extraFailures)
        reasons[failure.reason] = (reasons[failure.reason] ?? 0) + slice.profiles;
      const delivered = tally?.delivered ?? {};
      const entry: NewDeliveryLogEntry = {
        status,
        audienceId: slice.audienceId,
        connectionId: item.connectionId,
        outputId: item.outputId,
        messageId: item.messageId,
        profiles: slice.profiles,
        included: delivered.included ?? 0,
        excluded: delivered.excluded ?? 0,
        events: delivered.events ?? 0,
        delivered: single ? (report?.delivered ?? 0) : Object.values(delivered).reduce((a, b) => a + b, 0),
        skipped: single ? (report?.skipped ?? 0) : (tally?.skipped ?? 0),
        failed: single ? (report?.failed ?? 0) + (report ? 0 : slice.profiles) : (tally?.failed ?? 0),
        reasons,
        failures: failures.slice(0, 20),
      };
      this.options.events.record(this.store, entry);
    }
  }
}
