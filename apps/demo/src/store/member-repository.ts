import type { Database } from './database.js';

/** A user attribute value: a string, or a list of strings. */
export type AttributeValue = string | string[];

/** One member of an audience. */
export interface Member {
  mpid: string;
  email?: string;
  mobile?: string;
  attributes?: Record<string, AttributeValue>;
}

interface MemberRow {
  mpid: string;
  email: string | null;
  mobile: string | null;
  attributes: string;
}

function toMember(row: MemberRow): Member {
  const member: Member = { mpid: row.mpid };
  if (row.email !== null) member.email = row.email;
  if (row.mobile !== null) member.mobile = row.mobile;
  const attributes = JSON.parse(row.attributes) as Record<string, AttributeValue>;
  if (Object.keys(attributes).length > 0) member.attributes = attributes;
  return member;
}

/** Members of audiences, keyed by audience and mpid. */
export class MemberRepository {
  constructor(private readonly database: Database) {}

  /** Members of an audience in a stable order (by mpid), a page at a time. */
  list(audienceId: number, options: { limit?: number; offset?: number } = {}): Member[] {
    const rows = this.database
      .prepare('SELECT * FROM members WHERE audience_id = ? ORDER BY mpid LIMIT ? OFFSET ?')
      .all(audienceId, options.limit ?? 100, options.offset ?? 0) as MemberRow[];
    return rows.map(toMember);
  }

  /** Every member of an audience, `size` at a time (keyset pagination, bounded memory). */
  *pages(audienceId: number, size: number): Generator<Member[]> {
    const statement = this.database.prepare(
      'SELECT * FROM members WHERE audience_id = ? AND mpid > ? ORDER BY mpid LIMIT ?',
    );
    let after = '';
    for (;;) {
      const rows = statement.all(audienceId, after, size) as MemberRow[];
      if (rows.length === 0) return;
      yield rows.map(toMember);
      after = rows.at(-1)!.mpid;
      if (rows.length < size) return;
    }
  }

  /** The stored members of an audience among `mpids` (for removals: what to exclude). */
  find(audienceId: number, mpids: readonly string[]): Member[] {
    const statement = this.database.prepare('SELECT * FROM members WHERE audience_id = ? AND mpid = ?');
    const found: Member[] = [];
    for (const mpid of mpids) {
      const row = statement.get(audienceId, mpid) as MemberRow | undefined;
      if (row !== undefined) found.push(toMember(row));
    }
    return found;
  }

  /** Adds or replaces members, in one transaction. */
  upsert(audienceId: number, members: readonly Member[]): void {
    const statement = this.database.prepare(`
      INSERT INTO members (audience_id, mpid, email, mobile, attributes, updated_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (audience_id, mpid) DO UPDATE SET
        email = excluded.email, mobile = excluded.mobile,
        attributes = excluded.attributes, updated_at = excluded.updated_at`);
    const now = new Date().toISOString();
    this.database.transaction(() => {
      for (const member of members) {
        statement.run(
          audienceId,
          member.mpid,
          member.email ?? null,
          member.mobile ?? null,
          JSON.stringify(member.attributes ?? {}),
          now,
        );
      }
    })();
  }

  /** Removes members by mpid, in one transaction; returns how many existed. */
  remove(audienceId: number, mpids: readonly string[]): number {
    const statement = this.database.prepare('DELETE FROM members WHERE audience_id = ? AND mpid = ?');
    let removed = 0;
    this.database.transaction(() => {
      for (const mpid of mpids) removed += statement.run(audienceId, mpid).changes;
    })();
    return removed;
  }

  /** How many members an audience has. */
  count(audienceId: number): number {
    const row = this.database
      .prepare('SELECT COUNT(*) AS n FROM members WHERE audience_id = ?')
      .get(audienceId) as {
      n: number;
    };
    return row.n;
  }
}
