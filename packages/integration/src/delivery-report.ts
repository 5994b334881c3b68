/** Per-audience tallies of a delivery. */
export interface AudienceTally {
  /** Delivered items by plugin-defined category, e.g. `included`, `excluded`, `events`. */
  delivered: Record<string, number>;
  skipped: number;
  failed: number;
}

/** One failure, described for people: never holds a secret or a personal identifier. */
export interface DeliveryFailure {
  /** A short reason code, e.g. `http_400`, `unauthorized`, `retries_exhausted`, `unprocessed`. */
  reason: string;
  /** What went wrong, including the partner's own message when there was one. */
  message: string;
  /** How many items this failure covers. */
  count: number;
  /** The HTTP status, when one was received. */
  status?: number;
  /** The partner's error code, when it sent one. */
  partnerCode?: string;
  /** True when another attempt later could succeed (a 5xx/429/network error after retries). */
  retryable: boolean;
  /** The audience concerned, when one. */
  audienceId?: number;
}

/** What one message's delivery did: counts, reasons, failures. JSON-serialisable. */
export interface DeliveryReport {
  /** User profiles in the message. */
  profiles: number;
  /** HTTP requests sent to the partner (retries not counted). */
  requests: number;
  /** Items (addresses, events) the partner accepted. */
  delivered: number;
  /** Items deliberately not sent, by design (an md5 email, an invalid address, an inactive connection). */
  skipped: number;
  /** Items that could not be delivered. */
  failed: number;
  /** Counts by reason. */
  skippedReasons: Record<string, number>;
  failedReasons: Record<string, number>;
  /** Failures, detailed (bounded to the first 100). */
  failures: DeliveryFailure[];
  /** The partner rejected the credentials: stop sending for this account. */
  suspend: boolean;
  /** Some failure may succeed if the message is delivered again later. */
  retryable: boolean;
  /** Tallies per audience id. */
  byAudience: Record<string, AudienceTally>;
}

const maxFailureDetails = 100;

/** An empty report. */
export function emptyDeliveryReport(): DeliveryReport {
  return {
    profiles: 0,
    requests: 0,
    delivered: 0,
    skipped: 0,
    failed: 0,
    skippedReasons: {},
    failedReasons: {},
    failures: [],
    suspend: false,
    retryable: false,
    byAudience: {},
  };
}

function tallyFor(report: DeliveryReport, audienceId: number | undefined): AudienceTally | undefined {
  if (audienceId === undefined) return undefined;
  const key = String(audienceId);
  let tally = report.byAudience[key];
  if (tally === undefined) {
    tally = { delivered: {}, skipped: 0, failed: 0 };
    report.byAudience[key] = tally;
  }
  return tally;
}

/**
 * Builds a {@link DeliveryReport} while a plugin works: `deliver`, `skip`, `fail`, `request`.
 */
export class DeliveryReportBuilder {
  readonly report: DeliveryReport = emptyDeliveryReport();

  /** Counts profiles seen. */
  profiles(count: number): this {
    this.report.profiles += count;
    return this;
  }

  /** Counts HTTP requests sent. */
  request(count = 1): this {
    this.report.requests += count;
    return this;
  }

  /** Counts items the partner accepted, under a category such as `included` or `events`. */
  deliver(category: string, count: number, audienceId?: number): this {
    if (count <= 0) return this;
    this.report.delivered += count;
    const tally = tallyFor(this.report, audienceId);
    if (tally) tally.delivered[category] = (tally.delivered[category] ?? 0) + count;
    return this;
  }

  /** Counts items skipped on purpose, with the reason. */
  skip(reason: string, count = 1, audienceId?: number): this {
    if (count <= 0) return this;
    this.report.skipped += count;
    this.report.skippedReasons[reason] = (this.report.skippedReasons[reason] ?? 0) + count;
    const tally = tallyFor(this.report, audienceId);
    if (tally) tally.skipped += count;
    return this;
  }

  /** Records a failure of `failure.count` items. */
  fail(failure: DeliveryFailure): this {
    if (failure.count <= 0) return this;
    this.report.failed += failure.count;
    this.report.failedReasons[failure.reason] =
      (this.report.failedReasons[failure.reason] ?? 0) + failure.count;
    if (failure.retryable) this.report.retryable = true;
    if (this.report.failures.length < maxFailureDetails) this.report.failures.push(failure);
    const tally = tallyFor(this.report, failure.audienceId);
    if (tally) tally.failed += failure.count;
    return this;
  }

  /** Marks the account as suspended (credentials rejected). */
  suspend(): this {
    this.report.suspend = true;
    return this;
  }

  /** The finished report. */
  build(): DeliveryReport {
    return this.report;
  }
}

function addCounts(target: Record<string, number>, source: Readonly<Record<string, number>>): void {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}

/** Adds `source` into `target` (for run totals across messages). */
export function mergeDeliveryReports(target: DeliveryReport, source: DeliveryReport): DeliveryReport {
  target.profiles += source.profiles;
  target.requests += source.requests;
  target.delivered += source.delivered;
  target.skipped += source.skipped;
  target.failed += source.failed;
  addCounts(target.skippedReasons, source.skippedReasons);
  addCounts(target.failedReasons, source.failedReasons);
  for (const failure of source.failures) {
    if (target.failures.length >= maxFailureDetails) break;
    target.failures.push(failure);
  }
  target.suspend ||= source.suspend;
  target.retryable ||= source.retryable;
  for (const [audienceId, tally] of Object.entries(source.byAudience)) {
    const into = tallyFor(target, Number(audienceId));
    if (!into) continue;
    addCounts(into.delivered, tally.delivered);
    into.skipped += tally.skipped;
    into.failed += tally.failed;
  }
  return target;
}
