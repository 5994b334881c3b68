/**
 * One audience: live counts, its connections (+ Connect Output), its members, and its recent
 * deliveries.
 */
import { api } from './api.js';
import { createConnectionForm } from './connection-form.js';
import { errorBox, formatCount, h, panel, replace } from './dom.js';
import { reasonsByAudience, refreshLiveFeed, subscribeLiveFeed } from './live-feed.js';
import { deliveryLogTable, metric, reasonChips } from './live-view.js';
import { createMembersPanel } from './members-panel.js';
import { confirmButton } from './output-view.js';

/**
 * @param {HTMLElement} container
 * @param {string[]} params `[audienceId]`
 */
export async function renderAudienceView(container, [audienceId]) {
  const path = `/api/audiences/${encodeURIComponent(audienceId ?? '')}`;
  const loaded = await api(path);
  /** @type {import('./audiences-view.js').Audience} */
  let audience = loaded?.audience ?? loaded;
  const key = String(audience.id);

  const title = h('h1');
  const subtitle = h('p', { class: 'subtitle' });
  function drawHeader() {
    replace(title, audience.name);
    replace(
      subtitle,
      h('a', { href: '#/audiences' }, '← Audiences'),
      ` · id ${audience.id} · `,
      h(
        'span',
        { dataset: { testid: 'audience-member-count' } },
        `${formatCount(audience.memberCount)} members`,
      ),
    );
  }
  drawHeader();

  async function reloadAudience() {
    try {
      const answer = await api(path);
      audience = answer?.audience ?? answer;
      drawHeader();
    } catch {
      // keep the last known header
    }
    refreshLiveFeed();
  }

  const metrics = h('div', { class: 'metrics', dataset: { testid: 'audience-metrics' } });
  const reasons = h('div', { class: 'reasons' });
  const log = h('div', { class: 'log-scroll short' });
  const connectionsBody = h('div', { class: 'connection-list' });
  const newConnectionSlot = h('div');

  const connectButton = h(
    'button',
    {
      type: 'button',
      class: 'button primary',
      onClick: () => openNewConnection(),
    },
    '+ Connect Output',
  );

  /** @type {import('./output-view.js').Output[]} */
  let outputs = [];

  async function openNewConnection() {
    connectButton.setAttribute('hidden', '');
    if (outputs.length === 0) {
      replace(
        newConnectionSlot,
        h(
          'div',
          { class: 'alert alert-info' },
          'No output yet. ',
          h('a', { href: '#/directory' }, 'Set up Rokt in the Directory'),
          ' first.',
        ),
      );
      connectButton.removeAttribute('hidden');
      return;
    }
    const form = await createConnectionForm({
      audienceId: audience.id,
      outputs,
      onSaved: () => {
        replace(newConnectionSlot);
        connectButton.removeAttribute('hidden');
        refreshConnections();
        reloadAudience();
      },
      onCancel: () => {
        replace(newConnectionSlot);
        connectButton.removeAttribute('hidden');
      },
    });
    replace(
      newConnectionSlot,
      h('div', { class: 'connection-card new' }, h('h3', null, 'Connect an output'), form),
    );
  }

  async function refreshConnections() {
    try {
      const [connections, outputList] = await Promise.all([api('/api/connections'), api('/api/outputs')]);
      outputs = Array.isArray(outputList) ? outputList : [];
      const mine = (Array.isArray(connections) ? connections : []).filter(
        (connection) => String(connection.audienceId) === key,
      );
      const cards = await Promise.all(
        mine.map(async (connection) => {
          const output = outputs.find((candidate) => String(candidate.id) === String(connection.outputId));
          const form = await createConnectionForm({
            audienceId: audience.id,
            outputs,
            connection,
            onSaved: () => {
              refreshConnections();
              reloadAudience();
            },
          });
          return h(
            'div',
            {
              class: 'connection-card',
              dataset: { connectionId: String(connection.id), status: connection.status },
            },
            h(
              'div',
              { class: 'connection-title' },
              h('span', { class: 'logo logo-rokt small', 'aria-hidden': 'true' }, 'R'),
              h('h3', null, output?.name ?? `Output ${connection.outputId}`),
              h(
                'span',
                {
                  class: `badge ${connection.status === 'active' ? 'badge-success' : 'badge-muted'}`,
                  dataset: { testid: 'connection-status' },
                },
                connection.status,
              ),
            ),
            form,
          );
        }),
      );
      replace(
        connectionsBody,
        cards.length === 0 ? h('p', { class: 'muted' }, 'Not connected to any output yet.') : cards,
      );
    } catch (error) {
      replace(connectionsBody, errorBox(error));
    }
  }

  const members = createMembersPanel({ audienceId: audience.id, onChanged: () => reloadAudience() });

  replace(
    container,
    h(
      'header',
      { class: 'page-header' },
      h('div', null, title, subtitle),
      h(
        'div',
        { class: 'page-actions' },
        confirmButton('Delete audience', async () => {
          await api(path, { method: 'DELETE' });
          window.location.hash = '#/audiences';
        }),
      ),
    ),
    panel('Delivered to Rokt', [metrics, reasons], { dataset: { testid: 'audience-live' } }),
    panel('Connections', [
      connectionsBody,
      newConnectionSlot,
      h('div', { class: 'form-actions' }, connectButton),
    ]),
    members.element,
    panel('Recent deliveries', [log]),
  );

  await Promise.all([refreshConnections(), members.refresh()]);

  const unsubscribe = subscribeLiveFeed((state) => {
    const counts = state.stats?.audiences?.[key] ?? {};
    replace(
      metrics,
      metric('Included', counts.included, 'included'),
      metric('Excluded', counts.excluded, 'excluded'),
      metric('Events', counts.events, 'events'),
      metric('Skipped', counts.skipped, 'skipped'),
      metric('Failed', counts.failed, 'failed'),
    );
    const mine = state.deliveries.filter((delivery) => String(delivery.audienceId ?? '') === key);
    const why = counts.reasons
      ? Object.entries(counts.reasons)
      : (reasonsByAudience(mine).get(key) ?? new Map());
    replace(reasons, h('span', { class: 'muted' }, 'Skipped or failed because: '), reasonChips(why));
    replace(
      log,
      deliveryLogTable(mine.slice(0, 25), () => audience.name),
    );
  });
  return unsubscribe;
}
