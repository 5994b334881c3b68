/**
 * Tiny DOM helpers: build elements without innerHTML, so that no server value is ever parsed as HTML.
 */

const PROPERTY_KEYS = new Set(['value', 'checked', 'disabled', 'selected', 'multiple', 'indeterminate']);

/**
 * Creates an element.
 * @param {string} tag the tag name
 * @param {Record<string, unknown> | null} [props] attributes; `on*` functions become listeners,
 *   `class` sets the class, `dataset` an object of data attributes, `value`/`checked`/`disabled` are
 *   set as properties (so a typed value never turns into an HTML attribute)
 * @param {...unknown} children strings, numbers, nodes, arrays of them; `null`/`false` are skipped
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      element.className = String(value);
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (PROPERTY_KEYS.has(key)) {
      element[key] = value;
    } else if (value === true) {
      element.setAttribute(key, '');
    } else if (value !== false) {
      element.setAttribute(key, String(value));
    }
  }
  append(element, children);
  return element;
}

/**
 * Appends children (strings, numbers, nodes, nested arrays) to a node.
 * @param {Node} parent
 * @param {unknown[]} children
 */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === true) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces all children of a node.
 * @param {Node} parent
 * @param {...unknown} children
 */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * Formats a number with thousands separators.
 * @param {unknown} value
 * @returns {string}
 */
export function formatCount(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString('en-US') : '0';
}

/**
 * Formats an ISO date as a short local date and time.
 * @param {unknown} value
 * @returns {string}
 */
export function formatTime(value) {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

/**
 * Shows a short message in the corner of the page.
 * @param {string} message
 * @param {'info' | 'success' | 'error'} [kind]
 */
export function toast(message, kind = 'info') {
  const container = document.getElementById('toasts');
  if (!container) return;
  const item = h('div', { class: `toast toast-${kind}` }, message);
  container.append(item);
  setTimeout(() => item.remove(), 3500);
}

/**
 * A page header with a title, an optional subtitle and actions.
 * @param {string} title
 * @param {unknown} [subtitle]
 * @param {unknown[]} [actions]
 */
export function pageHeader(title, subtitle, actions = []) {
  return h(
    'header',
    { class: 'page-header' },
    h('div', null, h('h1', null, title), subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    actions.length > 0 ? h('div', { class: 'page-actions' }, actions) : null,
  );
}

/**
 * A panel (card) with a title.
 * @param {string} title
 * @param {unknown[]} children
 * @param {Record<string, unknown>} [props]
 */
export function panel(title, children, props = {}) {
  return h(
    'section',
    { class: 'panel', ...props },
    title ? h('h2', { class: 'panel-title' }, title) : null,
    children,
  );
}

/**
 * An error box for a failed request.
 * @param {unknown} error
 */
export function errorBox(error) {
  const message = error instanceof Error ? error.message : String(error);
  return h('div', { class: 'alert alert-error', role: 'alert' }, message);
}
