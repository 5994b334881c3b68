/**
 * The live feed: recent deliveries and stats from `GET /api/stream` (Server-Sent Events read with
 * fetch, so that the admin token travels in the Authorization header), falling back to polling
 * `GET /api/stats` and `GET /api/deliveries` when the stream is unavailable.
 */
import { api, authorizationHeaders, getToken } from './api.js';

const MAX_DELIVERIES = 200;
const POLL_MS = 1500;
const STREAM_RETRY_MS = 15_000;

/**
 * @typedef {{ id: string | number, at?: string, audienceId?: string | number, connectionId?: string | number,
 *   outputId?: string | number, messageId?: string, status: string, profiles?: number, delivered?: number,
 *   skipped?: number, failed?: number, included?: number, excluded?: number, events?: number,
 *   reasons?: Record<string, number> | string[],
 *   failures?: { reason: string, message: string, status?: number }[] }} Delivery
 * @typedef {{ queue?: { pending?: number, inFlight?: number, done?: number, failed?: number },
 *   audiences?: Record<string, { included?: number, excluded?: number, events?: number, skipped?: number, failed?: number,
 *   reasons?: Record<string, number> }> }} Stats
 * @typedef {{ mode: 'off' | 'stream' | 'polling', stats: Stats | null, deliveries: Delivery[], version: number }} LiveState
 */

/** @type {LiveState} */
const state = { mode: 'off', stats: null, deliveries: [], version: 0 };
/** @type {Set<(state: LiveState) => void>} */
const listeners = new Set();
/** @type {AbortController | undefined} */
let running;
let scheduled = false;

function notify() {
  state.version += 1;
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    for (const listener of listeners) listener(state);
  });
}

/** @param {Delivery[]} entries newest first or oldest first; merged by id, newest first */
function mergeDeliveries(entries) {
  const byId = new Map(state.deliveries.map((entry) => [String(entry.id), entry]));
  for (const entry of entries) byId.set(String(entry.id), entry);
  state.deliveries = [...byId.values()]
    .sort((left, right) => compareDeliveries(right, left))
    .slice(0, MAX_DELIVERIES);
}

/** @param {Delivery} left @param {Delivery} right */
function compareDeliveries(left, right) {
  const leftTime = Date.parse(left.at ?? '') || 0;
  const rightTime = Date.parse(right.at ?? '') || 0;
  if (leftTime !== rightTime) return leftTime - rightTime;
  const leftId = Number(left.id);
  const rightId = Number(right.id);
  if (Number.isFinite(leftId) && Number.isFinite(rightId)) return leftId - rightId;
  return String(left.id).localeCompare(String(right.id));
}

/** @param {unknown} answer */
function deliveriesOf(answer) {
  if (Array.isArray(answer)) return answer;
  if (answer && typeof answer === 'object' && Array.isArray(/** @type {any} */ (answer).deliveries)) {
    return /** @type {{ deliveries: Delivery[] }} */ (answer).deliveries;
  }
  return [];
}

/** @param {AbortSignal} signal */
async function refreshByPolling(signal) {
  const [stats, deliveries] = await Promise.all([
    api('/api/stats', { signal }),
    api('/api/deliveries?limit=100', { signal }),
  ]);
  state.stats = stats;
  mergeDeliveries(deliveriesOf(deliveries));
  notify();
}

/**
 * Reads Server-Sent Events from a fetch response until it ends.
 * @param {Response} response
 * @param {AbortSignal} signal
 */
async function readEvents(response, signal) {
  if (!response.body) throw new Error('no stream body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  signal.addEventListener('abort', () => reader.cancel().catch(() => {}), { once: true });
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let boundary = buffer.indexOf('\n\n');
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      handleEvent(block);
      boundary = buffer.indexOf('\n\n');
    }
  }
}

/** @param {string} block one SSE event block */
function handleEvent(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return;
  let payload;
  try {
    payload = JSON.parse(data.join('\n'));
  } catch {
    return;
  }
  if (event === 'delivery') {
    mergeDeliveries([payload]);
    notify();
  } else if (event === 'stats') {
    state.stats = payload;
    notify();
  } else if (event === 'deliveries') {
    mergeDeliveries(deliveriesOf(payload));
    notify();
  }
}

/** @param {number} ms @param {AbortSignal} signal */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
      { once: true },
    );
  });
}

/** @param {AbortSignal} signal */
async function run(signal) {
  try {
    await refreshByPolling(signal);
  } catch {
    // shown as polling below; the next attempts will tell
  }
  while (!signal.aborted) {
    try {
      const response = await fetch('/api/stream', {
        headers: authorizationHeaders({ accept: 'text/event-stream' }),
        cache: 'no-store',
        signal,
      });
      if (!response.ok) throw new Error(`stream answered ${response.status}`);
      state.mode = 'stream';
      notify();
      await readEvents(response, signal);
    } catch {
      // fall back to polling below
    }
    if (signal.aborted) return;
    state.mode = 'polling';
    notify();
    const until = Date.now() + STREAM_RETRY_MS;
    while (!signal.aborted && Date.now() < until) {
      try {
        await refreshByPolling(signal);
      } catch {
        // keep polling
      }
      await sleep(POLL_MS, signal);
    }
  }
}

/** Starts the feed (once; needs the admin token). */
export function startLiveFeed() {
  if (running || !getToken()) return;
  running = new AbortController();
  run(running.signal);
}

/** Stops the feed. */
export function stopLiveFeed() {
  running?.abort();
  running = undefined;
  state.mode = 'off';
  notify();
}

/** Fetches stats and deliveries now (after an action), whatever the mode. */
export function refreshLiveFeed() {
  if (!running) return;
  refreshByPolling(running.signal).catch(() => {});
}

/**
 * Subscribes to the feed; the listener is called now and on every change.
 * @param {(state: LiveState) => void} listener
 * @returns {() => void} unsubscribe
 */
export function subscribeLiveFeed(listener) {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

/**
 * Counts of skip and failure reasons per audience over the recent deliveries.
 * @param {Delivery[]} deliveries
 * @returns {Map<string, Map<string, number>>} audience id → reason → count
 */
export function reasonsByAudience(deliveries) {
  /** @type {Map<string, Map<string, number>>} */
  const result = new Map();
  for (const delivery of deliveries) {
    const key = String(delivery.audienceId ?? '');
    const reasons = result.get(key) ?? new Map();
    result.set(key, reasons);
    for (const [reason, count] of reasonEntries(delivery))
      reasons.set(reason, (reasons.get(reason) ?? 0) + count);
  }
  return result;
}

/**
 * The reasons of one delivery: its `reasons` map (or list) plus its failures' reasons.
 * @param {Delivery} delivery
 * @returns {[string, number][]}
 */
export function reasonEntries(delivery) {
  /** @type {Map<string, number>} */
  const reasons = new Map();
  if (Array.isArray(delivery.reasons)) {
    for (const reason of delivery.reasons)
      reasons.set(String(reason), (reasons.get(String(reason)) ?? 0) + 1);
  } else if (delivery.reasons && typeof delivery.reasons === 'object') {
    for (const [reason, count] of Object.entries(delivery.reasons)) {
      reasons.set(reason, (reasons.get(reason) ?? 0) + (typeof count === 'number' ? count : 1));
    }
  }
  for (const failure of delivery.failures ?? []) {
    if (!reasons.has(failure.reason))
      reasons.set(failure.reason, /** @type {{ count?: number }} */ (failure).count ?? 1);
  }
  return [...reasons.entries()];
}
