import {
  type DeliveryFailure,
  type DeliveryReport,
  DeliveryReportBuilder,
  emptyDeliveryReport,
  mergeDeliveryReports,
} from '@forwarder/integration';

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

/** Accumulates a run's counts as messages are processed. */
export class SyncTally {
  readonly #startedAt = performance.now();
  /** Every message's delivery report, merged. */
  readonly #deliveries: DeliveryReport = emptyDeliveryReport();
  readonly #errors: SyncError[] = [];
  #errorsOmitted = 0;
  /** Messages read, usable or not. */
  messages = 0;
  /** Messages or CSV rows that could not be used. */
  invalidMessages = 0;

  /** Adds one message's delivery report (or a report built for items not sent). */
  addReport(report: DeliveryReport): void {
    mergeDeliveryReports(this.#deliveries, report);
  }

  /** Counts profiles skipped on purpose, each one item, for `reason`. */
  addSkippedProfiles(reason: string, profiles: number): void {
    this.addReport(new DeliveryReportBuilder().profiles(profiles).skip(reason, profiles).build());
  }

  /** Counts items failed without a report (an unexpected error). */
  addFailed(failure: DeliveryFailure): void {
    this.addReport(new DeliveryReportBuilder().fail(failure).build());
  }

  /** Records a problem with its line (kept while under the bound). */
  addError(error: SyncError): void {
    if (this.#errors.length < maxReportedErrors) this.#errors.push(error);
    else this.#errorsOmitted += 1;
  }

  /** The counts so far (`durationMs` is the time elapsed, `exitCode` 0 until {@link finish}). */
  snapshot(): SyncSummary {
    const deliveries = this.#deliveries;
    return {
      messages: this.messages,
      profiles: deliveries.profiles,
      requests: deliveries.requests,
      delivered: deliveries.delivered,
      skipped: deliveries.skipped,
      failed: deliveries.failed,
      invalidMessages: this.invalidMessages,
      skippedReasons: { ...deliveries.skippedReasons },
      failedReasons: { ...deliveries.failedReasons },
      errors: [...this.#errors],
      errorsOmitted: this.#errorsOmitted,
      durationMs: Math.round(performance.now() - this.#startedAt),
      exitCode: 0,
    };
  }

  /** Ends the run: the duration and the exit status (1 when anything was unusable or failed). */
  finish(exitCode?: 0 | 1 | 2): SyncSummary {
    const summary = this.snapshot();
    summary.exitCode = exitCode ?? (summary.invalidMessages > 0 || summary.failed > 0 ? 1 : 0);
    return summary;
  }
}
