//! Read-then-write changes racing other writers on the same file, each process with its own
//! connection: every change must land (none fails with "database is locked"), and what was read
//! before the write must still hold when it is written (no two priorities with one rank).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Barrier};

use chrono::{DateTime, Utc};
use sanctum_core::time::IsoWeek;
use sanctum_core::Store;

fn now() -> DateTime<Utc> {
    "2026-11-25T10:00:00Z".parse().unwrap()
}

#[test]
fn priorities_added_from_four_connections_at_once_all_land_with_distinct_ranks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.sqlite3");
    Store::open(&path).unwrap();
    let week: IsoWeek = "2026-W48".parse().unwrap();
    let writers = 4;
    let each = 25;
    let barrier = Arc::new(Barrier::new(writers));
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let (barrier, path) = (barrier.clone(), path.clone());
            std::thread::spawn(move || {
                let store = Store::open(&path).unwrap();
                barrier.wait();
                for i in 0..each {
                    // Reads the week's priorities for the next rank, then inserts: a DEFERRED
                    // transaction is overtaken here by the other writers.
                    store
                        .add_priority(week, &format!("writer {w} priority {i}"), true, now())
                        .unwrap_or_else(|e| panic!("writer {w}, priority {i}: {e}"));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let list = store.priorities(week).unwrap();
    assert_eq!(list.len(), writers * each);
    let mut ranks: Vec<i64> = list.iter().map(|p| i64::from(p.rank)).collect();
    ranks.sort_unstable();
    ranks.dedup();
    assert_eq!(ranks.len(), writers * each, "every rank is held by one priority");
}

#[test]
fn blocks_added_at_once_from_two_connections_never_overlap() {
    use sanctum_core::focus::{NewFocusBlock, Repeat};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blocks.sqlite3");
    Store::open(&path).unwrap();
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|w| {
            let (barrier, path) = (barrier.clone(), path.clone());
            std::thread::spawn(move || {
                let store = Store::open(&path).unwrap();
                barrier.wait();
                let mut landed = 0;
                for day in 0..20 {
                    let date = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
                        + chrono::Duration::days(day);
                    let block = NewFocusBlock {
                        title: format!("writer {w}"),
                        intention: String::new(),
                        repeat: Repeat::Once { date },
                        start: chrono::NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                        end: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                        timezone: "Europe/London".into(),
                        active_from: date,
                        active_until: None,
                        paused: false,
                    };
                    match store.add_block(block, now()) {
                        Ok(_) => landed += 1,
                        Err(e) => assert_eq!(e.field(), Some("start"), "writer {w}: {e}"),
                    }
                }
                landed
            })
        })
        .collect();
    let landed: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.blocks().unwrap().len(), 20, "one block per afternoon, never two");
    assert_eq!(landed, 20);
}
