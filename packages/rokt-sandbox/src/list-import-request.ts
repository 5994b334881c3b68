import { emailProblem, sha256Problem } from './identifiers.js';
import type { IdentifierKind } from './sandbox-state.js';
import {
  checkKnownKeys,
  IssueList,
  isJsonObject,
  requireNonEmptyString,
  type ValidationResult,
} from './validation-result.js';

/** A valid `/v3/import/suppression` request. */
export interface ListImport {
  /** The Rokt account id. */
  accountId: string;
  /** The audience list name. */
  list: string;
  /** `include` adds to the list, `exclude` removes from it. */
  action: 'include' | 'exclude';
  /** Whether `identifiers` came in `emails` or `sha256s`. */
  kind: IdentifierKind;
  /** The addresses or digests, as sent. */
  identifiers: string[];
}

const KNOWN_KEYS = new Set(['accountId', 'list', 'action', 'emails', 'sha256s']);

/** Validates a list import body against the contract (exactly one of `emails`/`sha256s`, normalised values). */
export function validateListImport(body: unknown, maxAddresses: number): ValidationResult<ListImport> {
  if (!isJsonObject(body)) {
    return { ok: false, message: 'the body must be a JSON object' };
  }
  const issues = new IssueList();
  checkKnownKeys(body, KNOWN_KEYS, '', issues);
  const accountId = requireNonEmptyString(body.accountId, 'accountId', issues);
  const list = requireNonEmptyString(body.list, 'list', issues);
  const action = body.action;
  if (action !== 'include' && action !== 'exclude') {
    issues.add('action', action === undefined ? 'is missing' : 'must be "include" or "exclude"');
  }
  const hasEmails = body.emails !== undefined;
  const hasHashes = body.sha256s !== undefined;
  let kind: IdentifierKind = 'email';
  let identifiers: string[] = [];
  if (hasEmails === hasHashes) {
    issues.add('emails/sha256s', hasEmails ? 'must not both be present' : 'one of the two is required');
  } else {
    kind = hasEmails ? 'email' : 'sha256';
    const field = hasEmails ? 'emails' : 'sha256s';
    const values = hasEmails ? body.emails : body.sha256s;
    if (!Array.isArray(values)) {
      issues.add(field, 'must be an array of strings');
    } else if (values.length === 0) {
      issues.add(field, 'must not be empty');
    } else if (values.length > maxAddresses) {
      issues.add(field, `has ${values.length} entries, more than the ${maxAddresses} allowed per request`);
    } else {
      const check = kind === 'email' ? emailProblem : sha256Problem;
      for (let index = 0; index < values.length; index += 1) {
        const value: unknown = values[index];
        const problem = typeof value === 'string' ? check(value) : 'must be a string';
        if (problem !== undefined) issues.add(`${field}[${index}]`, problem);
      }
      identifiers = values as string[];
    }
  }
  if (!issues.isEmpty || accountId === undefined || list === undefined) {
    return { ok: false, message: issues.message };
  }
  return {
    ok: true,
    value: { accountId, list, action: action as 'include' | 'exclude', kind, identifiers },
  };
}
