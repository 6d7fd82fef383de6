//! Notices what other processes commit to the database — the `sanctum` command line, a script —
//! through SQLite's `data_version`, and tells the window (one `data:changed` event; screens
//! refresh what they show) and the reminder task (a block added in the terminal gets its
//! reminders). The check is one pragma on the app's connection every two seconds.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// Sent to the window when another process changed the data.
pub const EVENT: &str = "data:changed";
const EVERY: Duration = Duration::from_secs(2);

pub fn spawn(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut last: Option<i64> = None;
        loop {
            tokio::time::sleep(EVERY).await;
            let state = app.state::<AppState>();
            let Ok(version) = state.with_store(|s| s.data_version()).await else { continue };
            if last.is_some_and(|l| l != version) {
                state.reminders_changed.notify_one();
                let _ = app.emit(EVENT, ());
            }
            last = Some(version);
        }
    });
}
