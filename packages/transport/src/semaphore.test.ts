import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';
import { RequestAbortedError } from './transport-errors.js';

describe('Semaphore', () => {
  it('never lets more than its limit run, and serves waiters in order', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const tasks = Array.from({ length: 7 }, (_, index) =>
      semaphore.run(async () => {
        started.push(index);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return index;
      }),
    );
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(semaphore.active).toBe(0);
  });

  it('releases once only, and an aborted waiter leaves the queue', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const abandoned = semaphore.acquire(controller.signal);
    const next = semaphore.acquire();
    expect(semaphore.waiting).toBe(2);
    controller.abort();
    await expect(abandoned).rejects.toBeInstanceOf(RequestAbortedError);
    expect(semaphore.waiting).toBe(1);
    release();
    release();
    const releaseNext = await next;
    expect(semaphore.active).toBe(1);
    releaseNext();
    expect(semaphore.active).toBe(0);
  });

  it('rejects a bad limit', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
