/**
 * The sign-in screen, shown when no admin token is known (none in `#token=…` nor in sessionStorage).
 */
import { setToken } from './api.js';
import { h, replace } from './dom.js';

const MESSAGE_KEY = 'forwarder.signInMessage';

/**
 * Renders the admin token form.
 * @param {HTMLElement} container
 * @param {() => void} onSignedIn called once a token is stored
 */
export function renderSignIn(container, onSignedIn) {
  const message = sessionStorage.getItem(MESSAGE_KEY);
  sessionStorage.removeItem(MESSAGE_KEY);
  const input = h('input', {
    id: 'admin-token',
    name: 'adminToken',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'aria-describedby': 'admin-token-help',
  });
  const form = h(
    'form',
    {
      class: 'sign-in panel',
      onSubmit: (event) => {
        event.preventDefault();
        if (!input.value.trim()) return;
        setToken(input.value);
        input.value = '';
        onSignedIn();
      },
    },
    h('h1', null, 'Sign in'),
    message ? h('div', { class: 'alert alert-error', role: 'alert' }, message) : null,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'admin-token' }, 'Admin token'),
      input,
      h(
        'p',
        { class: 'help', id: 'admin-token-help' },
        'The token printed by ',
        h('code', null, 'forwarder serve'),
        ' or ',
        h('code', null, 'forwarder demo'),
        '. It is kept in this tab only (sessionStorage). You can also open the page as ',
        h('code', null, '/#token=…'),
        '.',
      ),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Continue')),
  );
  replace(container, form);
  input.focus();
}
