//! The calendar task: refreshes calendars on the user's schedule and publishes focus blocks after
//! they change, on its own database connection and a blocking thread, then tells the window
//! (`data:changed` naming `calendars`).
//!
//! It sleeps at most a minute, and wakes at once when blocks, calendars or settings change. A
//! calendar that failed is tried again after the refresh interval, not every minute; a failed
//! publish is tried again on the next wake (the journal makes that safe).

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use sanctum_core::api::{DataChanged, Topic};
use sanctum_desktop::calendars::run_once;
use tauri::{AppHandle, Emitter, Manager};

use crate::commands::now;
use crate::state::AppState;

const MAX_SLEEP: StdDuration = StdDuration::from_secs(60);

pub fn spawn(app: AppHandle) {
    let state = app.state::<AppState>();
    let changed = state.calendars_changed.clone();
    let pending = state.publish_pending.clone();
    let Ok(store) = state.second_store() else {
        return; // the window already shows why the database could not be opened
    };
    let store = std::sync::Arc::new(std::sync::Mutex::new(store));
    tauri::async_runtime::spawn(async move {
        let mut attempts: HashMap<i64, DateTime<Utc>> = HashMap::new();
        loop {
            let store = store.clone();
            let publish = pending.swap(false, Ordering::SeqCst);
            let mut tried = std::mem::take(&mut attempts);
            let outcome = tauri::async_runtime::spawn_blocking(move || {
                let store = store.lock().map_err(|_| "calendar connection poisoned".to_string())?;
                let result = run_once(&store, now(), publish, &mut tried);
                Ok::<_, String>((result, tried))
            })
            .await;
            match outcome {
                Ok(Ok(((changed_any, publish_failed), tried))) => {
                    attempts = tried;
                    if publish_failed {
                        pending.store(true, Ordering::SeqCst);
                    }
                    if changed_any {
                        // Straight to the window, not `announce`: announcing a calendar change
                        // wakes this task to publish again.
                        let changed = DataChanged { topics: vec![Topic::Calendars] };
                        let _ = app.emit(crate::api::DATA_EVENT, changed);
                    }
                }
                Ok(Err(e)) => eprintln!("sanctum: calendars: {e}"),
                Err(e) => eprintln!("sanctum: calendars: {e}"),
            }
            tokio::select! {
                _ = tokio::time::sleep(MAX_SLEEP) => {}
                _ = changed.notified() => {}
            }
        }
    });
}
