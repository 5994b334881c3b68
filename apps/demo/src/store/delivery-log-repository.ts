import type { Database } from './database.js';

/** What became of one delivery attempt (or of a change that was not sent). */
export type DeliveryStatus = 'delivered' | 'failed' | 'skipped' | 'retrying';

/** One failure in a delivery log entry; never holds a secret or a personal identifier. */
export interface DeliveryLogFailure {
  reason: string;
  message: string;
  status?: number;
  count?: number;
}

/** The counts of an entry, named alike in the table and in the entry, in column order. */
const countColumns = [
  'profiles',
  'delivered',
  'included',
  'excluded',
  'events',
  'skipped',
  'failed',
] as const;

/** An entry's counts: profiles, delivered, included, excluded, events, skipped, failed. */
export type DeliveryCounts = Record<(typeof countColumns)[number], number>;

/** One delivery log entry, as the admin API shows it. */
export interface DeliveryLogEntry extends DeliveryCounts {
  id: number;
  at: string;
  audienceId: number | null;
  connectionId: number | null;
  outputId: number | null;
  messageId: string | null;
  status: DeliveryStatus;
  /** Counts by reason (skipped and failed). */
  reasons: Record<string, number>;
  failures: DeliveryLogFailure[];
}

/** A new entry: everything but the id and time, counts defaulting to 0. */
export type NewDeliveryLogEntry = Pick<DeliveryLogEntry, 'status'> &
  Partial<Omit<DeliveryLogEntry, 'id' | 'at' | 'status'>>;

/** Delivery totals of one audience. */
export interface AudienceTotals {
  included: number;
  excluded: number;
  events: number;
  skipped: number;
  failed: number;
}

interface DeliveryLogRow extends DeliveryCounts {
  id: number;
  at: string;
  audience_id: number | null;
  connection_id: number | null;
  output_id: number | null;
  message_id: string | null;
  status: DeliveryStatus;
  reasons: string;
  failures: string;
}

const insertStatement = `INSERT INTO delivery_log (at, audience_id, connection_id, output_id, message_id,
  status, ${countColumns.join(', ')}, reasons, failures)
  VALUES (?, ?, ?, ?, ?, ?, ${countColumns.map(() => '?').join(', ')}, ?, ?)`;

function countsOf(source: Partial<DeliveryCounts>): DeliveryCounts {
  return Object.fromEntries(countColumns.map((column) => [column, source[column] ?? 0])) as DeliveryCounts;
}

function toEntry(row: DeliveryLogRow): DeliveryLogEntry {
  return {
    id: row.id,
    at: row.at,
    audienceId: row.audience_id,
    connectionId: row.connection_id,
    outputId: row.output_id,
    messageId: row.message_id,
    status: row.status,
    ...countsOf(row),
    reasons: JSON.parse(row.reasons) as Record<string, number>,
    failures: JSON.parse(row.failures) as DeliveryLogFailure[],
  };
}

/** The delivery log: one entry per delivery attempt and audience, or per skipped change. */
export class DeliveryLogRepository {
  constructor(private readonly database: Database) {}

  /** Appends an entry and returns it as stored. */
  append(entry: NewDeliveryLogEntry): DeliveryLogEntry {
    const result = this.database
      .prepare(insertStatement)
      .run(
        new Date().toISOString(),
        entry.audienceId ?? null,
        entry.connectionId ?? null,
        entry.outputId ?? null,
        entry.messageId ?? null,
        entry.status,
        ...countColumns.map((column) => entry[column] ?? 0),
        JSON.stringify(entry.reasons ?? {}),
        JSON.stringify(entry.failures ?? []),
      );
    const row = this.database
      .prepare('SELECT * FROM delivery_log WHERE id = ?')
      .get(Number(result.lastInsertRowid)) as DeliveryLogRow;
    return toEntry(row);
  }

  /** The most recent entries, newest first, optionally of one audience. */
  recent(options: { audienceId?: number; limit?: number } = {}): DeliveryLogEntry[] {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1_000);
    const rows =
      options.audienceId === undefined
        ? this.database.prepare('SELECT * FROM delivery_log ORDER BY id DESC LIMIT ?').all(limit)
        : this.database
            .prepare('SELECT * FROM delivery_log WHERE audience_id = ? ORDER BY id DESC LIMIT ?')
            .all(options.audienceId, limit);
    return (rows as DeliveryLogRow[]).map(toEntry);
  }

  /**
   * Delivery totals per audience id. An attempt that is retried (`retrying`) is left out: the next
   * attempt sends the whole message again and its entry counts all of it, so what the first
   * attempt delivered is counted once, when the message is delivered or fails.
   */
  totalsByAudience(): Record<string, AudienceTotals> {
    const rows = this.database
      .prepare(
        `SELECT audience_id, SUM(included) AS included, SUM(excluded) AS excluded, SUM(events) AS events,
           SUM(skipped) AS skipped, SUM(CASE WHEN status = 'failed' THEN failed ELSE 0 END) AS failed
         FROM delivery_log WHERE audience_id IS NOT NULL AND status != 'retrying' GROUP BY audience_id`,
      )
      .all() as (AudienceTotals & { audience_id: number })[];
    const totals: Record<string, AudienceTotals> = {};
    for (const row of rows) {
      totals[String(row.audience_id)] = {
        included: row.included,
        excluded: row.excluded,
        events: row.events,
        skipped: row.skipped,
        failed: row.failed,
      };
    }
    return totals;
  }
}
