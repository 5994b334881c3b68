/**
 * The Forwarder web UI: a hash-routed single page over the admin API.
 *
 * Routes: `#/directory`, `#/setup/:integrationId`, `#/configure/:integrationId[/:outputId]`,
 * `#/outputs`, `#/audiences`, `#/audiences/:id`, `#/live`. The admin token comes from
 * `#token=…` (moved to sessionStorage at once) or the sign-in form.
 */
import { captureTokenFromLocation, clearToken, getToken } from './api.js';
import { renderAudienceView } from './audience-view.js';
import { renderAudiencesView } from './audiences-view.js';
import { renderDirectoryView, renderSetupView } from './directory-view.js';
import { replace } from './dom.js';
import { startLiveFeed, stopLiveFeed, subscribeLiveFeed } from './live-feed.js';
import { renderLiveView } from './live-view.js';
import { renderConfigureView, renderOutputsView } from './output-view.js';
import { renderSignIn } from './sign-in-view.js';

/**
 * @typedef {(container: HTMLElement, params: string[]) => (void | (() => void) | Promise<void | (() => void)>)} View
 */

/** @type {{ pattern: RegExp, nav: string, view: View }[]} */
const routes = [
  { pattern: /^\/directory$/, nav: 'directory', view: renderDirectoryView },
  { pattern: /^\/setup\/([^/]+)$/, nav: 'directory', view: renderSetupView },
  { pattern: /^\/configure\/([^/]+)(?:\/([^/]+))?$/, nav: 'outputs', view: renderConfigureView },
  { pattern: /^\/outputs$/, nav: 'outputs', view: renderOutputsView },
  { pattern: /^\/audiences$/, nav: 'audiences', view: renderAudiencesView },
  { pattern: /^\/audiences\/([^/]+)$/, nav: 'audiences', view: renderAudienceView },
  { pattern: /^\/live$/, nav: 'live', view: renderLiveView },
];

const container = /** @type {HTMLElement} */ (document.getElementById('view'));
const signOut = /** @type {HTMLButtonElement} */ (document.getElementById('sign-out'));
const indicator = /** @type {HTMLElement} */ (document.getElementById('live-indicator'));

/** @type {(() => void) | undefined} */
let cleanup;
let renderSequence = 0;

function currentPath() {
  const path = window.location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/directory';
}

function highlightNavigation(nav) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    const active = link.getAttribute('data-nav') === nav;
    link.classList.toggle('active', active);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function render() {
  const sequence = ++renderSequence;
  cleanup?.();
  cleanup = undefined;
  if (!getToken()) {
    signOut.hidden = true;
    stopLiveFeed();
    highlightNavigation('');
    renderSignIn(container, () => {
      startLiveFeed();
      render();
    });
    return;
  }
  signOut.hidden = false;
  startLiveFeed();
  const path = currentPath();
  const route = routes.find((candidate) => candidate.pattern.test(path)) ?? routes[0];
  const params = (route.pattern.exec(path) ?? []).slice(1).map((part) => part && decodeURIComponent(part));
  highlightNavigation(route.nav);
  replace(container);
  try {
    const result = await route.view(container, params);
    if (sequence !== renderSequence) {
      if (typeof result === 'function') result();
      return;
    }
    if (typeof result === 'function') cleanup = result;
  } catch (error) {
    if (sequence === renderSequence) {
      replace(container);
      const message = error instanceof Error ? error.message : String(error);
      container.append(
        Object.assign(document.createElement('div'), {
          className: 'alert alert-error',
          textContent: message,
        }),
      );
    }
  }
}

captureTokenFromLocation();

signOut.addEventListener('click', () => {
  clearToken();
  render();
});

window.addEventListener('forwarder:unauthorized', () => {
  clearToken();
  sessionStorage.setItem('forwarder.signInMessage', 'The admin token was refused. Enter a valid token.');
  render();
});

window.addEventListener('hashchange', () => {
  captureTokenFromLocation();
  render();
});

subscribeLiveFeed((state) => {
  indicator.dataset.mode = state.mode;
  indicator.textContent =
    state.mode === 'stream' ? 'Live: streaming' : state.mode === 'polling' ? 'Live: polling' : 'Live: off';
});

render();
