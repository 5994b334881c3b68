import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ROKT_PLUGIN_VERSION, ROKT_USER_AGENT } from './version.js';

it('ROKT_PLUGIN_VERSION matches package.json and names the User-Agent', () => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  expect(ROKT_PLUGIN_VERSION).toBe(manifest.version);
  expect(ROKT_USER_AGENT).toBe(`forwarder-rokt/${manifest.version}`);
});
