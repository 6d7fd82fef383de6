// The settings screen: time zone and the quick-log shortcut.

import { api, errorText } from './api.js';
import { $, el } from './dom.js';
import { setZone } from './format.js';

export function initSettings({ onZoneChanged }) {
  $('settings-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = e.submitter?.dataset.key;
    if (!key) return;
    const input = $(`set-${key}`);
    try {
      const settings = await api.setSetting(key, input.value);
      input.removeAttribute('aria-invalid');
      $('settings-status').textContent = `Saved ${key}: ${settings[key]}`;
      fill(settings);
      if (key === 'timezone') { setZone(settings.timezone); onZoneChanged(); }
      if (key === 'shortcut') hideShortcutProblem();
    } catch (err) {
      input.setAttribute('aria-invalid', 'true');
      $('settings-status').textContent = errorText(err);
    }
  });
  api.timeZones().then((zones) => {
    $('zones').replaceChildren(...zones.map((z) => el('option', { value: z })));
  }).catch(() => {});
}

export function fill(settings) {
  $('set-timezone').value = settings.timezone;
  $('set-shortcut').value = settings.shortcut;
}

function hideShortcutProblem() {
  const banner = $('banner');
  if (banner.dataset.kind === 'shortcut') banner.hidden = true;
}
