import { parseArgs } from 'node:util';
import type { SandboxOptions } from './sandbox-options.js';

/** The usage text of the `rokt-sandbox` command. */
export const USAGE = `Usage: rokt-sandbox [options]

Starts a local stand-in for Rokt's audience and events APIs.

Options:
  --port <n>           port to listen on (default 0: any free port)
  --host <host>        interface to bind (default 127.0.0.1)
  --api-key <key>      accept "Authorization: <key>"
  --public-key <key>   with --secret-key, accept "Authorization: Basic base64(public:secret)"
  --secret-key <key>   see --public-key
  --account-id <id>    allow only this account id (repeatable)
  --quiet              do not log requests
  --help               show this text`;

/** The parsed command line: options to start with, or a request for help. */
export type CliArguments = { help: true } | { help: false; quiet: boolean; options: SandboxOptions };

/**
 * Parses the `rokt-sandbox` command line (without the node and script paths).
 * @throws TypeError for unknown flags or an invalid port.
 */
export function parseCliArguments(argv: string[]): CliArguments {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      'public-key': { type: 'string' },
      'secret-key': { type: 'string' },
      'account-id': { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { help: true };
  const options: SandboxOptions = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new TypeError(`--port must be an integer from 0 to 65535, not "${values.port}"`);
    }
    options.port = port;
  }
  if (values.host !== undefined) options.host = values.host;
  const credentials: NonNullable<SandboxOptions['credentials']> = {};
  if (values['api-key'] !== undefined) credentials.apiKey = values['api-key'];
  if (values['public-key'] !== undefined) credentials.publicKey = values['public-key'];
  if (values['secret-key'] !== undefined) credentials.secretKey = values['secret-key'];
  if (values['account-id'] !== undefined) credentials.accountIds = values['account-id'];
  if (Object.keys(credentials).length > 0) options.credentials = credentials;
  return { help: false, quiet: values.quiet, options };
}
