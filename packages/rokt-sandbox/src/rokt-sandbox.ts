import type { FaultOptions, ScriptedFault } from './fault-options.js';
import type {
  ListMembers,
  MembershipAction,
  RecordedRequest,
  RoktEvent,
  SandboxState,
} from './sandbox-state.js';

/** A running Rokt sandbox server, as returned by {@link startSandbox}. */
export interface RoktSandbox {
  /** The base URL (`http://host:port`), to use for both the audience API and the events API. */
  readonly url: string;
  /** The port the server listens on. */
  readonly port: number;
  /** Stops the server, cutting open connections. */
  close(): Promise<void>;
  /** A JSON-serialisable snapshot of accounts, lists, events and request statistics. */
  state(): SandboxState;
  /** Forgets all state, recorded requests, statistics and scripted faults; restarts the fault generator. */
  reset(): void;
  /** Replaces the rate faults (and restarts the fault generator from their seed). */
  setFaults(faults: FaultOptions): void;
  /** The rate faults in force. */
  faults(): FaultOptions;
  /**
   * Replaces the scripted faults. Each is consumed by the first later request to a matching
   * endpoint, in order, before rate faults are considered.
   */
  script(faults: ScriptedFault[]): void;
  /** Recent requests (a bounded ring buffer), oldest first, with the `Authorization` header masked. */
  requests(): RecordedRequest[];
  /** The events stored for an account, in arrival order. */
  eventsFor(accountId: string): RoktEvent[];
  /** The members of one audience list with their kinds (plain email or SHA-256). */
  listMembers(accountId: string, list: string): ListMembers;
  /** The latest `membershipAction` per audience id and mpid, derived from the stored events. */
  memberships(accountId: string): Record<string, Record<string, MembershipAction>>;
}
