import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrate } from './migrations.js';

/** An open better-sqlite3 database. */
export type Database = BetterSqlite3.Database;

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** How long a statement waits for a lock held by another connection, in milliseconds. */
  busyTimeoutMs?: number;
  /**
   * `FULL` (the default): every commit of this connection is on disk before it returns. `NORMAL`:
   * a commit survives a crash of the process but, after a power loss, may be undone until the next
   * `FULL` commit of any connection or checkpoint (WAL frames are written in order, so that commit
   * syncs them all). For connections whose writes may be lost and redone, never for accepting work.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * `backstop`: this connection leaves checkpoints to another one, and copies the WAL into the
   * database itself only if the WAL has grown to about 40 MB (10,000 pages) because the other did
   * not (`wal_autocheckpoint = 10000` instead of SQLite's 1,000 pages). Default `normal`.
   */
  checkpoints?: 'normal' | 'backstop';
}

/**
 * Opens (creating it and its folder when missing) the SQLite database file at `path`, switches it
 * to WAL mode with `synchronous = FULL` (a committed queue write survives a crash of the process
 * and of the machine) and applies the schema migrations. `:memory:` opens a throw-away database.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path, { timeout: options.busyTimeoutMs ?? 5_000 });
  // The app prepares the same few SQL texts on every call, and preparing costs more than running
  // them: each text is prepared once per connection. (No statement is ever iterated, the one use
  // that forbids running a statement again while it is busy.)
  const prepareOnce = database.prepare.bind(database);
  const statements = new Map<string, BetterSqlite3.Statement>();
  database.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement === undefined) {
      statement = prepareOnce(source);
      statements.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
  database.pragma('journal_mode = WAL');
  database.pragma(
    `synchronous = ${process.env.FORWARDER_SQLITE_SYNCHRONOUS ?? options.synchronous ?? 'FULL'}`,
  );
  if (options.checkpoints === 'backstop') database.pragma('wal_autocheckpoint = 10000');
  database.pragma('foreign_keys = ON');
  migrate(database);
  return database;
}
