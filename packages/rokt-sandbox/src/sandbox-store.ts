import type { AcceptedEvent } from './events-request.js';
import { isLowercaseSha256 } from './identifiers.js';
import type { ListImport } from './list-import-request.js';
import type {
  AccountState,
  AudienceEventCounts,
  IdentifierKind,
  ListMembers,
  MembershipAction,
  NameValue,
  RoktEvent,
} from './sandbox-state.js';

/**
 * An event stored compactly: names and repeated values are interned, and the `{name, value}`
 * entries of `objectData` and then `metaData` are flattened into one array
 * `[name, value, name, value, …]`. What the inspection API derives (audience, action, mpid, time)
 * is read back from these entries, so nothing is stored twice.
 */
interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly time: string;
  /** `objectData` then `metaData` entries as `[name, value, …]`. */
  readonly entries: string[];
  /** How many items of `entries` belong to `objectData`. */
  readonly objectDataLength: number;
}

/**
 * The members of one audience list. An identifier's kind follows from the identifier itself: a
 * valid plain address is never a SHA-256 digest and a valid digest never an address.
 */
interface ListRecord {
  readonly included: Set<string>;
  readonly excluded: Set<string>;
}

interface AccountRecord {
  readonly lists: Map<string, ListRecord>;
  /** Stored events by `clientEventId`, in arrival order. */
  readonly events: Map<string, StoredEvent>;
  duplicates: number;
  readonly byAudience: Map<string, AudienceEventCounts>;
  /** The event stored last: the next one usually has the same names and metadata, in the same places. */
  last: StoredEvent | undefined;
}

const MAX_INTERNED = 10_000;

function identifierKind(identifier: string): IdentifierKind {
  return isLowercaseSha256(identifier) ? 'sha256' : 'email';
}

/** The value of the first entry named `name` among `entries[from, to)`. */
function entryValue(entries: readonly string[], from: number, to: number, name: string): string | undefined {
  for (let index = from; index + 1 < to; index += 2) {
    if (entries[index] === name) return entries[index + 1];
  }
  return undefined;
}

function unflatten(entries: readonly string[], from: number, to: number): NameValue[] {
  const result: NameValue[] = [];
  for (let index = from; index + 1 < to; index += 2) {
    result.push({ name: entries[index] ?? '', value: entries[index + 1] ?? '' });
  }
  return result;
}

/** The sandbox's in-memory Rokt state: audience lists and events per account. */
export class SandboxStore {
  readonly #accounts = new Map<string, AccountRecord>();
  readonly #interned = new Map<string, string>();

  #intern(value: string): string {
    const known = this.#interned.get(value);
    if (known !== undefined) return known;
    if (this.#interned.size < MAX_INTERNED) this.#interned.set(value, value);
    return value;
  }

  /** Interns `value`, or takes `known` (an interned string) when it has the same text. */
  #internAt(value: string, known: string | undefined): string {
    return value === known ? known : this.#intern(value);
  }

  #account(accountId: string): AccountRecord {
    let account = this.#accounts.get(accountId);
    if (account === undefined) {
      account = {
        lists: new Map(),
        events: new Map(),
        duplicates: 0,
        byAudience: new Map(),
        last: undefined,
      };
      this.#accounts.set(accountId, account);
    }
    return account;
  }

  /** Applies a list import: `include` adds to included and removes from excluded, `exclude` the reverse. */
  applyListImport(request: ListImport): void {
    const account = this.#account(request.accountId);
    let list = account.lists.get(request.list);
    if (list === undefined) {
      list = { included: new Set(), excluded: new Set() };
      account.lists.set(request.list, list);
    }
    const [addTo, removeFrom] =
      request.action === 'include' ? [list.included, list.excluded] : [list.excluded, list.included];
    const removing = removeFrom.size > 0;
    for (const identifier of request.identifiers) {
      addTo.add(identifier);
      if (removing) removeFrom.delete(identifier);
    }
  }

  /** Stores an event unless one with the same `clientEventId` is stored; returns whether it was new. */
  addEvent(accountId: string, accepted: AcceptedEvent): boolean {
    const account = this.#account(accountId);
    const { event } = accepted;
    if (account.events.has(event.clientEventId)) {
      account.duplicates += 1;
      return false;
    }
    const objectData = event.objectData;
    const metaData = event.metaData;
    const entries = new Array<string>(2 * (objectData.length + metaData.length));
    // Interned strings are taken from the last event where it has the same text in the same place,
    // which spares most lookups in the intern table.
    const last = account.last;
    const lastEntries = last?.entries;
    let at = 0;
    for (const { name, value } of objectData) {
      entries[at] = this.#internAt(name, lastEntries?.[at]);
      entries[at + 1] = value;
      at += 2;
    }
    for (const { name, value } of metaData) {
      entries[at] = this.#internAt(name, lastEntries?.[at]);
      entries[at + 1] = this.#internAt(value, lastEntries?.[at + 1]);
      at += 2;
    }
    const stored: StoredEvent = {
      id: event.clientEventId,
      type: this.#internAt(event.eventType, last?.type),
      time: this.#internAt(event.eventTime, last?.time),
      entries,
      objectDataLength: 2 * objectData.length,
    };
    account.events.set(event.clientEventId, stored);
    account.last = stored;
    let counts = account.byAudience.get(accepted.audienceId);
    if (counts === undefined) {
      counts = { add: 0, delete: 0, attribute_update: 0 };
      account.byAudience.set(this.#intern(accepted.audienceId), counts);
    }
    counts[accepted.membershipAction] += 1;
    return true;
  }

  /** The accounts as JSON-serialisable state; list members are sorted. */
  snapshot(): Record<string, AccountState> {
    return Object.fromEntries(
      Array.from(this.#accounts, ([accountId, account]): [string, AccountState] => [
        accountId,
        {
          lists: Object.fromEntries(
            Array.from(account.lists, ([name, list]) => [
              name,
              { included: [...list.included].sort(), excluded: [...list.excluded].sort() },
            ]),
          ),
          events: {
            count: account.events.size,
            duplicates: account.duplicates,
            byAudience: Object.fromEntries(
              Array.from(account.byAudience, ([audienceId, counts]) => [audienceId, { ...counts }]),
            ),
          },
        },
      ]),
    );
  }

  /** The events stored for an account, in arrival order. */
  eventsFor(accountId: string): RoktEvent[] {
    const events = this.#accounts.get(accountId)?.events.values() ?? [];
    return Array.from(events, (stored) => ({
      clientEventId: stored.id,
      eventType: stored.type,
      eventTime: stored.time,
      objectData: unflatten(stored.entries, 0, stored.objectDataLength),
      metaData: unflatten(stored.entries, stored.objectDataLength, stored.entries.length),
    }));
  }

  /** The members of one audience list with their kinds (empty when the list is unknown). */
  listMembers(accountId: string, list: string): ListMembers {
    const record = this.#accounts.get(accountId)?.lists.get(list);
    const members = (identifiers: Set<string> | undefined) =>
      Array.from(identifiers ?? [], (identifier) => ({ identifier, kind: identifierKind(identifier) }));
    return { included: members(record?.included), excluded: members(record?.excluded) };
  }

  /**
   * The latest `membershipAction` per audience and mpid, from the stored events: latest by
   * `eventTime`, and by arrival among events with the same time.
   */
  memberships(accountId: string): Record<string, Record<string, MembershipAction>> {
    const latest = new Map<string, Map<string, { timeMs: number; action: MembershipAction }>>();
    for (const stored of this.#accounts.get(accountId)?.events.values() ?? []) {
      const { entries, objectDataLength } = stored;
      const audienceId = entryValue(entries, objectDataLength, entries.length, 'audienceId') ?? '';
      const action = entryValue(entries, objectDataLength, entries.length, 'membershipAction');
      const mpid = entryValue(entries, 0, objectDataLength, 'mpid') ?? '';
      const timeMs = Date.parse(stored.time);
      let audience = latest.get(audienceId);
      if (audience === undefined) {
        audience = new Map();
        latest.set(audienceId, audience);
      }
      const previous = audience.get(mpid);
      if (previous === undefined || timeMs >= previous.timeMs) {
        audience.set(mpid, { timeMs, action: action as MembershipAction });
      }
    }
    return Object.fromEntries(
      Array.from(latest, ([audienceId, byMpid]) => [
        audienceId,
        Object.fromEntries(Array.from(byMpid, ([mpid, { action }]) => [mpid, action])),
      ]),
    );
  }

  /** Forgets every account. */
  clear(): void {
    this.#accounts.clear();
    this.#interned.clear();
  }
}
