import type { ErrorCodeValue } from './error-codes.js';

const marker = Symbol.for('forwarder.error');

/** Options shared by every Forwarder error. */
export interface ForwarderErrorOptions {
  /** The underlying error, kept as `cause`. */
  cause?: unknown;
}

/**
 * Base class of every Forwarder error: a `name`, a stable `code` and an optional `cause`.
 * `ForwarderError.isInstance` works across two installed copies of this package, where
 * `instanceof` would not.
 */
export class ForwarderError extends Error {
  readonly code: ErrorCodeValue;
  /** Marks Forwarder errors so that `isInstance` works across package copies. */
  readonly [marker] = true;

  constructor(code: ErrorCodeValue, message: string, options: ForwarderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ForwarderError';
    this.code = code;
  }

  /** True for any Forwarder error, whichever copy of this package created it. */
  static isInstance(error: unknown): error is ForwarderError {
    return typeof error === 'object' && error !== null && marker in error;
  }

  /** A plain, JSON-friendly view: name, code and message (never the cause, which may hold secrets). */
  toJSON(): { name: string; code: string; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}
