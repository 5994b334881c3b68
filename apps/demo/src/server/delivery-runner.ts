import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createProcessor, type DeliveryOptions, type IntegrationLogger } from '@forwarder/integration';
import { createRoktIntegration } from '@forwarder/rokt';
import { outputPartitionKey } from '../control-plane/membership-messages.js';
import type { Logger } from '../logging/create-logger.js';
import type { DeliveryQueue } from '../queue/index.js';
import type { SecretKey } from '../secrets/index.js';
import type { DeliveryLogEntry, Store } from '../store/index.js';
import type { DeliveryEvents } from './delivery-events.js';
import { DeliveryWorkers } from './delivery-worker.js';

/** Queue tuning of the delivery workers. */
export interface DeliveryTuning {
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
}

/** Where and how deliveries run: in the server's thread, or in a worker thread of their own. */
export interface DeliveryRunner {
  /** `thread` or `inline`. */
  readonly mode: 'thread' | 'inline';
  /** Starts delivering. */
  start(): Promise<void>;
  /** Wakes idle workers (after an enqueue). */
  notify(): void;
  /** Forgets rejected credentials, then resumes an output's queued deliveries. */
  resumeOutput(outputId: number): void;
  /** Stops claiming, lets deliveries under way finish (or releases them after `graceMs`). */
  stop(graceMs: number): Promise<void>;
}

/** What both runners need. */
export interface DeliveryRunnerOptions {
  databasePath: string;
  store: Store;
  queue: DeliveryQueue;
  events: DeliveryEvents;
  logger: Logger;
  /** Writes a raw log line (from the delivery thread) where the server's logs go. */
  writeLogLine: (line: string) => void;
  logLevel: string;
  confidentialKeys: readonly string[];
  /** The key of the secrets at rest (the delivery thread opens the store with it). */
  secretKey: SecretKey;
  /** Delivery options without logger and signal (they must cross a thread boundary). */
  delivery: Omit<DeliveryOptions, 'logger' | 'signal'>;
  tuning: DeliveryTuning;
}

/** Adapts a pino logger to the integration's logger interface. */
export function integrationLogger(logger: Logger): IntegrationLogger {
  return {
    debug: (details, message) => logger.debug(details, message),
    info: (details, message) => logger.info(details, message),
    warn: (details, message) => logger.warn(details, message),
    error: (details, message) => logger.error(details, message),
  };
}

/** Builds the delivery workers on a store and queue (used in both modes). */
export function createDeliveryWorkers(options: {
  store: Store;
  queue: DeliveryQueue;
  events: DeliveryEvents;
  logger: Logger;
  delivery: Omit<DeliveryOptions, 'logger' | 'signal'>;
  tuning: DeliveryTuning;
}): DeliveryWorkers {
  const { store, queue } = options;
  return new DeliveryWorkers({
    store,
    queue,
    events: options.events,
    logger: options.logger,
    createProcessor: () =>
      createProcessor({
        integration: createRoktIntegration(),
        delivery: { ...options.delivery, logger: integrationLogger(options.logger) },
      }),
    suspendOutput: (outputId, reason) => {
      store.outputs.setSuspended(outputId, reason);
      queue.pause(outputPartitionKey(outputId), reason);
    },
    ...options.tuning,
  });
}

/** Deliveries in the server's own thread (simple; HTTP answers wait while a delivery computes). */
export function inlineDeliveryRunner(options: DeliveryRunnerOptions): DeliveryRunner {
  const workers = createDeliveryWorkers(options);
  return {
    mode: 'inline',
    async start() {
      workers.start();
    },
    notify: () => workers.notify(),
    resumeOutput(outputId) {
      workers.refreshProcessor();
      options.queue.resume(outputPartitionKey(outputId));
      workers.notify();
    },
    stop: (graceMs) => workers.stop(graceMs),
  };
}

/** Messages from the delivery thread. */
export type DeliveryThreadEvent =
  | { type: 'ready' }
  | { type: 'delivery'; entry: DeliveryLogEntry }
  | { type: 'log'; line: string }
  | { type: 'stopped' };

/** Messages to the delivery thread. */
export type DeliveryThreadCommand =
  | { type: 'notify' }
  | { type: 'resume-output'; outputId: number }
  | { type: 'stop'; graceMs: number };

/** What the delivery thread is started with. */
export interface DeliveryThreadData {
  databasePath: string;
  logLevel: string;
  confidentialKeys: string[];
  /** The bytes of the key of the secrets at rest, and where the key came from. */
  secretKey: { material: Uint8Array; source: string };
  delivery: Omit<DeliveryOptions, 'logger' | 'signal'>;
  tuning: DeliveryTuning;
  /** The entry module to load after registering the TypeScript loader (sources only). */
  entry?: string;
}

function threadEntry(): { file: URL; data: Partial<DeliveryThreadData> } | undefined {
  const built = new URL('./delivery-thread-entry.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return { file: built, data: {} };
  const source = new URL('./delivery-thread-entry.ts', import.meta.url);
  const bootstrap = new URL('./delivery-thread-bootstrap.mjs', import.meta.url);
  if (existsSync(fileURLToPath(source)) && existsSync(fileURLToPath(bootstrap))) {
    return { file: bootstrap, data: { entry: source.href } };
  }
  return undefined;
}

/** Whether deliveries can run in a worker thread here (the thread's entry module is present). */
export function canRunDeliveryThread(): boolean {
  return threadEntry() !== undefined;
}

/**
 * Deliveries in a worker thread with its own database connection, so that Firehose answers stay
 * fast while deliveries compute. Delivery log entries and log lines come back to this thread.
 * A thread that dies is started again (its leases released first).
 */
export function threadDeliveryRunner(options: DeliveryRunnerOptions): DeliveryRunner {
  const entry = threadEntry();
  if (entry === undefined) throw new Error('The delivery thread entry module is missing');
  let worker: Worker | undefined;
  let stopping = false;
  let stopped: (() => void) | undefined;

  const spawn = () =>
    new Promise<void>((resolve, reject) => {
      const data: DeliveryThreadData = {
        databasePath: options.databasePath,
        logLevel: options.logLevel,
        confidentialKeys: [...options.confidentialKeys],
        secretKey: { material: options.secretKey.material(), source: options.secretKey.source },
        delivery: options.delivery,
        tuning: options.tuning,
        ...entry.data,
      };
      // From sources the thread resolves workspace packages through their `source` condition; a
      // build resolves them to their `dist/` like the main thread does.
      const execArgv = entry.data.entry === undefined ? process.execArgv : ['--conditions=source'];
      const thread = new Worker(entry.file, { workerData: data, execArgv });
      worker = thread;
      let ready = false;
      thread.on('message', (message: DeliveryThreadEvent) => {
        switch (message.type) {
          case 'ready':
            ready = true;
            resolve();
            break;
          case 'delivery':
            options.events.emit('delivery', message.entry);
            break;
          case 'log':
            options.writeLogLine(message.line);
            break;
          case 'stopped':
            stopped?.();
            break;
        }
      });
      thread.on('error', (error) => {
        options.logger.error({ err: error }, 'the delivery thread failed');
        if (!ready) reject(error);
      });
      thread.on('exit', (code) => {
        if (worker === thread) worker = undefined;
        stopped?.();
        if (stopping || !ready) return;
        options.logger.error({ code }, 'the delivery thread stopped unexpectedly; starting it again');
        setTimeout(() => {
          if (stopping) return;
          options.queue.recoverInFlight();
          spawn().catch((error: unknown) =>
            options.logger.error({ err: error }, 'restarting the delivery thread failed'),
          );
        }, 1_000).unref();
      });
    });

  const post = (command: DeliveryThreadCommand) => worker?.postMessage(command);

  return {
    mode: 'thread',
    start: spawn,
    notify: () => post({ type: 'notify' }),
    resumeOutput: (outputId) => post({ type: 'resume-output', outputId }),
    async stop(graceMs) {
      stopping = true;
      const thread = worker;
      if (thread === undefined) return;
      await new Promise<void>((resolve) => {
        stopped = resolve;
        const timer = setTimeout(() => {
          void thread.terminate().then(() => resolve());
        }, graceMs + 5_000);
        timer.unref();
        post({ type: 'stop', graceMs });
      });
      await thread.terminate();
    },
  };
}
