import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { RoktSandbox } from '../rokt-sandbox.js';

/** The API key the tests configure. */
export const API_KEY = 'test-api-key';
/** The key pair the tests configure. */
export const PUBLIC_KEY = 'test-public';
/** The key pair the tests configure. */
export const SECRET_KEY = 'test-secret';
/** The account the tests use. */
export const ACCOUNT_ID = '123456';

/** The Basic header for a key pair. */
export function basicHeader(publicKey: string, secretKey: string): string {
  return `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`;
}

/** Lowercase hex SHA-256. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A parsed answer. */
export interface Answer {
  status: number;
  headers: Headers;
  json: unknown;
}

/** The `data.code` of a Rokt error answer. */
export function errorCode(answer: Answer): string | undefined {
  return (answer.json as { data?: { code?: string } }).data?.code;
}

/** The `data.message` of a Rokt error answer. */
export function errorMessage(answer: Answer): string {
  return (answer.json as { data?: { message?: string } }).data?.message ?? '';
}

/** Options of {@link post}. */
export interface PostOptions {
  /** Headers replacing the defaults (`null` removes one). */
  headers?: Record<string, string | null>;
  /** Send this raw body instead of JSON. */
  raw?: string | Uint8Array;
  /** The method, POST by default. */
  method?: string;
}

/** Posts JSON with the API key, `Content-Type` and `Rokt-Version` headers, and parses the answer. */
export async function post(
  sandbox: RoktSandbox,
  path: string,
  body: unknown,
  options: PostOptions = {},
): Promise<Answer> {
  const headers: Record<string, string | null> = {
    authorization: API_KEY,
    'content-type': 'application/json',
    'rokt-version': '2020-05-21',
    ...options.headers,
  };
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== null) sent[name] = value;
  }
  const method = options.method ?? 'POST';
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: sent,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: options.raw ?? JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === '' ? undefined : JSON.parse(text),
  };
}

/** A GET to the sandbox, parsed. */
export async function get(sandbox: RoktSandbox, path: string): Promise<Answer> {
  const response = await fetch(`${sandbox.url}${path}`);
  return { status: response.status, headers: response.headers, json: await response.json() };
}

/** A valid list import body. */
export function listImport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountId: ACCOUNT_ID,
    list: 'High Value Shoppers',
    action: 'include',
    emails: ['a@b.com'],
    ...overrides,
  };
}

/** A valid event; `objectData` and `metaData` entries can be replaced. */
export function roktEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientEventId: randomUUID(),
    eventType: 'audiencemembershipupdate',
    eventTime: '2026-11-29T10:00:00.000Z',
    objectData: [
      { name: 'mpid', value: '12345' },
      { name: 'emailsha256', value: sha256('a@b.com') },
    ],
    metaData: [
      { name: 'audienceId', value: '456' },
      { name: 'audienceName', value: 'High Value Shoppers' },
      { name: 'membershipAction', value: 'add' },
    ],
    ...overrides,
  };
}

/** A valid events body. */
export function eventsBody(events: unknown[], accountId: string = ACCOUNT_ID): Record<string, unknown> {
  return { accountId, events };
}

/** The `unprocessedRecords` of an events answer. */
export function unprocessed(answer: Answer): { error: { code: string; message: string }; record: unknown }[] {
  return (answer.json as { data: { unprocessedRecords: [] } }).data.unprocessedRecords;
}

/** What {@link expectRefusedUnchanged} expects of the answer. */
export interface ExpectedRefusal {
  /** The HTTP status (default 400). */
  status?: number;
  /** The Rokt error code. */
  code: string;
  /** Text the error message contains. */
  message?: string;
}

/** Posts `body` and expects a refusal (status, code, message) that left the accounts unchanged. */
export async function expectRefusedUnchanged(
  sandbox: RoktSandbox,
  path: string,
  body: unknown,
  expected: ExpectedRefusal,
  options: PostOptions = {},
): Promise<Answer> {
  const before = sandbox.state().accounts;
  const answer = await post(sandbox, path, body, options);
  expect(answer.status).toBe(expected.status ?? 400);
  expect(errorCode(answer)).toBe(expected.code);
  if (expected.message !== undefined) expect(errorMessage(answer)).toContain(expected.message);
  expect(sandbox.state().accounts).toEqual(before);
  return answer;
}
