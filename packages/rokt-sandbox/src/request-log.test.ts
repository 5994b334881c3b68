import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';
import type { RecordedRequest } from './sandbox-state.js';

function entry(id: number, status: number | null): RecordedRequest {
  return {
    id,
    receivedAt: new Date(0).toISOString(),
    method: 'POST',
    path: '/v2/events',
    headers: {},
    body: '',
    bodyBytes: 0,
    bodyTruncated: false,
    status,
    durationMs: 0,
  };
}

describe('RequestLog', () => {
  it('keeps only the most recent entries, oldest first, but counts all', () => {
    const log = new RequestLog(2);
    log.record(entry(1, 200));
    log.record(entry(2, 429));
    log.record({ ...entry(3, null), fault: 'drop' });
    expect(log.list().map((recorded) => recorded.id)).toEqual([2, 3]);
    expect(log.statistics()).toEqual({
      total: 3,
      byStatus: { '200': 1, '429': 1, dropped: 1 },
      faultsInjected: 1,
    });
  });

  it('keeps nothing with capacity 0 but still counts', () => {
    const log = new RequestLog(0);
    log.record(entry(1, 200));
    expect(log.list()).toEqual([]);
    expect(log.statistics().total).toBe(1);
  });
});
