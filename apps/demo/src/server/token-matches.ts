import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Whether `given` equals `expected`, compared in constant time: both are hashed to equal-length
 * digests first, so neither the content nor the length of the secret leaks through timing.
 */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

/** The credential after a scheme word in an `Authorization` header (`Token abc` → `abc`), or `undefined`. */
export function credentialOf(header: string | undefined, scheme: string): string | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(\S+)\s+(.+?)\s*$/.exec(header);
  if (match === null || match[1]!.toLowerCase() !== scheme.toLowerCase()) return undefined;
  return match[2];
}
