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
    let ask_start_at_login = call(&app, |a| a.ask_about_login_start()).await.unwrap_or(false);
    Ok(AppStatus {
        startup_error: state.startup_error(),
        shortcut_problem,
        settings: found.as_ref().map(|(s, _)| s.clone()),
        database: found.map(|(_, p)| p),
        ask_start_at_login,
    })
}

/// Why do-not-disturb during focus cannot work on this desktop, if it cannot. The Settings
/// screen asks, not the first screen: finding out asks the desktop (D-Bus, `gsettings`), which
/// can take long and must not hold up the page's start.
#[tauri::command(async)]
pub async fn quiet_check() -> Option<String> {
    tauri::async_runtime::spawn_blocking(|| crate::guard::available().err()).await.ok().flatten()
}

/// Changes one setting; a new shortcut is registered before it is saved, so a shortcut the
/// desktop refuses is never stored; likewise the login entry for `start_at_login`.
#[tauri::command(async)]
pub async fn set_setting(app: AppHandle, key: String, value: String) -> CommandResult<Settings> {
    apply_setting(&app, &key, &value).await
}

/// [`set_setting`]: what the desktop must do first, then the setting saved.
pub async fn apply_setting(app: &AppHandle, key: &str, value: &str) -> CommandResult<Settings> {
    let (key, value) = (key.to_string(), value.to_string());
    if key == "start_at_login" {
        let on = sanctum_core::store::parse_switch("start_at_login", &value)?;
        crate::autostart::set(on).map_err(|m| CommandError {
            code: "invalid".into(),
            message: m,
            field: Some("start_at_login".into()),
        })?;
    }
    if key == "shortcut" {
        let old = call(app, |a| Ok(a.settings()?.shortcut)).await?;
        shortcut::replace(app, &old, &value).map_err(|m| CommandError {
            code: "invalid".into(),
            message: m,
            field: Some("shortcut".into()),
        })?;
        if let Ok(mut p) = app.state::<AppState>().shortcut_problem.lock() {
            *p = None;
        }
    }
    call(app, move |a| a.set_setting(&key, &value)).await
}

/// All IANA zone names, for the time-zone picker.
#[tauri::command]
pub fn time_zones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect()
}
