/**
 * Setup › Directory (integration tiles, hover → Setup) and the Setup step (choose "Audiences",
 * then Configure), as in mParticle.
 */
import { h, pageHeader, panel, replace } from './dom.js';
import { loadIntegration, loadIntegrations } from './integrations.js';

const TAGLINES = {
  rokt: 'Ecommerce marketing technology that personalises the moment of purchase.',
};

/** @param {{ id: string, name: string }} integration */
function logo(integration) {
  return h(
    'span',
    { class: `logo logo-${integration.id}`, 'aria-hidden': 'true' },
    integration.name.slice(0, 1),
  );
}

/**
 * @param {HTMLElement} container
 */
export async function renderDirectoryView(container) {
  const integrations = await loadIntegrations();
  const grid = h('div', { class: 'tile-grid', role: 'list' });
  const search = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'search',
      class: 'search',
      placeholder: 'Search the directory',
      'aria-label': 'Search the directory',
      onInput: () => draw(),
    })
  );

  function draw() {
    const query = search.value.trim().toLowerCase();
    const shown = integrations.filter((integration) => integration.name.toLowerCase().includes(query));
    replace(
      grid,
      shown.length === 0 ? h('p', { class: 'muted' }, 'No integration matches.') : null,
      shown.map((integration) =>
        h(
          'article',
          {
            class: 'tile',
            role: 'listitem',
            'aria-label': integration.name,
            dataset: { integration: integration.id },
          },
          h(
            'div',
            { class: 'tile-body' },
            logo(integration),
            h('h3', null, integration.name),
            h('p', { class: 'muted' }, integration.description ?? TAGLINES[integration.id] ?? ''),
            h(
              'div',
              { class: 'tile-tags' },
              h('span', { class: 'badge' }, 'Audience'),
              h('span', { class: 'badge badge-muted' }, 'Output'),
            ),
          ),
          h(
            'div',
            { class: 'tile-overlay' },
            h(
              'a',
              { class: 'button primary', href: `#/setup/${encodeURIComponent(integration.id)}` },
              'Setup',
            ),
          ),
        ),
      ),
    );
  }

  draw();
  replace(container, pageHeader('Directory', 'Find an integration and set it up.', [search]), grid);
}

/**
 * @param {HTMLElement} container
 * @param {string[]} params `[integrationId]`
 */
export async function renderSetupView(container, [integrationId]) {
  const integration = await loadIntegration(integrationId ?? '');
  const audiences = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'checkbox',
      id: 'kind-audiences',
      name: 'kind',
      value: 'audiences',
      onChange: () => update(),
    })
  );
  const configure = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      {
        type: 'button',
        class: 'button primary',
        disabled: true,
        onClick: () => {
          window.location.hash = `#/configure/${encodeURIComponent(integration.id)}`;
        },
      },
      'Configure',
    )
  );
  function update() {
    configure.disabled = !audiences.checked;
  }
  replace(
    container,
    pageHeader(`Set up ${integration.name}`, h('a', { href: '#/directory' }, '← Directory')),
    panel('What do you want to send?', [
      h(
        'div',
        { class: 'setup-header' },
        logo(integration),
        h('p', null, integration.description ?? TAGLINES[integration.id] ?? ''),
      ),
      h(
        'div',
        { class: 'choice-list' },
        h(
          'label',
          { class: 'choice-card', for: 'kind-audiences' },
          audiences,
          h(
            'span',
            null,
            h('strong', null, 'Audiences'),
            h('span', { class: 'muted' }, 'Forward audience membership to lists in Rokt.'),
          ),
        ),
        h(
          'label',
          { class: 'choice-card disabled', title: 'Not supported by this integration' },
          h('input', { type: 'checkbox', disabled: true }),
          h(
            'span',
            null,
            h('strong', null, 'Events'),
            h('span', { class: 'muted' }, 'Not available for this integration.'),
          ),
        ),
      ),
      h('div', { class: 'form-actions' }, configure),
    ]),
  );
}
