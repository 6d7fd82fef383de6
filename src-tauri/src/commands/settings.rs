//! Commands for settings and the app's status (see `sanctum_core::api::settings`). The global
//! shortcut is the desktop's, so registering it stays here.

use sanctum_core::api::AppStatus;
use sanctum_core::Settings;
use tauri::{AppHandle, Manager};

use crate::api::call;
use crate::error::{CommandError, CommandResult};
use crate::shortcut;
use crate::state::AppState;

#[tauri::command(async)]
pub async fn app_status(app: AppHandle) -> CommandResult<AppStatus> {
    let state = app.state::<AppState>();
    let shortcut_problem = state.shortcut_problem.lock().ok().and_then(|p| p.clone());
    let found =
        call(&app, |a| Ok((a.settings()?, a.store().path().display().to_string()))).await.ok();
    Ok(AppStatus {
        startup_error: state.startup_error(),
        shortcut_problem,
        settings: found.as_ref().map(|(s, _)| s.clone()),
        database: found.map(|(_, p)| p),
    })
}

/// Changes one setting; a new shortcut is registered before it is saved, so a shortcut the
/// desktop refuses is never stored.
#[tauri::command(async)]
pub async fn set_setting(app: AppHandle, key: String, value: String) -> CommandResult<Settings> {
    if key == "shortcut" {
        let old = call(&app, |a| Ok(a.settings()?.shortcut)).await?;
        shortcut::replace(&app, &old, &value).map_err(|m| CommandError {
            code: "invalid".into(),
            message: m,
            field: Some("shortcut".into()),
        })?;
        if let Ok(mut p) = app.state::<AppState>().shortcut_problem.lock() {
            *p = None;
        }
    }
    call(&app, move |a| a.set_setting(&key, &value)).await
}

/// All IANA zone names, for the time-zone picker.
#[tauri::command]
pub fn time_zones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect()
}
