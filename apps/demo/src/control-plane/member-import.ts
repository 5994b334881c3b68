import { parse } from 'csv-parse/sync';
import { type MemberChange, parseAction, parseMember } from './member-input.js';

/** One rejected import line. */
export interface RejectedLine {
  line: number;
  message: string;
}

/** The members of an import, and the lines that could not be used. */
export interface ParsedImport {
  changes: MemberChange[];
  rejected: RejectedLine[];
}

const identityColumns = new Set(['mpid', 'email', 'mobile', 'action']);

/**
 * Parses a members CSV: a header line with `mpid` and any of `email`, `mobile`, `action`; every
 * other column is a user attribute (an empty cell is left out).
 */
export function parseMembersCsv(text: string): ParsedImport {
  const rows = parse(text, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
  }) as string[][];
  const header = rows[0]?.map((name) => name.trim()) ?? [];
  const changes: MemberChange[] = [];
  const rejected: RejectedLine[] = [];
  if (!header.map((name) => name.toLowerCase()).includes('mpid')) {
    return { changes, rejected: [{ line: 1, message: 'the header must name an mpid column' }] };
  }
  rows.slice(1).forEach((row, index) => {
    const line = index + 2;
    try {
      const record: Record<string, unknown> = {};
      const attributes: Record<string, string> = {};
      header.forEach((name, column) => {
        const value = row[column];
        if (value === undefined || value === '') return;
        if (identityColumns.has(name.toLowerCase())) record[name.toLowerCase()] = value;
        else attributes[name] = value;
      });
      const action = parseAction(record.action);
      changes.push({ action, member: parseMember({ ...record, attributes }) });
    } catch (error) {
      rejected.push({ line, message: error instanceof Error ? error.message : String(error) });
    }
  });
  return { changes, rejected };
}

/** Parses NDJSON members: one `{ mpid, email?, mobile?, attributes?, action? }` per line; blank lines ignored. */
export function parseMembersNdjson(text: string): ParsedImport {
  const changes: MemberChange[] = [];
  const rejected: RejectedLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    try {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new Error('not valid JSON');
      }
      const action = parseAction((value as { action?: unknown } | null)?.action);
      changes.push({ action, member: parseMember(value) });
    } catch (error) {
      rejected.push({ line, message: error instanceof Error ? error.message : String(error) });
    }
  });
  return { changes, rejected };
}
