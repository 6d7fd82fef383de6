//! Commands for the user's own copy of their data (see `sanctum_core::api::data`).

use sanctum_core::api::Exported;
use sanctum_core::store::ImportReport;
use tauri::AppHandle;

use crate::api::call;
use crate::error::CommandResult;

#[tauri::command(async)]
pub async fn backup(app: AppHandle, path: String) -> CommandResult<Exported> {
    call(&app, move |a| a.backup(&path)).await
}

#[tauri::command(async)]
pub async fn export_json(app: AppHandle, path: String) -> CommandResult<Exported> {
    call(&app, move |a| a.export_json(&path)).await
}

#[tauri::command(async)]
pub async fn export_csv(app: AppHandle, dir: String) -> CommandResult<Exported> {
    call(&app, move |a| a.export_csv(&dir)).await
}

#[tauri::command(async)]
pub async fn import_json(app: AppHandle, path: String) -> CommandResult<ImportReport> {
    call(&app, move |a| a.import_json(&path)).await
}
