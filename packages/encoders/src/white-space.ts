/**
 * True when the UTF-16 code unit is white space: every character with the Unicode `White_Space`
 * property (tab, line feed, vertical tab, form feed, carriage return, space, U+0085 next line,
 * no-break space, ogham space mark, U+2000–U+200A, line and paragraph separators, narrow no-break
 * space, medium mathematical space, ideographic space) plus U+FEFF (byte order mark), which
 * JavaScript's `trim()` and `\s` also treat as white space. Every one of them is a single code
 * unit, so a code-unit loop finds them all.
 */
export function isWhiteSpaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  if (code <= 0xa0) return code === 0x85 || code === 0xa0;
  if (code < 0x1680) return false;
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
