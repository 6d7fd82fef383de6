//! Commands for the weekly review and its report (see `sanctum_core::api::review`).

use sanctum_core::api::review::{ReportFormat, ReviewScreen};
use sanctum_core::api::{Confirm, Exported};
use sanctum_core::store::ReviewNote;
use sanctum_core::time::IsoWeek;
use tauri::AppHandle;

use crate::api::call;
use crate::error::CommandResult;

#[tauri::command(async)]
pub async fn week_review(app: AppHandle, week: Option<IsoWeek>) -> CommandResult<ReviewScreen> {
    call(&app, move |a| a.review_screen(week)).await
}

#[tauri::command(async)]
pub async fn save_review_note(
    app: AppHandle,
    week: IsoWeek,
    next_change: String,
) -> CommandResult<ReviewNote> {
    call(&app, move |a| a.save_review_note(week, &next_change)).await
}

#[tauri::command(async)]
pub async fn export_report(
    app: AppHandle,
    week: IsoWeek,
    format: ReportFormat,
    path: String,
    replace: bool,
) -> CommandResult<Confirm<Exported>> {
    call(&app, move |a| a.export_report(week, format, &path, replace)).await
}
