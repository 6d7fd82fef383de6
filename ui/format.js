// Showing instants in the user's zone, and the vocabulary's words.

// The vocabulary comes from the Rust types (ui/generated.js is generated, never edited).
export { CHANNELS, OUTCOMES, URGENCIES } from './generated.js';

let zone = 'UTC';
/** Formatters are costly to make (tens of KiB each): one of each per zone, made once. */
let formatters = makeFormatters(zone);

function makeFormatters(timeZone) {
  return {
    when: new Intl.DateTimeFormat('en-GB', {
      timeZone, weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit',
    }),
    parts: new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }),
  };
}

export function setZone(z) {
  if (z === zone) return;
  zone = z;
  formatters = makeFormatters(z);
}
export function getZone() { return zone; }

export function when(iso) {
  return formatters.when.format(new Date(iso));
}

/** The local date (`YYYY-MM-DD`), wall time (`HH:MM`) and minute of the day of an instant. */
export function zoneParts(iso) {
  const p = Object.fromEntries(formatters.parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  const hour = p.hour === '24' ? '00' : p.hour;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${hour}:${p.minute}`, minutes: Number(hour) * 60 + Number(p.minute) };
}

/** `YYYY-MM-DDTHH:MM` in the user's zone, for a datetime-local input. */
export function localInputValue(iso) {
  const p = zoneParts(iso);
  return `${p.date} ${p.time}`;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

/** A local date (`YYYY-MM-DD`) as `Tue, 1 Dec`. */
export function dayLabel(date) {
  return dayFormat.format(new Date(`${date}T12:00:00Z`));
}

/** `1 win`, `2 wins`: a count with its word. @param {number} n @param {string} one @param {string} [many] */
export function count(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export function outcomeText(o) {
  switch (o.kind) {
    case 'delegated': return `delegated to ${o.to}`;
    case 'deferred': return o.batch ? `deferred to ${o.batch}` : 'deferred';
    default: return o.kind;
  }
}

/**
 * Minutes as the core writes them (`45m`, `2h`, `1h05m`: quick-log syntax); tested against the
 * core's own examples (ui/tests/format.test.mjs).
 * @param {number} minutes
 */
export function duration(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m}m`;
  return m ? `${h}h${String(m).padStart(2, '0')}m` : `${h}h`;
}

/** The ISO week (`YYYY-Www`) of a local date `YYYY-MM-DD`. */
export function isoWeek(date) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3); // that week's Thursday
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4, 12));
  const week = 1 + Math.round(((d.getTime() - jan4.getTime()) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// Date and time fields are plain text in the page's own format ("14 Dec 2026", "13:00"): the
// browser's date and time inputs follow the process locale (mm/dd/yyyy, 1:00 PM) and look
// filled in when empty.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date for a date field: `2026-12-14` → `14 Dec 2026`. @param {string | null | undefined} iso */
export function dateText(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : '';
}

/**
 * Reads a typed date: `2026-12-14`, `14 Dec 2026`, `14 december 2026`, `Dec 14 2026`,
 * `14/12/2026` (day first), or `14 Dec` (this year). Empty is null.
 * @param {string} text @returns {string | null} the date as YYYY-MM-DD
 * @throws {Error} saying what is wrong, e.g. "31 Feb 2026 is not a date"
 */
export function parseDateText(text, thisYear = new Date().getFullYear()) {
  const t = text.trim().toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ');
  if (!t) return null;
  const month = (/** @type {string} */ name) => MONTHS.findIndex((m) => name.startsWith(m.toLowerCase())) + 1;
  let y = 0; let mo = 0; let d = 0;
  let m;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) [y, mo, d] = [+m[1], +m[2], +m[3]];
  else if ((m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t))) [d, mo, y] = [+m[1], +m[2], +m[3]];
  else if ((m = /^(?:[a-z]+ )?(\d{1,2}) ([a-z]{3,})(?: (\d{4}))?$/.exec(t))) [d, mo, y] = [+m[1], month(m[2]), m[3] ? +m[3] : thisYear];
  else if ((m = /^(?:[a-z]{3,} )?([a-z]{3,}) (\d{1,2})(?: (\d{4}))?$/.exec(t))) [mo, d, y] = [month(m[1]), +m[2], m[3] ? +m[3] : thisYear];
  else throw new Error(`"${text.trim()}" is not a date; write it like 14 Dec 2026 or 2026-12-14`);
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    throw new Error(`"${text.trim()}" is not a date on the calendar`);
  }
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Reads a typed time of day: `13:00`, `13.00`, `1300`, `9`, `9:30`, `1pm`, `1:30 pm`, `12am`.
 * Empty is null. @param {string} text @returns {string | null} the time as HH:MM
 * @throws {Error} saying what is wrong
 */
export function parseTimeText(text) {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (!t) return null;
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm)?$/.exec(t);
  const bad = () => new Error(`"${text.trim()}" is not a time of day; write it like 13:00`);
  if (!m) throw bad();
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (m[3]) {
    if (h < 1 || h > 12) throw bad();
    h = (h % 12) + (m[3] === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59) throw bad();
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}
