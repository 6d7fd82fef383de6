//! `sanctum priority|task|batch|win|delegated` as a user runs them.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Sandbox;

#[test]
fn priorities_are_ranked_moved_ended_and_carried() {
    let sb = Sandbox::new();
    for title in ["Hire vendor manager", "Fix onboarding", "Q1 roadmap"] {
        sb.ok(&["priority", "add", title, "--week", "2026-W47"]);
    }
    let moved = sb.json(&["priority", "move", "3", "1"]);
    let titles: Vec<&str> = moved["priorities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Q1 roadmap", "Hire vendor manager", "Fix onboarding"]);
    let done = sb.json(&["priority", "done", "1", "signed with Acme"]);
    assert_eq!(
        (done["status"].as_str(), done["outcome"].as_str()),
        (Some("done"), Some("signed with Acme"))
    );
    sb.ok(&["priority", "partly", "2"]);
    let carried = sb.json(&["priority", "carry", "--from", "2026-W47"]);
    let titles: Vec<&str> =
        carried.as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Q1 roadmap", "Fix onboarding"]);
    assert!(sb
        .ok(&["priority", "carry", "--from", "2026-W47"])
        .starts_with("Carried 0 unfinished"));
    let next = sb.ok(&["priority", "list", "--week", "2026-W48"]);
    assert!(next.contains("1. Q1 roadmap  (carried)"), "{next}");

    for n in 3..=5 {
        sb.ok(&["priority", "add", &format!("P{n}"), "--week", "2026-W48"]);
    }
    let err = sb.fails(&["priority", "add", "Sixth", "--week", "2026-W48"]);
    assert!(err.starts_with("sanctum: confirm: 2026-W48 already has 5 priorities"), "{err}");
    sb.ok(&["priority", "add", "Sixth", "--week", "2026-W48", "--confirm"]);
    assert!(sb.fails(&["priority", "done", "99"]).starts_with("sanctum: no priority with id 99"));
    assert!(sb
        .fails(&["priority", "move", "1", "9"])
        .starts_with("sanctum: to: give a position from 1 to 3"));
}

#[test]
fn batches_tasks_ownership_and_deferring_a_fire() {
    let sb = Sandbox::new();
    let b = sb.json(&[
        "batch",
        "add",
        "Vendor calls",
        "--days",
        "fri",
        "--from",
        "15:00",
        "--to",
        "16:00",
    ]);
    assert_eq!(b["slot"]["days"], serde_json::json!(["Fri"]));
    assert!(sb
        .fails(&["batch", "add", "vendor calls"])
        .starts_with("sanctum: name: a batch named 'vendor calls' exists already"));
    sb.ok(&["task", "add", "Call Acme about SLA", "--batch", "Vendor calls", "--estimate", "20m"]);
    let t = sb.json(&[
        "task",
        "add",
        "Renew insurance",
        "--batch",
        "vendor calls",
        "--owner",
        "delegated:Priya",
    ]);
    assert_eq!(t["ownership"]["to"], "Priya");
    assert!(sb
        .fails(&["task", "add", "x", "--batch", "Nope"])
        .starts_with("sanctum: batch: no batch named 'Nope'"));
    assert!(sb.fails(&["task", "add", "x", "--owner", "yours"]).starts_with("sanctum: owner:"));

    let fire = sb.json(&["log", "@Sam email 5m ~Email reply to legal"]);
    let task = sb.json(&["task", "defer", &fire["id"].to_string()]);
    assert_eq!(task["title"], "Sam: reply to legal");
    assert_eq!(task["interruption_id"], fire["id"]);
    let start = sb.json(&["batch", "start", "Email"]);
    assert_eq!(start["tasks"].as_array().unwrap().len(), 1);
    sb.ok(&["task", "done", &task["id"].to_string()]);
    assert!(sb.json(&["batch", "start", "Email"])["tasks"].as_array().unwrap().is_empty());
    let started = sb.ok(&["batch", "start", "Vendor calls"]);
    assert!(started.starts_with("Vendor calls — 2 open task(s), about 20m"), "{started}");

    sb.ok(&["log", "@Ana slack 10m >Raj access request"]);
    let out = sb.json(&["delegated"]);
    assert_eq!(out["tasks"][0]["title"], "Renew insurance");
    assert_eq!(out["interruptions"][0]["outcome"]["to"], "Raj");
    sb.ok(&["task", "own", &t["id"].to_string(), "mine"]);
    assert!(sb.json(&["delegated"])["tasks"].as_array().unwrap().is_empty());
}

#[test]
fn wins_are_recorded_and_listed() {
    let sb = Sandbox::new();
    let p = sb.json(&["priority", "add", "Vendor costs"]);
    let w = sb.json(&[
        "win",
        "Cut vendor cost 12%",
        "--impact",
        "€40k a year",
        "--priority",
        &p["id"].to_string(),
    ]);
    assert_eq!(
        (w["title"].as_str(), w["impact"].as_str()),
        (Some("Cut vendor cost 12%"), Some("€40k a year"))
    );
    assert_eq!(w["priority_id"], p["id"]);
    let listed = sb.ok(&["win"]);
    assert!(listed.contains("Cut vendor cost 12% (€40k a year)"), "{listed}");
    assert!(sb.fails(&["win", " "]).starts_with("sanctum: title: is empty"));
    assert!(sb
        .fails(&["win", "x", "--priority", "77"])
        .starts_with("sanctum: no priority with id 77"));
}

#[test]
fn review_export_import_backup_and_restore_from_the_command_line() {
    let sb = Sandbox::new();
    sb.ok(&["log", "@Sam #vendor slack 15m >Priya invoices"]);
    sb.ok(&["win", "Shipped the audit"]);
    let md = sb.ok(&["review"]);
    assert!(md.contains("- **Reactive (firefighting):** 15m across 1 interruptions"), "{md}");
    assert!(md.contains("**Shipped the audit**"), "{md}");
    let json = sb.json(&["review"]);
    assert_eq!(json["fires"]["count"], 1);
    assert_eq!(json["trend"].as_array().unwrap().len(), 12);
    let html = sb.ok(&["review", "--html"]);
    assert!(html.starts_with("<!doctype html>") && html.contains("<svg"));
    assert!(sb.fails(&["review", "--week", "2026-W60"]).starts_with("sanctum: week:"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.json");
    assert!(sb.ok(&["export", "json", file.to_str().unwrap()]).starts_with("Exported"));
    sb.ok(&["export", "csv", dir.path().join("csv").to_str().unwrap()]);
    assert!(dir.path().join("csv/interruptions.csv").is_file());
    // Nothing that exists is replaced without --force; the file is left as it was.
    let before = std::fs::read(&file).unwrap();
    for args in [
        vec!["export", "json", file.to_str().unwrap()],
        vec!["backup", file.to_str().unwrap()],
        vec!["block", "export", "--ics", file.to_str().unwrap()],
        vec!["export", "csv", dir.path().join("csv").to_str().unwrap()],
    ] {
        let refused = sb.fails(&args);
        assert!(refused.starts_with("sanctum: force: "), "{args:?}: {refused}");
        assert!(refused.contains("already exists; nothing was written (give --force"), "{refused}");
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
    sb.ok(&["export", "json", file.to_str().unwrap(), "--force"]);
    sb.ok(&["export", "csv", dir.path().join("csv").to_str().unwrap(), "--force"]);

    let other = Sandbox::new();
    let first = other.ok(&["import", file.to_str().unwrap()]);
    assert!(first.contains("interruptions  1 added, 0 already there"), "{first}");
    let second = other.ok(&["import", file.to_str().unwrap()]);
    assert!(second.contains("interruptions  0 added, 1 already there"), "{second}");
    std::fs::write(dir.path().join("bad.json"), "{ nope").unwrap();
    assert!(other
        .fails(&["import", dir.path().join("bad.json").to_str().unwrap()])
        .contains("is not a Sanctum JSON export"));

    let backup = dir.path().join("backup.sqlite3");
    sb.ok(&["backup", backup.to_str().unwrap()]);
    sb.ok(&["log", "after the backup"]);
    assert!(sb.fails(&["restore", backup.to_str().unwrap()]).contains("run again with --yes"));
    sb.ok(&["restore", backup.to_str().unwrap(), "--yes"]);
    assert_eq!(sb.store().count_interruptions().unwrap(), 1, "back to the backup's contents");
}
