/**
 * The connection of an audience to an output: Connection Status (inactive by default), User
 * Attribute Forwarding and the Hash First Name / Last Name / Zip Code flags, generated from the
 * integration's connection settings. Used for "+ Connect Output" and to edit a connection.
 */
import { api } from './api.js';
import { h, replace, toast } from './dom.js';
import { loadIntegration } from './integrations.js';
import { confirmButton, showErrors } from './output-view.js';
import { createSettingField } from './setting-field.js';

/**
 * @typedef {{ id: string | number, audienceId: string | number, outputId: string | number, status: string,
 *   settings?: Record<string, unknown>, createdAt?: string, updatedAt?: string }} Connection
 * @typedef {import('./output-view.js').Output} Output
 */

let sequence = 0;

/**
 * @param {{ audienceId: string | number, outputs: Output[], connection?: Connection, onSaved: () => void,
 *   onCancel?: () => void }} options
 * @returns {Promise<HTMLElement>}
 */
export async function createConnectionForm(options) {
  const { connection } = options;
  const prefix = `connection-${connection ? connection.id : `new${++sequence}`}`;
  const fieldsSlot = h('div', { class: 'connection-settings' });
  const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
  /** @type {import('./setting-field.js').SettingField[]} */
  let fields = [];

  const outputSelect = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      {
        id: `${prefix}-output`,
        name: 'outputId',
        disabled: Boolean(connection),
        onChange: () => drawFields(),
      },
      connection ? null : h('option', { value: '' }, 'Select an output…'),
      options.outputs.map((output) =>
        h(
          'option',
          {
            value: String(output.id),
            selected: connection ? String(connection.outputId) === String(output.id) : false,
          },
          `${output.name}${output.settings?.accountId ? ` (account ${output.settings.accountId})` : ''}`,
        ),
      ),
    )
  );

  const statusToggle = /** @type {HTMLInputElement} */ (
    h('input', {
      id: `${prefix}-status`,
      name: 'status',
      type: 'checkbox',
      role: 'switch',
      class: 'switch-input',
      checked: connection?.status === 'active',
      onChange: () => drawStatus(),
    })
  );
  const statusText = h('span', { class: 'switch-text' });
  function drawStatus() {
    replace(statusText, statusToggle.checked ? 'Active' : 'Inactive');
    statusToggle.setAttribute('aria-checked', String(statusToggle.checked));
  }
  drawStatus();

  function selectedOutput() {
    return options.outputs.find((output) => String(output.id) === outputSelect.value);
  }

  async function drawFields() {
    const output = selectedOutput();
    if (!output) {
      fields = [];
      replace(fieldsSlot, h('p', { class: 'muted' }, 'Select an output to see its connection settings.'));
      return;
    }
    const integration = await loadIntegration(output.integrationId ?? 'rokt');
    const settings = (integration.connectionSettings ?? []).filter((setting) => setting.visible !== false);
    const ordered = [
      ...settings.filter((setting) => setting.type !== 'boolean'),
      ...settings.filter((setting) => setting.type === 'boolean'),
    ];
    fields = ordered.map((setting) =>
      createSettingField(setting, { prefix, value: connection?.settings?.[setting.id] }),
    );
    const lists = fields.filter((field) => field.setting.type !== 'boolean');
    const flags = fields.filter((field) => field.setting.type === 'boolean');
    replace(
      fieldsSlot,
      lists.map((field) => field.element),
      flags.length > 0
        ? h(
            'fieldset',
            { class: 'group' },
            h('legend', null, 'Hashing'),
            h(
              'p',
              { class: 'note' },
              'Hashing never adds an attribute: also select it under User Attribute Forwarding for it to be hashed and sent.',
            ),
            flags.map((field) => field.element),
          )
        : null,
    );
  }
  await drawFields();

  const submit = h(
    'button',
    { type: 'submit', class: 'button primary' },
    connection ? 'Save connection' : 'Add Connection',
  );

  const form = h(
    'form',
    {
      class: 'connection-form',
      novalidate: true,
      'aria-label': connection ? 'Connection settings' : 'New connection',
      dataset: { connectionId: connection ? String(connection.id) : 'new' },
      onSubmit: async (event) => {
        event.preventDefault();
        formError.hidden = true;
        for (const field of fields) field.setError(undefined);
        const output = selectedOutput();
        if (!output) {
          formError.hidden = false;
          replace(formError, 'Select the output to connect.');
          return;
        }
        /** @type {Record<string, unknown>} */
        const settings = {};
        for (const field of fields) settings[field.setting.id] = field.read();
        const status = statusToggle.checked ? 'active' : 'inactive';
        submit.setAttribute('disabled', '');
        try {
          if (connection) {
            await api(`/api/connections/${connection.id}`, { method: 'PUT', json: { status, settings } });
            toast(`Connection saved (${status}).`, 'success');
          } else {
            const created = await api('/api/connections', {
              method: 'POST',
              json: { audienceId: options.audienceId, outputId: output.id, settings },
            });
            const id = created?.connection?.id ?? created?.id;
            if (status === 'active' && id !== undefined && created?.status !== 'active') {
              await api(`/api/connections/${id}`, { method: 'PUT', json: { status } });
            }
            toast(`Connected to ${output.name} (${status}).`, 'success');
          }
          options.onSaved();
        } catch (error) {
          submit.removeAttribute('disabled');
          showErrors(error, fields, formError);
        }
      },
    },
    h(
      'div',
      { class: 'connection-head' },
      h('div', { class: 'field' }, h('label', { for: `${prefix}-output` }, 'Output'), outputSelect),
      h(
        'div',
        { class: 'field' },
        h('span', { class: 'label', id: `${prefix}-status-label` }, 'Connection Status'),
        h(
          'label',
          { class: 'switch', for: `${prefix}-status` },
          statusToggle,
          h('span', { class: 'switch-track', 'aria-hidden': 'true' }),
          statusText,
        ),
        h('p', { class: 'help' }, 'Nothing is forwarded while the connection is inactive.'),
      ),
    ),
    fieldsSlot,
    formError,
    h(
      'div',
      { class: 'form-actions' },
      submit,
      connection
        ? confirmButton('Remove connection', async () => {
            await api(`/api/connections/${connection.id}`, { method: 'DELETE' });
            toast('Connection removed.', 'success');
            options.onSaved();
          })
        : h('button', { type: 'button', class: 'button', onClick: () => options.onCancel?.() }, 'Cancel'),
    ),
  );
  statusToggle.setAttribute('aria-labelledby', `${prefix}-status-label`);
  return form;
}
