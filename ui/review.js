// The weekly review: KPIs, the balance chart per day (click a bar for its entries), the
// 12-week trend, top sources and channels, the focus record, priorities and wins; the guided
// review (balance → one change → next week's priorities); and the shareable report.
// Charts are SVG made in Rust (the same as in the report), brought in with DOMParser.

import { api, errorText, onReviewDue } from './api.js';
import { $, all, el, fill, confirmDialog } from './dom.js';
import { writeChosenFile } from './files.js';
import { count, dayLabel, duration, outcomeText, when } from './format.js';

/** @type {{ week: string | null, data: import('./types/api').ReviewScreen | null }} */
const view = { week: null, data: null };

export function initReview() {
  $('review-prev').addEventListener('click', () => { view.week = view.data?.previous_week; refreshReview(); });
  $('review-next').addEventListener('click', () => { view.week = view.data?.next_week; refreshReview(); });
  $('review-start').addEventListener('click', startGuided);
  for (const b of all('[data-format]', $('report-form'))) b.addEventListener('click', () => saveReport(b.dataset.format));
  $('review-to-2').addEventListener('click', () => step(2));
  $('review-to-3').addEventListener('click', saveChange);
  $('review-next-add').addEventListener('keydown', addNextPriority);
  // Enter in the answer saves it and goes on (the form would otherwise close the dialog).
  $('review-change').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); saveChange(); }
  });
  $('review-dialog').addEventListener('close', () => refreshReview());
  onReviewDue(() => refreshReview());
}

const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`);

export async function refreshReview() {
  try {
    view.data = await api.weekReview(view.week);
  } catch (err) {
    $('report-status').textContent = errorText(err);
    return;
  }
  const { review: r } = view.data;
  $('review-week').textContent = r.week;
  $('review-due').hidden = !view.data.review_due;
  const empty = r.fires.count === 0 && r.focus.planned_minutes === 0 && r.balance.batch_minutes === 0
    && r.priorities.length === 0 && r.wins.length === 0;
  $('review-empty').hidden = !empty;
  fill($('review-kpis'), ...[
    [duration(r.balance.strategic_minutes), 'strategic (focus held)'],
    [duration(r.balance.reactive_minutes), `reactive, ${count(r.fires.count, 'fire')}`],
    [duration(r.balance.batch_minutes), 'batched small tasks'],
    [pct(r.defence_rate), 'of planned focus defended'],
    [pct(r.fires.not_mine_share), 'fires not mine'],
    [duration(r.fires.cost_minutes), 'fires cost, with refocus'],
  ].map(([v, label]) => el('div', { class: 'kpi' }, el('b', {}, v), el('span', {}, label))));
  placeSvg($('daily-chart'), view.data.daily_svg);
  placeSvg($('trend-chart'), view.data.trend_svg);
  for (const bar of $('daily-chart').querySelectorAll('g.bar')) {
    bar.addEventListener('click', () => showDay(bar.getAttribute('data-date')));
    bar.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showDay(bar.getAttribute('data-date')); } });
  }
  table($('daily-table'), ['day', 'strategic', 'batch', 'reactive', 'fires'],
    r.days.map((d) => [dayLabel(d.date), duration(d.balance.strategic_minutes), duration(d.balance.batch_minutes), duration(d.balance.reactive_minutes), String(d.fires)]));
  table($('trend-table'), ['week', 'strategic', 'reactive', 'fires', 'not mine'],
    r.trend.map((t) => [t.week, duration(t.strategic_minutes), duration(t.reactive_minutes), String(t.fires), pct(t.not_mine_share)]));
  table($('sources-table'), ['source', 'fires', 'time'], r.fires.by_source.slice(0, 6).map((t) => [t.name, String(t.count), duration(t.minutes)]));
  table($('channels-table'), ['channel', 'fires', 'time'], r.fires.by_channel.slice(0, 6).map((t) => [t.name, String(t.count), duration(t.minutes)]));
  const f = r.focus;
  fill($('focus-record'),
    el('p', {}, `Planned ${duration(f.planned_minutes)} of ${duration(f.target_minutes)}; held ${duration(f.held_minutes)}. Kept ${f.kept}, shortened ${f.shortened}, broken ${f.broken}, not answered ${f.unanswered}.`),
    r.not_as_planned.length ? el('ul', {}, r.not_as_planned.map((b) => el('li', {}, `${dayLabel(b.date)} ${b.title}: ${b.kind}, ${duration(b.minutes_lost)} lost${b.reason ? ` — ${b.reason}` : ''}`))) : null,
    view.data.note ? el('p', { class: 'note' }, `Change for next week: ${view.data.note.next_change}`) : null);
  fill($('review-priorities'), ...(r.priorities.length ? r.priorities.map((p) => el('li', { class: p.status }, `${p.title} — ${p.status === 'partly' ? 'partly done' : p.status}${p.outcome ? `: ${p.outcome}` : ''}`))
    : [el('li', { class: 'empty' }, 'No priorities set for this week.')]));
  fill($('review-wins'), ...(r.wins.length ? r.wins.map((w) => el('li', {}, el('strong', {}, w.title), w.impact ? ` — ${w.impact}` : ''))
    : [el('li', { class: 'empty' }, 'No wins written down.')]));
}

/** Parses our own SVG (already escaped in Rust) and adopts it: no innerHTML. */
function placeSvg(box, text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  fill(box, document.importNode(doc.documentElement, true));
}

function table(node, head, rows) {
  fill(node, el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))));
}

async function showDay(date) {
  const box = $('day-detail');
  try {
    const items = await api.dayEntries(date);
    const occ = view.data.review.days.find((d) => d.date === date);
    fill(box, el('h4', {}, `${dayLabel(date)}: ${count(items.length, 'fire')}${occ ? `, strategic ${duration(occ.balance.strategic_minutes)}` : ''}`),
      items.length ? el('ul', {}, items.map((i) => el('li', { 'data-interruption': String(i.id) },
        `${when(i.occurred_at)} · ${duration(i.minutes)} · ${i.channel}${i.source ? ` · ${i.source}` : ''} · ${outcomeText(i.outcome)}${i.note ? ` · ${i.note}` : ''}`)))
        : el('p', { class: 'empty' }, 'No fires logged that day.'));
    box.hidden = false;
  } catch (err) {
    fill(box, el('p', { class: 'form-error' }, errorText(err)));
    box.hidden = false;
  }
}

/** @param {string | undefined} format */
async function saveReport(format) {
  const md = format === 'md';
  await writeChosenFile(md ? 'report_md' : 'report_html', $('report-status'),
    (path, replace) => api.exportReport(view.data.review.week, md ? 'md' : 'html', path, replace),
    (saved) => `Saved ${saved.path}`, view.data?.review.week ?? null);
}

// ---- the guided review ---------------------------------------------------------------------

function step(n) {
  for (const k of [1, 2, 3]) $(`review-step-${k}`).hidden = k !== n;
  if (n === 2) $('review-change').focus();
  if (n === 3) $('review-next-add').focus();
}

async function startGuided() {
  view.week = null;
  await refreshReview();
  const r = view.data.review;
  $('review-dialog-title').textContent = `Weekly review ${r.week}`;
  fill($('review-summary'),
    el('li', {}, `Strategic ${duration(r.balance.strategic_minutes)} · reactive ${duration(r.balance.reactive_minutes)} · batch ${duration(r.balance.batch_minutes)}`),
    el('li', {}, `Focus: planned ${duration(r.focus.planned_minutes)} of ${duration(r.focus.target_minutes)}, held ${duration(r.focus.held_minutes)} (${pct(r.defence_rate)} defended)`),
    el('li', {}, `${count(r.fires.count, 'fire')}${r.fires.by_source[0] ? `, most from ${r.fires.by_source[0].name}` : ''}; ${pct(r.fires.not_mine_share)} were not yours`),
    el('li', {}, `Priorities: ${r.priority_figures.done} done, ${r.priority_figures.partly} partly, ${r.priority_figures.dropped} dropped · ${count(r.wins.length, 'win')}`));
  $('review-change').value = view.data.note?.next_change ?? '';
  $('review-error').textContent = '';
  step(1);
  $('review-dialog').showModal();
  $('review-to-2').focus();
}

async function saveChange() {
  try {
    await api.saveReviewNote(view.data.review.week, $('review-change').value);
  } catch (err) {
    $('review-error').textContent = errorText(err);
    return;
  }
  await renderNextWeek();
  step(3);
}

async function renderNextWeek() {
  const next = await api.weekPriorities(view.data.next_week);
  fill($('review-next-list'), ...next.priorities.map((p) => el('li', {}, p.title)));
}

async function addNextPriority(e) {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  const input = $('review-next-add');
  try {
    const added = await api.addPriority(view.data.next_week, input.value, false);
    if (added.status === 'ask') {
      if (!(await confirmDialog(`${added.question}?`, 'Add it'))) { $('review-next-status').textContent = added.question; return; }
      await api.addPriority(view.data.next_week, input.value, true);
    }
    input.value = '';
    await renderNextWeek();
  } catch (err) {
    $('review-next-status').textContent = errorText(err);
  }
}
