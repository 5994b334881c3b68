import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { resolveSecretKey, secretKeyVariable } from '../secrets/index.js';
import { databaseHoldsSecrets } from '../store/index.js';
import { type RunningServerHandle, type StartServerOptions, startServer } from './start-server.js';

/** Options of {@link runServe} (the `forwarder serve` command). */
export interface ServeOptions {
  /** Port (default 8080; 0 picks a free one). */
  port?: number;
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Database file (default `$FORWARDER_DB` or `.forwarder/forwarder.db` under the working directory). */
  db?: string;
  /** Firehose token (default `$FORWARDER_FIREHOSE_TOKEN`, else generated and printed once). */
  firehoseToken?: string;
  /** Admin API token (default `$FORWARDER_ADMIN_TOKEN`, else generated and printed once). */
  adminToken?: string;
  /** One base URL for both Rokt hosts (audience and events), e.g. a sandbox or a proxy. */
  roktUrl?: string;
  /** Base URLs by name (`audience`, `events`); win over `roktUrl`. */
  endpoints?: Record<string, string>;
  /** A local sandbox's URL, for `GET /api/sandbox/state`. */
  sandboxUrl?: string;
  /** Delivery workers (default 4). */
  workers?: number;
  /** Log level (default `info`). */
  logLevel?: string;
  /** Stop on SIGTERM/SIGINT and exit the process with 0 (default true). */
  handleSignals?: boolean;
  /** Where the start-up lines go (default standard output). */
  print?: (line: string) => void;
  /** Further server options (tests, tuning). */
  server?: Partial<StartServerOptions>;
}

/** A server started by {@link runServe}, with the tokens in force. */
export interface RunningServer extends RunningServerHandle {
  readonly firehoseToken: string;
  readonly adminToken: string;
  /** Where the key of the secrets at rest came from (`FORWARDER_SECRET_KEY` or `key file …`). */
  readonly secretKeySource: string;
  /** The key file created by this start (there was no key), if any. */
  readonly createdKeyFile?: string;
  /** Settles once the server has stopped. */
  readonly closed: Promise<void>;
}

function baseDirectory(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** The database file the server uses for `db` (or the environment, or the default). */
export function resolveDatabasePath(db: string | undefined): string {
  const chosen = db ?? process.env.FORWARDER_DB ?? '.forwarder/forwarder.db';
  return resolve(baseDirectory(), chosen);
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Starts the server as `forwarder serve` does: resolves defaults from flags and the environment,
 * prints the URLs (and tokens it had to generate), and, unless told otherwise, stops gracefully
 * on SIGTERM or SIGINT (no new requests, deliveries finished or released, database closed,
 * exit 0).
 */
export async function runServe(options: ServeOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const generated: string[] = [];
  const firehoseToken =
    options.firehoseToken ??
    process.env.FORWARDER_FIREHOSE_TOKEN ??
    (() => {
      const token = newToken();
      generated.push(`Firehose token (generated; set FORWARDER_FIREHOSE_TOKEN to keep one): ${token}`);
      return token;
    })();
  const adminToken =
    options.adminToken ??
    process.env.FORWARDER_ADMIN_TOKEN ??
    (() => {
      const token = newToken();
      generated.push(`Admin token (generated; set FORWARDER_ADMIN_TOKEN to keep one): ${token}`);
      return token;
    })();
  const endpoints: Record<string, string> = {};
  if (options.roktUrl) {
    endpoints.audience = options.roktUrl;
    endpoints.events = options.roktUrl;
  }
  Object.assign(endpoints, options.endpoints);
  const databasePath = resolveDatabasePath(options.db);
  const resolvedKey =
    options.server?.secretKey === undefined
      ? resolveSecretKey({ databasePath, databaseHoldsSecrets })
      : { key: options.server.secretKey, warnings: [] };
  const secretKey = resolvedKey.key;
  const handle = await startServer({
    ...options.server,
    secretKey,
    port: options.port ?? options.server?.port ?? 8080,
    host: options.host ?? options.server?.host ?? '127.0.0.1',
    databasePath,
    firehoseToken,
    adminToken,
    endpoints: Object.keys(endpoints).length > 0 ? endpoints : options.server?.endpoints,
    sandboxUrl: options.sandboxUrl ?? options.server?.sandboxUrl,
    workers: options.workers ?? options.server?.workers,
    logLevel: options.logLevel ?? options.server?.logLevel,
  });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolvePromise) => {
    resolveClosed = resolvePromise;
  });
  const close = async () => {
    await handle.close();
    resolveClosed();
  };

  if (options.handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals) => {
      handle.logger.info({ signal }, 'stopping');
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          handle.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  print(`Forwarder server listening on ${handle.url}`);
  print(`  Web UI:    ${handle.url}/`);
  print(`  Admin API: ${handle.url}/api (Authorization: Bearer <admin token>)`);
  print(`  Firehose:  POST ${handle.url}/firehose (Authorization: Token <firehose token>)`);
  print(`  Database:  ${databasePath}`);
  if (resolvedKey.createdKeyFile === undefined) {
    print(`  Secrets at rest encrypted with the key from ${secretKey.source}`);
  } else {
    print(
      `  Secrets at rest encrypted with a new key in ${resolvedKey.createdKeyFile} (created, mode 0600; keep it with the database, or set ${secretKeyVariable})`,
    );
  }
  for (const warning of resolvedKey.warnings) print(`  Warning: ${warning}`);
  for (const line of generated) print(`  ${line}`);

  return Object.assign(Object.create(null) as object, handle, {
    firehoseToken,
    adminToken,
    secretKeySource: secretKey.source,
    ...(resolvedKey.createdKeyFile === undefined ? {} : { createdKeyFile: resolvedKey.createdKeyFile }),
    closed,
    close,
  }) as RunningServer;
}
