export { type RoktAccountSettings, roktAccountSettings } from './account-settings.js';
export {
  type AttributePlan,
  AttributeSkipReason,
  type AttributeSkipSink,
  createAttributePlan,
  mapUserAttributes,
} from './attribute-mapping.js';
export { buildRoktPayloads, type ConnectionSettingsOf, ProfileSkipReason } from './build-payloads.js';
export { credentialFingerprint, RoktClientCache } from './client-cache.js';
export {
  clientEventIdFor,
  createClientEventIdFactory,
  ROKT_EVENT_ID_NAMESPACE,
  uuidV5,
} from './client-event-id.js';
export { type RoktConnectionSettings, roktConnectionSettings } from './connection-settings.js';
export {
  deliverRoktPayloads,
  describeRequestFailure,
  type RoktDeliveryContext,
  readUnprocessedRecords,
} from './deliver-payloads.js';
export {
  DEFAULT_ADDRESSES_PER_REQUEST,
  MAX_EVENTS_PER_REQUEST,
  ROKT_DEFAULT_ENDPOINTS,
  ROKT_EVENTS_API_VERSION,
  ROKT_PATHS,
  type RoktDeliveryConfig,
  type RoktEndpointName,
  resolveRoktDeliveryConfig,
  roktEndpointNames,
} from './delivery-config.js';
export {
  encodeEmail,
  encodeMobileNumber,
  type IdentitySkip,
  IdentitySkipReason,
  isHashedOutput,
} from './identity-encoding.js';
export type {
  ListImportAction,
  ListImportField,
  ListImportGroup,
  RoktEvent,
  RoktNameValue,
  RoktPayloads,
  SkippedCount,
} from './payload-types.js';
export {
  createRoktIntegration,
  type RoktIntegration,
  type RoktIntegrationOptions,
  rokt,
} from './rokt-integration.js';
export { ROKT_PLUGIN_VERSION, ROKT_USER_AGENT } from './version.js';
