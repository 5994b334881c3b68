import type { Database } from './database.js';

/** The result of the last credential check of an output, as stored. */
export interface StoredCredentialCheck {
  ok: boolean;
  message: string;
  status?: number;
  at: string;
}

/**
 * An output configuration as stored: the settings are the Firehose string map (confidential
 * values included, so never hand this record to a log or an API response as it is).
 */
export interface OutputRecord {
  id: number;
  integrationId: string;
  name: string;
  settings: Record<string, string>;
  lastCheck?: StoredCredentialCheck;
  /** Set while the partner rejects the credentials; deliveries of this output wait. */
  suspendedReason?: string;
  createdAt: string;
  updatedAt: string;
}

interface OutputRow {
  id: number;
  integration_id: string;
  name: string;
  settings: string;
  last_check: string | null;
  suspended_reason: string | null;
  created_at: string;
  updated_at: string;
}

function toRecord(row: OutputRow): OutputRecord {
  const record: OutputRecord = {
    id: row.id,
    integrationId: row.integration_id,
    name: row.name,
    settings: JSON.parse(row.settings) as Record<string, string>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.last_check !== null) record.lastCheck = JSON.parse(row.last_check) as StoredCredentialCheck;
  if (row.suspended_reason !== null) record.suspendedReason = row.suspended_reason;
  return record;
}

/** Output configurations (one per partner account). */
export class OutputRepository {
  constructor(private readonly database: Database) {}

  /** Every output, oldest first. */
  list(): OutputRecord[] {
    return (this.database.prepare('SELECT * FROM outputs ORDER BY id').all() as OutputRow[]).map(toRecord);
  }

  /** One output, or `undefined`. */
  get(id: number): OutputRecord | undefined {
    const row = this.database.prepare('SELECT * FROM outputs WHERE id = ?').get(id) as OutputRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /** Stores a new output and returns it. */
  create(input: { integrationId: string; name: string; settings: Record<string, string> }): OutputRecord {
    const now = new Date().toISOString();
    const result = this.database
      .prepare(
        'INSERT INTO outputs (integration_id, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(input.integrationId, input.name, JSON.stringify(input.settings), now, now);
    return this.get(Number(result.lastInsertRowid))!;
  }

  /** Replaces name and settings; returns the updated output, or `undefined` when unknown. */
  update(id: number, input: { name: string; settings: Record<string, string> }): OutputRecord | undefined {
    this.database
      .prepare('UPDATE outputs SET name = ?, settings = ?, updated_at = ? WHERE id = ?')
      .run(input.name, JSON.stringify(input.settings), new Date().toISOString(), id);
    return this.get(id);
  }

  /** Records the result of a credential check. */
  recordCheck(id: number, check: StoredCredentialCheck): void {
    this.database.prepare('UPDATE outputs SET last_check = ? WHERE id = ?').run(JSON.stringify(check), id);
  }

  /** Marks the output suspended (`reason`) or clears the suspension (`undefined`). */
  setSuspended(id: number, reason: string | undefined): void {
    this.database.prepare('UPDATE outputs SET suspended_reason = ? WHERE id = ?').run(reason ?? null, id);
  }

  /** Deletes the output (and, by cascade, its connections); false when it did not exist. */
  delete(id: number): boolean {
    return this.database.prepare('DELETE FROM outputs WHERE id = ?').run(id).changes > 0;
  }
}
