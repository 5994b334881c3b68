import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { type Member as ImportedMember, parseMemberCsv } from '../input/csv-members.js';
import { splitNdjson } from '../input/ndjson-splitter.js';
import { parseJsonSafely } from '../input/safe-json-parse.js';
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A CSV member as the server keeps it: an mpid (a whole number), plain email and mobile. */
function toMemberChange(imported: ImportedMember): MemberChange {
  if (imported.emailSha256 !== undefined || imported.mobileSha256 !== undefined) {
    throw new Error(
      'email_sha256 and mobile_sha256 cannot be imported here: the server keeps plain email addresses and mobile numbers',
    );
  }
  const member = parseMember({
    mpid: imported.mpid,
    email: imported.email,
    mobile: imported.mobile,
    attributes: imported.attributes,
  });
  return { action: imported.action === 'delete' ? 'remove' : 'add', member };
}

/**
 * Reads a members CSV in the app's one CSV format (`parseMemberCsv`, described in the README's
 * "The CSV format"), with the server's needs on top: each row needs an `mpid` (a whole number),
 * and hashed identities (`email_sha256`, `mobile_sha256`) are refused, the store keeping plain
 * ones. Lines are those of the file where each row starts. Throws an `Error` when the CSV cannot be
 * read as a whole (an unclosed quote).
 */
export async function parseMembersCsv(body: string | Buffer): Promise<ParsedImport> {
  const changes: MemberChange[] = [];
  const rejected: RejectedLine[] = [];
  for await (const record of parseMemberCsv(Readable.from([bytesOf(body)]), { requireMpid: true })) {
    if ('error' in record) {
      if (record.unreadable) throw new Error(record.error.replace(/^unreadable CSV: /, ''));
      rejected.push({ line: record.line, message: record.error });
      continue;
    }
    try {
      changes.push(toMemberChange(record.member));
    } catch (error) {
      rejected.push({ line: record.line, message: messageOf(error) });
    }
  }
  return { changes, rejected };
}

function bytesOf(body: string | Buffer): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

async function* chunksOf(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

const byteOrderMark = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads NDJSON members: one `{ mpid, email?, mobile?, attributes?, action? }` a line (as the admin
 * API takes them); blank lines ignored, a UTF-8 byte order mark skipped. Lines are cut and parsed
 * as the CLI reads NDJSON (`splitNdjson`, `parseJsonSafely`: no `__proto__`-like keys).
 */
export async function parseMembersNdjson(body: string | Buffer): Promise<ParsedImport> {
  const changes: MemberChange[] = [];
  const rejected: RejectedLine[] = [];
  const whole = bytesOf(body);
  const bytes = whole.subarray(0, 3).equals(byteOrderMark) ? whole.subarray(3) : whole;
  for await (const slice of splitNdjson(chunksOf(bytes))) {
    const line = slice.line;
    if ('error' in slice) {
      rejected.push({ line, message: slice.error });
      continue;
    }
    if (!isUtf8(slice.bytes)) {
      rejected.push({ line, message: 'invalid UTF-8 in the line' });
      continue;
    }
    const parsed = parseJsonSafely(slice.bytes.toString('utf8'));
    if (!parsed.ok) {
      // The parser's own message may quote the line: it is not sent back.
      rejected.push({ line, message: parsed.kind === 'syntax' ? 'not valid JSON' : parsed.error });
      continue;
    }
    try {
      const action = parseAction((parsed.value as { action?: unknown } | null)?.action);
      changes.push({ action, member: parseMember(parsed.value) });
    } catch (error) {
      rejected.push({ line, message: messageOf(error) });
    }
  }
  return { changes, rejected };
}
