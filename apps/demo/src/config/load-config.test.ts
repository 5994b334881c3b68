import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigFileError, loadConfig, parseConfig } from './load-config.js';

function issuesOf(value: unknown, environment: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseConfig(value, environment);
  } catch (error) {
    if (error instanceof ConfigFileError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigFileError');
}

const output = { configurationName: 'Main', accountId: '123456', apiKey: 'secret-api-key' };

describe('parseConfig', () => {
  it('accepts the minimal form and fills the defaults', () => {
    const config = parseConfig({
      endpoints: { audience: 'http://127.0.0.1:8787', events: 'http://127.0.0.1:8787' },
    });
    expect(config.endpoints).toEqual({ audience: 'http://127.0.0.1:8787', events: 'http://127.0.0.1:8787' });
    expect(config.delivery).toMatchObject({ attempts: 5, maxTotalMs: 30_000 });
    expect(config.outputs).toEqual({});
    expect(parseConfig({}).endpoints).toEqual({});
  });

  it('accepts the full form, matching choices case-insensitively', () => {
    const config = parseConfig({
      outputs: { main: { ...output, emailEncoding: 'sha256', mobileEncoding: 'RAW' } },
      connections: {
        vip: {
          audienceId: 456,
          audienceName: 'VIP',
          outputId: 'main',
          status: 'active',
          settings: { hashFirstName: 'true', forwardedAttributes: ['$firstname'] },
        },
      },
      csv: { connection: 'vip', profilesPerMessage: 500 },
      delivery: { attempts: 2, eventsPerRequest: 50 },
    });
    expect(config.outputs.main).toMatchObject({
      emailEncoding: 'Sha256',
      mobileEncoding: 'Raw',
      integration: 'rokt',
    });
    expect(config.connections.vip?.settings).toEqual({
      hashFirstName: true,
      hashLastName: false,
      hashZip: false,
      forwardedAttributes: ['$firstname'],
    });
    expect(config.delivery).toMatchObject({ attempts: 2, eventsPerRequest: 50, maxTotalMs: 30_000 });
  });

  it('names the JSON path of every problem', () => {
    expect(
      issuesOf({
        endpoints: { audience: 'ftp://x', extra: 1 },
        outputs: { main: { ...output, emailEncoding: 'md5' }, other: { accountId: '1' } },
        connections: { vip: { audienceId: 1.5, audienceName: 'A', outputId: 'nope', status: 'on' } },
        delivery: { attempts: 0 },
      }),
    ).toEqual(
      expect.arrayContaining([
        'endpoints.audience: must be an http(s) URL such as http://127.0.0.1:8787',
        'endpoints: unknown field "extra"',
        'outputs.main.emailEncoding: must be one of Raw, Sha256',
        'outputs.other.configurationName: is required',
        'connections.vip.audienceId: must be a whole number',
        'connections.vip.status: must be one of active, inactive',
        'delivery.attempts: must be at least 1',
      ]),
    );
    expect(
      issuesOf({ connections: { vip: { audienceId: 1, audienceName: 'A', outputId: 'nope' } } }),
    ).toEqual(['connections.vip.outputId: names no output (outputs is empty)']);
    expect(issuesOf({ csv: { connection: 'x' } })).toEqual(['csv.connection: names no connection']);
    expect(issuesOf([])).toHaveLength(1);
  });

  it('expands environment references and never prints secret values', () => {
    const config = parseConfig(
      { outputs: { main: { ...output, apiKey: `$${'{'}ROKT_KEY}` } } },
      { ROKT_KEY: 'from-environment' },
    );
    expect(config.outputs.main?.apiKey).toBe('from-environment');
    expect(issuesOf({ outputs: { main: { ...output, apiKey: `$${'{'}MISSING_KEY}` } } })).toEqual([
      'outputs.main.apiKey: environment variable MISSING_KEY is not set',
    ]);
    const issues = issuesOf({ outputs: { main: { ...output, apiKey: 42 } } });
    expect(issues).toEqual(['outputs.main.apiKey: must be a string']);
    expect(issues.join()).not.toContain('secret-api-key');
  });
});

describe('loadConfig', () => {
  const directory = mkdtempSync(join(tmpdir(), 'forwarder-config-'));

  it('reads a file, with a byte order mark', async () => {
    const path = join(directory, 'config.json');
    writeFileSync(path, `\ufeff${JSON.stringify({ endpoints: { events: 'http://localhost:1' } })}`);
    expect((await loadConfig(path)).endpoints.events).toBe('http://localhost:1');
  });

  it('reports a missing file and bad JSON', async () => {
    await expect(loadConfig(join(directory, 'missing.json'))).rejects.toThrow(/no such file/);
    const path = join(directory, 'bad.json');
    writeFileSync(path, '{"endpoints": ');
    await expect(loadConfig(path)).rejects.toThrow(/not valid JSON/);
  });
});
