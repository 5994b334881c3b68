import { describe, expect, it } from 'vitest';
import { isWhiteSpaceCode } from './white-space.js';

describe('isWhiteSpaceCode', () => {
  it('agrees with Unicode White_Space plus JavaScript \\s for every UTF-16 code unit', () => {
    const disagreements: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const character = String.fromCharCode(code);
      const expected = /\p{White_Space}/u.test(character) || /\s/.test(character);
      if (isWhiteSpaceCode(code) !== expected) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it('does not count zero-width space or letters as white space', () => {
    expect(isWhiteSpaceCode(0x200b)).toBe(false);
    expect(isWhiteSpaceCode('a'.charCodeAt(0))).toBe(false);
  });
});
