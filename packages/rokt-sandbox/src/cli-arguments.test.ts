import { describe, expect, it } from 'vitest';
import { parseCliArguments } from './cli-arguments.js';

describe('parseCliArguments', () => {
  it('maps every flag to sandbox options', () => {
    const parsed = parseCliArguments([
      '--port',
      '8080',
      '--host',
      '0.0.0.0',
      '--api-key',
      'k',
      '--public-key',
      'p',
      '--secret-key',
      's',
      '--account-id',
      '1',
      '--account-id',
      '2',
    ]);
    expect(parsed).toEqual({
      help: false,
      quiet: false,
      options: {
        port: 8080,
        host: '0.0.0.0',
        credentials: { apiKey: 'k', publicKey: 'p', secretKey: 's', accountIds: ['1', '2'] },
      },
    });
  });

  it('starts with no options by default', () => {
    expect(parseCliArguments([])).toEqual({ help: false, quiet: false, options: {} });
  });

  it('recognises --help and --quiet', () => {
    expect(parseCliArguments(['--help'])).toEqual({ help: true });
    expect(parseCliArguments(['--quiet'])).toMatchObject({ quiet: true });
  });

  it('rejects an invalid port and unknown flags', () => {
    expect(() => parseCliArguments(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseCliArguments(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArguments(['--verbose'])).toThrow();
  });
});
