import {
  checkFaultOptions,
  checkScriptedFaults,
  type FaultOptions,
  type ScriptedFault,
} from './fault-options.js';
import { EVENTS_PATH, ROKT_PATHS } from './rokt-paths.js';
import { createRandom, type RandomSource } from './seeded-random.js';

/** What happens to one request, decided before it is handled. */
export interface FaultPlan {
  /** Milliseconds to wait before answering (0 for none). */
  delayMs: number;
  /** Destroy the socket without answering. */
  drop: boolean;
  /** Answer with this error status instead of handling the request. */
  status?: number;
  /** The `Retry-After` header to send with `status`. */
  retryAfter?: string;
  /** Events to answer as unprocessed: given indexes, or a random subset. */
  unprocessed?: number[] | 'random';
  /** A short description for the request log. */
  description: string;
}

const DEFAULT_DELAY_MS = 500;
const DEFAULT_RETRY_AFTER_SECONDS = 1;
const RANDOM_5XX = [500, 502, 503, 504] as const;

/** Decides, per request, which fault (if any) is injected: scripted faults first, then rates. */
export class FaultInjector {
  #options: FaultOptions = {};
  #random: RandomSource = Math.random;
  #script: ScriptedFault[] = [];

  /** Creates an injector with the given rate faults. */
  constructor(options: FaultOptions = {}) {
    this.setFaults(options);
  }

  /** The rate fault options in force. */
  get options(): FaultOptions {
    return { ...this.#options };
  }

  /** How many scripted faults are still waiting. */
  get pendingScripted(): number {
    return this.#script.length;
  }

  /** Replaces the rate faults and restarts the random generator from the seed. */
  setFaults(options: FaultOptions): void {
    this.#options = checkFaultOptions(options);
    this.#random = createRandom(this.#options.seed);
  }

  /** Replaces the queue of scripted faults. */
  script(faults: ScriptedFault[]): void {
    this.#script = checkScriptedFaults(faults);
  }

  /** Forgets scripted faults and restarts the random generator from the seed. */
  reset(): void {
    this.#script = [];
    this.#random = createRandom(this.#options.seed);
  }

  /** Draws a number from the fault generator (used to pick random subsets). */
  random(): number {
    return this.#random();
  }

  /** Decides the fault for one request to `path`, consuming a matching scripted fault if any. */
  plan(path: string): FaultPlan | undefined {
    if (!ROKT_PATHS.includes(path)) {
      return undefined;
    }
    const scriptedIndex = this.#script.findIndex((fault) => fault.path === undefined || fault.path === path);
    if (scriptedIndex !== -1) {
      const [fault] = this.#script.splice(scriptedIndex, 1);
      return fault === undefined ? undefined : planFromScript(fault, path);
    }
    return this.#planFromRates(path);
  }

  #fires(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.#random() < rate;
  }

  #planFromRates(path: string): FaultPlan | undefined {
    const options = this.#options;
    if (!(options.paths ?? ROKT_PATHS).includes(path)) {
      return undefined;
    }
    const delayMs = this.#fires(options.rateDelay) ? (options.delayMs ?? DEFAULT_DELAY_MS) : 0;
    const delayed = delayMs > 0 ? `delay ${delayMs} ms` : undefined;
    const describe = (what: string): string => (delayed ? `${delayed}, ${what}` : what);
    if (this.#fires(options.rateDrop)) {
      return { delayMs, drop: true, description: describe('drop') };
    }
    if (this.#fires(options.rateUnauthorized)) {
      return { delayMs, drop: false, status: 401, description: describe('status 401') };
    }
    if (this.#fires(options.rate429)) {
      const retryAfter = String(options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
      return { delayMs, drop: false, status: 429, retryAfter, description: describe('status 429') };
    }
    if (this.#fires(options.rate5xx)) {
      const status =
        options.status5xx ?? RANDOM_5XX[Math.floor(this.#random() * RANDOM_5XX.length)] ?? RANDOM_5XX[0];
      return { delayMs, drop: false, status, description: describe(`status ${status}`) };
    }
    if (path === EVENTS_PATH && this.#fires(options.ratePartial)) {
      return { delayMs, drop: false, unprocessed: 'random', description: describe('partial') };
    }
    if (delayed !== undefined) {
      return { delayMs, drop: false, description: delayed };
    }
    return undefined;
  }
}

function planFromScript(fault: ScriptedFault, path: string): FaultPlan {
  const parts = ['scripted'];
  const delayMs = fault.delayMs ?? 0;
  if (delayMs > 0) parts.push(`delay ${delayMs} ms`);
  const plan: FaultPlan = { delayMs, drop: fault.drop === true, description: '' };
  if (plan.drop) {
    parts.push('drop');
  } else if (fault.status !== undefined) {
    plan.status = fault.status;
    if (fault.retryAfter !== undefined) plan.retryAfter = fault.retryAfter;
    parts.push(`status ${fault.status}`);
  } else if (fault.unprocessed !== undefined && path === EVENTS_PATH) {
    plan.unprocessed = fault.unprocessed;
    parts.push(`partial [${fault.unprocessed.join(', ')}]`);
  }
  plan.description = parts.join(', ');
  return plan;
}
