import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes bytes through unchanged while noting the 1-based numbers of lines that hold invalid
 * UTF-8 in {@link Utf8LineChecker.invalidLines}, and the offsets of line ends so that
 * {@link Utf8LineChecker.lineAt} can turn a byte offset into a line number. Checking is native and
 * per chunk; only a chunk that fails is looked at line by line. A multi-byte character cut between
 * chunks is handled.
 */
export class Utf8LineChecker extends Transform {
  /** Lines holding invalid UTF-8, found so far. */
  readonly invalidLines = new Set<number>();
  #line = 1;
  #carry: Buffer = Buffer.alloc(0);
  #offset = 0;
  #newlines: number[] = [];
  #newlinesHead = 0;
  #linesBefore = 0;

  /**
   * The 1-based line holding the byte at `offset` (counted from the start of the input). Calls
   * must come with offsets that never decrease: line ends before `offset` are forgotten.
   */
  lineAt(offset: number): number {
    while (this.#newlinesHead < this.#newlines.length && this.#newlines[this.#newlinesHead]! < offset) {
      this.#newlinesHead++;
      this.#linesBefore++;
    }
    if (this.#newlinesHead > 1024) {
      this.#newlines = this.#newlines.slice(this.#newlinesHead);
      this.#newlinesHead = 0;
    }
    return this.#linesBefore + 1;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (let index = chunk.indexOf(0x0a); index !== -1; index = chunk.indexOf(0x0a, index + 1)) {
      this.#newlines.push(this.#offset + index);
    }
    this.#offset += chunk.length;
    const bytes = this.#carry.length > 0 ? Buffer.concat([this.#carry, chunk]) : chunk;
    // Keep back a trailing incomplete multi-byte sequence for the next chunk.
    const cut = completeLength(bytes);
    const checked = bytes.subarray(0, cut);
    this.#carry = Buffer.from(bytes.subarray(cut));
    this.#check(checked);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.#check(this.#carry);
    this.#carry = Buffer.alloc(0);
    callback();
  }

  #check(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (isUtf8(bytes)) {
      this.#line += countNewlines(bytes);
      return;
    }
    let start = 0;
    for (let end = bytes.indexOf(0x0a); ; end = bytes.indexOf(0x0a, start)) {
      const line = bytes.subarray(start, end === -1 ? bytes.length : end);
      if (!isUtf8(line)) this.invalidLines.add(this.#line);
      if (end === -1) break;
      this.#line += 1;
      start = end + 1;
    }
  }
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1)) count++;
  return count;
}

/** The length of `bytes` without a trailing incomplete UTF-8 sequence. */
function completeLength(bytes: Buffer): number {
  const length = bytes.length;
  for (let index = length - 1; index >= Math.max(0, length - 4); index--) {
    const byte = bytes[index]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0xc0) return length;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return length - index < needed ? index : length;
  }
  return length;
}
