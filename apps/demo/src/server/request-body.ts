import { isUtf8 } from 'node:buffer';
import { parseJsonSafely } from '../input/safe-json-parse.js';
import { HttpProblem } from './error-reply.js';

/**
 * How deeply a JSON body may nest. A Firehose message nests about six levels; anything far deeper
 * is refused, so that a body which parses cannot exhaust the stack later (when it is written to
 * the queue, for instance).
 */
export const MAX_JSON_DEPTH = 64;

/** The 1-based line of the first invalid UTF-8 sequence in `bytes` (which is not valid UTF-8). */
function firstInvalidLine(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    const slice = bytes.subarray(start, end === -1 ? bytes.length : end);
    if (!isUtf8(slice) || end === -1) return line;
    line += 1;
    start = end + 1;
  }
}

/**
 * The text of a request body, refusing (400 `INVALID_UTF8`, naming the line) bytes that are not
 * UTF-8, rather than letting them turn into replacement characters that would then be forwarded.
 */
export function utf8Body(bytes: Buffer): string {
  if (!isUtf8(bytes)) {
    throw new HttpProblem(
      400,
      'INVALID_UTF8',
      `The body is not valid UTF-8 (line ${firstInvalidLine(bytes)}); send UTF-8 text`,
    );
  }
  return bytes.toString('utf8');
}

/** Whether a charset parameter of a `Content-Type` header, if any, names UTF-8. */
export function isUtf8ContentType(contentType: string | undefined): boolean {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match === null || /^utf-?8$/i.test(match[1]!);
}

/** The top-level key (or index) under which `value` nests deeper than `limit`, if it does. */
function tooDeep(value: unknown, limit: number): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: { node: object; depth: number; top: string }[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: 2, top: key });
  }
  while (stack.length > 0) {
    const { node, depth, top } = stack.pop()!;
    if (depth > limit) return top;
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1, top });
    }
  }
  return undefined;
}

/**
 * Parses a JSON request body with the same rules as `forwarder sync` reads its input: UTF-8 only,
 * no `__proto__`, `constructor` or `prototype` keys (escaped or not), and at most
 * {@link MAX_JSON_DEPTH} levels of nesting. Every refusal is a 400 whose message says what is
 * wrong and where.
 */
export function parseJsonBody(bytes: Buffer): unknown {
  const text = utf8Body(bytes);
  if (text.trim() === '')
    throw new HttpProblem(400, 'INVALID_JSON', 'The body is empty; a JSON value was expected');
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) {
    throw new HttpProblem(400, 'INVALID_JSON', `The body is not usable JSON: ${parsed.error}`);
  }
  const where = tooDeep(parsed.value, MAX_JSON_DEPTH);
  if (where !== undefined) {
    throw new HttpProblem(
      400,
      'INVALID_JSON',
      `The body nests deeper than ${MAX_JSON_DEPTH} levels (under "${where.slice(0, 60)}")`,
    );
  }
  return parsed.value;
}
