import type { FirehoseSetting } from '../firehose/setting-wire.js';
import type { SettingDefinition } from './setting-definition.js';

/** Serialises a definition in the Firehose Setting format of a registration response. */
export function toFirehoseSetting(definition: SettingDefinition): FirehoseSetting {
  const setting: FirehoseSetting = {
    type: definition.type,
    id: definition.id,
    name: definition.name,
    description: definition.description,
    visible: definition.visible ?? true,
    required: definition.required ?? false,
    confidential: definition.confidential ?? false,
  };
  if (definition.defaultValue !== undefined) {
    setting.default_value = Array.isArray(definition.defaultValue)
      ? [...definition.defaultValue]
      : (definition.defaultValue as string | number | boolean);
  }
  if (definition.type === 'choice') setting.choices = [...definition.choices];
  return setting;
}
