import { setMaxListeners } from 'node:events';
import { basename, extname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { AuthenticationError, ConfigurationError, HttpError, ValidationError } from '@forwarder/core';
import { createProcessor, type DeliveryOptions, type Processor } from '@forwarder/integration';
import { createRoktIntegration, describeRequestFailure, roktAccountSettings } from '@forwarder/rokt';
import type { ForwarderConfig } from '../config/config-schema.js';
import { ConfigFileError, loadConfig, parseConfig } from '../config/load-config.js';
import { parseMemberCsv } from '../input/csv-members.js';
import type { InputRecord } from '../input/input-record.js';
import { readJsonMessages } from '../input/read-json-messages.js';
import { type ProgressReporter, startProgress } from '../progress/progress-reporter.js';
import { SkipReason } from '../skip-reasons.js';
import { membershipMessage, membersToMessages } from './members-to-messages.js';
import { type OpenedInput, openInput } from './open-input.js';
import { SyncSetupError } from './sync-setup-error.js';
import { type SyncSummary, SyncTally } from './sync-summary.js';

/** Options of {@link runSync}: the command's flags and where it writes. */
export interface SyncOptions {
  /** `--input`: Firehose messages (JSON object, array or NDJSON) or a `.csv` of members. */
  input: string;
  /** `--config`: the JSON configuration file. */
  config?: string;
  /** `--json`: end standard output with one JSON summary line. */
  json?: boolean;
  /** Base for relative paths (default `INIT_CWD` or the current directory). */
  cwd?: string;
  /** Environment for `${VAR}` references in the config (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Standard output (default `process.stdout`). */
  stdout?: Writable;
  /** Standard error (default `process.stderr`); a TTY gets a progress bar. */
  stderr?: Writable & { isTTY?: boolean; columns?: number };
  /** Stops the run: nothing more is read, deliveries in flight are cancelled. */
  signal?: AbortSignal;
}

const maxPrintedProblems = 200;

function plural(count: number, word: string): string {
  return `${new Intl.NumberFormat('en-US').format(count)} ${word}${count === 1 ? '' : 's'}`;
}

function reasons(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts);
  return entries.length === 0
    ? ''
    : ` (${entries.map(([reason, count]) => `${reason}: ${count}`).join(', ')})`;
}

/** The human summary of a run. */
export function formatSummary(summary: SyncSummary): string {
  const lines = [
    `forwarder sync: ${plural(summary.messages, 'message')}, ${plural(summary.profiles, 'profile')}, ${plural(summary.requests, 'request')} in ${(summary.durationMs / 1000).toFixed(1)} s`,
    `  delivered: ${summary.delivered}`,
    `  skipped:   ${summary.skipped}${reasons(summary.skippedReasons)}`,
    `  failed:    ${summary.failed}${reasons(summary.failedReasons)}`,
  ];
  if (summary.invalidMessages > 0) {
    lines.push(
      `  unusable:  ${summary.invalidMessages} (reported above with their line numbers; nothing of them was sent)`,
    );
  }
  lines.push(`  exit status ${summary.exitCode}`);
  return lines.join('\n');
}

function deliveryOptionsOf(config: ForwarderConfig | undefined, signal: AbortSignal): DeliveryOptions {
  const delivery = config?.delivery;
  const batch: Record<string, number> = {};
  if (delivery?.addressesPerRequest !== undefined) batch.addressesPerRequest = delivery.addressesPerRequest;
  if (delivery?.eventsPerRequest !== undefined) batch.eventsPerRequest = delivery.eventsPerRequest;
  return {
    endpoints: { ...config?.endpoints },
    retry: { attempts: delivery?.attempts ?? 5, maxTotalMs: delivery?.maxTotalMs ?? 30_000 },
    timeoutMs: delivery?.timeoutMs ?? 10_000,
    concurrency: delivery?.concurrency ?? 8,
    batch,
    signal,
  };
}

/**
 * Passes the input's chunks through, noting in `seen.content` whether any byte other than white
 * space (and a leading byte order mark) went by: an empty input is reported, not taken for success.
 */
async function* watchForContent(
  chunks: AsyncIterable<Buffer>,
  seen: { content: boolean },
): AsyncGenerator<Buffer> {
  let offset = 0;
  for await (const chunk of chunks) {
    if (!seen.content) {
      for (let index = 0; index < chunk.length; index += 1) {
        const byte = chunk[index]!;
        const position = offset + index;
        const byteOrderMark = position < 3 && byte === [0xef, 0xbb, 0xbf][position];
        if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && !byteOrderMark) {
          seen.content = true;
          break;
        }
      }
    }
    offset += chunk.length;
    yield chunk;
  }
}

/** Picks the CSV's connection and checks its output's settings; throws {@link SyncSetupError}. */
function csvTarget(config: ForwarderConfig | undefined, processor: Processor) {
  if (config === undefined) {
    throw new SyncSetupError(
      'A .csv input needs --config FILE naming the output and connection to use (see apps/demo/README.md)',
    );
  }
  const ids = Object.keys(config.connections);
  const connectionId = config.csv.connection ?? (ids.length === 1 ? ids[0] : undefined);
  if (connectionId === undefined) {
    throw new SyncSetupError(
      ids.length === 0
        ? 'A .csv input needs a connection: the config file has no "connections"'
        : `The config file has ${ids.length} connections (${ids.join(', ')}): set "csv.connection" to the one the CSV feeds`,
    );
  }
  const connection = config.connections[connectionId]!;
  const output = config.outputs[connection.outputId]!;
  const probe = membershipMessage(
    {
      output,
      connection,
      connectionId,
      fileName: '',
      profilesPerMessage: 1,
      timestampMs: 0,
    },
    'settings-check',
    [
      {
        mpid: '0',
        audiences: [
          {
            audience_id: connection.audienceId,
            audience_name: connection.audienceName,
            action: 'add',
            audience_subscription_settings: {},
          },
        ],
      },
    ],
  );
  try {
    processor.validate(probe);
  } catch (error) {
    if (ConfigurationError.isConfigurationError(error)) {
      const accountIds = new Set<string>(roktAccountSettings.map((setting) => setting.id));
      const issues = error.issues.map((issue) =>
        accountIds.has(issue.setting)
          ? `outputs.${connection.outputId}.${issue.setting}: ${issue.message}`
          : `connections.${connectionId}.settings.${issue.setting}: ${issue.message}`,
      );
      throw new SyncSetupError(
        `The CSV's output "${connection.outputId}" cannot be used:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`,
      );
    }
    throw error;
  }
  return { connectionId, connection, output };
}

/**
 * Describes a failure that ended a message (a subscription's credential check, say) with the
 * plugin's own naming (`describeRequestFailure`), so one run never names a failure two ways;
 * rejected credentials are `unauthorized`.
 */
function describeError(error: unknown): { reason: string; message: string } {
  const status = HttpError.isHttpError(error) ? error.status : undefined;
  if (AuthenticationError.isAuthenticationError(error) || status === 401 || status === 403) {
    return { reason: 'unauthorized', message: (error as Error).message };
  }
  const { reason, message } = describeRequestFailure(error);
  return { reason, message };
}

/**
 * `forwarder sync`: reads the input as a stream, validates each message (settings included) and
 * delivers it through the Rokt plugin, a few messages at a time. Returns the run's summary, whose
 * `exitCode` is the process exit status: 0 when everything was delivered or deliberately skipped,
 * 1 when some message was unusable or some delivery failed for good, 2 when the run could not start
 * (nothing sent). Writes problems (with line numbers) and progress to standard error, the summary
 * to standard output (`--json`: one JSON object as the last line).
 */
export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const cwd = options.cwd ?? process.env.INIT_CWD ?? process.cwd();
  const tally = new SyncTally();
  const controller = new AbortController();
  // Every request in flight listens to the run's signal.
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const finish = (exitCode?: 0 | 1 | 2): SyncSummary => {
    const result = tally.finish(exitCode);
    if (options.json) {
      stderr.write(`${formatSummary(result)}\n`);
      stdout.write(`${JSON.stringify(result)}\n`);
    } else stdout.write(`${formatSummary(result)}\n`);
    options.signal?.removeEventListener('abort', onAbort);
    return result;
  };

  // Setup: everything that can stop the run happens before anything is sent.
  let config: ForwarderConfig | undefined;
  let input: OpenedInput;
  let processor: Processor;
  let records: AsyncIterable<InputRecord & { profiles?: number }>;
  let inactive: { connectionId: string } | undefined;
  const seen = { content: false };
  const inputPath = resolve(cwd, options.input);
  const isCsv = extname(inputPath).toLowerCase() === '.csv';
  try {
    config =
      options.config === undefined ? undefined : await loadConfig(resolve(cwd, options.config), options.env);
    input = await openInput(inputPath);
    const chunks = watchForContent(input.chunks, seen);
    processor = createProcessor({
      integration: createRoktIntegration(),
      delivery: deliveryOptionsOf(config, controller.signal),
    });
    if (isCsv) {
      const target = csvTarget(config, processor);
      if (target.connection.status === 'inactive') inactive = { connectionId: target.connectionId };
      records = membersToMessages(parseMemberCsv(chunks), {
        ...target,
        fileName: basename(inputPath),
        profilesPerMessage: config!.csv.profilesPerMessage,
        timestampMs: input.modifiedMs,
      });
    } else records = readJsonMessages(chunks);
  } catch (error) {
    if (error instanceof SyncSetupError || error instanceof ConfigFileError) {
      stderr.write(`forwarder sync: ${error.message}\n`);
      tally.addError({ line: 0, message: error.message });
      return finish(2);
    }
    throw error;
  }

  const progress: ProgressReporter = startProgress({
    stream: stderr,
    snapshot: () => ({ ...tally.snapshot(), bytesRead: input.bytesRead(), totalBytes: input.size }),
  });
  let printed = 0;
  const problem = (line: number, message: string) => {
    tally.addError({ line, message });
    printed += 1;
    if (printed <= maxPrintedProblems) progress.log(`line ${line}: ${message}`);
    else if (printed === maxPrintedProblems + 1)
      progress.log('(more problems are not printed; see the summary counts)');
  };
  if (inactive) {
    progress.log(
      `connection "${inactive.connectionId}" is inactive: its members are counted as skipped and nothing is sent`,
    );
  }

  const limit = config?.delivery.messagesInFlight ?? 4;
  const inFlight = new Set<Promise<void>>();

  async function deliver(line: number, value: unknown, profiles: number): Promise<void> {
    try {
      const { report } = await processor.process(value, { signal: controller.signal });
      tally.addReport(report);
      for (const failure of report.failures) {
        problem(
          line,
          `delivery failed (${failure.reason}${failure.status ? `, HTTP ${failure.status}` : ''}): ${failure.message}`,
        );
      }
      if (report.failures.length === 0 && report.failed > 0) {
        problem(line, `delivery failed for ${report.failed} items${reasons(report.failedReasons)}`);
      }
    } catch (error) {
      if (ValidationError.isValidationError(error)) {
        tally.invalidMessages += 1;
        problem(line, `not a valid Firehose message: ${error.message}`);
      } else if (ConfigurationError.isConfigurationError(error)) {
        tally.invalidMessages += 1;
        problem(line, `settings that cannot work: ${error.message}`);
      } else {
        const { reason, message } = describeError(error);
        tally.addFailed({ reason, message, count: Math.max(1, profiles), retryable: false });
        problem(line, `delivery failed (${reason}): ${message}`);
      }
    }
  }

  try {
    for await (const record of records) {
      if (controller.signal.aborted) break;
      if ('error' in record) {
        if (!isCsv) tally.messages += 1;
        tally.invalidMessages += 1;
        problem(record.line, isCsv ? `unusable row: ${record.error}` : `unusable message: ${record.error}`);
        continue;
      }
      tally.messages += 1;
      if (inactive) {
        tally.addSkippedProfiles(SkipReason.inactiveConnection, record.profiles ?? 0);
        continue;
      }
      const profiles =
        record.profiles ?? (record.value as { user_profiles?: unknown[] } | null)?.user_profiles?.length ?? 0;
      const task: Promise<void> = deliver(record.line, record.value, profiles).finally(() =>
        inFlight.delete(task),
      );
      inFlight.add(task);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problem(0, `reading the input stopped: ${message}`);
    tally.invalidMessages += 1;
  }
  await Promise.all(inFlight);
  progress.stop();
  if (controller.signal.aborted) {
    stderr.write('forwarder sync: interrupted; what was not delivered is counted as not sent\n');
    return finish(1);
  }
  if (!seen.content && tally.messages === 0 && tally.invalidMessages === 0) {
    stderr.write(
      `line 1: the input is empty (${input.size === 0 ? 'no bytes' : 'only white space'}): nothing to send\n`,
    );
    tally.addError({ line: 1, message: 'the input is empty: nothing to send' });
    return finish(1);
  }
  return finish();
}

export { ConfigFileError, parseConfig, SyncSetupError };
