import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';
import { API_KEY, get, listImport, post } from './test-support/sandbox-client.js';
import { useSandbox } from './test-support/use-sandbox.js';

const RECORDED_BYTES = 64 * 1024;
const PATH = '/v3/import/suppression';
const sandbox = useSandbox({ credentials: { apiKey: API_KEY } }, (started) => started.reset());

function lastRecorded() {
  const recorded = sandbox.requests().at(-1);
  if (recorded === undefined) throw new Error('no request was recorded');
  return recorded;
}

describe('recorded request bodies', () => {
  it('keeps a short body whole', async () => {
    const text = JSON.stringify(listImport({ emails: ['zoë@example.com'] }));
    await post(sandbox, PATH, undefined, { raw: text });
    expect(lastRecorded()).toMatchObject({
      body: text,
      bodyBytes: Buffer.byteLength(text),
      bodyTruncated: false,
    });
  });

  it('keeps the first 64 KiB of a long body, decoded as UTF-8, and its full size', async () => {
    const emails = Array.from({ length: 5_000 }, (_, index) => `user.${index}@example.com`);
    const text = JSON.stringify(listImport({ emails }));
    const answer = await post(sandbox, PATH, undefined, { raw: text });
    expect(answer.status).toBe(200);
    const recorded = lastRecorded();
    expect(recorded.body).toBe(text.slice(0, RECORDED_BYTES));
    expect(recorded.bodyBytes).toBe(text.length);
    expect(recorded.bodyTruncated).toBe(true);
  });

  it('cuts a long body inside a character as UTF-8 decoding does', async () => {
    const text = `${'x'.repeat(RECORDED_BYTES - 1)}é${'y'.repeat(100)}`;
    await post(sandbox, PATH, undefined, { raw: text });
    const bytes = Buffer.from(text);
    expect(lastRecorded().body).toBe(bytes.subarray(0, RECORDED_BYTES).toString('utf8'));
    expect(lastRecorded().body.endsWith('\ufffd')).toBe(true);
  });

  it('serves the same bodies through GET /_sandbox/requests, each time it is asked', async () => {
    const text = JSON.stringify(listImport());
    await post(sandbox, PATH, undefined, { raw: text });
    for (const attempt of [1, 2]) {
      const answer = await get(sandbox, '/_sandbox/requests');
      expect(
        (answer.json as { body: string }[]).map((entry) => entry.body),
        `attempt ${attempt}`,
      ).toEqual([text]);
    }
  });
});

describe('RequestLog bodies', () => {
  it('decodes a body given as bytes when the log is read, and keeps a text body as it is', () => {
    const log = new RequestLog(2);
    const common = {
      receivedAt: new Date(0).toISOString(),
      method: 'POST',
      path: PATH,
      headers: {},
      bodyBytes: 3,
      bodyTruncated: false,
      status: 200,
      durationMs: 0,
    };
    log.record({ ...common, id: 1, body: new Uint8Array([0x7b, 0x7d, 0x0a]) });
    log.record({ ...common, id: 2, body: '{}' });
    expect(log.list().map((entry) => entry.body)).toEqual(['{}\n', '{}']);
  });
});
