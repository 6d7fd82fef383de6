"""Independent oracle for calendar reading: Python icalendar + recurring-ical-events.

Usage: expand_corpus.py START END [FILE...]
Reads every .ics test calendar shipped inside the installed `icalendar` and
`recurring-ical-events` packages (nobody on the Sanctum team wrote them), or the FILEs given,
and prints JSON:
{"files": {path: {"events": [[start_utc, end_utc, uid, busy], ...]} or {"error": message}}}
for occurrences overlapping [START, END) (ISO dates, UTC). Floating times and all-day dates are
read as UTC, as the Rust side is told to do; cancelled events are left out on both sides.
"""
import datetime as dt
import glob
import json
import os
import sys

import icalendar
import recurring_ical_events
from ical_time import utc


def corpus():
    folders = [
        os.path.join(os.path.dirname(icalendar.__file__), "tests", "calendars"),
        os.path.join(os.path.dirname(recurring_ical_events.__file__), "test", "calendars"),
    ]
    for folder in folders:
        files = sorted(glob.glob(os.path.join(folder, "*.ics")))
        if not files:
            raise SystemExit(f"no test calendars in {folder}")
        yield from files


def expand(path, window):
    with open(path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    out = []
    for e in recurring_ical_events.of(calendar).between(*window):
        if e.name != "VEVENT" or str(e.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = e["DTSTART"].dt
        if "DTEND" in e:
            end = e["DTEND"].dt
        elif "DURATION" in e:
            end = start + e["DURATION"].dt
        elif isinstance(start, dt.datetime):
            end = start  # RFC 5545: no end, no duration: the event takes no time
        else:
            end = start + dt.timedelta(days=1)  # ... or, for a date, the whole day
        busy = str(e.get("TRANSP", "OPAQUE")).upper() != "TRANSPARENT"
        out.append([utc(start), utc(end), str(e.get("UID", "")), busy])
    return sorted(out)


def main():
    start, end = sys.argv[1:3]
    window = (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    files = {}
    for path in sys.argv[3:] or corpus():
        try:
            files[path] = {"events": expand(path, window)}
        except Exception as e:  # the oracle refusing a file is a result too
            files[path] = {"error": f"{type(e).__name__}: {e}"}
    json.dump({"files": files}, sys.stdout)


main()
