import type { Database } from './database.js';

/**
 * Partner accounts whose credentials were rejected, for Firehose messages (which carry their own
 * credentials): the key names the account and a digest of the credentials, so that a message with
 * new credentials is not held back by an old rejection. Always read from the database, since the
 * delivery thread writes it through its own connection.
 */
export class SuspensionRepository {
  constructor(private readonly database: Database) {}

  /** The reason `key` is suspended, or `undefined`. */
  reasonFor(key: string): string | undefined {
    const row = this.database.prepare('SELECT reason FROM suspensions WHERE key = ?').get(key) as
      | { reason: string }
      | undefined;
    return row?.reason;
  }

  /** Records a suspension. */
  suspend(key: string, reason: string): void {
    this.database
      .prepare('INSERT OR REPLACE INTO suspensions (key, reason, at) VALUES (?, ?, ?)')
      .run(key, reason, new Date().toISOString());
  }

  /** Lifts a suspension. */
  lift(key: string): void {
    this.database.prepare('DELETE FROM suspensions WHERE key = ?').run(key);
  }
}
