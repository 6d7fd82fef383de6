//! The shareable HTML report opens in headless Chromium (Debian's, installed by
//! scripts/setup.sh) and makes no network request of its own.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::Sandbox;

/// Loads `page` in headless Chromium; returns the URLs the page itself asked for (Chromium's
/// own background requests carry the initiator "not an origin" and are left out) and the
/// size of the screenshot it took.
fn page_requests(page: &Path, work: &Path) -> (Vec<String>, u64) {
    let chromium = Path::new("/usr/bin/chromium");
    assert!(
        chromium.exists(),
        "no Chromium: run `bash scripts/setup.sh test` (Debian package chromium)"
    );
    let netlog = work.join("net.json");
    let shot = work.join("shot.png");
    let status = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", work.join("profile").display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .args(["--window-size=900,1600", &format!("file://{}", page.display())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "chromium failed on {}", page.display());
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap()).unwrap();
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_i64().unwrap();
    let urls = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_i64() == Some(start_job))
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .filter(|u| !u.starts_with("file://"))
        .collect();
    (urls, std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0))
}

#[test]
fn the_html_report_renders_in_chromium_with_no_network_requests() {
    let sb = Sandbox::new();
    sb.ok(&["log", "@Sam #vendor slack 15m >Priya invoices"]);
    sb.ok(&[
        "block",
        "add",
        "Strategy",
        "--days",
        "daily",
        "--from",
        "13:00",
        "--to",
        "17:00",
        "--starting",
        "2026-01-01",
    ]);
    sb.ok(&["win", "Shipped <the> audit & more"]);
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("week.html");
    std::fs::write(&report, sb.ok(&["review", "--html"])).unwrap();

    // A control page that does load remote things, so the check is known to see them.
    let control = dir.path().join("control.html");
    std::fs::write(&control, r#"<!doctype html><img src="http://example.invalid/x.png"><link rel="stylesheet" href="https://cdn.invalid/a.css">"#).unwrap();
    std::fs::create_dir_all(dir.path().join("c")).unwrap();
    let (control_requests, _) = page_requests(&control, &dir.path().join("c"));
    assert_eq!(
        control_requests.len(),
        2,
        "the check sees a page's own requests: {control_requests:?}"
    );

    std::fs::create_dir_all(dir.path().join("r")).unwrap();
    let (requests, shot) = page_requests(&report, &dir.path().join("r"));
    assert!(requests.is_empty(), "the report asked for {requests:?}");
    assert!(shot > 20_000, "the report rendered ({shot} bytes of screenshot)");
}
