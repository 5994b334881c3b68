import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** The value set of profile `index`: email, mobile number and two forwarded attributes. */
export function profileValues(index: number) {
  return {
    mpid: String(1_000_000_000 + index),
    email: ` User.${index}@Example.COM `,
    normalisedEmail: `user.${index}@example.com`,
    mobile: `+1 (555) ${String(index % 1000).padStart(3, '0')}-${String(index % 10_000).padStart(4, '0')}`,
    normalisedMobile: `555${String(index % 1000).padStart(3, '0')}${String(index % 10_000).padStart(4, '0')}`,
    firstName: `Name${index % 997}`,
    tier: ['gold', 'silver', 'bronze'][index % 3] as string,
  };
}

/**
 * One NDJSON line: a Firehose membership-change message of profiles `start` to `start + count - 1`,
 * with Sha256 email and mobile encodings and two forwarded attributes, authenticated by `apiKey`.
 */
export function membershipChangeLine(start: number, count: number, message: number, apiKey: string): string {
  const accountSettings = {
    configurationName: 'bench',
    accountId: '424242',
    apiKey,
    emailEncoding: 'Sha256',
    mobileEncoding: 'Sha256',
  };
  const subscription = { forwardedAttributes: '["$firstname","loyalty_tier"]' };
  const userProfiles = [];
  for (let index = start; index < start + count; index++) {
    const values = profileValues(index);
    userProfiles.push({
      mpid: values.mpid,
      user_identities: [
        { type: 'email', encoding: 'raw', value: values.email },
        { type: 'mobile_number', encoding: 'raw', value: values.mobile },
      ],
      audiences: [
        {
          audience_id: 777,
          audience_name: 'Bench Audience',
          action: 'add',
          audience_subscription_settings: subscription,
          user_attributes: [
            { key: '$firstname', value: values.firstName, action: 'upsert' },
            { key: 'loyalty_tier', value: values.tier, action: 'upsert' },
          ],
        },
      ],
    });
  }
  return JSON.stringify({
    type: 'audience_membership_change_request',
    id: `00000000-0000-4000-8000-${String(message).padStart(12, '0')}`,
    timestamp_ms: 1_764_000_000_000 + message,
    firehose_version: '3.2.0',
    account: { account_id: 424242, account_settings: accountSettings },
    user_profiles: userProfiles,
  });
}

/** Writes `profiles` profiles as NDJSON lines of {@link membershipChangeLine}, `perMessage` a message. */
export async function writeProfilesNdjson(
  path: string,
  profiles: number,
  perMessage: number,
  apiKey: string,
) {
  const out = createWriteStream(path);
  for (let start = 0, message = 0; start < profiles; start += perMessage, message++) {
    const line = membershipChangeLine(start, Math.min(perMessage, profiles - start), message, apiKey);
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
