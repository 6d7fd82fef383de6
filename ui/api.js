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
};

export function onQuicklogShortcut(handler) {
  return window.__TAURI__.event.listen('quicklog:open', handler);
}

/** A readable sentence for any rejection, core error or not. */
export function errorText(e) {
  if (e && typeof e === 'object' && 'message' in e) return e.message;
  return String(e);
}
