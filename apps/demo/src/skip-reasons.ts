/**
 * Skip reasons the app itself gives (the plugins give their own, e.g. `unsupported_hash_md5`):
 * the same code in the CLI summary (`skippedReasons`), the server's delivery log and the web UI.
 */
export const SkipReason = Object.freeze({
  /** The connection is inactive: its members are counted as skipped and nothing is sent. */
  inactiveConnection: 'inactive_connection',
} as const);
