import {
  emailProblem,
  isUuid,
  mobileProblem,
  normalisedTextProblem,
  rfc3339Milliseconds,
  sha256Problem,
} from './identifiers.js';
import type { MembershipAction, NameValue, RoktEvent } from './sandbox-state.js';
import {
  checkKnownKeys,
  IssueList,
  isJsonObject,
  nonEmptyStringProblem,
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
const MEMBERSHIP_ACTIONS: ReadonlySet<string> = new Set(['add', 'delete', 'attribute_update']);
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

/** Adds an issue at `${where}.${field}` unless `value` is a non-empty string; returns it when it is one. */
function readString(value: unknown, where: string, field: string, issues: IssueList): string | undefined {
  const problem = nonEmptyStringProblem(value);
  if (problem === undefined) return value as string;
  issues.add(`${where}.${field}`, problem);
  return undefined;
}

/** Above this many accepted entries, repeated names are found with a set rather than a scan. */
const SCANNED_ENTRIES = 16;

function hasName(pairs: readonly string[], name: string): boolean {
  for (let index = 0; index < pairs.length; index += 2) {
    if (pairs[index] === name) return true;
  }
  return false;
}

/**
 * Checks an array of `{name, value}` entries and returns the accepted ones as flat
 * `[name, value, name, value, …]` pairs, in order. Paths are worded only when an issue is found.
 */
function readEntries(value: unknown, where: string, issues: IssueList): string[] {
  const pairs: string[] = [];
  if (value === undefined) {
    issues.add(where, 'is missing');
    return pairs;
  }
  if (!Array.isArray(value)) {
    issues.add(where, 'must be an array of {name, value}');
    return pairs;
  }
  let names: Set<string> | undefined;
  for (let index = 0; index < value.length; index += 1) {
    const entry: unknown = value[index];
    if (!isJsonObject(entry)) {
      issues.add(`${where}[${index}]`, 'must be an object {name, value}');
      continue;
    }
    // The same keys, in the same order, as Object.keys gives, without allocating an array per entry.
    for (const key in entry) {
      if (key !== 'name' && key !== 'value' && Object.hasOwn(entry, key)) {
        issues.add(`${where}[${index}]."${key}"`, 'is not a known field');
      }
    }
    const nameProblem = nonEmptyStringProblem(entry.name);
    if (nameProblem !== undefined) issues.add(`${where}[${index}].name`, nameProblem);
    const name = nameProblem === undefined ? (entry.name as string) : undefined;
    const valueProblem = nonEmptyStringProblem(entry.value);
    if (valueProblem !== undefined) {
      const label = name === undefined ? `${where}[${index}]` : `${where}[${index}] ("${name}")`;
      issues.add(`${label}.value`, valueProblem);
    }
    if (name === undefined || valueProblem !== undefined) continue;
    if (names === undefined && pairs.length >= 2 * SCANNED_ENTRIES) {
      names = new Set();
      for (let pair = 0; pair < pairs.length; pair += 2) names.add(pairs[pair] as string);
    }
    if (names === undefined ? hasName(pairs, name) : names.has(name)) {
      issues.add(`${where}[${index}] ("${name}").name`, 'appears more than once');
      continue;
    }
    pairs.push(name, entry.value as string);
    names?.add(name);
  }
  return pairs;
}

/** The value of the first pair named `name`, if any. */
function pairValue(pairs: readonly string[], name: string): string | undefined {
  for (let index = 0; index < pairs.length; index += 2) {
    if (pairs[index] === name) return pairs[index + 1];
  }
  return undefined;
}

function mpidProblem(value: string): string | undefined {
  return MPID.test(value) ? undefined : 'is not an integer mpid';
}

/** An objectData name with a rule for its value, and its bit in the set of names present. */
interface CheckedName {
  readonly check: (value: string) => string | undefined;
  readonly bit: number;
}

/** The plain objectData names that have a hashed form `<name>sha256`, with the rule of the plain value. */
const HASHABLE_NAMES: readonly (readonly [name: string, check: (value: string) => string | undefined])[] = [
  ['email', emailProblem],
  ['mobile', mobileProblem],
  ['firstname', normalisedTextProblem],
  ['lastname', normalisedTextProblem],
  ['zip', normalisedTextProblem],
];
const MPID_BIT = 1;
const plainBit = (index: number) => 1 << (1 + 2 * index);
const hashedBit = (index: number) => 1 << (2 + 2 * index);
const CHECKED_NAMES: ReadonlyMap<string, CheckedName> = new Map<string, CheckedName>([
  ['mpid', { check: mpidProblem, bit: MPID_BIT }],
  ...HASHABLE_NAMES.flatMap(([name, check], index): [string, CheckedName][] => [
    [name, { check, bit: plainBit(index) }],
    [`${name}sha256`, { check: sha256Problem, bit: hashedBit(index) }],
  ]),
]);

/** Whether a name starts with `rokt.` in any case (only names starting with `r` or `R` can). */
function isReservedName(name: string): boolean {
  const first = name.charCodeAt(0);
  return (first === 0x72 || first === 0x52) && name.toLowerCase().startsWith('rokt.');
}

function checkObjectData(pairs: readonly string[], where: string, issues: IssueList): void {
  let present = 0;
  for (let index = 0; index < pairs.length; index += 2) {
    const name = pairs[index] as string;
    if (isReservedName(name)) {
      issues.add(`${where} "${name}"`, 'uses the "rokt." prefix reserved by Rokt');
    } else if (name.startsWith('$')) {
      issues.add(`${where} "${name}"`, 'must be sent without its leading "$"');
    } else {
      const checked = CHECKED_NAMES.get(name);
      if (checked === undefined) continue;
      present |= checked.bit;
      const problem = checked.check(pairs[index + 1] as string);
      if (problem !== undefined) issues.add(`${where} "${name}" value`, problem);
    }
  }
  if ((present & MPID_BIT) === 0) issues.add(where, 'has no "mpid" entry');
  HASHABLE_NAMES.forEach(([name], index) => {
    const both = plainBit(index) | hashedBit(index);
    if ((present & both) === both) issues.add(where, `carries both "${name}" and "${name}sha256"`);
  });
}

/** Validates one event of a `/v2/events` request; `where` names it in messages (e.g. `events[3]`). */
export function validateEvent(value: unknown, where: string): ValidationResult<AcceptedEvent> {
  if (!isJsonObject(value)) {
    return { ok: false, message: `${where} must be a JSON object` };
  }
  const issues = new IssueList();
  checkKnownKeys(value, EVENT_KEYS, where, issues);
  const clientEventId = readString(value.clientEventId, where, 'clientEventId', issues);
  if (clientEventId !== undefined && !isUuid(clientEventId)) {
    issues.add(`${where}.clientEventId`, 'is not a UUID');
  }
  const eventType = readString(value.eventType, where, 'eventType', issues);
  const eventTime = readString(value.eventTime, where, 'eventTime', issues);
  const timeMs = eventTime === undefined ? undefined : rfc3339Milliseconds(eventTime);
  if (eventTime !== undefined && timeMs === undefined) {
    issues.add(`${where}.eventTime`, 'is not an RFC 3339 date-time');
  }
  const objectData = readEntries(value.objectData, `${where}.objectData`, issues);
  if (Array.isArray(value.objectData)) checkObjectData(objectData, `${where}.objectData`, issues);
  const metaData = readEntries(value.metaData, `${where}.metaData`, issues);
  const audienceId = pairValue(metaData, 'audienceId');
  const membershipAction = pairValue(metaData, 'membershipAction');
  if (Array.isArray(value.metaData)) {
    if (audienceId === undefined) issues.add(`${where}.metaData`, 'has no "audienceId" entry');
    if (membershipAction === undefined) {
      issues.add(`${where}.metaData`, 'has no "membershipAction" entry');
    } else if (!MEMBERSHIP_ACTIONS.has(membershipAction)) {
      issues.add(`${where}.metaData "membershipAction" value`, 'must be add, delete or attribute_update');
    }
  }
  const mpid = pairValue(objectData, 'mpid');
  if (
    !issues.isEmpty ||
    clientEventId === undefined ||
    eventType === undefined ||
    eventTime === undefined ||
    timeMs === undefined ||
    audienceId === undefined ||
    mpid === undefined
  ) {
    return { ok: false, message: issues.message };
  }
  return {
    ok: true,
    value: {
      // Without issues, every entry was accepted: the arrays as sent are exactly the entries.
      event: {
        clientEventId: clientEventId.toLowerCase(),
        eventType,
        eventTime,
        objectData: value.objectData as NameValue[],
        metaData: value.metaData as NameValue[],
      },
      audienceId,
      membershipAction: membershipAction as MembershipAction,
      mpid,
      timeMs,
    },
  };
}
