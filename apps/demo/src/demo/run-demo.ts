import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RoktSandbox, startSandbox } from '@forwarder/rokt-sandbox';
import { type RunningServer, resolveDatabasePath, runServe } from '../server/run-serve.js';
import { sampleMembers } from './sample-members.js';

/** The API key the demo's sandbox accepts and its output uses. */
export const demoApiKey = 'demo-api-key';
/** The Rokt account id of the demo output. */
export const demoAccountId = '3141592653';
/** The demo audience's name. */
export const demoAudienceName = 'High Value Shoppers';

/** Options of {@link runDemo} (the `forwarder demo` command). */
export interface DemoOptions {
  /** Server port (default 8080; 0 picks a free one). */
  port?: number;
  /** Sandbox port (default 0: a free one). */
  sandboxPort?: number;
  /** Database file (default: a fresh file in a new temporary folder, removed at the end). */
  db?: string;
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Members of the sample audience (default 50). */
  members?: number;
  /** Stop on SIGTERM/SIGINT and exit the process with 0 (default true). */
  handleSignals?: boolean;
  /** Where the demo's lines go (default standard output). */
  print?: (line: string) => void;
  /** Server log level (default `warn`, to keep the demo's output readable). */
  logLevel?: string;
}

/** What the demo delivered to the sandbox. */
export interface DemoSummary {
  members: number;
  included: number;
  events: number;
  failed: number;
}

/** A running demo. */
export interface RunningDemo {
  readonly server: RunningServer;
  readonly sandbox: RoktSandbox;
  /** The server's base URL. */
  readonly url: string;
  /** The web UI URL, with the admin token in the fragment (`#token=…`). */
  readonly uiUrl: string;
  readonly sandboxUrl: string;
  readonly adminToken: string;
  readonly firehoseToken: string;
  readonly databasePath: string;
  /** Settles once the seeded members were delivered (or after 60 s), with what arrived. */
  readonly delivered: Promise<DemoSummary>;
  /** Settles once the demo has stopped. */
  readonly closed: Promise<void>;
  /** Stops server and sandbox (and removes a temporary database). */
  close(): Promise<void>;
}

/**
 * `forwarder demo`: a Rokt sandbox, the server pointed at it, and a seeded output configuration
 * (Rokt, API key, SHA-256 emails, raw mobile numbers), an audience of sample shoppers and an
 * active connection, so that the members flow to "Rokt" within seconds. Prints the URLs and a
 * summary once delivered; runs until Ctrl-C.
 */
export async function runDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const temporary = options.db === undefined ? mkdtempSync(join(tmpdir(), 'forwarder-demo-')) : undefined;
  const databasePath =
    temporary === undefined ? resolveDatabasePath(options.db) : join(temporary, 'forwarder.db');
  const host = options.host ?? '127.0.0.1';

  const sandbox = await startSandbox({
    port: options.sandboxPort ?? 0,
    host,
    credentials: { apiKey: demoApiKey },
  });
  let server: RunningServer;
  try {
    server = await runServe({
      port: options.port ?? 8080,
      host,
      db: databasePath,
      roktUrl: sandbox.url,
      sandboxUrl: sandbox.url,
      firehoseToken: randomBytes(18).toString('base64url'),
      adminToken: randomBytes(18).toString('base64url'),
      logLevel: options.logLevel ?? 'warn',
      handleSignals: false,
      print: () => {},
    });
  } catch (error) {
    await sandbox.close();
    if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
    throw error;
  }

  const controlPlane = server.controlPlane;
  const { output, credentialCheck } = await controlPlane.createOutput({
    integrationId: 'rokt',
    settings: {
      configurationName: 'Demo Rokt account',
      accountId: demoAccountId,
      apiKey: demoApiKey,
      emailEncoding: 'Sha256',
      mobileEncoding: 'Raw',
    },
  });
  const audience = controlPlane.createAudience(demoAudienceName);
  const members = sampleMembers(options.members ?? 50);
  controlPlane.changeMembers(
    audience.id,
    members.map((member) => ({ action: 'add', member })),
  );
  const connection = controlPlane.createConnection({
    audienceId: audience.id,
    outputId: output.id,
    settings: {
      hashFirstName: true,
      hashLastName: false,
      hashZip: true,
      forwardedAttributes: ['$firstname', '$lastname', '$zip', 'loyaltyTier', 'favoriteCategories'],
    },
  });
  const { queued } = controlPlane.updateConnection(connection.id, { status: 'active' });

  const uiUrl = `${server.url}/#token=${encodeURIComponent(server.adminToken)}`;
  print('Forwarder demo');
  print(`  Web UI:         ${uiUrl}`);
  print(`  Sandbox state:  ${sandbox.url}/_sandbox/state`);
  print(`  Admin API:      ${server.url}/api  (Authorization: Bearer ${server.adminToken})`);
  print(`  Firehose:       POST ${server.url}/firehose  (Authorization: Token ${server.firehoseToken})`);
  print(`  Database:       ${databasePath}${temporary ? ' (temporary)' : ''}`);
  print(
    server.createdKeyFile === undefined
      ? `  Secret key:     from ${server.secretKeySource}`
      : `  Secret key:     ${server.createdKeyFile} (created, mode 0600)`,
  );
  print(
    `Seeded: output "${output.name}" (credential check: ${credentialCheck.ok ? 'ok' : credentialCheck.message}), audience "${audience.name}" with ${members.length} members, connection active (${queued} members queued).`,
  );

  let stopped = false;
  const delivered = (async (): Promise<DemoSummary> => {
    const deadline = Date.now() + 60_000;
    while (!stopped && Date.now() < deadline) {
      const stats = server.queue.stats();
      if (stats.pending === 0 && stats.inFlight === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const account = sandbox.state().accounts[demoAccountId];
    const failed = stopped
      ? 0
      : (server.store.deliveries.totalsByAudience()[String(audience.id)]?.failed ?? 0);
    return {
      members: members.length,
      included: account?.lists[demoAudienceName]?.included.length ?? 0,
      events: account?.events.count ?? 0,
      failed,
    };
  })();
  void delivered.then((summary) => {
    if (stopped) return;
    print(
      `Delivered to the sandbox: ${summary.included} of ${summary.members} members in list "${demoAudienceName}" (SHA-256 emails), ${summary.events} profile events${summary.failed > 0 ? `, ${summary.failed} failed` : ''}.`,
    );
    print(
      'Open the web UI to add members, switch the connection off and on, and watch deliveries live. Ctrl-C stops.',
    );
  });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      stopped = true;
      await server.close();
      await sandbox.close();
      if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
      resolveClosed();
    })();
    return closing;
  };

  if (options.handleSignals ?? true) {
    const onSignal = () => {
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  return {
    server,
    sandbox,
    url: server.url,
    uiUrl,
    sandboxUrl: sandbox.url,
    adminToken: server.adminToken,
    firehoseToken: server.firehoseToken,
    databasePath,
    delivered,
    closed,
    close,
  };
}
