import { hash } from 'node:crypto';

/**
 * SHA-256 of the UTF-8 bytes of `value`, as 64 lowercase hexadecimal characters. Uses node:crypto's
 * one-shot `hash()`, which is several times faster than `createHash()` for short values.
 *
 * @example sha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/** SHA-256 (lowercase hex) of each value, in order. The values are hashed as given, not normalised. */
export function sha256HexMany(values: readonly string[]): string[] {
  const length = values.length;
  const hashes = new Array<string>(length);
  for (let index = 0; index < length; index++) hashes[index] = hash('sha256', values[index]!, 'hex');
  return hashes;
}

/** True when `value` is exactly 64 hexadecimal characters, in either case. */
export function isSha256Hex(value: string): boolean {
  if (value.length !== 64) return false;
  for (let index = 0; index < 64; index++) {
    const code = value.charCodeAt(index);
    if (code >= 0x30 && code <= 0x39) continue;
    const lower = code | 0x20;
    if (lower < 0x61 || lower > 0x66) return false;
  }
  return true;
}
