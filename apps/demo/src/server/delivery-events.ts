import { EventEmitter } from 'node:events';
import type { DeliveryLogEntry, NewDeliveryLogEntry, Store } from '../store/index.js';

/** The events of {@link DeliveryEvents}. */
export interface DeliveryEventMap {
  /** A delivery log entry was written. */
  delivery: [DeliveryLogEntry];
}

/** In-process notifications of deliveries, for the live stream (SSE) of the admin API. */
export class DeliveryEvents extends EventEmitter<DeliveryEventMap> {
  constructor() {
    super();
    this.setMaxListeners(0);
  }

  /** Appends an entry to the store's delivery log and announces it. */
  record(store: Store, entry: NewDeliveryLogEntry): DeliveryLogEntry {
    const stored = store.deliveries.append(entry);
    this.emit('delivery', stored);
    return stored;
  }
}
