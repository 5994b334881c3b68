import { ConfigurationError } from '@forwarder/core';
import { describe, expect, it } from 'vitest';
import { ApiKeyAuth } from './api-key-auth.js';
import { KeyPairAuth } from './key-pair-auth.js';
import { type AuthSettings, resolveAuth } from './resolve-auth.js';

const apiKey = 'api-SECRET-1111';
const publicKey = 'pk_live_PUBLIC';
const secretKey = 'sk-SECRET-2222';
const basic = `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`;

function resolveError(settings: AuthSettings): ConfigurationError {
  try {
    resolveAuth(settings);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('resolveAuth did not throw');
}

describe('resolveAuth: precedence', () => {
  it.each<[string, AuthSettings, 'api-key' | 'key-pair', string]>([
    ['pair only', { publicKey, secretKey }, 'key-pair', basic],
    ['pair and API key: the pair wins', { apiKey, publicKey, secretKey }, 'key-pair', basic],
    ['API key only', { apiKey }, 'api-key', apiKey],
    ['API key and public key only', { apiKey, publicKey }, 'api-key', apiKey],
    ['API key and secret key only', { apiKey, secretKey }, 'api-key', apiKey],
    ['API key and a blank secret key', { apiKey, publicKey, secretKey: '   ' }, 'api-key', apiKey],
    ['values are trimmed', { apiKey: `  ${apiKey}\n` }, 'api-key', apiKey],
    [
      'pair values are trimmed',
      { publicKey: ` ${publicKey}`, secretKey: `${secretKey}\t` },
      'key-pair',
      basic,
    ],
  ])('%s', (_case, settings, kind, authorization) => {
    const auth = resolveAuth(settings);
    expect(auth.kind).toBe(kind);
    expect(auth).toBeInstanceOf(kind === 'api-key' ? ApiKeyAuth : KeyPairAuth);
    expect(auth.headers()).toEqual({ Authorization: authorization });
  });

  it.each<[string, AuthSettings, string]>([
    ['public key only', { publicKey }, 'secretKey'],
    ['public key, empty secret key, empty API key', { publicKey, secretKey: '', apiKey: '' }, 'secretKey'],
    ['secret key only', { secretKey }, 'publicKey'],
    ['secret key and blank public key', { secretKey, publicKey: ' \t ' }, 'publicKey'],
    ['nothing', {}, 'apiKey'],
    ['only undefined values', { apiKey: undefined, publicKey: undefined, secretKey: undefined }, 'apiKey'],
    ['only blank values', { apiKey: ' ', publicKey: '', secretKey: '\n' }, 'apiKey'],
  ])('%s → ConfigurationError naming %s', (_case, settings, setting) => {
    const error = resolveError(settings);
    expect(error.issues.map((issue) => issue.setting)).toEqual([setting]);
    expect(error.message).toContain(setting);
    const everything = `${error.message} ${JSON.stringify(error)} ${JSON.stringify(error.issues)}`;
    for (const secret of [apiKey, secretKey]) expect(everything).not.toContain(secret);
  });

  it('says what is required when nothing is set', () => {
    expect(resolveError({}).message).toMatch(/API key .* or a public\/secret key pair .* is required/);
  });
});

describe('invalid credentials', () => {
  it.each<[string, AuthSettings, string]>([
    ['a colon in the public key', { publicKey: 'pk:x', secretKey }, 'publicKey'],
    ['a line break inside the API key', { apiKey: 'api-SECRET\r\nX-Injected: 1' }, 'apiKey'],
    ['a control character in the secret key', { publicKey, secretKey: 'sk-SECRET\u0000' }, 'secretKey'],
    ['a character an HTTP header cannot carry in the API key', { apiKey: 'api-SECRET-€' }, 'apiKey'],
  ])('%s → ConfigurationError naming %s, without the value', (_case, settings, setting) => {
    const error = resolveError(settings);
    expect(error.issues.map((issue) => issue.setting)).toEqual([setting]);
    expect(`${error.message} ${JSON.stringify(error.issues)}`).not.toMatch(/SECRET|pk:x/);
  });

  it('a non-Latin-1 secret key is fine: the Basic token is base64 of UTF-8', () => {
    const auth = new KeyPairAuth('pk', 'sécret€');
    expect(auth.headers()).toEqual({
      Authorization: `Basic ${Buffer.from('pk:sécret€', 'utf8').toString('base64')}`,
    });
  });

  it('the constructors reject empty keys too', () => {
    expect(() => new ApiKeyAuth(' ')).toThrow(ConfigurationError);
    expect(() => new KeyPairAuth('pk', '')).toThrow(ConfigurationError);
    expect(() => new KeyPairAuth('', 'sk')).toThrow(ConfigurationError);
  });
});
