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
    let asked = query.clone();
    let listing = call(&app, move |a| a.fires(asked)).await?;
    if listing.total > listing.items.len() as u64 {
        // A long list shown: mark it in the background (done at once if it is marked), a
        // slice at a time so other commands get the store in between, and a jump deep into it
        // is quick from the start.
        tauri::async_runtime::spawn(async move {
            while let Ok(true) = call(&app, {
                let query = query.clone();
                move |a| a.prepare_fires(query, MARK_SLICE)
            })
            .await
            {}
        });
    }
    Ok(listing)
}

/// Rows marked per turn with the store (about 2 ms at a time).
const MARK_SLICE: u64 = 65_536;

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
