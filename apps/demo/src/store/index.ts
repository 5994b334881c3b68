export type { AudienceRecord } from './audience-repository.js';
export { AudienceRepository } from './audience-repository.js';
export type { ConnectionRecord, ConnectionSettingValues, ConnectionStatus } from './connection-repository.js';
export { ConnectionRepository } from './connection-repository.js';
export { type Database, openDatabase } from './database.js';
export type {
  AudienceTotals,
  DeliveryLogEntry,
  DeliveryLogFailure,
  DeliveryStatus,
  NewDeliveryLogEntry,
} from './delivery-log-repository.js';
export { DeliveryLogRepository } from './delivery-log-repository.js';
export type { AttributeValue, Member } from './member-repository.js';
export { MemberRepository } from './member-repository.js';
export { migrate, schemaVersion } from './migrations.js';
export type { OutputRecord, StoredCredentialCheck } from './output-repository.js';
export { OutputRepository, outputOwner } from './output-repository.js';
export { type OpenStoreOptions, openStore, type Store } from './store.js';
export { databaseHoldsSecrets, secureStoredSecrets } from './stored-secrets.js';
export { SuspensionRepository } from './suspension-repository.js';
