/** Object keys that could reach an object's prototype if the parsed value were merged somewhere. */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** The outcome of {@link parseJsonSafely}: the value, or what is wrong (`syntax`: not JSON at all). */
export type SafeJsonResult =
  | { ok: true; value: unknown }
  | { ok: false; error: string; kind: 'syntax' | 'forbidden_key' };

class ForbiddenKeyError extends Error {}

function rejectForbiddenKeys(key: string, value: unknown): unknown {
  if (forbiddenKeys.has(key)) throw new ForbiddenKeyError(`forbidden object key "${key}"`);
  return value;
}

/**
 * Parses JSON text, refusing any object key named `__proto__`, `constructor` or `prototype` (also
 * when written with `\u` escapes), so that a parsed message can never tamper with prototypes.
 * Never throws.
 */
export function parseJsonSafely(text: string): SafeJsonResult {
  const suspicious =
    text.includes('__proto__') ||
    text.includes('constructor') ||
    text.includes('prototype') ||
    text.includes('\\u');
  try {
    return { ok: true, value: suspicious ? JSON.parse(text, rejectForbiddenKeys) : JSON.parse(text) };
  } catch (error) {
    if (error instanceof ForbiddenKeyError) return { ok: false, error: error.message, kind: 'forbidden_key' };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `unreadable JSON: ${reason.slice(0, 200)}`, kind: 'syntax' };
  }
}
