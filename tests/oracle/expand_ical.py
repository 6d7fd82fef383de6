"""Independent oracle: expands .ics files with PyPI `ical` (a strict RFC 5545 parser).

Usage: expand_ical.py START END FILE...   (START/END as ISO dates, UTC)
Prints JSON {path: {"events": [[start_utc, end_utc, uid], ...]} or {"error": message}} for
occurrences overlapping [START, END); floating times and dates are read as UTC.
"""
import datetime as dt
import json
import sys

from ical.calendar_stream import IcsCalendarStream
from ical_time import utc


def expand(path, start, end):
    with open(path, encoding="utf-8") as f:
        calendar = IcsCalendarStream.calendar_from_ics(f.read())
    timeline = calendar.timeline_tz(dt.timezone.utc)
    out = []
    for e in timeline.overlapping(start, end):
        out.append([utc(e.dtstart), utc(e.end), e.uid or ""])
    return sorted(out)


def main():
    start, end = (
        dt.datetime.fromisoformat(d).replace(tzinfo=dt.timezone.utc) for d in sys.argv[1:3]
    )
    files = {}
    for path in sys.argv[3:]:
        try:
            files[path] = {"events": expand(path, start, end)}
        except Exception as e:  # the oracle refusing a file is a result too
            files[path] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(files, sys.stdout)


main()
