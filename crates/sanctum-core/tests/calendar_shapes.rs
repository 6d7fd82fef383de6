//! Calendars shaped like the ones real servers and apps write (Exchange 2010 with escaped zone
//! names, a file that redefines a tz-database name, Google and Evolution rules with parts outside
//! RFC 5545, RFC 7529's RSCALE, filtered per-second and per-minute rules, two events sharing a
//! UID), each read by Sanctum and by independent readers: npm `ical.js` (Mozilla's), PyPI `ical`
//! (strict) and recurring-ical-events. For each file the readers that accept it must agree with
//! Sanctum occurrence for occurrence; where a reader is left out, the list says why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use sanctum_core::calendar::read_ics;
use sanctum_core::Span;
use serde_json::Value;

type Occurrences = Vec<(String, String, String)>;

const EXCHANGE: &str = "BEGIN:VCALENDAR\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n\
BEGIN:VTIMEZONE\r\nTZID:(UTC+01:00) Amsterdam\\, Berlin\\, Bern\\, Rome\\, Stockholm\\, Vienna\r\n\
BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n\
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E0080000000010\r\nSUMMARY;LANGUAGE=de-DE:Jour fixe\r\n\
DTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20270105T100000\r\n\
DTEND;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20270105T110000\r\n\
RRULE:FREQ=WEEKLY;COUNT=20;INTERVAL=1;BYDAY=TU;WKST=MO\r\nDTSTAMP:20261201T100000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E0080000000011\r\nSUMMARY:Budget\r\n\
DTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20270402T143000\r\n\
DTEND;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20270402T153000\r\n\
DTSTAMP:20261201T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const EST_WITH_DAYLIGHT: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Lotus Development Corporation//NONSGML Notes 9.0//EN\r\nVERSION:2.0\r\n\
BEGIN:VTIMEZONE\r\nTZID:EST\r\n\
BEGIN:STANDARD\r\nDTSTART:20071104T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n\
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:20070311T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:notes-1\r\nSUMMARY:Quarterly review\r\nDTSTAMP:20261201T100000Z\r\n\
DTSTART;TZID=EST:20270108T100000\r\nDTEND;TZID=EST:20270108T110000\r\n\
RRULE:FREQ=MONTHLY;BYDAY=2FR;COUNT=6\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const EXTENDED_RULES: &str =
    "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:evolution-1\r\nSUMMARY:Evolution's own end date\r\nDTSTAMP:20261201T100000Z\r\n\
DTSTART:20261130T090000Z\r\nDTEND:20261130T093000Z\r\n\
RRULE:FREQ=WEEKLY;BYDAY=MO,WE;X-EVOLUTION-ENDDATE=20270301T093000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:rscale-1\r\nSUMMARY:Month end\r\nDTSTAMP:20261201T100000Z\r\n\
DTSTART:20261231T160000Z\r\nDTEND:20261231T170000Z\r\n\
RRULE:RSCALE=GREGORIAN;FREQ=MONTHLY;BYMONTHDAY=31;SKIP=OMIT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const JUNK_TOKEN: &str =
    "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:google-junk\r\nSUMMARY:Ops sync\r\nDTSTAMP:20261201T100000Z\r\n\
DTSTART:20261201T150000Z\r\nDTEND:20261201T153000Z\r\n\
RRULE:FREQ=WEEKLY;WKST=SU;BYDAY=TU,TH;X\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const FINE_RULES: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Test//Fine rules//EN\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:per-second\r\nDTSTAMP:20261201T100000Z\r\nDTSTART:20261102T090000Z\r\nDURATION:PT30M\r\n\
RRULE:FREQ=SECONDLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:per-minute\r\nDTSTAMP:20261201T100000Z\r\nDTSTART:20261103T130000Z\r\nDURATION:PT1H\r\n\
RRULE:FREQ=MINUTELY;BYMONTH=12,1;BYDAY=TU;BYHOUR=13;BYMINUTE=0,30\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:hourly\r\nDTSTAMP:20261201T100000Z\r\nDTSTART:20261204T080000Z\r\nDURATION:PT15M\r\n\
RRULE:FREQ=HOURLY;BYHOUR=8,12,16;BYDAY=FR;COUNT=30\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const SHARED_UID: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Test//Merged by hand//EN\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:sanctum-block-1@sanctum.local\r\nSUMMARY:Focus (Ana)\r\nDTSTAMP:20261201T100000Z\r\n\
DTSTART:20261208T130000Z\r\nDTEND:20261208T160000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:sanctum-block-1@sanctum.local\r\nSUMMARY:Focus (Ben)\r\nDTSTAMP:20261201T100000Z\r\n\
DTSTART:20261210T090000Z\r\nDTEND:20261210T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// (file name, text, readers that must agree, the problem Sanctum must name if any).
const SHAPES: &[(&str, &str, &[&str], Option<&str>)] = &[
    // recurring-ical-events reads it too; all three agree.
    ("exchange-2010.ics", EXCHANGE, &["icaljs", "ical", "rie"], None),
    // recurring-ical-events and PyPI `ical` prefer the tz database's EST (no daylight saving)
    // over the file's own definition, which RFC 5545 §3.2.19 says to follow (as ical.js does).
    ("est-with-daylight.ics", EST_WITH_DAYLIGHT, &["icaljs"], None),
    // recurring-ical-events refuses any part outside RFC 5545.
    ("extended-rules.ics", EXTENDED_RULES, &["icaljs", "ical"], Some("X-EVOLUTION-ENDDATE")),
    // PyPI `ical` and recurring-ical-events refuse a part without `=`.
    ("junk-token.ics", JUNK_TOKEN, &["icaljs"], Some("(X)")),
    // recurring-ical-events walks per-second rules second by second (minutes per file).
    ("fine-rules.ics", FINE_RULES, &["icaljs", "ical"], None),
    // recurring-ical-events keeps the first of two events sharing a UID.
    ("shared-uid.ics", SHARED_UID, &["icaljs", "ical"], Some("used by more than one event")),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(program: &Path, script: &str, args: &[String]) -> Value {
    let out = Command::new(program)
        .arg(root().join("tests/oracle").join(script))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/setup.sh test", program.display()));
    assert!(out.status.success(), "{script}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{script} output: {e}"))
}

fn occurrences(outcome: &Value, who: &str, file: &str) -> Occurrences {
    if let Some(error) = outcome.get("error") {
        panic!("{who} refused {file}: {error}");
    }
    let mut got: Occurrences = outcome["events"]
        .as_array()
        .unwrap_or_else(|| panic!("{who}: no events for {file}"))
        .iter()
        .map(|e| {
            let s = |i: usize| e[i].as_str().unwrap_or_default().to_string();
            (s(0), s(1), s(2))
        })
        .collect();
    got.sort();
    got
}

#[test]
fn real_world_shapes_are_read_as_three_independent_readers_read_them() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (from, to) = ("2026-11-30", "2027-06-01");
    let day = |d: &str| {
        let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default();
        Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
    };
    let window = Span { start: day(from), end: day(to) };
    let mut paths = Vec::new();
    for (name, text, _, _) in SHAPES {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        paths.push(path.display().to_string());
    }
    let mut args = vec![from.to_string(), to.to_string()];
    args.extend(paths.iter().cloned());
    let python = root().join("target/oracle-venv/bin/python");
    let mut readers: BTreeMap<&str, Value> = BTreeMap::new();
    readers.insert("icaljs", run(Path::new("node"), "expand_icaljs.mjs", &args));
    readers.insert("ical", run(&python, "expand_ical.py", &args));
    let some: Vec<String> = SHAPES
        .iter()
        .zip(&paths)
        .filter(|((_, _, who, _), _)| who.contains(&"rie"))
        .map(|(_, p)| p.clone())
        .collect();
    let rie_args: Vec<String> =
        [from.to_string(), to.to_string()].into_iter().chain(some).collect();
    readers.insert("rie", run(&python, "expand_corpus.py", &rie_args)["files"].clone());

    let mut compared = 0;
    for ((name, text, who, problem), path) in SHAPES.iter().zip(&paths) {
        let read = read_ics(text, window, chrono_tz::UTC).unwrap_or_else(|e| panic!("{name}: {e}"));
        let f = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut ours: Occurrences =
            read.events.iter().map(|e| (f(e.start), f(e.end), e.uid.clone())).collect();
        ours.sort();
        assert!(!ours.is_empty(), "{name}: nothing read");
        for reader in *who {
            let theirs = occurrences(&readers[reader][path.as_str()], reader, name);
            assert_eq!(ours, theirs, "{name}: Sanctum and {reader} differ");
            compared += theirs.len();
        }
        match problem {
            Some(p) => assert!(
                read.problems.iter().any(|m| m.contains(p)),
                "{name}: {p:?} is named: {:?}",
                read.problems
            ),
            None => assert!(read.problems.is_empty(), "{name}: {:?}", read.problems),
        }
    }
    eprintln!("compared {compared} occurrences over {} files", SHAPES.len());
}
