import { DEFAULT_MAX_MESSAGE_BYTES, type RawSlice } from './input-record.js';

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const comma = 0x2c;
const newline = 0x0a;

function isWhiteSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * How the top level of the input is laid out: `array` is one JSON array whose elements are the
 * messages; `values` is one or more JSON values one after the other (a pretty-printed object).
 */
export type JsonLayout = 'array' | 'values';

/**
 * Cuts a byte stream into its top-level JSON values without parsing them, so that a huge array
 * is read element by element in bounded memory. A small tokenizer tracks nesting depth, strings
 * and escapes; each slice carries the 1-based line where its value starts. Structural problems (a
 * missing `]`, an empty element, text after the array) are reported as error slices.
 */
export async function* splitJsonValues(
  source: AsyncIterable<Uint8Array>,
  layout: JsonLayout,
  options: { maxMessageBytes?: number } = {},
): AsyncGenerator<RawSlice> {
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const isArray = layout === 'array';
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Array layout: the opening `[` was seen. */
  let opened = false;
  /** Array layout: the closing `]` was seen. */
  let closed = false;
  let trailingReported = false;
  /** Array layout: a `,` was seen and no element has started since. */
  let afterComma = false;
  // The value being collected.
  let inValue = false;
  let valueLine = 0;
  let pieces: Buffer[] = [];
  let collected = 0;
  let oversize = false;
  const out: RawSlice[] = [];

  function finish(chunk: Buffer, start: number, end: number): void {
    const currentLine = valueLine;
    inValue = false;
    if (oversize) {
      oversize = false;
      pieces = [];
      collected = 0;
      out.push({ line: currentLine, error: `message longer than ${maxBytes} bytes` });
      return;
    }
    const tail = chunk.subarray(start, end);
    const bytes = pieces.length === 0 ? tail : Buffer.concat([...pieces, tail]);
    pieces = [];
    collected = 0;
    out.push({ line: currentLine, bytes });
  }

  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let valueStart = 0;
    const length = buffer.length;
    for (let index = 0; index < length; index++) {
      const byte = buffer[index]!;
      if (byte === newline) line += 1;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === backslash) escaped = true;
        else if (byte === quote) inString = false;
        continue;
      }
      if (isWhiteSpace(byte)) {
        // A bare value (not an object or array) at the top of the `values` layout ends at a line end.
        if (byte === newline && !isArray && inValue && depth === 0) finish(buffer, valueStart, index);
        continue;
      }
      if (isArray && !opened) {
        if (byte === openBracket) {
          opened = true;
          depth = 1;
          continue;
        }
      }
      if (closed) {
        if (!trailingReported) {
          trailingReported = true;
          out.push({ line, error: 'unexpected text after the closing ] of the JSON array' });
        }
        continue;
      }
      const topLevel = isArray ? depth === 1 : depth === 0;
      if (isArray && topLevel && (byte === comma || byte === closeBracket)) {
        if (inValue) finish(buffer, valueStart, index);
        else if (byte === comma || afterComma) out.push({ line, error: 'empty element in the JSON array' });
        afterComma = byte === comma;
        if (byte === closeBracket) {
          depth = 0;
          closed = true;
        }
        continue;
      }
      if (!inValue) {
        inValue = true;
        afterComma = false;
        valueLine = line;
        valueStart = index;
        pieces = [];
        collected = 0;
      }
      if (byte === quote) inString = true;
      else if (byte === openBrace || byte === openBracket) depth += 1;
      else if (byte === closeBrace || byte === closeBracket) {
        depth -= 1;
        if (!isArray && depth <= 0) {
          depth = 0;
          finish(buffer, valueStart, index + 1);
        }
      }
    }
    if (inValue && !oversize) {
      const rest = buffer.subarray(valueStart);
      collected += rest.length;
      if (collected > maxBytes) {
        oversize = true;
        pieces = [];
      } else pieces.push(rest);
    }
    if (out.length > 0) {
      yield* out;
      out.length = 0;
    }
  }
  if (inValue) finish(Buffer.alloc(0), 0, 0);
  if (isArray && opened && !closed) out.push({ line, error: 'the JSON array is not closed (missing ])' });
  if (isArray && !opened) out.push({ line, error: 'expected a JSON array' });
  yield* out;
}
