// The interruption list: a period (today, a week, all), filters and search, windowed so years
// of fires scroll smoothly; each entry can be edited (in the panel above the list) or deleted
// with undo.

import { api, errorText } from './api.js';
import { $, all, el, fill, keptNodes, place, setAttr, setHidden, setOptions, setText } from './dom.js';
import { CHANNELS, OUTCOMES, URGENCIES, count, duration, getZone, localInputValue, outcomeText, when } from './format.js';
import { setStatus } from './quicklog.js';

/** @typedef {import('./types/api').Period} Period */
/** @typedef {import('./types/api').Interruption} Interruption */
/** @type {{ period: Period, week: string | null, neighbours: { previous: string, next: string } | null }} */
const view = { period: 'week', week: null, neighbours: null };
let searchTimer = 0;
let toastTimer = 0;
let lastDeleted = null;

/**
 * The list is windowed: years of fires can match, so the page holds one page of rows around what
 * is visible and draws only the rows on screen, between two spacers that stand for the rest.
 * Browsers cap an element's height (about 33 million pixels in WebKit), so past `MAX_HEIGHT` the
 * scroll bar maps proportionally onto the list.
 */
const PAGE = 150;
const OVERSCAN = 10;
const MAX_HEIGHT = 8_000_000;
/** @type {{ total: number, offset: number, items: Interruption[], rowHeight: number, seq: number, fetching: boolean, editing: number | null, drawn: string }} */
const win = { total: 0, offset: 0, items: [], rowHeight: 36, seq: 0, fetching: false, editing: null, drawn: '' };
let scrollFrame = 0;
/** The rows on screen, by what they show. */
const rowNodes = keptNodes();

export function initLogList() {
  setOptions($('filter-channel'), CHANNELS);
  setOptions($('filter-outcome'), OUTCOMES);
  for (const b of all('[data-period]')) {
    b.addEventListener('click', () => { view.period = /** @type {Period} */ (b.dataset.period); view.week = null; restart(); });
  }
  $('week-prev').addEventListener('click', () => shiftWeek(-1));
  $('week-next').addEventListener('click', () => shiftWeek(1));
  for (const id of ['filter-source', 'filter-category', 'filter-channel', 'filter-outcome']) {
    $(id).addEventListener('change', restart);
  }

  $('filter-text').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(restart, 150); });
  $('toast-undo').addEventListener('click', undoDelete);
  $('log-scroll').addEventListener('scroll', () => {
    // A jump past the page held asks for its page now, not a frame later.
    if (!win.fetching && lacksRows(wanted())) refresh();
    if (!scrollFrame) scrollFrame = requestAnimationFrame(() => { scrollFrame = 0; draw(); });
  }, { passive: true });
}

/** A new list (another period, filter or search): back to its top. */
function restart() {
  $('log-scroll').scrollTop = 0;
  win.items = [];
  win.offset = 0;
  // A search shows its first page as soon as it is found; the count (years of matches) follows.
  if ($('filter-text').value.trim()) refresh(true).then((counted) => { if (!counted) refresh(); });
  else refresh();
}

/**
 * The list's query for `offset`..`offset + limit`; `quick`: the first page alone, uncounted.
 * @returns {import('./types/api').FireQuery}
 */
function query(offset, limit, quick = false) {
  return {
    period: view.period,
    week: view.week,
    source: $('filter-source').value || null,
    category: $('filter-category').value || null,
    channel: $('filter-channel').value || null,
    outcome: $('filter-outcome').value || null,
    text: $('filter-text').value || null,
    offset,
    limit,
    quick,
  };
}

/**
 * Fetches the page around what is visible now (after a change, or when the view moves);
 * `quick` for a new search's first page, before its matches are counted. Resolves to false
 * when the list shown still has matches to count.
 * @returns {Promise<boolean>}
 */
export async function refresh(quick = false) {
  for (const b of all('[data-period]')) setAttr(b, 'aria-pressed', String(b.dataset.period === view.period));
  setHidden($('week-nav'), view.period !== 'week');
  const first = visibleRange().first;
  const offset = Math.max(0, first - Math.floor(PAGE / 3));
  const seq = ++win.seq;
  win.fetching = true;
  let drawn = false;
  let counted = true;
  try {
    const listing = await api.list(query(offset, PAGE, quick && offset === 0));
    if (seq !== win.seq) return true; // a newer request is on its way
    view.neighbours = listing.nav ? { previous: listing.nav.previous_week, next: listing.nav.next_week } : null;
    setText($('week-label'), listing.nav?.week ?? '');
    win.total = Number(listing.total);
    win.offset = listing.offset;
    win.items = listing.items;
    summarize(listing);
    drawn = true;
    counted = listing.counted;
  } catch (err) {
    setStatus(errorText(err));
  } finally {
    if (seq === win.seq) win.fetching = false;
  }
  // Drawn after the request is done, so a view that moved on meanwhile asks for its page.
  if (drawn) draw();
  return counted;
}

/**
 * Shows a fire just logged at the top of the list at once, when that is where it belongs (the
 * current period, no filter, scrolled to the top); the refresh that follows confirms it.
 * @param {Interruption} fire
 */
export function showLogged(fire) {
  const filtered = ['filter-source', 'filter-category', 'filter-channel', 'filter-outcome', 'filter-text'].some((id) => $(id).value);
  const top = win.items[0];
  if (filtered || view.week || win.offset > 0 || $('log-scroll').scrollTop > 0 || !top) return;
  if (new Date(fire.occurred_at) < new Date(top.occurred_at) || win.items.some((i) => i.id === fire.id)) return;
  win.items.unshift(fire);
  win.total += 1;
  draw();
}

/** Sources and categories for the filter menus; call at start and after the log changes. */
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
  restart();
}

function summarize(listing) {
  const n = win.total;
  setHidden($('empty'), n > 0);
  setHidden($('log-scroll'), n === 0);
  setText($('summary'), !n ? ''
    : !listing.counted ? `Counting the matches… the newest ${n.toLocaleString('en-GB')} are listed.`
    : listing.capped ? `More than ${n.toLocaleString('en-GB')} interruptions match; the newest ${n.toLocaleString('en-GB')} are listed (${duration(Number(listing.total_minutes))} spent). Add words or a filter to narrow it.`
      : `${count(n, 'interruption')}, ${duration(Number(listing.total_minutes))} spent`);
}

/** The scroll bar's height and how many list pixels one of its pixels stands for. */
function geometry() {
  const full = win.total * win.rowHeight;
  const height = Math.min(full, MAX_HEIGHT);
  const box = $('log-scroll');
  const view = Math.max(1, box.clientHeight - headHeight());
  const ratio = height > view ? Math.max(1, (full - view) / (height - view)) : 1;
  return { height, ratio, view };
}

function headHeight() {
  return $('log').tHead?.offsetHeight ?? 0;
}

/** Which rows are on screen now: the first one's index and how many fit. */
function visibleRange() {
  const box = $('log-scroll');
  const { ratio, view } = geometry();
  const top = box.scrollTop * ratio;
  const first = Math.min(Math.max(0, win.total - 1), Math.floor(top / win.rowHeight));
  return { first: Math.max(0, first), count: Math.ceil(view / win.rowHeight) + 1, top };
}

/** The rows to draw for what is on screen now, overscan included: `from`..`to`. */
function wanted() {
  const { first, count: fits } = visibleRange();
  return { from: Math.max(0, first - OVERSCAN), to: Math.min(win.total, first + fits + OVERSCAN) };
}

/** Whether some of rows `from`..`to` are outside the page held. */
function lacksRows({ from, to }) {
  const held = win.offset + win.items.length;
  return win.total > 0 && (from < win.offset || (to > held && held < win.total));
}

/** Draws the visible rows from the page held; asks for another page when the view left it. */
function draw() {
  const { from, to } = wanted();
  const held = win.offset + win.items.length;
  if (lacksRows({ from, to })) {
    // One page request at a time while scrolling; the answer draws, and asks again if the
    // view has moved on meanwhile.
    if (!win.fetching) refresh();
    if (win.items.length === 0) return;
  }
  const start = Math.max(from, win.offset);
  const end = Math.min(to, held);
  const shown = win.items.slice(start - win.offset, end - win.offset);
  // What is on screen, rows included: a refresh that brings the same rows draws nothing.
  const key = JSON.stringify([start, end, win.editing, win.total, win.rowHeight, getZone(), shown]);
  if (key === win.drawn) return; // nothing new on screen
  win.drawn = key;
  const { height, ratio } = geometry();
  const scrolled = $('log-scroll').scrollTop;
  // Rows sit where the scroll position says, however compressed the bar is.
  const spacerBefore = Math.min(height, Math.max(0, Math.round(scrolled + start * win.rowHeight - scrolled * ratio)));
  // A row still on screen with the same content is kept, not built and laid out again.
  const rows = shown.map((i) => rowNodes.node(JSON.stringify([i, win.editing === i.id, getZone()]), () => row(i)));
  rowNodes.done();
  $('log-before').firstElementChild.style.height = `${spacerBefore}px`;
  place($('log-body'), rows);
  const after = Math.max(0, height - spacerBefore - rows.length * win.rowHeight);
  $('log-after').firstElementChild.style.height = `${after}px`;
  const measured = $('log-body').firstElementChild?.offsetHeight;
  if (measured && measured !== win.rowHeight) { win.rowHeight = measured; win.drawn = ''; draw(); }
}

/** @param {Interruption} i */
function row(i) {
  return el('tr', { 'data-id': String(i.id), class: `urgency-${i.urgency}${win.editing === i.id ? ' editing' : ''}` },
    el('td', { class: 'when' }, when(i.occurred_at),
      i.during_focus ? el('span', { class: 'badge during-focus', title: 'Logged inside a focus block' }, 'during focus') : null),
    el('td', { class: 'minutes' }, duration(i.minutes)),
    el('td', { class: 'channel' }, i.channel),
    el('td', { class: 'source', title: i.source ?? '' }, i.source ?? ''),
    el('td', { class: 'category', title: i.category ? `#${i.category}` : '' }, i.category ? `#${i.category}` : ''),
    el('td', { class: 'outcome', title: outcomeText(i.outcome) }, outcomeText(i.outcome)),
    el('td', { class: 'note', title: i.note }, i.note),
    el('td', { class: 'actions' },
      i.outcome.kind === 'deferred' ? el('button', { type: 'button', class: 'to-batch', 'aria-label': `To batch: make interruption ${i.id} a task`, onclick: () => toBatch(i) }, 'To batch') : null,
      el('button', { type: 'button', class: 'edit', 'aria-label': `Edit interruption ${i.id}`, onclick: () => edit(i) }, 'Edit'),
      el('button', { type: 'button', class: 'delete', 'aria-label': `Delete interruption ${i.id}`, onclick: () => remove(i) }, 'Delete')));
}

/** Closes the edit form (saved or cancelled) and gives focus back to the list. */
function closeEdit() {
  const editing = win.editing;
  win.editing = null;
  fill($('edit-panel'));
  $('edit-panel').hidden = true;
  win.drawn = '';
  draw();
  /** @type {HTMLElement | null} */ (document.querySelector(`tr[data-id="${editing}"] .edit`))?.focus();
}

/** Edits a fire in the panel above the list (rows keep one height; the list stays windowed). */
function edit(i) {
  const select = (name, values, current) =>
    el('select', { name }, values.map((v) => el('option', { value: v, selected: v === current }, v)));
  const input = (name, value, extra = {}) => el('input', { name, value: value ?? '', ...extra });
  const error = el('p', { class: 'form-error', role: 'alert' });
  const form = el('form', { class: 'edit-form', 'data-id': String(i.id), novalidate: true },
    el('label', {}, 'When', input('when', localInputValue(i.occurred_at), { spellcheck: 'false', placeholder: '2026-12-14 14:30, 14:30 or -20m' })),
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
      el('button', { type: 'button', class: 'cancel', onclick: closeEdit }, 'Cancel')),
    error);
  form.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); closeEdit(); } });
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
      closeEdit();
    } catch (err) {
      error.textContent = errorText(err);
      if (err && err.field) form.querySelector(`[name="${err.field === 'outcome' ? 'target' : err.field}"]`)?.focus();
    }
  });
  win.editing = i.id;
  win.drawn = '';
  draw();
  fill($('edit-panel'), el('h3', {}, `Edit interruption #${i.id}`), form);
  $('edit-panel').hidden = false;
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
