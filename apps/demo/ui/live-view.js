/**
 * Monitoring › Live view: queue stats, per-audience counts (included, excluded, events, skipped,
 * failed and why), the delivery log as it grows, and the local sandbox's view of the lists.
 */
import { api } from './api.js';
import { formatCount, formatTime, h, pageHeader, panel, replace } from './dom.js';
import { reasonEntries, reasonsByAudience, subscribeLiveFeed } from './live-feed.js';

const SANDBOX_POLL_MS = 1500;
const SAMPLE_SIZE = 5;

/**
 * @typedef {import('./live-feed.js').Delivery} Delivery
 * @typedef {import('./live-feed.js').LiveState} LiveState
 */

/** @param {Map<string, number> | [string, number][]} reasons */
export function reasonChips(reasons) {
  const entries = [...reasons].sort((left, right) => right[1] - left[1]);
  if (entries.length === 0) return h('span', { class: 'muted' }, '—');
  return h(
    'span',
    { class: 'reason-list' },
    entries.map(([reason, count]) =>
      h('span', { class: 'badge badge-warning', title: reason }, `${reason} × ${formatCount(count)}`),
    ),
  );
}

/**
 * One counts cell group.
 * @param {string} label
 * @param {unknown} value
 * @param {string} testid
 */
export function metric(label, value, testid) {
  return h(
    'div',
    { class: 'metric', dataset: { testid } },
    h('span', { class: 'metric-value' }, formatCount(value)),
    h('span', { class: 'metric-label' }, label),
  );
}

/**
 * "3 included · 3 events" under a delivered count, when the entry has the split.
 * @param {Delivery} delivery
 */
function deliveredBreakdown(delivery) {
  const parts = [
    ['included', delivery.included],
    ['excluded', delivery.excluded],
    ['events', delivery.events],
  ].filter(([, count]) => typeof count === 'number' && count > 0);
  if (parts.length === 0) return null;
  return h(
    'div',
    { class: 'breakdown' },
    parts.map(([label, count]) => `${formatCount(count)} ${label}`).join(' · '),
  );
}

/**
 * The delivery log.
 * @param {Delivery[]} deliveries newest first
 * @param {(audienceId: string) => string} audienceName
 */
export function deliveryLogTable(deliveries, audienceName) {
  if (deliveries.length === 0) return h('p', { class: 'muted' }, 'No delivery yet.');
  return h(
    'table',
    { class: 'table compact', dataset: { testid: 'delivery-log' } },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['Time', 'Audience', 'Status', 'Profiles', 'Delivered', 'Skipped', 'Failed', 'Why'].map((title) =>
          h('th', null, title),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      deliveries.map((delivery) =>
        h(
          'tr',
          { dataset: { status: delivery.status } },
          h('td', { class: 'nowrap muted' }, formatTime(delivery.at)),
          h('td', null, audienceName(String(delivery.audienceId ?? ''))),
          h('td', null, h('span', { class: `badge status-${delivery.status}` }, delivery.status)),
          h('td', { class: 'number' }, formatCount(delivery.profiles)),
          h('td', { class: 'number' }, formatCount(delivery.delivered), deliveredBreakdown(delivery)),
          h('td', { class: 'number' }, formatCount(delivery.skipped)),
          h('td', { class: 'number' }, formatCount(delivery.failed)),
          h(
            'td',
            null,
            reasonChips(reasonEntries(delivery)),
            (delivery.failures ?? [])
              .slice(0, 3)
              .map((failure) =>
                h(
                  'div',
                  { class: 'failure-message' },
                  failure.status ? `HTTP ${failure.status}: ` : '',
                  failure.message,
                ),
              ),
          ),
        ),
      ),
    ),
  );
}

/**
 * A panel showing the local sandbox's lists; hides itself when `GET /api/sandbox/state` answers 404.
 * @returns {{ element: HTMLElement, stop: () => void }}
 */
export function sandboxPanel() {
  const body = h('div');
  const element = panel('Sandbox (local Rokt stand-in)', [body], {
    hidden: true,
    dataset: { testid: 'sandbox-panel' },
  });
  let stopped = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  async function poll() {
    if (stopped) return;
    try {
      const state = await api('/api/sandbox/state');
      element.hidden = false;
      draw(state);
    } catch (error) {
      if (/** @type {{ status?: number }} */ (error).status === 404) {
        element.hidden = true;
        return;
      }
      replace(body, h('p', { class: 'muted' }, 'Sandbox state unavailable.'));
    }
    timer = setTimeout(poll, SANDBOX_POLL_MS);
  }

  /** @param {{ accounts?: Record<string, { lists?: Record<string, { included?: string[], excluded?: string[] }>, events?: { count?: number } }>, requests?: { total?: number, byStatus?: Record<string, number> } }} state */
  function draw(state) {
    const accounts = Object.entries(state?.accounts ?? {});
    const rows = [];
    for (const [accountId, account] of accounts) {
      for (const [listName, list] of Object.entries(account.lists ?? {})) {
        const sample = [...(list.included ?? [])].slice(0, SAMPLE_SIZE);
        rows.push(
          h(
            'tr',
            { dataset: { account: accountId, list: listName } },
            h('td', null, accountId),
            h('td', null, listName),
            h(
              'td',
              { class: 'number', dataset: { testid: 'sandbox-included' } },
              formatCount(list.included?.length ?? 0),
            ),
            h(
              'td',
              { class: 'number', dataset: { testid: 'sandbox-excluded' } },
              formatCount(list.excluded?.length ?? 0),
            ),
            h(
              'td',
              null,
              sample.length === 0
                ? h('span', { class: 'muted' }, '—')
                : sample.map((identifier) =>
                    h(
                      'code',
                      { class: 'identifier', title: identifier },
                      identifier.length > 24 ? `${identifier.slice(0, 16)}…` : identifier,
                    ),
                  ),
            ),
          ),
        );
      }
    }
    const statuses = Object.entries(state?.requests?.byStatus ?? {})
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    const events = accounts.reduce((sum, [, account]) => sum + (account.events?.count ?? 0), 0);
    replace(
      body,
      h(
        'p',
        { class: 'muted' },
        `Requests received: ${formatCount(state?.requests?.total ?? 0)}${statuses ? ` (${statuses})` : ''} · events stored: ${formatCount(events)}`,
      ),
      rows.length === 0
        ? h('p', { class: 'muted' }, 'No list received yet.')
        : h(
            'table',
            { class: 'table compact' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['Account', 'List', 'Included', 'Excluded', 'Sample of included identifiers'].map((title) =>
                  h('th', null, title),
                ),
              ),
            ),
            h('tbody', null, rows),
          ),
    );
  }

  poll();
  return {
    element,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * @param {HTMLElement} container
 */
export async function renderLiveView(container) {
  /** @type {Map<string, string>} */
  const names = new Map();
  let lastAudienceLoad = 0;
  async function loadAudiences() {
    lastAudienceLoad = Date.now();
    try {
      const audiences = await api('/api/audiences');
      for (const audience of Array.isArray(audiences) ? audiences : [])
        names.set(String(audience.id), audience.name);
    } catch {
      // names stay as ids
    }
  }
  await loadAudiences();
  const audienceName = (id) => names.get(id) ?? (id === '' ? '—' : `#${id}`);

  const queue = h('div', { class: 'metrics' });
  const audiencesBody = h('div');
  const log = h('div', { class: 'log-scroll' });
  const sandbox = sandboxPanel();

  replace(
    container,
    pageHeader('Live view', 'Deliveries to Rokt as they happen.'),
    panel('Queue', [queue]),
    panel('Audiences', [audiencesBody], { dataset: { testid: 'live-audiences' } }),
    sandbox.element,
    panel('Delivery log', [log]),
  );

  const unsubscribe = subscribeLiveFeed((state) => {
    const stats = state.stats ?? {};
    replace(
      queue,
      metric('Pending', stats.queue?.pending, 'queue-pending'),
      metric('In flight', stats.queue?.inFlight, 'queue-in-flight'),
      metric('Done', stats.queue?.done, 'queue-done'),
      metric('Failed', stats.queue?.failed, 'queue-failed'),
    );
    const perAudience = stats.audiences ?? {};
    const reasons = reasonsByAudience(state.deliveries);
    const ids = [...new Set([...Object.keys(perAudience), ...names.keys()])];
    if (ids.some((id) => !names.has(id)) && Date.now() - lastAudienceLoad > 5000) loadAudiences();
    replace(
      audiencesBody,
      ids.length === 0
        ? h('p', { class: 'muted' }, 'No audience yet.')
        : h(
            'table',
            { class: 'table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['Audience', 'Included', 'Excluded', 'Events', 'Skipped', 'Failed', 'Why'].map((title) =>
                  h('th', null, title),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              ids.map((id) => {
                const counts = perAudience[id] ?? {};
                const why = counts.reasons ? Object.entries(counts.reasons) : (reasons.get(id) ?? new Map());
                return h(
                  'tr',
                  { dataset: { audienceId: id } },
                  h('td', null, h('a', { href: `#/audiences/${encodeURIComponent(id)}` }, audienceName(id))),
                  h('td', { class: 'number', dataset: { testid: 'included' } }, formatCount(counts.included)),
                  h('td', { class: 'number', dataset: { testid: 'excluded' } }, formatCount(counts.excluded)),
                  h('td', { class: 'number', dataset: { testid: 'events' } }, formatCount(counts.events)),
                  h('td', { class: 'number', dataset: { testid: 'skipped' } }, formatCount(counts.skipped)),
                  h('td', { class: 'number', dataset: { testid: 'failed' } }, formatCount(counts.failed)),
                  h('td', null, reasonChips(why)),
                );
              }),
            ),
          ),
    );
    replace(log, deliveryLogTable(state.deliveries.slice(0, 100), audienceName));
  });

  return () => {
    unsubscribe();
    sandbox.stop();
  };
}
