/** One message read from an input file: its value, or why it could not be read. */
export type InputRecord =
  | {
      /** The 1-based line where the message starts. */
      line: number;
      /** The JSON-parsed message. */
      value: unknown;
    }
  | {
      /** The 1-based line where the unreadable message starts. */
      line: number;
      /** What is wrong with it, for people. */
      error: string;
    };

/** A slice of raw input bytes holding one message, or an error found while cutting it out. */
export type RawSlice = { line: number; bytes: Buffer } | { line: number; error: string };

/** The default largest single message, in bytes. Longer ones are reported and skipped. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
