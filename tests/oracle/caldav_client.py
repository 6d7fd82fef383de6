"""Independent CalDAV client for the tests (Python `caldav`), used to set up a Radicale server and
to read back what Sanctum published, without any of Sanctum's code.

Usage:
  caldav_client.py mkcalendar BASE USER PASSWORD CAL_ID   creates BASE/USER/CAL_ID/
  caldav_client.py add CALENDAR_URL USER PASSWORD FILE     stores the event in FILE
  caldav_client.py dump CALENDAR_URL USER PASSWORD         prints the events as JSON
  caldav_client.py delete CALENDAR_URL USER PASSWORD UID   deletes the event with that UID
  caldav_client.py edit CALENDAR_URL USER PASSWORD UID summary TEXT   retitles the series
  caldav_client.py edit CALENDAR_URL USER PASSWORD UID move MINUTES   moves the series
  caldav_client.py edit CALENDAR_URL USER PASSWORD UID cancel-first   cancels its first occurrence
    (edits are made as a colleague's calendar app makes them: read, change, save in place)
"""
import datetime as dt
import json
import sys

import caldav
import icalendar


def main():
    command, url, user, password = sys.argv[1:5]
    client = caldav.DAVClient(url=url, username=user, password=password)
    if command == "mkcalendar":
        client.principal().make_calendar(name=sys.argv[5], cal_id=sys.argv[5])
    elif command == "add":
        with open(sys.argv[5], encoding="utf-8") as f:
            client.calendar(url=url).save_event(f.read())
    elif command == "delete":
        client.calendar(url=url).event_by_uid(sys.argv[5]).delete()
    elif command == "edit":
        uid, what = sys.argv[5], sys.argv[6]
        event = client.calendar(url=url).event_by_uid(uid)
        cal = icalendar.Calendar.from_ical(event.data)
        master = next(e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e)
        if what == "summary":
            master["SUMMARY"] = sys.argv[7]
        elif what == "move":
            shift = dt.timedelta(minutes=int(sys.argv[7]))
            for name in ("DTSTART", "DTEND"):
                value = master[name].dt + shift
                del master[name]
                master.add(name, value)
        elif what == "cancel-first":
            master.add("EXDATE", master["DTSTART"].dt)
        else:
            raise SystemExit(f"unknown edit {what}")
        event.data = cal.to_ical().decode()
        event.save()
    elif command == "dump":
        out = []
        for resource in client.calendar(url=url).events():
            cal = icalendar.Calendar.from_ical(resource.data)
            for e in cal.walk("VEVENT"):
                rrule = e.get("RRULE")
                out.append({
                    "href": str(resource.url),
                    "uid": str(e.get("UID")),
                    "summary": str(e.get("SUMMARY", "")),
                    "description": str(e.get("DESCRIPTION", "")),
                    "start": e["DTSTART"].dt.isoformat(),
                    "tzid": e["DTSTART"].params.get("TZID", ""),
                    "rrule": rrule.to_ical().decode() if rrule else "",
                    "transp": str(e.get("TRANSP", "")),
                    "recurrence_id": e["RECURRENCE-ID"].dt.isoformat() if "RECURRENCE-ID" in e else "",
                })
        json.dump(sorted(out, key=lambda e: (e["uid"], e["recurrence_id"])), sys.stdout)
    else:
        raise SystemExit(f"unknown command {command}")


main()
