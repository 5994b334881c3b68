import { existsSync } from 'node:fs';
import { createKeyFile, keyFilePathFor, readKeyFile } from './key-file.js';
import { SecretKey, secretKeyVariable } from './secret-key.js';
import { SecretKeyError } from './secret-key-error.js';

/** Options of {@link resolveSecretKey}. */
export interface ResolveSecretKeyOptions {
  /** The database file the key is for (`:memory:` gets a throw-away key). */
  databasePath: string;
  /** Where {@link secretKeyVariable} is looked up (default `process.env`). */
  environment?: Readonly<Record<string, string | undefined>>;
  /**
   * Whether the database already holds encrypted secrets; asked only when neither the variable
   * nor the key file exists, so that a lost key is reported instead of replaced by a new one.
   */
  databaseHoldsSecrets: (databasePath: string) => boolean;
}

/** The key in force and how it was found. */
export interface ResolvedSecretKey {
  key: SecretKey;
  /** The key file that was created for this run (it did not exist). */
  createdKeyFile?: string;
  /** Things worth telling the operator (never the key). */
  warnings: string[];
}

/**
 * Finds the key that encrypts the database's secrets: {@link secretKeyVariable} when set (it wins
 * over a key file), else the key file next to the database (`<database>.key`), else a new key file
 * created with mode 0600. Refuses (with {@link SecretKeyError}, naming the variable and the file,
 * never a key) a malformed key, and a database that already holds encrypted secrets when neither
 * the variable nor the key file is there.
 */
export function resolveSecretKey(options: ResolveSecretKeyOptions): ResolvedSecretKey {
  const environment = options.environment ?? process.env;
  const fromEnvironment = environment[secretKeyVariable];
  if (fromEnvironment !== undefined) {
    return { key: SecretKey.parse(fromEnvironment, secretKeyVariable), warnings: [] };
  }
  if (options.databasePath === ':memory:') {
    return { key: SecretKey.generate('a throw-away key (in-memory database)'), warnings: [] };
  }
  const keyFile = keyFilePathFor(options.databasePath);
  const existing = readKeyFile(keyFile);
  if (existing !== undefined) {
    return { key: existing.key, warnings: existing.warning === undefined ? [] : [existing.warning] };
  }
  if (existsSync(options.databasePath) && options.databaseHoldsSecrets(options.databasePath)) {
    throw new SecretKeyError(
      'missing',
      `The database ${options.databasePath} holds encrypted secrets, but no key was given: set ${secretKeyVariable} to the key they were encrypted with, or restore the key file ${keyFile}`,
    );
  }
  try {
    return { key: createKeyFile(keyFile), createdKeyFile: keyFile, warnings: [] };
  } catch (error) {
    // Another process created it first: use that one.
    const created = (error as { code?: unknown }).code === 'EEXIST' ? readKeyFile(keyFile) : undefined;
    if (created === undefined) {
      throw new SecretKeyError(
        'unreadable',
        `The key file ${keyFile} could not be created (${(error as { code?: string }).code ?? 'error'}); set ${secretKeyVariable} instead`,
      );
    }
    return { key: created.key, warnings: created.warning === undefined ? [] : [created.warning] };
  }
}
