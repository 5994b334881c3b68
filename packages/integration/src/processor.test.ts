import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigurationError,
  defineSettings,
  ErrorCode,
  ForwarderError,
  ValidationError,
} from '@forwarder/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessor, createRegistry, DeliveryReportBuilder, defineIntegration } from './index.js';
import { startCollector } from './test-support/collector-server.js';
import { examplePlugin } from './test-support/example-plugin.js';
import {
  createTestHarness,
  membershipChangeRequest,
  registrationRequest,
  subscriptionRequest,
} from './testing.js';

const fixtures = join(import.meta.dirname, '../../../fixtures/firehose');
const otherPlugin = defineIntegration({
  id: 'other',
  name: 'Other',
  version: '1.0.0',
  description: 'Does nothing',
  accountSettings: defineSettings([] as const),
  connectionSettings: defineSettings([] as const),
  permissions: {},
  async onMembershipChange() {
    return new DeliveryReportBuilder().build();
  },
});

let collector: Awaited<ReturnType<typeof startCollector>>;
beforeAll(async () => {
  collector = await startCollector('secret-token');
});
afterAll(() => collector.close());

const profile = (mpid: string, action: 'add' | 'delete' = 'add', settings: Record<string, string> = {}) => ({
  mpid,
  audiences: [{ audience_id: 7, audience_name: 'Seven', action, audience_subscription_settings: settings }],
});

describe('registry', () => {
  it('registers plugins side by side, refuses a duplicate id and names known ids', () => {
    const registry = createRegistry();
    registry.register(examplePlugin);
    registry.register(otherPlugin);
    expect(registry.list().map((plugin) => plugin.id)).toEqual(['example-echo', 'other']);
    expect(registry.register(examplePlugin)).toBe(examplePlugin);
    expect(() => registry.register({ ...otherPlugin })).toThrow(/already registered/);
    try {
      registry.get('nope');
    } catch (error) {
      expect(ForwarderError.isInstance(error) && error.code).toBe(ErrorCode.UNKNOWN_INTEGRATION);
      expect((error as Error).message).toContain('registered: example-echo, other');
    }
  });

  it('refuses a bad id and a setting id used at both levels', () => {
    expect(() => defineIntegration({ ...otherPlugin, id: 'Bad Id' })).toThrow(/lowercase/);
    const setting = { id: 'x', type: 'text', name: 'X', description: '' } as const;
    expect(() =>
      defineIntegration({
        ...otherPlugin,
        accountSettings: [setting] as const,
        connectionSettings: [setting] as const,
      } as never),
    ).toThrow(/both an account and a connection setting/);
  });
});

describe('processor', () => {
  const registry = createRegistry();
  registry.register(examplePlugin);
  registry.register(otherPlugin);
  const processor = () =>
    createProcessor({
      integration: 'example-echo',
      registry,
      delivery: { endpoints: { collector: collector.url } },
    });

  it('answers registration with the plugin description and settings in the Firehose format', async () => {
    const { response } = await processor().process(registrationRequest());
    expect(response).toMatchObject({
      type: 'module_registration_response',
      name: 'Example Echo',
      version: '0.0.1',
      permissions: { allow_access_mpid: true },
      audience_processing_registration: {
        account_settings: [
          { id: 'token', type: 'text', confidential: true, required: false, visible: true },
          { id: 'shout', type: 'choice', choices: ['Lower', 'Upper'], default_value: 'Lower' },
        ],
        audience_subscription_settings: [{ id: 'label', type: 'text', default_value: 'none' }],
      },
    });
  });

  it('routes a membership change to the plugin with typed settings and reports it', async () => {
    const before = collector.received.length;
    const message = membershipChangeRequest({
      accountSettings: { token: 'secret-token', shout: 'UPPER' },
      profiles: [profile('abc', 'add', { label: 'L' }), profile('def', 'delete')],
    });
    const { response, report } = await processor().process(message);
    expect(response).toMatchObject({
      type: 'audience_membership_change_response',
      suspend_subscription: false,
    });
    expect(collector.received.slice(before)).toEqual([
      {
        authorization: 'secret-token',
        body: [
          { mpid: 'ABC', audience: 7, action: 'add', label: 'L' },
          { mpid: 'DEF', audience: 7, action: 'delete', label: 'none' },
        ],
      },
    ]);
    expect(report).toMatchObject({
      profiles: 2,
      requests: 1,
      delivered: 2,
      byAudience: { '7': { delivered: { echoed: 2 } } },
    });
  });

  it('suspends the subscription when the plugin reports rejected credentials', async () => {
    const message = membershipChangeRequest({
      accountSettings: { token: 'wrong' },
      profiles: [profile('a')],
    });
    const { response, report } = await processor().process(message);
    expect(response).toMatchObject({ suspend_subscription: true });
    expect(report.failedReasons).toEqual({ unauthorized: 1 });
  });

  it('succeeds on an empty membership change, needing no credentials and sending nothing', async () => {
    const before = collector.received.length;
    const empty = JSON.parse(readFileSync(join(fixtures, 'AudienceMembershipChangeRequest.json'), 'utf8'));
    delete empty.user_profiles;
    const { response, report } = await processor().process(empty);
    expect(response).toMatchObject({
      type: 'audience_membership_change_response',
      suspend_subscription: false,
    });
    expect(report.requests).toBe(0);
    expect(collector.received.length).toBe(before);
  });

  it('rejects an unknown type clearly and sends nothing', async () => {
    await expect(processor().process({ type: 'dsr_processing_request', id: '1' })).rejects.toMatchObject({
      code: ErrorCode.UNKNOWN_MESSAGE_TYPE,
    });
    await expect(processor().process('not an object')).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses bad settings before anything is sent, naming the setting and where', async () => {
    const before = collector.received.length;
    const badAccount = membershipChangeRequest({
      accountSettings: { token: 'secret-token', shout: 'loud' },
      profiles: [profile('a')],
    });
    await expect(processor().process(badAccount)).rejects.toThrow(
      /"shout" \(Shout\) must be one of Lower, Upper, got "loud"/,
    );
    const noToken = membershipChangeRequest({ accountSettings: {}, profiles: [profile('a')] });
    await expect(processor().process(noToken)).rejects.toBeInstanceOf(ConfigurationError);
    expect(collector.received.length).toBe(before);
  });

  it('answers a subscription with the normalised connection settings', async () => {
    const message = subscriptionRequest({
      accountSettings: { token: 'secret-token' },
      audienceId: 3,
      audienceName: 'Three',
      subscriptionSettings: { label: ' x ' },
    });
    const { response } = await processor().process(message);
    expect(response).toMatchObject({
      type: 'audience_subscription_response',
      audience_subscription_settings: { label: 'x' },
    });
  });

  it('the testing harness points every endpoint at one base URL', async () => {
    const harness = createTestHarness(examplePlugin, {
      baseUrl: collector.url,
      endpointNames: ['collector'],
    });
    const { report } = await harness.processAll([
      membershipChangeRequest({ accountSettings: { token: 'secret-token' }, profiles: [profile('q')] }),
      membershipChangeRequest({
        accountSettings: { token: 'secret-token' },
        profiles: [profile('r'), profile('s')],
      }),
    ]);
    expect(report).toMatchObject({ profiles: 3, delivered: 3, requests: 2 });
  });
});
