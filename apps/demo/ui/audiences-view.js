/**
 * Segmentation › Audiences: create an audience by name; the list with member counts, connections
 * and live delivery counts.
 */
import { api } from './api.js';
import { errorBox, formatCount, h, pageHeader, panel, replace, toast } from './dom.js';
import { subscribeLiveFeed } from './live-feed.js';
import { confirmButton } from './output-view.js';

/**
 * @typedef {{ id: string | number, name: string, memberCount?: number, connections?: number }} Audience
 */

/**
 * @param {HTMLElement} container
 */
export async function renderAudiencesView(container) {
  const listBody = h('div');
  /** @type {Audience[]} */
  let audiences = [];
  /** @type {import('./live-feed.js').Stats | null} */
  let stats = null;

  const nameInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'audience-name',
      name: 'name',
      type: 'text',
      required: true,
      placeholder: 'e.g. Cart abandoners',
      autocomplete: 'off',
    })
  );
  const nameError = h('p', { class: 'field-error', id: 'audience-name-error', role: 'alert', hidden: true });
  const form = h(
    'form',
    {
      class: 'inline-form',
      novalidate: true,
      'aria-label': 'Create an audience',
      onSubmit: async (event) => {
        event.preventDefault();
        nameError.hidden = true;
        const name = nameInput.value.trim();
        if (!name) {
          nameError.hidden = false;
          replace(nameError, 'Give the audience a name.');
          return;
        }
        try {
          const audience = await api('/api/audiences', { method: 'POST', json: { name } });
          nameInput.value = '';
          toast(`Audience "${audience.name ?? name}" created.`, 'success');
          await refresh();
        } catch (error) {
          nameError.hidden = false;
          replace(nameError, error instanceof Error ? error.message : String(error));
        }
      },
    },
    h(
      'div',
      { class: 'field grow' },
      h('label', { for: 'audience-name' }, 'Audience name'),
      nameInput,
      nameError,
    ),
    h('button', { type: 'submit', class: 'button primary' }, 'Create audience'),
  );

  function draw() {
    if (audiences.length === 0) {
      replace(listBody, h('p', { class: 'muted' }, 'No audience yet. Create one above.'));
      return;
    }
    replace(
      listBody,
      h(
        'table',
        { class: 'table', dataset: { testid: 'audiences-table' } },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Name', 'Members', 'Connections', 'Included', 'Excluded', ''].map((title) =>
              h('th', null, title),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          audiences.map((audience) => {
            const counts = stats?.audiences?.[String(audience.id)] ?? {};
            return h(
              'tr',
              { dataset: { audienceId: String(audience.id) } },
              h(
                'td',
                null,
                h('a', { href: `#/audiences/${encodeURIComponent(String(audience.id))}` }, audience.name),
              ),
              h(
                'td',
                { class: 'number', dataset: { testid: 'member-count' } },
                formatCount(audience.memberCount),
              ),
              h('td', { class: 'number' }, formatCount(audience.connections)),
              h('td', { class: 'number', dataset: { testid: 'included' } }, formatCount(counts.included)),
              h('td', { class: 'number', dataset: { testid: 'excluded' } }, formatCount(counts.excluded)),
              h(
                'td',
                { class: 'row-actions' },
                h(
                  'a',
                  { class: 'button small', href: `#/audiences/${encodeURIComponent(String(audience.id))}` },
                  'Open',
                ),
                confirmButton('Delete', async () => {
                  await api(`/api/audiences/${audience.id}`, { method: 'DELETE' });
                  toast(`Deleted ${audience.name}.`, 'success');
                  await refresh();
                }),
              ),
            );
          }),
        ),
      ),
    );
  }

  async function refresh() {
    try {
      const answer = await api('/api/audiences');
      audiences = Array.isArray(answer) ? answer : (answer?.audiences ?? []);
      draw();
    } catch (error) {
      replace(listBody, errorBox(error));
    }
  }

  replace(
    container,
    pageHeader('Audiences', 'Audiences and their members. Open one to connect it to a Rokt output.'),
    panel('New audience', [form]),
    panel('All audiences', [listBody]),
  );
  await refresh();
  const unsubscribe = subscribeLiveFeed((state) => {
    stats = state.stats;
    for (const row of listBody.querySelectorAll('tr[data-audience-id]')) {
      const counts = stats?.audiences?.[row.getAttribute('data-audience-id') ?? ''] ?? {};
      for (const key of /** @type {const} */ (['included', 'excluded'])) {
        const cell = row.querySelector(`[data-testid="${key}"]`);
        if (cell) cell.textContent = formatCount(counts[key]);
      }
    }
  });
  return unsubscribe;
}
