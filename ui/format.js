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
  return `${p.date}T${p.time}`;
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
