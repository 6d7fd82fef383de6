//! Commands for the background guard: where a clicked notification goes, the quick-log box
//! brought up by the shortcut, and the once-asked question about starting at login.

use sanctum_core::api::guard::Navigation;
use sanctum_core::Settings;
use tauri::{AppHandle, Manager};

use crate::api::call;
use crate::error::CommandResult;
use crate::state::AppState;

/// Where a clicked notification wanted the page, if the page has not been there yet.
#[tauri::command]
pub fn take_navigation(app: AppHandle) -> Option<Navigation> {
    // The page asks once it has started: the quick-log box is focused and its data shown.
    crate::trace("page-ready");
    app.state::<AppState>().pending_navigation.lock().ok().and_then(|mut p| p.take())
}

/// The quick-log box was used or dismissed: a window the shortcut brought up goes again.
#[tauri::command]
pub fn quicklog_done(app: AppHandle) {
    crate::shortcut::quicklog_done(&app);
}

/// The answer to "start Sanctum when you log in?", asked once.
#[tauri::command(async)]
pub async fn answer_login_start(app: AppHandle, start: bool) -> CommandResult<Settings> {
    let settings =
        super::settings::apply_setting(&app, "start_at_login", if start { "on" } else { "off" })
            .await?;
    call(&app, |a| a.login_start_answered()).await?;
    Ok(settings)
}
