import { DEFAULT_MAX_MESSAGE_BYTES, type RawSlice } from './input-record.js';

const newline = 0x0a;
const carriageReturn = 0x0d;

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== carriageReturn && byte !== newline) return false;
  }
  return true;
}

/**
 * Cuts a byte stream into lines (NDJSON), one slice per non-blank line with its 1-based line
 * number. A trailing `\r` is removed. Memory is bounded by the longest line: a line longer than
 * `maxMessageBytes` is reported as an error and skipped.
 */
export async function* splitNdjson(
  source: AsyncIterable<Uint8Array>,
  options: { maxMessageBytes?: number } = {},
): AsyncGenerator<RawSlice> {
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversize = false;
  let line = 1;

  function take(tail: Buffer): RawSlice | undefined {
    const currentLine = line;
    if (oversize) {
      oversize = false;
      pending = [];
      pendingBytes = 0;
      return { line: currentLine, error: `message longer than ${maxBytes} bytes` };
    }
    let bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    pending = [];
    pendingBytes = 0;
    if (bytes.length > maxBytes) return { line: currentLine, error: `message longer than ${maxBytes} bytes` };
    if (bytes.length > 0 && bytes[bytes.length - 1] === carriageReturn) bytes = bytes.subarray(0, -1);
    if (isBlank(bytes)) return undefined;
    return { line: currentLine, bytes };
  }

  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let start = 0;
    for (let end = buffer.indexOf(newline, start); end !== -1; end = buffer.indexOf(newline, start)) {
      const slice = take(buffer.subarray(start, end));
      if (slice) yield slice;
      line += 1;
      start = end + 1;
    }
    if (start < buffer.length && !oversize) {
      const rest = buffer.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > maxBytes) {
        oversize = true;
        pending = [];
      } else pending.push(rest);
    }
  }
  if (pending.length > 0 || oversize) {
    const slice = take(Buffer.alloc(0));
    if (slice) yield slice;
  }
}
