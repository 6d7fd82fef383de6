// Start-up: read the app's status, show any problem, wire the screens.

import { api, errorText, onDataChanged } from './api.js';
import { $ } from './dom.js';
import { setZone } from './format.js';
import { initLogList, refresh, refreshNames } from './log-list.js';
import { focusQuicklog, initQuicklog } from './quicklog.js';
import { fill, initSettings } from './settings.js';
import { initPlanner, refreshPlanner } from './planner.js';
import { initWeek, maybeAskToPlan, refreshWeek } from './week.js';
import { initReview, refreshReview } from './review.js';
import { initCalendars, refreshCalendarList } from './calendars.js';

function showScreen(name) {
  for (const s of document.querySelectorAll('.screen')) s.hidden = s.id !== `screen-${name}`;
  for (const t of document.querySelectorAll('.tab')) {
    if (t.dataset.screen === name) t.setAttribute('aria-current', 'page');
    else t.removeAttribute('aria-current');
  }
  if (name === 'log') focusQuicklog();
  if (name === 'planner') refreshPlanner();
  if (name === 'week') refreshWeek();
  if (name === 'review') refreshReview();
  if (name === 'settings') refreshCalendarList();
}

/** The screen on show, refreshed after another process (the command line) changed the data. */
function refreshVisible() {
  const shown = document.querySelector('.screen:not([hidden])');
  const name = shown ? shown.id.replace('screen-', '') : 'log';
  refresh();
  refreshNames();
  if (name === 'planner') refreshPlanner();
  if (name === 'week') refreshWeek();
  if (name === 'review') refreshReview();
  if (name === 'settings') refreshCalendarList();
}

function banner(kind, text) {
  const b = $('banner');
  b.dataset.kind = kind;
  b.textContent = text;
  b.hidden = false;
}

async function start() {
  for (const t of document.querySelectorAll('.tab')) t.addEventListener('click', () => showScreen(t.dataset.screen));
  initQuicklog({ onLogged: () => { refresh(); refreshNames(); refreshPlanner(); }, showScreen });
  initLogList();
  initSettings({ onZoneChanged: () => { refresh(); refreshPlanner(); }, onSaved: () => refreshPlanner() });
  initPlanner();
  initWeek();
  initReview({ onPlanned: refreshWeek });
  initCalendars({ onChanged: refreshPlanner });
  onDataChanged(() => refreshVisible());
  try {
    const status = await api.status();
    if (status.startup_error) banner('startup', status.startup_error.message);
    if (status.shortcut_problem) banner('shortcut', status.shortcut_problem);
    if (status.settings) { setZone(status.settings.timezone); fill(status.settings); }
    $('db-path').textContent = status.database ?? '';
  } catch (err) {
    banner('startup', errorText(err));
  }
  await Promise.all([refresh(), refreshNames(), refreshPlanner()]);
  document.body.dataset.ready = 'true';
  maybeAskToPlan();
}

start();
