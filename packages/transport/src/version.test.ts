import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSPORT_VERSION } from './version.js';

describe('TRANSPORT_VERSION', () => {
  it('matches package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(TRANSPORT_VERSION).toBe(manifest.version);
  });
});
