//! The `sanctum` binary as a user runs it, against a temporary SANCTUM_DATA_DIR.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use sanctum_core::store::DB_FILE_NAME;
use serde_json::Value;

mod common;
use common::Sandbox;

#[test]
fn log_prints_what_was_stored_and_list_shows_it() {
    let sb = Sandbox::new();
    let out = sb.ok(&["log", "@Sam", "#vendor", "slack", "15m", ">Priya", "invoices", "failing"]);
    assert!(out.starts_with("Logged #1  "), "{out}");
    for part in ["15m", "slack", "Sam", "#vendor", "delegated to Priya", "invoices failing"] {
        assert!(out.contains(part), "{part} in {out}");
    }
    // A single quoted argument works the same.
    sb.ok(&["log", "@Ana call 30m 1:1 ran over"]);

    let list = sb.ok(&["list"]);
    assert!(list.contains("invoices failing") && list.contains("1:1 ran over"), "{list}");
    assert!(list.trim_end().ends_with("2 interruptions, 45m"), "{list}");

    let json = sb.json(&["list"]);
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["source"], "Sam");
    assert_eq!(items[1]["channel"], "slack");
    assert_eq!(items[1]["category"], "vendor");
    assert_eq!(items[1]["minutes"], 15);
    assert_eq!(items[1]["outcome"]["kind"], "delegated");
    assert_eq!(items[1]["outcome"]["to"], "Priya");
    assert_eq!(items[1]["note"], "invoices failing");
    assert!(items[1]["occurred_at"].as_str().unwrap().ends_with('Z'), "instants are UTC");

    let logged = sb.json(&["log", "@Bo", "email", "5m", "=no", "not ours"]);
    assert_eq!(logged["outcome"]["kind"], "declined");
    assert_eq!(sb.store().count_interruptions().unwrap(), 3);
}

#[test]
fn list_filters_weeks_and_searches() {
    let sb = Sandbox::new();
    sb.ok(&["log", "@Sam #vendor slack 15m invoices failing"]);
    sb.ok(&["log", "@Ana #people call 30m 1:1 ran over"]);
    sb.ok(&["log", "^2026-01-07T10:00", "@Old", "email", "5m", "new year backlog"]);
    let count = |args: &[&str]| sb.json(args).as_array().unwrap().len();
    assert_eq!(count(&["list"]), 2);
    assert_eq!(count(&["list", "--all"]), 3);
    assert_eq!(count(&["list", "--today"]), 2);
    assert_eq!(count(&["list", "--week", "2026-W02"]), 1);
    assert_eq!(count(&["list", "--all", "--source", "sam"]), 1);
    assert_eq!(count(&["list", "--all", "--category", "people"]), 1);
    assert_eq!(count(&["list", "--all", "--channel", "mail"]), 1);
    assert_eq!(count(&["list", "--all", "--outcome", "handled"]), 3);
    assert_eq!(count(&["list", "--all", "--search", "backlog"]), 1);
    assert_eq!(count(&["list", "--all", "--limit", "1"]), 1);
    assert_eq!(sb.ok(&["list", "--week", "2025-W10"]).trim(), "No interruptions.");
}

#[test]
fn edit_by_flags_or_quicklog_text_and_delete() {
    let sb = Sandbox::new();
    sb.ok(&["log", "@Sam slack 15m invoices"]);
    let e = sb.json(&[
        "edit",
        "1",
        "--minutes",
        "1h30m",
        "--outcome",
        "delegated:Priya",
        "--note",
        "invoices, again",
    ]);
    assert_eq!(e["minutes"], 90);
    assert_eq!(e["outcome"]["to"], "Priya");
    assert_eq!(e["note"], "invoices, again");
    assert_eq!(e["source"], "Sam", "untouched fields stay");

    let e = sb.json(&["edit", "1", "#vendor", "~Email"]);
    assert_eq!(e["category"], "vendor");
    assert_eq!(e["outcome"]["kind"], "deferred");
    assert_eq!(e["outcome"]["batch"], "Email");
    assert_eq!(e["note"], "invoices, again", "a line without note words keeps the note");

    let e = sb.json(&["edit", "1", "--when", "2026-11-20 14:30"]);
    assert_eq!(e["occurred_at"], "2026-11-20T14:30:00Z", "London is on GMT in November");

    let out = sb.ok(&["delete", "1"]);
    assert!(out.starts_with("Deleted #1"), "{out}");
    assert_eq!(sb.store().count_interruptions().unwrap(), 0);
}

#[test]
fn bad_input_exits_non_zero_with_one_line_naming_the_problem() {
    let sb = Sandbox::new();
    sb.ok(&["log", "keep me"]);
    let cases: &[(&[&str], &str)] = &[
        (&["log", "-5m"], "sanctum: minutes: -5 is negative"),
        (&["log", "@Sam", "99999m"], "sanctum: minutes: 99999 is more than a day"),
        (&["log", "@Sam", "@Ann"], "sanctum: source: is given twice"),
        (&["log", "=maybe"], "sanctum: outcome: '=maybe' is not an outcome"),
        (&["log", "^25:00"], "sanctum: when: '25:00' is not a time"),
        (&["list", "--week", "2026-W99"], "sanctum: week: 2026 has no week 99"),
        (&["list", "--channel", "fax"], "sanctum: channel: 'fax' is not a channel"),
        (&["list", "--outcome", "ignored"], "sanctum: outcome: 'ignored' is not an outcome"),
        (&["edit", "1", "--minutes", "-3"], "sanctum: minutes: -3 is negative"),
        (&["edit", "1", "--minutes", "lots"], "sanctum: minutes: 'lots' is not a duration"),
        (&["edit", "1", "--urgency", "meh"], "sanctum: urgency: 'meh' is not an urgency"),
        (&["edit", "1"], "sanctum: edit: nothing to change"),
        (&["edit", "42", "--minutes", "3"], "sanctum: no interruption with id 42"),
        (&["delete", "42"], "sanctum: no interruption with id 42"),
        (
            &["config", "timezone", "Mars/Olympus"],
            "sanctum: timezone: 'Mars/Olympus' is not an IANA time zone",
        ),
        (&["config", "colour", "red"], "sanctum: setting: 'colour' is not a setting"),
    ];
    for (args, message) in cases {
        let err = sb.fails(args);
        assert!(err.starts_with(message), "{args:?}: {err}");
    }
    let kept = sb.json(&["list"]);
    assert_eq!(kept.as_array().unwrap().len(), 1, "nothing stored, nothing lost");
    assert_eq!(kept[0]["note"], "keep me");
    assert_eq!(kept[0]["minutes"], 5);
}

#[test]
fn a_database_from_a_newer_sanctum_is_refused_untouched() {
    let sb = Sandbox::new();
    let path = sb.dir.path().join(DB_FILE_NAME);
    bump_schema_version(&path);
    let before = std::fs::read(&path).unwrap();
    let err = sb.fails_with(&["list"], 1);
    assert!(err.contains("newer than this Sanctum understands"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "file left exactly as it was");
}

/// Sets the file's schema version past ours by writing the header, as a newer Sanctum would:
/// `user_version` is the big-endian u32 at byte offset 60.
fn bump_schema_version(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
    let _ = std::fs::remove_file(path.with_extension("sqlite3-wal"));
    let _ = std::fs::remove_file(path.with_extension("sqlite3-shm"));
}

#[test]
fn concurrent_cli_writers_lose_nothing() {
    let sb = Sandbox::new();
    let mut children: Vec<_> = (0..8)
        .map(|k| sb.cmd(&["log", &format!("writer {k}")]).stdout(Stdio::piped()).spawn().unwrap())
        .collect();
    for c in &mut children {
        assert!(c.wait().unwrap().success());
    }
    let store = sb.store();
    assert_eq!(store.count_interruptions().unwrap(), 8);
    store.integrity_check().unwrap();
}

#[test]
fn kill_9_never_loses_an_acknowledged_entry() {
    let sb = Sandbox::new();
    let mut acknowledged = Vec::new();
    for k in 0..40u64 {
        let child = sb
            .cmd(&["--json", "log", &format!("entry {k}")])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        // Kill some processes at different points of their short lives.
        if k % 2 == 1 {
            std::thread::sleep(Duration::from_micros(500 * k));
            let _ = Command::new("kill").args(["-9", &child.id().to_string()]).status();
        }
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            acknowledged.push((v["id"].as_i64().unwrap(), v["note"].as_str().unwrap().to_string()));
        }
    }
    assert!(acknowledged.len() >= 20, "the unkilled half all succeeded");
    let store = sb.store();
    store.integrity_check().unwrap();
    for (id, note) in acknowledged {
        assert_eq!(store.interruption(id).unwrap().fields.note, note);
    }
}
