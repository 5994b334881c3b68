import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, membershipMessage } from './support/messages.js';
import { runCli, workspace } from './support/run-cli.js';

const profiles = 200_000;
const perMessage = 1_000;
let sandbox: RoktSandbox;
const files = workspace();

async function writeInput(name: string, layout: 'ndjson' | 'array'): Promise<string> {
  const path = `${files.directory}/${name}`;
  const out = createWriteStream(path);
  if (layout === 'array') out.write('[\n');
  for (let first = 0; first < profiles; first += perMessage) {
    const text = JSON.stringify(membershipMessage(`big-${first}`, perMessage, { first }));
    const separator = layout === 'array' ? (first + perMessage < profiles ? ',\n' : '\n') : '\n';
    if (!out.write(text + separator)) await once(out, 'drain');
  }
  if (layout === 'array') out.write(']\n');
  out.end();
  await once(out, 'finish');
  return path;
}

beforeAll(async () => {
  sandbox = await startSandbox({ credentials: { apiKey: API_KEY }, requestLogSize: 10 });
});
afterAll(async () => {
  await sandbox.close();
  files.remove();
});

describe('forwarder sync streams its input', () => {
  for (const layout of ['ndjson', 'array'] as const) {
    it(`delivers ${profiles} profiles from ${layout} in bounded memory`, { timeout: 120_000 }, async () => {
      sandbox.reset();
      const input = await writeInput(`big.${layout === 'array' ? 'json' : 'ndjson'}`, layout);
      const config = files.writeJson('config.json', {
        endpoints: { audience: sandbox.url, events: sandbox.url },
      });
      const run = await runCli(['sync', '--input', input, '--config', config, '--json'], {
        cwd: files.directory,
        env: { FORWARDER_DEBUG_MEMORY: '1' },
        timeoutMs: 110_000,
      });
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      expect(run.summary).toMatchObject({ messages: profiles / perMessage, profiles, failed: 0 });
      const maxRssMb = Number(/max RSS: (\d+) MB/.exec(run.stderr)?.[1]);
      expect(maxRssMb).toBeGreaterThan(0);
      expect(maxRssMb).toBeLessThan(300);
    });
  }
});
