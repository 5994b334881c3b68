import { AuthenticationError, ConfigurationError, parseSettings } from '@forwarder/core';
import { createProcessor } from '@forwarder/integration';
import { subscriptionRequest } from '@forwarder/integration/testing';
import type { SandboxCredentials } from '@forwarder/rokt-sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { roktAccountSettings } from './account-settings.js';
import { createRoktIntegration } from './rokt-integration.js';
import {
  ACCOUNT_ID,
  accountSettings,
  audienceOf,
  changeOf,
  profileOf,
  type RoktTestKit,
  startKit,
} from './test-support/rokt-test-kit.js';

const PUBLIC_KEY = 'pk_live_public_0001';
const SECRET_KEY = 'sk_live_secret_0001';

let kit: RoktTestKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const oneProfile = () => [profileOf({ mpid: '1', email: 'a@b.com', audiences: [audienceOf(1, 'L', 'add')] })];

/** Starts a kit whose sandbox accepts only the given credentials, and records raw Authorization headers. */
async function kitAccepting(credentials: SandboxCredentials) {
  kit = await startKit({ sandbox: { credentials } });
  return kit;
}

describe('authentication', () => {
  it('uses the key pair as Basic credentials when both methods are complete', async () => {
    const { processor, sandbox } = await kitAccepting({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY });
    const { report } = await processor.process(
      changeOf(
        oneProfile(),
        accountSettings({ apiKey: 'some-other-key', publicKey: PUBLIC_KEY, secretKey: SECRET_KEY }),
      ),
    );
    expect(report.failed).toBe(0);
    expect(report.delivered).toBe(2);
    expect(sandbox.requests().map((request) => request.headers.authorization)).toEqual([
      'Basic ***',
      'Basic ***',
    ]);
  });

  it('uses the API key alone as the Authorization header, with no scheme word', async () => {
    const { processor, sandbox } = await kitAccepting({ apiKey: 'rk_api_only' });
    const { report } = await processor.process(
      changeOf(oneProfile(), accountSettings({ apiKey: 'rk_api_only' })),
    );
    expect(report.delivered).toBe(2);
    expect(sandbox.requests().map((request) => request.headers.authorization)).toEqual(['***', '***']);
  });

  it('falls back to the API key when the pair is incomplete', async () => {
    const { processor, sandbox } = await kitAccepting({ apiKey: 'rk_api_only' });
    const { report } = await processor.process(
      changeOf(oneProfile(), accountSettings({ apiKey: 'rk_api_only', publicKey: PUBLIC_KEY })),
    );
    expect(report.delivered).toBe(2);
    expect(sandbox.requests()[0]?.headers.authorization).toBe('***');
  });

  it('refuses half a pair without an API key, naming the missing key, before anything is sent', async () => {
    const { processor, sandbox } = await kitAccepting({ apiKey: 'rk_api_only' });
    const error = await processor
      .process(changeOf(oneProfile(), accountSettings({ apiKey: undefined, publicKey: PUBLIC_KEY })))
      .catch((caught: unknown) => caught);
    expect(ConfigurationError.isConfigurationError(error)).toBe(true);
    expect((error as ConfigurationError).issues.map((issue) => issue.setting)).toEqual(['secretKey']);
    expect((error as Error).message).not.toContain(PUBLIC_KEY);
    expect(sandbox.state().requests.total).toBe(0);
  });

  it('refuses a configuration with no credentials at all, before anything is sent', async () => {
    const { processor, sandbox } = await kitAccepting({ apiKey: 'rk_api_only' });
    const error = await processor
      .process(changeOf(oneProfile(), accountSettings({ apiKey: undefined })))
      .catch((caught: unknown) => caught);
    expect(ConfigurationError.isConfigurationError(error)).toBe(true);
    expect((error as ConfigurationError).issues.map((issue) => issue.setting)).toEqual(['apiKey']);
    expect(sandbox.state().requests.total).toBe(0);
  });

  it('answers a verification request (no profiles) without credentials or requests', async () => {
    const { processor, sandbox } = await kitAccepting({ apiKey: 'rk_api_only' });
    const { response, report } = await processor.process(changeOf([], {}));
    expect(response).toMatchObject({
      type: 'audience_membership_change_response',
      suspend_subscription: false,
    });
    expect(report.requests).toBe(0);
    expect(sandbox.state().requests.total).toBe(0);
  });
});

describe('credential check (POST {audience}/v3/auth-check)', () => {
  it('reports accepted credentials, masked, after sending the account id', async () => {
    const { sandbox } = await kitAccepting({ apiKey: 'rk_api_only' });
    const plugin = createRoktIntegration();
    const account = parseSettings(roktAccountSettings, accountSettings({ apiKey: 'rk_api_only' }));
    const result = await plugin.checkCredentials!({
      account,
      options: { endpoints: { audience: sandbox.url } },
    });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.message).toContain(ACCOUNT_ID);
    expect(result.message).not.toContain('rk_api_only');
    const [request] = sandbox.requests();
    expect(request).toMatchObject({ method: 'POST', path: '/v3/auth-check', status: 200 });
    expect(JSON.parse(request!.body)).toEqual({ accountId: ACCOUNT_ID });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('forwarder-rokt/0.1.0');
  });

  it('reports rejected credentials (401) and a forbidden account (403)', async () => {
    const { sandbox } = await kitAccepting({ apiKey: 'rk_api_only', accountIds: ['999'] });
    const plugin = createRoktIntegration();
    const options = { endpoints: { audience: sandbox.url }, retry: { attempts: 1 } };
    const wrong = parseSettings(roktAccountSettings, accountSettings({ apiKey: 'rk_wrong_key' }));
    const rejected = await plugin.checkCredentials!({ account: wrong, options });
    expect(rejected).toMatchObject({ ok: false, status: 401 });
    expect(rejected.message).not.toContain('rk_wrong_key');
    const forbidden = await plugin.checkCredentials!({
      account: parseSettings(roktAccountSettings, accountSettings({ apiKey: 'rk_api_only' })),
      options,
    });
    expect(forbidden).toMatchObject({ ok: false, status: 403 });
    expect(forbidden.message).toContain('Forbidden');
  });

  it('runs when an audience is connected (subscription add) and refuses rejected credentials', async () => {
    const { sandbox } = await kitAccepting({ apiKey: 'rk_api_only' });
    const processor = createProcessor({
      integration: createRoktIntegration(),
      delivery: { endpoints: { audience: sandbox.url, events: sandbox.url } },
    });
    const connect = (apiKey: string, action: 'add' | 'remove' = 'add') =>
      processor.process(
        subscriptionRequest({
          accountSettings: accountSettings({ apiKey }),
          audienceId: 9,
          audienceName: 'L',
          action,
        }),
      );
    const accepted = await connect('rk_api_only');
    expect(accepted.response.type).toBe('audience_subscription_response');
    const error = await connect('rk_wrong_key').catch((caught: unknown) => caught);
    expect(AuthenticationError.isAuthenticationError(error)).toBe(true);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as Error).message).not.toContain('rk_wrong_key');
    await connect('rk_wrong_key', 'remove');
    expect(sandbox.requests().map((request) => [request.path, request.status])).toEqual([
      ['/v3/auth-check', 200],
      ['/v3/auth-check', 401],
    ]);
  });
});
