import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFilePathFor } from './key-file.js';
import { resolveSecretKey } from './resolve-secret-key.js';
import { SecretKey } from './secret-key.js';
import type { SecretKeyError } from './secret-key-error.js';

let directory: string;
let databasePath: string;
const noSecrets = () => false;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'forwarder-key-'));
  databasePath = join(directory, 'forwarder.db');
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function refusal(run: () => unknown): SecretKeyError {
  try {
    run();
  } catch (error) {
    return error as SecretKeyError;
  }
  throw new Error('no error');
}

describe('resolveSecretKey', () => {
  it('creates the key file next to the database with mode 0600, then reuses it', () => {
    const first = resolveSecretKey({ databasePath, environment: {}, databaseHoldsSecrets: noSecrets });
    const keyFile = keyFilePathFor(databasePath);
    expect(first.createdKeyFile).toBe(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toBe(`${first.key.toBase64()}\n`);
    expect(first.key.source).toBe(`key file ${keyFile}`);

    const second = resolveSecretKey({ databasePath, environment: {}, databaseHoldsSecrets: noSecrets });
    expect(second.createdKeyFile).toBeUndefined();
    expect(second.warnings).toEqual([]);
    expect(second.key.material().equals(first.key.material())).toBe(true);
  });

  it('makes the database folder when a first start has none yet', () => {
    const nested = join(directory, 'not', 'yet', 'there', 'forwarder.db');
    const first = resolveSecretKey({
      databasePath: nested,
      environment: {},
      databaseHoldsSecrets: noSecrets,
    });
    expect(first.createdKeyFile).toBe(keyFilePathFor(nested));
    expect(statSync(keyFilePathFor(nested)).mode & 0o777).toBe(0o600);
    expect(statSync(join(directory, 'not', 'yet', 'there')).mode & 0o777).toBe(0o700);
  });

  it('takes the environment variable over the key file, and then writes no file', () => {
    const fromFile = SecretKey.generate('file');
    const fromEnvironment = SecretKey.generate('environment');
    const environment = { FORWARDER_SECRET_KEY: fromEnvironment.material().toString('hex') };
    const withoutFile = resolveSecretKey({ databasePath, environment, databaseHoldsSecrets: noSecrets });
    expect(withoutFile.key.material().equals(fromEnvironment.material())).toBe(true);
    expect(existsSync(keyFilePathFor(databasePath))).toBe(false);

    writeFileSync(keyFilePathFor(databasePath), fromFile.toBase64(), { mode: 0o600 });
    const resolved = resolveSecretKey({ databasePath, environment, databaseHoldsSecrets: noSecrets });
    expect(resolved.key.material().equals(fromEnvironment.material())).toBe(true);
    expect(resolved.key.source).toBe('FORWARDER_SECRET_KEY');
  });

  it('refuses a malformed variable or key file, naming it and not the value', () => {
    const environment = { FORWARDER_SECRET_KEY: 'hunter2-hunter2-hunter2' };
    const fromVariable = refusal(() =>
      resolveSecretKey({ databasePath, environment, databaseHoldsSecrets: noSecrets }),
    );
    expect(fromVariable.problem).toBe('malformed');
    expect(fromVariable.message).toMatch(/FORWARDER_SECRET_KEY/);
    expect(fromVariable.message).not.toMatch(/hunter2/);

    writeFileSync(keyFilePathFor(databasePath), 'hunter2-hunter2-hunter2\n', { mode: 0o600 });
    const fromFile = refusal(() =>
      resolveSecretKey({ databasePath, environment: {}, databaseHoldsSecrets: noSecrets }),
    );
    expect(fromFile.message).toContain(keyFilePathFor(databasePath));
    expect(fromFile.message).not.toMatch(/hunter2/);
  });

  it('warns about a key file others can read', () => {
    writeFileSync(keyFilePathFor(databasePath), SecretKey.generate('x').toBase64());
    chmodSync(keyFilePathFor(databasePath), 0o644);
    const resolved = resolveSecretKey({ databasePath, environment: {}, databaseHoldsSecrets: noSecrets });
    expect(resolved.warnings.join('\n')).toMatch(/can be read by other users \(mode 644\).*chmod 600/);
  });

  it('refuses to make a new key for a database that already holds encrypted secrets', () => {
    writeFileSync(databasePath, '');
    const error = refusal(() =>
      resolveSecretKey({ databasePath, environment: {}, databaseHoldsSecrets: () => true }),
    );
    expect(error.problem).toBe('missing');
    expect(error.message).toContain('FORWARDER_SECRET_KEY');
    expect(error.message).toContain(keyFilePathFor(databasePath));
    expect(existsSync(keyFilePathFor(databasePath))).toBe(false);
  });
});
