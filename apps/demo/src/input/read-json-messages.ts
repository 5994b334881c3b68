import { isUtf8 } from 'node:buffer';
import { DEFAULT_MAX_MESSAGE_BYTES, type InputRecord, type RawSlice } from './input-record.js';
import { splitJsonValues } from './json-value-splitter.js';
import { splitNdjson } from './ndjson-splitter.js';
import { parseJsonSafely } from './safe-json-parse.js';

/** How an input file of Firehose messages is laid out. */
export type MessageFileLayout = 'object' | 'array' | 'ndjson' | 'empty';

/** Options of {@link readJsonMessages}. */
export interface ReadJsonMessagesOptions {
  /** The largest single message, in bytes (default 64 MiB); longer ones are reported and skipped. */
  maxMessageBytes?: number;
  /** Called once the layout is known, before the first record. */
  onLayout?: (layout: MessageFileLayout) => void;
}

const byteOrderMark = Buffer.from([0xef, 0xbb, 0xbf]);

function isWhiteSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}

function stripByteOrderMark(bytes: Buffer): Buffer {
  return bytes.subarray(0, 3).equals(byteOrderMark) ? bytes.subarray(3) : bytes;
}

async function* chain(head: Buffer, rest: AsyncIterator<Uint8Array | string>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield toBuffer(next.value);
}

/**
 * Decides the layout from the first non-white-space byte: `[` is a JSON array; `{` is NDJSON when
 * its first line is a complete object (ends with `}`), else one (pretty-printed) JSON object or
 * several one after another; anything else is read as NDJSON, line by line.
 */
function detectLayout(head: Buffer): { layout: MessageFileLayout; complete: boolean } {
  let first = 0;
  while (first < head.length && isWhiteSpace(head[first]!)) first++;
  if (first === head.length) return { layout: 'empty', complete: false };
  const byte = head[first];
  if (byte === 0x5b) return { layout: 'array', complete: true };
  if (byte !== 0x7b) return { layout: 'ndjson', complete: true };
  const lineEnd = head.indexOf(0x0a, first);
  if (lineEnd === -1) return { layout: 'object', complete: false };
  const firstLine = head.subarray(first, lineEnd).toString('latin1').trimEnd();
  return { layout: firstLine.endsWith('}') ? 'ndjson' : 'object', complete: true };
}

function toRecord(slice: RawSlice): InputRecord {
  if ('error' in slice) return slice;
  if (!isUtf8(slice.bytes)) return { line: slice.line, error: 'invalid UTF-8 in the message' };
  const parsed = parseJsonSafely(slice.bytes.toString('utf8'));
  return parsed.ok ? { line: slice.line, value: parsed.value } : { line: slice.line, error: parsed.error };
}

/**
 * Streams Firehose messages out of a file's bytes: one JSON object, a JSON array of them (read
 * element by element), or NDJSON (one a line; blank lines ignored). A UTF-8 byte order mark is
 * skipped. Each record carries the line where its message starts; unreadable JSON, invalid UTF-8
 * and forbidden keys (`__proto__`, `constructor`, `prototype`) come back as error records, and
 * reading goes on. Memory stays bounded by the largest single message.
 */
export async function* readJsonMessages(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadJsonMessagesOptions = {},
): AsyncGenerator<InputRecord> {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const iterator = source[Symbol.asyncIterator]();
  const headChunks: Buffer[] = [];
  let headBytes = 0;
  let head: Buffer = Buffer.alloc(0);
  let detected: { layout: MessageFileLayout; complete: boolean } = { layout: 'empty', complete: false };
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = toBuffer(next.value);
    headChunks.push(chunk);
    headBytes += chunk.length;
    // Joining is only worth it when the new chunk may decide the layout (it ends a line).
    const worthChecking =
      headChunks.length === 1 || chunk.indexOf(0x0a) !== -1 || headBytes > maxMessageBytes;
    if (!worthChecking || headBytes < 3) continue;
    head = stripByteOrderMark(Buffer.concat(headChunks));
    headChunks.length = 0;
    headChunks.push(head);
    headBytes = head.length;
    detected = detectLayout(head);
    // Stop peeking once decided, or when the first line alone is longer than any message may be.
    if (detected.complete || headBytes > maxMessageBytes) break;
  }
  head = stripByteOrderMark(Buffer.concat(headChunks));
  if (!detected.complete) detected = detectLayout(head);
  const layout = detected.layout;
  options.onLayout?.(layout);
  if (layout === 'empty') return;
  const bytes = chain(head, iterator);
  const slices =
    layout === 'ndjson'
      ? splitNdjson(bytes, { maxMessageBytes })
      : splitJsonValues(bytes, layout === 'array' ? 'array' : 'values', { maxMessageBytes });
  for await (const slice of slices) yield toRecord(slice);
}
