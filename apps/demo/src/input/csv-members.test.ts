import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseMemberCsv } from './csv-members.js';
import type { MemberRecord } from './member.js';

async function read(text: string | Buffer, chunkSize = 5): Promise<MemberRecord[]> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += chunkSize)
    chunks.push(bytes.subarray(start, start + chunkSize));
  const out: MemberRecord[] = [];
  for await (const record of parseMemberCsv(Readable.from(chunks))) out.push(record);
  return out;
}

describe('parseMemberCsv', () => {
  it('reads identities, attributes, actions and list values', async () => {
    const records = await read(
      'MPID,Email,mobile_number,action,$firstname,loyalty_tier,tags\n' +
        '1, A@b.com ,+1 555 123 4567,,Mary,gold,"[""x"",""y""]"\n' +
        '2,,,Remove,,,\n',
    );
    expect(records).toEqual([
      {
        line: 2,
        member: {
          action: 'add',
          mpid: '1',
          email: 'A@b.com',
          mobile: '+1 555 123 4567',
          attributes: { $firstname: 'Mary', loyalty_tier: 'gold', tags: ['x', 'y'] },
        },
      },
      { line: 3, member: { action: 'delete', mpid: '2', attributes: {} } },
    ]);
  });

  it('keeps quoted newlines and reports rows by their first line; tolerates a BOM and CRLF', async () => {
    const records = await read(
      '\ufeffmpid,$address\r\n1,"12 High St\r\nFlat 2"\r\n\r\n2,"say ""hi"""\r\n',
      3,
    );
    expect(records).toEqual([
      { line: 2, member: { action: 'add', mpid: '1', attributes: { $address: '12 High St\r\nFlat 2' } } },
      { line: 5, member: { action: 'add', mpid: '2', attributes: { $address: 'say "hi"' } } },
    ]);
  });

  it('reports ragged rows and bad values by line and goes on', async () => {
    const records = await read(
      'mpid,email,email_sha256\n1,a@b.com\n2,b@c.com,,extra\n3,,nothex\n4,,\n,,\n5,,ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789\n',
    );
    expect(records).toEqual([
      { line: 2, error: 'the row has 2 fields but the header has 3' },
      { line: 3, error: 'the row has 4 fields but the header has 3' },
      { line: 4, error: 'email_sha256: must be a SHA-256 digest (64 hexadecimal digits)' },
      { line: 5, member: { action: 'add', mpid: '4', attributes: {} } },
      { line: 6, error: 'needs an mpid, email or email_sha256 value' },
      {
        line: 7,
        member: {
          action: 'add',
          mpid: '5',
          emailSha256: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789',
          attributes: {},
        },
      },
    ]);
  });

  it('refuses a bad action and a bad header', async () => {
    expect(await read('mpid,action\n1,join\n')).toEqual([
      { line: 2, error: 'action: must be add or delete, got "join"' },
    ]);
    expect(await read('name,city\nx,y\n')).toEqual([
      { line: 1, error: 'the header needs an mpid, email or email_sha256 column' },
    ]);
    expect(await read('mpid,Email,EMAIL\n')).toEqual([
      { line: 1, error: 'columns 2 and 3 of the header are the same ("EMAIL")' },
    ]);
    expect(await read('mpid,__proto__\n1,x\n')).toEqual([
      { line: 1, error: 'column name "__proto__" is not allowed' },
    ]);
  });

  it('reports invalid UTF-8 rows', async () => {
    const bytes = Buffer.concat([
      Buffer.from('mpid,$firstname\n1,ok\n2,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n3,é\n'),
    ]);
    for (const size of [1, 2, 100]) {
      expect(await read(bytes, size)).toEqual([
        { line: 2, member: { action: 'add', mpid: '1', attributes: { $firstname: 'ok' } } },
        { line: 3, error: 'invalid UTF-8 in the row' },
        { line: 4, member: { action: 'add', mpid: '3', attributes: { $firstname: 'é' } } },
      ]);
    }
  });

  it('ends with one error on an unclosed quote', async () => {
    const records = await read('mpid,$note\n1,ok\n2,"never closed\n3,x\n');
    expect(records[0]).toEqual({
      line: 2,
      member: { action: 'add', mpid: '1', attributes: { $note: 'ok' } },
    });
    expect(records.at(-1)).toMatchObject({ error: expect.stringContaining('unreadable CSV') });
    expect(records).toHaveLength(2);
  });

  it('reads an empty input as nothing', async () => {
    expect(await read('')).toEqual([]);
  });
});
