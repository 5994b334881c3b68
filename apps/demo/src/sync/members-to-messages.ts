import type { AudienceMembershipChangeRequest, Identity, UserAttribute, UserProfile } from '@forwarder/core';
import { roktAccountSettings, uuidV5 } from '@forwarder/rokt';
import type { ConnectionConfig, OutputConfig } from '../config/config-schema.js';
import type { InputRecord } from '../input/input-record.js';
import type { Member, MemberRecord } from '../input/member.js';

/** The UUID namespace of message ids built from CSV rows (fixed: changing it changes every event id). */
export const CSV_MESSAGE_ID_NAMESPACE = '5d0f2b7a-8c4e-4f61-a0d9-3e7b1c52f846';

/** What {@link membersToMessages} needs: where the rows go and how to name the messages. */
export interface MembersToMessagesOptions {
  /** The output configuration (its settings become `account.account_settings`). */
  output: OutputConfig;
  /** The connection id (part of the message ids). */
  connectionId: string;
  /** The connection (audience, settings). */
  connection: ConnectionConfig;
  /** The input file's name (part of the message ids, so that a re-run sends the same event ids). */
  fileName: string;
  /** Profiles per message. */
  profilesPerMessage: number;
  /** `timestamp_ms` of the messages (e.g. the file's modification time). */
  timestampMs: number;
}

/**
 * An mParticle id is a 64-bit integer; Rokt refuses an event whose `mpid` is anything else, while
 * the list import of the same row would go through: such a row is refused whole, by its line.
 */
const mpidPattern = /^-?\d{1,20}$/;

/** The output's settings, those the Rokt plugin defines, as the Firehose string map (unset ones left out). */
export function accountSettingsOf(output: OutputConfig): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const { id } of roktAccountSettings) {
    const value = output[id];
    if (value !== undefined && value !== '') settings[id] = value;
  }
  return settings;
}

/** The connection's settings as the Firehose string map. */
export function connectionSettingsOf(connection: ConnectionConfig): Record<string, string> {
  const { hashFirstName, hashLastName, hashZip, forwardedAttributes } = connection.settings;
  return {
    hashFirstName: String(hashFirstName),
    hashLastName: String(hashLastName),
    hashZip: String(hashZip),
    ...(forwardedAttributes === undefined
      ? {}
      : { forwardedAttributes: JSON.stringify(forwardedAttributes) }),
  };
}

function profileOf(
  member: Member,
  connection: ConnectionConfig,
  settings: Record<string, string>,
): UserProfile {
  const identities: Identity[] = [];
  if (member.email !== undefined) identities.push({ type: 'email', encoding: 'raw', value: member.email });
  if (member.emailSha256 !== undefined) {
    identities.push({ type: 'email', encoding: 'sha256', value: member.emailSha256 });
  }
  if (member.mobile !== undefined)
    identities.push({ type: 'mobile_number', encoding: 'raw', value: member.mobile });
  if (member.mobileSha256 !== undefined) {
    identities.push({ type: 'mobile_number', encoding: 'sha256', value: member.mobileSha256 });
  }
  const attributes: UserAttribute[] = Object.entries(member.attributes).map(([key, value]) =>
    Array.isArray(value) ? { key, list_value: value, action: 'upsert' } : { key, value, action: 'upsert' },
  );
  return {
    ...(member.mpid === undefined ? {} : { mpid: member.mpid }),
    user_identities: identities,
    audiences: [
      {
        audience_id: connection.audienceId,
        audience_name: connection.audienceName,
        audience_subscription_settings: settings,
        action: member.action,
        ...(attributes.length > 0 ? { user_attributes: attributes } : {}),
      },
    ],
  };
}

/** A Firehose membership change carrying `profiles`, as the platform would send it. */
export function membershipMessage(
  options: MembersToMessagesOptions,
  id: string,
  profiles: UserProfile[],
): AudienceMembershipChangeRequest {
  const accountNumber = Number(options.output.accountId);
  return {
    type: 'audience_membership_change_request',
    id,
    timestamp_ms: options.timestampMs,
    firehose_version: '2.8.0',
    account: {
      account_id: Number.isSafeInteger(accountNumber) ? accountNumber : 0,
      account_settings: accountSettingsOf(options.output),
    },
    user_profiles: profiles,
  };
}

/**
 * Turns CSV member records into Firehose membership change messages of up to
 * `profilesPerMessage` profiles each, built from the output's and connection's settings. Each
 * message's id is a UUID v5 of the file name, connection and row range, so a re-run of the same
 * file sends the same event ids. Row errors pass through as error records; a message record's
 * line is the line of its first row.
 */
export async function* membersToMessages(
  records: AsyncIterable<MemberRecord>,
  options: MembersToMessagesOptions,
): AsyncGenerator<InputRecord & { profiles?: number }> {
  const settings = connectionSettingsOf(options.connection);
  let batch: UserProfile[] = [];
  let firstLine = 0;
  let lastLine = 0;
  const flush = (): InputRecord & { profiles: number } => {
    const id = uuidV5(
      `${options.fileName}\n${options.connectionId}\n${firstLine}-${lastLine}`,
      CSV_MESSAGE_ID_NAMESPACE,
    );
    const record = { line: firstLine, value: membershipMessage(options, id, batch), profiles: batch.length };
    batch = [];
    return record;
  };
  for await (const record of records) {
    if ('error' in record) {
      yield record;
      continue;
    }
    if (record.member.mpid !== undefined && !mpidPattern.test(record.member.mpid)) {
      yield {
        line: record.line,
        error: `mpid ${JSON.stringify(record.member.mpid.slice(0, 40))} is not an mParticle id (a whole number)`,
      };
      continue;
    }
    if (batch.length === 0) firstLine = record.line;
    lastLine = record.line;
    batch.push(profileOf(record.member, options.connection, settings));
    if (batch.length >= options.profilesPerMessage) yield flush();
  }
  if (batch.length > 0) yield flush();
}
