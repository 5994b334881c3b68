import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Stack, secrets, startStack } from '../server/stack.js';
import { postAnnouncingLength } from '../support/oversized-upload.js';
import { type CorpusCase, caseBytes, corpus, goodMessage, lineOf } from './support/corpus.js';

/**
 * Every case of the bad-input corpus against a running server: a 4xx whose `{ error: { code,
 * message } }` says what is wrong and where (or, for the admin import, the lines it rejected), the
 * server still answers a good request after each case, and everything accepted before, between
 * and after the bad input is delivered.
 */

const firehoseAccount = 'bi-server';
const importAccount = 'bi-server-import';
const wrongSameLength = secrets.firehoseToken.replace(/./g, 'z');

let stack: Stack;
let importAudience: number;
let followUpAudience: number;
const acceptedFirehose: string[] = [];
const acceptedImports: string[] = [];
let followUps = 0;

async function post(path: string, body: Buffer | string, headers: Record<string, string>) {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const { status, text } =
    bytes.length > 20 * 1024 * 1024
      ? await postAnnouncingLength(`${stack.server.url}${path}`, headers, bytes)
      : await fetch(`${stack.server.url}${path}`, { method: 'POST', headers, body }).then(
          async (response) => ({
            status: response.status,
            text: await response.text(),
          }),
        );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, text, json: json as Record<string, never> | undefined };
}

function fill(template: string): string {
  return template
    .replaceAll('{firehoseToken}', secrets.firehoseToken)
    .replaceAll('{adminToken}', secrets.adminToken)
    .replaceAll('{wrongSameLength}', wrongSameLength);
}

function defaultContentType(testCase: CorpusCase): string {
  if (testCase.server.endpoint !== 'import') return 'application/json';
  return testCase.file?.endsWith('.ndjson') ? 'application/x-ndjson' : 'text/csv';
}

/** A good Firehose message (one new profile); must be accepted. */
async function followUpFirehose(label: string): Promise<void> {
  followUps += 1;
  const message = goodMessage(`followup-${label}`, followUps, firehoseAccount);
  const answer = await post('/firehose', JSON.stringify(message), {
    'content-type': 'application/json',
    authorization: `Token ${secrets.firehoseToken}`,
  });
  expect(answer.status, `follow-up after ${label}: ${answer.text}`).toBe(200);
  acceptedFirehose.push(message.user_profiles[0]!.user_identities[0]!.value);
}

/** A good one-member import into the audience with an active connection; must be accepted. */
async function followUpImport(label: string): Promise<void> {
  followUps += 1;
  const email = `import-followup-${followUps}@example.com`;
  const answer = await post(
    `/api/audiences/${followUpAudience}/import`,
    `mpid,email\n${9000 + followUps},${email}\n`,
    {
      'content-type': 'text/csv',
      authorization: `Bearer ${secrets.adminToken}`,
    },
  );
  expect(answer.status, `import follow-up after ${label}: ${answer.text}`).toBe(200);
  expect(answer.json).toMatchObject({ accepted: 1, rejected: [], queued: 1 });
  acceptedImports.push(email);
}

beforeAll(async () => {
  stack = await startStack({
    sandbox: { credentials: { apiKey: corpus.apiKey } },
    server: { logLevel: 'info' },
  });
  const output = await stack.admin('POST', '/api/outputs', {
    settings: { configurationName: 'Bad input imports', accountId: importAccount, apiKey: corpus.apiKey },
  });
  expect(output.status, output.text).toBe(201);
  importAudience = (await stack.admin('POST', '/api/audiences', { name: 'Import cases' })).body.id;
  followUpAudience = (await stack.admin('POST', '/api/audiences', { name: 'Import follow-ups' })).body.id;
  const connection = await stack.admin('POST', '/api/connections', {
    audienceId: followUpAudience,
    outputId: output.body.output.id,
    settings: {},
  });
  expect(connection.status, connection.text).toBe(201);
  expect(
    (await stack.admin('PUT', `/api/connections/${connection.body.id}`, { status: 'active' })).status,
  ).toBe(200);
  // Accepted before any bad input arrives.
  for (let index = 0; index < 5; index += 1) await followUpFirehose('start');
  await followUpImport('start');
});

afterAll(async () => {
  await stack?.close();
});

describe('bad input on the server', () => {
  for (const testCase of corpus.cases) {
    const expected = testCase.server;
    const test = expected.knownIssue ? it.fails : it;
    test(`${testCase.name}: ${testCase.about}${expected.knownIssue ? ` (known issue: ${expected.knownIssue})` : ''}`, async () => {
      const bytes = caseBytes(testCase);
      const body = expected.line === undefined ? bytes : lineOf(bytes, expected.line);
      const endpoint = expected.endpoint ?? 'firehose';
      const headers: Record<string, string> = {};
      const contentType =
        expected.contentType === undefined ? defaultContentType(testCase) : expected.contentType;
      if (contentType !== null) headers['content-type'] = contentType;
      const authorization =
        expected.authorization === undefined
          ? endpoint === 'import'
            ? `Bearer ${secrets.adminToken}`
            : `Token ${secrets.firehoseToken}`
          : expected.authorization;
      if (authorization !== null) headers.authorization = fill(authorization);
      const path = endpoint === 'import' ? `/api/audiences/${importAudience}/import` : '/firehose';
      const answer = await post(path, body, headers);

      // The server is still up and still accepts good input.
      if (endpoint === 'import') await followUpImport(testCase.name);
      else await followUpFirehose(testCase.name);

      expect(answer.status, answer.text.slice(0, 500)).toBe(expected.status);
      if (expected.status >= 400) {
        const error = (answer.json as { error?: { code?: unknown; message?: unknown; details?: unknown } })
          ?.error;
        expect(error, answer.text.slice(0, 500)).toBeDefined();
        expect(typeof error?.code).toBe('string');
        expect(typeof error?.message).toBe('string');
        expect(String(error?.message ?? '').length).toBeGreaterThan(10);
        if (expected.code) expect(error?.code).toBe(expected.code);
        if (expected.where) {
          expect(`${error?.message} ${JSON.stringify(error?.details ?? {})}`).toMatch(
            new RegExp(expected.where),
          );
        }
        expect(answer.text).not.toContain(secrets.firehoseToken);
        expect(answer.text).not.toContain(secrets.adminToken);
      } else {
        const result = answer.json as unknown as {
          accepted: number;
          rejected: { line: number; message: string }[];
        };
        if (expected.accepted !== undefined) expect(result.accepted).toBe(expected.accepted);
        if (expected.rejected) {
          expect(result.rejected.map((entry) => entry.line)).toEqual(
            expected.rejected.map((entry) => entry.line),
          );
          expected.rejected.forEach((entry, index) => {
            expect(result.rejected[index]?.message).toMatch(new RegExp(entry.message, 'i'));
          });
        }
      }
    });
  }

  it('delivered everything it accepted before, between and after the bad input, and nothing of the bad input', async () => {
    await eventually(
      async () => {
        const stats = await stack.admin('GET', '/api/stats');
        return stats.body.queue.pending === 0 && stats.body.queue.inFlight === 0;
      },
      20_000,
      'the queue to drain',
    );
    const stats = await stack.admin('GET', '/api/stats');
    expect(stats.body.queue.failed).toBe(0);
    const state = stack.sandbox.state();
    expect(Object.keys(state.accounts).sort()).toEqual([firehoseAccount, importAccount]);
    expect(state.accounts[firehoseAccount]!.lists[corpus.list]!.included).toEqual(
      [...acceptedFirehose].sort(),
    );
    expect(state.accounts[firehoseAccount]!.events.count).toBe(acceptedFirehose.length);
    expect(state.accounts[importAccount]!.lists['Import follow-ups']!.included).toEqual(
      [...acceptedImports].sort(),
    );
    // No bad input made the server fail (no error-level log line, no 5xx).
    const logs = stack.logs.join('');
    expect(logs).not.toMatch(/"level":50/);
    expect(logs).not.toMatch(/"statusCode":5\d\d/);
  });
});
