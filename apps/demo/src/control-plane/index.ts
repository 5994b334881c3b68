export {
  ControlPlane,
  type ControlPlaneOptions,
  type OutputView,
  type SavedOutput,
} from './control-plane.js';
export { ControlPlaneError, type ControlPlaneErrorCode } from './control-plane-error.js';
export {
  type ParsedImport,
  parseMembersCsv,
  parseMembersNdjson,
  type RejectedLine,
} from './member-import.js';
export { type MemberChange, parseAction, parseMember } from './member-input.js';
export {
  type BuildMembershipItemsInput,
  buildMembershipItems,
  connectionSettingsForFirehose,
  controlPlaneFirehoseVersion,
  defaultProfilesPerMessage,
  type MemberAction,
  outputPartitionKey,
} from './membership-messages.js';
export { maskedValue, maskSettings, mergeConfidential, toSettingStrings } from './settings-input.js';
