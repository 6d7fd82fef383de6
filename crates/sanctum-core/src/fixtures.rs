//! Test support shared by the core's tests and the end-to-end tests (feature `fixtures`):
//! one week of data whose review figures are worked out by hand in `store::review`'s tests.

// Test support: a failed step is a failed test.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveTime, Utc};

use crate::focus::{parse_days, NewFocusBlock, OccurrenceOutcome, Repeat};
use crate::planning::{BatchSlot, PriorityStatus};
use crate::quicklog::parse_new;
use crate::time::IsoWeek;
use crate::Store;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn block(title: &str, days: &str, from: u32, to: u32) -> NewFocusBlock {
    NewFocusBlock {
        title: title.into(),
        intention: String::new(),
        repeat: Repeat::Weekly { days: parse_days(days).unwrap() },
        start: NaiveTime::from_hms_opt(from, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(to, 0, 0).unwrap(),
        timezone: "UTC".into(),
        active_from: "2026-11-01".parse().unwrap(),
        active_until: None,
        paused: false,
    }
}

/// Fills `s` with the hand-computed week (UTC, 2026-W48, Mon 23 – Sun 29 November): focus
/// Tue kept, Thu shortened by 60, Mon's hour broken; a Friday Email slot; four fires in the week
/// and one the week before; three priorities (done, partly, dropped); one win.
pub fn review_week(s: &Store) {
    s.set_setting("timezone", "UTC").unwrap();
    let created = t("2026-11-01T08:00:00Z");
    let strategy = s.add_block(block("Strategy", "tue,thu", 13, 17), created).unwrap();
    let ops = s.add_block(block("Ops review", "mon", 9, 10), created).unwrap();
    let d = |x: &str| x.parse().unwrap();
    s.record_outcome(strategy.id, d("2026-11-24"), OccurrenceOutcome::Kept, created).unwrap();
    let short =
        OccurrenceOutcome::Shortened { minutes_lost: 60, reason: Some("vendor call".into()) };
    s.record_outcome(strategy.id, d("2026-11-26"), short, created).unwrap();
    let broken = OccurrenceOutcome::Broken { reason: "incident".into() };
    s.record_outcome(ops.id, d("2026-11-23"), broken, created).unwrap();
    let slot = BatchSlot {
        days: parse_days("fri").unwrap(),
        start: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(16, 30, 0).unwrap(),
        timezone: "UTC".into(),
    };
    s.add_batch("Email", Some(slot), created).unwrap();
    for (at, line) in [
        ("2026-11-23T09:30:00Z", "@Sam slack 20m #vendor >Priya invoices"),
        ("2026-11-24T14:00:00Z", "@Sam slack 15m #vendor invoices again"),
        ("2026-11-25T10:00:00Z", "@Ana call 30m #people =no not ours"),
        ("2026-11-27T11:00:00Z", "@Ops alert 45m #incident ~Email disk"),
        ("2026-11-16T11:00:00Z", "@Old email 10m last week"),
    ] {
        s.log_interruption(parse_new(line, t(at), chrono_tz::UTC).unwrap(), t(at)).unwrap();
    }
    let week: IsoWeek = "2026-W48".parse().unwrap();
    for (title, status) in [
        ("Roadmap", PriorityStatus::Done),
        ("Hiring", PriorityStatus::Partly),
        ("Offsite", PriorityStatus::Dropped),
    ] {
        let p = s.add_priority(week, title, false, created).unwrap();
        s.set_priority_status(p.id, status, None, created).unwrap();
    }
    s.add_win(d("2026-11-26"), "Closed the vendor audit", Some("no findings"), None, created)
        .unwrap();
}

/// An instant written as RFC 3339.
pub fn at(s: &str) -> DateTime<Utc> {
    t(s)
}

/// An empty in-memory store whose user lives in `zone`.
pub fn store_in(zone: &str) -> Store {
    let s = Store::open_in_memory().unwrap();
    s.set_setting("timezone", zone).unwrap();
    s
}
