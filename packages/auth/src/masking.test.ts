import { Console } from 'node:console';
import { PassThrough } from 'node:stream';
import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiKeyAuth } from './api-key-auth.js';
import type { AuthStrategy } from './auth-strategy.js';
import { KeyPairAuth } from './key-pair-auth.js';
import { maskSecret, shortenPublicKey } from './mask-secret.js';

const apiKey = 'api-SECRET-abcd1234';
const secretKey = 'sk-SECRET-efgh5678';
const publicKey = 'pk_live_0123456789';

/** Everything `console.log` writes for `values`, through a real Console. */
function consoleOutput(...values: unknown[]): string {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  new Console({ stdout: stream, stderr: stream, colorMode: false }).log(...values);
  return Buffer.concat(chunks).toString('utf8');
}

const strategies: [string, AuthStrategy, string][] = [
  ['ApiKeyAuth', new ApiKeyAuth(apiKey), apiKey],
  ['KeyPairAuth', new KeyPairAuth(publicKey, secretKey), secretKey],
];

describe.each(strategies)('%s keeps its secret out of every channel', (_name, auth, secret) => {
  const channels: [string, () => string][] = [
    ['describe()', () => auth.describe()],
    ['toString()', () => auth.toString()],
    ['String()', () => String(auth)],
    ['template literal', () => `${auth}`],
    ['JSON.stringify', () => JSON.stringify(auth)],
    ['JSON.stringify nested', () => JSON.stringify({ settings: { auth } })],
    ['util.inspect', () => inspect(auth)],
    ['util.inspect showHidden, depth Infinity', () => inspect(auth, { showHidden: true, depth: Infinity })],
    ['util.inspect nested', () => inspect({ deep: [{ auth }] })],
    ['util.format %o %O %s %j', () => format('%o %O %s %j', auth, auth, auth, auth)],
    ['console.log', () => consoleOutput(auth, { auth })],
    ['Object.keys / entries', () => JSON.stringify([Object.keys(auth), Object.entries(auth)])],
    ['own property names and symbols', () => Reflect.ownKeys(auth).map(String).join(',')],
    [
      'own property values',
      () => Object.values(Object.getOwnPropertyDescriptors(auth)).map(String).join(','),
    ],
    ['spread', () => inspect({ ...auth }, { showHidden: true })],
    ['Object.assign', () => JSON.stringify(Object.assign({}, auth))],
    ['structuredClone', () => inspect(structuredClone(auth), { showHidden: true })],
  ];

  it.each(channels)('%s', (_channel, render) => {
    const output = render();
    expect(output).not.toContain(secret);
    expect(output).not.toContain('SECRET');
  });

  it('still holds the secret, and sends it in its headers', () => {
    const authorization = auth.headers().Authorization ?? '';
    const sent = authorization.startsWith('Basic ')
      ? Buffer.from(authorization.slice('Basic '.length), 'base64').toString('utf8')
      : authorization;
    expect(sent).toContain(secret);
  });

  it('returns a new headers object each call, so a caller cannot change the next one', () => {
    const first = auth.headers();
    first.Authorization = 'tampered';
    expect(auth.headers().Authorization).not.toBe('tampered');
  });
});

describe('descriptions', () => {
  it('API key: fully masked', () => {
    const auth = new ApiKeyAuth(apiKey);
    expect(auth.describe()).toBe('API key ********');
    expect(JSON.parse(JSON.stringify(auth))).toEqual({ kind: 'api-key', description: 'API key ********' });
    expect(inspect(auth)).toBe('ApiKeyAuth { API key ******** }');
  });

  it('key pair: public key shortened, secret key fully masked', () => {
    const auth = new KeyPairAuth(publicKey, secretKey);
    expect(auth.describe()).toBe('key pair (public key pk_l****, secret key ********)');
    expect(JSON.parse(JSON.stringify(auth))).toEqual({
      kind: 'key-pair',
      description: 'key pair (public key pk_l****, secret key ********)',
    });
    expect(inspect(auth)).toBe('KeyPairAuth { key pair (public key pk_l****, secret key ********) }');
  });

  it('only kind is an own enumerable property', () => {
    expect(Object.keys(new KeyPairAuth(publicKey, secretKey))).toEqual(['kind']);
    expect({ ...new ApiKeyAuth(apiKey) }).toEqual({ kind: 'api-key' });
  });
});

describe('maskSecret', () => {
  it.each([
    ['a', '********'],
    ['sk_live_0123456789abcdef0123456789abcdef', '********'],
    ['', ''],
  ])('%j → %j (length not revealed)', (value, expected) => {
    expect(maskSecret(value)).toBe(expected);
  });
});

describe('shortenPublicKey', () => {
  it.each([
    ['pk_live_0123456789', 'pk_l****'],
    ['123456789', '1234****'],
    ['12345678', '****'],
    ['', '****'],
  ])('%j → %j', (value, expected) => {
    expect(shortenPublicKey(value)).toBe(expected);
  });
});
