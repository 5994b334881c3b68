import {
  ConfigurationError,
  parseSettings,
  type SettingDefinition,
  type SettingIssue,
  safeParseSettings,
  serializeSettings,
} from '@forwarder/core';
import type { AnyIntegration } from '@forwarder/integration';
import type { ConnectionSettingValues } from '../store/index.js';

/** What a confidential value is shown as. */
export const maskedValue = '********';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns settings as a client sends them (strings, numbers, booleans, string lists) into the
 * Firehose string map. Unknown ids are dropped; a value of another shape is an issue.
 */
export function toSettingStrings(
  definitions: readonly SettingDefinition[],
  input: unknown,
  scope: string,
): Record<string, string> {
  if (input === undefined || input === null) return {};
  if (!isRecord(input)) {
    throw ConfigurationError.fromIssues(scope, [{ setting: '', message: 'settings must be a JSON object' }]);
  }
  const out: Record<string, string> = {};
  const issues: SettingIssue[] = [];
  for (const definition of definitions) {
    const value = input[definition.id];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') out[definition.id] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[definition.id] = String(value);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      out[definition.id] = JSON.stringify(value);
    else issues.push({ setting: definition.id, message: `"${definition.id}" has a value of the wrong type` });
  }
  if (issues.length > 0) throw ConfigurationError.fromIssues(scope, issues);
  return out;
}

/**
 * Account settings to store: the input, where a confidential value left out, empty or sent as
 * `********` keeps the stored one.
 */
export function mergeConfidential(
  definitions: readonly SettingDefinition[],
  incoming: Record<string, string>,
  stored: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const merged = { ...incoming };
  for (const definition of definitions) {
    if (!definition.confidential) continue;
    const value = incoming[definition.id];
    if (value === undefined || value === maskedValue || value === '') {
      const kept = stored?.[definition.id];
      if (kept !== undefined && kept !== '') merged[definition.id] = kept;
      else delete merged[definition.id];
    }
  }
  return merged;
}

/** A copy of the settings with every non-empty confidential value replaced by `********`. */
export function maskSettings(
  definitions: readonly SettingDefinition[],
  settings: Readonly<Record<string, string>>,
): Record<string, string> {
  const masked = { ...settings };
  for (const definition of definitions) {
    if (definition.confidential && masked[definition.id]) masked[definition.id] = maskedValue;
  }
  return masked;
}

/** Parses and checks account settings (the plugin's own checks included); throws `ConfigurationError`. */
export function parseAccountSettings(integration: AnyIntegration, settings: Record<string, string>) {
  const account = parseSettings(integration.accountSettings, settings, { scope: 'account settings' });
  integration.validateAccount?.(account);
  return account as Record<string, unknown>;
}

/** Validates connection settings from the admin API and returns them typed (defaults filled in). */
export function parseConnectionSettings(
  integration: AnyIntegration,
  input: unknown,
): ConnectionSettingValues {
  const strings = toSettingStrings(integration.connectionSettings, input, 'connection settings');
  const result = safeParseSettings(integration.connectionSettings, strings);
  if (!result.success) throw ConfigurationError.fromIssues('connection settings', result.issues);
  const typed: ConnectionSettingValues = {};
  for (const [key, value] of Object.entries(result.data as Record<string, unknown>)) {
    if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    )
      typed[key] = value as string | number | boolean | string[];
  }
  return typed;
}

/** Connection settings in the Firehose string form. */
export function serializeConnectionSettings(
  integration: AnyIntegration,
  settings: ConnectionSettingValues,
): Record<string, string> {
  return serializeSettings(integration.connectionSettings, settings);
}
