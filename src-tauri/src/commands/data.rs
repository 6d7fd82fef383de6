//! Commands for the user's own copy of their data: backup, JSON and CSV export, JSON import.

use sanctum_core::store::ImportReport;
use tauri::State;

use super::{now, user_file, user_path};
use crate::error::CommandResult;
use crate::state::AppState;

/// Writes a consistent copy of the database (SQLite's online backup); returns the path.
#[tauri::command(async)]
pub async fn backup(state: State<'_, AppState>, path: String) -> CommandResult<String> {
    state
        .with_store(move |s| {
            let path = user_file(&path)?;
            s.backup(&path, |_, _| {})?;
            Ok(path.display().to_string())
        })
        .await
}

/// Writes every row of every table as JSON; returns the path.
#[tauri::command(async)]
pub async fn export_json(state: State<'_, AppState>, path: String) -> CommandResult<String> {
    let now = now();
    state
        .with_store(move |s| {
            let path = user_file(&path)?;
            s.export_json_file(&path, now)?;
            Ok(path.display().to_string())
        })
        .await
}

/// Writes one CSV file per table into the folder `dir`; returns the folder.
#[tauri::command(async)]
pub async fn export_csv(state: State<'_, AppState>, dir: String) -> CommandResult<String> {
    state
        .with_store(move |s| {
            let dir = user_path(&dir)?;
            s.export_csv(&dir)?;
            Ok(dir.display().to_string())
        })
        .await
}

/// Imports a JSON export; rows already present are skipped.
#[tauri::command(async)]
pub async fn import_json(state: State<'_, AppState>, path: String) -> CommandResult<ImportReport> {
    state.with_store(move |s| s.import_json_file(&user_file(&path)?)).await
}
