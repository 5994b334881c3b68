/**
 * A tag input: chips for chosen values, free entry (Enter or comma), and quick-add suggestions.
 */
import { h, replace } from './dom.js';

/**
 * @param {{ id: string, values?: string[], suggestions?: string[], placeholder?: string, describedBy?: string }} options
 * @returns {{ element: HTMLElement, input: HTMLInputElement, getValues: () => string[] }}
 */
export function createTagInput(options) {
  /** @type {string[]} */
  const values = [...new Set(options.values ?? [])];
  const chips = h('ul', { class: 'tag-list', 'aria-label': 'Selected attributes' });
  const suggestionList = h('div', { class: 'tag-suggestions' });
  const listId = `${options.id}-suggestions`;
  const input = /** @type {HTMLInputElement} */ (
    h('input', {
      id: options.id,
      type: 'text',
      class: 'tag-entry',
      list: listId,
      placeholder: options.placeholder ?? 'Type an attribute key and press Enter',
      autocomplete: 'off',
      'aria-describedby': options.describedBy,
      onKeydown: (event) => {
        if (event.key === 'Enter' || event.key === ',') {
          event.preventDefault();
          commit();
        } else if (event.key === 'Backspace' && input.value === '' && values.length > 0) {
          values.pop();
          refresh();
        }
      },
      onBlur: () => commit(),
    })
  );
  const datalist = h('datalist', { id: listId });

  function add(value) {
    const key = value.trim();
    if (key === '' || values.some((existing) => existing.toLowerCase() === key.toLowerCase())) return;
    values.push(key);
    refresh();
  }

  function commit() {
    for (const part of input.value.split(',')) add(part);
    input.value = '';
  }

  function refresh() {
    replace(
      chips,
      values.map((value) =>
        h(
          'li',
          { class: 'tag' },
          h('span', null, value),
          h(
            'button',
            {
              type: 'button',
              class: 'tag-remove',
              'aria-label': `Remove ${value}`,
              onClick: () => {
                values.splice(values.indexOf(value), 1);
                refresh();
              },
            },
            '×',
          ),
        ),
      ),
    );
    const remaining = (options.suggestions ?? []).filter(
      (suggestion) => !values.some((value) => value.toLowerCase() === suggestion.toLowerCase()),
    );
    replace(
      datalist,
      remaining.map((suggestion) => h('option', { value: suggestion })),
    );
    replace(
      suggestionList,
      remaining.length > 0 ? h('span', { class: 'muted' }, 'Suggestions:') : null,
      remaining.map((suggestion) =>
        h(
          'button',
          {
            type: 'button',
            class: 'chip-button',
            onClick: () => add(suggestion),
            'aria-label': `Add ${suggestion}`,
          },
          `+ ${suggestion}`,
        ),
      ),
    );
  }

  refresh();
  const element = h(
    'div',
    { class: 'tag-input' },
    h('div', { class: 'tag-box', onClick: () => input.focus() }, chips, input),
    datalist,
    suggestionList,
  );
  return { element, input, getValues: () => [...values] };
}
