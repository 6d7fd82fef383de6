//! Commands for focus blocks, the week planner and occurrences (see `sanctum_core::api::focus`).

use chrono::NaiveDate;
use sanctum_core::api::focus::{BlockPatch, Unanswered, WeekPlan, WhichOccurrence};
use sanctum_core::api::{Confirm, Exported};
use sanctum_core::focus::{FocusBlock, FocusNow, Occurrence, OccurrenceOutcome};
use sanctum_core::time::IsoWeek;
use tauri::AppHandle;

use crate::api::call;
use crate::error::CommandResult;

#[tauri::command(async)]
pub async fn week_plan(app: AppHandle, week: Option<IsoWeek>) -> CommandResult<WeekPlan> {
    call(&app, move |a| a.week_plan(week)).await
}

#[tauri::command(async)]
pub async fn add_block(app: AppHandle, block: BlockPatch) -> CommandResult<FocusBlock> {
    call(&app, move |a| a.add_block(block)).await
}

#[tauri::command(async)]
pub async fn update_block(app: AppHandle, id: i64, block: BlockPatch) -> CommandResult<FocusBlock> {
    call(&app, move |a| a.edit_block(id, block)).await
}

#[tauri::command(async)]
pub async fn set_block_paused(app: AppHandle, id: i64, paused: bool) -> CommandResult<FocusBlock> {
    call(&app, move |a| a.set_block_paused(id, paused)).await
}

#[tauri::command(async)]
pub async fn delete_block(app: AppHandle, id: i64) -> CommandResult<FocusBlock> {
    call(&app, move |a| a.delete_block(id)).await
}

#[tauri::command(async)]
pub async fn record_outcome(
    app: AppHandle,
    block_id: i64,
    date: NaiveDate,
    outcome: OccurrenceOutcome,
) -> CommandResult<Occurrence> {
    let which = WhichOccurrence { block_id: Some(block_id), date: Some(date) };
    call(&app, move |a| a.answer(which, outcome)).await
}

#[tauri::command(async)]
pub async fn move_occurrence(
    app: AppHandle,
    block_id: i64,
    date: NaiveDate,
    start: String,
    end: String,
) -> CommandResult<Occurrence> {
    call(&app, move |a| a.move_occurrence(block_id, date, &start, &end)).await
}

#[tauri::command(async)]
pub async fn unanswered(app: AppHandle, limit: Option<u32>) -> CommandResult<Unanswered> {
    call(&app, move |a| a.unanswered(limit)).await
}

#[tauri::command(async)]
pub async fn focus_now(app: AppHandle) -> CommandResult<FocusNow> {
    call(&app, |a| a.focus_now()).await
}

#[tauri::command(async)]
pub async fn export_ics(
    app: AppHandle,
    path: String,
    replace: bool,
) -> CommandResult<Confirm<Exported>> {
    call(&app, move |a| a.export_ics(&path, replace)).await
}

/// Focus from this minute, for the focus length or until `until` (`17:00`).
#[tauri::command(async)]
pub async fn start_focus_now(app: AppHandle, until: Option<String>) -> CommandResult<Occurrence> {
    call(&app, move |a| a.start_focus_now(until.as_deref())).await
}

/// Ends the running block now, recorded as shortened.
#[tauri::command(async)]
pub async fn end_focus_now(app: AppHandle) -> CommandResult<Occurrence> {
    call(&app, |a| a.end_focus_now()).await
}
