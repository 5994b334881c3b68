import { assertPositiveInteger } from './chunk-by-count.js';

/** Limits of {@link chunkByBytes}. */
export interface ChunkByBytesOptions<T> {
  /** Most items per chunk. */
  maxItems: number;
  /** Most bytes per chunk: `overheadBytes` plus the `sizeOf` of each item. */
  maxBytes: number;
  /** Bytes one item adds to a chunk (include any separator, e.g. the comma of a JSON array). */
  sizeOf: (item: T) => number;
  /** Fixed bytes of every chunk (the envelope around the items). Default `0`. */
  overheadBytes?: number;
}

/**
 * Splits items into consecutive chunks, lazily and in order, each holding at most `maxItems` items
 * and at most `maxBytes` bytes (`overheadBytes` + the sum of `sizeOf`). An item too large to fit
 * even alone is yielded as a chunk of its own (the only chunk that can exceed `maxBytes`), so
 * that the caller decides what to do with it. `sizeOf` is called once per item.
 *
 * @throws RangeError when `maxItems` or `maxBytes` is not an integer ≥ 1.
 */
export function* generateChunksByBytes<T>(
  items: Iterable<T>,
  options: ChunkByBytesOptions<T>,
): Generator<T[], void, undefined> {
  const { maxItems, maxBytes, sizeOf } = options;
  const overheadBytes = options.overheadBytes ?? 0;
  assertPositiveInteger('maxItems', maxItems);
  assertPositiveInteger('maxBytes', maxBytes);
  let chunk: T[] = [];
  let bytes = overheadBytes;
  for (const item of items) {
    const size = sizeOf(item);
    if (chunk.length > 0 && (chunk.length === maxItems || bytes + size > maxBytes)) {
      yield chunk;
      chunk = [];
      bytes = overheadBytes;
    }
    chunk.push(item);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Splits items into consecutive chunks capped in both items and bytes; see
 * {@link generateChunksByBytes}.
 */
export function chunkByBytes<T>(items: readonly T[], options: ChunkByBytesOptions<T>): T[][] {
  return Array.from(generateChunksByBytes(items, options));
}

/** The UTF-8 size of a value serialised as JSON. */
export function jsonByteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}
