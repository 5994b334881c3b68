import { describe, expect, it } from 'vitest';
import { parseMembersCsv, parseMembersNdjson } from './member-import.js';

describe('parseMembersCsv (the CLI CSV format, with the server needs on top)', () => {
  it('reads the rows of the CLI format as member changes, with the lines where rows start', async () => {
    const parsed = await parseMembersCsv(
      '\ufeffMPID,Email,mobile_number,action,$firstname,tags\r\n' +
        '1,a@example.com,+1 555 0100,,Ann,"[""x"",""y""]"\r\n' +
        '\r\n' +
        '2,"b@example.com",,Remove,"Bo\r\nb",\r\n' +
        '3,c@example.com,,delete,,\r\n',
    );
    expect(parsed.rejected).toEqual([]);
    expect(parsed.changes).toEqual([
      {
        action: 'add',
        member: {
          mpid: '1',
          email: 'a@example.com',
          mobile: '+1 555 0100',
          attributes: { $firstname: 'Ann', tags: ['x', 'y'] },
        },
      },
      {
        action: 'remove',
        member: { mpid: '2', email: 'b@example.com', attributes: { $firstname: 'Bo\r\nb' } },
      },
      { action: 'remove', member: { mpid: '3', email: 'c@example.com' } },
    ]);
  });

  it('needs an mpid column and an mpid a row (a whole number); refuses hashed identities', async () => {
    expect(await parseMembersCsv('email\na@example.com\n')).toEqual({
      changes: [],
      rejected: [{ line: 1, message: 'the header must name an mpid column' }],
    });
    expect(await parseMembersCsv('')).toEqual({
      changes: [],
      rejected: [{ line: 1, message: 'the header must name an mpid column' }],
    });
    const digest = 'a'.repeat(64);
    const parsed = await parseMembersCsv(
      `mpid,email,email_sha256\n,a@example.com,\nabc,b@example.com,\n4,,${digest}\n5,e@example.com\n6,f@example.com,\n`,
    );
    expect(parsed.rejected).toEqual([
      { line: 2, message: 'mpid is required' },
      { line: 3, message: 'mpid must be an mParticle id: a whole number' },
      { line: 4, message: expect.stringMatching(/email_sha256 and mobile_sha256 cannot be imported/) },
      { line: 5, message: 'the row has 2 fields but the header has 3' },
    ]);
    expect(parsed.changes).toEqual([{ action: 'add', member: { mpid: '6', email: 'f@example.com' } }]);
  });

  it('throws when the CSV cannot be read as a whole (an unclosed quote)', async () => {
    await expect(parseMembersCsv('mpid,email\n1,"a@example.com\n2,b\n')).rejects.toThrow(/^Quote Not Closed/);
  });
});

describe('parseMembersNdjson', () => {
  it('reads one member object a line, reporting unusable lines by number without quoting them', async () => {
    const parsed = await parseMembersNdjson(
      '\ufeff{"mpid":"1","email":"a@example.com","attributes":{"tier":"gold"}}\r\n' +
        '\n' +
        'not json with a@secret.example\n' +
        '{"mpid":"2","action":"remove"}\n' +
        '{"mpid":"3","attributes":{"__proto__":{"x":"1"}}}\n' +
        '{"mpid":"4","action":"explode"}\n' +
        '{"email":"e@example.com"}',
    );
    expect(parsed.changes).toEqual([
      { action: 'add', member: { mpid: '1', email: 'a@example.com', attributes: { tier: 'gold' } } },
      { action: 'remove', member: { mpid: '2' } },
    ]);
    expect(parsed.rejected).toEqual([
      { line: 3, message: 'not valid JSON' },
      { line: 5, message: 'forbidden object key "__proto__"' },
      { line: 6, message: expect.stringMatching(/^action must be add or remove/) },
      { line: 7, message: 'mpid is required' },
    ]);
  });

  it('refuses a line that is not UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from('{"mpid":"1"}\n{"mpid":"2","email":"'),
      Buffer.from([0xff]),
      Buffer.from('"}\n'),
    ]);
    expect(await parseMembersNdjson(body)).toEqual({
      changes: [{ action: 'add', member: { mpid: '1' } }],
      rejected: [{ line: 2, message: 'invalid UTF-8 in the line' }],
    });
  });
});
