import type { Database } from './database.js';

/** An audience with its member and connection counts. */
export interface AudienceRecord {
  id: number;
  name: string;
  memberCount: number;
  connections: number;
  createdAt: string;
}

interface AudienceRow {
  id: number;
  name: string;
  created_at: string;
  member_count: number;
  connection_count: number;
}

const selectAudiences = `
  SELECT a.id, a.name, a.created_at,
    (SELECT COUNT(*) FROM members m WHERE m.audience_id = a.id) AS member_count,
    (SELECT COUNT(*) FROM connections c WHERE c.audience_id = a.id) AS connection_count
  FROM audiences a`;

function toRecord(row: AudienceRow): AudienceRecord {
  return {
    id: row.id,
    name: row.name,
    memberCount: row.member_count,
    connections: row.connection_count,
    createdAt: row.created_at,
  };
}

/** Audiences: named sets of members. */
export class AudienceRepository {
  constructor(private readonly database: Database) {}

  /** Every audience, oldest first. */
  list(): AudienceRecord[] {
    return (this.database.prepare(`${selectAudiences} ORDER BY a.id`).all() as AudienceRow[]).map(toRecord);
  }

  /** One audience, or `undefined`. */
  get(id: number): AudienceRecord | undefined {
    const row = this.database.prepare(`${selectAudiences} WHERE a.id = ?`).get(id) as AudienceRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /** Stores a new audience and returns it. */
  create(name: string): AudienceRecord {
    const result = this.database
      .prepare('INSERT INTO audiences (name, created_at) VALUES (?, ?)')
      .run(name, new Date().toISOString());
    return this.get(Number(result.lastInsertRowid))!;
  }

  /** Deletes the audience with its members and connections; false when it did not exist. */
  delete(id: number): boolean {
    return this.database.prepare('DELETE FROM audiences WHERE id = ?').run(id).changes > 0;
  }
}
