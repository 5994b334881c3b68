import type { AcceptedEvent } from './events-request.js';
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

/** An event stored compactly: names and repeated metadata values are interned, pairs are flattened. */
interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly time: string;
  readonly timeMs: number;
  readonly audienceId: string;
  readonly action: MembershipAction;
  readonly mpid: string;
  /** `objectData` as `[name, value, name, value, …]`. */
  readonly objectData: string[];
  /** `metaData` as `[name, value, name, value, …]`. */
  readonly metaData: string[];
}

interface ListRecord {
  readonly included: Map<string, IdentifierKind>;
  readonly excluded: Map<string, IdentifierKind>;
}

interface AccountRecord {
  readonly lists: Map<string, ListRecord>;
  readonly events: StoredEvent[];
  readonly eventIds: Set<string>;
  duplicates: number;
  readonly byAudience: Map<string, AudienceEventCounts>;
}

const MAX_INTERNED = 10_000;

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

  #account(accountId: string): AccountRecord {
    let account = this.#accounts.get(accountId);
    if (account === undefined) {
      account = { lists: new Map(), events: [], eventIds: new Set(), duplicates: 0, byAudience: new Map() };
      this.#accounts.set(accountId, account);
    }
    return account;
  }

  /** Applies a list import: `include` adds to included and removes from excluded, `exclude` the reverse. */
  applyListImport(request: ListImport): void {
    const account = this.#account(request.accountId);
    let list = account.lists.get(request.list);
    if (list === undefined) {
      list = { included: new Map(), excluded: new Map() };
      account.lists.set(request.list, list);
    }
    const [addTo, removeFrom] =
      request.action === 'include' ? [list.included, list.excluded] : [list.excluded, list.included];
    for (const identifier of request.identifiers) {
      addTo.set(identifier, request.kind);
      removeFrom.delete(identifier);
    }
  }

  /** Stores an event unless one with the same `clientEventId` is stored; returns whether it was new. */
  addEvent(accountId: string, accepted: AcceptedEvent): boolean {
    const account = this.#account(accountId);
    const { event } = accepted;
    if (account.eventIds.has(event.clientEventId)) {
      account.duplicates += 1;
      return false;
    }
    account.eventIds.add(event.clientEventId);
    const flatten = (entries: NameValue[], internValues: boolean): string[] =>
      entries.flatMap(({ name, value }) => [this.#intern(name), internValues ? this.#intern(value) : value]);
    account.events.push({
      id: event.clientEventId,
      type: this.#intern(event.eventType),
      time: event.eventTime,
      timeMs: accepted.timeMs,
      audienceId: this.#intern(accepted.audienceId),
      action: accepted.membershipAction,
      mpid: accepted.mpid,
      objectData: flatten(event.objectData, false),
      metaData: flatten(event.metaData, true),
    });
    let counts = account.byAudience.get(accepted.audienceId);
    if (counts === undefined) {
      counts = { add: 0, delete: 0, attribute_update: 0 };
      account.byAudience.set(accepted.audienceId, counts);
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
              { included: [...list.included.keys()].sort(), excluded: [...list.excluded.keys()].sort() },
            ]),
          ),
          events: {
            count: account.events.length,
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
    const account = this.#accounts.get(accountId);
    return (account?.events ?? []).map((stored) => ({
      clientEventId: stored.id,
      eventType: stored.type,
      eventTime: stored.time,
      objectData: unflatten(stored.objectData),
      metaData: unflatten(stored.metaData),
    }));
  }

  /** The members of one audience list with their kinds (empty when the list is unknown). */
  listMembers(accountId: string, list: string): ListMembers {
    const record = this.#accounts.get(accountId)?.lists.get(list);
    const members = (entries: Map<string, IdentifierKind> | undefined) =>
      Array.from(entries ?? [], ([identifier, kind]) => ({ identifier, kind }));
    return { included: members(record?.included), excluded: members(record?.excluded) };
  }

  /**
   * The latest `membershipAction` per audience and mpid, from the stored events: latest by
   * `eventTime`, and by arrival among events with the same time.
   */
  memberships(accountId: string): Record<string, Record<string, MembershipAction>> {
    const latest = new Map<string, Map<string, { timeMs: number; action: MembershipAction }>>();
    for (const stored of this.#accounts.get(accountId)?.events ?? []) {
      let audience = latest.get(stored.audienceId);
      if (audience === undefined) {
        audience = new Map();
        latest.set(stored.audienceId, audience);
      }
      const previous = audience.get(stored.mpid);
      if (previous === undefined || stored.timeMs >= previous.timeMs) {
        audience.set(stored.mpid, { timeMs: stored.timeMs, action: stored.action });
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

function unflatten(pairs: string[]): NameValue[] {
  const entries: NameValue[] = [];
  for (let index = 0; index + 1 < pairs.length; index += 2) {
    entries.push({ name: pairs[index] ?? '', value: pairs[index + 1] ?? '' });
  }
  return entries;
}
