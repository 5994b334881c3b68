import BetterSqlite3 from 'better-sqlite3';
import {
  type ConfidentialSettings,
  keyFilePathFor,
  queuedMessageOwner,
  SecretKeyError,
  secretKeyVariable,
  withAccountSettings,
} from '../secrets/index.js';
import type { Database } from './database.js';
import { outputOwner } from './output-repository.js';

const keyCheckContext = 'secret-key-check';
const keyCheckText = 'forwarder secret key check';
/** Queue rows rewritten per statement while encrypting an older database's messages. */
const queuePage = 500;

/**
 * Whether the database file at `path` (which exists) already holds secrets encrypted by a key:
 * its key check is set. Opens the file read-only and changes nothing.
 */
export function databaseHoldsSecrets(path: string): boolean {
  const database = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const table = database
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'secret_key_check'")
      .get();
    if (table === undefined) return false;
    return database.prepare('SELECT 1 FROM secret_key_check').get() !== undefined;
  } finally {
    database.close();
  }
}

function encryptOutputs(database: Database, secrets: ConfidentialSettings): void {
  const rows = database.prepare('SELECT id, settings FROM outputs').all() as {
    id: number;
    settings: string;
  }[];
  for (const row of rows) {
    const settings = JSON.parse(row.settings) as Record<string, string>;
    if (!secrets.hasPlaintext(settings)) continue;
    database
      .prepare('UPDATE outputs SET settings = ? WHERE id = ?')
      .run(JSON.stringify(secrets.seal(settings, outputOwner(row.id), { keepSealed: true })), row.id);
  }
}

function encryptQueuedMessages(database: Database, secrets: ConfidentialSettings): void {
  let after = 0;
  for (;;) {
    const rows = database
      .prepare(
        'SELECT id, message_id, message FROM queue WHERE id > ? AND message IS NOT NULL ORDER BY id LIMIT ?',
      )
      .all(after, queuePage) as { id: number; message_id: string; message: string }[];
    if (rows.length === 0) return;
    for (const row of rows) {
      let plaintext = false;
      const message = withAccountSettings(JSON.parse(row.message) as Record<string, unknown>, (settings) => {
        plaintext = secrets.hasPlaintext(settings);
        return secrets.seal(settings, queuedMessageOwner(row.message_id), { keepSealed: true });
      });
      if (plaintext) {
        database.prepare('UPDATE queue SET message = ? WHERE id = ?').run(JSON.stringify(message), row.id);
      }
    }
    after = rows.at(-1)!.id;
  }
}

/**
 * Makes sure the database's secrets are encrypted with `secrets`' key, at every open:
 *
 * - A database whose key check is set was written with a key: the key must open the check, or a
 *   {@link SecretKeyError} names the variable and the key file to fix (never a key).
 * - Otherwise (a new database, or one from before secrets were encrypted), every confidential
 *   value still in plaintext (outputs' settings, queued messages' account settings) is encrypted
 *   and the key check is written, in one transaction; then the file is vacuumed and the WAL
 *   truncated, so no plaintext copy stays in free pages or the WAL.
 */
export function secureStoredSecrets(database: Database, path: string, secrets: ConfidentialSettings): void {
  const check = database.prepare('SELECT value FROM secret_key_check WHERE id = 1').get() as
    | { value: string }
    | undefined;
  if (check !== undefined) {
    const opened = secrets.cipher.open(check.value, keyCheckContext);
    if (!opened.ok || opened.value !== keyCheckText) {
      throw new SecretKeyError(
        'mismatch',
        `The secret key from ${secrets.keySource} is not the key the secrets in ${path} were encrypted with: set ${secretKeyVariable} to that key, or unset it and restore the key file ${keyFilePathFor(path)}`,
      );
    }
    return;
  }
  const secureDelete = database.pragma('secure_delete', { simple: true }) as number;
  database.pragma('secure_delete = ON');
  try {
    database.transaction(() => {
      encryptOutputs(database, secrets);
      encryptQueuedMessages(database, secrets);
      database
        .prepare('INSERT INTO secret_key_check (id, value, created_at) VALUES (1, ?, ?)')
        .run(secrets.cipher.seal(keyCheckText, keyCheckContext), new Date().toISOString());
    })();
    if (path !== ':memory:') {
      // Deleted or replaced plaintext (older outputs, delivered messages) may still sit in free
      // pages: rebuild the file from its live rows (quick for a new database; once per database).
      database.exec('VACUUM');
      database.pragma('wal_checkpoint(TRUNCATE)');
    }
  } finally {
    database.pragma(`secure_delete = ${secureDelete}`);
  }
}
