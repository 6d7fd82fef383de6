// Priorities & batches: the week's ranked priorities (drag or Alt+↑/↓ to reorder, end each as
// done / partly / dropped, carry the unfinished ones), batches of small tasks to work through in
// one go, wins, what is out with other people, and the guided weekly planning.

import { api, errorText } from './api.js';
import { $, el, fill, confirmDialog } from './dom.js';
import { count, dayLabel, duration } from './format.js';

/** @type {{ week: string | null, data: import('./types/api').WeekPriorities | null, tasks: import('./types/api').TasksOverview | null, running: any, dragged: any, focusOutcome?: number | null, plan?: import('./types/api').WeekPriorities }} */
const view = { week: null, data: null, tasks: null, running: null, dragged: null };
const STATUSES = ['open', 'done', 'partly', 'dropped'];

export function initWeek() {
  $('prio-prev').addEventListener('click', () => { view.week = view.data?.previous_week; refreshWeek(); });
  $('prio-next').addEventListener('click', () => { view.week = view.data?.next_week; refreshWeek(); });
  $('priority-form').addEventListener('submit', (e) => { e.preventDefault(); addPriority($('priority-title'), view.data.week, $('priority-status')); });
  $('batch-form').addEventListener('submit', addBatch);
  $('task-form').addEventListener('submit', addTask);
  $('win-form').addEventListener('submit', addWin);
  $('plan-week-open').addEventListener('click', () => openPlanDialog());
  $('plan-carry').addEventListener('click', carryIntoThisWeek);
  $('plan-add').addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    addPriority($('plan-add'), view.plan.current_week, $('plan-status')).then(renderPlanDialog);
  });
  $('plan-dialog').addEventListener('close', () => {
    if (view.plan) api.markWeekPlanned(view.plan.current_week).catch(() => {});
    refreshWeek();
  });
}

export async function refreshWeek() {
  try {
    [view.data, view.tasks] = await Promise.all([api.weekPriorities(view.week), api.tasksOverview()]);
  } catch (err) {
    $('priority-status').textContent = errorText(err);
    return;
  }
  $('prio-week').textContent = view.data.week;
  renderPriorities();
  renderBatches();
  renderWins();
  renderDelegated();
  fillSelects();
}

/** On the first start of a week that has not been planned, open the guided planning. */
export async function maybeAskToPlan() {
  try {
    const d = await api.weekPriorities(null);
    if (d.planning_due) openPlanDialog(d);
  } catch { /* the screens show storage problems */ }
}

// ---- priorities ---------------------------------------------------------------------------

function renderPriorities() {
  const list = $('priority-list');
  const ps = view.data.priorities;
  fill(list, ...ps.map((p) => priorityItem(p)));
  const unfinished = view.data.priorities.filter((p) => p.status === 'open' || p.status === 'partly').length;
  const carry = el('button', { type: 'button', id: 'carry-next', onclick: carryFromViewed }, `Carry ${unfinished} unfinished to ${view.data.next_week}`);
  carry.disabled = unfinished === 0;
  list.after(carry);
  document.querySelectorAll('#carry-next').forEach((b) => { if (b !== carry) b.remove(); });
  if (view.focusOutcome) {
    list.querySelector(`[data-id="${view.focusOutcome}"] input.outcome`)?.focus();
    view.focusOutcome = null;
  }
}

function priorityItem(p) {
  const outcome = el('input', { class: 'outcome', name: 'outcome', value: p.outcome ?? '', placeholder: 'one-line outcome', 'aria-label': `Outcome of ${p.title}` });
  outcome.hidden = p.status === 'open';
  const status = el('select', { class: 'status', 'aria-label': `Status of ${p.title}` },
    STATUSES.map((s) => el('option', { value: s, selected: s === p.status }, s === 'partly' ? 'partly done' : s)));
  const save = () => setStatus(p.id, status.value, outcome.value);
  status.addEventListener('change', () => {
    outcome.hidden = status.value === 'open';
    // After the list is drawn again, the one-line outcome is where the typing goes.
    view.focusOutcome = status.value === 'open' ? null : p.id;
    save();
  });
  outcome.addEventListener('change', save);
  const li = el('li', { class: `priority ${p.status}`, 'data-id': String(p.id), draggable: 'true', tabindex: '0', 'aria-label': `${p.rank}. ${p.title}` },
    el('span', { class: 'grip', 'aria-hidden': 'true' }, '⋮⋮'),
    el('span', { class: 'title' }, p.title),
    p.carried_from ? el('span', { class: 'badge' }, 'carried') : null,
    status, outcome,
    el('button', { type: 'button', class: 'delete', 'aria-label': `Delete ${p.title}`, onclick: () => removePriority(p) }, '×'));
  li.addEventListener('keydown', (e) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || e.target !== li) return;
    e.preventDefault();
    move(p.id, e.key === 'ArrowUp' ? -1 : 1);
  });
  li.addEventListener('dragstart', (e) => { view.dragged = p.id; e.dataTransfer.setData('text/plain', String(p.id)); li.classList.add('dragging'); });
  li.addEventListener('dragend', () => li.classList.remove('dragging'));
  li.addEventListener('dragover', (e) => e.preventDefault());
  li.addEventListener('drop', (e) => {
    e.preventDefault();
    const from = Number(e.dataTransfer.getData('text/plain') || view.dragged);
    if (from && from !== p.id) dropBefore(from, p.id);
  });
  return li;
}

async function reorder(ids, focusId) {
  try {
    view.data.priorities = await api.reorderPriorities(view.data.week, ids);
    renderPriorities();
    $('priority-list').querySelector(`[data-id="${focusId}"]`)?.focus();
  } catch (err) {
    $('priority-status').textContent = errorText(err);
  }
}

function move(id, delta) {
  const ids = view.data.priorities.map((p) => p.id);
  const i = ids.indexOf(id);
  const j = i + delta;
  if (j < 0 || j >= ids.length) return;
  [ids[i], ids[j]] = [ids[j], ids[i]];
  reorder(ids, id);
}

function dropBefore(moved, target) {
  const ids = view.data.priorities.map((p) => p.id).filter((id) => id !== moved);
  ids.splice(ids.indexOf(target), 0, moved);
  reorder(ids, moved);
}

async function addPriority(input, week, status) {
  const title = input.value;
  if (!title.trim()) return;
  try {
    const added = await api.addPriority(week, title, false);
    if (added.status === 'ask') {
      if (!(await confirmDialog(`${added.question}?`, 'Add it'))) { status.textContent = added.question; return; }
      await api.addPriority(week, title, true);
    }
  } catch (err) { status.textContent = errorText(err); return; }
  input.value = '';
  status.textContent = `Added "${title.trim()}"`;
}

async function setStatus(id, status, outcome) {
  try {
    await api.setPriorityStatus(id, status, outcome || null);
  } catch (err) {
    $('priority-status').textContent = errorText(err);
  }
}

async function removePriority(p) {
  try { await api.deletePriority(p.id); $('priority-status').textContent = `Deleted "${p.title}"`; } catch (err) { $('priority-status').textContent = errorText(err); }
}

async function carryFromViewed() {
  try {
    const carried = await api.carryPriorities(view.data.week);
    $('priority-status').textContent = `Carried ${carried.priorities.length} into ${carried.into}`;
  } catch (err) {
    $('priority-status').textContent = errorText(err);
  }
}

// ---- guided planning -----------------------------------------------------------------------

async function openPlanDialog(data) {
  view.plan = data ?? await api.weekPriorities(null);
  renderPlanDialog();
  const dialog = $('plan-dialog');
  if (!dialog.open) dialog.showModal();
  $('plan-add').focus();
}

async function renderPlanDialog() {
  view.plan = await api.weekPriorities(view.plan.current_week);
  $('plan-dialog-title').textContent = `Plan ${view.plan.current_week}`;
  const last = view.plan.previous;
  fill($('plan-last'), ...(last.length ? last.map((p) => el('li', { class: p.status }, `${p.title} — ${p.status === 'partly' ? 'partly done' : p.status}${p.outcome ? `: ${p.outcome}` : ''}`))
    : [el('li', { class: 'empty' }, 'No priorities last week.')]));
  $('plan-carry').disabled = !last.some((p) => p.status === 'open' || p.status === 'partly');
  fill($('plan-this'), ...view.plan.priorities.map((p) => el('li', {}, p.title)));
}

async function carryIntoThisWeek() {
  try {
    const carried = await api.carryPriorities(view.plan.previous_week);
    $('plan-status').textContent = `Carried ${carried.priorities.length}`;
    renderPlanDialog();
  } catch (err) {
    $('plan-status').textContent = errorText(err);
  }
}

// ---- batches and tasks ---------------------------------------------------------------------

function slotText(slot) {
  return slot ? `${slot.days.join(', ')} ${slot.start.slice(0, 5)}–${slot.end.slice(0, 5)}` : 'no slot';
}

function renderBatches() {
  const { batches, loose } = view.tasks;
  fill($('batch-list'), ...batches.map((b) => el('li', { 'data-batch': String(b.id) },
    el('span', { class: 'batch-name' }, b.name),
    el('span', { class: 'muted' }, ` ${slotText(b.slot)} · ${b.tasks.length} open`),
    el('span', { class: 'actions' },
      el('button', { type: 'button', class: 'start', onclick: () => { view.running = b.id; renderBatchRun(); } }, 'Start'),
      el('button', { type: 'button', class: 'delete', 'aria-label': `Delete batch ${b.name}`, onclick: () => removeBatch(b) }, '×')))),
  ...(loose.length ? [el('li', { class: 'loose' }, el('span', { class: 'batch-name' }, 'Other tasks'), ' ',
    el('ul', {}, loose.map((t) => taskItem(t))))] : []));
  renderBatchRun();
}

function taskItem(t) {
  const box = el('input', { type: 'checkbox', 'aria-label': `Done: ${t.title}`, checked: Boolean(t.done_at) });
  box.addEventListener('change', () => setDone(t, box.checked));
  const owner = t.ownership.kind === 'delegated' ? ` → ${t.ownership.to}` : t.ownership.kind === 'declined' ? ' (declined)' : '';
  return el('li', { class: `task${t.done_at ? ' done' : ''}`, 'data-task': String(t.id) },
    el('label', {}, box, ` ${t.title}`),
    el('span', { class: 'muted' }, `${t.estimate_minutes ? ` ~${duration(t.estimate_minutes)}` : ''}${owner}${t.interruption_id ? ' · from a logged fire' : ''}`));
}

function renderBatchRun() {
  const panel = $('batch-run');
  const b = view.running && view.tasks.batches.find((x) => x.id === view.running);
  if (!b) { panel.hidden = true; fill(panel); return; }
  const minutes = b.tasks.reduce((n, t) => n + (t.estimate_minutes ?? 0), 0);
  fill(panel, 
    el('h3', {}, `${b.name}: ${b.tasks.length} to go${minutes ? `, about ${duration(minutes)}` : ''}`),
    b.tasks.length ? el('ul', { class: 'run-list' }, b.tasks.map((t) => taskItem(t))) : el('p', { class: 'empty' }, 'All done. Nice.'),
    el('button', { type: 'button', onclick: () => { view.running = null; renderBatchRun(); } }, 'Close'));
  const opening = panel.hidden;
  panel.hidden = false;
  if (opening) panel.scrollIntoView({ block: 'nearest' });
}

async function setDone(t, done) {
  try {
    await api.setTaskDone(t.id, done);
    $('tasks-status').textContent = done ? `Done: ${t.title}` : `Reopened: ${t.title}`;
  } catch (err) {
    $('tasks-status').textContent = errorText(err);
  }
}

async function removeBatch(b) {
  if (!(await confirmDialog(`Delete the batch "${b.name}"? Its tasks stay, without a batch.`, 'Delete'))) return;
  try { await api.deleteBatch(b.id); if (view.running === b.id) view.running = null; } catch (err) { $('tasks-status').textContent = errorText(err); }
}

async function addBatch(e) {
  e.preventDefault();
  const f = $('batch-form').elements;
  try {
    const b = await api.addBatch({ name: f.name.value, days: f.days.value, start: f.start.value, end: f.end.value });
    $('batch-form').reset();
    $('tasks-status').textContent = `Added batch ${b.name}`;
  } catch (err) {
    $('tasks-status').textContent = errorText(err);
  }
}

async function addTask(e) {
  e.preventDefault();
  const f = $('task-form').elements;
  /** @type {import('./types/api').TaskInput} */
  const task = {
    title: f.title.value,
    batch_id: f.batch.value ? Number(f.batch.value) : null,
    priority_id: f.priority.value ? Number(f.priority.value) : null,
    estimate: f.estimate.value,
    owner: f.owner.value,
  };
  try {
    const t = await api.addTask(task);
    f.title.value = '';
    f.estimate.value = '';
    $('tasks-status').textContent = `Added task ${t.title}`;
  } catch (err) {
    $('tasks-status').textContent = errorText(err);
  }
}

function fillSelects() {
  const keep = (select, options) => {
    const v = select.value;
    const first = select.options[0].cloneNode(true);
    fill(select, first, ...options);
    select.value = [...select.options].some((o) => o.value === v) ? v : '';
  };
  keep($('task-form').elements.batch, view.tasks.batches.map((b) => el('option', { value: String(b.id) }, b.name)));
  const prios = view.data.priorities.map((p) => el('option', { value: String(p.id) }, p.title));
  keep($('task-form').elements.priority, prios);
  keep($('win-form').elements.priority, prios.map((o) => o.cloneNode(true)));
}

// ---- wins and delegated --------------------------------------------------------------------

function renderWins() {
  const wins = view.data.wins;
  fill($('win-list'), ...(wins.length ? wins.map((w) => el('li', { 'data-win': String(w.id) },
    el('span', { class: 'muted' }, `${dayLabel(w.date)} `), el('strong', {}, w.title), w.impact ? ` — ${w.impact}` : '',
    el('button', { type: 'button', class: 'delete', 'aria-label': `Delete win ${w.title}`, onclick: () => removeWin(w) }, '×')))
    : [el('li', { class: 'empty' }, 'No wins yet this week. Write one down: visibility builds credibility.')]));
}

async function addWin(e) {
  e.preventDefault();
  const f = $('win-form').elements;
  try {
    const w = await api.addWin(f.title.value, f.impact.value || null, f.priority.value ? Number(f.priority.value) : null);
    $('win-form').reset();
    $('tasks-status').textContent = `Win recorded: ${w.title}`;
  } catch (err) {
    $('tasks-status').textContent = errorText(err);
  }
}

async function removeWin(w) {
  try { await api.deleteWin(w.id); } catch (err) { $('tasks-status').textContent = errorText(err); }
}

function renderDelegated() {
  const { tasks, interruptions } = view.tasks.delegated;
  const items = [
    ...tasks.map((t) => el('li', {}, `${t.title} → ${t.ownership.kind === 'delegated' ? t.ownership.to : ''}`,
      el('button', { type: 'button', class: 'landed', onclick: () => setDone(t, true) }, 'Landed'))),
    ...interruptions.map((i) => el('li', {}, `${i.source ? `${i.source}: ` : ''}${i.note || i.channel} → ${i.outcome.kind === 'delegated' ? i.outcome.to : ''}`)),
    view.tasks.delegated.more_interruptions > 0
      ? el('li', { class: 'muted' }, `and ${count(Number(view.tasks.delegated.more_interruptions), 'more delegated fire')} this month: filter Interruptions by outcome "delegated"`)
      : null,
  ].filter(Boolean);
  fill($('delegated-list'), ...(items.length ? items : [el('li', { class: 'empty' }, 'Nothing is out with other people.')]));
}
