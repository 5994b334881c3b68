/** The `membershipAction` values of audience events. */
export type MembershipAction = 'add' | 'delete' | 'attribute_update';

/** One `{name, value}` entry of an event's `objectData` or `metaData`. */
export interface NameValue {
  /** The entry's name. */
  name: string;
  /** The entry's value, always a string. */
  value: string;
}

/** An event as accepted by the sandbox on `/v2/events`. */
export interface RoktEvent {
  /** The client-chosen UUID that identifies the event (lowercased). */
  clientEventId: string;
  /** The event type, such as `audiencemembershipupdate`. */
  eventType: string;
  /** The RFC 3339 event time, as sent. */
  eventTime: string;
  /** The user profile data. */
  objectData: NameValue[];
  /** The audience data (`audienceId`, `audienceName`, `membershipAction`). */
  metaData: NameValue[];
}

/** Kinds of identifier in a list import. */
export type IdentifierKind = 'email' | 'sha256';

/** One member of an audience list with its kind. */
export interface ListMember {
  /** The identifier as sent: a plain email address or a SHA-256 digest. */
  identifier: string;
  /** Whether it was sent in `emails` or in `sha256s`. */
  kind: IdentifierKind;
}

/** The members of one audience list, with their kinds. */
export interface ListMembers {
  /** Identifiers currently included. */
  included: ListMember[];
  /** Identifiers currently excluded. */
  excluded: ListMember[];
}

/** The state of one audience list in {@link SandboxState}. */
export interface ListState {
  /** Identifiers currently included, sorted. */
  included: string[];
  /** Identifiers currently excluded, sorted. */
  excluded: string[];
}

/** Counts of stored events of one audience, by `membershipAction`. */
export interface AudienceEventCounts {
  /** Stored `add` events. */
  add: number;
  /** Stored `delete` events. */
  delete: number;
  /** Stored `attribute_update` events. */
  attribute_update: number;
}

/** The state of one Rokt account in {@link SandboxState}. */
export interface AccountState {
  /** Audience lists by name. */
  lists: Record<string, ListState>;
  /** Stored events. */
  events: {
    /** Distinct events stored (by `clientEventId`). */
    count: number;
    /** Events received again with a `clientEventId` already stored (not stored twice). */
    duplicates: number;
    /** Stored events by `audienceId`. */
    byAudience: Record<string, AudienceEventCounts>;
  };
}

/** Request statistics in {@link SandboxState}. */
export interface RequestStatistics {
  /** Requests to Rokt endpoints (and unknown paths) since start or reset; inspection requests are not counted. */
  total: number;
  /** Answers by status code; dropped connections count under `dropped`. */
  byStatus: Record<string, number>;
  /** Requests that got an injected fault (including a delay). */
  faultsInjected: number;
}

/** A JSON-serialisable snapshot of the sandbox. */
export interface SandboxState {
  /** Accounts by Rokt account id. */
  accounts: Record<string, AccountState>;
  /** Request statistics. */
  requests: RequestStatistics;
}

/** A request as kept in the request log. */
export interface RecordedRequest {
  /** Sequence number, from 1. */
  id: number;
  /** When the request arrived (ISO 8601). */
  receivedAt: string;
  /** The HTTP method. */
  method: string;
  /** The path and query as requested. */
  path: string;
  /** Request headers, lowercase names; `authorization` is masked. */
  headers: Record<string, string>;
  /** The body as text, cut after 64 KiB. */
  body: string;
  /** The body's full size in bytes. */
  bodyBytes: number;
  /** Whether `body` was cut. */
  bodyTruncated: boolean;
  /** The answered status, or `null` when the connection was dropped. */
  status: number | null;
  /** The Rokt error code answered, if any. */
  errorCode?: string;
  /** The injected fault, if any. */
  fault?: string;
  /** Milliseconds from arrival to answer. */
  durationMs: number;
}
