/** Object keys that could reach an object's prototype if the parsed value were merged somewhere. */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** The outcome of {@link parseJsonSafely}: the value, or what is wrong (`syntax`: not JSON at all). */
export type SafeJsonResult =
  | { ok: true; value: unknown }
  | { ok: false; error: string; kind: 'syntax' | 'forbidden_key' };

/** Text that may hold a forbidden key, written plainly or with `\u` escapes. */
const suspiciousText = /proto|constructor|\\u/;

class ForbiddenKeyError extends Error {}

function rejectForbiddenKeys(key: string, value: unknown): unknown {
  if (forbiddenKeys.has(key)) throw new ForbiddenKeyError(`forbidden object key "${key}"`);
  return value;
}

/**
 * V8 quotes about ten characters of the text around an unexpected token (`Unexpected token 'S',
 * ..."apiKey": SEKRET"... is not valid JSON`), which would echo part of the input (a secret written
 * without quotes, say) in reports, answers and logs. The quote is replaced by its position.
 */
function withoutQuotedText(reason: string, text: string): string {
  const cut = /, (?:\.\.\.)?"/.exec(reason);
  if (cut === null) return reason;
  const head = reason.slice(0, cut.index);
  const quoted = /^(?:\.\.\.)?"(.*)"(?:\.\.\.)? is not valid JSON$/s.exec(reason.slice(cut.index + 2));
  const index = quoted ? text.indexOf(quoted[1]!) : -1;
  return index === -1 ? head : `${head} near position ${index}`;
}

/**
 * Parses JSON text, refusing any object key named `__proto__`, `constructor` or `prototype` (also
 * when written with `\u` escapes), so that a parsed message can never tamper with prototypes.
 * Never throws.
 */
export function parseJsonSafely(text: string): SafeJsonResult {
  // One pass over the text (a third of the time of four `includes`): `proto` covers `__proto__` and
  // `prototype`, and `\u` any key spelled with escapes. Only then does the slower reviver run.
  const suspicious = suspiciousText.test(text);
  try {
    return { ok: true, value: suspicious ? JSON.parse(text, rejectForbiddenKeys) : JSON.parse(text) };
  } catch (error) {
    if (error instanceof ForbiddenKeyError) return { ok: false, error: error.message, kind: 'forbidden_key' };
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: `unreadable JSON: ${withoutQuotedText(reason, text).slice(0, 200)}`,
      kind: 'syntax',
    };
  }
}
