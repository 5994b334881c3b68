import { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import type { Member, MemberAction, MemberRecord } from './member.js';
import { Utf8LineChecker } from './utf8-line-checker.js';

export type { Member, MemberAction, MemberRecord } from './member.js';

/** Identity and control columns, by their lowercase header names (aliases included). */
const reservedColumns = {
  mpid: 'mpid',
  email: 'email',
  email_sha256: 'emailSha256',
  emailsha256: 'emailSha256',
  mobile: 'mobile',
  mobile_number: 'mobile',
  mobile_sha256: 'mobileSha256',
  mobilesha256: 'mobileSha256',
  action: 'action',
} as const satisfies Record<string, keyof Member>;

type ReservedField = (typeof reservedColumns)[keyof typeof reservedColumns];
type Column = { kind: 'reserved'; field: ReservedField; name: string } | { kind: 'attribute'; key: string };

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);
const sha256Hex = /^[0-9a-f]{64}$/i;
const maxRecordBytes = 1024 * 1024;

/** Options of {@link parseMemberCsv}. */
export interface ParseMemberCsvOptions {
  /** The largest row, in bytes (default 1 MiB). */
  maxRecordBytes?: number;
  /**
   * Every row needs an mpid, and the header an `mpid` column (the server, whose members are keyed
   * by mpid). By default an mpid, an email or an email_sha256 will do.
   */
  requireMpid?: boolean;
}

/** Which identities a row needs, and what is said when they are missing. */
interface IdentityRule {
  fields: readonly ReservedField[];
  headerError: string;
  rowError: string;
}

const anyIdentity: IdentityRule = {
  fields: ['mpid', 'email', 'emailSha256'],
  headerError: 'the header needs an mpid, email or email_sha256 column',
  rowError: 'needs an mpid, email or email_sha256 value',
};

const mpidIdentity: IdentityRule = {
  fields: ['mpid'],
  headerError: 'the header must name an mpid column',
  rowError: 'mpid is required',
};

function parseHeader(fields: string[], rule: IdentityRule): { columns: Column[] } | { error: string } {
  const columns: Column[] = [];
  const seen = new Map<string, number>();
  for (const [index, raw] of fields.entries()) {
    const name = raw.trim();
    if (name === '') return { error: `column ${index + 1} of the header has no name` };
    if (forbiddenKeys.has(name)) return { error: `column name "${name}" is not allowed` };
    const lower = name.toLowerCase();
    const reserved = (reservedColumns as Record<string, ReservedField | undefined>)[lower];
    const identity = reserved ?? `attribute:${lower}`;
    const previous = seen.get(identity);
    if (previous !== undefined) {
      return { error: `columns ${previous + 1} and ${index + 1} of the header are the same ("${name}")` };
    }
    seen.set(identity, index);
    columns.push(reserved ? { kind: 'reserved', field: reserved, name } : { kind: 'attribute', key: name });
  }
  const hasIdentity = columns.some(
    (column) => column.kind === 'reserved' && rule.fields.includes(column.field),
  );
  if (!hasIdentity) return { error: rule.headerError };
  return { columns };
}

function errorLine(error: unknown, fallback: number): number {
  const lines = (error as { lines?: unknown } | undefined)?.lines;
  return typeof lines === 'number' && lines > 0 ? lines : fallback;
}

function parseAction(value: string): MemberAction | undefined {
  const action = value.trim().toLowerCase();
  if (action === '' || action === 'add') return 'add';
  if (action === 'delete' || action === 'remove') return 'delete';
  return undefined;
}

function attributeValue(cell: string): string | string[] {
  const trimmed = cell.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
    } catch {
      // Not a JSON list: the cell is plain text.
    }
  }
  return cell;
}

function toMember(
  columns: readonly Column[],
  fields: readonly string[],
  rule: IdentityRule,
): Member | string {
  const member: Member = { action: 'add', attributes: {} };
  for (const [index, column] of columns.entries()) {
    const cell = fields[index] ?? '';
    if (column.kind === 'attribute') {
      if (cell.trim() !== '') member.attributes[column.key] = attributeValue(cell);
      continue;
    }
    const value = cell.trim();
    if (column.field === 'action') {
      const action = parseAction(value);
      if (action === undefined) return `${column.name}: must be add or delete, got "${value.slice(0, 40)}"`;
      member.action = action;
    } else if (value !== '') {
      if ((column.field === 'emailSha256' || column.field === 'mobileSha256') && !sha256Hex.test(value)) {
        return `${column.name}: must be a SHA-256 digest (64 hexadecimal digits)`;
      }
      member[column.field] =
        column.field === 'emailSha256' || column.field === 'mobileSha256' ? value.toLowerCase() : value;
    }
  }
  if (rule.fields.every((field) => member[field] === undefined)) return rule.rowError;
  return member;
}

/**
 * Reads audience members from CSV (RFC 4180: quoted fields, `""` escapes, newlines inside quotes;
 * a UTF-8 byte order mark tolerated; blank lines ignored), streaming row by row.
 *
 * The header names the columns: `mpid`, `email`, `email_sha256`, `mobile` (or `mobile_number`),
 * `mobile_sha256` and `action` (`add` by default, or `delete`/`remove`) are matched
 * case-insensitively; every other column is a user attribute whose key is the header as written
 * (e.g. `$firstname`, `loyalty_tier`). An empty cell sets nothing; a cell holding a JSON array of
 * strings (`["a","b"]`) is a list value. Each row needs an mpid or an email (with `requireMpid`:
 * an mpid, and an input without a header is then an error too).
 *
 * Yields `{ line, member }` per usable row and `{ line, error }` per row that cannot be used (too
 * few or too many fields, invalid UTF-8, a bad action or digest), with the line where the row
 * starts. A header problem or broken quoting ends the input with one error.
 */
export async function* parseMemberCsv(
  input: Readable | AsyncIterable<Uint8Array | string>,
  options: ParseMemberCsvOptions = {},
): AsyncGenerator<MemberRecord> {
  const rule = options.requireMpid ? mpidIdentity : anyIdentity;
  const checker = new Utf8LineChecker();
  const skipped: Extract<MemberRecord, { error: string }>[] = [];
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: options.maxRecordBytes ?? maxRecordBytes,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (!error) return;
      const record: MemberRecord = { line: errorLine(error, 0), error: `unreadable CSV: ${error.message}` };
      // An unclosed quote swallows the rest of the input: nothing follows it.
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') record.unreadable = true;
      skipped.push(record);
    },
  });
  const source = input instanceof Readable ? input : Readable.from(input);
  source.on('error', (error: Error) => parser.destroy(error));
  checker.on('error', (error: Error) => parser.destroy(error));
  source.pipe(checker).pipe(parser);

  let columns: Column[] | undefined;
  let previousEnd = 0;
  let lastLine = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { bytes: number };
    }>) {
      const line = checker.lineAt(previousEnd);
      const endLine = checker.lineAt(Math.max(previousEnd, info.bytes - 1));
      previousEnd = info.bytes;
      lastLine = endLine;
      while (skipped.length > 0 && skipped[0]!.line <= line) yield skipped.shift()!;
      if (record.length === 1 && record[0] === '') continue;
      let invalid = false;
      for (let at = line; at <= endLine; at++) if (checker.invalidLines.has(at)) invalid = true;
      if (columns === undefined) {
        if (invalid) {
          yield { line, error: 'invalid UTF-8 in the header' };
          return;
        }
        const header = parseHeader(record, rule);
        if ('error' in header) {
          yield { line, error: header.error };
          return;
        }
        columns = header.columns;
        continue;
      }
      if (invalid) {
        yield { line, error: 'invalid UTF-8 in the row' };
        continue;
      }
      if (record.length !== columns.length) {
        yield { line, error: `the row has ${record.length} fields but the header has ${columns.length}` };
        continue;
      }
      const member = toMember(columns, record, rule);
      yield typeof member === 'string' ? { line, error: member } : { line, member };
    }
    while (skipped.length > 0) yield skipped.shift()!;
    if (columns === undefined && options.requireMpid) yield { line: 1, error: rule.headerError };
  } catch (error) {
    while (skipped.length > 0) yield skipped.shift()!;
    const message = error instanceof Error ? error.message : String(error);
    yield { line: errorLine(error, lastLine), error: `unreadable CSV: ${message}`, unreadable: true };
  } finally {
    if (!parser.destroyed) parser.destroy();
  }
}
