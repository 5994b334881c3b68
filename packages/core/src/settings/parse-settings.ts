import { z } from 'zod';
import { ConfigurationError, type SettingIssue } from '../errors/configuration-error.js';
import type { InferSettings, SettingDefinition } from './setting-definition.js';

type ParsedValue = string | number | boolean | string[];
type Outcome = { ok: true; value: ParsedValue } | { ok: false; message: string };

function label(definition: SettingDefinition): string {
  return `"${definition.id}" (${definition.name})`;
}

function shown(definition: SettingDefinition, raw: string): string {
  return definition.confidential ? 'a value that is not allowed' : JSON.stringify(raw.slice(0, 100));
}

function parseList(raw: string): string[] | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
    } catch {
      return undefined;
    }
    return undefined;
  }
  return trimmed
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseValue(definition: SettingDefinition, raw: string): Outcome {
  const trimmed = raw.trim();
  switch (definition.type) {
    case 'text':
      return { ok: true, value: trimmed };
    case 'integer': {
      const value = Number(trimmed);
      if (!/^[-+]?\d+$/.test(trimmed) || !Number.isSafeInteger(value)) {
        return { ok: false, message: `must be a whole number, got ${shown(definition, raw)}` };
      }
      if (definition.minimum !== undefined && value < definition.minimum) {
        return { ok: false, message: `must be at least ${definition.minimum}, got ${value}` };
      }
      if (definition.maximum !== undefined && value > definition.maximum) {
        return { ok: false, message: `must be at most ${definition.maximum}, got ${value}` };
      }
      return { ok: true, value };
    }
    case 'float': {
      const value = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(value)) {
        return { ok: false, message: `must be a number, got ${shown(definition, raw)}` };
      }
      return { ok: true, value };
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true') return { ok: true, value: true };
      if (lower === 'false') return { ok: true, value: false };
      return { ok: false, message: `must be true or false, got ${shown(definition, raw)}` };
    }
    case 'choice': {
      const lower = trimmed.toLowerCase();
      const match = definition.choices.find((choice) => choice.toLowerCase() === lower);
      if (match === undefined) {
        return {
          ok: false,
          message: `must be one of ${definition.choices.join(', ')}, got ${shown(definition, raw)}`,
        };
      }
      return { ok: true, value: match };
    }
    case 'list': {
      const value = parseList(raw);
      if (value === undefined) {
        return { ok: false, message: 'must be a JSON array of strings, e.g. ["$firstname","$zip"]' };
      }
      return { ok: true, value };
    }
  }
}

/** Options of {@link parseSettings}. */
export interface ParseSettingsOptions {
  /** What the settings are, for the error message: `account settings`, `connection settings`. */
  scope?: string;
}

/**
 * Result of {@link safeParseSettings}: the typed settings, or every issue found.
 */
export type SafeParseSettingsResult<Definitions extends readonly SettingDefinition[]> =
  | { success: true; data: InferSettings<Definitions> }
  | { success: false; issues: SettingIssue[] };

/**
 * Like {@link parseSettings} but returns the issues instead of throwing.
 */
export function safeParseSettings<const Definitions extends readonly SettingDefinition[]>(
  definitions: Definitions,
  raw: Readonly<Record<string, string>> | undefined,
): SafeParseSettingsResult<Definitions> {
  const issues: SettingIssue[] = [];
  const data: Record<string, ParsedValue | undefined> = {};
  const source = raw ?? {};
  for (const definition of definitions) {
    const value = Object.hasOwn(source, definition.id) ? source[definition.id] : undefined;
    const missing = value === undefined || (value.trim() === '' && definition.type !== 'list');
    if (missing) {
      if (definition.required) {
        issues.push({ setting: definition.id, message: `${label(definition)} is required` });
      }
      const fallback = definition.defaultValue;
      data[definition.id] = Array.isArray(fallback) ? [...fallback] : (fallback as ParsedValue | undefined);
      continue;
    }
    if (typeof value !== 'string') {
      issues.push({ setting: definition.id, message: `${label(definition)} must be a string on the wire` });
      continue;
    }
    const outcome = parseValue(definition, value);
    if (outcome.ok) data[definition.id] = outcome.value;
    else issues.push({ setting: definition.id, message: `${label(definition)} ${outcome.message}` });
  }
  if (issues.length > 0) return { success: false, issues };
  return { success: true, data: data as InferSettings<Definitions> };
}

/**
 * Turns the string map Firehose sends (`account_settings`, `audience_subscription_settings`)
 * into typed values. Unknown keys are ignored; defaults fill what is missing; choices match
 * case-insensitively and come back in their declared spelling. Throws a
 * {@link ConfigurationError} naming every bad setting and what is allowed; a confidential
 * value is never echoed.
 */
export function parseSettings<const Definitions extends readonly SettingDefinition[]>(
  definitions: Definitions,
  raw: Readonly<Record<string, string>> | undefined,
  options: ParseSettingsOptions = {},
): InferSettings<Definitions> {
  const result = safeParseSettings(definitions, raw);
  if (!result.success) throw ConfigurationError.fromIssues(options.scope ?? 'settings', result.issues);
  return result.data;
}

/**
 * A zod schema derived from the definitions: validates a string map and outputs typed settings,
 * reporting each bad setting as an issue at its id.
 */
export function settingsSchema<const Definitions extends readonly SettingDefinition[]>(
  definitions: Definitions,
) {
  return z
    .record(z.string(), z.string())
    .optional()
    .transform((raw, context): InferSettings<Definitions> => {
      const result = safeParseSettings(definitions, raw);
      if (result.success) return result.data;
      for (const issue of result.issues) {
        context.addIssue({ code: 'custom', message: issue.message, path: [issue.setting] });
      }
      return z.NEVER;
    });
}

/**
 * Serialises typed settings back to the Firehose string map (lists as JSON arrays), e.g. for a
 * subscription response. Values left `undefined` are omitted.
 */
export function serializeSettings(
  definitions: readonly SettingDefinition[],
  values: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const definition of definitions) {
    const value = values[definition.id];
    if (value === undefined || value === null) continue;
    out[definition.id] = Array.isArray(value) ? JSON.stringify(value) : String(value);
  }
  return out;
}
