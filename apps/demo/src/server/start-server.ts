import type { SettingDefinition } from '@forwarder/core';
import {
  type AnyIntegration,
  createProcessor,
  type DeliveryOptions,
  type DeliveryRetryOptions,
} from '@forwarder/integration';
import { createRoktIntegration } from '@forwarder/rokt';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino, { type DestinationStream } from 'pino';
import { ControlPlane } from '../control-plane/index.js';
import { createLogger, type Logger } from '../logging/create-logger.js';
import { type DeliveryQueue, GroupCommit, SqliteDeliveryQueue } from '../queue/index.js';
import {
  ConfidentialSettings,
  resolveSecretKey,
  SealedDeliveryQueue,
  type SecretKey,
} from '../secrets/index.js';
import { databaseHoldsSecrets, openDatabase, openStore, type Store } from '../store/index.js';
import { registerAdminRoutes } from './admin-routes.js';
import { DeliveryEvents } from './delivery-events.js';
import {
  canRunDeliveryThread,
  type DeliveryRunner,
  type DeliveryRunnerOptions,
  inlineDeliveryRunner,
  integrationLogger,
  threadDeliveryRunner,
} from './delivery-runner.js';
import { HttpProblem, toErrorReply } from './error-reply.js';
import { registerFirehoseRoute } from './firehose-route.js';
import { isUtf8ContentType, parseJsonBody } from './request-body.js';
import { defaultUiDirectory, registerStaticUi } from './static-ui.js';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Port to listen on (0 picks a free one; default 8080). */
  port?: number;
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** The SQLite database file (created when missing). */
  databasePath: string;
  /** The token Firehose requests must carry (`Authorization: Token <token>`). */
  firehoseToken: string;
  /** The token the admin API needs (`Authorization: Bearer <token>`). */
  adminToken: string;
  /**
   * The key that encrypts the secrets stored in the database (default: `FORWARDER_SECRET_KEY`,
   * else the key file `<database>.key`, created with mode 0600 when neither exists).
   */
  secretKey?: SecretKey;
  /** Partner base URLs by name, e.g. `{ audience, events }` for Rokt (default: the real hosts). */
  endpoints?: Record<string, string>;
  /** A local sandbox's base URL, shown through `GET /api/sandbox/state`. */
  sandboxUrl?: string;
  /** Delivery workers (default 4). */
  workers?: number;
  /** Log level (default `info`). */
  logLevel?: string;
  /** Where log lines go (default standard output). */
  logDestination?: DestinationStream;
  /** The web UI folder (default `apps/demo/ui`). */
  uiDirectory?: string;
  /** Retry bounds of each partner request. */
  retry?: DeliveryRetryOptions;
  /** Per-attempt timeout of partner requests, in milliseconds. */
  timeoutMs?: number;
  /** Largest request body, in bytes (default 10 MiB). */
  bodyLimitBytes?: number;
  /** Queue tuning. */
  queue?: { leaseMs?: number; pollMs?: number; maxAttempts?: number; retryBaseMs?: number };
  /** How long shutdown waits for deliveries under way before releasing them (default 10 s). */
  shutdownGraceMs?: number;
  /** Profiles per Firehose message the control plane builds (default 1,000). */
  profilesPerMessage?: number;
  /**
   * Run deliveries in a worker thread of their own (default true where the thread's module is
   * present), so that Firehose answers are not held up by delivery work.
   */
  deliveryThread?: boolean;
}

/** A running server. */
export interface RunningServerHandle {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly queue: DeliveryQueue;
  readonly controlPlane: ControlPlane;
  readonly events: DeliveryEvents;
  readonly logger: Logger;
  /** Where deliveries run. */
  readonly deliveryMode: 'thread' | 'inline';
  /** Stops accepting requests, lets deliveries finish (or releases them) and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the Forwarder server: Firehose endpoint, admin API, web UI and delivery workers, on one
 * SQLite database. Items left in flight by an earlier run are delivered again.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServerHandle> {
  const integration: AnyIntegration = createRoktIntegration();
  const integrations = new Map<string, AnyIntegration>([[integration.id, integration]]);
  const confidentialKeys = [
    ...(integration.accountSettings as readonly SettingDefinition[]),
    ...(integration.connectionSettings as readonly SettingDefinition[]),
  ]
    .filter((setting) => setting.confidential)
    .map((setting) => setting.id);
  const logLevel = options.logLevel ?? 'info';
  const destination = options.logDestination ?? pino.destination({ dest: 1, sync: false });
  const logger = createLogger({ level: logLevel, destination, confidentialKeys });

  let secretKey = options.secretKey;
  if (secretKey === undefined) {
    const resolved = resolveSecretKey({ databasePath: options.databasePath, databaseHoldsSecrets });
    secretKey = resolved.key;
    if (resolved.createdKeyFile !== undefined) {
      logger.info({ keyFile: resolved.createdKeyFile }, 'created a key file for the secrets at rest');
    }
    for (const warning of resolved.warnings) logger.warn(warning);
  }
  const secrets = new ConfidentialSettings(secretKey, confidentialKeys);
  const store = openStore(options.databasePath, { secrets });
  const unreadable = (item: { id: number; messageId: string }, error: Error) =>
    logger.error(
      { queueItem: item.id, messageId: item.messageId, error: error.message },
      'a queued message could not be decrypted; failed for good',
    );
  const queue = new SealedDeliveryQueue(new SqliteDeliveryQueue(store.database), secrets, unreadable);
  const recovered = queue.recoverInFlight();
  if (recovered > 0) logger.info({ recovered }, 'released deliveries left in flight by an earlier run');

  const endpointOptions: Omit<DeliveryOptions, 'logger' | 'signal'> = {};
  if (options.endpoints) endpointOptions.endpoints = options.endpoints;
  if (options.retry) endpointOptions.retry = options.retry;
  if (options.timeoutMs !== undefined) endpointOptions.timeoutMs = options.timeoutMs;
  const delivery: DeliveryOptions = { ...endpointOptions, logger: integrationLogger(logger) };
  const processor = createProcessor({ integration, delivery });
  const events = new DeliveryEvents();
  const runnerOptions: DeliveryRunnerOptions = {
    databasePath: options.databasePath,
    store,
    queue,
    events,
    logger,
    writeLogLine: (line) => destination.write(line),
    logLevel,
    confidentialKeys,
    secretKey,
    delivery: endpointOptions,
    tuning: { concurrency: options.workers, ...options.queue },
  };
  const runner: DeliveryRunner =
    (options.deliveryThread ?? true) && canRunDeliveryThread()
      ? threadDeliveryRunner(runnerOptions)
      : inlineDeliveryRunner(runnerOptions);
  const controlPlane = new ControlPlane({
    store,
    queue,
    integrations,
    events,
    delivery,
    profilesPerMessage: options.profilesPerMessage,
    resumeOutput: (outputId) => runner.resumeOutput(outputId),
  });

  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? 10 * 1024 * 1024,
    return503OnClosing: true,
  });
  app.setErrorHandler((error, request, reply) => {
    const answer = toErrorReply(error);
    if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: answer.status, code: answer.body.error.code }, 'request refused');
    return reply.code(answer.status).send(answer.body);
  });
  // JSON bodies are read like `forwarder sync` reads its input: UTF-8 only (no replacement
  // characters forwarded), no prototype keys, bounded nesting; each refusal says what and where.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (!isUtf8ContentType(request.headers['content-type'])) {
      done(new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'JSON bodies must be UTF-8 (charset=utf-8)'));
      return;
    }
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error);
    }
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    }),
  );

  const onEnqueued = () => runner.notify();
  // The Firehose endpoint writes through its own connection with no busy wait, so a write lock
  // held by the delivery thread delays its commits by timer instead of blocking the event loop.
  // Its commits are synced (an answered message is on disk) but leave checkpoints to the delivery
  // connection (the thread's, off the event loop); they checkpoint only as a backstop, should the
  // WAL grow large because deliveries stopped.
  const firehoseDatabase = openDatabase(options.databasePath, { busyTimeoutMs: 0, checkpoints: 'backstop' });
  const closeDatabases = () => {
    if (firehoseDatabase.open) firehoseDatabase.close();
    store.close();
  };
  registerFirehoseRoute(app, {
    firehoseToken: options.firehoseToken,
    processor,
    commits: new GroupCommit(new SealedDeliveryQueue(new SqliteDeliveryQueue(firehoseDatabase), secrets)),
    store,
    events,
    logger,
    onEnqueued,
  });
  await registerAdminRoutes(app, {
    adminToken: options.adminToken,
    controlPlane,
    integrations,
    store,
    queue,
    events,
    sandboxUrl: options.sandboxUrl,
    onEnqueued,
  });
  registerStaticUi(app, options.uiDirectory ?? defaultUiDirectory());

  try {
    await runner.start();
  } catch (error) {
    closeDatabases();
    throw error;
  }
  try {
    await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    await runner.stop(0);
    closeDatabases();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 8080);
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    queue,
    controlPlane,
    events,
    logger,
    deliveryMode: runner.mode,
    close() {
      closing ??= (async () => {
        const stopping = runner.stop(options.shutdownGraceMs ?? 10_000);
        await app.close();
        await stopping;
        closeDatabases();
        logger.info('server stopped');
        logger.flush();
      })();
      return closing;
    },
  };
}
