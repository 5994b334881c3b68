import { describe, expect, it } from 'vitest';
import type { InputRecord } from './input-record.js';
import { type MessageFileLayout, readJsonMessages } from './read-json-messages.js';

async function* chunked(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function read(
  text: string | Buffer,
  size = 7,
  maxMessageBytes?: number,
): Promise<{ layout?: MessageFileLayout; records: InputRecord[] }> {
  const records: InputRecord[] = [];
  let layout: MessageFileLayout | undefined;
  for await (const record of readJsonMessages(chunked(text, size), {
    maxMessageBytes,
    onLayout: (found) => {
      layout = found;
    },
  })) {
    records.push(record);
  }
  return { layout, records };
}

describe('readJsonMessages', () => {
  it('reads one pretty-printed object', async () => {
    for (const size of [1, 3, 1000]) {
      const { layout, records } = await read('\n\n{\n  "type": "a",\n  "nested": {"x": "}{]["}\n}\n', size);
      expect(layout).toBe('object');
      expect(records).toEqual([{ line: 3, value: { type: 'a', nested: { x: '}{][' } } }]);
    }
  });

  it('reads a one-line object without a final newline', async () => {
    const { layout, records } = await read('{"type":"a"}', 100);
    expect(layout).toBe('object');
    expect(records).toEqual([{ line: 1, value: { type: 'a' } }]);
  });

  it('reads an array element by element with start lines', async () => {
    const text = '[\n  {"a": 1},\n  {"b": "x,]\\"y"},\n\n  {\n "c": [1, 2]\n }\n]\n';
    for (const size of [1, 2, 5, 1000]) {
      const { layout, records } = await read(text, size);
      expect(layout).toBe('array');
      expect(records).toEqual([
        { line: 2, value: { a: 1 } },
        { line: 3, value: { b: 'x,]"y' } },
        { line: 5, value: { c: [1, 2] } },
      ]);
    }
  });

  it('reads an empty array and reports structural problems', async () => {
    expect((await read('[ ]')).records).toEqual([]);
    expect((await read('[{"a":1},\n{"b":2}')).records).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { b: 2 } },
      { line: 2, error: 'the JSON array is not closed (missing ])' },
    ]);
    expect((await read('[{"a":1},]\n')).records).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 1, error: 'empty element in the JSON array' },
    ]);
    expect((await read('[{"a":1}]\n{"x":2}')).records).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, error: 'unexpected text after the closing ] of the JSON array' },
    ]);
  });

  it('reads a bad element of an array and goes on', async () => {
    const { records } = await read('[{"a":1},\n{"b": },\n{"c":3}]');
    expect(records[0]).toEqual({ line: 1, value: { a: 1 } });
    expect(records[1]).toMatchObject({ line: 2, error: expect.stringContaining('unreadable JSON') });
    expect(records[2]).toEqual({ line: 3, value: { c: 3 } });
  });

  it('reads NDJSON line by line, skipping blank lines and keeping line numbers', async () => {
    const text = '{"a":1}\r\n\n   \n{"b":\n{"c":3}\n';
    for (const size of [1, 4, 1000]) {
      const { layout, records } = await read(text, size);
      expect(layout).toBe('ndjson');
      expect(records[0]).toEqual({ line: 1, value: { a: 1 } });
      expect(records[1]).toMatchObject({ line: 4, error: expect.stringContaining('unreadable JSON') });
      expect(records[2]).toEqual({ line: 5, value: { c: 3 } });
      expect(records).toHaveLength(3);
    }
  });

  it('tolerates a byte order mark', async () => {
    const { records } = await read('\ufeff[{"a":1}]', 1);
    expect(records).toEqual([{ line: 1, value: { a: 1 } }]);
    expect((await read('\ufeff{"a":1}\n{"b":2}\n', 2)).records).toHaveLength(2);
  });

  it('reads an empty file as no messages', async () => {
    expect(await read('')).toEqual({ layout: 'empty', records: [] });
    expect(await read(' \n\n')).toEqual({ layout: 'empty', records: [] });
  });

  it('refuses invalid UTF-8 per message', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"ok"}\n{"a":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n{"a":"é"}\n'),
    ]);
    const { records } = await read(bytes, 3);
    expect(records).toEqual([
      { line: 1, value: { a: 'ok' } },
      { line: 2, error: 'invalid UTF-8 in the message' },
      { line: 3, value: { a: 'é' } },
    ]);
  });

  it('refuses prototype keys, also when escaped', async () => {
    const { records } = await read(
      '{"__proto__": {"polluted": true}}\n{"a": {"constructor": {"prototype": 1}}}\n{"\\u005f_proto__": 1}\n{"ok": "constructor"}\n',
    );
    expect(records.slice(0, 3).map((record) => ('error' in record ? record.error : ''))).toEqual([
      'forbidden object key "__proto__"',
      'forbidden object key "prototype"',
      'forbidden object key "__proto__"',
    ]);
    expect(records[3]).toEqual({ line: 4, value: { ok: 'constructor' } });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('reports a message over the size limit and goes on', async () => {
    const long = `{"a":"${'x'.repeat(100)}"}`;
    const ndjson = await read(`${long}\n{"b":1}\n`, 16, 50);
    expect(ndjson.records).toEqual([
      { line: 1, error: 'message longer than 50 bytes' },
      { line: 2, value: { b: 1 } },
    ]);
    const array = await read(`[${long},\n{"b":1}]`, 16, 50);
    expect(array.records).toEqual([
      { line: 1, error: 'message longer than 50 bytes' },
      { line: 2, value: { b: 1 } },
    ]);
  });

  it('reads several pretty-printed objects one after another', async () => {
    const { records } = await read('{\n "a": 1\n}\n{\n "b": 2\n}\n', 3);
    expect(records).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 4, value: { b: 2 } },
    ]);
  });
});
