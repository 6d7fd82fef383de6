// The settings screen: preferences (each saved on its own), and data export/import.

import { api, errorText } from './api.js';
import { $, el } from './dom.js';
import { duration, setZone } from './format.js';

export function initSettings() {
  const save = (statusId) => async (e) => {
    e.preventDefault();
    const key = e.submitter?.dataset.key;
    if (!key) return;
    const input = $(`set-${key}`);
    try {
      const settings = await api.setSetting(key, input.value);
      input.removeAttribute('aria-invalid');
      $(statusId).textContent = `Saved ${key}: ${input.value.trim()}`;
      fill(settings);
      if (key === 'timezone') setZone(settings.timezone);
      if (key === 'shortcut') hideShortcutProblem();
    } catch (err) {
      input.setAttribute('aria-invalid', 'true');
      $(statusId).textContent = errorText(err);
    }
  };
  $('settings-form').addEventListener('submit', save('settings-status'));
  $('work-form').addEventListener('submit', save('work-status'));
  $('data-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const action = e.submitter?.dataset.action;
    const path = $('data-path').value;
    try {
      const text = {
        backup: async () => `Backed up to ${(await api.backup(path)).path}`,
        json: async () => { const done = await api.exportJson(path); return `Exported everything (${done.count} rows) to ${done.path}`; },
        csv: async () => { const done = await api.exportCsv(path); return `Wrote one CSV file per table (${done.count} files) to ${done.path}`; },
        import: async () => {
          const report = await api.importJson(path);
          const added = report.tables.reduce((n, [, a]) => n + a, 0);
          const skipped = report.tables.reduce((n, [, , k]) => n + k, 0);
          return `Imported ${added} rows; ${skipped} were already here`;
        },
      }[action];
      if (text) $('data-status').textContent = await text();
    } catch (err) {
      $('data-status').textContent = errorText(err);
    }
  });
  api.timeZones().then((zones) => {
    $('zones').replaceChildren(...zones.map((z) => el('option', { value: z })));
  }).catch(() => {});
}

export function fill(settings) {
  $('set-timezone').value = settings.timezone;
  $('set-shortcut').value = settings.shortcut;
  $('set-weekly_target').value = duration(settings.weekly_target_minutes);
  $('set-heads_up').value = `${settings.heads_up_minutes}m`;
  $('set-break_every').value = `${settings.break_every_minutes}m`;
  $('set-notify_start').value = settings.notify_start ? 'on' : 'off';
  $('set-notify_end').value = settings.notify_end ? 'on' : 'off';
  $('set-review_at').value = settings.review_at;
  $('set-theme').value = settings.theme;
  $('set-work_hours').value = settings.work_hours;
  $('set-work_days').value = settings.work_days;
  $('set-preferred_days').value = settings.preferred_days || 'none';
  $('set-focus_length').value = duration(settings.focus_length_minutes);
  $('set-calendar_refresh').value = `${settings.calendar_refresh_minutes}m`;
  $('set-publish_batches').value = settings.publish_batches ? 'on' : 'off';
  $('set-keep_running').value = settings.keep_running ? 'on' : 'off';
  $('set-start_at_login').value = settings.start_at_login ? 'on' : 'off';
  $('set-quiet_during_focus').value = settings.quiet_during_focus ? 'on' : 'off';
  applyTheme(settings.theme);
}

/** `system` follows the desktop; `light` and `dark` override it. */
export function applyTheme(theme) {
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

function hideShortcutProblem() {
  const banner = $('banner');
  if (banner.dataset.kind === 'shortcut') banner.hidden = true;
}
