import { abortedError } from './abortable-sleep.js';

/** A counting semaphore: at most `limit` holders at a time, the others wait in FIFO order. */
export class Semaphore {
  /** The most holders allowed at once. */
  readonly limit: number;
  #active = 0;
  readonly #waiting: Array<{ grant: () => void }> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`concurrency must be an integer >= 1, got ${limit}`);
    }
    this.limit = limit;
  }

  /** How many holders there are right now. */
  get active(): number {
    return this.#active;
  }

  /** How many callers are waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Waits for a slot and returns its release function (call it exactly once; later calls do nothing).
   * Rejects with a `RequestAbortedError`, leaving the queue, if `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    if (this.#active < this.limit) {
      this.#active += 1;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#releaser());
        },
      };
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(entry);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(abortedError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(entry);
    });
  }

  /** Runs `task` while holding a slot. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) {
        next.grant(); // the slot passes straight to the next waiter
      } else {
        this.#active -= 1;
      }
    };
  }
}
