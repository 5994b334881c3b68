import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './run-cli.js';

/** The account id and API key the tests' sandbox accepts. */
export const ACCOUNT_ID = '123456';
export const API_KEY = 'cli-test-key';

/** Complete Rokt account settings; `overrides` replace or add (`undefined` removes). */
export function accountSettings(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const settings: Record<string, string | undefined> = {
    configurationName: 'CLI test output',
    accountId: ACCOUNT_ID,
    apiKey: API_KEY,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(settings).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** One membership change message with `count` profiles (raw emails `user<n>@example.com`). */
export function membershipMessage(
  id: string,
  count = 1,
  options: { settings?: Record<string, string>; first?: number; audienceId?: number } = {},
) {
  const first = options.first ?? 0;
  return {
    type: 'audience_membership_change_request',
    id,
    timestamp_ms: 1_714_592_744_065,
    firehose_version: '3.2.0',
    account: { account_id: 1, account_settings: options.settings ?? accountSettings() },
    user_profiles: Array.from({ length: count }, (_, index) => ({
      mpid: String(first + index),
      user_identities: [{ type: 'email', encoding: 'raw', value: `user${first + index}@example.com` }],
      audiences: [
        {
          audience_id: options.audienceId ?? 456,
          audience_name: 'CLI Audience',
          action: 'add',
          audience_subscription_settings: {},
        },
      ],
    })),
  };
}

/** A fixture of the shared Firehose fixtures, parsed. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repositoryRoot, 'fixtures', 'firehose', name), 'utf8'));
}

/** NDJSON text of values. */
export function ndjson(values: unknown[]): string {
  return `${values.map((value) => JSON.stringify(value)).join('\n')}\n`;
}
