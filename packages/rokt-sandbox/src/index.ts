export type { FaultOptions, ScriptedFault } from './fault-options.js';
export type { RoktErrorBody, RoktErrorCode } from './rokt-error.js';
export { AUTH_CHECK_PATH, EVENTS_PATH, ROKT_PATHS, SUPPRESSION_PATH } from './rokt-paths.js';
export type { RoktSandbox } from './rokt-sandbox.js';
export type { SandboxCredentials, SandboxOptions } from './sandbox-options.js';
export type {
  AccountState,
  AudienceEventCounts,
  IdentifierKind,
  ListMember,
  ListMembers,
  ListState,
  MembershipAction,
  NameValue,
  RecordedRequest,
  RequestStatistics,
  RoktEvent,
  SandboxState,
} from './sandbox-state.js';
export { DEFAULT_MAX_ADDRESSES_PER_REQUEST, DEFAULT_MAX_BODY_BYTES, startSandbox } from './start-sandbox.js';
