// Settings → Calendars: add (file, subscription, CalDAV), list with state, refresh, rename,
// busy/publish switches, new password, remove; publish now.

import { api, errorText } from './api.js';
import { $, el, fill, confirmDialog, passwordDialog } from './dom.js';
import { count, zoneParts } from './format.js';

export function initCalendars() {
  const kind = $('cal-kind');
  const showKind = () => {
    $('calendar-form').querySelector('.caldav-only').hidden = kind.value !== 'caldav';
  };
  kind.addEventListener('change', showKind);
  showKind();
  $('calendar-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = $('calendar-form').elements;
    const caldav = f.kind.value === 'caldav';
    const calendar = {
      name: f.name.value,
      kind: f.kind.value,
      location: f.location.value,
      username: caldav ? f.username.value : null,
      read_busy: f.read_busy.checked,
      publish: caldav && f.publish.checked,
    };
    $('cal-error').textContent = '';
    $('calendars-status').textContent = 'Reading the calendar…';
    $('cal-add').disabled = true;
    try {
      const r = await api.addCalendar(calendar, caldav ? f.password.value : null);
      $('calendars-status').textContent = readText('Added', r.calendar.name, r.events, r.problems);
      $('calendar-form').reset();
      showKind();
    } catch (err) {
      $('calendars-status').textContent = '';
      $('cal-error').textContent = errorText(err);
      if (err?.field) $('calendar-form').elements[err.field]?.setAttribute('aria-invalid', 'true');
    } finally {
      f.password.value = '';
      $('cal-add').disabled = false;
    }
  });
  $('calendars-refresh').addEventListener('click', () => refreshCalendars(null));
  $('calendars-publish').addEventListener('click', async () => {
    $('calendars-status').textContent = 'Publishing…';
    try {
      const reports = await api.publishNow();
      $('calendars-status').textContent = reports.length
        ? reports.map((r) => `Published to ${r.calendar}: ${r.sent} sent, ${r.deleted} deleted, ${r.unchanged} unchanged`
          + r.restored.map((x) => `; put Sanctum's version back: ${x}`).join('')).join('. ')
        : 'No calendar to publish to: add a CalDAV calendar with "Publish my focus blocks here".';
    } catch (err) {
      $('calendars-status').textContent = errorText(err);
    }
  });
}

function readText(verb, name, events, problems) {
  const skipped = problems.length ? ` (${count(problems.length, 'event')} could not be read: ${problems[0]})` : '';
  return `${verb} ${name}: ${count(events, 'event')} in the next weeks${skipped}`;
}

/** @param {number | null} id */
async function refreshCalendars(id) {
  $('calendars-status').textContent = 'Refreshing…';
  try {
    const outcomes = await api.refreshCalendars(id);
    $('calendars-status').textContent = outcomes.length
      ? outcomes.map((o) => (o.error ? `${o.name}: ${o.error}` : readText('Read', o.name, o.events, o.problems))).join('. ')
      : 'No calendars yet.';
  } catch (err) {
    $('calendars-status').textContent = errorText(err);
  }
}

export async function refreshCalendarList() {
  let list;
  try {
    list = await api.calendars();
  } catch (err) {
    $('calendars-status').textContent = errorText(err);
    return;
  }
  fill($('calendar-list'), ...(list.length ? list.map(calendarItem) : [el('li', { class: 'empty' }, 'No calendars yet: add one below.')]));
}

function calendarItem(c) {
  const read = c.refreshed_at ? `read ${zoneParts(c.refreshed_at).date} ${zoneParts(c.refreshed_at).time}` : 'never read';
  const kinds = { file: 'file', url: 'subscription', caldav: 'CalDAV' };
  const error = el('span', { class: 'form-error', role: 'alert' });
  const name = el('input', { value: c.name, 'aria-label': `Name of ${c.name}`, name: 'name' });
  const busy = el('input', { type: 'checkbox', checked: c.read_busy, name: 'busy' });
  const publish = c.kind === 'caldav' ? el('input', { type: 'checkbox', checked: c.publish, name: 'publish' }) : null;
  const save = async () => {
    try {
      await api.updateCalendar(c.id, { name: name.value, read_busy: busy.checked, publish: publish ? publish.checked : false });
    } catch (err) { error.textContent = errorText(err); }
  };
  // The outcome goes to the section's status line: the list may be redrawn meanwhile (a
  // publish or refresh in the background), which would take a message inside it away.
  const password = async () => {
    const value = await passwordDialog(`New password for ${c.username} at ${c.location}`);
    if (!value) return;
    const status = $('calendars-status');
    status.textContent = `Checking the password for ${c.name}…`;
    try {
      await api.setCalendarPassword(c.id, value);
      status.textContent = `Password saved for ${c.name}.`;
    } catch (err) {
      status.textContent = `${c.name}: ${errorText(err)}`;
    }
  };
  const remove = async () => {
    if (!(await confirmDialog(`Remove the calendar "${c.name}" and its saved events and password? Events already published stay on the server.`, 'Remove'))) return;
    try { await api.removeCalendar(c.id); } catch (err) { error.textContent = errorText(err); }
  };
  return el('li', { 'data-calendar': String(c.id) },
    el('div', {}, el('strong', {}, c.name), ` · ${kinds[c.kind]} · `, el('span', { class: 'location' }, c.location),
      c.username ? ` as ${c.username}` : ''),
    el('div', {}, `${count(c.event_count, 'event')} cached, ${read}`, c.read_busy ? ' · busy time' : '', c.publish ? ' · focus blocks published here' : ''),
    c.last_error ? el('div', { class: 'error' }, `${c.last_error.startsWith('the last publish put') ? 'Note' : 'Last problem'}: ${c.last_error}`) : null,
    el('div', { class: 'actions' },
      name,
      el('label', {}, busy, ' busy time'),
      publish ? el('label', {}, publish, ' publish here') : null,
      el('button', { type: 'button', class: 'save', onclick: save }, 'Save'),
      el('button', { type: 'button', class: 'refresh', onclick: () => refreshCalendars(c.id) }, 'Refresh'),
      c.kind === 'caldav' ? el('button', { type: 'button', class: 'password', onclick: password }, 'New password') : null,
      el('button', { type: 'button', class: 'delete', onclick: remove }, 'Remove')),
    error);
}
