/**
 * The integrations catalog (`GET /api/integrations`), fetched once per page load.
 */
import { api } from './api.js';

/**
 * @typedef {{ type: string, id: string, name: string, description?: string, visible?: boolean,
 *   required?: boolean, confidential?: boolean, default_value?: string, choices?: string[] }} FirehoseSetting
 * @typedef {{ id: string, name: string, description?: string, accountSettings: FirehoseSetting[],
 *   connectionSettings: FirehoseSetting[] }} Integration
 */

/** @type {Promise<Integration[]> | undefined} */
let cached;

/** @returns {Promise<Integration[]>} */
export function loadIntegrations() {
  if (!cached) {
    cached = api('/api/integrations').then((list) =>
      Array.isArray(list) ? list : (list?.integrations ?? []),
    );
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}

/**
 * @param {string} id
 * @returns {Promise<Integration>}
 */
export async function loadIntegration(id) {
  const integration = (await loadIntegrations()).find((candidate) => candidate.id === id);
  if (!integration) throw new Error(`Unknown integration "${id}".`);
  return integration;
}
