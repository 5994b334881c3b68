import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  accountSettings,
  loadFixture,
  objectDataOf,
  useKit,
} from './test-support/rokt-test-kit.js';

const kit = useKit();

describe('Firehose fixtures', () => {
  it('AudienceMembershipChangeRequest.json: md5 email dropped, customer ignored, three audience entries → events', async () => {
    const message = loadFixture('AudienceMembershipChangeRequest.json') as {
      id: string;
      account: { account_settings: Record<string, string> };
    };
    message.account.account_settings = { ...message.account.account_settings, ...accountSettings() };
    const { response, report } = await kit.processor.process(message);

    expect(response).toMatchObject({
      type: 'audience_membership_change_response',
      firehose_version: '3.2.0',
      suspend_subscription: false,
    });
    expect(kit.sandbox.requests().map((request) => request.path)).toEqual(['/v2/events']);
    const events = kit.sandbox.eventsFor(ACCOUNT_ID);
    expect(events.map((event) => [event.metaData.map((entry) => entry.value), objectDataOf(event)])).toEqual([
      [['456', 'Example Audience Name', 'add'], { mpid: '12345' }],
      [['789', 'Example Audience Name 2', 'attribute_update'], { mpid: '12345', 'Some Key': '9999999' }],
      [['654', 'Example Audience Name 4', 'delete'], { mpid: '12345' }],
    ]);
    expect(events.every((event) => event.eventTime === '2024-05-01T19:45:44.065Z')).toBe(true);
    expect(report).toMatchObject({ profiles: 1, requests: 1, delivered: 3, failed: 0 });
    expect(report.skippedReasons).toEqual({
      unsupported_hash_md5: 1,
      ignored_identity: 1,
      ignored_device_identity: 4,
      ignored_partner_identity: 1,
      attribute_deleted: 1,
      attribute_without_key: 1,
    });
    expect(report.byAudience).toEqual({
      '456': { delivered: { events: 1 }, skipped: 0, failed: 0 },
      '789': { delivered: { events: 1 }, skipped: 2, failed: 0 },
      '654': { delivered: { events: 1 }, skipped: 0, failed: 0 },
    });
  });

  it('AudienceMembershipChangeRequest.json as shipped (no Rokt settings) is a configuration error, nothing sent', async () => {
    await expect(kit.processor.process(loadFixture('AudienceMembershipChangeRequest.json'))).rejects.toThrow(
      /configurationName|accountId/,
    );
    expect(kit.sandbox.state().requests.total).toBe(0);
  });

  it('AudienceSubscriptionRequest.json: the credential check runs, then the settings to store come back', async () => {
    const message = loadFixture('AudienceSubscriptionRequest.json') as {
      account: { account_settings: Record<string, string> };
    };
    message.account.account_settings = { ...message.account.account_settings, ...accountSettings() };
    const { response } = await kit.processor.process(message);
    expect(response).toMatchObject({
      type: 'audience_subscription_response',
      audience_subscription_settings: { hashFirstName: 'false', hashLastName: 'false', hashZip: 'false' },
    });
    expect(kit.sandbox.requests().map((request) => [request.path, request.body])).toEqual([
      ['/v3/auth-check', JSON.stringify({ accountId: ACCOUNT_ID })],
    ]);
  });
});
