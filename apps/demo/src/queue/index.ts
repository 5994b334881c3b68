export { type BackoffDelayOptions, backoffDelay } from './backoff-delay.js';
export type {
  DeliveryQueue,
  NewQueueItem,
  QueueItem,
  QueueItemStatus,
  QueueStats,
} from './delivery-queue.js';
export { GroupCommit } from './group-commit.js';
export { SqliteDeliveryQueue, type SqliteDeliveryQueueOptions } from './sqlite-delivery-queue.js';
