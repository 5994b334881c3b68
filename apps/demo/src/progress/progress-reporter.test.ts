import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ProgressSnapshot, startProgress } from './progress-reporter.js';

function capture() {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      writes.push(String(chunk));
      callback();
    },
  });
  return { stream, writes };
}

const snapshot: ProgressSnapshot = {
  bytesRead: 50,
  totalBytes: 100,
  messages: 3,
  profiles: 1500,
  delivered: 2900,
  skipped: 1,
  failed: 0,
  invalidMessages: 0,
};

describe('startProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws a bar in place on a terminal, at most ~10 times a second, and clears it for log lines', () => {
    const { stream, writes } = capture();
    const progress = startProgress({ stream, tty: true, snapshot: () => snapshot });
    vi.advanceTimersByTime(400);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1_600);
    expect(writes.length).toBeGreaterThanOrEqual(10);
    expect(writes.length).toBeLessThanOrEqual(17);
    const last = writes.at(-1) ?? '';
    expect(last.startsWith('\r\u001b[2K')).toBe(true);
    expect(last.slice(5)).toMatch(/^\[#{12}-{12}\] 50% 3 messages · 1,500 profiles · 2,900 delivered/);
    progress.log('line 7: something');
    expect(writes.slice(-2)).toEqual(['\r\x1b[2K', 'line 7: something\n']);
    progress.stop();
    const count = writes.length;
    vi.advanceTimersByTime(5_000);
    expect(writes.length).toBe(count);
  });

  it('writes a plain line every interval elsewhere, nothing for a short run', () => {
    const { stream, writes } = capture();
    const progress = startProgress({ stream, tty: false, snapshot: () => snapshot, plainIntervalMs: 1_000 });
    vi.advanceTimersByTime(999);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(2_100);
    expect(writes).toHaveLength(3);
    expect(writes[0]).toMatch(/^progress: 50% · 3 messages · 1,500 profiles/);
    expect(writes[0]).not.toContain('\r');
    progress.stop();
  });
});
