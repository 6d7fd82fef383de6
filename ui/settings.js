// The settings screen: preferences (saved as you change them), and data export/import.

import { api, errorText } from './api.js';
import { $, all, el } from './dom.js';
import { writeChosenFile } from './files.js';
import { count, duration, setZone } from './format.js';
import { setWorkHours } from './planner.js';

export function initSettings() {
  // One form that saves as you go: a field is saved when it changes (Enter, leaving it, or a
  // choice in a menu); a refused value stays in its field, marked, with the reason.
  const save = async (input, statusId) => {
    const key = input.id.slice('set-'.length);
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
  for (const [formId, statusId] of [['settings-form', 'settings-status'], ['work-form', 'work-status']]) {
    const form = $(formId);
    form.addEventListener('submit', (e) => e.preventDefault());
    for (const input of form.querySelectorAll('[id^="set-"]')) {
      input.setAttribute('aria-describedby', statusId);
      input.addEventListener('change', () => save(input, statusId));
      input.addEventListener('keydown', (e) => {
        // Enter saves at once (a text field's change event would wait for it to lose focus).
        if (e.key === 'Enter' && input.tagName === 'INPUT') { e.preventDefault(); input.blur(); input.focus(); }
      });
    }
  }
  // Each data action asks the desktop where, with a name of its own; Import asks what to read.
  const status = $('data-status');
  for (const b of all('[data-action]', $('data-form'))) {
    const action = b.dataset.action;
    b.addEventListener('click', async () => {
      if (action === 'import') { importChosen(status); return; }
      const kind = /** @type {'backup' | 'export_json' | 'export_csv'} */ (action);
      const write = { backup: api.backup, export_json: api.exportJson, export_csv: api.exportCsv }[kind];
      const said = {
        backup: (done) => `Backed up to ${done.path}`,
        export_json: (done) => `Exported everything (${count(done.count, 'row')}) to ${done.path}`,
        export_csv: (done) => `Wrote one CSV file per table (${count(done.count, 'file')}) to ${done.path}`,
      }[kind];
      await writeChosenFile(kind, status, write, said);
    });
  }
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
  setWorkHours(settings.work_hours);
  $('set-work_days').value = settings.work_days;
  $('set-preferred_days').value = settings.preferred_days || 'none';
  $('set-focus_length').value = duration(settings.focus_length_minutes);
  $('set-calendar_refresh').value = `${settings.calendar_refresh_minutes}m`;
  $('set-publish_batches').value = settings.publish_batches ? 'on' : 'off';
  $('set-my_addresses').value = settings.my_addresses.split(',').filter(Boolean).join(', ');
  $('set-tentative_busy').value = settings.tentative_busy ? 'on' : 'off';
  $('set-keep_running').value = settings.keep_running ? 'on' : 'off';
  $('set-start_at_login').value = settings.start_at_login ? 'on' : 'off';
  $('set-quiet_during_focus').value = settings.quiet_during_focus ? 'on' : 'off';
  applyTheme(settings.theme);
}

/** Says under the do-not-disturb setting when this desktop cannot be quietened, and why. */
export function refreshQuiet() {
  api.quietCheck().then((why) => {
    $('quiet-unavailable').textContent = why ? `Do-not-disturb during focus is not available here: ${why}.` : '';
    $('quiet-unavailable').hidden = !why;
  }).catch(() => {});
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

/** Import: the desktop's open dialog picks a JSON export; rows already here are skipped. */
async function importChosen(status) {
  status.textContent = '';
  try {
    const chosen = await api.chooseFile('import');
    if (!chosen) { status.textContent = 'Cancelled; nothing was imported.'; return; }
    const { path } = chosen;
    const report = await api.importJson(path);
    const added = report.tables.reduce((n, [, a]) => n + a, 0);
    const skipped = report.tables.reduce((n, [, , k]) => n + k, 0);
    status.textContent = `Imported ${count(added, 'row')} from ${path}; ${count(skipped, 'row')} ${skipped === 1 ? 'was' : 'were'} already here`;
  } catch (err) {
    status.textContent = errorText(err);
  }
}
