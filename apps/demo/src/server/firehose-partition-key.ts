import { createHash } from 'node:crypto';

/**
 * The queue partition (and suspension) key of a Firehose message: its account id and a digest of
 * its account settings, so that a message whose credentials changed is not held back by the
 * rejection of the old ones. The digest is one-way and never shown.
 */
export function firehosePartitionKey(
  accountId: number,
  accountSettings: Readonly<Record<string, string>> | undefined,
) {
  const entries = Object.entries(accountSettings ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 32);
  return `account:${accountId}:${digest}`;
}
