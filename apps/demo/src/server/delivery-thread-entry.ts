import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { outputPartitionKey } from '../control-plane/membership-messages.js';
import { createLogger } from '../logging/create-logger.js';
import { SqliteDeliveryQueue } from '../queue/index.js';
import { ConfidentialSettings, SealedDeliveryQueue, SecretKey } from '../secrets/index.js';
import { openStore } from '../store/index.js';
import { DeliveryEvents } from './delivery-events.js';
import {
  createDeliveryWorkers,
  type DeliveryThreadCommand,
  type DeliveryThreadData,
  type DeliveryThreadEvent,
} from './delivery-runner.js';

// The delivery thread: its own database connection, queue and workers; talks to the server's
// thread through messages (see DeliveryThreadEvent / DeliveryThreadCommand).

const port = parentPort!;
const data = workerData as DeliveryThreadData;
const send = (event: DeliveryThreadEvent) => port.postMessage(event);

const logger = createLogger({
  level: data.logLevel,
  confidentialKeys: data.confidentialKeys,
  destination: { write: (line: string) => send({ type: 'log', line }) },
});
lowerThreadPriority();

/**
 * Answering the Firehose comes first: on Linux the nice value is per thread, so this lowers only
 * the delivery thread (by 10, or `FORWARDER_DELIVERY_NICE`; 0 keeps it level), which then takes the
 * CPU the server's thread leaves (deliveries are asynchronous anyway). Elsewhere the nice value
 * belongs to the whole process, so nothing changes.
 */
function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  const setting = process.env.FORWARDER_DELIVERY_NICE ?? '10';
  const step = Number(setting);
  if (!/^\d+$/.test(setting) || step > 19) {
    logger.warn(
      `FORWARDER_DELIVERY_NICE must be a whole number from 0 to 19, got "${setting.slice(0, 20)}": the delivery thread keeps the server's priority`,
    );
    return;
  }
  if (step === 0) return;
  try {
    setPriority(Math.min(19, getPriority() + step));
  } catch (error) {
    logger.warn(`the delivery thread could not lower its priority (${(error as Error).message})`);
  }
}

const secrets = new ConfidentialSettings(
  new SecretKey(data.secretKey.material, data.secretKey.source),
  data.confidentialKeys,
);
// What this thread writes (claims, results, the delivery log) may be redone after a power loss, so
// its commits skip the disk sync; the Firehose connection's commits (FULL) sync them as well, and
// this thread is the one that checkpoints the WAL.
const store = openStore(data.databasePath, { secrets, synchronous: 'NORMAL' });
const queue = new SealedDeliveryQueue(new SqliteDeliveryQueue(store.database), secrets, (item, error) =>
  logger.error(
    { queueItem: item.id, messageId: item.messageId, error: error.message },
    'a queued message could not be decrypted; failed for good',
  ),
);
const events = new DeliveryEvents();
events.on('delivery', (entry) => send({ type: 'delivery', entry }));
const workers = createDeliveryWorkers({
  store,
  queue,
  events,
  logger,
  delivery: data.delivery,
  tuning: data.tuning,
});

port.on('message', (command: DeliveryThreadCommand) => {
  switch (command.type) {
    case 'notify':
      workers.notify();
      break;
    case 'resume-output':
      workers.refreshProcessor();
      queue.resume(outputPartitionKey(command.outputId));
      workers.notify();
      break;
    case 'stop':
      void workers.stop(command.graceMs).finally(() => {
        store.close();
        send({ type: 'stopped' });
        port.close();
      });
      break;
  }
});

workers.start();
send({ type: 'ready' });
