// The week planner: focus blocks drawn on the week, interruptions as marks, the week's figures
// against the target, "how did it go?" for ended blocks, and the running block's countdown.

import { api, errorText, onFocusChanged } from './api.js';
import { $, banner, el, fill, confirmDialog, keptNodes, place as placeChildren } from './dom.js';
import { writeChosenFile } from './files.js';
import { count, dateText, dayLabel, duration, getZone, isoWeek, parseDateText, parseTimeText, zoneParts } from './format.js';

/** @type {{ week: string | null, plan: import('./types/api').WeekPlan | null, selected: any, editing: number | null, focus: import('./types/api').FocusNow | null }} */
const view = { week: null, plan: null, selected: null, editing: null, focus: null };
const PX_PER_MIN = 0.6;

export function initPlanner() {
  $('plan-prev').addEventListener('click', () => { view.week = view.plan?.previous_week; refreshPlanner(); });
  $('plan-next').addEventListener('click', () => { view.week = view.plan?.next_week; refreshPlanner(); });
  $('plan-today').addEventListener('click', () => { view.week = null; refreshPlanner(); });
  $('block-new').addEventListener('click', () => openForm(null));
  $('block-cancel').addEventListener('click', closeForm);
  $('block-form').addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); closeForm(); } });
  $('block-form').addEventListener('submit', saveBlock);
  $('export-ics').addEventListener('click', exportIcs);
  $('copy-status').addEventListener('click', copyStatus);
  $('start-focus').addEventListener('click', () => focusNowAction(() => api.startFocusNow(null)));
  $('end-focus').addEventListener('click', () => focusNowAction(() => api.endFocusNow()));
  $('suggest-open').addEventListener('click', openSuggestions);
  $('suggest-close').addEventListener('click', () => { $('suggest-panel').hidden = true; });
  $('suggest-weeks').addEventListener('change', openSuggestions);
  onFocusChanged(() => { if (!$('screen-planner').hidden) refreshPlanner(); refreshNow(); });
  // A block that starts or ends on its own is announced by the focus event, and the countdown
  // corrects itself from the clock; this slow check only catches what an event could miss (a
  // clock change, a suspended laptop), and only while the window is seen: an idle page must
  // not wake the machine.
  setInterval(() => { if (!document.hidden) refreshNow(); }, 5 * 60000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refreshNow(); });
  refreshNow();
}

/** Counts the planner's requests: an answer older than the newest is not drawn. */
let planRequest = 0;

export async function refreshPlanner() {
  // Two refreshes can overlap (a data-changed event, and the week switch after accepting a
  // suggestion): answers may come back in either order, and only the newest request's may be
  // drawn, or the planner would jump back to the week it left.
  const mine = ++planRequest;
  let plan;
  try {
    plan = await api.weekPlan(view.week);
  } catch (err) {
    if (mine === planRequest) $('plan-summary').textContent = errorText(err);
    return;
  }
  if (mine !== planRequest) return;
  view.plan = plan;
  renderFigures(view.plan);
  renderGrid(view.plan);
  renderBlocks(view.plan.blocks);
  renderPanel();
  refreshAsk();
}

function renderFigures(plan) {
  $('plan-week').textContent = plan.week;
  const f = plan.figures;
  const target = Math.max(f.target_minutes, 1);
  $('meter-planned').style.width = `${Math.min(100, (f.planned_minutes / target) * 100)}%`;
  $('meter-held').style.width = `${Math.min(100, (f.held_minutes / target) * 100)}%`;
  const text = `Planned ${duration(f.planned_minutes)} of ${duration(f.target_minutes)} target · held ${duration(f.held_minutes)}`
    + ` · kept ${f.kept} · shortened ${f.shortened} · broken ${f.broken} · waiting for an answer ${f.unanswered}`
    + (f.upcoming ? ` · to come ${f.upcoming}` : '');
  $('plan-summary').textContent = text;
  $('plan-meter').setAttribute('aria-label', text);
}

/** The user's working hours as minutes of the day ([start, end]); the planner shows them at least. */
let workHours = [9 * 60, 17 * 60 + 30];

/** Takes the `work_hours` setting (`09:00-17:30`); redraws the week if it changed. */
export function setWorkHours(text) {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!m) return;
  const next = [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
  if (next[0] === workHours[0] && next[1] === workHours[1]) return;
  workHours = next;
  if (view.plan) renderGrid(view.plan);
}

function renderGrid(plan) {
  const grid = $('week-grid');
  const today = zoneParts(plan.now).date;
  // Local start and end of a span, and its end as a minute of the start's day (24:00 if later).
  const parts = (start, end) => {
    const s = zoneParts(start);
    const e = zoneParts(end);
    return { s, e, end: e.date === s.date ? e.minutes : 24 * 60 };
  };
  const placed = plan.occurrences.map((o) => ({ o, ...parts(o.start, o.end) }));
  const slots = plan.batch_slots.map((b) => ({ b, ...parts(b.start, b.end) }));
  const events = plan.calendar_events.filter((c) => !c.all_day).map((c) => ({ c, ...parts(c.start, c.end) }));
  const clashes = new Map(plan.clashes.map((c) => [`${c.block_id}/${c.date}`, c.meetings]));
  // The week's fires, one mark per local quarter hour (the core groups them).
  const marks = plan.fire_marks;
  // Hours shown: the working hours, widened to fit everything of the week (a fire at 21:30,
  // an early meeting), in whole hours.
  let first = Math.floor(workHours[0] / 60) * 60;
  let last = Math.ceil(workHours[1] / 60) * 60;
  for (const { s, end } of [...placed, ...slots, ...events]) {
    first = Math.min(first, Math.floor(s.minutes / 60) * 60);
    last = Math.max(last, Math.ceil(end / 60) * 60);
  }
  for (const { minute } of marks) {
    first = Math.min(first, Math.floor(minute / 60) * 60);
    last = Math.max(last, Math.min(24 * 60, (Math.floor(minute / 60) + 1) * 60));
  }
  if (last <= first) last = first + 60;
  /** Positions `node` in its day column from `s` to `end`, at least `min` px high. */
  const place = (node, { s, end }, min) => {
    node.style.top = `${(s.minutes - first) * PX_PER_MIN}px`;
    const height = `${Math.max(min, (end - s.minutes) * PX_PER_MIN)}px`;
    node.style.height = height;
    // Hovered or focused, a box grows to show all its text, never below its slot (--h).
    node.style.setProperty('--h', height);
    return node;
  };
  for (const [name, value] of [['--hour', `${60 * PX_PER_MIN}px`], ['--first-hour', String(first / 60)]]) {
    if (grid.style.getPropertyValue(name) !== value) grid.style.setProperty(name, value);
  }
  const height = (last - first) * PX_PER_MIN;
  const hoursColumn = () => {
    const hours = el('div', { class: 'hours', 'aria-hidden': 'true' });
    hours.style.height = `${height}px`;
    for (let m = first; m < last; m += 60) {
      const label = el('span', {}, `${String(m / 60).padStart(2, '0')}:00`);
      label.style.top = `${(m - first) * PX_PER_MIN}px`;
      hours.append(label);
    }
    return el('div', { class: 'hours-col' }, el('div', { class: 'day-head' }), hours);
  };
  /** What one day shows: its occurrences, meetings, batch slots, fire marks and all-day events. */
  const ofDay = (date) => ({
    placed: placed.filter((x) => x.s.date === date),
    events: events.filter((x) => x.s.date === date),
    slots: slots.filter((x) => x.s.date === date),
    marks: marks.filter((m) => m.date === date),
    allDay: plan.calendar_events.filter((c) => c.all_day && zoneParts(c.start).date <= date && zoneParts(c.end).date > date),
  });
  const dayColumn = (date, day) => {
    const dayEvents = day.events;
    const body = el('div', { class: `day-body${dayEvents.length ? ' has-events' : ''}` });
    body.style.height = `${height}px`;
    for (const p of day.placed) {
      const { o, s, e } = p;
      const state = o.outcome ? o.outcome.kind : (new Date(o.end) <= new Date(plan.now) ? 'unanswered' : 'planned');
      const clash = clashes.get(`${o.block_id}/${o.date}`);
      const clashText = clash ? `Clashes with ${clash.join(', ')}` : null;
      const box = el('button', {
        type: 'button',
        class: `occurrence ${state}${isSelected(o) ? ' selected' : ''}${clash ? ' clash' : ''}`,
        'data-block': String(o.block_id),
        'data-date': o.date,
        title: clashText,
        onclick: () => { view.selected = { block_id: o.block_id, date: o.date }; renderGrid(view.plan); renderPanel(); },
      }, el('strong', {}, o.title), el('span', { class: 'sr-only' }, `, ${dayLabel(date)}, `), el('span', {}, `${s.time}–${e.time}`),
      el('span', { class: 'sr-only' }, ', '), el('span', { class: 'badge' }, stateText(o, state)),
      clash ? el('span', { class: 'clash-badge' }, `⚠ ${clashText}`) : null);
      body.append(place(box, p, 18));
    }
    // Overlapping meetings side by side: each takes the first lane free at its start.
    const laneEnds = [];
    const lanes = dayEvents.map(({ s, end }) => {
      let lane = laneEnds.findIndex((laneEnd) => laneEnd <= s.minutes);
      if (lane === -1) { lane = laneEnds.length; laneEnds.push(end); } else laneEnds[lane] = end;
      return lane;
    });
    const laneWidth = 44 / Math.max(1, laneEnds.length);
    for (const [n, x] of dayEvents.entries()) {
      const { c, s, e } = x;
      const name = c.summary || 'Busy';
      // Focusable, so the keyboard reaches it too; hover or focus shows its whole text.
      const full = `${name}, ${s.time}–${e.time}${c.busy ? '' : ' (free)'}`;
      const box = el('div', {
        class: `event${c.busy ? '' : ' free'}`,
        'data-uid': c.uid,
        tabindex: '0',
        role: 'note',
        'aria-label': `Meeting: ${full}`,
        title: full,
      }, el('span', { class: 'event-name' }, name), el('span', { class: 'event-time' }, `${s.time}–${e.time}`));
      place(box, x, 14);
      box.style.left = `${55 + lanes[n] * laneWidth}%`;
      box.style.width = `calc(${laneWidth}% - 2px)`;
      box.style.right = 'auto';
      body.append(box);
    }
    for (const x of day.slots) {
      const { b, s, e } = x;
      const slot = el('div', { class: 'slot', 'data-batch': String(b.batch_id), title: `Batch: ${b.name} ${s.time}–${e.time}` },
        `${b.name} ${s.time}–${e.time}`);
      body.append(place(slot, x, 16));
    }
    const during = day.marks;
    for (const m of during) {
      const more = m.count - m.samples.length;
      const mark = el('span', {
        class: `mark${m.during_focus ? ' during-focus' : ''}${m.count > 1 ? ' many' : ''}`,
        title: [...m.samples, more > 0 ? `and ${more} more` : null, m.during_focus ? `${m.during_focus} during focus` : null]
          .filter(Boolean).join('\n'),
        'data-count': String(m.count),
      });
      mark.style.top = `${(m.minute - first) * PX_PER_MIN}px`;
      body.append(mark);
    }
    if (date === today) {
      const now = zoneParts(plan.now).minutes;
      if (now >= first && now < last) {
        const line = el('div', { class: 'now-line', 'aria-hidden': 'true' });
        line.style.top = `${(now - first) * PX_PER_MIN}px`;
        body.append(line);
      }
    }
    const fired = during.reduce((n, m) => n + m.count, 0);
    const firesText = fired ? `${count(fired, 'fire')}, ${during.reduce((n, m) => n + m.during_focus, 0)} during focus` : '';
    return el('div', { class: `day${date === today ? ' today' : ''}`, role: 'group', 'aria-label': dayLabel(date), 'data-date': date },
      el('div', { class: 'day-head' }, el('span', {}, dayLabel(date)), el('small', { class: 'fires' }, firesText),
        ...day.allDay.map((c) => el('small', { class: 'all-day', title: c.summary }, c.summary || 'Busy'))),
      body);
  };
  // A column that shows the same as when it was drawn (in the same time zone) is kept: a fire
  // logged today redraws today's column only; the rest are built anew.
  const now = zoneParts(plan.now);
  const columns = plan.days.map((date) => {
    const day = ofDay(date);
    const key = JSON.stringify([
      date, getZone(), date === today && now.minutes, first, last,
      day.placed.map(({ o }) => [o, isSelected(o), clashes.get(`${o.block_id}/${o.date}`) ?? null, new Date(o.end) <= new Date(plan.now)]),
      day.events.map((x) => x.c), day.slots.map((x) => x.b), day.marks, day.allDay,
    ]);
    return columnNodes.node(key, () => dayColumn(date, day));
  });
  const hours = columnNodes.node(JSON.stringify(['hours', first, last]), hoursColumn);
  columnNodes.done();
  placeChildren(grid, [hours, ...columns]);
}

/** The week's columns on screen, by what they show. */
const columnNodes = keptNodes();

function isSelected(o) {
  return view.selected && view.selected.block_id === o.block_id && view.selected.date === o.date;
}

function stateText(o, state) {
  switch (state) {
    case 'kept': return 'kept';
    case 'shortened': return `shortened ${duration(o.outcome.minutes_lost)}`;
    case 'broken': return 'broken';
    case 'unanswered': return 'how did it go?';
    default: return o.moved ? 'moved' : 'planned';
  }
}

/** Kept / Shortened / Broken controls for one occurrence; `done` runs after a saved answer. */
function outcomeControls(o, done) {
  const error = el('span', { class: 'form-error', role: 'alert' });
  const send = async (outcome) => {
    try {
      await api.recordOutcome(o.block_id, o.date, outcome);
      done();
    } catch (err) {
      error.textContent = errorText(err);
    }
  };
  const lost = el('input', { type: 'number', min: '1', name: 'minutes_lost', 'aria-label': 'Minutes lost', placeholder: 'min lost' });
  const reason = el('input', { name: 'reason', 'aria-label': 'Reason', placeholder: 'reason (incident, meeting…)' });
  return el('div', { class: 'outcome-controls' },
    el('button', { type: 'button', class: 'kept primary', onclick: () => send({ kind: 'kept' }) }, 'Kept'),
    lost,
    el('button', { type: 'button', class: 'shortened', onclick: () => send({ kind: 'shortened', minutes_lost: Number(lost.value), reason: reason.value || null }) }, 'Shortened'),
    reason,
    el('button', { type: 'button', class: 'broken', onclick: () => send({ kind: 'broken', reason: reason.value }) }, 'Broken'),
    error);
}

function renderPanel() {
  const panel = $('occurrence-panel');
  const o = view.selected && view.plan?.occurrences.find(isSelected);
  if (!o) { panel.hidden = true; fill(panel); return; }
  const s = zoneParts(o.start);
  const e = zoneParts(o.end);
  const block = view.plan.blocks.find((b) => b.id === o.block_id);
  const moveError = el('span', { class: 'form-error', role: 'alert' });
  const moveDate = el('input', { name: 'move_date', value: dateText(s.date), 'aria-label': 'Move to date', size: '11', spellcheck: 'false' });
  const moveFrom = el('input', { name: 'move_start', value: s.time, 'aria-label': 'Move from', size: '5', spellcheck: 'false' });
  const moveTo = el('input', { name: 'move_end', value: e.time, 'aria-label': 'Move to', size: '5', spellcheck: 'false' });
  const move = async () => {
    let date; let from; let to;
    try {
      date = parseDateText(moveDate.value);
      from = parseTimeText(moveFrom.value);
      to = parseTimeText(moveTo.value);
      if (!date || !from || !to) throw new Error('give the day, e.g. 14 Dec 2026, and both times');
    } catch (err) { moveError.textContent = `move: ${err.message}`; return; }
    try {
      await api.moveOccurrence(o.block_id, o.date, `${date}T${from}`, `${date}T${to}`);
      view.selected = null;
    } catch (err) { moveError.textContent = errorText(err); }
  };
  fill(panel, 
    el('h3', {}, o.title),
    o.intention ? el('p', { class: 'intention' }, o.intention) : null,
    el('p', {}, `${dayLabel(s.date)} ${s.time}–${e.time} · ${duration(Math.round((new Date(o.end).getTime() - new Date(o.start).getTime()) / 60000))}`,
      o.moved ? ' · moved' : '', o.outcome ? ` · ${stateText(o, o.outcome.kind)}` : ''),
    clashNote(o),
    outcomeControls(o, refreshPlanner),
    el('div', { class: 'move' }, 'Move this occurrence to ', moveDate, moveFrom, '–', moveTo,
      el('button', { type: 'button', class: 'move-save', onclick: move }, 'Move'), moveError),
    block ? el('div', { class: 'block-actions' },
      el('button', { type: 'button', onclick: () => openForm(block) }, 'Edit block'),
      el('button', { type: 'button', onclick: () => togglePause(block) }, block.paused ? 'Resume block' : 'Pause block')) : null,
  );
  panel.hidden = false;
}

/** How many unanswered blocks the planner asks about at once (the newest). */
const ASK_AT_ONCE = 5;

async function refreshAsk() {
  /** @type {import('./types/api').Unanswered} */
  let waiting = { items: [], older: 0 };
  try { waiting = await api.unanswered(ASK_AT_ONCE); } catch { /* shown elsewhere */ }
  const list = waiting.items;
  const older = Number(waiting.older);
  $('ask').hidden = list.length === 0;
  const olderLine = older ? el('li', { class: 'muted older' }, `and ${count(older, 'older block')} not answered yet: answer them on their week (‹), or leave them`) : null;
  fill($('ask-list'), ...list.map((o) => {
    const s = zoneParts(o.start);
    const e = zoneParts(o.end);
    return el('li', { 'data-block': String(o.block_id), 'data-date': o.date },
      el('span', {}, `${dayLabel(s.date)} ${s.time}–${e.time} · ${o.title}`),
      outcomeControls(o, refreshPlanner));
  }), olderLine);
}

function renderBlocks(blocks) {
  fill($('block-list'), ...blocks.map((b) => {
    const when = b.repeat.kind === 'weekly' ? b.repeat.days.join(', ') : `once on ${dateText(b.repeat.date)}`;
    return el('li', { 'data-block': String(b.id), class: b.paused ? 'paused' : '' },
      el('span', { class: 'block-title' }, b.title),
      el('span', {}, ` ${when} ${b.start.slice(0, 5)}–${b.end.slice(0, 5)} (${b.timezone})${b.paused ? ' · paused' : ''}`),
      b.intention ? el('span', { class: 'intention' }, ` — ${b.intention}`) : null,
      el('span', { class: 'actions' },
        el('button', { type: 'button', class: 'edit', onclick: () => openForm(b) }, 'Edit'),
        el('button', { type: 'button', class: 'pause', onclick: () => togglePause(b) }, b.paused ? 'Resume' : 'Pause'),
        el('button', { type: 'button', class: 'delete', onclick: () => removeBlock(b) }, 'Delete')));
  }));
}

async function togglePause(b) {
  try { await api.setBlockPaused(b.id, !b.paused); } catch (err) { $('export-status').textContent = errorText(err); }
}

async function removeBlock(b) {
  if (!(await confirmDialog(`Delete the focus block "${b.title}" and the outcomes recorded for it?`, 'Delete'))) return;
  try { await api.deleteBlock(b.id); view.selected = null; } catch (err) { $('export-status').textContent = errorText(err); }
}

function openForm(block) {
  const form = $('block-form');
  view.editing = block ? block.id : null;
  $('block-form-title').textContent = block ? `Edit "${block.title}"` : 'New focus block';
  const today = zoneParts(view.plan?.now ?? new Date().toISOString()).date;
  form.elements.title.value = block?.title ?? '';
  form.elements.intention.value = block?.intention ?? '';
  for (const box of form.querySelectorAll('[name=day]')) {
    box.checked = block ? block.repeat.kind === 'weekly' && block.repeat.days.includes(box.value) : false;
  }
  form.elements.once.value = block?.repeat.kind === 'once' ? dateText(block.repeat.date) : '';
  form.elements.start.value = block ? block.start.slice(0, 5) : '13:00';
  form.elements.end.value = block ? block.end.slice(0, 5) : '17:00';
  form.elements.timezone.value = block?.timezone ?? getZone();
  form.elements.active_from.value = dateText(block?.active_from ?? today);
  form.elements.active_until.value = dateText(block?.active_until);
  $('block-error').textContent = '';
  form.hidden = false;
  form.elements.title.focus();
}

function closeForm() {
  $('block-form').hidden = true;
  view.editing = null;
  $('block-new').focus();
}

async function saveBlock(e) {
  e.preventDefault();
  const f = $('block-form').elements;
  const days = [...$('block-form').querySelectorAll('[name=day]:checked')].map((b) => b.value);
  // Dates and times as typed, read by the page's one rule; a bad one is named, with its field.
  /** @type {[string, string | null][]} */
  let read;
  try {
    read = [];
    for (const [name, label, parse] of /** @type {const} */ ([
      ['once', 'once on', parseDateText], ['start', 'from', parseTimeText], ['end', 'to', parseTimeText],
      ['active_from', 'starting', parseDateText], ['active_until', 'until', parseDateText],
    ])) {
      try { read.push([name, parse(f[name].value)]); } catch (err) { f[name].focus(); throw new Error(`${label}: ${err.message}`); }
    }
  } catch (err) {
    $('block-error').textContent = err.message;
    return;
  }
  const got = Object.fromEntries(read);
  const once = got.once;
  /** @type {import('./types/api').NewFocusBlock} */
  const block = {
    title: f.title.value,
    intention: f.intention.value,
    repeat: once ? { kind: 'once', date: once } : { kind: 'weekly', days },
    start: got.start ? `${got.start}:00` : '',
    end: got.end ? `${got.end}:00` : '',
    timezone: f.timezone.value,
    active_from: once || got.active_from || '',
    active_until: got.active_until || null,
    paused: false,
  };
  if (!block.start || !block.end) { $('block-error').textContent = 'from: give a start and an end time, e.g. 13:00 and 17:00'; return; }
  if (!block.active_from) { $('block-error').textContent = 'starting: give the first date, e.g. 14 Dec 2026'; return; }
  try {
    if (view.editing) {
      const { paused: _kept, ...patch } = block; // editing never pauses or resumes
      await api.updateBlock(view.editing, patch);
    } else {
      await api.addBlock(block);
    }
    closeForm();
  } catch (err) {
    $('block-error').textContent = errorText(err);
  }
}

async function exportIcs() {
  await writeChosenFile('export_ics', $('export-status'), api.exportIcs,
    (done) => `Saved ${count(done.count, 'block')} to ${done.path}. Import it into Google Calendar, Outlook, Thunderbird or Apple Calendar.`);
}

/** Starts or ends focus now; the change event redraws the planner and the banner. */
async function focusNowAction(run) {
  try { await run(); } catch (err) { banner('focus', errorText(err)); }
}

export async function refreshNow() {
  try { view.focus = await api.focusNow(); } catch { view.focus = null; }
  const running = view.focus?.running;
  $('focus-now').hidden = !running;
  $('start-focus').hidden = Boolean(running);
  if (running) {
    setText($('focus-now-text'), `In focus: ${running.title} until ${zoneParts(running.end).time}`);
    const line = view.focus.status_line ?? '';
    const box = $('status-line');
    if (box.value !== line && document.activeElement !== box) box.value = line;
  }
  tickCountdown();
}

let countdownTimer = 0;

/**
 * Shows the minutes left of the running block and wakes again only when that figure changes
 * (once a minute): a repaint costs a frame, and a page that repaints every second keeps a
 * core busy for nothing the user can read.
 */
function tickCountdown() {
  clearTimeout(countdownTimer);
  const running = view.focus?.running;
  if (!running) return;
  const left = new Date(running.end).getTime() - Date.now();
  if (left <= 0) { refreshNow(); refreshPlanner(); return; }
  const minutes = Math.ceil(left / 60000);
  setText($('focus-countdown'), `${duration(minutes)} left`);
  countdownTimer = setTimeout(tickCountdown, left - (minutes - 1) * 60000 + 20);
}

/** Changes an element's text only when it differs (an unchanged text costs no repaint). */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

async function copyStatus() {
  const input = $('status-line');
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand('copy');
  }
  $('copy-status').textContent = 'Copied';
  setTimeout(() => { $('copy-status').textContent = 'Copy status'; }, 1500);
}

function clashNote(o) {
  const clash = view.plan.clashes.find((c) => c.block_id === o.block_id && c.date === o.date);
  if (!clash) return null;
  return el('p', { class: 'clash-note', role: 'note' },
    `Clashes with ${clash.meetings.join(', ')}. Move it below, or use Suggest focus time to find a free afternoon.`);
}

async function openSuggestions() {
  const panel = $('suggest-panel');
  panel.hidden = false;
  const status = $('suggest-status');
  status.textContent = 'Looking for free afternoons…';
  fill($('suggest-list'));
  let list;
  let calendars;
  try {
    [list, calendars] = await Promise.all([api.suggestions(Number($('suggest-weeks').value)), api.calendars()]);
  } catch (err) {
    status.textContent = errorText(err);
    return;
  }
  const hint = calendars.some((c) => c.read_busy) ? '' : ' No calendar is read yet: add yours under Settings → Calendars so suggestions avoid your meetings.';
  status.textContent = (list.length
    ? 'Best first: the longest free stretches in your working hours, fewest meetings, your preferred days.'
    : 'No free stretch of an hour or more in your working hours. Try more weeks, or change working hours in Settings.') + hint;
  fill($('suggest-list'), ...list.slice(0, 8).map((sug, i) => {
    const s = zoneParts(sug.start);
    const e = zoneParts(sug.end);
    const error = el('span', { class: 'form-error', role: 'alert' });
    const accept = async () => {
      try {
        await api.acceptSuggestion(sug);
        panel.hidden = true;
        view.week = isoWeek(s.date); // show the week it landed in
        await refreshPlanner();
        refreshNow();
        $('plan-summary').textContent += ` · ${sug.moves ? 'Moved' : 'Added'} focus on ${dayLabel(s.date)} ${s.time}–${e.time}`;
      } catch (err) { error.textContent = errorText(err); }
    };
    return el('li', { 'data-date': sug.date },
      el('strong', {}, `${i + 1}. ${dayLabel(s.date)} ${s.time}–${e.time}`),
      el('span', {}, ` ${sug.reason}`),
      el('button', { type: 'button', class: 'accept primary', onclick: accept }, sug.moves ? 'Move here' : 'Accept'),
      error);
  }));
}
