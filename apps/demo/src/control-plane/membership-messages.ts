import { randomUUID } from 'node:crypto';
import { type SettingDefinition, serializeSettings } from '@forwarder/core';
import type { AnyIntegration } from '@forwarder/integration';
import type { NewQueueItem } from '../queue/index.js';
import type { AudienceRecord, ConnectionRecord, Member, OutputRecord } from '../store/index.js';

/** The Firehose version stated in messages the control plane builds. */
export const controlPlaneFirehoseVersion = '3.2.0';

/** Profiles per message the control plane builds. */
export const defaultProfilesPerMessage = 1_000;

/** A membership action of the admin API: `add` or `remove` (Firehose `delete`). */
export type MemberAction = 'add' | 'remove';

/** The queue partition key of an output's items. */
export function outputPartitionKey(outputId: number): string {
  return `output:${outputId}`;
}

/** The connection settings as Firehose strings; `forwardedAttributes` is always present (the platform selects). */
export function connectionSettingsForFirehose(
  integration: AnyIntegration,
  connection: ConnectionRecord,
): Record<string, string> {
  const values: Record<string, unknown> = { ...connection.settings };
  const hasList = integration.connectionSettings.some(
    (setting: SettingDefinition) => setting.id === 'forwardedAttributes',
  );
  if (hasList && values.forwardedAttributes === undefined) values.forwardedAttributes = [];
  return serializeSettings(integration.connectionSettings, values);
}

function selectedAttributes(member: Member, selection: readonly string[] | undefined) {
  const wanted = new Set((selection ?? []).map((key) => key.toLowerCase()));
  const attributes: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(member.attributes ?? {})) {
    if (!wanted.has(key.toLowerCase())) continue;
    attributes.push(
      Array.isArray(value) ? { key, list_value: value, action: 'upsert' } : { key, value, action: 'upsert' },
    );
  }
  return attributes;
}

function profileOf(
  member: Member,
  audience: AudienceRecord,
  subscriptionSettings: Record<string, string>,
  action: MemberAction,
  selection: readonly string[] | undefined,
) {
  const identities: { type: string; encoding: string; value: string }[] = [];
  if (member.email) identities.push({ type: 'email', encoding: 'raw', value: member.email });
  if (member.mobile) identities.push({ type: 'mobile_number', encoding: 'raw', value: member.mobile });
  const entry: Record<string, unknown> = {
    audience_id: audience.id,
    audience_name: audience.name,
    audience_subscription_settings: subscriptionSettings,
    action: action === 'add' ? 'add' : 'delete',
  };
  if (action === 'add') {
    const attributes = selectedAttributes(member, selection);
    if (attributes.length > 0) entry.user_attributes = attributes;
  }
  return { mpid: member.mpid, user_identities: identities, audiences: [entry] };
}

/** What {@link buildMembershipItems} needs. */
export interface BuildMembershipItemsInput {
  integration: AnyIntegration;
  output: OutputRecord;
  connection: ConnectionRecord;
  audience: AudienceRecord;
  members: readonly Member[];
  action: MemberAction;
  profilesPerMessage?: number;
}

/**
 * Turns a membership change of an audience into Firehose `audience_membership_change_request`
 * messages for one connection (its output's settings as `account_settings`, its own settings as
 * `audience_subscription_settings`), `profilesPerMessage` profiles each, ready to enqueue. Each
 * message gets a new id, stored with it, so that a redelivery reuses it.
 */
export function buildMembershipItems(input: BuildMembershipItemsInput): NewQueueItem[] {
  const size = input.profilesPerMessage ?? defaultProfilesPerMessage;
  const subscriptionSettings = connectionSettingsForFirehose(input.integration, input.connection);
  const selection = input.connection.settings.forwardedAttributes;
  const items: NewQueueItem[] = [];
  for (let start = 0; start < input.members.length; start += size) {
    const batch = input.members.slice(start, start + size);
    const id = randomUUID();
    items.push({
      messageId: id,
      message: {
        type: 'audience_membership_change_request',
        id,
        timestamp_ms: Date.now(),
        firehose_version: controlPlaneFirehoseVersion,
        account: { account_id: input.output.id, account_settings: input.output.settings },
        user_profiles: batch.map((member) =>
          profileOf(
            member,
            input.audience,
            subscriptionSettings,
            input.action,
            Array.isArray(selection) ? selection : undefined,
          ),
        ),
      },
      partitionKey: outputPartitionKey(input.output.id),
      connectionId: input.connection.id,
      outputId: input.output.id,
      audienceId: input.audience.id,
      profiles: batch.length,
    });
  }
  return items;
}
