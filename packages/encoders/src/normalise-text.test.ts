import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise-text.js';
import { isWhiteSpaceCode } from './white-space.js';

describe('normaliseText', () => {
  it('treats exactly the white space isWhiteSpaceCode knows as white space', () => {
    for (let code = 0; code < 0x10000; code++) {
      const character = String.fromCharCode(code);
      const removed = normaliseText(`a${character}b`) === 'ab';
      expect(removed, `U+${code.toString(16).padStart(4, '0')}`).toBe(isWhiteSpaceCode(code));
    }
  });

  it('removes white space at the ends and inside, and lowercases', () => {
    expect(normaliseText('\u0085 Mary\u00a0Ann\u3000 ')).toBe('maryann');
    expect(normaliseText('already.clean@example.com')).toBe('already.clean@example.com');
  });
});
