//! The bridge from commands to the core's use cases ([`sanctum_core::api`]): run one on a
//! blocking thread, then announce what it changed — one `data:changed` event naming the topics
//! for the window, and a wake-up for the reminder and calendar tasks when the schedule moved.

use sanctum_core::api::DataChanged;
use sanctum_core::{Sanctum, Store};
use tauri::{AppHandle, Emitter, Manager};

use crate::commands::now;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// The one event every write announces; its payload names what changed.
pub const DATA_EVENT: &str = "data:changed";

/// Runs a use case on the app's connection.
pub async fn call<T, F>(app: &AppHandle, f: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Sanctum) -> sanctum_core::Result<T> + Send + 'static,
{
    let state = app.state::<AppState>();
    let now = now();
    let (result, changes) = state
        .with_store(move |s| {
            let api = Sanctum::new(s, now);
            let result = f(&api);
            Ok((result, api.changes()))
        })
        .await?;
    announce(app, changes);
    result.map_err(CommandError::from)
}

/// Runs a use case on the current thread (menu clicks, window events, start-up): for quick
/// use cases only, never one that talks to the network.
pub fn call_now<T>(
    app: &AppHandle,
    f: impl FnOnce(&Sanctum) -> sanctum_core::Result<T>,
) -> CommandResult<T> {
    let state = app.state::<AppState>();
    let now = now();
    let (result, changes) = state.with_store_now(|s| {
        let api = Sanctum::new(s, now);
        let result = f(&api);
        Ok((result, api.changes()))
    })?;
    announce(app, changes);
    result.map_err(CommandError::from)
}

/// Runs a use case that talks to the network on a connection of its own, so the window's
/// connection is never held while a server is slow.
pub async fn call_detached<T, F>(app: &AppHandle, f: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Sanctum) -> sanctum_core::Result<T> + Send + 'static,
{
    let store: Store = app.state::<AppState>().second_store()?;
    let now = now();
    let (result, changes) = tauri::async_runtime::spawn_blocking(move || {
        let api = Sanctum::new(&store, now);
        let result = f(&api);
        (result, api.changes())
    })
    .await
    .map_err(|e| CommandError::new("internal", format!("calendar task failed: {e}")))?;
    announce(app, changes);
    result.map_err(CommandError::from)
}

/// Tells the window what changed, and the background tasks when the schedule moved.
pub fn announce(app: &AppHandle, changes: DataChanged) {
    if changes.is_empty() {
        return;
    }
    if changes.moves_schedule() {
        app.state::<AppState>().blocks_changed();
    }
    let _ = app.emit(DATA_EVENT, changes);
}
