import { describe, expect, it } from 'vitest';
import type { AcceptedEvent } from './events-request.js';
import { SandboxStore } from './sandbox-store.js';

function accepted(index: number): AcceptedEvent {
  const id = `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
  const action = index % 3 === 0 ? 'delete' : 'add';
  return {
    event: {
      clientEventId: id,
      eventType: 'audiencemembershipupdate',
      eventTime: '2026-11-29T10:00:00.000Z',
      objectData: [{ name: 'mpid', value: String(index % 1000) }],
      metaData: [
        { name: 'audienceId', value: String(index % 10) },
        { name: 'membershipAction', value: action },
      ],
    },
    audienceId: String(index % 10),
    membershipAction: action,
    mpid: String(index % 1000),
    timeMs: Date.parse('2026-11-29T10:00:00.000Z') + index,
  };
}

describe('SandboxStore', () => {
  it('holds 100,000 events with dedupe and per-audience counts', () => {
    const store = new SandboxStore();
    for (let index = 0; index < 100_000; index += 1) store.addEvent('1', accepted(index));
    for (let index = 0; index < 1_000; index += 1) store.addEvent('1', accepted(index));
    const events = store.snapshot()['1']?.events;
    expect(events?.count).toBe(100_000);
    expect(events?.duplicates).toBe(1_000);
    const total = Object.values(events?.byAudience ?? {}).reduce(
      (sum, counts) => sum + counts.add + counts.delete + counts.attribute_update,
      0,
    );
    expect(total).toBe(100_000);
    expect(store.eventsFor('1')[99_999]).toEqual(accepted(99_999).event);
    expect(store.memberships('1')['9']?.['999']).toBe(accepted(99_999).membershipAction);
  });

  it('forgets everything on clear', () => {
    const store = new SandboxStore();
    store.addEvent('1', accepted(1));
    store.clear();
    expect(store.snapshot()).toEqual({});
  });
});
