import { AudienceRepository } from './audience-repository.js';
import { ConnectionRepository } from './connection-repository.js';
import { type Database, openDatabase } from './database.js';
import { DeliveryLogRepository } from './delivery-log-repository.js';
import { MemberRepository } from './member-repository.js';
import { OutputRepository } from './output-repository.js';
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

/** Opens (creating and migrating when needed) the store at `path`. */
export function openStore(path: string): Store {
  const database = openDatabase(path);
  return {
    database,
    path,
    outputs: new OutputRepository(database),
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
