"""Independent oracle: expands an .ics file with Python's icalendar + recurring-ical-events.

Usage: expand_ics.py FILE START END   (START/END as ISO dates, UTC)
Prints a JSON list of [start_utc, end_utc, uid] for every occurrence in [START, END), sorted.
"""
import datetime as dt
import json
import sys

import icalendar
import recurring_ical_events


def utc(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise SystemExit(f"floating time {value} in export")
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    raise SystemExit(f"all-day value {value} in export")


def main():
    path, start, end = sys.argv[1:4]
    with open(path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    window = (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    events = recurring_ical_events.of(calendar).between(*window)
    out = sorted([utc(e["DTSTART"].dt), utc(e["DTEND"].dt), str(e["UID"])] for e in events)
    json.dump(out, sys.stdout)


main()
