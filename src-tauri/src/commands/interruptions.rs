//! Commands for the interruption log (see `sanctum_core::api::fires`).

use chrono::NaiveDate;
use sanctum_core::api::fires::{FireEdit, FireQuery, Listing};
use sanctum_core::store::RecentNames;
use sanctum_core::{Interruption, NewInterruption};
use tauri::AppHandle;

use crate::api::call;
use crate::error::CommandResult;

#[tauri::command(async)]
pub async fn preview_quicklog(app: AppHandle, text: String) -> CommandResult<NewInterruption> {
    call(&app, move |a| a.preview_fire(&text)).await
}

#[tauri::command(async)]
pub async fn log_quicklog(app: AppHandle, text: String) -> CommandResult<Interruption> {
    call(&app, move |a| a.log_fire(&text)).await
}

#[tauri::command(async)]
pub async fn list_interruptions(app: AppHandle, query: FireQuery) -> CommandResult<Listing> {
    call(&app, move |a| a.fires(query)).await
}

#[tauri::command(async)]
pub async fn update_interruption(
    app: AppHandle,
    id: i64,
    edit: FireEdit,
) -> CommandResult<Interruption> {
    call(&app, move |a| a.edit_fire(id, edit)).await
}

#[tauri::command(async)]
pub async fn delete_interruption(app: AppHandle, id: i64) -> CommandResult<Interruption> {
    call(&app, move |a| a.delete_fire(id)).await
}

#[tauri::command(async)]
pub async fn restore_interruption(
    app: AppHandle,
    interruption: Interruption,
) -> CommandResult<Interruption> {
    call(&app, move |a| a.restore_fire(&interruption)).await
}

#[tauri::command(async)]
pub async fn recent_names(app: AppHandle) -> CommandResult<RecentNames> {
    call(&app, |a| a.recent_names()).await
}

#[tauri::command(async)]
pub async fn day_entries(app: AppHandle, date: NaiveDate) -> CommandResult<Vec<Interruption>> {
    call(&app, move |a| a.day_fires(date)).await
}
