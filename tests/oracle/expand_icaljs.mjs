// Independent oracle: expands .ics files with npm `ical.js` (Mozilla's, used by Thunderbird),
// which reads times in the VTIMEZONEs the file carries.
//
// Usage: node expand_icaljs.mjs START END FILE...   (START/END as ISO dates, UTC)
// Prints JSON {path: {"events": [[start_utc, end_utc, uid], ...]} or {"error": message}} for
// occurrences overlapping [START, END); floating times and dates are read as UTC. At most
// 1,000,000 steps of one rule are walked (a bound, not a result: a test comparing must not hit it).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [start, end, ...paths] = process.argv.slice(2);
const from = Date.parse(`${start}T00:00:00Z`);
const to = Date.parse(`${end}T00:00:00Z`);
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const unix = (time) => time.toUnixTime() * 1000;

function expand(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const calendars = root.name === "vcalendar" ? [root] : root.getAllSubcomponents("vcalendar");
  const out = [];
  for (const calendar of calendars) {
    for (const zone of calendar.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.register(zone);
    }
    const events = calendar.getAllSubcomponents("vevent");
    const exceptions = events.filter((e) => e.hasProperty("recurrence-id"));
    for (const component of events.filter((e) => !e.hasProperty("recurrence-id"))) {
      // Given its own exceptions (by UID): without them ical.js relates every exception in the
      // calendar to every event.
      const uid = component.getFirstPropertyValue("uid") || "";
      const own = exceptions.filter((x) => (x.getFirstPropertyValue("uid") || "") === uid);
      const event = new ICAL.Event(component, { strictExceptions: true, exceptions: own });
      if (event.status === "CANCELLED") continue;
      if (!event.isRecurring()) {
        const s = unix(event.startDate);
        const e = unix(event.endDate);
        if (s < to && (e > from || (e === s && s >= from))) out.push([iso(s), iso(e), uid]);
        continue;
      }
      const it = event.iterator();
      for (let steps = 0, next; (next = it.next()); steps++) {
        if (steps > 1_000_000) throw new Error(`${uid}: more than 1,000,000 steps`);
        const details = event.getOccurrenceDetails(next);
        const s = unix(details.startDate);
        const e = unix(details.endDate);
        if (s >= to && unix(next) >= to) break;
        if (details.item.component.getFirstPropertyValue("status") === "CANCELLED") continue;
        if (s < to && (e > from || (e === s && s >= from))) out.push([iso(s), iso(e), uid]);
      }
    }
    for (const zone of calendar.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.remove(zone.getFirstPropertyValue("tzid"));
    }
  }
  return out.sort();
}

const files = {};
for (const path of paths) {
  try {
    files[path] = { events: expand(path) };
  } catch (e) {
    files[path] = { error: String(e && e.message ? e.message : e) };
  }
}
process.stdout.write(JSON.stringify(files));
