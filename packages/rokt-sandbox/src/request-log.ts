import type { RecordedRequest, RequestStatistics } from './sandbox-state.js';

/**
 * A request to record. Its `body` may be given as bytes, decoded as UTF-8 only when the log is
 * read: most recorded bodies are never looked at, and decoding each one cost more than copying it.
 */
export type RequestToRecord = Omit<RecordedRequest, 'body'> & { body: string | Uint8Array };

function decoded(entry: RequestToRecord): RecordedRequest {
  const { body } = entry;
  if (typeof body === 'string') return entry as RecordedRequest;
  return { ...entry, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') };
}

/** A bounded ring buffer of recent requests plus running statistics. */
export class RequestLog {
  readonly #capacity: number;
  #entries: RequestToRecord[] = [];
  #next = 0;
  #sequence = 0;
  #total = 0;
  #faultsInjected = 0;
  #byStatus = new Map<string, number>();

  /** Creates a log keeping at most `capacity` requests (0 keeps none, statistics still count). */
  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  /** The next sequence number for a request. */
  nextId(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  /** Records a finished request and counts it. */
  record(entry: RequestToRecord): void {
    this.#total += 1;
    if (entry.fault !== undefined) this.#faultsInjected += 1;
    const key = entry.status === null ? 'dropped' : String(entry.status);
    this.#byStatus.set(key, (this.#byStatus.get(key) ?? 0) + 1);
    if (this.#capacity === 0) return;
    if (this.#entries.length < this.#capacity) {
      this.#entries.push(entry);
    } else {
      this.#entries[this.#next] = entry;
    }
    this.#next = (this.#next + 1) % this.#capacity;
  }

  /** The recorded requests, oldest first. */
  list(): RecordedRequest[] {
    const entries =
      this.#entries.length < this.#capacity
        ? this.#entries
        : [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
    return entries.map(decoded);
  }

  /** The running statistics. */
  statistics(): RequestStatistics {
    return {
      total: this.#total,
      byStatus: Object.fromEntries(this.#byStatus),
      faultsInjected: this.#faultsInjected,
    };
  }

  /** Forgets every request and resets the statistics (sequence numbers keep increasing). */
  clear(): void {
    this.#entries = [];
    this.#next = 0;
    this.#total = 0;
    this.#faultsInjected = 0;
    this.#byStatus = new Map();
  }
}
