import type BetterSqlite3 from 'better-sqlite3';

/** One schema change, applied once, in order; the database's `user_version` records the last. */
interface Migration {
  version: number;
  description: string;
  sql: string;
}

const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'outputs, audiences, members, connections, delivery log, queue',
    sql: `
      CREATE TABLE outputs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        integration_id TEXT NOT NULL,
        name TEXT NOT NULL,
        settings TEXT NOT NULL,
        last_check TEXT,
        suspended_reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE audiences (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE members (
        audience_id INTEGER NOT NULL REFERENCES audiences(id) ON DELETE CASCADE,
        mpid TEXT NOT NULL,
        email TEXT,
        mobile TEXT,
        attributes TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (audience_id, mpid)
      );
      CREATE TABLE connections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        audience_id INTEGER NOT NULL REFERENCES audiences(id) ON DELETE CASCADE,
        output_id INTEGER NOT NULL REFERENCES outputs(id) ON DELETE CASCADE,
        status TEXT NOT NULL DEFAULT 'inactive' CHECK (status IN ('active', 'inactive')),
        settings TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX connections_by_audience ON connections(audience_id);
      CREATE TABLE delivery_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        audience_id INTEGER,
        connection_id INTEGER,
        output_id INTEGER,
        message_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('delivered', 'failed', 'skipped', 'retrying')),
        profiles INTEGER NOT NULL DEFAULT 0,
        delivered INTEGER NOT NULL DEFAULT 0,
        included INTEGER NOT NULL DEFAULT 0,
        excluded INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        reasons TEXT NOT NULL DEFAULT '{}',
        failures TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX delivery_log_by_audience ON delivery_log(audience_id, id);
      CREATE TABLE suspensions (
        key TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE TABLE queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id TEXT NOT NULL UNIQUE,
        message TEXT,
        partition_key TEXT NOT NULL,
        connection_id INTEGER,
        output_id INTEGER,
        audience_id INTEGER,
        profiles INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        available_at INTEGER NOT NULL,
        lease_until INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX queue_ready ON queue(status, available_at, id);
      CREATE TABLE queue_paused_keys (
        partition_key TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'queue: find the oldest undelivered item of a partition quickly (in-order delivery)',
    sql: `CREATE INDEX queue_undelivered_by_partition ON queue(status, partition_key, id);`,
  },
  {
    version: 3,
    description:
      'secrets at rest: a value encrypted with the database key, to tell a wrong key at start-up (the secrets themselves are encrypted on open, see stored-secrets.ts)',
    sql: `
      CREATE TABLE secret_key_check (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
];

/** The schema version this code expects. */
export const schemaVersion = migrations.at(-1)?.version ?? 0;

/**
 * Brings the database schema up to {@link schemaVersion}, each migration in its own transaction.
 * Refuses a database written by a newer version of the code.
 */
export function migrate(database: BetterSqlite3.Database): void {
  const current = database.pragma('user_version', { simple: true }) as number;
  if (current > schemaVersion) {
    throw new Error(
      `The database schema is version ${current}, newer than this program understands (${schemaVersion})`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    database.transaction(() => {
      database.exec(migration.sql);
      database.pragma(`user_version = ${migration.version}`);
    })();
  }
}
