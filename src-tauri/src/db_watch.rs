//! Notices what other processes commit to the database — the `sanctum` command line, a script —
//! through SQLite's `data_version`: the window gets `data:changed` naming `everything` (screens
//! refresh what they show) and the reminder task re-plans. The check is one pragma on the app's
//! connection every two seconds.

use std::time::Duration;

use sanctum_core::api::DataChanged;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(2);

pub fn spawn(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        // The first reading is taken at once, before the window loads anything: a change made
        // after it is always noticed (one made before it is in what the window loads).
        let mut last: Option<i64> = None;
        loop {
            let state = app.state::<AppState>();
            if let Ok(version) = state.with_store(|s| s.data_version()).await {
                if last.is_some_and(|l| l != version) {
                    // Not `announce`: the app's own calendar connection commits too, and a
                    // publish woken by its own write would publish again, forever.
                    state.reminders_changed.notify_one();
                    let _ = app.emit(crate::api::DATA_EVENT, DataChanged::everything());
                }
                last = Some(version);
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
