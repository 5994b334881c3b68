/**
 * An audience's members: import a CSV or NDJSON file, add or remove one by hand, and a paged table.
 */
import { api } from './api.js';
import { errorBox, formatCount, h, panel, replace, toast } from './dom.js';

const PAGE_SIZE = 25;

/**
 * @typedef {{ mpid: string | number, email?: string, mobile?: string, attributes?: Record<string, string | string[]> }} Member
 */

/**
 * The content type of a members file, from its name or type.
 * @param {File} file
 */
export function memberFileContentType(file) {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'text/csv';
  return 'application/x-ndjson';
}

/**
 * Parses `key=value` lines into attributes (a value with commas inside `[…]` becomes a list).
 * @param {string} text
 * @returns {Record<string, string | string[]>}
 */
export function parseAttributeLines(text) {
  /** @type {Record<string, string | string[]>} */
  const attributes = {};
  for (const line of text.split('\n')) {
    const index = line.indexOf('=');
    if (index <= 0) continue;
    const key = line.slice(0, index).trim();
    const value = line.slice(index + 1).trim();
    if (!key) continue;
    attributes[key] =
      value.startsWith('[') && value.endsWith(']')
        ? value
            .slice(1, -1)
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
        : value;
  }
  return attributes;
}

/** @param {Member['attributes']} attributes */
function describeAttributes(attributes) {
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0) return h('span', { class: 'muted' }, '—');
  return h(
    'span',
    { class: 'reason-list' },
    entries.map(([key, value]) =>
      h('span', { class: 'badge badge-muted' }, `${key}: ${Array.isArray(value) ? value.join(', ') : value}`),
    ),
  );
}

/**
 * @param {{ audienceId: string | number, onChanged: () => void }} options
 * @returns {{ element: HTMLElement, refresh: () => Promise<void> }}
 */
export function createMembersPanel(options) {
  const base = `/api/audiences/${encodeURIComponent(String(options.audienceId))}`;
  let offset = 0;
  const tableSlot = h('div');
  const importResult = h('div', { class: 'result-slot', dataset: { testid: 'import-result' } });

  const fileInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'members-file',
      type: 'file',
      name: 'file',
      accept: '.csv,.ndjson,.jsonl,.json,text/csv,application/x-ndjson',
      'aria-describedby': 'members-file-help',
    })
  );
  const importButton = h('button', { type: 'submit', class: 'button primary' }, 'Import');
  const importForm = h(
    'form',
    {
      class: 'inline-form',
      'aria-label': 'Import members',
      onSubmit: async (event) => {
        event.preventDefault();
        const file = fileInput.files?.[0];
        if (!file) {
          replace(
            importResult,
            h('div', { class: 'alert alert-error', role: 'alert' }, 'Choose a CSV or NDJSON file first.'),
          );
          return;
        }
        importButton.setAttribute('disabled', '');
        replace(importResult, h('p', { class: 'muted' }, `Importing ${file.name}…`));
        try {
          const answer = await api(`${base}/import`, {
            method: 'POST',
            body: file,
            contentType: memberFileContentType(file),
          });
          const rejected = Array.isArray(answer?.rejected) ? answer.rejected : [];
          replace(
            importResult,
            h(
              'div',
              { class: `alert ${rejected.length > 0 ? 'alert-warning' : 'alert-success'}`, role: 'status' },
              h(
                'strong',
                null,
                `Imported ${formatCount(answer?.accepted)} member${answer?.accepted === 1 ? '' : 's'} from ${file.name}`,
              ),
              ` · ${formatCount(answer?.queued)} queued for delivery · ${formatCount(rejected.length)} rejected`,
              rejected.length > 0
                ? h(
                    'ul',
                    { class: 'rejected-lines' },
                    rejected
                      .slice(0, 10)
                      .map((entry) => h('li', null, `Line ${entry.line}: ${entry.message}`)),
                    rejected.length > 10 ? h('li', null, `… and ${rejected.length - 10} more`) : null,
                  )
                : null,
            ),
          );
          fileInput.value = '';
          await refresh();
          options.onChanged();
        } catch (error) {
          replace(importResult, errorBox(error));
        } finally {
          importButton.removeAttribute('disabled');
        }
      },
    },
    h(
      'div',
      { class: 'field grow' },
      h('label', { for: 'members-file' }, 'Members file'),
      fileInput,
      h(
        'p',
        { class: 'help', id: 'members-file-help' },
        'CSV with a header row (',
        h('code', null, 'mpid,email,mobile,action'),
        ' plus attribute columns such as ',
        h('code', null, '$firstname'),
        '), or NDJSON with one member object a line.',
      ),
    ),
    importButton,
  );

  const mpid = /** @type {HTMLInputElement} */ (
    h('input', { id: 'member-mpid', name: 'mpid', type: 'text', required: true })
  );
  const email = /** @type {HTMLInputElement} */ (
    h('input', { id: 'member-email', name: 'email', type: 'email' })
  );
  const mobile = /** @type {HTMLInputElement} */ (
    h('input', { id: 'member-mobile', name: 'mobile', type: 'tel' })
  );
  const attributes = /** @type {HTMLTextAreaElement} */ (
    h('textarea', {
      id: 'member-attributes',
      name: 'attributes',
      rows: 2,
      placeholder: '$firstname=Ada\n$zip=10001',
    })
  );
  const memberError = h('div', { class: 'form-error', role: 'alert', hidden: true });

  /** @param {'add' | 'remove'} action */
  async function changeMember(action) {
    memberError.hidden = true;
    if (!mpid.value.trim()) {
      memberError.hidden = false;
      replace(memberError, 'The mpid is required.');
      return;
    }
    /** @type {Member} */
    const member = { mpid: mpid.value.trim() };
    if (email.value.trim()) member.email = email.value.trim();
    if (mobile.value.trim()) member.mobile = mobile.value.trim();
    const parsed = parseAttributeLines(attributes.value);
    if (Object.keys(parsed).length > 0) member.attributes = parsed;
    try {
      await sendMembers(action, [member]);
      for (const input of [mpid, email, mobile, attributes]) input.value = '';
    } catch (error) {
      memberError.hidden = false;
      replace(memberError, error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * @param {'add' | 'remove'} action
   * @param {Member[]} members
   */
  async function sendMembers(action, members) {
    const answer = await api(`${base}/members`, { method: 'POST', json: { action, members } });
    toast(
      `${action === 'add' ? 'Added' : 'Removed'} ${formatCount(answer?.accepted ?? members.length)} member(s); ${formatCount(answer?.queued)} queued.`,
      'success',
    );
    await refresh();
    options.onChanged();
  }

  const memberForm = h(
    'form',
    {
      class: 'member-form',
      novalidate: true,
      'aria-label': 'Add or remove a member',
      onSubmit: (event) => {
        event.preventDefault();
        changeMember('add');
      },
    },
    h(
      'div',
      { class: 'grid-4' },
      h('div', { class: 'field' }, h('label', { for: 'member-mpid' }, 'mpid'), mpid),
      h('div', { class: 'field' }, h('label', { for: 'member-email' }, 'Email'), email),
      h('div', { class: 'field' }, h('label', { for: 'member-mobile' }, 'Mobile number'), mobile),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'member-attributes' }, 'Attributes (key=value a line)'),
        attributes,
      ),
    ),
    memberError,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button primary' }, 'Add member'),
      h(
        'button',
        { type: 'button', class: 'button', onClick: () => changeMember('remove') },
        'Remove member',
      ),
    ),
  );

  async function refresh() {
    try {
      const answer = await api(`${base}/members?limit=${PAGE_SIZE}&offset=${offset}`);
      /** @type {Member[]} */
      const members = Array.isArray(answer) ? answer : (answer?.members ?? answer?.items ?? []);
      const total = typeof answer?.total === 'number' ? answer.total : undefined;
      if (members.length === 0 && offset > 0) {
        offset = Math.max(0, offset - PAGE_SIZE);
        await refresh();
        return;
      }
      const hasNext = total === undefined ? members.length === PAGE_SIZE : offset + members.length < total;
      replace(
        tableSlot,
        members.length === 0
          ? h('p', { class: 'muted' }, 'No member yet.')
          : h(
              'table',
              { class: 'table compact', dataset: { testid: 'members-table' } },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['mpid', 'Email', 'Mobile', 'Attributes', ''].map((title) => h('th', null, title)),
                ),
              ),
              h(
                'tbody',
                null,
                members.map((member) =>
                  h(
                    'tr',
                    { dataset: { mpid: String(member.mpid) } },
                    h('td', null, h('code', null, String(member.mpid))),
                    h('td', null, member.email ?? ''),
                    h('td', { class: 'nowrap' }, member.mobile ?? ''),
                    h('td', null, describeAttributes(member.attributes)),
                    h(
                      'td',
                      { class: 'row-actions' },
                      h(
                        'button',
                        {
                          type: 'button',
                          class: 'button small',
                          'aria-label': `Remove member ${member.mpid}`,
                          onClick: () =>
                            sendMembers('remove', [
                              { mpid: member.mpid, ...(member.email ? { email: member.email } : {}) },
                            ]).catch((error) =>
                              toast(error instanceof Error ? error.message : String(error), 'error'),
                            ),
                        },
                        'Remove',
                      ),
                    ),
                  ),
                ),
              ),
            ),
        h(
          'div',
          { class: 'pager' },
          h(
            'button',
            {
              type: 'button',
              class: 'button small',
              disabled: offset === 0,
              onClick: () => {
                offset = Math.max(0, offset - PAGE_SIZE);
                refresh();
              },
            },
            '← Previous',
          ),
          h(
            'span',
            { class: 'muted' },
            members.length === 0
              ? ''
              : `${formatCount(offset + 1)}–${formatCount(offset + members.length)}${total === undefined ? '' : ` of ${formatCount(total)}`}`,
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button small',
              disabled: !hasNext,
              onClick: () => {
                offset += PAGE_SIZE;
                refresh();
              },
            },
            'Next →',
          ),
        ),
      );
    } catch (error) {
      replace(tableSlot, errorBox(error));
    }
  }

  const element = panel('Members', [
    h('h3', { class: 'subheading' }, 'Import from a file'),
    importForm,
    importResult,
    h('h3', { class: 'subheading' }, 'Add or remove by hand'),
    memberForm,
    h('h3', { class: 'subheading' }, 'Current members'),
    tableSlot,
  ]);
  return { element, refresh };
}
