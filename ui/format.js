// Showing instants in the user's zone, and the vocabulary's words.

export const CHANNELS = ['slack', 'email', 'call', 'in-person', 'meeting', 'alert', 'other'];
export const URGENCIES = ['low', 'normal', 'high', 'critical'];
export const OUTCOMES = ['handled', 'delegated', 'deferred', 'declined'];

let zone = 'UTC';
export function setZone(z) { zone = z; }
export function getZone() { return zone; }

export function when(iso) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso));
}

/** `YYYY-MM-DDTHH:MM` in the user's zone, for a datetime-local input. */
export function localInputValue(iso) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

export function outcomeText(o) {
  switch (o.kind) {
    case 'delegated': return `delegated to ${o.to}`;
    case 'deferred': return o.batch ? `deferred to ${o.batch}` : 'deferred';
    default: return o.kind;
  }
}

export function duration(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m}m`;
  return m ? `${h}h${String(m).padStart(2, '0')}m` : `${h}h`;
}
