import {
  emailProblem,
  isRfc3339,
  isUuid,
  mobileProblem,
  normalisedTextProblem,
  sha256Problem,
} from './identifiers.js';
import type { MembershipAction, NameValue, RoktEvent } from './sandbox-state.js';
import {
  checkKnownKeys,
  IssueList,
  isJsonObject,
  requireNonEmptyString,
  type ValidationResult,
} from './validation-result.js';

/** The header Rokt's event API requires, and its only accepted value. */
export const ROKT_VERSION_HEADER = 'rokt-version';
/** The `Rokt-Version` value the contract uses. */
export const ROKT_VERSION = '2020-05-21';
/** The most events Rokt accepts in one request. */
export const MAX_EVENTS_PER_REQUEST = 100;

/** A `/v2/events` body whose envelope is valid; its events are still unchecked. */
export interface EventsEnvelope {
  /** The Rokt account id. */
  accountId: string;
  /** The events as sent (1 to 100). */
  events: unknown[];
}

/** One valid event with the fields the sandbox indexes. */
export interface AcceptedEvent {
  /** The event, normalised to a lowercase `clientEventId`. */
  event: RoktEvent;
  /** The `audienceId` metadata. */
  audienceId: string;
  /** The `membershipAction` metadata. */
  membershipAction: MembershipAction;
  /** The `mpid` object data. */
  mpid: string;
  /** `eventTime` in epoch milliseconds. */
  timeMs: number;
}

const ENVELOPE_KEYS = new Set(['accountId', 'events']);
const EVENT_KEYS = new Set(['clientEventId', 'eventType', 'eventTime', 'objectData', 'metaData']);
const ENTRY_KEYS = new Set(['name', 'value']);
const MEMBERSHIP_ACTIONS: ReadonlySet<string> = new Set(['add', 'delete', 'attribute_update']);
const HASHED_NAMES = new Set([
  'emailsha256',
  'mobilesha256',
  'firstnamesha256',
  'lastnamesha256',
  'zipsha256',
]);
const NORMALISED_TEXT_NAMES = new Set(['firstname', 'lastname', 'zip']);
const MPID = /^-?[0-9]+$/;

/** Validates the envelope of a `/v2/events` body: an object with `accountId` and 1 to 100 events. */
export function validateEventsEnvelope(body: unknown): ValidationResult<EventsEnvelope> {
  if (!isJsonObject(body)) {
    return { ok: false, message: 'the body must be a JSON object' };
  }
  const issues = new IssueList();
  checkKnownKeys(body, ENVELOPE_KEYS, '', issues);
  const accountId = requireNonEmptyString(body.accountId, 'accountId', issues);
  const events = body.events;
  if (events === undefined) {
    issues.add('events', 'is missing');
  } else if (!Array.isArray(events)) {
    issues.add('events', 'must be an array');
  } else if (events.length === 0 || events.length > MAX_EVENTS_PER_REQUEST) {
    issues.add('events', `has ${events.length} events; 1 to ${MAX_EVENTS_PER_REQUEST} are allowed`);
  }
  if (!issues.isEmpty || accountId === undefined || !Array.isArray(events)) {
    return { ok: false, message: issues.message };
  }
  return { ok: true, value: { accountId, events } };
}

function readEntries(value: unknown, where: string, issues: IssueList): Map<string, string> {
  const entries = new Map<string, string>();
  if (value === undefined) {
    issues.add(where, 'is missing');
    return entries;
  }
  if (!Array.isArray(value)) {
    issues.add(where, 'must be an array of {name, value}');
    return entries;
  }
  value.forEach((entry: unknown, index) => {
    const at = `${where}[${index}]`;
    if (!isJsonObject(entry)) {
      issues.add(at, 'must be an object {name, value}');
      return;
    }
    checkKnownKeys(entry, ENTRY_KEYS, at, issues);
    const name = requireNonEmptyString(entry.name, `${at}.name`, issues);
    const label = name === undefined ? at : `${at} ("${name}")`;
    const entryValue = requireNonEmptyString(entry.value, `${label}.value`, issues);
    if (name === undefined || entryValue === undefined) return;
    if (entries.has(name)) {
      issues.add(`${label}.name`, 'appears more than once');
      return;
    }
    entries.set(name, entryValue);
  });
  return entries;
}

function checkObjectData(entries: Map<string, string>, where: string, issues: IssueList): void {
  for (const [name, value] of entries) {
    const at = `${where} "${name}"`;
    if (name.toLowerCase().startsWith('rokt.')) {
      issues.add(at, 'uses the "rokt." prefix reserved by Rokt');
    } else if (name.startsWith('$')) {
      issues.add(at, 'must be sent without its leading "$"');
    } else if (name === 'mpid') {
      if (!MPID.test(value)) issues.add(`${at} value`, 'is not an integer mpid');
    } else if (name === 'email') {
      const problem = emailProblem(value);
      if (problem !== undefined) issues.add(`${at} value`, problem);
    } else if (name === 'mobile') {
      const problem = mobileProblem(value);
      if (problem !== undefined) issues.add(`${at} value`, problem);
    } else if (HASHED_NAMES.has(name)) {
      const problem = sha256Problem(value);
      if (problem !== undefined) issues.add(`${at} value`, problem);
    } else if (NORMALISED_TEXT_NAMES.has(name)) {
      const problem = normalisedTextProblem(value);
      if (problem !== undefined) issues.add(`${at} value`, problem);
    }
  }
  if (!entries.has('mpid')) issues.add(where, 'has no "mpid" entry');
  for (const plain of ['email', 'mobile', 'firstname', 'lastname', 'zip']) {
    if (entries.has(plain) && entries.has(`${plain}sha256`)) {
      issues.add(where, `carries both "${plain}" and "${plain}sha256"`);
    }
  }
}

function toNameValues(entries: Map<string, string>): NameValue[] {
  return Array.from(entries, ([name, value]) => ({ name, value }));
}

/** Validates one event of a `/v2/events` request; `where` names it in messages (e.g. `events[3]`). */
export function validateEvent(value: unknown, where: string): ValidationResult<AcceptedEvent> {
  if (!isJsonObject(value)) {
    return { ok: false, message: `${where} must be a JSON object` };
  }
  const issues = new IssueList();
  checkKnownKeys(value, EVENT_KEYS, where, issues);
  const clientEventId = requireNonEmptyString(value.clientEventId, `${where}.clientEventId`, issues);
  if (clientEventId !== undefined && !isUuid(clientEventId)) {
    issues.add(`${where}.clientEventId`, 'is not a UUID');
  }
  const eventType = requireNonEmptyString(value.eventType, `${where}.eventType`, issues);
  const eventTime = requireNonEmptyString(value.eventTime, `${where}.eventTime`, issues);
  if (eventTime !== undefined && !isRfc3339(eventTime)) {
    issues.add(`${where}.eventTime`, 'is not an RFC 3339 date-time');
  }
  const objectData = readEntries(value.objectData, `${where}.objectData`, issues);
  if (Array.isArray(value.objectData)) checkObjectData(objectData, `${where}.objectData`, issues);
  const metaData = readEntries(value.metaData, `${where}.metaData`, issues);
  const audienceId = metaData.get('audienceId');
  const membershipAction = metaData.get('membershipAction');
  if (Array.isArray(value.metaData)) {
    if (audienceId === undefined) issues.add(`${where}.metaData`, 'has no "audienceId" entry');
    if (membershipAction === undefined) {
      issues.add(`${where}.metaData`, 'has no "membershipAction" entry');
    } else if (!MEMBERSHIP_ACTIONS.has(membershipAction)) {
      issues.add(`${where}.metaData "membershipAction" value`, 'must be add, delete or attribute_update');
    }
  }
  const mpid = objectData.get('mpid');
  if (
    !issues.isEmpty ||
    clientEventId === undefined ||
    eventType === undefined ||
    eventTime === undefined ||
    audienceId === undefined ||
    mpid === undefined
  ) {
    return { ok: false, message: issues.message };
  }
  return {
    ok: true,
    value: {
      event: {
        clientEventId: clientEventId.toLowerCase(),
        eventType,
        eventTime,
        objectData: toNameValues(objectData),
        metaData: toNameValues(metaData),
      },
      audienceId,
      membershipAction: membershipAction as MembershipAction,
      mpid,
      timeMs: Date.parse(eventTime),
    },
  };
}
