import { describe, expect, it } from 'vitest';
import { validateEvent } from './events-request.js';
import { sha256 } from './test-support/sandbox-client.js';

const HASH = sha256('a@b.com');

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientEventId: '0B7C5E0E-2F0A-5B1E-9A43-7F3F6C1D2E4A',
    eventType: 'audiencemembershipupdate',
    eventTime: '2026-11-29T10:00:00.000Z',
    objectData: [
      { name: 'mpid', value: '12345' },
      { value: HASH, name: 'emailsha256' },
    ],
    metaData: [
      { name: 'audienceId', value: '456' },
      { name: 'membershipAction', value: 'add' },
    ],
    ...overrides,
  };
}

function messageOf(value: unknown): string {
  const result = validateEvent(value, 'events[7]');
  if (result.ok) throw new Error('expected the event to be refused');
  return result.message;
}

describe('validateEvent', () => {
  it('accepts a valid event with its entries as sent and the fields the store indexes', () => {
    const result = validateEvent(event(), 'events[0]');
    expect(result).toEqual({
      ok: true,
      value: {
        event: {
          clientEventId: '0b7c5e0e-2f0a-5b1e-9a43-7f3f6c1d2e4a',
          eventType: 'audiencemembershipupdate',
          eventTime: '2026-11-29T10:00:00.000Z',
          objectData: [
            { name: 'mpid', value: '12345' },
            { name: 'emailsha256', value: HASH },
          ],
          metaData: [
            { name: 'audienceId', value: '456' },
            { name: 'membershipAction', value: 'add' },
          ],
        },
        audienceId: '456',
        membershipAction: 'add',
        mpid: '12345',
        timeMs: Date.parse('2026-11-29T10:00:00.000Z'),
      },
    });
  });

  it('words each problem with its full path', () => {
    expect(messageOf(event({ eventType: 7, eventTime: 'now' }))).toBe(
      'events[7].eventType must be a string; events[7].eventTime is not an RFC 3339 date-time',
    );
    expect(
      messageOf(
        event({ objectData: [{ name: 'mpid', value: '1' }, { name: 'zip', value: '' }, { value: 'x' }] }),
      ),
    ).toBe(
      'events[7].objectData[1] ("zip").value must not be empty; events[7].objectData[2].name is missing',
    );
    expect(messageOf(event({ metaData: [{ name: 'audienceId', value: '1', extra: true }] }))).toBe(
      'events[7].metaData[0]."extra" is not a known field; events[7].metaData has no "membershipAction" entry',
    );
  });

  it('lists the first five problems and counts the rest', () => {
    const message = messageOf({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 });
    expect(message).toBe(
      'events[7]."a" is not a known field; events[7]."b" is not a known field; ' +
        'events[7]."c" is not a known field; events[7]."d" is not a known field; ' +
        'events[7]."e" is not a known field; and 7 more',
    );
  });

  it('finds a repeated name among many entries', () => {
    const attributes = Array.from({ length: 30 }, (_, index) => ({ name: `a${index}`, value: 'x' }));
    const objectData = [{ name: 'mpid', value: '1' }, ...attributes, { name: 'a3', value: 'y' }];
    expect(messageOf(event({ objectData }))).toBe(
      'events[7].objectData[31] ("a3").name appears more than once',
    );
    expect(validateEvent(event({ objectData: objectData.slice(0, -1) }), 'events[7]').ok).toBe(true);
  });

  it('does not count an entry it refused when looking for repeated names', () => {
    const objectData = [
      { name: 'mpid', value: '1' },
      { name: 'city', value: 3 },
      { name: 'city', value: 'paris' },
    ];
    expect(messageOf(event({ objectData }))).toBe('events[7].objectData[1] ("city").value must be a string');
  });

  it('reserves every spelling of the rokt. prefix, also one that only lowercases to it', () => {
    for (const name of ['rokt.a', 'ROKT.a', 'Rokt.', 'ro\u212At.a']) {
      const objectData = [
        { name: 'mpid', value: '1' },
        { name, value: 'x' },
      ];
      expect(messageOf(event({ objectData }))).toBe(
        `events[7].objectData "${name}" uses the "rokt." prefix reserved by Rokt`,
      );
    }
    const objectData = [
      { name: 'mpid', value: '1' },
      { name: 'rokt', value: 'x' },
    ];
    expect(validateEvent(event({ objectData }), 'events[7]').ok).toBe(true);
  });

  it('names every plain and hashed pair sent together, after the per-entry problems', () => {
    const objectData = [
      { name: 'zip', value: '1' },
      { name: 'zipsha256', value: HASH },
      { name: 'email', value: 'A@b.com' },
      { name: 'emailsha256', value: HASH },
    ];
    expect(messageOf(event({ objectData }))).toBe(
      'events[7].objectData "email" value is not lowercase; events[7].objectData has no "mpid" entry; ' +
        'events[7].objectData carries both "email" and "emailsha256"; ' +
        'events[7].objectData carries both "zip" and "zipsha256"',
    );
  });

  it('reports own unknown keys, "__proto__" included, and never keys the prototype carries', () => {
    const parsed: unknown = JSON.parse(
      JSON.stringify(event()).replace('{"name":"mpid"', '{"__proto__":1,"name":"mpid"'),
    );
    expect(messageOf(parsed)).toBe('events[7].objectData[0]."__proto__" is not a known field');
    Object.defineProperty(Object.prototype, 'inherited', { value: 1, enumerable: true, configurable: true });
    let accepted: boolean;
    try {
      accepted = validateEvent(event(), 'events[0]').ok;
    } finally {
      Reflect.deleteProperty(Object.prototype, 'inherited');
    }
    expect(accepted).toBe(true);
  });
});
