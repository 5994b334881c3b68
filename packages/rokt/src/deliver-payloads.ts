import { ErrorCode, ForwarderError, HttpError, NetworkError } from '@forwarder/core';
import type { DeliveryFailure, DeliveryReportBuilder, IntegrationLogger } from '@forwarder/integration';
import {
  ClientClosedError,
  type HttpClient,
  type HttpResponse,
  readPartnerError,
} from '@forwarder/transport';
import { ROKT_EVENTS_API_VERSION, ROKT_PATHS, type RoktDeliveryConfig } from './delivery-config.js';
import type { ListImportGroup, RoktEvent, RoktPayloads } from './payload-types.js';

/** What {@link deliverRoktPayloads} needs besides the payloads. */
export interface RoktDeliveryContext {
  /** Client of the audience API (list imports). */
  audienceClient: HttpClient;
  /** Client of the events API. */
  eventsClient: HttpClient;
  /** Batch sizes. */
  config: RoktDeliveryConfig;
  /** Receives every outcome. */
  report: DeliveryReportBuilder;
  /** Most requests of this message in flight at once. */
  concurrency: number;
  /** True once Rokt rejected these credentials (in this message or an earlier one). */
  isSuspended(): boolean;
  /** Records that Rokt rejected the credentials (401/403). */
  suspend(): void;
  /** Cancels the delivery: what is not yet sent fails as `aborted`. */
  signal?: AbortSignal | undefined;
  logger: IntegrationLogger;
}

type Batch =
  | { kind: 'list'; group: ListImportGroup; start: number; end: number }
  | { kind: 'events'; start: number; end: number };

/** A failure of a whole batch, before it is spread over its audiences. */
type BatchFailure = Omit<DeliveryFailure, 'count' | 'audienceId'> & { authenticationFailure?: boolean };

const eventsHeaders = Object.freeze({ 'rokt-version': ROKT_EVENTS_API_VERSION });

function* batchesOf(payloads: RoktPayloads, config: RoktDeliveryConfig): Generator<Batch> {
  for (const group of payloads.listImports) {
    const size = group.identifiers.length;
    for (let start = 0; start < size; start += config.addressesPerRequest) {
      yield { kind: 'list', group, start, end: Math.min(size, start + config.addressesPerRequest) };
    }
  }
  const events = payloads.events.length;
  for (let start = 0; start < events; start += config.eventsPerRequest) {
    yield { kind: 'events', start, end: Math.min(events, start + config.eventsPerRequest) };
  }
}

/** Describes a request failure for the report: reason code, Rokt's own code and message, retryability. */
export function describeRequestFailure(error: unknown): BatchFailure {
  if (HttpError.isHttpError(error)) {
    const partner = readPartnerError(error.body);
    const attempts = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
    const detail = partner.message ?? 'no message';
    return {
      reason: `http_${error.status}`,
      message: `Rokt answered HTTP ${error.status}${partner.code ? ` ${partner.code}` : ''}${attempts}: ${detail}`,
      status: error.status,
      ...(partner.code === undefined ? {} : { partnerCode: partner.code }),
      retryable: error.isRetryable,
      authenticationFailure: error.isAuthenticationFailure,
    };
  }
  if (NetworkError.isNetworkError(error)) {
    return {
      reason: error.code === ErrorCode.TIMEOUT ? 'timeout' : 'network_error',
      message: error.message,
      retryable: true,
    };
  }
  if (ClientClosedError.isClientClosedError(error)) {
    return {
      reason: 'client_closed',
      message: 'Not sent: the HTTP client is shutting down',
      retryable: true,
    };
  }
  if (ForwarderError.isInstance(error) && error.code === ErrorCode.ABORTED) {
    return { reason: 'aborted', message: 'Not sent: the delivery was cancelled', retryable: true };
  }
  return {
    reason: 'unexpected_error',
    message: error instanceof Error ? error.message : String(error),
    retryable: false,
  };
}

const suspendedFailure: BatchFailure = {
  reason: 'suspended',
  message:
    'Not sent: Rokt rejected these credentials for this account (401/403); nothing is sent until they change',
  retryable: false,
};

const abortedFailure: BatchFailure = {
  reason: 'aborted',
  message: 'Not sent: the delivery was cancelled',
  retryable: true,
};

/** Counts the events of `events[start, end)` per audience id (from their shared `metaData`). */
function countByAudience(events: readonly RoktEvent[], start: number, end: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let index = start; index < end; index++) {
    const audienceId = events[index]!.metaData[0]!.value;
    counts.set(audienceId, (counts.get(audienceId) ?? 0) + 1);
  }
  return counts;
}

interface UnprocessedRecord {
  code: string;
  message: string;
}

/** Reads `data.unprocessedRecords` of a 200 answer, keyed by lowercased `clientEventId`. */
export function readUnprocessedRecords(body: unknown): {
  byEventId: Map<string, UnprocessedRecord>;
  total: number;
} {
  const byEventId = new Map<string, UnprocessedRecord>();
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  const records =
    typeof data === 'object' && data !== null
      ? (data as { unprocessedRecords?: unknown }).unprocessedRecords
      : undefined;
  if (!Array.isArray(records)) return { byEventId, total: 0 };
  for (const entry of records as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { error, record } = entry as { error?: { code?: unknown; message?: unknown }; record?: unknown };
    const id =
      typeof record === 'object' && record !== null
        ? (record as { clientEventId?: unknown }).clientEventId
        : undefined;
    if (typeof id !== 'string') continue;
    byEventId.set(id.toLowerCase(), {
      code: typeof error?.code === 'string' ? error.code : 'UnknownError',
      message: typeof error?.message === 'string' ? error.message : 'Rokt did not process the event',
    });
  }
  return { byEventId, total: records.length };
}

/**
 * Sends the payloads of one message: list imports in requests of at most `addressesPerRequest`
 * addresses, events in requests of at most `eventsPerRequest`, up to `concurrency` at a time.
 * Every item ends in the report as delivered or failed (with reason). A 401/403 suspends the
 * credentials: requests not yet sent fail as `suspended`. Never rejects for a delivery failure.
 */
export async function deliverRoktPayloads(
  payloads: RoktPayloads,
  context: RoktDeliveryContext,
): Promise<void> {
  const { report, config, signal } = context;
  const { events, accountId } = payloads;
  const batches = batchesOf(payloads, config);

  const failList = (group: ListImportGroup, count: number, failure: BatchFailure): void => {
    const { authenticationFailure: _, ...rest } = failure;
    report.fail({ ...rest, count, audienceId: group.audienceId });
  };
  const failEvents = (start: number, end: number, failure: BatchFailure): void => {
    const { authenticationFailure: _, ...rest } = failure;
    for (const [audienceId, count] of countByAudience(events, start, end)) {
      report.fail({ ...rest, count, audienceId: Number(audienceId) });
    }
  };
  const failBatch = (batch: Batch, failure: BatchFailure): void => {
    if (batch.kind === 'list') failList(batch.group, batch.end - batch.start, failure);
    else failEvents(batch.start, batch.end, failure);
  };
  const onRequestError = (batch: Batch, error: unknown): void => {
    const failure = describeRequestFailure(error);
    if (failure.reason !== 'aborted' && failure.reason !== 'client_closed') report.request();
    if (failure.authenticationFailure) {
      context.suspend();
      report.suspend();
    }
    failBatch(batch, failure);
  };
  const requestOptions = (headers?: Record<string, string>) => ({
    ...(headers === undefined ? {} : { headers }),
    ...(signal === undefined ? {} : { signal }),
  });

  const sendList = async (batch: Extract<Batch, { kind: 'list' }>): Promise<void> => {
    const { group, start, end } = batch;
    const identifiers =
      start === 0 && end === group.identifiers.length
        ? group.identifiers
        : group.identifiers.slice(start, end);
    const body = `{"accountId":${JSON.stringify(accountId)},"list":${JSON.stringify(group.list)},"action":"${group.action}","${group.field}":${JSON.stringify(identifiers)}}`;
    try {
      await context.audienceClient.postRaw(ROKT_PATHS.listImport, body, requestOptions());
    } catch (error) {
      onRequestError(batch, error);
      return;
    }
    report.request();
    report.deliver(group.action === 'include' ? 'included' : 'excluded', end - start, group.audienceId);
  };

  const sendEvents = async (batch: Extract<Batch, { kind: 'events' }>): Promise<void> => {
    const { start, end } = batch;
    const body = JSON.stringify({ accountId, events: events.slice(start, end) });
    let response: HttpResponse;
    try {
      response = await context.eventsClient.postRaw(ROKT_PATHS.events, body, requestOptions(eventsHeaders));
    } catch (error) {
      onRequestError(batch, error);
      return;
    }
    report.request();
    const unprocessed = readUnprocessedRecords(response.body);
    if (unprocessed.total === 0) {
      for (const [audienceId, count] of countByAudience(events, start, end)) {
        report.deliver('events', count, Number(audienceId));
      }
      return;
    }
    const delivered = new Map<string, number>();
    const failed = new Map<string, { audienceId: number; record: UnprocessedRecord; count: number }>();
    for (let index = start; index < end; index++) {
      const event = events[index]!;
      const audienceId = event.metaData[0]!.value;
      const record = unprocessed.byEventId.get(event.clientEventId);
      if (record === undefined) {
        delivered.set(audienceId, (delivered.get(audienceId) ?? 0) + 1);
        continue;
      }
      const key = `${audienceId}\n${record.code}\n${record.message}`;
      const entry = failed.get(key);
      if (entry === undefined) failed.set(key, { audienceId: Number(audienceId), record, count: 1 });
      else entry.count += 1;
    }
    // Records that name no event sent still stand for events Rokt did not process: they are
    // taken off the delivered count (audience by audience, in order) and reported as failed.
    let unidentified = unprocessed.total - [...failed.values()].reduce((sum, entry) => sum + entry.count, 0);
    for (const [audienceId, count] of delivered) {
      const unmatched = Math.min(unidentified, count);
      unidentified -= unmatched;
      report.deliver('events', count - unmatched, Number(audienceId));
      if (unmatched > 0) {
        report.fail({
          reason: 'unprocessed',
          message: `Rokt did not process ${unmatched === 1 ? 'an event' : `${unmatched} events`} it did not identify (an unprocessed record without a known clientEventId)`,
          count: unmatched,
          status: response.status,
          retryable: false,
          audienceId: Number(audienceId),
        });
      }
    }
    for (const { audienceId, record, count } of failed.values()) {
      report.fail({
        reason: 'unprocessed',
        message: `Rokt did not process ${count === 1 ? 'an event' : `${count} events`}: ${record.code}: ${record.message}`,
        count,
        status: response.status,
        partnerCode: record.code,
        retryable: false,
        audienceId,
      });
    }
  };

  const worker = async (): Promise<void> => {
    for (let next = batches.next(); !next.done; next = batches.next()) {
      const batch = next.value;
      if (context.isSuspended()) failBatch(batch, suspendedFailure);
      else if (signal?.aborted) failBatch(batch, abortedFailure);
      else if (batch.kind === 'list') await sendList(batch);
      else await sendEvents(batch);
    }
  };
  const workers = Math.max(1, context.concurrency);
  await Promise.all(Array.from({ length: workers }, worker));
}
