import type { ConfidentialSettings } from '../secrets/index.js';
import type { Database } from './database.js';

/** The owner an output's encrypted settings are bound to: `output:<id>`. */
export function outputOwner(id: number): string {
  return `output:${id}`;
}

/** The result of the last credential check of an output, as stored. */
export interface StoredCredentialCheck {
  ok: boolean;
  message: string;
  status?: number;
  at: string;
}

/**
 * An output configuration as read: the settings are the Firehose string map, confidential values
 * decrypted (so never hand this record to a log or an API response as it is). In the database the
 * confidential values are encrypted (see {@link ConfidentialSettings}).
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

function toRecord(row: OutputRow, secrets: ConfidentialSettings): OutputRecord {
  const stored = JSON.parse(row.settings) as Record<string, string>;
  const record: OutputRecord = {
    id: row.id,
    integrationId: row.integration_id,
    name: row.name,
    settings: secrets.open(stored, outputOwner(row.id), `output ${row.id}`),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.last_check !== null) record.lastCheck = JSON.parse(row.last_check) as StoredCredentialCheck;
  if (row.suspended_reason !== null) record.suspendedReason = row.suspended_reason;
  return record;
}

/**
 * Output configurations (one per partner account). Confidential settings are encrypted on the way
 * in and decrypted on the way out, bound to the output's id; a value that does not decrypt is a
 * `SecretDecryptionError` naming the output and the setting.
 */
export class OutputRepository {
  constructor(
    private readonly database: Database,
    private readonly secrets: ConfidentialSettings,
  ) {}

  /** Every output, oldest first. */
  list(): OutputRecord[] {
    return (this.database.prepare('SELECT * FROM outputs ORDER BY id').all() as OutputRow[]).map((row) =>
      toRecord(row, this.secrets),
    );
  }

  /** One output, or `undefined`. */
  get(id: number): OutputRecord | undefined {
    const row = this.database.prepare('SELECT * FROM outputs WHERE id = ?').get(id) as OutputRow | undefined;
    return row === undefined ? undefined : toRecord(row, this.secrets);
  }

  /** Stores a new output and returns it. */
  create(input: { integrationId: string; name: string; settings: Record<string, string> }): OutputRecord {
    const now = new Date().toISOString();
    // The id binds the encrypted values to the row, so the row is written first without settings.
    const id = this.database.transaction(() => {
      const result = this.database
        .prepare(
          "INSERT INTO outputs (integration_id, name, settings, created_at, updated_at) VALUES (?, ?, '{}', ?, ?)",
        )
        .run(input.integrationId, input.name, now, now);
      const id = Number(result.lastInsertRowid);
      this.database
        .prepare('UPDATE outputs SET settings = ? WHERE id = ?')
        .run(this.sealed(id, input.settings), id);
      return id;
    })();
    return this.get(id)!;
  }

  /** Replaces name and settings; returns the updated output, or `undefined` when unknown. */
  update(id: number, input: { name: string; settings: Record<string, string> }): OutputRecord | undefined {
    this.database
      .prepare('UPDATE outputs SET name = ?, settings = ?, updated_at = ? WHERE id = ?')
      .run(input.name, this.sealed(id, input.settings), new Date().toISOString(), id);
    return this.get(id);
  }

  private sealed(id: number, settings: Record<string, string>): string {
    return JSON.stringify(this.secrets.seal(settings, outputOwner(id)));
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
