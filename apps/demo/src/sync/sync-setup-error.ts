/**
 * The run cannot start (exit status 2): a bad flag, an unreadable input file, an invalid
 * `--config`, a CSV output without usable credentials. Raised before anything is sent.
 */
export class SyncSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncSetupError';
  }
}
