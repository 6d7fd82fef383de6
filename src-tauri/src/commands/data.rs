//! Commands for the user's own copy of their data (see `sanctum_core::api::data`), and the
//! desktop's file dialogs that pick where it goes.

use std::path::PathBuf;

use sanctum_core::api::data::{ChosenFile, FileAction};
use sanctum_core::api::{Confirm, Exported};
use sanctum_core::store::ImportReport;
use sanctum_core::time::IsoWeek;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

use crate::api::call;
use crate::error::{CommandError, CommandResult};

/// The environment variable that stands in for the file dialog in the end-to-end tests (a
/// native dialog cannot be driven over WebDriver): the "picked" file is the action's
/// suggested name in this folder, and it does not confirm replacing (the page asks instead).
const TEST_CHOICE_DIR: &str = "SANCTUM_TEST_CHOOSE_DIR";

/// Lets the user pick the file `action` writes (a save dialog offering the action's own dated
/// name; a report's names its `week`) or reads (an open dialog); `None` when they cancel.
#[tauri::command(async)]
pub async fn choose_file(
    app: AppHandle,
    action: FileAction,
    week: Option<IsoWeek>,
) -> CommandResult<Option<ChosenFile>> {
    let name = call(&app, move |a| a.suggested_file_name(action, week)).await?;
    if let Some(dir) = std::env::var_os(TEST_CHOICE_DIR).filter(|d| !d.is_empty()) {
        let path = PathBuf::from(dir).join(name);
        return Ok(Some(ChosenFile { path: path.display().to_string(), replace_confirmed: false }));
    }
    let (title, kind, extensions) = action.dialog();
    let folder = app
        .path()
        .document_dir()
        .ok()
        .filter(|d| d.is_dir())
        .or_else(|| app.path().home_dir().ok());
    let mut dialog = app.dialog().file().set_title(title);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    if let Some(folder) = folder {
        dialog = dialog.set_directory(folder);
    }
    if !extensions.is_empty() {
        dialog = dialog.add_filter(kind, extensions);
    }
    let picked = if action == FileAction::Import {
        dialog.blocking_pick_file()
    } else {
        dialog.set_file_name(name).blocking_save_file()
    };
    let Some(picked) = picked else { return Ok(None) };
    let path = picked.into_path().map_err(|e| {
        CommandError::new("invalid", format!("the dialog gave a location that is not a file: {e}"))
    })?;
    // GTK's save dialog asks before it lets an existing file be picked.
    let replace_confirmed = action != FileAction::Import;
    Ok(Some(ChosenFile { path: path.display().to_string(), replace_confirmed }))
}

#[tauri::command(async)]
pub async fn backup(
    app: AppHandle,
    path: String,
    replace: bool,
) -> CommandResult<Confirm<Exported>> {
    call(&app, move |a| a.backup(&path, replace)).await
}

#[tauri::command(async)]
pub async fn export_json(
    app: AppHandle,
    path: String,
    replace: bool,
) -> CommandResult<Confirm<Exported>> {
    call(&app, move |a| a.export_json(&path, replace)).await
}

#[tauri::command(async)]
pub async fn export_csv(
    app: AppHandle,
    dir: String,
    replace: bool,
) -> CommandResult<Confirm<Exported>> {
    call(&app, move |a| a.export_csv(&dir, replace)).await
}

#[tauri::command(async)]
pub async fn import_json(app: AppHandle, path: String) -> CommandResult<ImportReport> {
    call(&app, move |a| a.import_json(&path)).await
}
