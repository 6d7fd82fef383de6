//! Real-world calendars nobody on the team wrote: the test calendars shipped in the `icalendar`
//! and `recurring-ical-events` PyPI packages (installed by scripts/setup.sh into
//! target/oracle-venv). Every file must be read or refused with a message naming the calendar;
//! where both sides read a file, Sanctum's occurrences must equal recurring-ical-events' ones.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use sanctum_core::calendar::read_ics;
use sanctum_core::Span;
use serde::Deserialize;

/// Files where Sanctum knowingly reads differently, with why. The test checks they still differ,
/// so this list cannot go stale.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    "issue_526_",
    "TZID \"Western/Central Europe\" is neither in the tz database nor defined by a VTIMEZONE; \
     recurring-ical-events guesses UTC+1, Sanctum reads such times in the user's zone",
)];

#[derive(Deserialize)]
struct Oracle {
    files: BTreeMap<String, Outcome>,
}

#[derive(Deserialize)]
struct Outcome {
    events: Option<Vec<(String, String, String, bool)>>,
    error: Option<String>,
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn oracle(start: &str, end: &str) -> Oracle {
    let root = workspace();
    let python = root.join("target/oracle-venv/bin/python");
    let out = Command::new(&python)
        .args(["-W", "ignore"])
        .arg(root.join("tests/oracle/expand_corpus.py"))
        .args([start, end])
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/setup.sh test", python.display()));
    assert!(out.status.success(), "oracle failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("oracle output: {e}"))
}

fn day(text: &str) -> chrono::DateTime<Utc> {
    let d = NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default();
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
}

#[test]
fn every_corpus_calendar_is_read_as_recurring_ical_events_reads_it() {
    let (from, to) = ("2000-01-01", "2030-01-01");
    let oracle = oracle(from, to);
    assert!(oracle.files.len() > 150, "corpus too small: {}", oracle.files.len());
    let window = Span { start: day(from), end: day(to) };
    let (mut compared, mut occurrences, mut refused) = (0, 0, Vec::new());
    let mut mismatches = Vec::new();
    for (path, expected) in &oracle.files {
        let name = path.rsplit('/').next().unwrap_or(path);
        let bytes = std::fs::read(path).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let ours = read_ics(&text, window, chrono_tz::UTC);
        match (&ours, &expected.events) {
            (Ok(read), Some(events)) => {
                let mut got: Vec<(String, String, String, bool)> = read
                    .events
                    .iter()
                    .map(|e| {
                        let f =
                            |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                        (f(e.start), f(e.end), e.uid.clone(), e.busy)
                    })
                    .collect();
                got.sort();
                let mut want = events.clone();
                want.sort();
                compared += 1;
                occurrences += want.len();
                let known = KNOWN_DIFFERENCES.iter().find(|(prefix, _)| name.starts_with(prefix));
                if let Some((_, why)) = known {
                    assert_ne!(got, want, "{name} now matches: drop it from KNOWN_DIFFERENCES");
                    let told = read.problems.iter().any(|p| p.contains("is neither a known zone"));
                    assert!(told, "{name}: the user is told about the unknown zone");
                    eprintln!("known difference {name}: {why}");
                    continue;
                }
                if got != want {
                    let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).take(3).collect();
                    let missing: Vec<_> =
                        want.iter().filter(|w| !got.contains(w)).take(3).collect();
                    mismatches.push(format!(
                        "{name}: {} vs oracle {}; extra {extra:?}; missing {missing:?}",
                        got.len(),
                        want.len()
                    ));
                }
            }
            (Err(e), _) => {
                let message = e.to_string();
                assert!(message.starts_with("calendar: "), "{name}: unclear refusal {message}");
                refused.push(format!("{name}: {message} (oracle: {:?})", expected.error));
            }
            (Ok(_), None) => {}
        }
    }
    eprintln!("compared {compared} files, {occurrences} occurrences; refused {}", refused.len());
    for r in &refused {
        eprintln!("refused {r}");
    }
    assert!(mismatches.is_empty(), "{} files differ:\n{}", mismatches.len(), mismatches.join("\n"));
    assert!(compared > 120, "only {compared} files compared");
}
