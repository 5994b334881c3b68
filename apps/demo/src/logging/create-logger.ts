import pino, { type DestinationStream, type Logger } from 'pino';

/** A pino logger. */
export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent` (default `info`). */
  level?: string;
  /** Where lines go (default standard output). */
  destination?: DestinationStream;
  /** Setting ids whose values are secrets (e.g. `apiKey`, `secretKey`), redacted at any depth up to four. */
  confidentialKeys?: readonly string[];
}

const alwaysSecret = ['authorization', 'firehoseToken', 'adminToken', 'token', 'password', 'cookie'];

/**
 * The redaction paths for a set of secret keys: the key itself and under up to three levels of
 * objects, plus request headers (`req.headers.authorization`, ...).
 */
export function redactionPaths(confidentialKeys: readonly string[]): string[] {
  const paths = new Set<string>([
    'req.headers.authorization',
    'req.headers.cookie',
    'request.headers.authorization',
    'headers.authorization',
    '*.headers.authorization',
  ]);
  for (const key of [...alwaysSecret, ...confidentialKeys]) {
    const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key.replaceAll('"', '\\"')}"]`;
    const join = (prefix: string) => (safe.startsWith('[') ? `${prefix}${safe}` : `${prefix}.${safe}`);
    paths.add(safe);
    paths.add(join('*'));
    paths.add(join('*.*'));
    paths.add(join('*.*.*'));
  }
  return [...paths];
}

/** A structured JSON logger that never writes a secret: authorization headers and confidential settings are redacted. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: redactionPaths(options.confidentialKeys ?? []), censor: '********' },
      base: { service: 'forwarder' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
