import type { ConfidentialSettings } from '../secrets/index.js';
import { AudienceRepository } from './audience-repository.js';
import { ConnectionRepository } from './connection-repository.js';
import { type Database, type OpenDatabaseOptions, openDatabase } from './database.js';
import { DeliveryLogRepository } from './delivery-log-repository.js';
import { MemberRepository } from './member-repository.js';
import { OutputRepository } from './output-repository.js';
import { secureStoredSecrets } from './stored-secrets.js';
import { SuspensionRepository } from './suspension-repository.js';

/** The embedded store: one SQLite file, one repository per concept. */
export interface Store {
  readonly database: Database;
  readonly path: string;
  readonly outputs: OutputRepository;
  readonly audiences: AudienceRepository;
  readonly members: MemberRepository;
  readonly connections: ConnectionRepository;
  readonly deliveries: DeliveryLogRepository;
  readonly suspensions: SuspensionRepository;
  /** Closes the database (checkpointing the WAL). */
  close(): void;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Encrypts and decrypts the confidential settings with the database's key. */
  secrets: ConfidentialSettings;
  /** How the connection commits (see {@link OpenDatabaseOptions.synchronous}); default `FULL`. */
  synchronous?: OpenDatabaseOptions['synchronous'];
}

/**
 * Opens (creating and migrating when needed) the store at `path`. The key must be the one the
 * database's secrets were encrypted with (`SecretKeyError` otherwise); secrets still in
 * plaintext (a database from before they were encrypted) are encrypted now.
 */
export function openStore(path: string, options: OpenStoreOptions): Store {
  const database = openDatabase(path, options.synchronous ? { synchronous: options.synchronous } : {});
  try {
    secureStoredSecrets(database, path, options.secrets);
  } catch (error) {
    database.close();
    throw error;
  }
  return {
    database,
    path,
    outputs: new OutputRepository(database, options.secrets),
    audiences: new AudienceRepository(database),
    members: new MemberRepository(database),
    connections: new ConnectionRepository(database),
    deliveries: new DeliveryLogRepository(database),
    suspensions: new SuspensionRepository(database),
    close() {
      if (database.open) database.close();
    },
  };
}
