import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SecretDecryptionError } from './secrets/secret-decryption-error.js';
import { SecretKeyError } from './secrets/secret-key-error.js';
import { runSync } from './sync/run-sync.js';
import { SyncTally } from './sync/sync-summary.js';

/** Exit status of a run that cannot start (bad flag, unknown command, unreadable input). */
const USAGE_ERROR = 2;

function portNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) {
    throw new InvalidArgumentError('must be a whole number from 0 to 65535');
  }
  return Number(value);
}

function positiveNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('must be a whole number of at least 1');
  return Number(value);
}

/** Resolves once SIGINT or SIGTERM arrives. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Writes pending standard output, then exits with `code`. */
function exitWith(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** The `forwarder` program (exported for tests of the argument parsing). */
export function createProgram(): Command {
  const program = new Command('forwarder')
    .description(
      'Forwards mParticle Firehose audiences to Rokt: one-off file syncs, the HTTP server, a local Rokt sandbox and a demo.',
    )
    .showHelpAfterError('(run "forwarder --help" or "forwarder <command> --help" for usage)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureHelp({ sortOptions: false })
    .addHelpText(
      'after',
      `
Examples:
  $ pnpm forwarder sandbox --port 8787 --api-key demo-key
  $ pnpm forwarder sync --input apps/demo/examples/members.csv --config apps/demo/examples/config.json
  $ pnpm forwarder serve --port 8080 --rokt-url http://127.0.0.1:8787
  $ pnpm forwarder demo

Exit status of "sync": 0 all delivered or deliberately skipped, 1 some message unusable or some
delivery failed, 2 the run could not start (bad flag, unreadable input, invalid --config).`,
    );

  program
    .command('sync')
    .description(
      'Process a file once: Firehose messages (one JSON object, a JSON array or NDJSON) or a .csv of audience members, delivered to Rokt; exits when done.',
    )
    .requiredOption(
      '-i, --input <file>',
      'the input file: .json / .ndjson Firehose messages, or .csv members',
    )
    .option(
      '-c, --config <file>',
      'JSON configuration: endpoints (Rokt hosts), outputs, connections, csv, delivery (required for .csv input)',
    )
    .option('--json', 'end standard output with one JSON object summarising the run')
    .addHelpText(
      'after',
      `
Examples:
  $ pnpm forwarder sync --input messages.ndjson --config '{"endpoints": ...}' file
  $ pnpm forwarder sync --input apps/demo/examples/firehose.ndjson --config apps/demo/examples/config.json --json
  $ pnpm forwarder sync --input apps/demo/examples/members.csv --config apps/demo/examples/config.json

Minimal config pointing the Rokt hosts at a local sandbox:
  {"endpoints": {"audience": "http://127.0.0.1:8787", "events": "http://127.0.0.1:8787"}}

Exit status: 0 everything delivered or deliberately skipped (md5 email, invalid email, inactive
connection); 1 some message unusable (reported with its line) or some delivery failed for good;
2 the run could not start (bad flag, unreadable input, invalid --config); nothing is sent then.`,
    )
    .action(async (flags: { input: string; config?: string; json?: boolean }) => {
      const controller = new AbortController();
      let interrupts = 0;
      const onInterrupt = () => {
        interrupts += 1;
        if (interrupts > 1) process.exit(130);
        process.stderr.write('\nforwarder sync: stopping (Ctrl-C again to quit at once)…\n');
        controller.abort(new Error('interrupted'));
      };
      process.on('SIGINT', onInterrupt);
      const summary = await runSync({
        input: flags.input,
        ...(flags.config === undefined ? {} : { config: flags.config }),
        json: flags.json === true,
        signal: controller.signal,
      });
      process.off('SIGINT', onInterrupt);
      if (process.env.FORWARDER_DEBUG_MEMORY === '1') {
        process.stderr.write(`max RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
      }
      exitWith(summary.exitCode);
    });

  program
    .command('serve')
    .description('Run the HTTP server: Firehose endpoint (POST /firehose), admin API (/api) and web UI (/).')
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (0: any free port)')
        .argParser(portNumber)
        .default(8080),
    )
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--db <file>', 'SQLite database file (default $FORWARDER_DB or .forwarder/forwarder.db)')
    .option('--rokt-url <url>', 'one base URL for both Rokt hosts (audience and events), e.g. a sandbox')
    .option(
      '--firehose-token <token>',
      'token Firehose must send (default $FORWARDER_FIREHOSE_TOKEN, else generated)',
    )
    .option('--admin-token <token>', 'admin API token (default $FORWARDER_ADMIN_TOKEN, else generated)')
    .addOption(new Option('--workers <n>', 'delivery workers').argParser(positiveNumber))
    .addOption(
      new Option('--log-level <level>', 'log level').choices([
        'trace',
        'debug',
        'info',
        'warn',
        'error',
        'fatal',
        'silent',
      ]),
    )
    .addHelpText(
      'after',
      `
API keys saved in the database are encrypted with $FORWARDER_SECRET_KEY (32 bytes, as base64 or 64
hex characters), else with the key file <db>.key next to the database, created on first start.

Examples:
  $ pnpm forwarder serve
  $ FORWARDER_ADMIN_TOKEN=secret pnpm forwarder serve --port 8080 --rokt-url http://127.0.0.1:8787
  $ FORWARDER_SECRET_KEY="$(cat /run/secrets/forwarder-key)" pnpm forwarder serve --db /data/forwarder.db`,
    )
    .action(
      async (flags: {
        port: number;
        host: string;
        db?: string;
        roktUrl?: string;
        firehoseToken?: string;
        adminToken?: string;
        workers?: number;
        logLevel?: string;
      }) => {
        const { runServe } = await import('./server/run-serve.js');
        const server = await runServe({
          port: flags.port,
          host: flags.host,
          ...(flags.db === undefined ? {} : { db: flags.db }),
          ...(flags.roktUrl === undefined ? {} : { roktUrl: flags.roktUrl }),
          ...(flags.firehoseToken === undefined ? {} : { firehoseToken: flags.firehoseToken }),
          ...(flags.adminToken === undefined ? {} : { adminToken: flags.adminToken }),
          ...(flags.workers === undefined ? {} : { workers: flags.workers }),
          ...(flags.logLevel === undefined ? {} : { logLevel: flags.logLevel }),
        });
        await server.closed;
      },
    );

  program
    .command('sandbox')
    .description(
      "Run the local Rokt sandbox alone: a stand-in for Rokt's audience and events APIs; runs until Ctrl-C.",
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (0: any free port)')
        .argParser(portNumber)
        .default(8787),
    )
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--api-key <key>', 'accept "Authorization: <key>"')
    .option('--public-key <key>', 'with --secret-key, accept Basic base64(public:secret)')
    .option('--secret-key <key>', 'see --public-key')
    .addHelpText(
      'after',
      `
Without any key, any non-empty Authorization header is accepted.

Examples:
  $ pnpm forwarder sandbox --port 8787 --api-key demo-key
  $ curl http://127.0.0.1:8787/_sandbox/state`,
    )
    .action(
      async (flags: {
        port: number;
        host: string;
        apiKey?: string;
        publicKey?: string;
        secretKey?: string;
      }) => {
        const { startSandbox } = await import('@forwarder/rokt-sandbox');
        const credentials: { apiKey?: string; publicKey?: string; secretKey?: string } = {};
        if (flags.apiKey !== undefined) credentials.apiKey = flags.apiKey;
        if (flags.publicKey !== undefined) credentials.publicKey = flags.publicKey;
        if (flags.secretKey !== undefined) credentials.secretKey = flags.secretKey;
        const sandbox = await startSandbox({ port: flags.port, host: flags.host, credentials });
        process.stdout.write(`Rokt sandbox listening on ${sandbox.url} (Ctrl-C to stop)\n`);
        process.stdout.write(`  state: ${sandbox.url}/_sandbox/state\n`);
        await untilStopped();
        await sandbox.close();
        exitWith(0);
      },
    );

  program
    .command('demo')
    .description(
      'Run everything on one machine with nothing configured: a Rokt sandbox, the server, and a seeded output, audience and connection.',
    )
    .addOption(new Option('-p, --port <port>', 'server port').argParser(portNumber).default(8080))
    .addOption(
      new Option('--sandbox-port <port>', 'sandbox port (0: any free port)').argParser(portNumber).default(0),
    )
    .option('--db <file>', 'SQLite database file (default: a fresh temporary one)')
    .addHelpText(
      'after',
      `
Examples:
  $ pnpm forwarder demo
  $ pnpm forwarder demo --port 3000 --sandbox-port 8787`,
    )
    .action(async (flags: { port: number; sandboxPort: number; db?: string }) => {
      const { runDemo } = await import('./demo/run-demo.js');
      const demo = await runDemo({
        port: flags.port,
        sandboxPort: flags.sandboxPort,
        ...(flags.db === undefined ? {} : { db: flags.db }),
      });
      await demo.closed;
    });

  return program;
}

/** Runs the program on `argv` (without node and script); bad usage exits with status 2. */
export async function main(argv: string[]): Promise<void> {
  const program = createProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0 && argv[0] === 'sync' && argv.includes('--json')) {
        // The contract: with --json the last line on standard output is the run's summary, even
        // when the run could not start (commander already said why on standard error).
        const tally = new SyncTally();
        tally.addError({ line: 0, message: error.message.replace(/^error: /, '') });
        process.stdout.write(`${JSON.stringify(tally.finish(USAGE_ERROR))}\n`);
      }
      exitWith(error.exitCode === 0 ? 0 : USAGE_ERROR);
      return;
    }
    // A key problem is the operator's to fix: its message says what and where; a stack adds nothing.
    const expected =
      SecretKeyError.isSecretKeyError(error) || SecretDecryptionError.isSecretDecryptionError(error);
    process.stderr.write(
      `forwarder: ${error instanceof Error ? (expected ? error.message : (error.stack ?? error.message)) : String(error)}\n`,
    );
    exitWith(1);
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  await main(process.argv.slice(2));
}
