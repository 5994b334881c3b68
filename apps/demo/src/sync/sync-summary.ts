import type { DeliveryReport } from '@forwarder/integration';

/** One problem of a run, with the line of the message (or CSV row) concerned. */
export interface SyncError {
  /** The 1-based input line where the message or row starts. */
  line: number;
  /** What went wrong; never holds a secret. */
  message: string;
}

/** What `forwarder sync` did: the object printed as the last line with `--json`. */
export interface SyncSummary {
  /** Messages read (Firehose messages, or messages built from CSV rows), usable or not. */
  messages: number;
  /** User profiles in the usable messages (CSV: rows). */
  profiles: number;
  /** HTTP requests sent to Rokt (retries not counted). */
  requests: number;
  /** Items (addresses, events) Rokt accepted. */
  delivered: number;
  /** Items deliberately not sent (md5 email, invalid email, inactive connection, ...). */
  skipped: number;
  /** Items that could not be delivered. */
  failed: number;
  /** Messages or CSV rows that could not be used (nothing of them was sent). */
  invalidMessages: number;
  /** Skipped items by reason. */
  skippedReasons: Record<string, number>;
  /** Failed items by reason. */
  failedReasons: Record<string, number>;
  /** The first problems, each with its line (at most {@link maxReportedErrors}). */
  errors: SyncError[];
  /** Problems beyond those listed in `errors`. */
  errorsOmitted: number;
  /** Wall-clock time of the run, in milliseconds. */
  durationMs: number;
  /** The process exit status: 0, 1 or 2. */
  exitCode: 0 | 1 | 2;
}

/** The most problems kept in {@link SyncSummary.errors}. */
export const maxReportedErrors = 100;

function addCounts(target: Record<string, number>, source: Readonly<Record<string, number>>): void {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}

/** Accumulates a run's counts as messages are processed. */
export class SyncTally {
  readonly #startedAt = performance.now();
  readonly summary: SyncSummary = {
    messages: 0,
    profiles: 0,
    requests: 0,
    delivered: 0,
    skipped: 0,
    failed: 0,
    invalidMessages: 0,
    skippedReasons: {},
    failedReasons: {},
    errors: [],
    errorsOmitted: 0,
    durationMs: 0,
    exitCode: 0,
  };

  /** Adds one message's delivery report. */
  addReport(report: DeliveryReport): void {
    const summary = this.summary;
    summary.profiles += report.profiles;
    summary.requests += report.requests;
    summary.delivered += report.delivered;
    summary.skipped += report.skipped;
    summary.failed += report.failed;
    addCounts(summary.skippedReasons, report.skippedReasons);
    addCounts(summary.failedReasons, report.failedReasons);
  }

  /** Counts items skipped on purpose. */
  addSkipped(reason: string, count: number): void {
    this.summary.skipped += count;
    this.summary.skippedReasons[reason] = (this.summary.skippedReasons[reason] ?? 0) + count;
  }

  /** Counts items failed without a report (an unexpected error). */
  addFailed(reason: string, count: number): void {
    this.summary.failed += count;
    this.summary.failedReasons[reason] = (this.summary.failedReasons[reason] ?? 0) + count;
  }

  /** Records a problem with its line (kept while under the bound). */
  addError(error: SyncError): void {
    if (this.summary.errors.length < maxReportedErrors) this.summary.errors.push(error);
    else this.summary.errorsOmitted += 1;
  }

  /** Ends the run: the duration and the exit status (1 when anything was unusable or failed). */
  finish(exitCode?: 0 | 1 | 2): SyncSummary {
    const summary = this.summary;
    summary.durationMs = Math.round(performance.now() - this.#startedAt);
    summary.exitCode = exitCode ?? (summary.invalidMessages > 0 || summary.failed > 0 ? 1 : 0);
    return summary;
  }
}
