import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  API_KEY,
  errorMessage,
  expectRefusedUnchanged,
  listImport,
  post,
  sha256,
} from './test-support/sandbox-client.js';
import { useSandbox } from './test-support/use-sandbox.js';

const PATH = '/v3/import/suppression';
const LIST = 'High Value Shoppers';
const sandbox = useSandbox(
  { credentials: { apiKey: API_KEY }, maxAddressesPerRequest: 3, maxBodyBytes: 4096 },
  async (started) => {
    started.reset();
    const seeded = await post(started, PATH, listImport({ emails: ['seed@example.com'] }));
    expect(seeded.status).toBe(200);
  },
);

const HASH = sha256('a@b.com');

const invalidBodies: [string, unknown, string][] = [
  ['a body that is not an object', [listImport()], 'JSON object'],
  ['a missing accountId', listImport({ accountId: undefined }), 'accountId is missing'],
  ['an empty accountId', listImport({ accountId: '' }), 'accountId must not be empty'],
  ['a numeric accountId', listImport({ accountId: 123456 }), 'accountId must be a string'],
  ['a missing list', listImport({ list: undefined }), 'list is missing'],
  ['an empty list', listImport({ list: '' }), 'list must not be empty'],
  ['a missing action', listImport({ action: undefined }), 'action is missing'],
  ['an unknown action', listImport({ action: 'add' }), 'action must be "include" or "exclude"'],
  ['neither emails nor sha256s', listImport({ emails: undefined }), 'one of the two is required'],
  ['both emails and sha256s', listImport({ sha256s: [HASH] }), 'must not both be present'],
  ['emails that is not an array', listImport({ emails: 'a@b.com' }), 'emails must be an array'],
  ['an empty emails array', listImport({ emails: [] }), 'emails must not be empty'],
  ['an empty sha256s array', listImport({ emails: undefined, sha256s: [] }), 'sha256s must not be empty'],
  ['a non-string email', listImport({ emails: ['a@b.com', 7] }), 'emails[1] must be a string'],
  ['an upper-case email', listImport({ emails: ['A@b.com'] }), 'emails[0] is not lowercase'],
  ['an email with white space', listImport({ emails: [' a@b.com'] }), 'emails[0] contains white space'],
  ['an email without "@"', listImport({ emails: ['ab.com'] }), 'emails[0] does not contain exactly one "@"'],
  ['an email with two "@"', listImport({ emails: ['a@b@c.com'] }), 'exactly one "@"'],
  ['an email with nothing before "@"', listImport({ emails: ['@b.com'] }), 'no text on one side'],
  ['an email with nothing after "@"', listImport({ emails: ['a@'] }), 'no text on one side'],
  ['an empty email', listImport({ emails: [''] }), 'emails[0] is empty'],
  ['a hash in emails', listImport({ emails: [HASH] }), 'emails[0] is a SHA-256 digest'],
  ['a plain address in sha256s', listImport({ emails: undefined, sha256s: ['a@b.com'] }), 'sha256s[0]'],
  [
    'an upper-case hash',
    listImport({ emails: undefined, sha256s: [HASH.toUpperCase()] }),
    'sha256s[0] is not lowercase hex',
  ],
  [
    'a short hash',
    listImport({ emails: undefined, sha256s: [HASH.slice(1)] }),
    'sha256s[0] is not a SHA-256',
  ],
  [
    'more addresses than allowed',
    listImport({ emails: ['a@b.c', 'b@b.c', 'c@b.c', 'd@b.c'] }),
    'more than the 3',
  ],
  ['an unknown field', listImport({ phones: ['1'] }), '"phones" is not a known field'],
];

describe('list import validation', () => {
  it.each(invalidBodies)(
    'rejects %s with 400 RequestValidationError and no state change',
    async (_, body, text) => {
      await expectRefusedUnchanged(sandbox, PATH, body, { code: 'RequestValidationError', message: text });
    },
  );

  it('names several problems at once', async () => {
    const answer = await post(
      sandbox,
      PATH,
      listImport({ list: '', emails: ['X@y.z', 'ok@y.z', 'a b@c.d'] }),
    );
    expect(errorMessage(answer)).toContain('list must not be empty');
    expect(errorMessage(answer)).toContain('emails[0]');
    expect(errorMessage(answer)).toContain('emails[2]');
  });

  it('rejects unparsable JSON with 400 RequestJsonUnmarshalError', async () => {
    await expectRefusedUnchanged(
      sandbox,
      PATH,
      undefined,
      { code: 'RequestJsonUnmarshalError' },
      { raw: '{"accountId": ' },
    );
  });

  it('rejects a body that is not UTF-8 with 400 RequestBodyReadError', async () => {
    await expectRefusedUnchanged(
      sandbox,
      PATH,
      undefined,
      { code: 'RequestBodyReadError' },
      { raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) },
    );
  });

  it('rejects a Content-Type other than application/json with 400', async () => {
    await expectRefusedUnchanged(
      sandbox,
      PATH,
      listImport(),
      { code: 'RequestValidationError' },
      { headers: { 'content-type': 'text/plain' } },
    );
  });

  it('accepts application/json with a charset parameter', async () => {
    const answer = await post(sandbox, PATH, listImport(), {
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(answer.status).toBe(200);
  });

  it('rejects a body over the size limit with 413 in the Rokt error shape', async () => {
    await expectRefusedUnchanged(sandbox, PATH, listImport({ list: 'x'.repeat(5000) }), {
      status: 413,
      code: 'RequestEntityTooLarge',
    });
  });
});

describe('list import state', () => {
  it('answers 200 with the number of addresses received', async () => {
    const answer = await post(sandbox, PATH, listImport({ emails: ['a@b.com', 'c@d.com'] }));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ data: { received: 2 } });
  });

  it('include adds to included and removes from excluded; exclude the reverse', async () => {
    await post(sandbox, PATH, listImport({ emails: ['a@b.com', 'c@d.com'] }));
    await post(sandbox, PATH, listImport({ action: 'exclude', emails: ['a@b.com'] }));
    expect(sandbox.state().accounts[ACCOUNT_ID]?.lists[LIST]).toEqual({
      included: ['c@d.com', 'seed@example.com'],
      excluded: ['a@b.com'],
    });
    await post(sandbox, PATH, listImport({ emails: ['a@b.com'] }));
    expect(sandbox.state().accounts[ACCOUNT_ID]?.lists[LIST]).toEqual({
      included: ['a@b.com', 'c@d.com', 'seed@example.com'],
      excluded: [],
    });
  });

  it('is idempotent: the same request twice leaves the same state', async () => {
    await post(sandbox, PATH, listImport({ emails: ['a@b.com'] }));
    const once = sandbox.state().accounts;
    await post(sandbox, PATH, listImport({ emails: ['a@b.com'] }));
    expect(sandbox.state().accounts).toEqual(once);
  });

  it('keeps lists and accounts apart', async () => {
    await post(sandbox, PATH, listImport({ list: 'Other', emails: ['a@b.com'] }));
    await post(sandbox, PATH, listImport({ accountId: '777', emails: ['z@b.com'] }));
    const accounts = sandbox.state().accounts;
    expect(accounts[ACCOUNT_ID]?.lists.Other?.included).toEqual(['a@b.com']);
    expect(accounts[ACCOUNT_ID]?.lists[LIST]?.included).toEqual(['seed@example.com']);
    expect(accounts['777']?.lists[LIST]?.included).toEqual(['z@b.com']);
  });

  it('keeps track of which kind of identifier each member is', async () => {
    await post(sandbox, PATH, listImport({ emails: undefined, sha256s: [HASH] }));
    expect(sandbox.listMembers(ACCOUNT_ID, LIST).included).toEqual([
      { identifier: 'seed@example.com', kind: 'email' },
      { identifier: HASH, kind: 'sha256' },
    ]);
  });

  it('handles a list named like an object prototype key safely', async () => {
    const answer = await post(sandbox, PATH, listImport({ list: '__proto__' }));
    expect(answer.status).toBe(200);
    expect(Object.hasOwn(sandbox.state().accounts[ACCOUNT_ID]?.lists ?? {}, '__proto__')).toBe(true);
  });
});
