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

/** One delivery log entry, as the admin API shows it. */
export interface DeliveryLogEntry {
  id: number;
  at: string;
  audienceId: number | null;
  connectionId: number | null;
  outputId: number | null;
  messageId: string | null;
  status: DeliveryStatus;
  profiles: number;
  delivered: number;
  included: number;
  excluded: number;
  events: number;
  skipped: number;
  failed: number;
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

interface DeliveryLogRow {
  id: number;
  at: string;
  audience_id: number | null;
  connection_id: number | null;
  output_id: number | null;
  message_id: string | null;
  status: DeliveryStatus;
  profiles: number;
  delivered: number;
  included: number;
  excluded: number;
  events: number;
  skipped: number;
  failed: number;
  reasons: string;
  failures: string;
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
    profiles: row.profiles,
    delivered: row.delivered,
    included: row.included,
    excluded: row.excluded,
    events: row.events,
    skipped: row.skipped,
    failed: row.failed,
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
      .prepare(
        `INSERT INTO delivery_log (at, audience_id, connection_id, output_id, message_id, status, profiles,
           delivered, included, excluded, events, skipped, failed, reasons, failures)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        new Date().toISOString(),
        entry.audienceId ?? null,
        entry.connectionId ?? null,
        entry.outputId ?? null,
        entry.messageId ?? null,
        entry.status,
        entry.profiles ?? 0,
        entry.delivered ?? 0,
        entry.included ?? 0,
        entry.excluded ?? 0,
        entry.events ?? 0,
        entry.skipped ?? 0,
        entry.failed ?? 0,
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

  /** Delivery totals per audience id. */
  totalsByAudience(): Record<string, AudienceTotals> {
    const rows = this.database
      .prepare(
        `SELECT audience_id, SUM(included) AS included, SUM(excluded) AS excluded, SUM(events) AS events,
           SUM(skipped) AS skipped, SUM(CASE WHEN status = 'failed' THEN failed ELSE 0 END) AS failed
         FROM delivery_log WHERE audience_id IS NOT NULL GROUP BY audience_id`,
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
