import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoAccountId, demoApiKey, demoAudienceName, runDemo } from '../../src/demo/run-demo.js';

describe('runDemo', () => {
  it('seeds an output, audience and active connection, and delivers the members to the sandbox', async () => {
    const lines: string[] = [];
    const demo = await runDemo({ port: 0, handleSignals: false, print: (line) => lines.push(line) });
    try {
      const summary = await demo.delivered;
      expect(summary).toEqual({ members: 50, included: 50, events: 50, failed: 0 });
      const list = demo.sandbox.state().accounts[demoAccountId]!.lists[demoAudienceName]!;
      expect(list.included.every((identifier) => /^[0-9a-f]{64}$/.test(identifier))).toBe(true);
      const event = demo.sandbox.eventsFor(demoAccountId)[0]!;
      const names = event.objectData.map((entry) => entry.name);
      expect(names).toEqual(
        expect.arrayContaining(['mpid', 'emailsha256', 'mobile', 'firstnamesha256', 'lastname']),
      );
      expect(names).toContain('zipsha256');
      expect(names).toContain('loyaltyTier');

      expect(demo.uiUrl).toBe(`${demo.url}/#token=${encodeURIComponent(demo.adminToken)}`);
      const printed = lines.join('\n');
      expect(printed).toContain(demo.uiUrl);
      expect(printed).toContain(`${demo.sandboxUrl}/_sandbox/state`);
      await expect
        .poll(() => lines.some((line) => line.startsWith('Delivered to the sandbox: 50 of 50')))
        .toBe(true);
      expect(printed).not.toContain(demoApiKey);
      // A key file for the secrets at rest, next to the (temporary) database.
      expect(lines).toContain(`  Secret key:     ${demo.databasePath}.key (created, mode 0600)`);
      expect(existsSync(`${demo.databasePath}.key`)).toBe(true);

      const outputs = await fetch(`${demo.url}/api/outputs`, {
        headers: { authorization: `Bearer ${demo.adminToken}` },
      });
      const [output] = (await outputs.json()) as { settings: Record<string, string> }[];
      expect(output!.settings.apiKey).toBe('********');
      const state = await fetch(`${demo.url}/api/sandbox/state`, {
        headers: { authorization: `Bearer ${demo.adminToken}` },
      });
      expect(state.status).toBe(200);
    } finally {
      await demo.close();
    }
    expect(existsSync(demo.databasePath)).toBe(false);
  });
});
