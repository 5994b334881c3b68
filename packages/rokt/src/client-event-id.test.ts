import { describe, expect, it } from 'vitest';
import {
  clientEventIdFor,
  createClientEventIdFactory,
  ROKT_EVENT_ID_NAMESPACE,
  uuidV5,
} from './client-event-id.js';

describe('clientEventId', () => {
  it('is an RFC 9562 version 5 UUID (known vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('derives from message id, mpid, audience id and action, in the plugin namespace', () => {
    const id = clientEventIdFor('message-1', '12345', 456, 'add');
    expect(id).toBe(uuidV5('message-1\n12345\n456\nadd', ROKT_EVENT_ID_NAMESPACE));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clientEventIdFor('message-1', '12345', 456, 'delete')).not.toBe(id);
    expect(clientEventIdFor('message-2', '12345', 456, 'add')).not.toBe(id);
    expect(clientEventIdFor('message-1', '12346', 456, 'add')).not.toBe(id);
    expect(clientEventIdFor('message-1', '12345', 457, 'add')).not.toBe(id);
  });

  it('the fast factory gives the same ids, also for long and non-ASCII values', () => {
    const messageId = `mé-${'x'.repeat(300)}`;
    const idOf = createClientEventIdFactory(messageId);
    for (const mpid of ['1', '-42', 'ü'.repeat(400), '9'.repeat(20)]) {
      expect(idOf(mpid, 7, 'attribute_update')).toBe(
        clientEventIdFor(messageId, mpid, 7, 'attribute_update'),
      );
    }
    expect(idOf('1', 7, 'add')).toBe(idOf('1', 7, 'add'));
  });
});
