import type { AttributeValue, Member } from '../store/index.js';

/** A member with the action to apply, from a request body or an import line. */
export interface MemberChange {
  action: 'add' | 'remove';
  member: Member;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  throw new Error(`${field} must be a string`);
}

/**
 * Checks one member as the admin API accepts it: `{ mpid, email?, mobile?, attributes? }`,
 * attribute values strings or string lists. Throws an `Error` whose message says what is wrong.
 */
export function parseMember(input: unknown): Member {
  if (!isRecord(input)) throw new Error('a member must be a JSON object');
  const mpid = optionalText(input.mpid, 'mpid');
  if (mpid === undefined) throw new Error('mpid is required');
  if (!/^-?\d{1,20}$/.test(mpid.trim())) throw new Error('mpid must be an mParticle id: a whole number');
  const member: Member = { mpid: mpid.trim() };
  const email = optionalText(input.email, 'email');
  if (email !== undefined) member.email = email;
  const mobile = optionalText(input.mobile, 'mobile');
  if (mobile !== undefined) member.mobile = mobile;
  if (input.attributes !== undefined && input.attributes !== null) {
    if (!isRecord(input.attributes)) throw new Error('attributes must be an object');
    const attributes: Record<string, AttributeValue> = {};
    for (const [key, value] of Object.entries(input.attributes)) {
      if (typeof value === 'string') attributes[key] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') attributes[key] = String(value);
      else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
        attributes[key] = value;
      else throw new Error(`attribute "${key}" must be a string or a list of strings`);
    }
    if (Object.keys(attributes).length > 0) member.attributes = attributes;
  }
  return member;
}

/** Reads the action of an import line: `add` (default), `remove` or `delete`. */
export function parseAction(value: unknown): 'add' | 'remove' {
  if (value === undefined || value === null || value === '') return 'add';
  const lower = String(value).trim().toLowerCase();
  if (lower === 'add' || lower === 'include') return 'add';
  if (lower === 'remove' || lower === 'delete' || lower === 'exclude') return 'remove';
  throw new Error(`action must be add or remove, got ${JSON.stringify(String(value).slice(0, 40))}`);
}
