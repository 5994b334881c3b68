import {
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { SecretKey } from './secret-key.js';
import { SecretKeyError } from './secret-key-error.js';

/** The key file used for a database when no key is given: `<database>.key`, next to it. */
export function keyFilePathFor(databasePath: string): string {
  return `${databasePath}.key`;
}

/** A key read from a key file, with a warning when the file is open to other users. */
export interface KeyFileContents {
  key: SecretKey;
  /** Set when the file's mode lets its group or others read it. */
  warning?: string;
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT';
}

/** Reads the key file at `path`; `undefined` when there is none. A malformed file is an error. */
export function readKeyFile(path: string): KeyFileContents | undefined {
  let text: string;
  let mode: number;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new SecretKeyError(
      'unreadable',
      `The key file ${path} could not be read (${(error as { code?: string }).code ?? 'error'})`,
    );
  }
  const key = SecretKey.parse(text, `key file ${path}`);
  const contents: KeyFileContents = { key };
  if ((mode & 0o077) !== 0) {
    contents.warning = `The key file ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}); run "chmod 600 ${path}"`;
  }
  return contents;
}

/**
 * Creates the key file at `path` with a new random key: mode 0600, created exclusively (an
 * existing file is never overwritten), written and synced to disk (file and folder) before the key
 * is used, so that no encrypted value is ever stored under a key that a crash could lose.
 */
export function createKeyFile(path: string): SecretKey {
  const key = SecretKey.generate(`key file ${path}`);
  // The database's folder may not exist yet on a first start (it is made when the database is).
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const descriptor = openSync(path, 'wx', 0o600);
  try {
    writeSync(descriptor, `${key.toBase64()}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    const folder = openSync(dirname(path), constants.O_RDONLY);
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  } catch {
    // Some platforms cannot sync a folder; the file itself is on disk.
  }
  return key;
}
