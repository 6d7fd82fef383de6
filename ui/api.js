// The one bridge to the Rust commands, typed by ui/types/api.d.ts (generated from the Rust
// types; `tsc` checks every screen against it). Every call returns a promise; a failure rejects
// with an ApiError { code, message, field }. Each command is one use case of the core's API.

/** @typedef {import('./types/api').ApiError} ApiError */
/** @typedef {import('./types/api').DataChanged} DataChanged */

/**
 * @template T
 * @param {string} cmd
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<T>}
 */
const invoke = (cmd, args) => window.__TAURI__.core.invoke(cmd, args);

/** @template T @typedef {Promise<T>} P */
/** @typedef {import('./types/api').IsoWeek | null | undefined} WeekArg */

export const api = {
  /** @returns {P<import('./types/api').AppStatus>} */
  status: () => invoke('app_status'),
  /** Why do-not-disturb cannot work on this desktop, or null. @returns {P<string | null>} */
  quietCheck: () => invoke('quiet_check'),
  /** @param {string} text @returns {P<import('./types/api').NewInterruption>} */
  preview: (text) => invoke('preview_quicklog', { text }),
  /** @param {string} text @returns {P<import('./types/api').Interruption>} */
  log: (text) => invoke('log_quicklog', { text }),
  /** @param {import('./types/api').FireQuery} query @returns {P<import('./types/api').Listing>} */
  list: (query) => invoke('list_interruptions', { query }),
  /** @param {number} id @param {import('./types/api').FireEdit} edit @returns {P<import('./types/api').Interruption>} */
  update: (id, edit) => invoke('update_interruption', { id, edit }),
  /** @param {number} id @returns {P<import('./types/api').Interruption>} */
  remove: (id) => invoke('delete_interruption', { id }),
  /** @param {import('./types/api').Interruption} interruption @returns {P<import('./types/api').Interruption>} */
  restore: (interruption) => invoke('restore_interruption', { interruption }),
  /** @returns {P<import('./types/api').RecentNames>} */
  recentNames: () => invoke('recent_names'),
  /** @param {string} date @returns {P<import('./types/api').Interruption[]>} */
  dayEntries: (date) => invoke('day_entries', { date }),
  /** @param {string} key @param {string} value @returns {P<import('./types/api').Settings>} */
  setSetting: (key, value) => invoke('set_setting', { key, value }),
  /** @returns {P<string[]>} */
  timeZones: () => invoke('time_zones'),
  /** @param {WeekArg} week @returns {P<import('./types/api').WeekPlan>} */
  weekPlan: (week) => invoke('week_plan', { week }),
  /** @param {import('./types/api').BlockPatch} block @returns {P<import('./types/api').FocusBlock>} */
  addBlock: (block) => invoke('add_block', { block }),
  /** @param {number} id @param {import('./types/api').BlockPatch} block @returns {P<import('./types/api').FocusBlock>} */
  updateBlock: (id, block) => invoke('update_block', { id, block }),
  /** @param {number} id @param {boolean} paused @returns {P<import('./types/api').FocusBlock>} */
  setBlockPaused: (id, paused) => invoke('set_block_paused', { id, paused }),
  /** @param {number} id @returns {P<import('./types/api').FocusBlock>} */
  deleteBlock: (id) => invoke('delete_block', { id }),
  /** @param {number} blockId @param {string} date @param {import('./types/api').OccurrenceOutcome} outcome @returns {P<import('./types/api').Occurrence>} */
  recordOutcome: (blockId, date, outcome) => invoke('record_outcome', { blockId, date, outcome }),
  /** @param {number} blockId @param {string} date @param {string} start @param {string} end @returns {P<import('./types/api').Occurrence>} */
  moveOccurrence: (blockId, date, start, end) => invoke('move_occurrence', { blockId, date, start, end }),
  /** The newest `limit` blocks waiting for "how did it go?", and how many older ones. @param {number} limit @returns {P<import('./types/api').Unanswered>} */
  unanswered: (limit) => invoke('unanswered', { limit }),
  /** @returns {P<import('./types/api').FocusNow>} */
  focusNow: () => invoke('focus_now'),
  /** @param {string | null} until @returns {P<import('./types/api').Occurrence>} */
  startFocusNow: (until) => invoke('start_focus_now', { until }),
  /** @returns {P<import('./types/api').Occurrence>} */
  endFocusNow: () => invoke('end_focus_now'),
  /** @param {string} path @param {boolean} replace @returns {P<import('./types/api').Confirm<import('./types/api').Exported>>} */
  exportIcs: (path, replace) => invoke('export_ics', { path, replace }),
  /** @param {WeekArg} week @returns {P<import('./types/api').WeekPriorities>} */
  weekPriorities: (week) => invoke('week_priorities', { week }),
  /** @param {string} week @returns {P<null>} */
  markWeekPlanned: (week) => invoke('mark_week_planned', { week }),
  /** @param {string} week @param {string} title @param {boolean} confirmed @returns {P<import('./types/api').Confirm<import('./types/api').Priority>>} */
  addPriority: (week, title, confirmed) => invoke('add_priority', { week, title, confirmed }),
  /** @param {string} week @param {number[]} ids @returns {P<import('./types/api').Priority[]>} */
  reorderPriorities: (week, ids) => invoke('reorder_priorities', { week, ids }),
  /** @param {number} id @param {import('./types/api').PriorityStatus} status @param {string | null} outcome @returns {P<import('./types/api').Priority>} */
  setPriorityStatus: (id, status, outcome) => invoke('set_priority_status', { id, status, outcome }),
  /** @param {number} id @returns {P<import('./types/api').Priority>} */
  deletePriority: (id) => invoke('delete_priority', { id }),
  /** @param {string} from @returns {P<import('./types/api').Carried>} */
  carryPriorities: (from) => invoke('carry_priorities', { from }),
  /** @returns {P<import('./types/api').TasksOverview>} */
  tasksOverview: () => invoke('tasks_overview'),
  /** @param {import('./types/api').BatchInput} batch @returns {P<import('./types/api').Batch>} */
  addBatch: (batch) => invoke('add_batch', { batch }),
  /** @param {number} id @returns {P<import('./types/api').Batch>} */
  deleteBatch: (id) => invoke('delete_batch', { id }),
  /** @param {import('./types/api').TaskInput} task @returns {P<import('./types/api').Task>} */
  addTask: (task) => invoke('add_task', { task }),
  /** @param {number} id @param {boolean} done @returns {P<import('./types/api').Task>} */
  setTaskDone: (id, done) => invoke('set_task_done', { id, done }),
  /** @param {number} id @param {import('./types/api').Ownership} ownership @returns {P<import('./types/api').Task>} */
  setTaskOwnership: (id, ownership) => invoke('set_task_ownership', { id, ownership }),
  /** @param {number} id @returns {P<import('./types/api').Task>} */
  deleteTask: (id) => invoke('delete_task', { id }),
  /** @param {number} interruptionId @param {string | null} batch @returns {P<import('./types/api').Task>} */
  deferToBatch: (interruptionId, batch) => invoke('defer_to_batch', { interruptionId, batch }),
  /** @param {string} title @param {string | null} impact @param {number | null} priorityId @returns {P<import('./types/api').Win>} */
  addWin: (title, impact, priorityId) => invoke('add_win', { date: null, title, impact, priorityId }),
  /** @param {number} id @returns {P<import('./types/api').Win>} */
  deleteWin: (id) => invoke('delete_win', { id }),
  /** @param {WeekArg} week @returns {P<import('./types/api').ReviewScreen>} */
  weekReview: (week) => invoke('week_review', { week }),
  /** @param {string} week @param {string} nextChange @returns {P<import('./types/api').ReviewNote>} */
  saveReviewNote: (week, nextChange) => invoke('save_review_note', { week, nextChange }),
  /** @param {string} week @param {import('./types/api').ReportFormat} format @param {string} path @param {boolean} replace @returns {P<import('./types/api').Confirm<import('./types/api').Exported>>} */
  exportReport: (week, format, path, replace) => invoke('export_report', { week, format, path, replace }),
  /** The desktop's file dialog for `action` (a report's name says its `week`); null when cancelled. @param {import('./types/api').FileAction} action @param {string | null} [week] @returns {P<import('./types/api').ChosenFile | null>} */
  chooseFile: (action, week = null) => invoke('choose_file', { action, week }),
  /** @param {string} path @param {boolean} replace @returns {P<import('./types/api').Confirm<import('./types/api').Exported>>} */
  backup: (path, replace) => invoke('backup', { path, replace }),
  /** @param {string} path @param {boolean} replace @returns {P<import('./types/api').Confirm<import('./types/api').Exported>>} */
  exportJson: (path, replace) => invoke('export_json', { path, replace }),
  /** @param {string} dir @param {boolean} replace @returns {P<import('./types/api').Confirm<import('./types/api').Exported>>} */
  exportCsv: (dir, replace) => invoke('export_csv', { dir, replace }),
  /** @param {string} path @returns {P<import('./types/api').ImportReport>} */
  importJson: (path) => invoke('import_json', { path }),
  /** @returns {P<import('./types/api').Calendar[]>} */
  calendars: () => invoke('calendars'),
  /** @param {import('./types/api').NewCalendar} calendar @param {string | null} password @returns {P<import('./types/api').Refreshed>} */
  addCalendar: (calendar, password) => invoke('add_calendar', { calendar, password }),
  /** @param {number} id @returns {P<import('./types/api').Calendar>} */
  removeCalendar: (id) => invoke('remove_calendar', { id }),
  /** @param {number} id @param {import('./types/api').CalendarPatch} patch @returns {P<import('./types/api').Calendar>} */
  updateCalendar: (id, patch) => invoke('update_calendar', { id, patch }),
  /** @param {number} id @param {string} password @returns {P<import('./types/api').Calendar>} */
  setCalendarPassword: (id, password) => invoke('set_calendar_password', { id, password }),
  /** @param {number | null} id @returns {P<import('./types/api').RefreshOutcome[]>} */
  refreshCalendars: (id) => invoke('refresh_calendars', { id }),
  /** @param {number} weeks @returns {P<import('./types/api').Suggestion[]>} */
  suggestions: (weeks) => invoke('suggestions', { weeks }),
  /** @param {import('./types/api').Suggestion} suggestion @returns {P<import('./types/api').Accepted>} */
  acceptSuggestion: (suggestion) => invoke('accept_suggestion', { suggestion }),
  /** @returns {P<import('./types/api').PublishReport[]>} */
  publishNow: () => invoke('publish_now'),
  /** Where a clicked notification wanted the page, once. @returns {P<import('./types/api').Navigation | null>} */
  takeNavigation: () => invoke('take_navigation'),
  /** The quick-log box was used or dismissed (a window the shortcut brought up goes again). @returns {P<null>} */
  quicklogDone: () => invoke('quicklog_done'),
  /** @param {boolean} start @returns {P<import('./types/api').Settings>} */
  answerLoginStart: (start) => invoke('answer_login_start', { start }),
};

/** @param {string} name @param {(payload: any) => void} handler */
function listen(name, handler) {
  return window.__TAURI__.event.listen(name, (e) => handler(e.payload));
}

/** A reminder fired or a block started or ended. @param {() => void} handler */
export function onFocusChanged(handler) {
  return listen('focus:changed', handler);
}

/**
 * The one "data changed" event: every write through the API announces what it changed
 * (`topics`); another process's change (the command line) names `everything`.
 * @param {(changed: DataChanged) => void} handler
 */
export function onDataChanged(handler) {
  return listen('data:changed', handler);
}

/** @param {() => void} handler */
export function onQuicklogShortcut(handler) {
  return listen('quicklog:open', handler);
}

/** @param {() => void} handler */
export function onReviewDue(handler) {
  return listen('review:due', handler);
}

/**
 * Whether a change touches any of `topics` (`everything` touches all).
 * @param {DataChanged} changed @param {import('./types/api').Topic[]} topics
 */
export function touches(changed, topics) {
  return changed.topics.some((t) => t === 'everything' || topics.includes(t));
}

/** A notification was clicked: show its screen. @param {(to: import('./types/api').Navigation) => void} handler */
export function onNavigate(handler) {
  return listen('navigate', handler);
}

/** A readable sentence for any rejection, core error or not. @param {unknown} e */
export function errorText(e) {
  if (e && typeof e === 'object' && 'message' in e) return String(e.message);
  return String(e);
}
