/**
 * Form fields generated from Firehose Setting definitions (`type`, `id`, `name`, `description`,
 * `required`, `confidential`, `default_value`, `choices`).
 *
 * A confidential setting is a password input. When a value is already stored, the API answers
 * `"********"`: the input stays empty with a `********` placeholder, and leaving it empty keeps the
 * stored secret (the value is omitted from the request). The secret itself never reaches the page.
 */
import { h, replace } from './dom.js';
import { createTagInput } from './tag-input.js';

/** The mask the API uses in place of a stored confidential value. */
export const MASK = '********';

/** Attribute keys offered in list settings such as User Attribute Forwarding. */
export const ATTRIBUTE_SUGGESTIONS = [
  '$firstname',
  '$lastname',
  '$zip',
  '$city',
  '$state',
  '$country',
  '$gender',
  '$age',
];

/**
 * @typedef {import('./integrations.js').FirehoseSetting} FirehoseSetting
 * @typedef {{ setting: FirehoseSetting, element: HTMLElement, read: () => unknown, setError: (message?: string) => void,
 *   focus: () => void }} SettingField
 */

/**
 * Reads a boolean out of a stored value (`true`, `"true"`, `"True"`).
 * @param {unknown} value
 */
export function isTrue(value) {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

/**
 * Reads a list out of a stored value (an array, a JSON array string, or a comma list).
 * @param {unknown} value
 * @returns {string[]}
 */
export function toList(value) {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.trim() === '') return [];
  try {
    const parsed = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // a comma list
  }
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Builds one field.
 * @param {FirehoseSetting} setting
 * @param {{ prefix: string, value?: unknown, editing?: boolean }} options `value` is the stored value
 *   (settings of an existing output or connection), `editing` whether the form edits a stored object
 * @returns {SettingField}
 */
export function createSettingField(setting, options) {
  const id = `${options.prefix}-${setting.id}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = `${helpId} ${errorId}`;
  const error = h('p', {
    class: 'field-error',
    id: errorId,
    role: 'alert',
    hidden: true,
    dataset: { setting: setting.id },
  });
  const stored = options.value;
  /** @type {HTMLElement} */
  let control;
  /** @type {() => unknown} */
  let read;
  /** @type {HTMLElement} */
  let focusTarget;
  let inline = false;
  let help = setting.description ?? '';

  switch (setting.type) {
    case 'choice': {
      const current =
        stored === undefined || stored === null || stored === '' ? setting.default_value : String(stored);
      const select = /** @type {HTMLSelectElement} */ (
        h(
          'select',
          { id, name: setting.id, 'aria-describedby': describedBy },
          setting.required || setting.default_value ? null : h('option', { value: '' }, '—'),
          (setting.choices ?? []).map((choice) =>
            h(
              'option',
              { value: choice, selected: choice.toLowerCase() === String(current ?? '').toLowerCase() },
              choice,
            ),
          ),
        )
      );
      control = select;
      focusTarget = select;
      read = () => (select.value === '' ? undefined : select.value);
      break;
    }
    case 'boolean': {
      const checked = stored === undefined ? isTrue(setting.default_value) : isTrue(stored);
      const checkbox = /** @type {HTMLInputElement} */ (
        h('input', { id, name: setting.id, type: 'checkbox', checked, 'aria-describedby': describedBy })
      );
      control = checkbox;
      focusTarget = checkbox;
      inline = true;
      read = () => checkbox.checked;
      break;
    }
    case 'list': {
      const tags = createTagInput({
        id,
        values: toList(stored ?? setting.default_value),
        suggestions: ATTRIBUTE_SUGGESTIONS,
        describedBy,
      });
      control = tags.element;
      focusTarget = tags.input;
      read = () => tags.getValues();
      break;
    }
    default: {
      const isStoredSecret = setting.confidential && stored === MASK;
      const input = /** @type {HTMLInputElement} */ (
        h('input', {
          id,
          name: setting.id,
          type: setting.confidential
            ? 'password'
            : setting.type === 'integer' || setting.type === 'float'
              ? 'number'
              : 'text',
          autocomplete: setting.confidential ? 'new-password' : 'off',
          spellcheck: 'false',
          placeholder: isStoredSecret
            ? MASK
            : setting.confidential
              ? 'Not set'
              : (setting.default_value ?? ''),
          value: setting.confidential ? '' : stored === undefined || stored === null ? '' : String(stored),
          'aria-describedby': describedBy,
        })
      );
      if (isStoredSecret)
        help =
          `${help}${/[^.!?]$/.test(help) ? '.' : ''} A value is stored; leave it empty to keep it.`.trim();
      control = input;
      focusTarget = input;
      read = () => {
        const value = input.value.trim();
        if (value === '') return undefined;
        return value;
      };
    }
  }

  const label = h(
    'label',
    { for: id },
    setting.name,
    setting.required ? h('span', { class: 'required', 'aria-label': 'required' }, ' *') : null,
    setting.confidential ? h('span', { class: 'badge badge-muted' }, 'confidential') : null,
  );
  const helpText = h('p', { class: 'help', id: helpId }, help);
  const element = inline
    ? h(
        'div',
        { class: 'field field-inline', dataset: { field: setting.id } },
        h('div', { class: 'checkbox-row' }, control, label),
        helpText,
        error,
      )
    : h('div', { class: 'field', dataset: { field: setting.id } }, label, control, helpText, error);

  return {
    setting,
    element,
    read,
    focus: () => focusTarget.focus(),
    setError(message) {
      element.classList.toggle('has-error', Boolean(message));
      focusTarget.setAttribute('aria-invalid', message ? 'true' : 'false');
      error.hidden = !message;
      replace(error, message ?? '');
    },
  };
}
