import { isWhiteSpaceCode } from './white-space.js';

/**
 * Trims, removes every white-space character (anywhere in the value, see `isWhiteSpaceCode`) and
 * lowercases. Shared by emails, names and zip codes.
 *
 * Hot path: one char-code loop decides whether anything needs doing; a value that is already
 * lowercase ASCII with no white space is returned as is, with no allocation.
 */
export function normaliseText(value: string): string {
  const length = value.length;
  let needsLowercase = false;
  for (let index = 0; index < length; index++) {
    const code = value.charCodeAt(index);
    if (code >= 0x61 && code <= 0x7a) continue;
    if (code >= 0x41 && code <= 0x5a) {
      needsLowercase = true;
    } else if (code <= 0x20 || code >= 0x7f) {
      if (isWhiteSpaceCode(code)) return removeWhiteSpace(value, index).toLowerCase();
      if (code >= 0x80) needsLowercase = true;
    }
  }
  return needsLowercase ? value.toLowerCase() : value;
}

/** Copies `value` without its white space, knowing that the first one sits at `firstWhiteSpace`. */
function removeWhiteSpace(value: string, firstWhiteSpace: number): string {
  let result = value.slice(0, firstWhiteSpace);
  let start = firstWhiteSpace + 1;
  const length = value.length;
  for (let index = start; index < length; index++) {
    if (isWhiteSpaceCode(value.charCodeAt(index))) {
      if (index > start) result += value.slice(start, index);
      start = index + 1;
    }
  }
  if (start < length) result += value.slice(start);
  return result;
}
