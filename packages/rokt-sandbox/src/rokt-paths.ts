/** The path of Rokt's credential check endpoint. */
export const AUTH_CHECK_PATH = '/v3/auth-check';
/** The path of Rokt's audience list import endpoint. */
export const SUPPRESSION_PATH = '/v3/import/suppression';
/** The path of Rokt's event API endpoint. */
export const EVENTS_PATH = '/v2/events';

/** Every Rokt endpoint the sandbox serves. */
export const ROKT_PATHS: readonly string[] = [AUTH_CHECK_PATH, SUPPRESSION_PATH, EVENTS_PATH];
