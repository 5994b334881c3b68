import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretKey } from './secret-key.js';
import { SecretKeyError } from './secret-key-error.js';

const bytes = Buffer.from(Array.from({ length: 32 }, (_, index) => index * 7 + 3));

function refusal(text: string): SecretKeyError {
  try {
    SecretKey.parse(text, 'FORWARDER_SECRET_KEY');
  } catch (error) {
    return error as SecretKeyError;
  }
  throw new Error('the key was accepted');
}

describe('SecretKey', () => {
  it('reads 32 bytes written as hexadecimal, base64 or base64url, white space around ignored', () => {
    for (const text of [
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      bytes.toString('base64'),
      bytes.toString('base64url'),
      `  ${bytes.toString('base64')}\n`,
    ]) {
      expect(SecretKey.parse(text, 'test').material().equals(bytes), text).toBe(true);
    }
  });

  it('refuses anything else, naming the source and never the value', () => {
    for (const text of [
      'correct-horse-battery-staple',
      bytes.toString('hex').slice(0, 62),
      `${bytes.toString('hex')}00`,
      Buffer.concat([bytes, Buffer.from([1])]).toString('base64'),
      bytes.subarray(1).toString('base64'),
      `${bytes.toString('base64').slice(0, 40)}!!!=`,
    ]) {
      const error = refusal(text);
      expect(SecretKeyError.isSecretKeyError(error)).toBe(true);
      expect(error.problem).toBe('malformed');
      expect(error.message).toMatch(/FORWARDER_SECRET_KEY/);
      expect(error.message).toMatch(/64 hexadecimal characters or as 44 base64 characters/);
      expect(error.message).not.toContain(text.trim().slice(0, 8));
    }
    expect(refusal('  \n').message).toMatch(/FORWARDER_SECRET_KEY is empty/);
  });

  it('keeps its bytes out of JSON, inspection and string conversion', () => {
    const key = new SecretKey(bytes, 'key file /data/forwarder.db.key');
    const shown = [JSON.stringify({ key }), inspect(key), String(key), `${key}`, inspect({ nested: key })];
    for (const text of shown) {
      expect(text).toContain('key file /data/forwarder.db.key');
      expect(text).not.toContain(bytes.toString('base64').slice(0, 8));
      expect(text).not.toContain(bytes.toString('hex').slice(0, 8));
    }
    expect(key.toBase64()).toBe(bytes.toString('base64'));
  });

  it('generates distinct random keys', () => {
    const first = SecretKey.generate('a');
    const second = SecretKey.generate('b');
    expect(first.material()).toHaveLength(32);
    expect(first.material().equals(second.material())).toBe(false);
  });
});
