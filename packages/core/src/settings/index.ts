export {
  type ParseSettingsOptions,
  parseSettings,
  type SafeParseSettingsResult,
  safeParseSettings,
  serializeSettings,
  settingsSchema,
} from './parse-settings.js';
export {
  type BooleanSettingDefinition,
  type ChoiceSettingDefinition,
  defineSettings,
  type FloatSettingDefinition,
  type InferSettings,
  type IntegerSettingDefinition,
  type ListSettingDefinition,
  type SettingDefinition,
  type SettingValue,
  type TextSettingDefinition,
} from './setting-definition.js';
export { toFirehoseSetting } from './to-firehose-setting.js';
