import { describe, expect, it } from 'vitest';
import { ConfidentialSettings } from './confidential-settings.js';
import { SecretKey } from './secret-key.js';

const secrets = new ConfidentialSettings(SecretKey.generate('a test key'), ['apiKey', 'secretKey']);

describe('ConfidentialSettings', () => {
  it('encrypts the confidential values only, and opens them again for the same owner', () => {
    const sealed = secrets.seal({ accountId: '42', apiKey: 'plain-api-key' }, 'output:1');
    expect(sealed.accountId).toBe('42');
    expect(sealed.apiKey).toMatch(/^enc:v1:/);
    expect(secrets.open(sealed, 'output:1', 'output 1')).toEqual({
      accountId: '42',
      apiKey: 'plain-api-key',
    });
  });

  it('encrypts a value that only looks encrypted, so input can never pass for a ciphertext', () => {
    const other = secrets.seal({ apiKey: 'key-of-output-2' }, 'output:2').apiKey;
    const sealed = secrets.seal({ apiKey: other }, 'output:1');
    expect(sealed.apiKey).not.toBe(other);
    // What was given is what comes back: the text, not the other output's key.
    expect(secrets.open(sealed, 'output:1', 'output 1').apiKey).toBe(other);
    // Only the upgrade of stored rows keeps values it encrypted before.
    expect(secrets.seal({ apiKey: other }, 'output:2', { keepSealed: true }).apiKey).toBe(other);
  });
});
