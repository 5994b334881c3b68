import { ConfigurationError, defineSettings } from '@forwarder/core';
import { defineIntegration } from '../define-integration.js';
import { DeliveryReportBuilder } from '../delivery-report.js';

const accountSettings = defineSettings([
  { id: 'token', type: 'text', name: 'Token', description: 'A secret token', confidential: true },
  {
    id: 'shout',
    type: 'choice',
    name: 'Shout',
    description: 'Case',
    choices: ['Lower', 'Upper'],
    defaultValue: 'Lower',
  },
] as const);

const connectionSettings = defineSettings([
  { id: 'label', type: 'text', name: 'Label', description: 'A label', defaultValue: 'none' },
] as const);

/**
 * A tiny example plugin, not published: it posts each profile's mpid to `{endpoints.collector}/collect`.
 */
export const examplePlugin = defineIntegration({
  id: 'example-echo',
  name: 'Example Echo',
  version: '0.0.1',
  description: 'Posts mpids to a collector.',
  accountSettings,
  connectionSettings,
  permissions: { allow_access_mpid: true },
  validateAccount(account) {
    if (!account.token)
      throw ConfigurationError.fromIssues('account settings', [
        { setting: 'token', message: '"token" (Token) is required' },
      ]);
  },
  async checkCredentials() {
    return { ok: true, message: 'ok' };
  },
  async onMembershipChange({ message, account, connectionSettings: connectionOf, options }) {
    const report = new DeliveryReportBuilder();
    const profiles = message.user_profiles ?? [];
    report.profiles(profiles.length);
    const items = profiles.flatMap((profile) =>
      (profile.audiences ?? []).map((audience) => ({
        mpid: account.shout === 'Upper' ? String(profile.mpid).toUpperCase() : String(profile.mpid),
        audience: audience.audience_id,
        action: audience.action,
        label: connectionOf(audience).label,
      })),
    );
    const base = options.endpoints?.collector;
    if (!base) throw new Error('collector endpoint missing');
    const response = await fetch(`${base}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: account.token ?? '' },
      body: JSON.stringify(items),
      signal: options.signal ?? null,
    });
    report.request();
    if (response.status === 401) {
      report.suspend().fail({
        reason: 'unauthorized',
        message: 'rejected',
        count: items.length,
        status: 401,
        retryable: false,
      });
    } else {
      for (const item of items) report.deliver('echoed', 1, item.audience);
    }
    return report.build();
  },
});
