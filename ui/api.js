// The one bridge to the Rust commands. Every call returns a promise; a failure rejects with
// { kind, message, field } from the core.

const invoke = (cmd, args) => window.__TAURI__.core.invoke(cmd, args);

export const api = {
  status: () => invoke('app_status'),
  preview: (text) => invoke('preview_quicklog', { text }),
  log: (text) => invoke('log_quicklog', { text }),
  list: (query) => invoke('list_interruptions', { query }),
  update: (id, patch, when) => invoke('update_interruption', { id, patch, when }),
  remove: (id) => invoke('delete_interruption', { id }),
  restore: (interruption) => invoke('restore_interruption', { interruption }),
  recentNames: () => invoke('recent_names'),
  setSetting: (key, value) => invoke('set_setting', { key, value }),
  timeZones: () => invoke('time_zones'),
  weekPlan: (week) => invoke('week_plan', { week }),
  addBlock: (block) => invoke('add_block', { block }),
  updateBlock: (id, block) => invoke('update_block', { id, block }),
  setBlockPaused: (id, paused) => invoke('set_block_paused', { id, paused }),
  deleteBlock: (id) => invoke('delete_block', { id }),
  recordOutcome: (blockId, date, outcome) => invoke('record_outcome', { blockId, date, outcome }),
  moveOccurrence: (blockId, date, start, end) => invoke('move_occurrence', { blockId, date, start, end }),
  unanswered: () => invoke('unanswered'),
  focusNow: () => invoke('focus_now'),
  exportIcs: (path) => invoke('export_ics', { path }),
  weekPriorities: (week) => invoke('week_priorities', { week }),
  markWeekPlanned: (week) => invoke('mark_week_planned', { week }),
  addPriority: (week, title, confirmed) => invoke('add_priority', { week, title, confirmed }),
  reorderPriorities: (week, ids) => invoke('reorder_priorities', { week, ids }),
  setPriorityStatus: (id, status, outcome) => invoke('set_priority_status', { id, status, outcome }),
  deletePriority: (id) => invoke('delete_priority', { id }),
  carryPriorities: (from) => invoke('carry_priorities', { from }),
  tasksOverview: () => invoke('tasks_overview'),
  addBatch: (name, slot) => invoke('add_batch', { name, slot }),
  deleteBatch: (id) => invoke('delete_batch', { id }),
  addTask: (task) => invoke('add_task', { task }),
  setTaskDone: (id, done) => invoke('set_task_done', { id, done }),
  setTaskOwnership: (id, ownership) => invoke('set_task_ownership', { id, ownership }),
  deleteTask: (id) => invoke('delete_task', { id }),
  deferToBatch: (interruptionId, batch) => invoke('defer_to_batch', { interruptionId, batch }),
  addWin: (title, impact, priorityId) => invoke('add_win', { date: null, title, impact, priorityId }),
  deleteWin: (id) => invoke('delete_win', { id }),
  weekReview: (week) => invoke('week_review', { week }),
  dayEntries: (date) => invoke('day_entries', { date }),
  saveReviewNote: (week, nextChange) => invoke('save_review_note', { week, nextChange }),
  exportReport: (week, format, path) => invoke('export_report', { week, format, path }),
  backup: (path) => invoke('backup', { path }),
  exportJson: (path) => invoke('export_json', { path }),
  exportCsv: (dir) => invoke('export_csv', { dir }),
  calendars: () => invoke('calendars'),
  addCalendar: (calendar, password) => invoke('add_calendar', { calendar, password }),
  removeCalendar: (id) => invoke('remove_calendar', { id }),
  updateCalendar: (id, name, readBusy, publish) => invoke('update_calendar', { id, name, readBusy, publish }),
  setCalendarPassword: (id, password) => invoke('set_calendar_password', { id, password }),
  refreshCalendars: (id) => invoke('refresh_calendars', { id }),
  suggestions: (weeks) => invoke('suggestions', { weeks }),
  acceptSuggestion: (suggestion) => invoke('accept_suggestion', { suggestion }),
  publishNow: () => invoke('publish_now'),
  importJson: (path) => invoke('import_json', { path }),
};

export function onFocusChanged(handler) {
  return window.__TAURI__.event.listen('focus:changed', handler);
}

export function onCalendarsChanged(handler) {
  return window.__TAURI__.event.listen('calendars:changed', handler);
}

/** Another process (the command line) changed the data. */
export function onDataChanged(handler) {
  return window.__TAURI__.event.listen('data:changed', handler);
}

export function onQuicklogShortcut(handler) {
  return window.__TAURI__.event.listen('quicklog:open', handler);
}

/** A readable sentence for any rejection, core error or not. */
export function errorText(e) {
  if (e && typeof e === 'object' && 'message' in e) return e.message;
  return String(e);
}
