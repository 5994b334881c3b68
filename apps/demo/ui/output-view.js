/**
 * Output configurations: the Configure form (generated from the integration's account settings),
 * the credential check result, and the list of existing outputs (edit, check, delete).
 */
import { ApiError, api } from './api.js';
import { errorBox, formatTime, h, pageHeader, panel, replace, toast } from './dom.js';
import { loadIntegration, loadIntegrations } from './integrations.js';
import { createSettingField } from './setting-field.js';

/**
 * @typedef {{ id: string | number, integrationId: string, name: string, settings: Record<string, unknown>,
 *   createdAt?: string, updatedAt?: string, lastCheck?: CredentialCheck, status?: 'ok' | 'suspended',
 *   suspendedReason?: string }} Output
 * @typedef {{ ok: boolean, message?: string, status?: number, checkedAt?: string, at?: string }} CredentialCheck
 */

/**
 * The credential check result, as an alert.
 * @param {CredentialCheck} check
 */
export function credentialCheckBox(check) {
  const status = check.status ? ` (HTTP ${check.status})` : '';
  return h(
    'div',
    {
      class: `alert ${check.ok ? 'alert-success' : 'alert-error'}`,
      role: 'status',
      dataset: { testid: 'credential-check', ok: String(Boolean(check.ok)) },
    },
    h('strong', null, check.ok ? 'Credentials accepted by Rokt.' : `Rokt rejected the credentials${status}.`),
    check.message ? h('span', null, ` ${check.message}`) : null,
  );
}

/** @param {Output} output */
function checkBadge(output) {
  if (output.status === 'suspended') {
    return h('span', { class: 'badge badge-error', title: output.suspendedReason ?? '' }, 'suspended');
  }
  const check = output.lastCheck;
  if (!check) return h('span', { class: 'badge badge-muted' }, 'not checked');
  return h(
    'span',
    { class: `badge ${check.ok ? 'badge-success' : 'badge-error'}`, title: check.message ?? '' },
    check.ok ? 'credentials ok' : 'credentials rejected',
  );
}

/**
 * A button that asks for a second click before acting.
 * @param {string} label
 * @param {() => Promise<void>} action
 */
export function confirmButton(label, action) {
  let armed = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const button = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      {
        type: 'button',
        class: 'button danger small',
        onClick: async () => {
          if (!armed) {
            armed = true;
            button.textContent = 'Click again to confirm';
            timer = setTimeout(() => {
              armed = false;
              button.textContent = label;
            }, 4000);
            return;
          }
          clearTimeout(timer);
          button.disabled = true;
          try {
            await action();
          } catch (error) {
            toast(error instanceof Error ? error.message : String(error), 'error');
            button.disabled = false;
            armed = false;
            button.textContent = label;
          }
        },
      },
      label,
    )
  );
  return button;
}

/**
 * The table of outputs.
 * @param {Output[]} outputs
 * @param {() => void} onChanged
 */
function outputsTable(outputs, onChanged) {
  if (outputs.length === 0) return h('p', { class: 'muted' }, 'No output configured yet.');
  return h(
    'table',
    { class: 'table', dataset: { testid: 'outputs-table' } },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['Name', 'Integration', 'Account id', 'Credentials', 'Updated', ''].map((title) =>
          h('th', null, title),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      outputs.map((output) =>
        h(
          'tr',
          { dataset: { outputId: String(output.id) } },
          h('td', null, h('a', { href: `#/configure/${output.integrationId}/${output.id}` }, output.name)),
          h('td', null, output.integrationId),
          h('td', null, String(output.settings?.accountId ?? '')),
          h('td', null, checkBadge(output)),
          h('td', { class: 'muted' }, formatTime(output.updatedAt ?? output.createdAt)),
          h(
            'td',
            { class: 'row-actions' },
            h(
              'a',
              { class: 'button small', href: `#/configure/${output.integrationId}/${output.id}` },
              'Edit',
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'button small',
                onClick: async () => {
                  try {
                    const check = await api(`/api/outputs/${output.id}/check`, { method: 'POST' });
                    toast(
                      check.ok
                        ? `${output.name}: credentials accepted.`
                        : `${output.name}: ${check.message ?? 'rejected'}`,
                      check.ok ? 'success' : 'error',
                    );
                  } catch (error) {
                    toast(error instanceof Error ? error.message : String(error), 'error');
                  }
                  onChanged();
                },
              },
              'Check',
            ),
            confirmButton('Delete', async () => {
              await api(`/api/outputs/${output.id}`, { method: 'DELETE' });
              toast(`Deleted ${output.name}.`, 'success');
              onChanged();
            }),
          ),
        ),
      ),
    ),
  );
}

/**
 * A panel listing the outputs that refreshes itself.
 * @returns {{ element: HTMLElement, refresh: () => Promise<void> }}
 */
function outputsPanel() {
  const body = h('div');
  const element = panel('Output configurations', [body], { dataset: { testid: 'outputs-panel' } });
  async function refresh() {
    try {
      const outputs = await api('/api/outputs');
      replace(body, outputsTable(Array.isArray(outputs) ? outputs : [], refresh));
    } catch (error) {
      replace(body, errorBox(error));
    }
  }
  return { element, refresh };
}

/**
 * Setup › Outputs: every output configuration.
 * @param {HTMLElement} container
 */
export async function renderOutputsView(container) {
  const integrations = await loadIntegrations();
  const list = outputsPanel();
  replace(
    container,
    pageHeader(
      'Outputs',
      'Account-level output configurations. Connect audiences to them from an audience page.',
      integrations.map((integration) =>
        h(
          'a',
          { class: 'button primary', href: `#/configure/${integration.id}` },
          `+ New ${integration.name} output`,
        ),
      ),
    ),
    list.element,
  );
  await list.refresh();
}

/**
 * The Configure form of an integration's output (new, or `#/configure/:integrationId/:outputId` to edit).
 * @param {HTMLElement} container
 * @param {string[]} params `[integrationId, outputId?]`
 */
export async function renderConfigureView(container, [integrationId, outputId]) {
  const integration = await loadIntegration(integrationId ?? '');
  /** @type {Output | undefined} */
  let output = outputId ? await api(`/api/outputs/${encodeURIComponent(outputId)}`) : undefined;
  if (output && typeof output === 'object' && 'output' in output)
    output = /** @type {{ output: Output }} */ (output).output;

  const title = h('h1');
  const subtitle = h('p', { class: 'subtitle' });
  const formSlot = h('div');
  const resultSlot = h('div', { class: 'result-slot' });
  const list = outputsPanel();

  function drawHeader() {
    replace(title, output ? `Edit ${output.name}` : `Configure ${integration.name} audiences`);
    replace(
      subtitle,
      output
        ? 'Change the settings and save; confidential values left empty keep what is stored.'
        : 'Create an output configuration. Saving checks the credentials with Rokt.',
    );
  }

  function drawForm() {
    const settings = (integration.accountSettings ?? []).filter((setting) => setting.visible !== false);
    const fields = settings.map((setting) =>
      createSettingField(setting, {
        prefix: 'output',
        value: output?.settings?.[setting.id],
        editing: Boolean(output),
      }),
    );
    const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const save = h('button', { type: 'submit', class: 'button primary' }, 'Save');
    const authenticationNote = h(
      'p',
      { class: 'note' },
      'Authenticate with an API key, or with a public key and a secret key. With both, the key pair is used.',
    );
    const form = h(
      'form',
      {
        class: 'settings-form',
        novalidate: true,
        'aria-label': 'Output configuration settings',
        onSubmit: async (event) => {
          event.preventDefault();
          for (const field of fields) field.setError(undefined);
          formError.hidden = true;
          /** @type {Record<string, unknown>} */
          const values = {};
          for (const field of fields) {
            const value = field.read();
            if (value !== undefined) values[field.setting.id] = value;
          }
          save.setAttribute('disabled', '');
          save.textContent = 'Saving…';
          replace(resultSlot);
          try {
            const body = { integrationId: integration.id, settings: values };
            const answer = output
              ? await api(`/api/outputs/${output.id}`, { method: 'PUT', json: body })
              : await api('/api/outputs', { method: 'POST', json: body });
            const created = !output;
            output = answer.output ?? answer;
            if (created && output) {
              window.history.replaceState(null, '', `#/configure/${integration.id}/${output.id}`);
            }
            drawHeader();
            drawForm();
            const check = answer.credentialCheck;
            replace(
              resultSlot,
              h(
                'div',
                { class: 'alert alert-info' },
                created ? `Saved "${output?.name}".` : `Updated "${output?.name}".`,
              ),
              check ? credentialCheckBox(check) : null,
            );
            toast(created ? 'Output saved.' : 'Output updated.', 'success');
            await list.refresh();
          } catch (error) {
            save.removeAttribute('disabled');
            save.textContent = 'Save';
            showErrors(error, fields, formError);
          }
        },
      },
      fields
        .filter((field) => ['configurationName', 'accountId'].includes(field.setting.id))
        .map((field) => field.element),
      h(
        'fieldset',
        { class: 'group' },
        h('legend', null, 'Authentication'),
        authenticationNote,
        fields
          .filter((field) => ['apiKey', 'publicKey', 'secretKey'].includes(field.setting.id))
          .map((field) => field.element),
      ),
      fields
        .filter(
          (field) =>
            !['configurationName', 'accountId', 'apiKey', 'publicKey', 'secretKey'].includes(
              field.setting.id,
            ),
        )
        .map((field) => field.element),
      formError,
      h(
        'div',
        { class: 'form-actions' },
        save,
        output
          ? h('a', { class: 'button', href: `#/configure/${integration.id}` }, 'New output')
          : h('a', { class: 'button', href: '#/directory' }, 'Cancel'),
      ),
    );
    replace(formSlot, form);
  }

  drawHeader();
  drawForm();
  replace(
    container,
    h(
      'header',
      { class: 'page-header' },
      h('div', null, title, subtitle),
      h('div', { class: 'page-actions' }, h('a', { href: '#/outputs' }, 'All outputs')),
    ),
    h(
      'div',
      { class: 'columns' },
      panel(`${integration.name} settings`, [formSlot, resultSlot], { class: 'panel form-panel' }),
      h(
        'aside',
        { class: 'panel help-panel' },
        h('h2', { class: 'panel-title' }, 'Before you start'),
        h('p', null, 'Ask your Rokt account manager for an API key, or a public key and secret key pair.'),
        h(
          'p',
          null,
          'Your Rokt account id is the number after ',
          h('code', null, 'my.rokt.com/accounts/'),
          ' in the address bar of my.rokt.com.',
        ),
        h('p', null, 'Secrets are write-only: once saved they are shown as ********.'),
      ),
    ),
    list.element,
  );
  await list.refresh();
}

/**
 * Shows a failed save: each issue under its field, the rest above the buttons.
 * @param {unknown} error
 * @param {import('./setting-field.js').SettingField[]} fields
 * @param {HTMLElement} formError
 */
export function showErrors(error, fields, formError) {
  /** @type {string[]} */
  const unplaced = [];
  if (error instanceof ApiError && error.issues.length > 0) {
    /** @type {Map<string, string[]>} */
    const bySetting = new Map();
    for (const issue of error.issues) {
      const setting =
        typeof issue.setting === 'string'
          ? issue.setting
          : Array.isArray(issue.path)
            ? String(issue.path[issue.path.length - 1] ?? '')
            : '';
      const field = fields.find((candidate) => candidate.setting.id.toLowerCase() === setting.toLowerCase());
      if (field) bySetting.set(field.setting.id, [...(bySetting.get(field.setting.id) ?? []), issue.message]);
      else unplaced.push(issue.message);
    }
    let first = true;
    for (const field of fields) {
      const messages = bySetting.get(field.setting.id);
      if (!messages) continue;
      field.setError(messages.join(' '));
      if (first) field.focus();
      first = false;
    }
    if (unplaced.length === 0)
      unplaced.push('Some settings need attention: see the message under each field.');
  } else {
    unplaced.push(error instanceof Error ? error.message : String(error));
  }
  formError.hidden = false;
  replace(formError, unplaced.join(' '));
}
