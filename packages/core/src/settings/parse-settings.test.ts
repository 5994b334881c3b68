import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import {
  defineSettings,
  parseSettings,
  serializeSettings,
  settingsSchema,
  toFirehoseSetting,
} from '../index.js';

const definitions = defineSettings([
  { id: 'accountId', type: 'text', name: 'Account id', description: 'The account', required: true },
  { id: 'apiKey', type: 'text', name: 'API Key', description: 'Secret', confidential: true },
  {
    id: 'encoding',
    type: 'choice',
    name: 'Encoding',
    description: 'How',
    choices: ['Raw', 'Sha256'],
    defaultValue: 'Raw',
  },
  {
    id: 'secretMode',
    type: 'choice',
    name: 'Mode',
    description: 'x',
    choices: ['A', 'B'],
    confidential: true,
  },
  { id: 'hash', type: 'boolean', name: 'Hash', description: 'Hash it', defaultValue: false },
  { id: 'batch', type: 'integer', name: 'Batch', description: 'Size', minimum: 1, maximum: 100 },
  { id: 'ratio', type: 'float', name: 'Ratio', description: 'r' },
  { id: 'attributes', type: 'list', name: 'Attributes', description: 'Which' },
] as const);

describe('parseSettings', () => {
  it('parses typed values and applies defaults', () => {
    const settings = parseSettings(definitions, {
      accountId: ' 123 ',
      encoding: 'sha256',
      hash: 'TRUE',
      batch: '50',
      ratio: '0.5',
      attributes: '["$firstname","$zip"]',
      unknown: 'ignored',
    });
    expect(settings).toEqual({
      accountId: '123',
      apiKey: undefined,
      encoding: 'Sha256',
      secretMode: undefined,
      hash: true,
      batch: 50,
      ratio: 0.5,
      attributes: ['$firstname', '$zip'],
    });
    const defaults = parseSettings(definitions, { accountId: '1' });
    expect(defaults.encoding).toBe('Raw');
    expect(defaults.hash).toBe(false);
    expect(defaults.attributes).toBeUndefined();
  });

  it('keeps an empty list distinct from a missing one and accepts comma lists', () => {
    expect(parseSettings(definitions, { accountId: '1', attributes: '[]' }).attributes).toEqual([]);
    expect(parseSettings(definitions, { accountId: '1', attributes: 'a, b' }).attributes).toEqual(['a', 'b']);
  });

  it('names every bad setting and what is allowed', () => {
    let error: unknown;
    try {
      parseSettings(
        definitions,
        { encoding: 'md5', hash: 'yes', batch: '500', attributes: '[1]' },
        { scope: 'account settings' },
      );
    } catch (caught) {
      error = caught;
    }
    expect(ConfigurationError.isConfigurationError(error)).toBe(true);
    const configurationError = error as ConfigurationError;
    expect(configurationError.issues.map((issue) => issue.setting)).toEqual([
      'accountId',
      'encoding',
      'hash',
      'batch',
      'attributes',
    ]);
    expect(configurationError.message).toContain('Invalid account settings');
    expect(configurationError.message).toContain(
      '"encoding" (Encoding) must be one of Raw, Sha256, got "md5"',
    );
    expect(configurationError.message).toContain('"accountId" (Account id) is required');
    expect(configurationError.message).toContain('must be at most 100');
  });

  it('never echoes a confidential value', () => {
    expect(() => parseSettings(definitions, { accountId: '1', secretMode: 'hunter2-secret' })).toThrow(
      ConfigurationError,
    );
    try {
      parseSettings(definitions, { accountId: '1', secretMode: 'hunter2-secret' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
    }
  });

  it('derives a zod schema reporting issues at the setting id', () => {
    const schema = settingsSchema(definitions);
    const bad = schema.safeParse({ accountId: '1', encoding: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['encoding']);
    expect(schema.parse({ accountId: '9' }).accountId).toBe('9');
  });

  it('serialises in the Firehose Setting format and back to a string map', () => {
    expect(toFirehoseSetting(definitions[2])).toEqual({
      type: 'choice',
      id: 'encoding',
      name: 'Encoding',
      description: 'How',
      visible: true,
      required: false,
      confidential: false,
      default_value: 'Raw',
      choices: ['Raw', 'Sha256'],
    });
    expect(serializeSettings(definitions, { accountId: '1', hash: true, attributes: ['a'] })).toEqual({
      accountId: '1',
      hash: 'true',
      attributes: '["a"]',
    });
  });

  it('refuses a duplicate id in a definition list', () => {
    expect(() =>
      defineSettings([
        { id: 'a', type: 'text', name: 'A', description: '' },
        { id: 'a', type: 'text', name: 'A', description: '' },
      ]),
    ).toThrow(/declared twice/);
  });
});
