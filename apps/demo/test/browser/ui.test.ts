/**
 * Drives the web UI in headless Chromium against the real server and the real Rokt sandbox:
 * configure an output (rejected credentials and an inline error first), create an audience,
 * connect it, switch it on, import members from a CSV file, and see them delivered. Screenshots of
 * every stage go to `apps/demo/test-artifacts/browser/`.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretKey } from '../../src/secrets/index.js';
import { type RunningServerHandle, startServer } from '../../src/server/start-server.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = resolve(import.meta.dirname, '../../test-artifacts/browser');
const adminToken = 'browser-test-admin-token-7f3a';
const goodApiKey = 'rk-live-GOOD-secret-9c1e44';
const wrongApiKey = 'rk-live-WRONG-secret-0b7d21';
const accountId = '8471';
const secrets = [goodApiKey, wrongApiKey, adminToken];
const members = [
  { mpid: '1001', email: 'ada.lovelace@example.com', firstName: 'Ada' },
  { mpid: '1002', email: 'alan.turing@example.com', firstName: 'Alan' },
  { mpid: '1003', email: 'grace.hopper@example.com', firstName: 'Grace' },
];

let sandbox: RoktSandbox | undefined;
let app: RunningServerHandle | undefined;
let browser: Browser | undefined;
let directory: string | undefined;

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate("document.getElementById('toasts')?.replaceChildren()");
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

describe('web UI (headless Chromium)', () => {
  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `Chromium not found at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH. The browser test never downloads a browser.`,
      );
    }
    await mkdir(artifacts, { recursive: true });
    directory = await mkdtemp(join(tmpdir(), 'forwarder-ui-'));
    sandbox = await startSandbox({ credentials: { apiKey: goodApiKey } });
    app = await startServer({
      port: 0,
      databasePath: join(directory, 'forwarder.db'),
      adminToken,
      firehoseToken: 'browser-test-firehose-token',
      secretKey: SecretKey.generate('the browser test key'),
      endpoints: { audience: sandbox.url, events: sandbox.url },
      sandboxUrl: sandbox.url,
      logLevel: 'silent',
      retry: { attempts: 2 },
      timeoutMs: 5_000,
      shutdownGraceMs: 1_000,
    });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sandbox?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('configures Rokt, connects an audience, imports members and shows them delivered', async () => {
    if (!browser || !app || !sandbox || !directory) throw new Error('setup failed');
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const responseBodies: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/stream')) return;
      responseBodies.push(response.text().catch(() => ''));
    });

    // Directory → Rokt tile → Setup
    await page.goto(`${app.url}/#token=${adminToken}`);
    await expect.poll(() => page.url()).not.toContain(adminToken);
    await page.getByRole('heading', { name: 'Directory' }).waitFor();
    const tile = page.getByRole('listitem', { name: 'Rokt' });
    await tile.hover();
    await shot(page, '01-directory');
    await tile.getByRole('link', { name: 'Setup' }).click();

    // Setup: check Audiences, Configure
    await page.getByRole('heading', { name: 'Set up Rokt' }).waitFor();
    const configure = page.getByRole('button', { name: 'Configure' });
    expect(await configure.isDisabled()).toBe(true);
    await page.locator('#kind-audiences').check();
    await shot(page, '02-setup');
    await configure.click();

    // Configure: the form generated from the settings
    await page.getByRole('heading', { name: 'Configure Rokt audiences' }).waitFor();
    expect(await page.locator('#output-emailEncoding').inputValue()).toBe('Raw');
    expect(await page.locator('#output-emailEncoding option').allTextContents()).toEqual(['Raw', 'Sha256']);
    expect(await page.locator('#output-mobileEncoding').inputValue()).toBe('None');
    expect(await page.locator('#output-mobileEncoding option').allTextContents()).toEqual([
      'None',
      'Raw',
      'Sha256',
    ]);
    expect(await page.locator('#output-apiKey').getAttribute('type')).toBe('password');
    expect(await page.locator('#output-secretKey').getAttribute('type')).toBe('password');
    await expect.poll(() => page.getByText('Your Rokt Account ID.').count()).toBe(1);

    // A missing required setting: inline error next to the field, nothing saved
    await page.locator('#output-configurationName').fill('Rokt production');
    await page.locator('#output-apiKey').fill(wrongApiKey);
    await page.getByRole('button', { name: 'Save' }).click();
    const accountError = page.locator('#output-accountId-error');
    await accountError.waitFor({ state: 'visible' });
    expect(await accountError.textContent()).toMatch(/accountId|account id/i);
    expect(await page.locator('#output-accountId').getAttribute('aria-invalid')).toBe('true');
    await shot(page, '03-configure-inline-error');

    // A wrong API key: saved, but Rokt (the sandbox) rejects the credentials
    await page.locator('#output-accountId').fill(accountId);
    await page.locator('#output-apiKey').fill(wrongApiKey);
    await page.getByRole('button', { name: 'Save' }).click();
    const check = page.locator('[data-testid="credential-check"]');
    await check.waitFor();
    expect(await check.getAttribute('data-ok')).toBe('false');
    expect(await check.textContent()).toMatch(/rejected/i);
    await shot(page, '04-credentials-rejected');

    // Fix the API key: the stored secret shows as ******** only
    expect(await page.locator('#output-apiKey').getAttribute('placeholder')).toBe('********');
    expect(await page.locator('#output-apiKey').inputValue()).toBe('');
    await page.locator('#output-apiKey').fill(goodApiKey);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid="credential-check"][data-ok="true"]').waitFor();
    await page.locator('[data-testid="outputs-table"] tr', { hasText: 'Rokt production' }).waitFor();
    expect(await page.locator('#output-apiKey').inputValue()).toBe('');
    await shot(page, '05-credentials-accepted');

    // Audiences: create one
    await page.getByRole('link', { name: 'Audiences' }).click();
    await page.locator('#audience-name').fill('VIP customers');
    await page.getByRole('button', { name: 'Create audience' }).click();
    const audienceLink = page
      .locator('[data-testid="audiences-table"]')
      .getByRole('link', { name: 'VIP customers' });
    await audienceLink.waitFor();
    await shot(page, '06-audiences');
    await audienceLink.click();

    // + Connect Output → select the Rokt output, switch it on, settings, Add Connection
    await page.getByRole('heading', { name: 'VIP customers' }).waitFor();
    await page.getByRole('button', { name: '+ Connect Output' }).click();
    const newConnection = page.locator('form[data-connection-id="new"]');
    await newConnection
      .locator('select[name="outputId"]')
      .selectOption({ label: `Rokt production (account ${accountId})` });
    const status = newConnection.getByRole('switch', { name: 'Connection Status' });
    expect(await status.isChecked()).toBe(false);
    await status.check({ force: true });
    await newConnection.getByRole('button', { name: 'Add $firstname' }).click();
    await newConnection.getByLabel('Hash First Name').check();
    await shot(page, '07-connect-output');
    await newConnection.getByRole('button', { name: 'Add Connection' }).click();
    const connectionCard = page.locator('.connection-card[data-status="active"]');
    await connectionCard.waitFor();
    expect(await connectionCard.locator('.tag').allTextContents()).toEqual(['$firstname×']);

    // Import members from a CSV file
    const csvPath = join(directory, 'vip-members.csv');
    await writeFile(
      csvPath,
      `mpid,email,action,$firstname\n${members.map((member) => `${member.mpid},${member.email},add,${member.firstName}`).join('\n')}\n`,
    );
    await page.locator('#members-file').setInputFiles(csvPath);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('[data-testid="import-result"]', { hasText: 'Imported 3 members' }).waitFor();
    await page.locator('[data-testid="members-table"] tbody tr').nth(2).waitFor();
    expect(await page.locator('[data-testid="members-table"] tbody tr').count()).toBe(3);

    // Delivered: the audience page's live counts show 3 included
    await page
      .locator('[data-testid="audience-metrics"] [data-testid="included"] .metric-value', { hasText: /^3$/ })
      .waitFor({ timeout: 20_000 });
    await shot(page, '08-audience-delivered');

    // Switch the connection off, add a member by hand: skipped, and the reason is shown
    const savedConnection = page.locator('.connection-card[data-status="active"] form');
    await savedConnection.getByRole('switch', { name: 'Connection Status' }).uncheck({ force: true });
    await savedConnection.getByRole('button', { name: 'Save connection' }).click();
    await page.locator('.connection-card[data-status="inactive"]').waitFor();
    await page.locator('#member-mpid').fill('1004');
    await page.locator('#member-email').fill('katherine.johnson@example.com');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.locator('[data-testid="members-table"] tr[data-mpid="1004"]').waitFor();
    await page
      .locator('[data-testid="audience-metrics"] [data-testid="skipped"] .metric-value', { hasText: /^1$/ })
      .waitFor();
    await page.locator('[data-testid="audience-live"] .badge', { hasText: 'inactive_connection' }).waitFor();
    await shot(page, '08b-audience-inactive-skipped');

    // Live view: counts, delivery log, the sandbox's view of the list
    await page.getByRole('link', { name: 'Live view' }).click();
    await page
      .locator('[data-testid="live-audiences"] tr', { hasText: 'VIP customers' })
      .locator('[data-testid="included"]', { hasText: /^3$/ })
      .waitFor();
    await page.locator('[data-testid="delivery-log"] tr[data-status="delivered"]').first().waitFor();
    await page
      .locator('[data-testid="sandbox-panel"] [data-testid="sandbox-included"]', { hasText: /^3$/ })
      .waitFor();
    await shot(page, '09-live-view');

    // The sandbox received the three addresses, plain (Email encoding Raw)
    const lists = Object.values(sandbox.state().accounts[accountId]?.lists ?? {});
    const included = lists.flatMap((list) => list.included);
    expect(included.sort()).toEqual(members.map((member) => member.email).sort());

    // No secret anywhere in the page or in what the server answered
    const html = await page.content();
    await page.goto(`${app.url}/#/outputs`);
    await page.locator('[data-testid="outputs-table"]').waitFor();
    const outputsHtml = await page.content();
    const bodies = await Promise.all(responseBodies);
    for (const secret of secrets) {
      expect(html).not.toContain(secret);
      expect(outputsHtml).not.toContain(secret);
      for (const body of bodies) expect(body).not.toContain(secret);
    }
    expect(bodies.some((body) => body.includes('********'))).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 55_000);

  it('asks for the token, refuses a wrong one, polls without a stream, hides the sandbox panel without a sandbox', async () => {
    if (!browser || !directory) throw new Error('setup failed');
    const plain = await startServer({
      port: 0,
      databasePath: join(directory, 'plain.db'),
      adminToken,
      firehoseToken: 'browser-test-firehose-token',
      secretKey: SecretKey.generate('the browser test key'),
      logLevel: 'silent',
      shutdownGraceMs: 1_000,
    });
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      // No event stream here (as behind a proxy that buffers it): the live view polls instead
      await page.route('**/api/stream', (route) => route.abort());
      await page.goto(`${plain.url}/#/live`);
      const tokenInput = page.getByLabel('Admin token');
      expect(await tokenInput.getAttribute('type')).toBe('password');
      await tokenInput.fill('not-the-token');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();
      await shot(page, '10-sign-in-refused');
      await page.getByLabel('Admin token').fill(adminToken);
      const sandboxAnswer = page.waitForResponse((response) => response.url().endsWith('/api/sandbox/state'));
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Live view' }).waitFor();
      await page.locator('[data-testid="queue-done"]').waitFor();
      expect((await sandboxAnswer).status()).toBe(404);
      expect(await page.locator('[data-testid="sandbox-panel"]').isHidden()).toBe(true);
      await page.locator('#live-indicator', { hasText: 'Live: polling' }).waitFor();
      expect(await page.content()).not.toContain(adminToken);
    } finally {
      await context.close();
      await plain.close();
    }
  }, 30_000);
});
