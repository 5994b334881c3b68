import { ROKT_PATHS } from './rokt-paths.js';

/**
 * Faults injected at random rates. Every rate is a probability between 0 and 1, drawn per request
 * to a Rokt endpoint listed in `paths`. A faulted request never changes the sandbox state, except a
 * partial failure, which stores only the events it accepts.
 */
export interface FaultOptions {
  /** Rate of 429 answers with a `Retry-After` header. */
  rate429?: number;
  /** The `Retry-After` value of injected 429s, in whole seconds (0 allowed); defaults to 1. */
  retryAfterSeconds?: number;
  /** Rate of 5xx answers. */
  rate5xx?: number;
  /** The status of injected 5xx answers; when absent, one of 500, 502, 503 and 504 at random. */
  status5xx?: number;
  /** Rate of delayed answers (the request is then handled normally, unless another fault applies). */
  rateDelay?: number;
  /** The delay of delayed answers, in milliseconds; defaults to 500. */
  delayMs?: number;
  /** Rate of dropped connections: the socket is destroyed without an answer. */
  rateDrop?: number;
  /** Rate of 401 `UnauthorizedError` answers whatever the credentials. */
  rateUnauthorized?: number;
  /**
   * Rate of partial failures on `/v2/events`: a 200 answer listing a random non-empty subset of the
   * valid events as `unprocessedRecords` with code `InternalError`; those events are not stored.
   */
  ratePartial?: number;
  /** Seed of the deterministic random generator; without it faults use `Math.random`. */
  seed?: number;
  /** The endpoints the rates apply to; defaults to all three Rokt endpoints. */
  paths?: string[];
}

/**
 * One scripted fault, consumed by the next request to a matching endpoint, before rate faults are
 * considered. A fault with neither `status`, `drop` nor `unprocessed` only delays the request.
 */
export interface ScriptedFault {
  /** The endpoint this fault applies to; any Rokt endpoint when absent. */
  path?: string;
  /** The status to answer with (400 to 599), in Rokt's error shape. */
  status?: number;
  /** The `Retry-After` header to send with `status` (seconds or an HTTP date), sent as given. */
  retryAfter?: string;
  /** Delay before answering (or dropping), in milliseconds. */
  delayMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** On `/v2/events`: indexes of the events to answer as unprocessed (`InternalError`) and not store. */
  unprocessed?: number[];
}

const FAULT_OPTION_KEYS = new Set([
  'rate429',
  'retryAfterSeconds',
  'rate5xx',
  'status5xx',
  'rateDelay',
  'delayMs',
  'rateDrop',
  'rateUnauthorized',
  'ratePartial',
  'seed',
  'paths',
]);
const RATE_KEYS = ['rate429', 'rate5xx', 'rateDelay', 'rateDrop', 'rateUnauthorized', 'ratePartial'] as const;
const SCRIPTED_FAULT_KEYS = new Set(['path', 'status', 'retryAfter', 'delayMs', 'drop', 'unprocessed']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkPath(value: unknown, where: string): string {
  if (typeof value !== 'string' || !ROKT_PATHS.includes(value)) {
    throw new TypeError(`${where} must be one of ${ROKT_PATHS.join(', ')}`);
  }
  return value;
}

/**
 * Checks fault options (from code or from JSON) and returns a copy.
 * @throws TypeError naming the first invalid option.
 */
export function checkFaultOptions(value: unknown): FaultOptions {
  if (!isRecord(value)) {
    throw new TypeError('fault options must be an object');
  }
  for (const key of Object.keys(value)) {
    if (!FAULT_OPTION_KEYS.has(key)) {
      throw new TypeError(`unknown fault option "${key}"`);
    }
  }
  const options: FaultOptions = {};
  for (const key of RATE_KEYS) {
    const rate = value[key];
    if (rate === undefined) continue;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new TypeError(`${key} must be a number between 0 and 1`);
    }
    options[key] = rate;
  }
  if (value.retryAfterSeconds !== undefined) {
    if (!isNonNegativeInteger(value.retryAfterSeconds)) {
      throw new TypeError('retryAfterSeconds must be a whole number of seconds, 0 or more');
    }
    options.retryAfterSeconds = value.retryAfterSeconds;
  }
  if (value.status5xx !== undefined) {
    const status = value.status5xx;
    if (!Number.isInteger(status) || typeof status !== 'number' || status < 500 || status > 599) {
      throw new TypeError('status5xx must be an integer from 500 to 599');
    }
    options.status5xx = status;
  }
  if (value.delayMs !== undefined) {
    if (!isNonNegativeInteger(value.delayMs)) {
      throw new TypeError('delayMs must be a whole number of milliseconds, 0 or more');
    }
    options.delayMs = value.delayMs;
  }
  if (value.seed !== undefined) {
    if (typeof value.seed !== 'number' || !Number.isSafeInteger(value.seed)) {
      throw new TypeError('seed must be an integer');
    }
    options.seed = value.seed;
  }
  if (value.paths !== undefined) {
    if (!Array.isArray(value.paths)) {
      throw new TypeError('paths must be an array');
    }
    options.paths = value.paths.map((path, index) => checkPath(path, `paths[${index}]`));
  }
  return options;
}

/**
 * Checks a list of scripted faults (from code or from JSON) and returns a copy.
 * @throws TypeError naming the first invalid entry.
 */
export function checkScriptedFaults(value: unknown): ScriptedFault[] {
  if (!Array.isArray(value)) {
    throw new TypeError('scripted faults must be an array');
  }
  return value.map((entry: unknown, index) => {
    const where = `script[${index}]`;
    if (!isRecord(entry)) {
      throw new TypeError(`${where} must be an object`);
    }
    for (const key of Object.keys(entry)) {
      if (!SCRIPTED_FAULT_KEYS.has(key)) {
        throw new TypeError(`${where} has an unknown field "${key}"`);
      }
    }
    const fault: ScriptedFault = {};
    if (entry.path !== undefined) fault.path = checkPath(entry.path, `${where}.path`);
    if (entry.status !== undefined) {
      const status = entry.status;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
        throw new TypeError(`${where}.status must be an integer from 400 to 599`);
      }
      fault.status = status;
    }
    if (entry.retryAfter !== undefined) {
      if (typeof entry.retryAfter !== 'string' || entry.retryAfter.length === 0) {
        throw new TypeError(`${where}.retryAfter must be a non-empty string`);
      }
      fault.retryAfter = entry.retryAfter;
    }
    if (entry.delayMs !== undefined) {
      if (!isNonNegativeInteger(entry.delayMs)) {
        throw new TypeError(`${where}.delayMs must be a whole number of milliseconds, 0 or more`);
      }
      fault.delayMs = entry.delayMs;
    }
    if (entry.drop !== undefined) {
      if (typeof entry.drop !== 'boolean') {
        throw new TypeError(`${where}.drop must be a boolean`);
      }
      fault.drop = entry.drop;
    }
    if (entry.unprocessed !== undefined) {
      if (!Array.isArray(entry.unprocessed) || !entry.unprocessed.every(isNonNegativeInteger)) {
        throw new TypeError(`${where}.unprocessed must be an array of event indexes`);
      }
      fault.unprocessed = [...entry.unprocessed];
    }
    const outcomes = [fault.status !== undefined, fault.drop === true, fault.unprocessed !== undefined];
    if (outcomes.filter(Boolean).length > 1) {
      throw new TypeError(`${where} may have only one of status, drop and unprocessed`);
    }
    return fault;
  });
}
