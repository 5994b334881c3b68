import { ErrorCode, ForwarderError, HttpError, NetworkError } from '@forwarder/core';
import { generateChunksByBytes, jsonByteLength } from './chunk-by-bytes.js';
import { assertPositiveInteger, generateChunksByCount } from './chunk-by-count.js';
import type { HttpClient } from './http-client.js';
import type { HttpResponse } from './http-types.js';

/** One item a partner rejected inside an otherwise successful response. */
export interface ItemFailure {
  /** Index of the item in the batch passed to `itemFailures`. */
  index: number;
  /** The partner's error code. */
  code: string;
  /** The partner's message. */
  message: string;
  /** True if sending the item again may succeed. Default `false` (a rejection is for good). */
  retryable?: boolean;
}

/** Why one item was not delivered. */
export interface BatchItemError {
  /** The partner's code, `HTTP_<status>`, a Forwarder `ErrorCode`, `PAYLOAD_TOO_LARGE` or `UNEXPECTED_ERROR`. */
  code: string;
  /** What happened, in words (never credentials). */
  message: string;
  /** The HTTP status, when there was a response. */
  status?: number;
  /** True if sending the item again later may succeed (network failure, 429 or 5xx after all retries, abort). */
  retryable: boolean;
  /** True if sending it again cannot succeed as it is (4xx, partner rejection, too large). */
  permanent: boolean;
}

/** The result of {@link sendInBatches}: every item is either in `succeeded` or in `failed`, in input order. */
export interface BatchOutcome<Item> {
  /** HTTP requests issued (retries of one request not counted). */
  requests: number;
  /** HTTP attempts made, retries included. */
  attempts: number;
  /** Items delivered. */
  succeeded: Item[];
  /** Items not delivered, each with the reason. */
  failed: Array<{ item: Item; error: BatchItemError }>;
}

/** Settings of {@link sendInBatches}. */
export interface SendInBatchesOptions<Item, Response> {
  /** Path every batch is POSTed to. */
  path: string;
  /** Most items per request. */
  maxItems: number;
  /**
   * Most bytes of a serialised request body. A batch whose body is larger is split in two (and so
   * on); a single item that does not fit fails with `PAYLOAD_TOO_LARGE` and is not sent.
   */
  maxBytes?: number;
  /**
   * Estimated bytes one item adds to a body, used to form batches before serialising (default: its
   * JSON size plus one for a separator). The real body size is still checked against `maxBytes`.
   */
  sizeOf?: (item: Item) => number;
  /** Builds the JSON body of one batch. It is serialised once. */
  buildBody(batch: Item[]): unknown;
  /** Extra headers of every request. */
  headers?: Record<string, string>;
  /**
   * Reads per-item rejections out of a 2xx response (e.g. Rokt's `unprocessedRecords`); the
   * other items of the batch succeed.
   */
  itemFailures?(response: HttpResponse<Response>, batch: Item[]): ItemFailure[];
  /** Cancels the remaining work: items not yet delivered fail with `ABORTED_ERROR`. */
  signal?: AbortSignal;
}

interface ItemResult<Item> {
  index: number;
  item: Item;
  error?: BatchItemError;
}

/**
 * Sends items in batches capped by count (and bytes), up to the client's concurrency at a time,
 * batches formed lazily so that memory stays bounded by the batches in flight. A failing batch
 * fails only its own items; nothing is silently dropped. Never rejects for a delivery failure.
 */
export async function sendInBatches<Item, Response = unknown>(
  client: HttpClient,
  items: Iterable<Item>,
  options: SendInBatchesOptions<Item, Response>,
): Promise<BatchOutcome<Item>> {
  assertPositiveInteger('maxItems', options.maxItems);
  if (options.maxBytes !== undefined) assertPositiveInteger('maxBytes', options.maxBytes);

  const indexed = withIndexes(items);
  const chunks =
    options.maxBytes === undefined
      ? generateChunksByCount(indexed, options.maxItems)
      : generateChunksByBytes(indexed, {
          maxItems: options.maxItems,
          maxBytes: options.maxBytes,
          sizeOf: (entry) => (options.sizeOf ? options.sizeOf(entry.item) : jsonByteLength(entry.item) + 1),
          overheadBytes: envelopeBytes(options),
        });

  const results: ItemResult<Item>[] = [];
  const counters = { requests: 0, attempts: 0 };

  const sendBatch = async (batch: Array<{ index: number; item: Item }>): Promise<void> => {
    const fail = (error: BatchItemError, entries = batch): void => {
      for (const entry of entries) results.push({ ...entry, error });
    };
    if (options.signal?.aborted) return fail(abortedItemError());
    const batchItems = batch.map((entry) => entry.item);
    let body: string;
    try {
      body = JSON.stringify(options.buildBody(batchItems));
    } catch (error) {
      return fail(toItemError(error));
    }
    if (options.maxBytes !== undefined && Buffer.byteLength(body) > options.maxBytes) {
      if (batch.length > 1) {
        const middle = Math.ceil(batch.length / 2);
        await sendBatch(batch.slice(0, middle));
        await sendBatch(batch.slice(middle));
        return;
      }
      return fail({
        code: 'PAYLOAD_TOO_LARGE',
        message: `The item alone makes a body of ${Buffer.byteLength(body)} bytes, over the limit of ${options.maxBytes}`,
        retryable: false,
        permanent: true,
      });
    }

    counters.requests += 1;
    let response: HttpResponse<Response>;
    try {
      response = await client.postRaw<Response>(options.path, body, {
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      counters.attempts += attemptsOf(error);
      return fail(toItemError(error));
    }
    counters.attempts += response.attempts;

    const rejected = new Map<number, BatchItemError>();
    if (options.itemFailures) {
      let failures: ItemFailure[];
      try {
        failures = options.itemFailures(response, batchItems);
      } catch (error) {
        return fail(toItemError(error));
      }
      for (const failure of failures) {
        if (failure.index < 0 || failure.index >= batch.length || rejected.has(failure.index)) continue;
        const retryable = failure.retryable ?? false;
        rejected.set(failure.index, {
          code: failure.code,
          message: failure.message,
          status: response.status,
          retryable,
          permanent: !retryable,
        });
      }
    }
    batch.forEach((entry, position) => {
      const error = rejected.get(position);
      results.push(error ? { ...entry, error } : entry);
    });
  };

  const worker = async (): Promise<void> => {
    for (let next = chunks.next(); !next.done; next = chunks.next()) {
      await sendBatch(next.value);
    }
  };
  await Promise.all(Array.from({ length: client.concurrency }, worker));

  results.sort((left, right) => left.index - right.index);
  const outcome: BatchOutcome<Item> = { ...counters, succeeded: [], failed: [] };
  for (const result of results) {
    if (result.error) outcome.failed.push({ item: result.item, error: result.error });
    else outcome.succeeded.push(result.item);
  }
  return outcome;
}

function* withIndexes<Item>(items: Iterable<Item>): Generator<{ index: number; item: Item }> {
  let index = 0;
  for (const item of items) {
    yield { index, item };
    index += 1;
  }
}

/** Bytes of the body around the items, measured on an empty batch (0 if that cannot be built). */
function envelopeBytes<Item>(options: SendInBatchesOptions<Item, unknown>): number {
  try {
    return jsonByteLength(options.buildBody([]));
  } catch {
    return 0;
  }
}

function abortedItemError(): BatchItemError {
  return {
    code: ErrorCode.ABORTED,
    message: 'Not sent: the operation was aborted',
    retryable: true,
    permanent: false,
  };
}

/** Maps a request failure to the error of each item of the batch. */
function toItemError(error: unknown): BatchItemError {
  if (HttpError.isHttpError(error)) {
    return {
      code: error.partnerCode ?? `HTTP_${error.status}`,
      message: error.message,
      status: error.status,
      retryable: error.isRetryable,
      permanent: !error.isRetryable,
    };
  }
  if (NetworkError.isNetworkError(error)) {
    return { code: error.code, message: error.message, retryable: true, permanent: false };
  }
  if (ForwarderError.isInstance(error) && error.code === ErrorCode.ABORTED) {
    return { code: error.code, message: error.message, retryable: true, permanent: false };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNEXPECTED_ERROR', message, retryable: false, permanent: true };
}

function attemptsOf(error: unknown): number {
  return HttpError.isHttpError(error) || NetworkError.isNetworkError(error) ? error.attempts : 0;
}
