// Start-up: read the app's status, show any problem, wire the screens.

import { api, errorText, onDataChanged, onNavigate, touches } from './api.js';
import { $, all, banner, setAttr, setHidden } from './dom.js';
import { getZone, setZone } from './format.js';
import { initCaretRest } from './caret.js';
import { initLogList, refresh, refreshNames } from './log-list.js';
import { focusQuicklog, initQuicklog } from './quicklog.js';
import { fill, initSettings, refreshQuiet } from './settings.js';
import { initPlanner, refreshNow, refreshPlanner } from './planner.js';
import { initWeek, maybeAskToPlan, refreshWeek } from './week.js';
import { initReview, refreshReview } from './review.js';
import { initCalendars, refreshCalendarList } from './calendars.js';

/**
 * What each screen shows, and how it refreshes itself. A screen refreshes when it is shown, and
 * while shown whenever the data it shows changes (the one `data:changed` event, sent after every
 * write through the API and when another process changes the database).
 * @type {Record<string, { topics: import('./types/api').Topic[], refresh: () => void }>}
 */
const screens = {
  // The list first; the filter menus' names after it (one store connection serves both).
  log: { topics: ['fires'], refresh: () => refresh().then(refreshNames) },
  planner: { topics: ['fires', 'focus', 'planning', 'calendars', 'settings'], refresh: () => refreshPlanner() },
  week: { topics: ['planning', 'focus', 'fires'], refresh: () => refreshWeek() },
  review: { topics: ['fires', 'focus', 'planning', 'review', 'settings'], refresh: () => refreshReview() },
  settings: { topics: ['calendars', 'settings'], refresh: () => { refreshCalendarList(); refreshQuiet(); } },
};

function visibleScreen() {
  const shown = document.querySelector('.screen:not([hidden])');
  return shown ? shown.id.replace('screen-', '') : 'log';
}

/** @param {string} name */
function showScreen(name) {
  for (const s of all('.screen')) setHidden(s, s.id !== `screen-${name}`);
  for (const t of all('.tab')) {
    if (t.dataset.screen === name) setAttr(t, 'aria-current', 'page');
    else if (t.hasAttribute('aria-current')) t.removeAttribute('aria-current');
  }
  // Asked first: the answer comes while the shown screen is laid out for the focus.
  screens[name]?.refresh();
  if (name === 'log') focusQuicklog();
}

/** @param {import('./types/api').DataChanged} changed */
function dataChanged(changed) {
  if (touches(changed, ['settings'])) {
    api.status().then((s) => {
      if (!s.settings) return;
      const zone = getZone();
      setZone(s.settings.timezone);
      fill(s.settings);
      // Times already drawn in the old zone are drawn again in the new one.
      if (getZone() !== zone) screens[visibleScreen()]?.refresh();
    }).catch(() => {});
  }
  if (touches(changed, ['focus', 'settings'])) refreshNow();
  const screen = screens[visibleScreen()];
  if (screen && touches(changed, screen.topics)) screen.refresh();
}

async function start() {
  // Asked first, answered while the screens wire themselves up.
  const asked = api.status();
  for (const t of all('.tab')) t.addEventListener('click', () => showScreen(t.dataset.screen));
  // Links between screens (the empty review's pointers).
  for (const t of all('[data-goto]')) t.addEventListener('click', () => showScreen(t.dataset.goto));
  initCaretRest();
  initQuicklog({ showScreen });
  initLogList();
  initSettings();
  initPlanner();
  initWeek();
  initReview();
  initCalendars();
  onDataChanged(dataChanged);
  onNavigate((to) => showScreen(to.screen));
  for (const [id, start] of /** @type {[string, boolean][]} */ ([['login-yes', true], ['login-no', false]])) {
    $(id).addEventListener('click', async () => {
      try { await api.answerLoginStart(start); $('login-ask').hidden = true; } catch (err) { banner('startup', errorText(err)); }
    });
  }
  try {
    const status = await asked;
    if (status.startup_error) banner('startup', status.startup_error.message);
    if (status.shortcut_problem) banner('shortcut', status.shortcut_problem);
    if (status.settings) { setZone(status.settings.timezone); fill(status.settings); }
    $('db-path').textContent = status.database ?? '';
    if (status.ask_start_at_login) $('login-ask').hidden = false;
  } catch (err) {
    banner('startup', errorText(err));
  }
  // The first screen asks for what it shows, the list; the filter menus' names come after it,
  // and the other screens ask when they are shown.
  await refresh();
  document.body.dataset.ready = 'true';
  const to = await api.takeNavigation().catch(() => null);
  if (to) showScreen(to.screen);
  else maybeAskToPlan();
  refreshNames();
  warmUp(['planner', 'review']);
}

/** When the user last typed, clicked or touched the page (ms since the page started). */
let lastInput = 0;
for (const type of ['keydown', 'input', 'pointerdown']) {
  document.addEventListener(type, () => { lastInput = performance.now(); }, { capture: true, passive: true });
}

/** How long the user must have left the page alone before it does work they did not ask for. */
const QUIET_MS = 2000;

/** How long it is since the user last typed, clicked or touched the page (ms). */
const sinceInput = () => performance.now() - lastInput;

/**
 * The first time a screen is laid out in a page, WebKit fills its caches (fonts at each size and
 * weight, glyphs, compiled selectors): 50–150 ms for the Planner and the Review, against 3–10 ms
 * every later time. So once the first screen is drawn, and the user has left the page alone for
 * a moment (a fire typed right after the window opens must not wait behind it), each of these
 * screens is drawn and laid out once, out of sight, one per idle moment: the first switch to
 * it then costs what a later one does. The screen stays hidden throughout (the layout is taken
 * and undone in one task, before anything is painted), and it is not drawn again until shown.
 * @param {string[]} names
 */
function warmUp(names) {
  const [name, ...rest] = names;
  if (!name) return;
  /** @param {() => void} f */
  const idle = (f) => ('requestIdleCallback' in window ? window.requestIdleCallback(f) : setTimeout(f, 100));
  if (sinceInput() < QUIET_MS) {
    setTimeout(() => warmUp(names), QUIET_MS - sinceInput());
    return;
  }
  // Typed into meanwhile (before the idle moment, or while the screen was fetched): start
  // again, which waits for the next quiet moment.
  idle(async () => {
    if (sinceInput() < QUIET_MS) { warmUp(names); return; }
    const screen = $(`screen-${name}`);
    if (screen.hidden) {
      await screens[name]?.refresh();
      if (sinceInput() < QUIET_MS) { warmUp(names); return; }
      if (screen.hidden) {
        screen.classList.add('warming');
        screen.hidden = false;
        void screen.offsetHeight;
        screen.hidden = true;
        screen.classList.remove('warming');
      }
    }
    warmUp(rest);
  });
}

start();
