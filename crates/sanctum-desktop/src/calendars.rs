//! The calendar round: refreshes the calendars whose time has come and publishes focus blocks
//! when asked, on a connection of the host's. A calendar that failed is tried again after the
//! refresh interval, not every round; a failed publish is tried again on the next round (the
//! journal makes that safe).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sanctum_core::calendar::{sync, Reader};
use sanctum_core::Store;

/// One round: refresh what is due, publish if asked. Returns (anything changed, publish failed).
pub fn run_once(
    store: &Store,
    now: DateTime<Utc>,
    publish: bool,
    attempts: &mut HashMap<i64, DateTime<Utc>>,
) -> (bool, bool) {
    let (Ok(settings), Ok(calendars)) = (store.settings(), store.calendars()) else {
        return (false, publish);
    };
    let mut changed = false;
    let every = Duration::minutes(i64::from(settings.calendar_refresh_minutes));
    let due = sync::due(&calendars, attempts, every, now);
    for c in calendars.iter().filter(|c| due.contains(&c.id)) {
        attempts.insert(c.id, now);
        let fetched = sync::fetch(c, sync::refresh_window(now), &Reader::of(&settings));
        if let Err(e) = sync::save_refresh(store, c.id, fetched, now) {
            eprintln!("sanctum: calendar {}: {e}", c.id);
        }
        changed = true;
    }
    let mut failed = false;
    if publish && calendars.iter().any(|c| c.spec.publish) {
        match sync::publish_all(store) {
            Ok(_) => changed = true,
            Err(e) => {
                eprintln!("sanctum: publishing: {e}");
                failed = true;
                changed = true;
            }
        }
    }
    (changed, failed)
}

/// The background guard's calendar loop, on a connection of its own: a refresh round every
/// minute (each calendar on its own interval), and a publish when another connection has
/// committed since the last round (blocks may have moved). Its own commits do not change its
/// own `data_version`, so a publish never wakes another.
#[cfg(target_os = "linux")]
pub fn spawn_loop(db: std::path::PathBuf) {
    let spawned = std::thread::Builder::new().name("sanctum-calendars".into()).spawn(move || {
        let store = match Store::open(&db) {
            Ok(s) => s,
            Err(e) => return eprintln!("sanctum: calendars: {e}"),
        };
        let mut attempts = HashMap::new();
        let mut publish = true;
        loop {
            let (_, failed) = run_once(&store, crate::now(), publish, &mut attempts);
            let seen = store.data_version().ok();
            std::thread::sleep(crate::reminders::MAX_SLEEP);
            publish = failed || store.data_version().ok() != seen;
        }
    });
    if let Err(e) = spawned {
        eprintln!("sanctum: calendars: {e}");
    }
}
