/** One `{name, value}` entry of an event's `objectData` or `metaData`; values are strings. */
export interface RoktNameValue {
  readonly name: string;
  readonly value: string;
}

/** One event of a `POST {events}/v2/events` request. */
export interface RoktEvent {
  /** UUID v5 of message id, mpid, audience id and action: the same on every retry. */
  readonly clientEventId: string;
  /** Always `audiencemembershipupdate`. */
  readonly eventType: 'audiencemembershipupdate';
  /** RFC 3339, from the message's `timestamp_ms`. */
  readonly eventTime: string;
  /** mpid, identities and forwarded attributes. May be shared between events of one profile. */
  readonly objectData: readonly RoktNameValue[];
  /** `audienceId`, `audienceName`, `membershipAction`, in that order. Shared between events of one audience and action. */
  readonly metaData: readonly RoktNameValue[];
}

/** A list import action. */
export type ListImportAction = 'include' | 'exclude';

/** The field a list import carries its addresses in. */
export type ListImportField = 'emails' | 'sha256s';

/**
 * The addresses of one audience list, action and kind, to be sent in one or more
 * `POST {audience}/v3/import/suppression` requests of at most `addressesPerRequest` each.
 */
export interface ListImportGroup {
  /** The audience id (for tallies; not sent). */
  readonly audienceId: number;
  /** The list name: the audience's `audience_name`, exactly. */
  readonly list: string;
  readonly action: ListImportAction;
  /** `emails` for normalised plain addresses, `sha256s` for lowercase hex SHA-256 digests. */
  readonly field: ListImportField;
  /** The addresses, never empty. */
  readonly identifiers: string[];
}

/** A count of items deliberately not sent, for one reason (and one audience, when it concerns one). */
export interface SkippedCount {
  /** A short reason code such as `invalid_email`, `unsupported_hash_md5`, `missing_mpid`. */
  readonly reason: string;
  readonly count: number;
  /** The audience concerned; absent for identity-level skips, which concern the whole profile. */
  readonly audienceId?: number;
}

/** Everything one membership change message turns into, before any HTTP. */
export interface RoktPayloads {
  /** The Rokt account id every body carries. */
  readonly accountId: string;
  /** User profiles in the message. */
  readonly profiles: number;
  /** List import groups, plain and hashed addresses always apart. */
  readonly listImports: ListImportGroup[];
  /** One event per user profile (with an mpid) and audience entry. */
  readonly events: RoktEvent[];
  /** What was left out, and why. */
  readonly skipped: SkippedCount[];
}
