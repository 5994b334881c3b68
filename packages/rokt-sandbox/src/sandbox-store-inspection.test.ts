import { describe, expect, it } from 'vitest';
import type { AcceptedEvent } from './events-request.js';
import type { MembershipAction } from './sandbox-state.js';
import { SandboxStore } from './sandbox-store.js';
import { sha256 } from './test-support/sandbox-client.js';

function accepted(id: number, mpid: string, action: MembershipAction, eventTime: string): AcceptedEvent {
  return {
    event: {
      clientEventId: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
      eventType: 'audiencemembershipupdate',
      eventTime,
      objectData: [
        { name: 'mpid', value: mpid },
        { name: 'emailsha256', value: sha256(mpid) },
      ],
      metaData: [
        { name: 'audienceId', value: '456' },
        { name: 'audienceName', value: 'High Value Shoppers' },
        { name: 'membershipAction', value: action },
      ],
    },
    audienceId: '456',
    membershipAction: action,
    mpid,
    timeMs: Date.parse(eventTime),
  };
}

describe('SandboxStore inspection', () => {
  it('gives each list member the kind it was sent as, through includes and excludes', () => {
    const store = new SandboxStore();
    const hash = sha256('b@c.com');
    const base = { accountId: '1', list: 'VIP' };
    store.applyListImport({ ...base, action: 'include', kind: 'email', identifiers: ['a@b.com', 'x@y.com'] });
    store.applyListImport({ ...base, action: 'include', kind: 'sha256', identifiers: [hash] });
    store.applyListImport({ ...base, action: 'exclude', kind: 'email', identifiers: ['x@y.com'] });
    expect(store.listMembers('1', 'VIP')).toEqual({
      included: [
        { identifier: 'a@b.com', kind: 'email' },
        { identifier: hash, kind: 'sha256' },
      ],
      excluded: [{ identifier: 'x@y.com', kind: 'email' }],
    });
    store.applyListImport({ ...base, action: 'include', kind: 'email', identifiers: ['x@y.com'] });
    expect(store.snapshot()['1']?.lists.VIP).toEqual({
      included: ['a@b.com', hash, 'x@y.com'].sort(),
      excluded: [],
    });
    expect(store.listMembers('1', 'other')).toEqual({ included: [], excluded: [] });
  });

  it('derives memberships from eventTime first and arrival second', () => {
    const store = new SandboxStore();
    store.addEvent('1', accepted(1, '7', 'delete', '2026-11-29T12:00:00Z'));
    store.addEvent('1', accepted(2, '7', 'add', '2026-11-29T12:00:00+01:00'));
    store.addEvent('1', accepted(3, '8', 'add', '2026-11-29T10:00:00Z'));
    store.addEvent('1', accepted(4, '8', 'attribute_update', '2026-11-29T10:00:00.000Z'));
    expect(store.memberships('1')).toEqual({ '456': { '7': 'delete', '8': 'attribute_update' } });
    expect(store.memberships('2')).toEqual({});
  });

  it('returns the events with their objectData and metaData entries in the order sent', () => {
    const store = new SandboxStore();
    const first = accepted(1, '7', 'add', '2026-11-29T12:00:00Z');
    const second = accepted(2, '8', 'delete', '2026-11-29T12:00:00Z');
    store.addEvent('1', first);
    store.addEvent('1', second);
    expect(store.addEvent('1', first)).toBe(false);
    expect(store.eventsFor('1')).toEqual([first.event, second.event]);
    expect(store.snapshot()['1']?.events).toEqual({
      count: 2,
      duplicates: 1,
      byAudience: { '456': { add: 1, delete: 1, attribute_update: 0 } },
    });
  });
});
