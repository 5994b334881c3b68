/**
 * The admin API client: the admin token (from `#token=…` or the sign-in form, kept in
 * sessionStorage) sent as `Authorization: Bearer`, JSON in and out, errors as {@link ApiError}.
 */

const TOKEN_KEY = 'forwarder.adminToken';

/** Raised for every non-2xx answer; carries the server's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  /**
   * @param {number} status the HTTP status
   * @param {{ code?: string, message?: string, details?: Record<string, unknown> } | undefined} body
   */
  constructor(status, body) {
    super(body?.message || `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? `http_${status}`;
    this.details = body?.details;
  }

  /**
   * The setting issues of a 400 answer (`details.issues`), empty when none.
   * @returns {{ setting?: string, path?: unknown, message: string }[]}
   */
  get issues() {
    const issues = this.details?.issues;
    return Array.isArray(issues) ? issues : [];
  }
}

/**
 * Moves a `#token=…` fragment into sessionStorage and removes it from the address bar.
 * @returns {boolean} whether a token was found in the fragment
 */
export function captureTokenFromLocation() {
  const match = /(?:^#|[#&])token=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return false;
  setToken(decodeURIComponent(match[1]));
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/directory`);
  return true;
}

/** @returns {string | null} the admin token, if one is known */
export function getToken() {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

/** @param {string} token the admin token to use from now on */
export function setToken(token) {
  window.sessionStorage.setItem(TOKEN_KEY, token.trim());
}

/** Forgets the admin token. */
export function clearToken() {
  window.sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * @param {Record<string, string>} [extra]
 * @returns {Record<string, string>}
 */
export function authorizationHeaders(extra = {}) {
  const token = getToken();
  return token ? { ...extra, authorization: `Bearer ${token}` } : extra;
}

/**
 * Calls the admin API.
 * @param {string} path e.g. `/api/outputs`
 * @param {{ method?: string, json?: unknown, body?: BodyInit, contentType?: string, signal?: AbortSignal }} [options]
 * @returns {Promise<any>} the parsed JSON answer (`null` for an empty one)
 */
export async function api(path, options = {}) {
  const headers = authorizationHeaders({ accept: 'application/json' });
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType) {
    headers['content-type'] = options.contentType;
  }
  const response = await fetch(path, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    signal: options.signal,
    cache: 'no-store',
  });
  const text = await response.text();
  let parsed = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { error: { message: text.slice(0, 200) } };
    }
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent('forwarder:unauthorized'));
    throw new ApiError(response.status, parsed?.error ?? undefined);
  }
  return parsed;
}
