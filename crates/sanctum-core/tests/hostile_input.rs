//! Property tests over everything Sanctum reads from outside: the quick-log line, iCalendar
//! files (the real-world corpus the calendar tests use, mutated), and JSON imports. For any
//! input: no panic, bounded time, and whatever is stored keeps its invariants. Seeds are fixed
//! so CI runs the same few thousand cases every time.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestRunner};
use sanctum_core::calendar::read_ics;
use sanctum_core::{quicklog, Span, Store};

/// A generous bound that only a hang or a runaway expansion can break (debug build, loaded CI).
const HANG: Duration = Duration::from_secs(10);

fn runner(cases: u32, seed: u64) -> TestRunner {
    TestRunner::new(Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    })
}

fn now() -> DateTime<Utc> {
    "2026-11-25T10:00:00Z".parse().unwrap()
}

// ---- quick-log -------------------------------------------------------------------------

/// Words the quick-log syntax gives meaning to, and some that look like them.
const WORDS: &[&str] = &[
    "@Sam",
    "@\"Sam Lee\"",
    "@",
    "#vendor",
    "#",
    "slack",
    "email",
    "call",
    "teams",
    "15m",
    "2h",
    "1h30m",
    "1.5h",
    "-5m",
    "99999m",
    "25h",
    "0m",
    ">Priya",
    ">\"Priya K\"",
    ">",
    "~",
    "~Email",
    "~\"Vendor calls\"",
    "=no",
    "=handled",
    "=later",
    "=",
    "!",
    "!!",
    "!low",
    "!critical",
    "!!!",
    "^14:30",
    "^-20m",
    "^2026-11-24T09:00",
    "^25:00",
    "^",
    "^262142-01-01T00:00",
    "\\call",
    "\\",
    "\"",
    "outage",
    "on",
    "invoices",
    "\u{1b}[2J",
    "\t",
    "é",
    "🔥",
];

#[test]
fn any_quick_log_line_is_stored_within_its_rules_or_refused_naming_a_field() {
    let store = Store::open_in_memory().unwrap();
    let word = prop_oneof![
        proptest::sample::select(WORDS).prop_map(str::to_string),
        "[ -~]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(12).collect::<String>()),
    ];
    let line = proptest::collection::vec(word, 0..10).prop_map(|w| w.join(" "));
    runner(3000, 0x5a4c_7159)
        .run(&line, |line| {
            let started = Instant::now();
            match quicklog::parse_new(&line, now(), chrono_tz::Europe::London) {
                Ok(new) => match store.log_interruption(new, now()) {
                    Ok(saved) => {
                        let f = &saved.fields;
                        prop_assert!(f.minutes <= 1440);
                        prop_assert!(f.occurred_at <= now());
                        for text in [Some(&f.note), f.source.as_ref(), f.category.as_ref()]
                            .into_iter()
                            .flatten()
                        {
                            prop_assert!(!text.chars().any(char::is_control), "{text:?}");
                        }
                    }
                    Err(e) => prop_assert!(e.field().is_some(), "{line:?}: {e}"),
                },
                Err(e) => {
                    prop_assert!(e.field().is_some(), "{line:?}: {e}");
                    prop_assert_eq!(e.to_string().lines().count(), 1);
                }
            }
            prop_assert!(started.elapsed() < HANG);
            Ok(())
        })
        .unwrap();
    store.integrity_check().unwrap();
}

// ---- iCalendar -------------------------------------------------------------------------

/// The real-world test calendars shipped in the oracle packages (scripts/setup.sh installs
/// them); the test refuses to run on an empty corpus rather than pass on nothing.
fn corpus() -> Vec<String> {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/oracle-venv/lib");
    let mut files = Vec::new();
    for python in std::fs::read_dir(&venv)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/setup.sh test", venv.display()))
    {
        let site = python.unwrap().path().join("site-packages");
        for folder in ["icalendar/tests/calendars", "recurring_ical_events/test/calendars"] {
            let Ok(entries) = std::fs::read_dir(site.join(folder)) else { continue };
            for e in entries {
                let path = e.unwrap().path();
                if path.extension().is_some_and(|x| x == "ics") {
                    files
                        .push(String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned());
                }
            }
        }
    }
    assert!(files.len() > 150, "corpus too small: {} files", files.len());
    files.sort();
    files
}

/// Lines that stress the reader: rules the recurrence library finds hard, nesting, bad values.
const HOSTILE_LINES: &[&str] = &[
    "RRULE:FREQ=SECONDLY",
    "RRULE:FREQ=SECONDLY;INTERVAL=1;BYHOUR=9",
    "RRULE:FREQ=MINUTELY;BYMONTH=2",
    "RRULE:FREQ=SECONDLY;BYMONTH=1;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
    "RRULE:FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO",
    "RRULE:FREQ=YEARLY;BYWEEKNO=-53",
    "RRULE:FREQ=MONTHLY;BYSETPOS=0",
    "RRULE:FREQ=MONTHLY;BYSETPOS=-366;BYDAY=MO",
    "RRULE:FREQ=DAILY;INTERVAL=0",
    "RRULE:FREQ=DAILY;INTERVAL=4294967295",
    "RRULE:FREQ=MINUTELY;INTERVAL=18446744073709551615",
    "RRULE:FREQ=YEARLY;BYYEARDAY=-400",
    "RRULE:FREQ=YEARLY;BYYEARDAY=0",
    "RRULE:FREQ=YEARLY;BYMONTHDAY=31;BYMONTH=2",
    "RRULE:FREQ=YEARLY;BYMONTHDAY=-32",
    "RRULE:FREQ=WEEKLY;BYDAY=+5MO",
    "RRULE:FREQ=MONTHLY;BYDAY=-6FR",
    "RRULE:FREQ=YEARLY;BYDAY=54MO",
    "RRULE:FREQ=WEEKLY;WKST=XX;BYDAY=MO",
    "RRULE:FREQ=HOURLY;BYHOUR=24",
    "RRULE:FREQ=SECONDLY;BYSECOND=61",
    "RRULE:FREQ=WEEKLY;UNTIL=99991231T235959Z",
    "RRULE:FREQ=DAILY;COUNT=4294967296",
    "RRULE:FREQ=DAILY;UNTIL=1",
    "RRULE:FREQ=DAILY;X-NAME=1;RSCALE=GREGORIAN",
    "RRULE:",
    "RRULE:;;;=;",
    "DTSTART:19000101T000000Z",
    "DTSTART:99991231T235959Z",
    "DTSTART;TZID=Nowhere/Nothing:20261124T130000",
    "DTSTART;VALUE=DATE:00000000",
    "DTEND:20261124T120000Z",
    "DURATION:P99999999W",
    "DURATION:-PT1H",
    "EXDATE:20261124T130000Z,garbage",
    "RDATE;VALUE=PERIOD:20261124T130000Z/P1000000D",
    "RECURRENCE-ID;RANGE=THISANDFUTURE:19700101T000000Z",
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VCALENDAR",
    "END:VCALENDAR",
    "BEGIN:VTIMEZONE",
    "TZOFFSETFROM:+9999",
    "SEQUENCE:99999999999999999999",
    "UID:",
    " folded continuation",
    "\u{0}\u{1b}[31m",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Cut the text at this fraction of its length.
    Truncate(f64),
    /// Remove a run of lines.
    DropLines(f64, usize),
    /// Insert a hostile line at a fraction of the lines.
    Insert(f64, &'static str),
    /// Repeat a run of lines.
    Repeat(f64, usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Mutation::Truncate),
        (0.0..1.0f64, 1usize..20).prop_map(|(a, n)| Mutation::DropLines(a, n)),
        (0.0..1.0f64, proptest::sample::select(HOSTILE_LINES))
            .prop_map(|(a, l)| Mutation::Insert(a, l)),
        (0.0..1.0f64, 1usize..8, 2usize..50).prop_map(|(a, n, k)| Mutation::Repeat(a, n, k)),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for m in mutations {
        let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
        match m {
            Mutation::Truncate(f) => {
                let joined = lines.join("\n");
                let mut cut = at(*f, joined.len());
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].lines().map(str::to_string).collect();
            }
            Mutation::DropLines(f, n) => {
                let i = at(*f, lines.len());
                let end = (i + n).min(lines.len());
                lines.drain(i..end);
            }
            Mutation::Insert(f, line) => {
                let i = at(*f, lines.len());
                lines.insert(i, line.to_string());
            }
            Mutation::Repeat(f, n, k) => {
                let i = at(*f, lines.len());
                let end = (i + n).min(lines.len());
                let run: Vec<String> = lines[i..end].to_vec();
                for _ in 0..*k {
                    lines.splice(i..i, run.iter().cloned());
                }
            }
        }
    }
    lines.join("\r\n")
}

#[test]
fn mutated_real_world_calendars_are_read_or_refused_in_bounded_time() {
    let files = corpus();
    let window = Span {
        start: Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap(),
    };
    let case = (0..files.len(), proptest::collection::vec(mutation(), 1..5));
    runner(2500, 0x1ca1_e4da)
        .run(&case, |(i, mutations)| {
            let text = apply(&files[i], &mutations);
            let started = Instant::now();
            match read_ics(&text, window, chrono_tz::Europe::London) {
                Ok(read) => {
                    prop_assert!(
                        read.events.len() <= sanctum_core::calendar::read::MAX_OCCURRENCES
                    );
                    for e in &read.events {
                        prop_assert!(e.start <= e.end || e.all_day, "{e:?}");
                    }
                }
                Err(e) => {
                    prop_assert_eq!(e.field(), Some("calendar"), "{}", e);
                    prop_assert_eq!(e.to_string().lines().count(), 1);
                }
            }
            prop_assert!(started.elapsed() < HANG, "file {} took {:?}", i, started.elapsed());
            Ok(())
        })
        .unwrap();
}

/// One event with `extra` lines, in a calendar.
fn one_event(extra: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Hostile\r\n{extra}\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n"
    )
}

#[test]
fn any_rule_on_any_start_is_read_or_named_in_bounded_time() {
    let part = prop_oneof![
        proptest::sample::select(
            &[
                "FREQ=SECONDLY",
                "FREQ=MINUTELY",
                "FREQ=HOURLY",
                "FREQ=DAILY",
                "FREQ=WEEKLY",
                "FREQ=MONTHLY",
                "FREQ=YEARLY",
                "FREQ=FOO",
            ][..]
        )
        .prop_map(str::to_string),
        (
            proptest::sample::select(
                &[
                    "INTERVAL",
                    "COUNT",
                    "BYSECOND",
                    "BYMINUTE",
                    "BYHOUR",
                    "BYMONTHDAY",
                    "BYYEARDAY",
                    "BYWEEKNO",
                    "BYMONTH",
                    "BYSETPOS",
                ][..]
            ),
            -400i64..400
        )
            .prop_map(|(k, v)| format!("{k}={v}")),
        (
            proptest::sample::select(&["BYDAY", "WKST"][..]),
            proptest::sample::select(&["MO", "-1FR", "+53TU", "0SU", "XX", "5MO,TU", ""][..])
        )
            .prop_map(|(k, v)| format!("{k}={v}")),
        "UNTIL=[0-9]{8}(T[0-9]{6}Z?)?",
    ];
    let rule = proptest::collection::vec(part, 1..6).prop_map(|p| p.join(";"));
    let year = 1900i32..2100;
    let window = Span {
        start: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2027, 5, 1, 0, 0, 0).unwrap(),
    };
    runner(1500, 0x7a_11ed)
        .run(&(rule, year), |(rule, year)| {
            let text =
                one_event(&format!("DTSTART:{year}0105T090000Z\r\nDURATION:PT1M\r\nRRULE:{rule}"));
            let started = Instant::now();
            let read = read_ics(&text, window, chrono_tz::UTC);
            prop_assert!(started.elapsed() < HANG, "{rule} from {year}: {:?}", started.elapsed());
            let read = read.map_err(|e| TestCaseError::fail(format!("{rule}: {e}")))?;
            prop_assert!(
                read.events.len() <= usize::from(sanctum_core::calendar::read::MAX_PER_EVENT) + 1
            );
            Ok(())
        })
        .unwrap();
}

// ---- import ----------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Edit {
    /// Replace one value with another JSON value.
    Value(usize, usize, usize, serde_json::Value),
    /// Rename a column.
    Column(usize, usize, String),
    /// Duplicate a row.
    Row(usize, usize),
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-10i64..2_000_000_000).prop_map(serde_json::Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(serde_json::Value::from),
        ".{0,20}".prop_map(serde_json::Value::from),
        proptest::sample::select(
            &[
                "2026-W48",
                "262142-W52",
                "13:00",
                "25:99",
                "Europe/London",
                "Mars/Base",
                "2026-11-24",
                "2026-02-30",
                "weekly",
                "kept",
                "delegated",
                "slack",
                "on",
                "\u{1b}",
            ][..]
        )
        .prop_map(serde_json::Value::from),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0usize..20, 0usize..20, 0usize..20, json_value())
            .prop_map(|(t, r, c, v)| Edit::Value(t, r, c, v)),
        1 => (0usize..20, 0usize..20, "[a-z_]{1,12}|.{1,30}")
            .prop_map(|(t, c, n)| Edit::Column(t, c, n)),
        1 => (0usize..20, 0usize..20).prop_map(|(t, r)| Edit::Row(t, r)),
    ]
}

/// A database with a row in most tables, exported: the import's starting point.
fn a_real_export() -> serde_json::Value {
    let store = Store::open_in_memory().unwrap();
    for line in ["@Sam slack 15m >Priya invoices", "@Ana call 5m ~Email later", "#ops 1h =no"] {
        store
            .log_interruption(quicklog::parse_new(line, now(), chrono_tz::UTC).unwrap(), now())
            .unwrap();
    }
    sanctum_core::fixtures::review_week(&store);
    store.defer_to_batch(2, None, now()).unwrap();
    store.save_review_note("2026-W48".parse().unwrap(), "Batch vendor calls", now()).unwrap();
    let calendar = sanctum_core::calendar::NewCalendar {
        name: "Team".into(),
        kind: sanctum_core::calendar::CalendarKind::Url,
        location: "https://example.com/team.ics".into(),
        username: None,
        read_busy: true,
        publish: false,
    };
    store.add_calendar(calendar, &[], now()).unwrap();
    serde_json::to_value(store.export(now()).unwrap()).unwrap()
}

#[test]
fn any_tampered_import_is_refused_or_leaves_a_database_the_app_can_read() {
    let base = a_real_export();
    let edits = proptest::collection::vec(edit(), 1..4);
    runner(1500, 0x1a9_0e7)
        .run(&edits, |edits| {
            let mut v = base.clone();
            for e in &edits {
                let tables = v["tables"].as_array_mut().unwrap();
                let n = tables.len();
                match e {
                    Edit::Value(t, r, c, value) => {
                        let rows = tables[t % n]["rows"].as_array_mut().unwrap();
                        if !rows.is_empty() {
                            let k = rows.len();
                            let row = rows[r % k].as_array_mut().unwrap();
                            let m = row.len();
                            row[c % m] = value.clone();
                        }
                    }
                    Edit::Column(t, c, name) => {
                        let cols = tables[t % n]["columns"].as_array_mut().unwrap();
                        let m = cols.len();
                        cols[c % m] = name.clone().into();
                    }
                    Edit::Row(t, r) => {
                        let rows = tables[t % n]["rows"].as_array_mut().unwrap();
                        if !rows.is_empty() {
                            let k = rows.len();
                            let copy = rows[r % k].clone();
                            rows.push(copy);
                        }
                    }
                }
            }
            let Ok(data) = serde_json::from_value::<sanctum_core::store::Export>(v) else {
                return Ok(());
            };
            let store = Store::open_in_memory().unwrap();
            match store.import(&data) {
                Ok(_) => {
                    // Everything stored must read back through the app's own paths.
                    store.integrity_check().map_err(|e| TestCaseError::fail(e.to_string()))?;
                    let all = store.list_interruptions(&Default::default());
                    prop_assert!(all.is_ok(), "{:?}", all.err());
                    for i in all.unwrap() {
                        prop_assert!(i.fields.minutes <= 1440);
                        prop_assert!(!i.fields.note.chars().any(char::is_control));
                        prop_assert!(i.id <= sanctum_core::store::MAX_ID);
                    }
                    prop_assert!(store.blocks().is_ok());
                    prop_assert!(store.settings().is_ok());
                    prop_assert!(store.calendars().is_ok());
                    let week = "2026-W48".parse().unwrap();
                    let review = store.week_review(week, now());
                    prop_assert!(review.is_ok(), "{:?}", review.err());
                    prop_assert!(store.export(now()).is_ok());
                }
                Err(e) => {
                    prop_assert_eq!(e.to_string().lines().count(), 1, "{}", e);
                    prop_assert!(e.field().is_some(), "{}", e);
                    prop_assert_eq!(store.count_interruptions().unwrap(), 0, "refused but wrote");
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn fine_rules_from_long_ago_show_their_occurrences_in_the_weeks_read() {
    let window = Span {
        start: Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2027, 1, 11, 0, 0, 0).unwrap(),
    };
    let read = |start: &str, rule: &str| {
        let text = one_event(&format!("DTSTART:{start}\r\nDURATION:PT30M\r\nRRULE:{rule}"));
        let started = Instant::now();
        let read = read_ics(&text, window, chrono_tz::UTC).unwrap();
        assert!(started.elapsed() < HANG, "{rule}: {:?}", started.elapsed());
        read
    };
    // Filtered to a few times a day: every one of them, from a DTSTART in 1970 (6 Mondays,
    // 5 Tuesdays in December).
    let mondays = read("19700105T090000Z", "FREQ=SECONDLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0");
    assert_eq!(mondays.events.len(), 6, "{:?}", mondays.problems);
    assert!(mondays
        .events
        .iter()
        .all(|e| e.start.format("%a %H:%M:%S").to_string() == "Mon 09:00:00"));
    let tuesdays =
        read("19700106T130000Z", "FREQ=MINUTELY;BYMONTH=12;BYDAY=TU;BYHOUR=13;BYMINUTE=0");
    assert_eq!(tuesdays.events.len(), 5, "{:?}", tuesdays.problems);
    // Every second since 1970: what is shown lies in the weeks read, and the cut says until when.
    let seconds = read("19700101T000000Z", "FREQ=SECONDLY");
    assert!(seconds.events.len() > 5_000, "{}", seconds.events.len());
    assert!(seconds.events.iter().all(|e| e.end > window.start && e.start < window.end));
    let cut = seconds.problems.iter().find(|p| p.contains("it is shown only until 2026-11-30"));
    assert!(cut.is_some(), "{:?}", seconds.problems);
}

#[test]
fn rules_that_never_match_or_match_every_second_are_bounded() {
    let window = Span {
        start: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2027, 5, 1, 0, 0, 0).unwrap(),
    };
    for (start, rule) in [
        ("19700101T000000Z", "FREQ=SECONDLY"),
        ("19000101T000000Z", "FREQ=MINUTELY"),
        ("19700101T000000Z", "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30"),
        ("19700101T000000Z", "FREQ=SECONDLY;BYMONTH=1;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0"),
        ("19700101T000000Z", "FREQ=MINUTELY;BYYEARDAY=366"),
        ("19700101T000000Z", "FREQ=HOURLY;INTERVAL=7;BYDAY=SU;BYMONTHDAY=13"),
        ("20261101T000000Z", "FREQ=SECONDLY;COUNT=1000000"),
        ("19700101T000000Z", "FREQ=SECONDLY;COUNT=2000000000"),
        ("19700101T000000Z", "FREQ=DAILY;BYSETPOS=1;BYHOUR=1,2,3"),
        ("19700101T000000Z", "FREQ=SECONDLY;COUNT=2000000000;BYHOUR=9"),
        ("19000101T000000Z", "FREQ=MONTHLY;COUNT=100000;BYDAY=MO,TU,WE,TH,FR"),
    ] {
        let text = one_event(&format!("DTSTART:{start}\r\nDURATION:PT1S\r\nRRULE:{rule}"));
        let started = Instant::now();
        let read = read_ics(&text, window, chrono_tz::UTC).unwrap();
        assert!(started.elapsed() < HANG, "{rule}: {:?}", started.elapsed());
        assert!(read.events.len() <= usize::from(sanctum_core::calendar::read::MAX_PER_EVENT) + 1);
        if read.events.len() > 1000 {
            assert!(
                read.problems.iter().any(|p| p.contains("it is shown only until")),
                "{rule}: a cut list is named: {:?}",
                read.problems
            );
        }
    }
}
