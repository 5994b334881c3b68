/** A source of uniformly distributed numbers in `[0, 1)`. */
export type RandomSource = () => number;

/**
 * Creates a random source: the deterministic mulberry32 generator when a seed is given, so that the
 * same seed always yields the same sequence, otherwise `Math.random`.
 */
export function createRandom(seed?: number): RandomSource {
  if (seed === undefined) {
    return Math.random;
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
