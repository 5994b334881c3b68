import type { IncomingHttpHeaders } from 'node:http';
import {
  type AcceptedEvent,
  ROKT_VERSION,
  ROKT_VERSION_HEADER,
  validateEvent,
  validateEventsEnvelope,
} from './events-request.js';
import type { FaultPlan } from './fault-injector.js';
import { errorReply, type HttpReply, okReply } from './http-reply.js';
import { validateListImport } from './list-import-request.js';
import { AUTH_CHECK_PATH, EVENTS_PATH, SUPPRESSION_PATH } from './rokt-paths.js';
import type { SandboxStore } from './sandbox-store.js';
import type { ValidationResult } from './validation-result.js';
import { checkKnownKeys, IssueList, isJsonObject, requireNonEmptyString } from './validation-result.js';

/** What a Rokt endpoint handler needs. */
export interface RoktRouteContext {
  /** The parsed JSON body. */
  body: unknown;
  /** The request headers. */
  headers: IncomingHttpHeaders;
  /** The fault planned for this request, if any (only `unprocessed` matters here). */
  fault: FaultPlan | undefined;
  /** The state to read and change. */
  store: SandboxStore;
  /** Whether the credentials may act for an account. */
  isAccountAllowed: (accountId: string) => boolean;
  /** The most addresses per list import. */
  maxAddressesPerRequest: number;
  /** Draws a number in `[0, 1)` from the fault generator. */
  random: () => number;
}

/** A handler of one Rokt endpoint, called once the request passed routing, faults and authentication. */
export type RoktRoute = {
  /** Headers checked before the body is parsed; returns an error reply or `undefined`. */
  checkHeaders?: (headers: IncomingHttpHeaders) => HttpReply | undefined;
  /** Handles the parsed body. */
  handle: (context: RoktRouteContext) => HttpReply;
};

const AUTH_CHECK_KEYS = new Set(['accountId']);

function validationError(message: string): HttpReply {
  return errorReply(400, 'RequestValidationError', message);
}

function forbidden(accountId: string): HttpReply {
  return errorReply(403, 'Forbidden', `The credentials are not allowed to act for account "${accountId}"`);
}

function validateAuthCheck(body: unknown): ValidationResult<string> {
  if (!isJsonObject(body)) return { ok: false, message: 'the body must be a JSON object' };
  const issues = new IssueList();
  checkKnownKeys(body, AUTH_CHECK_KEYS, '', issues);
  const accountId = requireNonEmptyString(body.accountId, 'accountId', issues);
  return issues.isEmpty && accountId !== undefined
    ? { ok: true, value: accountId }
    : { ok: false, message: issues.message };
}

function handleAuthCheck(context: RoktRouteContext): HttpReply {
  const result = validateAuthCheck(context.body);
  if (!result.ok) return validationError(result.message);
  if (!context.isAccountAllowed(result.value)) return forbidden(result.value);
  return okReply({ data: { accountId: result.value } });
}

function handleListImport(context: RoktRouteContext): HttpReply {
  const result = validateListImport(context.body, context.maxAddressesPerRequest);
  if (!result.ok) return validationError(result.message);
  if (!context.isAccountAllowed(result.value.accountId)) return forbidden(result.value.accountId);
  context.store.applyListImport(result.value);
  return okReply({ data: { received: result.value.identifiers.length } });
}

function checkEventHeaders(headers: IncomingHttpHeaders): HttpReply | undefined {
  const version = headers[ROKT_VERSION_HEADER];
  if (version === ROKT_VERSION) return undefined;
  return validationError(
    version === undefined
      ? `the Rokt-Version header is missing; it must be ${ROKT_VERSION}`
      : `the Rokt-Version header must be ${ROKT_VERSION}`,
  );
}

function pickRandomSubset(indexes: number[], random: () => number): Set<number> {
  const picked = new Set(indexes.filter(() => random() < 0.5));
  if (picked.size === 0 && indexes.length > 0) {
    const index = indexes[Math.floor(random() * indexes.length)];
    if (index !== undefined) picked.add(index);
  }
  return picked;
}

/** One entry of `unprocessedRecords`. */
interface UnprocessedRecord {
  error: { code: string; message: string };
  record: unknown;
}

const INTERNAL_ERROR = {
  code: 'InternalError',
  message: 'The event could not be processed, try again later',
};

function handleEvents(context: RoktRouteContext): HttpReply {
  const envelope = validateEventsEnvelope(context.body);
  if (!envelope.ok) return validationError(envelope.message);
  const { accountId, events } = envelope.value;
  if (!context.isAccountAllowed(accountId)) return forbidden(accountId);
  const results = events.map((event, index) => validateEvent(event, `events[${index}]`));
  const planned = context.fault?.unprocessed;
  const failing =
    planned === undefined
      ? undefined
      : planned === 'random'
        ? pickRandomSubset(
            results.flatMap((result, index) => (result.ok ? [index] : [])),
            context.random,
          )
        : new Set(planned);
  const unprocessedRecords: UnprocessedRecord[] = [];
  for (let index = 0; index < results.length; index += 1) {
    const result = results[index] as ValidationResult<AcceptedEvent>;
    if (!result.ok) {
      const error = { code: 'RequestValidationError', message: result.message };
      unprocessedRecords.push({ error, record: events[index] });
    } else if (failing?.has(index)) {
      unprocessedRecords.push({ error: { ...INTERNAL_ERROR }, record: events[index] });
    } else {
      context.store.addEvent(accountId, result.value);
    }
  }
  return okReply({ data: { unprocessedRecords } });
}

/** The Rokt endpoints by path. */
export const ROKT_ROUTES: ReadonlyMap<string, RoktRoute> = new Map<string, RoktRoute>([
  [AUTH_CHECK_PATH, { handle: handleAuthCheck }],
  [SUPPRESSION_PATH, { handle: handleListImport }],
  [EVENTS_PATH, { checkHeaders: checkEventHeaders, handle: handleEvents }],
]);
