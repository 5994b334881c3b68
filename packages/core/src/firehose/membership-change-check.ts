/**
 * A hand-written check of the common shape of an `audience_membership_change_request`, used by
 * `parseFirehoseRequest` before zod: when it says yes, the message is returned as it is, with no
 * copy; when it says no (a problem, or anything unusual: an object that is not plain, a
 * `__proto__` key), zod decides and names the problem. So it only has to be stricter than
 * `audienceMembershipChangeRequestSchema`, never looser: a property test holds the two together.
 * Membership changes are the hot path (thousands of profiles a message), and zod's copy of every
 * object of a message was a tenth of the CPU of `forwarder sync`.
 */

type Plain = Record<string, unknown>;

const identityEncodings = new Set(['raw', 'md5', 'sha1', 'sha256']);
const membershipActions = new Set(['add', 'delete', 'attribute_update']);
const attributeActions = new Set(['upsert', 'delete']);
/** The largest time a JavaScript Date can hold, as `messageEnvelopeShape` allows. */
const latestTimestampMs = 8.64e15;

function isPlain(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null) return false;
  return Object.getPrototypeOf(value) === Object.prototype && !Object.hasOwn(value, '__proto__');
}

function isSafeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

/** `z.record(z.string(), z.string())`, optional. */
function isOptionalSettings(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isPlain(value)) return false;
  for (const key in value) if (typeof value[key] !== 'string') return false;
  // zod checks symbol keys too (and refuses them); they never come out of JSON, so leave them to
  // zod. Non-enumerable keys are skipped by both.
  return Object.getOwnPropertySymbols(value).length === 0;
}

/** `z.array(item).optional()`: undefined, or an array whose every element passes `isItem`. */
function isOptionalList(value: unknown, isItem: (item: unknown) => boolean): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index++) if (!isItem(value[index])) return false;
  return true;
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

function isIdentity(identity: unknown): boolean {
  return (
    isPlain(identity) &&
    isNonEmptyString(identity.type) &&
    identityEncodings.has(identity.encoding as string) &&
    typeof identity.value === 'string'
  );
}

function isAttribute(attribute: unknown): boolean {
  return (
    isPlain(attribute) &&
    isOptionalString(attribute.key) &&
    isOptionalString(attribute.value) &&
    (attribute.action === undefined || attributeActions.has(attribute.action as string)) &&
    isOptionalList(attribute.list_value, isString)
  );
}

function isAudience(audience: unknown): boolean {
  return (
    isPlain(audience) &&
    isSafeInteger(audience.audience_id) &&
    typeof audience.audience_name === 'string' &&
    membershipActions.has(audience.action as string) &&
    isOptionalSettings(audience.audience_subscription_settings) &&
    isOptionalList(audience.user_attributes, isAttribute)
  );
}

function isProfile(profile: unknown): boolean {
  return (
    isPlain(profile) &&
    isOptionalString(profile.mpid) &&
    isOptionalList(profile.user_identities, isIdentity) &&
    isOptionalList(profile.device_identities, isIdentity) &&
    isOptionalList(profile.partner_identities, isIdentity) &&
    isOptionalList(profile.audiences, isAudience)
  );
}

/**
 * True when `input` is an `audience_membership_change_request` that zod's schema accepts and would
 * copy unchanged. False says nothing: zod must then decide.
 */
export function isPlainMembershipChange(input: unknown): boolean {
  if (!isPlain(input) || input.type !== 'audience_membership_change_request') return false;
  const timestamp = input.timestamp_ms;
  if (!isNonEmptyString(input.id) || !isNonEmptyString(input.firehose_version)) return false;
  if (!isSafeInteger(timestamp) || timestamp < 0 || timestamp > latestTimestampMs) return false;
  const account = input.account;
  if (!isPlain(account) || !isSafeInteger(account.account_id)) return false;
  if (!isOptionalSettings(account.account_settings)) return false;
  return isOptionalList(input.user_profiles, isProfile);
}
