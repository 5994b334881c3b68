import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  audienceMembershipChangeResponseSchema,
  audienceSubscriptionResponseSchema,
  ErrorCode,
  moduleRegistrationResponseSchema,
  parseFirehoseRequest,
  ValidationError,
} from '../index.js';

const fixturesDirectory = join(import.meta.dirname, '../../../../fixtures/firehose');
const fixtureFiles = readdirSync(fixturesDirectory).filter((name) => /^[A-Z].*\.json$/.test(name));

function load(name: string): unknown {
  return JSON.parse(readFileSync(join(fixturesDirectory, name), 'utf8'));
}

const responseSchemas = {
  module_registration_response: moduleRegistrationResponseSchema,
  audience_subscription_response: audienceSubscriptionResponseSchema,
  audience_membership_change_response: audienceMembershipChangeResponseSchema,
} as const;

describe('Firehose fixtures', () => {
  it('finds the six example messages', () => {
    expect(fixtureFiles).toHaveLength(6);
  });

  for (const file of fixtureFiles) {
    it(`${file} parses and serialises back to equivalent JSON`, () => {
      const raw = load(file) as { type: string };
      const parsed = raw.type.endsWith('_request')
        ? parseFirehoseRequest(raw)
        : responseSchemas[raw.type as keyof typeof responseSchemas].parse(raw);
      expect(JSON.parse(JSON.stringify(parsed))).toEqual(raw);
    });
  }

  it('names the path of a wrong field', () => {
    const raw = load('AudienceMembershipChangeRequest.json') as {
      user_profiles: { audiences: { action: string }[] }[];
    };
    raw.user_profiles[0]!.audiences[1]!.action = 'joined';
    const error = (() => {
      try {
        parseFirehoseRequest(raw);
      } catch (caught) {
        return caught;
      }
    })();
    expect(ValidationError.isValidationError(error)).toBe(true);
    const issues = (error as ValidationError).issues;
    expect(issues[0]?.path).toBe('user_profiles[0].audiences[1].action');
    expect((error as ValidationError).message).toContain('user_profiles[0].audiences[1].action');
  });

  it('rejects an unknown type with the supported list', () => {
    expect(() => parseFirehoseRequest({ type: 'event_processing_request', id: 'x' })).toThrow(
      /Unsupported Firehose message type "event_processing_request"; supported: module_registration_request/,
    );
    try {
      parseFirehoseRequest({ id: 'x' });
    } catch (error) {
      expect((error as ValidationError).code).toBe(ErrorCode.UNKNOWN_MESSAGE_TYPE);
    }
  });

  it('rejects non-objects and missing required fields', () => {
    expect(() => parseFirehoseRequest([1])).toThrow(/must be a JSON object/);
    try {
      parseFirehoseRequest(null);
    } catch (error) {
      expect((error as ValidationError).issues[0]?.message).toBe('expected an object, got null');
    }
    expect(() => parseFirehoseRequest('text')).toThrow(/must be a JSON object/);
    expect(() => parseFirehoseRequest({ type: 'audience_membership_change_request', id: 'a' })).toThrow(
      /timestamp_ms/,
    );
  });

  it('refuses a timestamp no date can hold, naming the field', () => {
    const raw = {
      ...(load('ModuleRegistrationRequest.json') as object),
      timestamp_ms: 9_000_000_000_000_000,
    };
    expect(() => parseFirehoseRequest(raw)).toThrow(/timestamp_ms/);
  });

  it('keeps unknown fields', () => {
    const raw = { ...(load('ModuleRegistrationRequest.json') as object), extra_field: { nested: 1 } };
    expect(parseFirehoseRequest(raw)).toMatchObject({ extra_field: { nested: 1 } });
  });
});
