export { type Account, accountSchema } from './account.js';
export {
  type Audience,
  audienceSchema,
  type MembershipAction,
  membershipActionSchema,
  type SettingsMap,
  settingsMapSchema,
} from './audience.js';
export { type Identity, type IdentityEncoding, identityEncodingSchema, identitySchema } from './identity.js';
export { FirehoseMessageType, firehoseRequestTypes } from './message-type.js';
export { formatIssuePath, parseFirehoseRequest, toValidationIssues } from './parse-message.js';
export {
  type AudienceMembershipChangeRequest,
  type AudienceSubscriptionRequest,
  audienceMembershipChangeRequestSchema,
  audienceSubscriptionRequestSchema,
  type FirehoseRequest,
  firehoseRequestSchema,
  type ModuleRegistrationRequest,
  moduleRegistrationRequestSchema,
} from './requests.js';
export {
  type AudienceMembershipChangeResponse,
  type AudienceSubscriptionResponse,
  audienceMembershipChangeResponseSchema,
  audienceSubscriptionResponseSchema,
  type FirehoseResponse,
  firehoseResponseSchema,
  identityPermissionSchema,
  type ModuleRegistrationResponse,
  moduleRegistrationResponseSchema,
  type Permissions,
  permissionsSchema,
} from './responses.js';
export {
  type FirehoseSetting,
  firehoseSettingSchema,
  type SettingType,
  settingTypeSchema,
} from './setting-wire.js';
export { type UserAttribute, userAttributeSchema } from './user-attribute.js';
export { type UserProfile, userProfileSchema } from './user-profile.js';
