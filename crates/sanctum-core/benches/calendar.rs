//! Calendar benchmark: reading a huge calendar (20,000 single meetings over a year and 2,000
//! weekly series, in a VTIMEZONE zone and with exceptions), caching its next 26 weeks, computing
//! suggestions for four weeks on top of that cache, and the clashes of a week.
//!
//! Run: `cargo bench -p sanctum-core --bench calendar`. Prints p50/p99/max per operation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{figures, time};

use std::fmt::Write as _;

use chrono::{DateTime, Duration as Days, Utc};
use sanctum_core::calendar::sync::refresh_window;
use sanctum_core::calendar::{read_ics, CalendarKind, NewCalendar};
use sanctum_core::time::IsoWeek;
use sanctum_core::Store;

fn huge_calendar(now: DateTime<Utc>) -> String {
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Bench//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Office\r\n\
         BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n\
         RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n\
         DTSTART:19700329T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\n\
         RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n",
    );
    let start = now - Days::days(180);
    for i in 0..20_000i64 {
        let t = start + Days::minutes(i * 26 + 9 * 60);
        let stamp = t.format("%Y%m%dT%H%M%S");
        write!(
            out,
            "BEGIN:VEVENT\r\nUID:single-{i}\r\nSUMMARY:Meeting {i}\r\nDTSTART;TZID=Office:{stamp}\r\n\
             DURATION:PT25M\r\nEND:VEVENT\r\n"
        )
        .unwrap();
    }
    let days = ["MO", "TU", "WE", "TH", "FR"];
    for i in 0..2_000i64 {
        let t = (start + Days::days(i % 60)).format("%Y%m%dT1000%S");
        let ex = (start + Days::days(i % 60 + 7)).format("%Y%m%dT1000%S");
        write!(
            out,
            "BEGIN:VEVENT\r\nUID:series-{i}\r\nSUMMARY:Weekly {i}\r\nDTSTART;TZID=Office:{t}\r\n\
             DURATION:PT30M\r\nRRULE:FREQ=WEEKLY;BYDAY={}\r\nEXDATE;TZID=Office:{ex}\r\nEND:VEVENT\r\n",
            days[(i % 5) as usize]
        )
        .unwrap();
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn main() {
    let now: DateTime<Utc> = "2026-11-25T15:00:00Z".parse().unwrap();
    let text = huge_calendar(now);
    let window = refresh_window(now);
    let zone = chrono_tz::Europe::London;
    println!("calendar text: {:.1} MiB", text.len() as f64 / 1024.0 / 1024.0);
    let read = read_ics(&text, window, zone).unwrap();
    println!("occurrences in the 28-week window: {}", read.events.len());
    figures(
        "read + expand the huge calendar (28 weeks)",
        time(5, |_| read_ics(&text, window, zone).unwrap()),
    );

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    store.set_setting("timezone", "Europe/London").unwrap();
    let cal = store
        .add_calendar(
            NewCalendar {
                name: "Huge".into(),
                kind: CalendarKind::Url,
                location: "https://example.com/huge.ics".into(),
                username: None,
                read_busy: true,
                publish: false,
            },
            &[],
            now,
        )
        .unwrap();
    figures(
        "replace the cache (one transaction)",
        time(5, |_| store.replace_calendar_events(cal.id, &read.events, now).unwrap()),
    );
    figures(
        "suggestions for 4 weeks over the cache",
        time(20, |_| store.suggestions(now, 4).unwrap()),
    );
    let week = IsoWeek::containing(now, zone).span(zone);
    figures("a week's cached events (planner)", time(50, |_| store.calendar_events(week).unwrap()));
    figures("a week's clashes", time(50, |_| store.clashes(week).unwrap()));
}
