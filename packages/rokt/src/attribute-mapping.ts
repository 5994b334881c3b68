import type { UserAttribute } from '@forwarder/core';
import { normaliseName, normaliseZip, sha256Hex } from '@forwarder/encoders';
import type { RoktConnectionSettings } from './connection-settings.js';
import type { RoktNameValue } from './payload-types.js';

/** How one connection forwards user attributes, prepared once per audience of a message. */
export interface AttributePlan {
  /** Lowercased keys selected for forwarding; `undefined` forwards every attribute received. */
  readonly selected: ReadonlySet<string> | undefined;
  readonly hashFirstName: boolean;
  readonly hashLastName: boolean;
  readonly hashZip: boolean;
}

/** Receives the reason of each attribute left out. */
export interface AttributeSkipSink {
  skip(reason: string): void;
}

/** Reasons an attribute is left out, as counted in delivery reports. */
export const AttributeSkipReason = Object.freeze({
  /** An entry without a key (Firehose's own examples contain `{}`). */
  withoutKey: 'attribute_without_key',
  /** `action: "delete"`: a removed attribute is not sent. */
  deleted: 'attribute_deleted',
  /** Not in the connection's `forwardedAttributes`. */
  notSelected: 'attribute_not_selected',
  /** No value, or nothing left after normalisation. */
  empty: 'empty_attribute',
  /** Its sent name would be `mpid`, `email`, `emailsha256`, `mobile` or `mobilesha256`. */
  identityClash: 'attribute_identity_clash',
  /** Its sent name would be `firstnamesha256`, `lastnamesha256` or `zipsha256`. */
  nameClash: 'attribute_name_clash',
  /** Its name begins `rokt.`, reserved by Rokt. */
  reserved: 'reserved_attribute',
  /** Another attribute of the same entry already gave that name. */
  duplicate: 'duplicate_attribute',
});

/** Prepares the attribute rules of a connection: a lowercased selection and the hash flags. */
export function createAttributePlan(connection: RoktConnectionSettings): AttributePlan {
  const forwarded = connection.forwardedAttributes;
  return {
    selected: forwarded === undefined ? undefined : new Set(forwarded.map((key) => key.trim().toLowerCase())),
    hashFirstName: connection.hashFirstName,
    hashLastName: connection.hashLastName,
    hashZip: connection.hashZip,
  };
}

const identityNames: ReadonlySet<string> = new Set([
  'mpid',
  'email',
  'emailsha256',
  'mobile',
  'mobilesha256',
]);
const hashedReservedNames: ReadonlySet<string> = new Set(['firstnamesha256', 'lastnamesha256', 'zipsha256']);

function rawValue(attribute: UserAttribute): string | undefined {
  const list = attribute.list_value;
  if (list !== undefined) return list.join(',');
  return attribute.value;
}

/** True when `entries` already has `name`, compared case-insensitively (keys match case-insensitively). */
function hasName(entries: readonly RoktNameValue[], name: string): boolean {
  const lower = name.toLowerCase();
  for (let index = 0; index < entries.length; index++) {
    if (entries[index]!.name.toLowerCase() === lower) return true;
  }
  return false;
}

/**
 * Turns an audience entry's user attributes into `objectData` entries, by these rules:
 * keys match case-insensitively; without a selection every attribute received goes, with one
 * (even empty) only the selected; `action: "delete"` is not sent; `$firstname`, `$lastname` and
 * `$zip` (with or without the `$`, any case) are normalised and sent as `firstname`/`lastname`/`zip`,
 * or hashed as `…sha256` when their hash flag is on; any other attribute `k` goes raw as `k` without
 * its leading `$`, a list value joined with `,`; names beginning `rokt.` and names that would
 * stand in for an identity are dropped. Every attribute left out is reported to `sink`.
 */
export function mapUserAttributes(
  attributes: readonly UserAttribute[],
  plan: AttributePlan,
  sink: AttributeSkipSink,
): RoktNameValue[] {
  const entries: RoktNameValue[] = [];
  for (let index = 0; index < attributes.length; index++) {
    const attribute = attributes[index]!;
    const key = attribute.key;
    if (key === undefined || key.length === 0) {
      sink.skip(AttributeSkipReason.withoutKey);
      continue;
    }
    if (attribute.action === 'delete') {
      sink.skip(AttributeSkipReason.deleted);
      continue;
    }
    const lower = key.toLowerCase();
    if (plan.selected !== undefined && !plan.selected.has(lower)) {
      sink.skip(AttributeSkipReason.notSelected);
      continue;
    }
    const bare = lower.charCodeAt(0) === 0x24 ? lower.slice(1) : lower;
    if (bare.length === 0) {
      sink.skip(AttributeSkipReason.withoutKey);
      continue;
    }
    const value = rawValue(attribute);
    let name: string;
    let sent: string;
    if (bare === 'firstname' || bare === 'lastname' || bare === 'zip') {
      const normalised =
        value === undefined ? '' : bare === 'zip' ? normaliseZip(value) : normaliseName(value);
      if (normalised.length === 0) {
        sink.skip(AttributeSkipReason.empty);
        continue;
      }
      const hashed =
        bare === 'firstname' ? plan.hashFirstName : bare === 'lastname' ? plan.hashLastName : plan.hashZip;
      name = hashed ? `${bare}sha256` : bare;
      sent = hashed ? sha256Hex(normalised) : normalised;
    } else if (identityNames.has(bare)) {
      sink.skip(AttributeSkipReason.identityClash);
      continue;
    } else if (hashedReservedNames.has(bare)) {
      sink.skip(AttributeSkipReason.nameClash);
      continue;
    } else if (bare.startsWith('rokt.')) {
      sink.skip(AttributeSkipReason.reserved);
      continue;
    } else {
      if (value === undefined || value.length === 0) {
        sink.skip(AttributeSkipReason.empty);
        continue;
      }
      name = key.charCodeAt(0) === 0x24 ? key.slice(1) : key;
      sent = value;
    }
    if (hasName(entries, name)) {
      sink.skip(AttributeSkipReason.duplicate);
      continue;
    }
    entries.push({ name, value: sent });
  }
  return entries;
}
