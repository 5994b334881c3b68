import type { Database } from './database.js';

/** Whether a connection forwards anything. Connections start `inactive`. */
export type ConnectionStatus = 'active' | 'inactive';

/** Typed connection settings, e.g. `{ hashFirstName: true, forwardedAttributes: ['$zip'] }`. */
export type ConnectionSettingValues = Record<string, string | number | boolean | string[]>;

/** A connection of one audience to one output configuration. */
export interface ConnectionRecord {
  id: number;
  audienceId: number;
  outputId: number;
  status: ConnectionStatus;
  settings: ConnectionSettingValues;
  createdAt: string;
  updatedAt: string;
}

interface ConnectionRow {
  id: number;
  audience_id: number;
  output_id: number;
  status: ConnectionStatus;
  settings: string;
  created_at: string;
  updated_at: string;
}

function toRecord(row: ConnectionRow): ConnectionRecord {
  return {
    id: row.id,
    audienceId: row.audience_id,
    outputId: row.output_id,
    status: row.status,
    settings: JSON.parse(row.settings) as ConnectionSettingValues,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Connections between audiences and outputs. */
export class ConnectionRepository {
  constructor(private readonly database: Database) {}

  /** Every connection, oldest first. */
  list(): ConnectionRecord[] {
    return (this.database.prepare('SELECT * FROM connections ORDER BY id').all() as ConnectionRow[]).map(
      toRecord,
    );
  }

  /** The connections of one audience. */
  forAudience(audienceId: number): ConnectionRecord[] {
    const rows = this.database
      .prepare('SELECT * FROM connections WHERE audience_id = ? ORDER BY id')
      .all(audienceId) as ConnectionRow[];
    return rows.map(toRecord);
  }

  /** One connection, or `undefined`. */
  get(id: number): ConnectionRecord | undefined {
    const row = this.database.prepare('SELECT * FROM connections WHERE id = ?').get(id) as
      | ConnectionRow
      | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /** Stores a new, inactive connection. */
  create(input: {
    audienceId: number;
    outputId: number;
    settings: ConnectionSettingValues;
  }): ConnectionRecord {
    const now = new Date().toISOString();
    const result = this.database
      .prepare(
        `INSERT INTO connections (audience_id, output_id, status, settings, created_at, updated_at)
         VALUES (?, ?, 'inactive', ?, ?, ?)`,
      )
      .run(input.audienceId, input.outputId, JSON.stringify(input.settings), now, now);
    return this.get(Number(result.lastInsertRowid))!;
  }

  /** Changes status and/or settings; returns the updated connection, or `undefined` when unknown. */
  update(
    id: number,
    input: { status?: ConnectionStatus; settings?: ConnectionSettingValues },
  ): ConnectionRecord | undefined {
    const current = this.get(id);
    if (current === undefined) return undefined;
    this.database
      .prepare('UPDATE connections SET status = ?, settings = ?, updated_at = ? WHERE id = ?')
      .run(
        input.status ?? current.status,
        JSON.stringify(input.settings ?? current.settings),
        new Date().toISOString(),
        id,
      );
    return this.get(id);
  }

  /** Deletes a connection; false when it did not exist. */
  delete(id: number): boolean {
    return this.database.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
  }
}
