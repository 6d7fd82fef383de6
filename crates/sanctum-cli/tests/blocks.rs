//! `sanctum block …` and `sanctum now` as a user runs them, and the exported .ics checked by an
//! independent parser (Python icalendar + recurring-ical-events, installed by scripts/setup.sh).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

use chrono::{DateTime, Utc};
use sanctum_core::Span;

mod common;
use common::Sandbox;

const STRATEGY: &[&str] = &[
    "block",
    "add",
    "Strategy",
    "--days",
    "tue,thu",
    "--from",
    "13:00",
    "--to",
    "17:00",
    "--intention",
    "Q1 roadmap",
    "--starting",
    "2026-01-01",
];

#[test]
fn blocks_are_added_listed_edited_paused_and_deleted() {
    let sb = Sandbox::new();
    let out = sb.ok(STRATEGY);
    assert!(out.starts_with("Added #1 Strategy  Tue, Thu 13:00–17:00 Europe/London"), "{out}");
    let list = sb.json(&["block", "list", "--week", "2026-W48"]);
    assert_eq!(list["blocks"][0]["title"], "Strategy");
    assert_eq!(list["blocks"][0]["repeat"]["days"], serde_json::json!(["Tue", "Thu"]));
    let occ = list["occurrences"].as_array().unwrap();
    assert_eq!(occ.len(), 2);
    assert_eq!(occ[0]["start"], "2026-11-24T13:00:00Z");
    assert_eq!(list["figures"]["planned_minutes"], 480);
    assert_eq!(list["figures"]["target_minutes"], 480);

    let err = sb.fails(&[
        "block",
        "add",
        "Ops review",
        "--days",
        "thu",
        "--from",
        "16:00",
        "--to",
        "18:00",
    ]);
    assert!(
        err.starts_with("sanctum: start: overlaps the block 'Strategy' (13:00–17:00)"),
        "{err}"
    );
    let err =
        sb.fails(&["block", "add", "Night", "--days", "fri", "--from", "22:00", "--to", "02:00"]);
    assert!(err.starts_with("sanctum: end: 02:00 is not after the start 22:00"), "{err}");
    let err = sb.fails(&["block", "add", "X", "--days", "funday", "--from", "9", "--to", "10"]);
    assert!(err.starts_with("sanctum: days: 'funday' is not a weekday"), "{err}");
    let err = sb.fails(&[
        "block",
        "add",
        "X",
        "--days",
        "mon",
        "--from",
        "9",
        "--to",
        "10",
        "--tz",
        "Mars/Base",
    ]);
    assert!(err.starts_with("sanctum: timezone:"), "{err}");

    let e = sb.json(&["block", "edit", "1", "--to", "16:00", "--title", "Deep work"]);
    assert_eq!((e["title"].as_str(), e["end"].as_str()), (Some("Deep work"), Some("16:00:00")));
    assert!(sb.ok(&["block", "pause", "1"]).contains("(paused)"));
    let paused = sb.json(&["block", "list", "--week", "2026-W48"]);
    assert_eq!(paused["occurrences"].as_array().unwrap().len(), 0);
    sb.ok(&["block", "resume", "1"]);
    sb.ok(&["block", "add", "Planning", "--on", "2026-11-27", "--from", "09:00", "--to", "10:30"]);
    let list = sb.json(&["block", "list", "--week", "2026-W48"]);
    assert_eq!(list["occurrences"].as_array().unwrap().len(), 3);
    assert_eq!(list["figures"]["planned_minutes"], 2 * 180 + 90);
    assert!(sb.ok(&["block", "delete", "2"]).starts_with("Deleted #2 Planning"));
    assert_eq!(sb.store().blocks().unwrap().len(), 1);
}

#[test]
fn outcomes_are_recorded_for_the_latest_occurrence_and_now_reports() {
    let sb = Sandbox::new();
    // A daily block that started today at 00:00 and runs all day, so "latest" and "now" are
    // this block whatever the time of the test.
    sb.ok(&["config", "timezone", "UTC"]);
    sb.ok(&[
        "block",
        "add",
        "Always",
        "--days",
        "daily",
        "--from",
        "00:00",
        "--to",
        "23:59",
        "--starting",
        "2026-01-01",
    ]);
    let now = sb.json(&["now"]);
    assert_eq!(now["running"]["title"], "Always");
    assert!(now["status_line"].as_str().unwrap().starts_with("I'm in focus time until 23:59"));
    assert!(now["minutes_left"].as_i64().unwrap() <= 24 * 60);

    let kept = sb.json(&["block", "done"]);
    assert_eq!(kept["outcome"]["kind"], "kept");
    let short = sb.json(&["block", "shorten", "45m", "--reason", "vendor call"]);
    assert_eq!(short["outcome"]["minutes_lost"], 45);
    assert_eq!(short["date"], kept["date"], "same, latest occurrence");
    let broken = sb.json(&["block", "break", "incident", "--block", "1", "--date", "2026-11-24"]);
    assert_eq!(
        (broken["date"].as_str(), broken["outcome"]["reason"].as_str()),
        (Some("2026-11-24"), Some("incident"))
    );
    let err = sb.fails(&["block", "shorten", "2000", "--block", "1", "--date", "2026-11-24"]);
    assert!(err.starts_with("sanctum: minutes"), "{err}");
    let err = sb.fails(&["block", "break", " ", "--block", "1", "--date", "2026-11-24"]);
    assert!(err.starts_with("sanctum: reason:"), "{err}");
}

#[test]
fn no_block_means_a_clear_message() {
    let sb = Sandbox::new();
    assert!(sb.ok(&["now"]).contains("No focus block running or coming up"));
    let err = sb.fails(&["block", "done"]);
    assert!(err.starts_with("sanctum: block: no focus block has started"), "{err}");
    assert!(sb.ok(&["block", "list"]).starts_with("No focus blocks."));
}

fn oracle_python() -> PathBuf {
    let path = std::env::var_os("SANCTUM_ORACLE_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/oracle-venv/bin/python")
    });
    assert!(
        path.exists(),
        "no calendar oracle at {}: run `bash scripts/setup.sh test` (it installs icalendar and \
         recurring-ical-events into target/oracle-venv)",
        path.display()
    );
    path
}

#[test]
fn the_exported_ics_expands_to_the_same_occurrences_in_an_independent_parser() {
    let sb = Sandbox::new();
    sb.ok(STRATEGY);
    sb.ok(&[
        "block",
        "add",
        "NY sync",
        "--days",
        "mon,fri",
        "--from",
        "09:00",
        "--to",
        "11:30",
        "--tz",
        "America/New_York",
        "--starting",
        "2026-01-05",
        "--until",
        "2027-03-31",
    ]);
    sb.ok(&[
        "block",
        "add",
        "Howe",
        "--days",
        "wed",
        "--from",
        "13:00",
        "--to",
        "17:00",
        "--tz",
        "Australia/Lord_Howe",
        "--starting",
        "2026-01-01",
    ]);
    sb.ok(&[
        "block",
        "add",
        "Early",
        "--days",
        "sun",
        "--from",
        "02:00",
        "--to",
        "04:00",
        "--tz",
        "America/New_York",
        "--starting",
        "2026-01-01",
    ]);
    sb.ok(&[
        "block",
        "add",
        "Chatham",
        "--days",
        "mon",
        "--from",
        "08:00",
        "--to",
        "10:00",
        "--tz",
        "Pacific/Chatham",
        "--starting",
        "2026-01-01",
    ]);
    sb.ok(&[
        "block",
        "add",
        "Offsite",
        "--on",
        "2026-12-02",
        "--from",
        "09:00",
        "--to",
        "12:00",
        "--intention",
        "Plan; decide, then commit \\ ship",
    ]);
    let store = sb.store();
    let moved = Span {
        start: "2026-11-27T09:00:00Z".parse().unwrap(),
        end: "2026-11-27T12:00:00Z".parse().unwrap(),
    };
    store.move_occurrence(1, "2026-11-26".parse().unwrap(), moved).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("focus.ics");
    let out = sb.ok(&["block", "export", "--ics", file.to_str().unwrap()]);
    assert!(out.contains("Wrote 6 focus block(s)"), "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    // Zones with a regular daylight-saving rule carry it as a yearly RRULE with no end, so a
    // reader that follows the file's VTIMEZONE is right in any year.
    for rule in [
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", // London to summer time
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",  // New York
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU", // Lord Howe
        "RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU", // Chatham
    ] {
        assert!(text.contains(rule), "{rule} missing in\n{text}");
    }

    // Three independent readers, 2026 to 2045: recurring-ical-events (the tz database by zone
    // name), ical.js (the file's VTIMEZONE) and PyPI `ical` (strict).
    let (from, to) = ("2025-12-25", "2046-01-05");
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let run = |program: &std::path::Path, script: &str, args: &[&str]| -> serde_json::Value {
        let out = Command::new(program)
            .arg(format!("{root}/tests/oracle/{script}"))
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(out.status.success(), "{script}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let path = file.to_str().unwrap();
    let python = oracle_python();
    let readers = [
        ("recurring-ical-events", run(&python, "expand_ics.py", &[path, from, to])),
        (
            "ical.js",
            run(std::path::Path::new("node"), "expand_icaljs.mjs", &[from, to, path])[path].clone(),
        ),
        ("PyPI ical", run(&python, "expand_ical.py", &[from, to, path])[path].clone()),
    ];

    let window = Span {
        start: "2026-01-01T00:00:00Z".parse().unwrap(),
        end: "2046-01-01T00:00:00Z".parse().unwrap(),
    };
    let inside = |s: &str| window.contains(s.parse::<DateTime<Utc>>().unwrap());
    let install = store.install_id().unwrap();
    let mut ours: Vec<(String, String, String)> = store
        .occurrences(window)
        .unwrap()
        .into_iter()
        .filter(|o| window.contains(o.start))
        .map(|o| {
            let f = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            (f(o.start), f(o.end), sanctum_core::ics::block_uid(o.block_id, &install))
        })
        .collect();
    ours.sort();
    assert!(ours.len() > 5000, "a meaningful sample: {}", ours.len());
    for (reader, theirs) in &readers {
        // ical.js and PyPI `ical` answer {"events": [...]} or {"error": why}.
        let events = theirs.get("events").unwrap_or(theirs);
        let theirs: Vec<(String, String, String)> = serde_json::from_value(events.clone())
            .unwrap_or_else(|e| panic!("{reader}: {e}: {theirs}"));
        let mut theirs: Vec<_> = theirs.into_iter().filter(|(s, _, _)| inside(s)).collect();
        theirs.sort();
        assert_eq!(ours.len(), theirs.len(), "{reader}");
        // Identical in all three, also where a block starts in New York's spring-forward gap
        // (02:00 on the second Sunday of March), which the export writes as exact overrides
        // because ical.js would otherwise read that wall time an hour early.
        let first_diff = ours.iter().zip(&theirs).find(|(a, b)| a != b);
        assert_eq!(first_diff, None, "{reader}: first differing occurrence");
        eprintln!("{reader}: {} occurrences, identical", theirs.len());
    }
    // Spot checks: the daylight-saving vectors, the skipped hour, moved and one-off occurrences.
    let has = |start: &str, uid: i64| {
        ours.iter().any(|(s, _, u)| s == start && *u == sanctum_core::ics::block_uid(uid, &install))
    };
    assert!(
        has("2026-03-26T13:00:00Z", 1) && has("2026-03-31T12:00:00Z", 1),
        "London across spring"
    );
    assert!(
        has("2026-03-06T14:00:00Z", 2) && has("2026-03-09T13:00:00Z", 2),
        "New York across spring"
    );
    assert!(
        has("2026-04-01T02:00:00Z", 3) && has("2026-04-08T02:30:00Z", 3),
        "Lord Howe across autumn"
    );
    assert!(
        has("2026-03-08T07:00:00Z", 4),
        "02:00 on the spring-forward night starts at 03:00 EDT"
    );
    assert!(has("2026-11-27T09:00:00Z", 1) && !has("2026-11-26T13:00:00Z", 1), "moved occurrence");
    assert!(has("2026-12-02T09:00:00Z", 6), "one-off");
    assert!(
        has("2026-09-20T19:15:00Z", 5) && has("2026-09-27T18:15:00Z", 5),
        "Chatham across spring"
    );
    assert!(!has("2027-04-02T13:00:00Z", 2), "UNTIL respected");
}

#[test]
fn focus_starts_now_and_ends_early_as_shortened() {
    let sb = Sandbox::new();
    sb.ok(&["config", "timezone", "UTC"]);
    let err = sb.fails(&["focus", "end"]);
    assert!(err.starts_with("sanctum: focus: no focus block is running"), "{err}");
    let err = sb.fails(&["focus", "start", "--until", "25:00"]);
    assert!(err.starts_with("sanctum: until:"), "{err}");

    // The real clock: in the last minutes of a UTC day there is no room for a block.
    #[allow(clippy::disallowed_methods)]
    let now = Utc::now();
    if now.format("%H:%M").to_string().as_str() >= "23:58" {
        let err = sb.fails(&["focus", "start"]);
        assert!(err.contains("midnight"), "{err}");
        return;
    }
    let started = sb.json(&["focus", "start"]);
    assert_eq!(started["title"], "Focus");
    let now_json = sb.json(&["now"]);
    assert_eq!(now_json["running"]["block_id"], started["block_id"], "{now_json}");
    let err = sb.fails(&["focus", "start"]);
    assert!(err.starts_with("sanctum: start: already in focus until"), "{err}");

    let ended = sb.json(&["focus", "end"]);
    assert_eq!(ended["outcome"]["kind"], "shortened", "{ended}");
    assert!(ended["outcome"]["minutes_lost"].as_u64().unwrap() >= 1, "{ended}");
    let after = sb.ok(&["now"]);
    assert!(after.contains("No focus block running"), "the slot is free again: {after} ({ended})");
}
