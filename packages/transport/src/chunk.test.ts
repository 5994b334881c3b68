import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkByBytes, generateChunksByBytes, jsonByteLength } from './chunk-by-bytes.js';
import { chunkByCount } from './chunk-by-count.js';

describe('chunkByCount', () => {
  it('splits in order with a short last chunk', () => {
    expect(chunkByCount([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunkByCount([], 3)).toEqual([]);
    expect(() => chunkByCount([1], 0)).toThrow(RangeError);
  });

  it('keeps every item once, in order, no chunk over size, only the last one short', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 20 }), (items, size) => {
        const chunks = chunkByCount(items, size);
        expect(chunks.flat()).toEqual(items);
        chunks.forEach((chunk, index) => {
          expect(chunk.length).toBeGreaterThan(0);
          if (index < chunks.length - 1) expect(chunk.length).toBe(size);
          else expect(chunk.length).toBeLessThanOrEqual(size);
        });
      }),
    );
  });
});

describe('chunkByBytes', () => {
  it('caps both the items and the bytes of a chunk', () => {
    const sizeOf = (item: string): number => item.length;
    expect(chunkByBytes(['aa', 'bb', 'cc', 'd'], { maxItems: 10, maxBytes: 5, sizeOf })).toEqual([
      ['aa', 'bb'],
      ['cc', 'd'],
    ]);
    expect(chunkByBytes(['a', 'b', 'c'], { maxItems: 2, maxBytes: 100, sizeOf })).toEqual([
      ['a', 'b'],
      ['c'],
    ]);
    expect(chunkByBytes(['a', 'b'], { maxItems: 5, maxBytes: 3, sizeOf, overheadBytes: 2 })).toEqual([
      ['a'],
      ['b'],
    ]);
  });

  it('yields an item too large to fit alone as its own chunk', () => {
    expect(
      chunkByBytes(['a', 'huge!', 'b'], { maxItems: 5, maxBytes: 3, sizeOf: (item) => item.length }),
    ).toEqual([['a'], ['huge!'], ['b']]);
  });

  it('is lazy: it reads the input only as far as the chunks taken', () => {
    let read = 0;
    function* source(): Generator<string> {
      for (let index = 0; index < 1_000_000; index += 1) {
        read += 1;
        yield 'x';
      }
    }
    const chunks = generateChunksByBytes(source(), { maxItems: 3, maxBytes: 100, sizeOf: () => 1 });
    expect(chunks.next().value).toEqual(['x', 'x', 'x']);
    expect(read).toBeLessThanOrEqual(4);
  });

  it('keeps every item once, in order, within both limits (unless a lone item is oversized)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 30, unit: 'grapheme' })),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 20 }),
        (items, maxItems, maxBytes, overheadBytes) => {
          const sizeOf = (item: string): number => jsonByteLength(item) + 1;
          const chunks = chunkByBytes(items, { maxItems, maxBytes, sizeOf, overheadBytes });
          expect(chunks.flat()).toEqual(items);
          for (const [index, chunk] of chunks.entries()) {
            expect(chunk.length).toBeGreaterThan(0);
            expect(chunk.length).toBeLessThanOrEqual(maxItems);
            const bytes = overheadBytes + chunk.reduce((sum, item) => sum + sizeOf(item), 0);
            if (chunk.length > 1) expect(bytes).toBeLessThanOrEqual(maxBytes);
            // greedy: the next item did not fit (by count or bytes) in this chunk
            const following = chunks[index + 1]?.[0];
            if (following !== undefined && chunk.length < maxItems) {
              expect(bytes + sizeOf(following)).toBeGreaterThan(maxBytes);
            }
          }
        },
      ),
    );
  });
});
