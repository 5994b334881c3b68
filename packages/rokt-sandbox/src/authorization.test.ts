import { afterEach, describe, expect, it } from 'vitest';
import type { RoktSandbox } from './rokt-sandbox.js';
import type { SandboxCredentials } from './sandbox-options.js';
import { startSandbox } from './start-sandbox.js';
import {
  ACCOUNT_ID,
  API_KEY,
  basicHeader,
  errorCode,
  listImport,
  PUBLIC_KEY,
  post,
  SECRET_KEY,
} from './test-support/sandbox-client.js';

let sandbox: RoktSandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function authCheck(credentials: SandboxCredentials | undefined, authorization: string | null) {
  sandbox = await startSandbox(credentials === undefined ? {} : { credentials });
  return post(sandbox, '/v3/auth-check', { accountId: ACCOUNT_ID }, { headers: { authorization } });
}

describe('authentication', () => {
  it('accepts the key pair as Basic base64(publicKey:secretKey)', async () => {
    const answer = await authCheck(
      { publicKey: PUBLIC_KEY, secretKey: SECRET_KEY },
      basicHeader(PUBLIC_KEY, SECRET_KEY),
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ data: { accountId: ACCOUNT_ID } });
  });

  it('accepts the raw API key with no scheme word', async () => {
    const answer = await authCheck({ apiKey: API_KEY }, API_KEY);
    expect(answer.status).toBe(200);
  });

  it('rejects the API key sent with a scheme word', async () => {
    const answer = await authCheck({ apiKey: API_KEY }, `Bearer ${API_KEY}`);
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe('UnauthorizedError');
  });

  it('accepts either the key pair or the API key when both are configured', async () => {
    const credentials = { apiKey: API_KEY, publicKey: PUBLIC_KEY, secretKey: SECRET_KEY };
    expect((await authCheck(credentials, API_KEY)).status).toBe(200);
    await sandbox?.close();
    expect((await authCheck(credentials, basicHeader(PUBLIC_KEY, SECRET_KEY))).status).toBe(200);
  });

  it('rejects a wrong secret key with 401 UnauthorizedError', async () => {
    const answer = await authCheck(
      { publicKey: PUBLIC_KEY, secretKey: SECRET_KEY },
      basicHeader(PUBLIC_KEY, 'wrong'),
    );
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe('UnauthorizedError');
  });

  it('rejects the key pair when only an API key is configured', async () => {
    const answer = await authCheck({ apiKey: API_KEY }, basicHeader(PUBLIC_KEY, SECRET_KEY));
    expect(answer.status).toBe(401);
  });

  it('ignores a half key pair in the configuration', async () => {
    const answer = await authCheck({ publicKey: PUBLIC_KEY, apiKey: API_KEY }, basicHeader(PUBLIC_KEY, ''));
    expect(answer.status).toBe(401);
  });

  it('rejects a request without an Authorization header', async () => {
    const answer = await authCheck({ apiKey: API_KEY }, null);
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe('UnauthorizedError');
  });

  it('accepts any non-empty header when no credentials are configured, but not a missing one', async () => {
    expect((await authCheck(undefined, 'anything')).status).toBe(200);
    await sandbox?.close();
    expect((await authCheck(undefined, null)).status).toBe(401);
  });

  it('answers 403 Forbidden for valid credentials and an account outside accountIds', async () => {
    const answer = await authCheck({ apiKey: API_KEY, accountIds: ['999'] }, API_KEY);
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('Forbidden');
  });

  it('answers 200 for an account inside accountIds', async () => {
    const answer = await authCheck({ apiKey: API_KEY, accountIds: [ACCOUNT_ID] }, API_KEY);
    expect(answer.status).toBe(200);
  });

  it('rejects an auth check without an accountId with 400', async () => {
    sandbox = await startSandbox({ credentials: { apiKey: API_KEY } });
    const answer = await post(sandbox, '/v3/auth-check', {});
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('RequestValidationError');
  });

  it('enforces authentication and accountIds on list imports without changing state', async () => {
    sandbox = await startSandbox({ credentials: { apiKey: API_KEY, accountIds: ['999'] } });
    const unauthorized = await post(sandbox, '/v3/import/suppression', listImport(), {
      headers: { authorization: 'nope' },
    });
    const forbidden = await post(sandbox, '/v3/import/suppression', listImport());
    expect([unauthorized.status, forbidden.status]).toEqual([401, 403]);
    expect(sandbox.state().accounts).toEqual({});
  });

  it('never records the Authorization header in the request log', async () => {
    sandbox = await startSandbox({ credentials: { publicKey: PUBLIC_KEY, secretKey: SECRET_KEY } });
    const header = basicHeader(PUBLIC_KEY, SECRET_KEY);
    await post(sandbox, '/v3/auth-check', { accountId: ACCOUNT_ID }, { headers: { authorization: header } });
    const logged = JSON.stringify(sandbox.requests());
    expect(logged).not.toContain(header.slice('Basic '.length));
    expect(logged).not.toContain(SECRET_KEY);
    expect(sandbox.requests()[0]?.headers.authorization).toBe('Basic ***');
  });
});
