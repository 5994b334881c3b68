import { ApiKeyAuth, KeyPairAuth } from '@forwarder/auth';
import { describe, expect, it } from 'vitest';
import { credentialFingerprint, RoktClientCache } from './client-cache.js';

describe('RoktClientCache', () => {
  const apiKey = new ApiKeyAuth('rk_secret_value');
  const pair = new KeyPairAuth('pk_public', 'sk_secret');

  it('keeps one client per host, credentials and transport options', () => {
    const cache = new RoktClientCache();
    const options = { retry: { attempts: 2 } };
    const first = cache.get('http://127.0.0.1:1', apiKey, credentialFingerprint(apiKey), options);
    expect(
      cache.get('http://127.0.0.1:1', apiKey, credentialFingerprint(apiKey), { retry: { attempts: 2 } }),
    ).toBe(first);
    expect(cache.get('http://127.0.0.1:2', apiKey, credentialFingerprint(apiKey), options)).not.toBe(first);
    expect(cache.get('http://127.0.0.1:1', pair, credentialFingerprint(pair), options)).not.toBe(first);
    expect(
      cache.get('http://127.0.0.1:1', apiKey, credentialFingerprint(apiKey), { concurrency: 2 }),
    ).not.toBe(first);
    expect(cache.size).toBe(4);
  });

  it('forgets the least recently used client beyond its limit, without closing it', () => {
    const cache = new RoktClientCache(2);
    const fingerprint = credentialFingerprint(apiKey);
    const one = cache.get('http://127.0.0.1:1', apiKey, fingerprint, {});
    cache.get('http://127.0.0.1:2', apiKey, fingerprint, {});
    cache.get('http://127.0.0.1:1', apiKey, fingerprint, {});
    cache.get('http://127.0.0.1:3', apiKey, fingerprint, {});
    expect(cache.size).toBe(2);
    expect(cache.get('http://127.0.0.1:1', apiKey, fingerprint, {})).toBe(one);
    expect(one.closed).toBe(false);
    expect(() => new RoktClientCache(0)).toThrow(RangeError);
  });

  it('fingerprints credentials without holding the secret', () => {
    const fingerprint = credentialFingerprint(apiKey);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain('rk_secret_value');
    expect(credentialFingerprint(new ApiKeyAuth('rk_secret_value'))).toBe(fingerprint);
    expect(credentialFingerprint(new ApiKeyAuth('rk_other'))).not.toBe(fingerprint);
  });
});
