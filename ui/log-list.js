// The interruption list: a period (today, a week, all), filters and search; each entry can be
// edited in place or deleted with undo.

import { api, errorText } from './api.js';
import { $, all, el, fill, setOptions } from './dom.js';
import { CHANNELS, OUTCOMES, URGENCIES, count, duration, localInputValue, outcomeText, when } from './format.js';
import { setStatus } from './quicklog.js';

/** @typedef {import('./types/api').Period} Period */
/** @type {{ period: Period, week: string | null, neighbours: { previous: string, next: string } | null }} */
const view = { period: 'week', week: null, neighbours: null };
let searchTimer = 0;
let toastTimer = 0;
let lastDeleted = null;

export function initLogList() {
  setOptions($('filter-channel'), CHANNELS);
  setOptions($('filter-outcome'), OUTCOMES);
  for (const b of all('[data-period]')) {
    b.addEventListener('click', () => { view.period = /** @type {Period} */ (b.dataset.period); view.week = null; refresh(); });
  }
  $('week-prev').addEventListener('click', () => shiftWeek(-1));
  $('week-next').addEventListener('click', () => shiftWeek(1));
  for (const id of ['filter-source', 'filter-category', 'filter-channel', 'filter-outcome']) {
    $(id).addEventListener('change', refresh);
  }
  $('filter-text').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(refresh, 150); });
  $('toast-undo').addEventListener('click', undoDelete);
}

export async function refresh() {
  for (const b of all('[data-period]')) {
    b.setAttribute('aria-pressed', String(b.dataset.period === view.period));
  }
  $('week-nav').hidden = view.period !== 'week';
  /** @type {import('./types/api').FireQuery} */
  const query = {
    period: view.period,
    week: view.week,
    source: $('filter-source').value || null,
    category: $('filter-category').value || null,
    channel: $('filter-channel').value || null,
    outcome: $('filter-outcome').value || null,
    text: $('filter-text').value || null,
    limit: view.period === 'all' ? 500 : null,
  };
  try {
    const listing = await api.list(query);
    view.neighbours = listing.nav ? { previous: listing.nav.previous_week, next: listing.nav.next_week } : null;
    $('week-label').textContent = listing.nav?.week ?? '';
    render(listing);
  } catch (err) {
    setStatus(errorText(err));
  }
}

/** Fills the source and category menus; call at start and after the log changes. */
export async function refreshNames() {
  try {
    const names = await api.recentNames();
    setOptions($('filter-source'), names.sources);
    setOptions($('filter-category'), names.categories);
  } catch { /* the list itself reports storage problems */ }
}

function shiftWeek(delta) {
  const target = delta < 0 ? view.neighbours?.previous : view.neighbours?.next;
  if (!target) return;
  view.week = target;
  refresh();
}

function render(listing) {
  const body = $('log-body');
  fill(body, ...listing.items.map(row));
  $('empty').hidden = listing.items.length > 0;
  $('log').hidden = listing.items.length === 0;
  const n = listing.items.length;
  $('summary').textContent = n ? `${count(n, 'interruption')}, ${duration(listing.total_minutes)} spent` : '';
}

function row(i) {
  return el('tr', { 'data-id': String(i.id), class: `urgency-${i.urgency}` },
    el('td', { class: 'when' }, when(i.occurred_at),
      i.during_focus ? el('span', { class: 'badge during-focus', title: 'Logged inside a focus block' }, 'during focus') : null),
    el('td', { class: 'minutes' }, duration(i.minutes)),
    el('td', { class: 'channel' }, i.channel),
    el('td', { class: 'source' }, i.source ?? ''),
    el('td', { class: 'category' }, i.category ? `#${i.category}` : ''),
    el('td', { class: 'outcome' }, outcomeText(i.outcome)),
    el('td', { class: 'note' }, i.note),
    el('td', { class: 'actions' },
      i.outcome.kind === 'deferred' ? el('button', { type: 'button', class: 'to-batch', 'aria-label': `Make interruption ${i.id} a task in a batch`, onclick: () => toBatch(i) }, 'To batch') : null,
      el('button', { type: 'button', class: 'edit', 'aria-label': `Edit interruption ${i.id}`, onclick: () => edit(i) }, 'Edit'),
      el('button', { type: 'button', class: 'delete', 'aria-label': `Delete interruption ${i.id}`, onclick: () => remove(i) }, 'Delete')));
}

function edit(i) {
  const tr = document.querySelector(`tr[data-id="${i.id}"]`);
  if (!tr) return;
  const select = (name, values, current) =>
    el('select', { name }, values.map((v) => el('option', { value: v, selected: v === current }, v)));
  const input = (name, value, extra = {}) => el('input', { name, value: value ?? '', ...extra });
  const error = el('p', { class: 'form-error', role: 'alert' });
  const form = el('form', { class: 'edit-form', 'data-id': String(i.id), novalidate: true },
    el('label', {}, 'When', input('when', localInputValue(i.occurred_at), { type: 'datetime-local' })),
    el('label', {}, 'Time spent', input('minutes', duration(i.minutes), { inputmode: 'text', spellcheck: 'false', placeholder: '15m or 1h30m' })),
    el('label', {}, 'Channel', select('channel', CHANNELS, i.channel)),
    el('label', {}, 'Who', input('source', i.source)),
    el('label', {}, 'Category', input('category', i.category)),
    el('label', {}, 'Urgency', select('urgency', URGENCIES, i.urgency)),
    el('label', {}, 'Outcome', select('outcome', OUTCOMES, i.outcome.kind)),
    el('label', {}, 'To (person or batch)', input('target', i.outcome.to ?? i.outcome.batch ?? '')),
    el('label', { class: 'wide' }, 'Note', input('note', i.note)),
    el('div', { class: 'form-buttons' },
      el('button', { type: 'submit', class: 'save' }, 'Save'),
      el('button', { type: 'button', class: 'cancel', onclick: () => refresh() }, 'Cancel')),
    error);
  form.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); refresh(); } });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    // Minutes go as typed: the core reads them by the quick-log rule and names the field.
    const minutesText = String(f.get('minutes'));
    const kind = f.get('outcome');
    const target = String(f.get('target')).trim() || null;
    /** @type {import('./types/api').Outcome} */
    const outcome = kind === 'delegated' ? { kind, to: target ?? '' }
      : kind === 'deferred' ? { kind, batch: target } : kind === 'declined' ? { kind } : { kind: 'handled' };
    /** @type {import('./types/api').InterruptionPatch} */
    const patch = {
      channel: /** @type {import('./types/api').Channel} */ (f.get('channel')),
      urgency: /** @type {import('./types/api').Urgency} */ (f.get('urgency')),
      source: String(f.get('source')).trim() || null,
      category: String(f.get('category')).trim() || null,
      outcome,
      note: String(f.get('note')),
    };
    const whenValue = String(f.get('when'));
    try {
      const minutes = minutesText.trim() === duration(i.minutes) ? null : minutesText;
      const saved = await api.update(i.id, { patch, minutes, when: whenValue === localInputValue(i.occurred_at) ? null : whenValue });
      setStatus(`Saved #${saved.id}`);
    } catch (err) {
      error.textContent = errorText(err);
      if (err && err.field) form.querySelector(`[name="${err.field === 'outcome' ? 'target' : err.field}"]`)?.focus();
    }
  });
  const td = el('td', { colspan: '8' }, form);
  fill(tr, td);
  tr.classList.add('editing');
  form.querySelector('[name="minutes"]').focus();
}

async function toBatch(i) {
  try {
    const task = await api.deferToBatch(i.id, null);
    setStatus(`Task #${task.id} "${task.title}" is in its batch; work through it from Priorities & batches.`);
  } catch (err) {
    setStatus(errorText(err));
  }
}

async function remove(i) {
  try {
    lastDeleted = await api.remove(i.id);
    showToast(`Deleted #${i.id}`);
  } catch (err) {
    setStatus(errorText(err));
  }
}

async function undoDelete() {
  if (!lastDeleted) return;
  try {
    const back = await api.restore(lastDeleted);
    lastDeleted = null;
    $('toast').hidden = true;
    setStatus(`Restored #${back.id}`);
  } catch (err) {
    setStatus(errorText(err));
  }
}

function showToast(text) {
  $('toast-text').textContent = text;
  $('toast').hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { $('toast').hidden = true; lastDeleted = null; }, 10000);
}
