import type { Database } from './database.js';

/**
 * Partner accounts whose credentials were rejected, for Firehose messages (which carry their own
 * credentials): the key names the account and a digest of the credentials, so that a message with
 * new credentials is not held back by an old rejection.
 */
export class SuspensionRepository {
  private readonly cache = new Map<string, string>();

  constructor(private readonly database: Database) {
    const rows = database.prepare('SELECT key, reason FROM suspensions').all() as {
      key: string;
      reason: string;
    }[];
    for (const row of rows) this.cache.set(row.key, row.reason);
  }

  /** The reason `key` is suspended, or `undefined`. */
  reasonFor(key: string): string | undefined {
    return this.cache.get(key);
  }

  /** Records a suspension. */
  suspend(key: string, reason: string): void {
    this.database
      .prepare('INSERT OR REPLACE INTO suspensions (key, reason, at) VALUES (?, ?, ?)')
      .run(key, reason, new Date().toISOString());
    this.cache.set(key, reason);
  }

  /** Lifts a suspension. */
  lift(key: string): void {
    this.database.prepare('DELETE FROM suspensions WHERE key = ?').run(key);
    this.cache.delete(key);
  }
}
