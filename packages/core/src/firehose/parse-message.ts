import type { z } from 'zod';
import { ErrorCode } from '../errors/error-codes.js';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { isPlainMembershipChange } from './membership-change-check.js';
import { firehoseRequestTypes } from './message-type.js';
import { type FirehoseRequest, firehoseRequestSchema } from './requests.js';

/** Formats a zod issue path as `user_profiles[0].audiences[1].action`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Turns zod issues into {@link ValidationIssue}s with readable paths. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Validates an already JSON-parsed value as a Firehose request. Unknown fields are kept. A valid
 * membership change is returned as it is (the same object); other messages are zod's copies.
 * Throws a {@link ValidationError} that names every problem and where it is; an unknown or
 * missing `type` gives code `UNKNOWN_MESSAGE_TYPE` and lists the supported types.
 */
export function parseFirehoseRequest(input: unknown): FirehoseRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError('A Firehose message must be a JSON object', [
      { path: '', message: `expected an object, got ${describeValue(input)}` },
    ]);
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !(firehoseRequestTypes as readonly string[]).includes(type)) {
    const shown = typeof type === 'string' ? `"${type.slice(0, 80)}"` : 'missing';
    throw new ValidationError(
      `Unsupported Firehose message type ${shown}; supported: ${firehoseRequestTypes.join(', ')}`,
      [{ path: 'type', message: `must be one of ${firehoseRequestTypes.join(', ')}` }],
      { code: ErrorCode.UNKNOWN_MESSAGE_TYPE },
    );
  }
  // The hot path: a well-formed membership change is returned as it is, not copied by zod.
  if (isPlainMembershipChange(input)) return input as FirehoseRequest;
  const result = firehoseRequestSchema.safeParse(input);
  if (!result.success) {
    const issues = toValidationIssues(result.error);
    const summary = issues
      .slice(0, 5)
      .map((issue) => `${issue.path || '(message)'}: ${issue.message}`)
      .join('; ');
    throw new ValidationError(`Invalid ${type}: ${summary}`, issues);
  }
  return result.data;
}
