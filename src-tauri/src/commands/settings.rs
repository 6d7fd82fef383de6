//! Commands for settings and the app's status.

use sanctum_core::Settings;
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::error::{CommandError, CommandResult};
use crate::shortcut;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct Status {
    /// Why the database could not be opened, if it could not.
    pub startup_error: Option<CommandError>,
    /// Why the quick-log shortcut is not active, if it is not.
    pub shortcut_problem: Option<String>,
    pub settings: Option<Settings>,
    pub database: Option<String>,
}

#[tauri::command(async)]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<Status> {
    let shortcut_problem = state.shortcut_problem.lock().ok().and_then(|p| p.clone());
    let found =
        state.with_store(|s| Ok((s.settings()?, s.path().display().to_string()))).await.ok();
    Ok(Status {
        startup_error: state.startup_error(),
        shortcut_problem,
        settings: found.as_ref().map(|(s, _)| s.clone()),
        database: found.map(|(_, p)| p),
    })
}

/// Changes one setting; a new shortcut is registered before it is saved, so a shortcut the
/// desktop refuses is never stored.
#[tauri::command(async)]
pub async fn set_setting(
    app: AppHandle,
    state: State<'_, AppState>,
    key: String,
    value: String,
) -> CommandResult<Settings> {
    if key == "shortcut" {
        let old = state.with_store(|s| Ok(s.settings()?.shortcut)).await?;
        shortcut::replace(&app, &old, &value).map_err(|m| CommandError {
            kind: "invalid",
            message: m,
            field: Some("shortcut"),
        })?;
        if let Ok(mut p) = state.shortcut_problem.lock() {
            *p = None;
        }
    }
    let settings = state.with_store(move |s| s.set_setting(&key, &value)).await?;
    state.blocks_changed(); // reminders re-plan; the calendar task re-reads its schedule
    Ok(settings)
}

/// All IANA zone names, for the time-zone picker.
#[tauri::command]
pub fn time_zones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect()
}
