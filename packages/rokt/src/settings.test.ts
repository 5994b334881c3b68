import { ConfigurationError, type ModuleRegistrationResponse } from '@forwarder/core';
import { createProcessor } from '@forwarder/integration';
import { subscriptionRequest } from '@forwarder/integration/testing';
import { describe, expect, it } from 'vitest';
import { roktAccountSettings } from './account-settings.js';
import { roktConnectionSettings } from './connection-settings.js';
import { rokt } from './rokt-integration.js';
import {
  accountSettings,
  audienceOf,
  changeOf,
  loadFixture,
  profileOf,
  useKit,
} from './test-support/rokt-test-kit.js';

const kit = useKit();

async function configurationErrorOf(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ConfigurationError.isConfigurationError(error)).toBe(true);
  return error as ConfigurationError;
}

describe('registration (fixture ModuleRegistrationRequest.json)', () => {
  it('describes the integration with every setting in the Firehose Setting format and its permissions', async () => {
    const processor = createProcessor({ integration: rokt });
    const { response } = await processor.process(loadFixture('ModuleRegistrationRequest.json'));
    const registration = response as ModuleRegistrationResponse;
    expect(registration.type).toBe('module_registration_response');
    expect(registration.name).toBe('Rokt');
    expect(registration.version).toBe('0.1.0');
    expect(registration.permissions).toEqual({
      user_identities: [
        { type: 'email', encoding: 'raw', required: false },
        { type: 'mobile_number', encoding: 'raw', required: false },
      ],
      allow_access_mpid: true,
      allow_audience_user_attributes: true,
    });
    const account = registration.audience_processing_registration?.account_settings ?? [];
    expect(account.map((setting) => setting.id)).toEqual([
      'configurationName',
      'accountId',
      'apiKey',
      'publicKey',
      'secretKey',
      'emailEncoding',
      'mobileEncoding',
    ]);
    const byId = Object.fromEntries(account.map((setting) => [setting.id, setting]));
    expect(byId.configurationName).toMatchObject({
      type: 'text',
      name: 'Configuration Name',
      required: true,
    });
    expect(byId.accountId).toMatchObject({
      type: 'text',
      name: 'Rokt account id',
      description: 'Your Rokt Account ID.',
      required: true,
      confidential: false,
    });
    expect(byId.apiKey).toMatchObject({
      name: 'API Key',
      confidential: true,
      required: false,
      visible: true,
    });
    expect(byId.apiKey?.description).toContain('You must use your secret key, not your public key.');
    expect(byId.publicKey).toMatchObject({ name: 'Rokt public key', confidential: false });
    expect(byId.secretKey).toMatchObject({ name: 'Rokt secret key', confidential: true });
    expect(byId.emailEncoding).toMatchObject({
      type: 'choice',
      name: 'Email encoding',
      choices: ['Raw', 'Sha256'],
      default_value: 'Raw',
    });
    expect(byId.mobileEncoding).toMatchObject({
      type: 'choice',
      name: 'Mobile number encoding',
      choices: ['None', 'Raw', 'Sha256'],
      default_value: 'None',
    });
    expect(byId.mobileEncoding?.description).toContain(
      'If you select None, mobile numbers are not forwarded',
    );

    const connection = registration.audience_processing_registration?.audience_subscription_settings ?? [];
    expect(connection).toEqual([
      expect.objectContaining({
        type: 'boolean',
        id: 'hashFirstName',
        name: 'Hash First Name',
        default_value: false,
      }),
      expect.objectContaining({
        type: 'boolean',
        id: 'hashLastName',
        name: 'Hash Last Name',
        default_value: false,
      }),
      expect.objectContaining({
        type: 'boolean',
        id: 'hashZip',
        name: 'Hash Zip Code',
        default_value: false,
      }),
      expect.objectContaining({ type: 'list', id: 'forwardedAttributes', name: 'User Attribute Forwarding' }),
    ]);
    expect(connection[3]).not.toHaveProperty('default_value');
    expect(connection[0]?.description).toContain('$firstname is hashed using SHA256 with UTF-8 encoding');
    expect(roktAccountSettings).toHaveLength(7);
    expect(roktConnectionSettings).toHaveLength(4);
  });
});

describe('account settings', () => {
  it('require the configuration name and account id; nothing is sent', async () => {
    const error = await configurationErrorOf(
      kit.processor.process(
        changeOf(
          [profileOf({ mpid: '1', email: 'a@b.com', audiences: [audienceOf(1, 'L', 'add')] })],
          accountSettings({ configurationName: undefined, accountId: ' ' }),
        ),
      ),
    );
    expect(error.issues.map((issue) => issue.setting)).toEqual(['configurationName', 'accountId']);
    expect(kit.sandbox.state().requests.total).toBe(0);
  });

  it('match choices case-insensitively', async () => {
    const { report } = await kit.processor.process(
      changeOf(
        [profileOf({ mpid: '1', email: 'a@b.com', audiences: [audienceOf(1, 'L', 'add')] })],
        accountSettings({ emailEncoding: 'SHA256', mobileEncoding: 'raw' }),
      ),
    );
    expect(report.delivered).toBe(2);
    const members = kit.sandbox.listMembers('123456', 'L');
    expect(members.included.map((member) => member.kind)).toEqual(['sha256']);
  });

  it('name the setting and the allowed values for an unknown choice, never a confidential value', async () => {
    const error = await configurationErrorOf(
      kit.processor.process(
        changeOf(
          [profileOf({ mpid: '1', email: 'a@b.com', audiences: [audienceOf(1, 'L', 'add')] })],
          accountSettings({ emailEncoding: 'md5', mobileEncoding: 'Hashed', apiKey: 'secret\u0001key' }),
        ),
      ),
    );
    expect(error.issues.map((issue) => issue.setting)).toEqual(['emailEncoding', 'mobileEncoding']);
    expect(error.message).toContain('must be one of Raw, Sha256');
    expect(error.message).toContain('must be one of None, Raw, Sha256');
    expect(error.message).not.toContain('secret');
    expect(kit.sandbox.state().requests.total).toBe(0);
  });

  it('default the encodings to Raw email and no mobile number', async () => {
    await kit.processor.process(
      changeOf([
        profileOf({
          mpid: '7',
          email: 'A@B.com',
          mobile: '5551234567',
          audiences: [audienceOf(1, 'L', 'add')],
        }),
      ]),
    );
    const [event] = kit.sandbox.eventsFor('123456');
    expect(event?.objectData).toEqual([
      { name: 'mpid', value: '7' },
      { name: 'email', value: 'a@b.com' },
    ]);
  });
});

describe('connection settings', () => {
  it('are validated and stored by a subscription update, parsed to their declared forms', async () => {
    const processor = kit.processor;
    const { response } = await processor.process(
      subscriptionRequest({
        accountSettings: accountSettings(),
        audienceId: 5,
        audienceName: 'L',
        action: 'update',
        subscriptionSettings: { hashZip: 'TRUE', forwardedAttributes: '["$zip","Tier"]' },
      }),
    );
    expect(response).toMatchObject({
      type: 'audience_subscription_response',
      audience_subscription_settings: {
        hashFirstName: 'false',
        hashLastName: 'false',
        hashZip: 'true',
        forwardedAttributes: '["$zip","Tier"]',
      },
    });
    await expect(
      processor.process(
        subscriptionRequest({
          accountSettings: accountSettings(),
          audienceId: 5,
          audienceName: 'L',
          action: 'update',
          subscriptionSettings: { hashZip: 'yes' },
        }),
      ),
    ).rejects.toThrow(/"hashZip" \(Hash Zip Code\) must be true or false/);
    expect(kit.sandbox.state().requests.total).toBe(0);
  });
});
