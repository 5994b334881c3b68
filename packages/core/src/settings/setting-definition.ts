/** Fields every setting definition has (the Firehose Setting format, camel-cased). */
interface SettingBase<Id extends string> {
  /** Stable id: the key in `account_settings` / `audience_subscription_settings`. */
  readonly id: Id;
  /** The name a user sees. */
  readonly name: string;
  /** What the setting does. */
  readonly description: string;
  /** Shown in the UI (default true). */
  readonly visible?: boolean;
  /** Must have a value (default false). */
  readonly required?: boolean;
  /** A secret: masked wherever it is shown, never logged (default false). */
  readonly confidential?: boolean;
}

/** Free text. */
export interface TextSettingDefinition<Id extends string = string> extends SettingBase<Id> {
  readonly type: 'text';
  readonly defaultValue?: string;
}
/** A whole number, optionally bounded. */
export interface IntegerSettingDefinition<Id extends string = string> extends SettingBase<Id> {
  readonly type: 'integer';
  readonly defaultValue?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}
/** A decimal number. */
export interface FloatSettingDefinition<Id extends string = string> extends SettingBase<Id> {
  readonly type: 'float';
  readonly defaultValue?: number;
}
/** `true` or `false`. */
export interface BooleanSettingDefinition<Id extends string = string> extends SettingBase<Id> {
  readonly type: 'boolean';
  readonly defaultValue?: boolean;
}
/** One value out of a fixed list, matched case-insensitively. */
export interface ChoiceSettingDefinition<Id extends string = string, Choice extends string = string>
  extends SettingBase<Id> {
  readonly type: 'choice';
  readonly choices: readonly Choice[];
  readonly defaultValue?: Choice;
}
/** A list of strings: a JSON array on the wire (a comma-separated string is accepted too). */
export interface ListSettingDefinition<Id extends string = string> extends SettingBase<Id> {
  readonly type: 'list';
  readonly defaultValue?: readonly string[];
}

/** Any setting definition. */
export type SettingDefinition =
  | TextSettingDefinition
  | IntegerSettingDefinition
  | FloatSettingDefinition
  | BooleanSettingDefinition
  | ChoiceSettingDefinition
  | ListSettingDefinition;

/** The typed value a definition parses to. */
export type SettingValue<D extends SettingDefinition> = D extends { type: 'text' }
  ? string
  : D extends { type: 'integer' | 'float' }
    ? number
    : D extends { type: 'boolean' }
      ? boolean
      : D extends { type: 'choice'; choices: readonly (infer C)[] }
        ? C
        : D extends { type: 'list' }
          ? string[]
          : never;

type AlwaysPresent<D> = D extends { required: true }
  ? true
  : D extends { defaultValue: unknown }
    ? true
    : false;

/**
 * The typed settings object for a tuple of definitions: required settings and settings with a
 * default are always present; the rest may be `undefined`.
 */
export type InferSettings<Definitions extends readonly SettingDefinition[]> = {
  [D in Definitions[number] as D['id']]: AlwaysPresent<D> extends true
    ? SettingValue<D>
    : SettingValue<D> | undefined;
};

/**
 * Declares settings with their literal types kept, so that {@link InferSettings} knows every id
 * and choice: `const settings = defineSettings([{ id: 'apiKey', type: 'text', ... }] as const)`.
 */
export function defineSettings<const Definitions extends readonly SettingDefinition[]>(
  definitions: Definitions,
): Definitions {
  const seen = new Set<string>();
  for (const definition of definitions) {
    if (seen.has(definition.id)) throw new Error(`Setting id "${definition.id}" is declared twice`);
    seen.add(definition.id);
  }
  return definitions;
}
