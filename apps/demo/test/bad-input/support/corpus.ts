import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the server must answer for a case. */
export interface ServerExpectation {
  /** `firehose` (default) or the admin `import` endpoint. */
  endpoint?: 'firehose' | 'import';
  /** Send only this (1-based) line of the file, for NDJSON files that mix good and bad lines. */
  line?: number;
  /** The Content-Type to send (`null`: none); by default the endpoint's own. */
  contentType?: string | null;
  /** The Authorization header (`null`: none); `{firehoseToken}`, `{adminToken}`, `{wrongSameLength}` are filled in. */
  authorization?: string | null;
  status: number;
  /** `error.code` of a refusal. */
  code?: string;
  /** A regular expression the refusal's message and details must match: what is wrong and where. */
  where?: string;
  /** Import answers: members accepted and lines rejected (message: a regular expression). */
  accepted?: number;
  rejected?: { line: number; message: string }[];
  /** The expectation is right but the code does not meet it yet: the test is expected to fail. */
  knownIssue?: string;
}

/** What `forwarder sync --input <case>` must do. */
export interface CliExpectation {
  exit: 0 | 1 | 2;
  /** Regular expressions standard error must match (one problem a line, with its line number). */
  report?: string[];
  /** Addresses of the same file that must reach Rokt (exactly these). */
  delivered?: string[];
  /** Events Rokt must store (default: one per delivered address). */
  events?: number;
}

/** One case of the corpus. */
export interface CorpusCase {
  name: string;
  about: string;
  /** The file under `cases/`, or `generate`: how the test makes it. */
  file?: string;
  generate?: 'deep-nesting' | 'deep-nesting-unknown-field' | 'large-body' | 'large-csv';
  server: ServerExpectation;
  cli: CliExpectation | null;
  /** Why a case has no `forwarder sync` equivalent. */
  cliSkip?: string;
}

/** The manifest. */
export interface Corpus {
  apiKey: string;
  list: string;
  cases: CorpusCase[];
}

const here = join(import.meta.dirname, '..');

/** The corpus manifest (`manifest.json`). */
export const corpus: Corpus = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8')) as Corpus;

/** The account id a case's good messages (and, for CSV, its config) use. */
export function accountOf(testCase: CorpusCase): string {
  return `bi-${testCase.name}`;
}

/** A good membership change of the corpus: one profile `<case>-<n>@example.com`, added to the corpus list. */
export function goodMessage(caseName: string, n: number, account = `bi-${caseName}`) {
  return {
    type: 'audience_membership_change_request',
    id: `${caseName}-${n}`,
    timestamp_ms: 1_714_592_744_065,
    firehose_version: '3.2.0',
    account: {
      account_id: 4242,
      account_settings: {
        configurationName: 'Bad input corpus',
        accountId: account,
        apiKey: corpus.apiKey,
        emailEncoding: 'Raw',
      },
    },
    user_profiles: [
      {
        mpid: String(1000 + n),
        user_identities: [{ type: 'email', encoding: 'raw', value: `${caseName}-${n}@example.com` }],
        audiences: [
          {
            audience_id: 4242,
            audience_name: corpus.list,
            action: 'add',
            audience_subscription_settings: {},
          },
        ],
      },
    ],
  };
}

const depth = 100_000;
const fiftyMegabytes = 50 * 1024 * 1024;

function generate(testCase: CorpusCase): Buffer {
  const name = testCase.name;
  const good = (n: number) => JSON.stringify(goodMessage(name, n));
  const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  switch (testCase.generate) {
    case 'deep-nesting': {
      const bad = good(2).replace(/"user_profiles":\[.*\]\}$/, `"user_profiles":${deep}}`);
      return Buffer.from(`${good(1)}\n${bad}\n${good(3)}\n`);
    }
    case 'deep-nesting-unknown-field':
      return Buffer.from(`${good(1).replace(/\}$/, `,"extra":${deep}}`)}\n${good(2)}\n`);
    case 'large-body': {
      const bad = good(2).replace(
        /"user_profiles":\[.*\]\}$/,
        `"user_profiles":"${'x'.repeat(fiftyMegabytes)}"}`,
      );
      return Buffer.from(`${good(1)}\n${bad}\n${good(3)}\n`);
    }
    case 'large-csv': {
      const row = '5000,large-import@example.com\n';
      return Buffer.from(`mpid,email\n${row.repeat(Math.ceil(fiftyMegabytes / row.length))}`);
    }
    default:
      throw new Error(`case ${name}: neither a file nor a known generator`);
  }
}

/** The bytes of a case: its file, or generated. */
export function caseBytes(testCase: CorpusCase): Buffer {
  if (testCase.file !== undefined) return readFileSync(join(here, 'cases', testCase.file));
  return generate(testCase);
}

/** Line `line` (1-based) of `bytes`, without its line end. */
export function lineOf(bytes: Buffer, line: number): Buffer {
  let start = 0;
  for (let current = 1; current < line; current += 1) {
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) throw new Error(`there is no line ${line}`);
    start = end + 1;
  }
  const end = bytes.indexOf(0x0a, start);
  return bytes.subarray(start, end === -1 ? bytes.length : end);
}
