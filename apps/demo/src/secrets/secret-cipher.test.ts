import { describe, expect, it } from 'vitest';
import { SecretCipher, sealedPrefix } from './secret-cipher.js';
import { SecretKey } from './secret-key.js';

const cipher = new SecretCipher(SecretKey.generate('test'));
const secret = 'apikey-Vq7Rk2Zt9Lm4Xw8B';

describe('SecretCipher', () => {
  it('seals into the versioned form with a fresh IV each time, and opens again', () => {
    const first = cipher.seal(secret, 'output:1:apiKey');
    const second = cipher.seal(secret, 'output:1:apiKey');
    expect(first.startsWith(sealedPrefix)).toBe(true);
    expect(first).not.toBe(second);
    expect(first).not.toContain(secret.slice(0, 8));
    // 12-byte IV, 16-byte tag, then as many bytes as the plaintext.
    expect(Buffer.from(first.slice(sealedPrefix.length), 'base64')).toHaveLength(12 + 16 + secret.length);
    expect(cipher.open(first, 'output:1:apiKey')).toEqual({ ok: true, value: secret });
    expect(cipher.open(second, 'output:1:apiKey')).toEqual({ ok: true, value: secret });
    expect(cipher.open(cipher.seal('', 'x'), 'x')).toEqual({ ok: true, value: '' });
    expect(cipher.open(cipher.seal('ключ ✓', 'x'), 'x')).toEqual({ ok: true, value: 'ключ ✓' });
  });

  it('refuses another context (row or setting), another key, and altered values', () => {
    const sealed = cipher.seal(secret, 'output:1:apiKey');
    const refused = { ok: false, failure: 'authentication' };
    expect(cipher.open(sealed, 'output:2:apiKey')).toEqual(refused);
    expect(cipher.open(sealed, 'output:1:secretKey')).toEqual(refused);
    expect(new SecretCipher(SecretKey.generate('other')).open(sealed, 'output:1:apiKey')).toEqual(refused);
    const packed = Buffer.from(sealed.slice(sealedPrefix.length), 'base64');
    for (const index of [0, 12, 28, packed.length - 1]) {
      const altered = Buffer.from(packed);
      altered[index] = (altered[index] ?? 0) ^ 1;
      expect(
        cipher.open(`${sealedPrefix}${altered.toString('base64')}`, 'output:1:apiKey'),
        String(index),
      ).toEqual(refused);
    }
  });

  it('tells plaintext and malformed values apart', () => {
    expect(cipher.open(secret, 'x')).toEqual({ ok: false, failure: 'not-sealed' });
    expect(cipher.open(`${sealedPrefix}not base64!`, 'x')).toEqual({ ok: false, failure: 'malformed' });
    expect(cipher.open(`${sealedPrefix}AAAA`, 'x')).toEqual({ ok: false, failure: 'malformed' });
    expect(SecretCipher.isSealed(secret)).toBe(false);
    expect(SecretCipher.isSealed(cipher.seal(secret, 'x'))).toBe(true);
  });
});
