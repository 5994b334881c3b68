import type {
  Audience,
  AudienceMembershipChangeRequest,
  MembershipAction,
  SettingsMap,
} from '@forwarder/core';
import type { RoktAccountSettings } from './account-settings.js';
import {
  type AttributePlan,
  type AttributeSkipSink,
  createAttributePlan,
  mapUserAttributes,
} from './attribute-mapping.js';
import { createClientEventIdFactory } from './client-event-id.js';
import type { RoktConnectionSettings } from './connection-settings.js';
import { encodeEmail, encodeMobileNumber, isHashedOutput } from './identity-encoding.js';
import type {
  ListImportGroup,
  RoktEvent,
  RoktNameValue,
  RoktPayloads,
  SkippedCount,
} from './payload-types.js';

/** Gives the parsed connection settings of an audience entry (the processor's `connectionSettings`). */
export type ConnectionSettingsOf = (audience: Audience) => RoktConnectionSettings;

/** Reasons a profile's identity or event is left out, besides those of the encoders and attributes. */
export const ProfileSkipReason = Object.freeze({
  /** A user identity of a type Rokt does not take (anything but `email` and `mobile_number`). */
  ignoredIdentity: 'ignored_identity',
  /** Device identities are not forwarded to Rokt. */
  ignoredDeviceIdentity: 'ignored_device_identity',
  /** Partner identities are not forwarded to Rokt. */
  ignoredPartnerIdentity: 'ignored_partner_identity',
  /** A second usable email identity of one profile: only the first is sent. */
  extraEmail: 'extra_email',
  /** A second usable mobile number identity of one profile: only the first is sent. */
  extraMobileNumber: 'extra_mobile_number',
  /** A profile without an mpid gets its list imports but no events (Rokt requires the mpid). */
  missingMpid: 'missing_mpid',
  /** An mpid that is not a whole number (mParticle ids are signed 64-bit integers): list imports only. */
  invalidMpid: 'invalid_mpid',
});

/** An mParticle id: a signed 64-bit integer, written in decimal. */
const mpidPattern = /^-?\d{1,20}$/;

const connectionSettingIds = ['hashFirstName', 'hashLastName', 'hashZip', 'forwardedAttributes'] as const;

function addCount(counts: Map<string, number>, reason: string, count = 1): void {
  counts.set(reason, (counts.get(reason) ?? 0) + count);
}

/** Everything about one audience of a message: attribute rules, addresses, shared metadata, skips. */
class AudiencePlan implements AttributeSkipSink {
  readonly audienceId: number;
  readonly name: string;
  readonly attributes: AttributePlan;
  readonly skips = new Map<string, number>();
  readonly includeEmails: string[] = [];
  readonly includeHashes: string[] = [];
  readonly excludeEmails: string[] = [];
  readonly excludeHashes: string[] = [];
  readonly #settings: SettingsMap | undefined;
  readonly #metaData = new Map<MembershipAction, readonly RoktNameValue[]>();

  constructor(audience: Audience, connection: RoktConnectionSettings) {
    this.audienceId = audience.audience_id;
    this.name = audience.audience_name;
    this.attributes = createAttributePlan(connection);
    this.#settings = audience.audience_subscription_settings;
  }

  /** True when an entry names the same audience with the same connection settings. */
  matches(audience: Audience): boolean {
    if (audience.audience_name !== this.name) return false;
    const settings = audience.audience_subscription_settings;
    if (settings === this.#settings) return true;
    for (const id of connectionSettingIds) if (settings?.[id] !== this.#settings?.[id]) return false;
    return true;
  }

  skip(reason: string): void {
    addCount(this.skips, reason);
  }

  /** The event `metaData` of this audience and an action, one array shared by all its events. */
  metaData(action: MembershipAction): readonly RoktNameValue[] {
    let metaData = this.#metaData.get(action);
    if (metaData === undefined) {
      metaData = Object.freeze([
        { name: 'audienceId', value: String(this.audienceId) },
        { name: 'audienceName', value: this.name },
        { name: 'membershipAction', value: action },
      ]);
      this.#metaData.set(action, metaData);
    }
    return metaData;
  }

  listImports(): ListImportGroup[] {
    const groups: ListImportGroup[] = [];
    const add = (action: 'include' | 'exclude', field: 'emails' | 'sha256s', identifiers: string[]) => {
      if (identifiers.length > 0) {
        groups.push({ audienceId: this.audienceId, list: this.name, action, field, identifiers });
      }
    };
    add('include', 'emails', this.includeEmails);
    add('include', 'sha256s', this.includeHashes);
    add('exclude', 'emails', this.excludeEmails);
    add('exclude', 'sha256s', this.excludeHashes);
    return groups;
  }
}

/**
 * Turns a membership change into Rokt payloads in one pass over the profiles, with no HTTP:
 * identities normalised and encoded per the account settings, attributes mapped per each
 * connection, list import groups by audience, action and kind (plain and hashed apart), one event
 * per profile and audience entry, and a count of everything left out.
 *
 * Rules (see the package README): `email` goes to the list import and the event; `mobile_number`
 * to the event only (never with Mobile number encoding `None`); other identities are counted as
 * ignored; a profile without an mpid (or with one that is not a whole number) still gets its list
 * imports, but its events are skipped as `missing_mpid` (`invalid_mpid`). Connection settings are read once per audience and message (again only when an
 * entry carries different settings).
 */
export function buildRoktPayloads(
  message: AudienceMembershipChangeRequest,
  account: RoktAccountSettings,
  connectionOf: ConnectionSettingsOf,
): RoktPayloads {
  const profiles = message.user_profiles ?? [];
  const eventTime = new Date(message.timestamp_ms).toISOString();
  const eventIdOf = createClientEventIdFactory(message.id);
  const { emailEncoding, mobileEncoding } = account;
  const plans = new Map<number, AudiencePlan>();
  const otherPlans = new Map<string, AudiencePlan>();
  const orderedPlans: AudiencePlan[] = [];
  const profileSkips = new Map<string, number>();
  const events: RoktEvent[] = [];

  const planFor = (audience: Audience): AudiencePlan => {
    const plan = plans.get(audience.audience_id);
    if (plan?.matches(audience)) return plan;
    if (plan !== undefined) {
      const key = `${audience.audience_id}\u0000${audience.audience_name}\u0000${JSON.stringify(
        connectionSettingIds.map((id) => audience.audience_subscription_settings?.[id] ?? null),
      )}`;
      let other = otherPlans.get(key);
      if (other === undefined) {
        other = new AudiencePlan(audience, connectionOf(audience));
        otherPlans.set(key, other);
        orderedPlans.push(other);
      }
      return other;
    }
    const created = new AudiencePlan(audience, connectionOf(audience));
    plans.set(audience.audience_id, created);
    orderedPlans.push(created);
    return created;
  };

  for (let profileIndex = 0; profileIndex < profiles.length; profileIndex++) {
    const profile = profiles[profileIndex]!;
    let email: string | undefined;
    let emailHashed = false;
    let mobile: string | undefined;
    let mobileHashed = false;

    const identities = profile.user_identities;
    if (identities !== undefined) {
      for (let index = 0; index < identities.length; index++) {
        const identity = identities[index]!;
        if (identity.type === 'email') {
          const encoded = encodeEmail(identity.value, identity.encoding, emailEncoding);
          if (typeof encoded !== 'string') addCount(profileSkips, encoded.reason);
          else if (email !== undefined) addCount(profileSkips, ProfileSkipReason.extraEmail);
          else {
            email = encoded;
            emailHashed = isHashedOutput(identity.encoding, emailEncoding);
          }
        } else if (identity.type === 'mobile_number') {
          const encoded = encodeMobileNumber(identity.value, identity.encoding, mobileEncoding);
          if (typeof encoded !== 'string') addCount(profileSkips, encoded.reason);
          else if (mobile !== undefined) addCount(profileSkips, ProfileSkipReason.extraMobileNumber);
          else {
            mobile = encoded;
            mobileHashed = isHashedOutput(identity.encoding, mobileEncoding);
          }
        } else {
          addCount(profileSkips, ProfileSkipReason.ignoredIdentity);
        }
      }
    }
    const devices = profile.device_identities?.length ?? 0;
    if (devices > 0) addCount(profileSkips, ProfileSkipReason.ignoredDeviceIdentity, devices);
    const partners = profile.partner_identities?.length ?? 0;
    if (partners > 0) addCount(profileSkips, ProfileSkipReason.ignoredPartnerIdentity, partners);

    const audiences = profile.audiences;
    if (audiences === undefined || audiences.length === 0) continue;
    const mpid = profile.mpid !== undefined && mpidPattern.test(profile.mpid) ? profile.mpid : undefined;
    const noMpidReason =
      profile.mpid === undefined || profile.mpid.length === 0
        ? ProfileSkipReason.missingMpid
        : ProfileSkipReason.invalidMpid;
    let identityData: RoktNameValue[] | undefined;
    if (mpid !== undefined) {
      identityData = [{ name: 'mpid', value: mpid }];
      if (email !== undefined)
        identityData.push({ name: emailHashed ? 'emailsha256' : 'email', value: email });
      if (mobile !== undefined) {
        identityData.push({ name: mobileHashed ? 'mobilesha256' : 'mobile', value: mobile });
      }
    }

    for (let index = 0; index < audiences.length; index++) {
      const audience = audiences[index]!;
      const plan = planFor(audience);
      const action = audience.action;
      if (email !== undefined) {
        if (action === 'add') (emailHashed ? plan.includeHashes : plan.includeEmails).push(email);
        else if (action === 'delete') (emailHashed ? plan.excludeHashes : plan.excludeEmails).push(email);
      }
      if (identityData === undefined || mpid === undefined) {
        plan.skip(noMpidReason);
        continue;
      }
      let objectData: readonly RoktNameValue[] = identityData;
      const attributes = audience.user_attributes;
      if (attributes !== undefined && attributes.length > 0) {
        const mapped = mapUserAttributes(attributes, plan.attributes, plan);
        if (mapped.length > 0) objectData = identityData.concat(mapped);
      }
      events.push({
        clientEventId: eventIdOf(mpid, audience.audience_id, action),
        eventType: 'audiencemembershipupdate',
        eventTime,
        objectData,
        metaData: plan.metaData(action),
      });
    }
  }

  const listImports: ListImportGroup[] = [];
  const skipped: SkippedCount[] = [];
  for (const [reason, count] of profileSkips) skipped.push({ reason, count });
  for (const plan of orderedPlans) {
    for (const group of plan.listImports()) listImports.push(group);
    for (const [reason, count] of plan.skips) skipped.push({ reason, count, audienceId: plan.audienceId });
  }
  return { accountId: account.accountId, profiles: profiles.length, listImports, events, skipped };
}
