/** What happens to a member: joins (`add`) or leaves (`delete`) the audience. */
export type MemberAction = 'add' | 'delete';

/** One audience member read from an import (a CSV row). */
export interface Member {
  /** Joins or leaves the audience (default `add`). */
  action: MemberAction;
  /** The mParticle id. */
  mpid?: string;
  /** A plain email address. */
  email?: string;
  /** The SHA-256 of the normalised email address, lowercase hex. */
  emailSha256?: string;
  /** A plain mobile number. */
  mobile?: string;
  /** The SHA-256 of the normalised mobile number, lowercase hex. */
  mobileSha256?: string;
  /** User attributes by key (e.g. `$firstname`, `loyalty_tier`); a list value is an array. */
  attributes: Record<string, string | string[]>;
}

/** One CSV row's outcome: a member, or why the row cannot be used, with its (first) line. */
export type MemberRecord =
  | { line: number; member: Member }
  | {
      line: number;
      error: string;
      /** The CSV cannot be read from here on (e.g. an unclosed quote): this is the last record. */
      unreadable?: true;
    };
