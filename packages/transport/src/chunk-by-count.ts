/**
 * Splits items into consecutive chunks of at most `size` items, lazily, keeping their order.
 *
 * @throws RangeError when `size` is not an integer ≥ 1.
 */
export function* generateChunksByCount<T>(items: Iterable<T>, size: number): Generator<T[], void, undefined> {
  assertPositiveInteger('size', size);
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Splits items into consecutive chunks of at most `size` items, keeping their order.
 *
 * @throws RangeError when `size` is not an integer ≥ 1.
 */
export function chunkByCount<T>(items: readonly T[], size: number): T[][] {
  return Array.from(generateChunksByCount(items, size));
}

/** @internal */
export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
}
