//! Commands for the weekly review screen and the shareable report.

use chrono::NaiveDate;
use sanctum_core::report;
use sanctum_core::review::{day_span, WeekReview};
use sanctum_core::store::ReviewNote;
use sanctum_core::time::IsoWeek;
use sanctum_core::{Interruption, InterruptionFilter};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{now, user_file};
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct ReviewScreen {
    pub review: WeekReview,
    /// The charts, as SVG made by the same code as the report.
    pub daily_svg: String,
    pub trend_svg: String,
    pub note: Option<ReviewNote>,
    pub current_week: IsoWeek,
    pub previous_week: IsoWeek,
    pub next_week: IsoWeek,
    /// This week's review time has passed and the week is not reviewed yet.
    pub review_due: bool,
}

#[tauri::command(async)]
pub async fn week_review(
    state: State<'_, AppState>,
    week: Option<IsoWeek>,
) -> CommandResult<ReviewScreen> {
    let now = now();
    state
        .with_store(move |s| {
            let settings = s.settings()?;
            let current = IsoWeek::containing(now, settings.zone());
            let week = week.unwrap_or(current);
            let review = s.week_review(week, now)?;
            let review_due = settings.review_due(current).is_some_and(|due| due <= now)
                && s.review_note(current)?.is_none();
            Ok(ReviewScreen {
                daily_svg: report::daily_chart_svg(&review),
                trend_svg: report::trend_chart_svg(&review),
                note: s.review_note(week)?,
                previous_week: week.previous(),
                next_week: week.next(),
                current_week: current,
                review,
                review_due,
            })
        })
        .await
}

/// The interruptions behind a bar: those of one local day.
#[tauri::command(async)]
pub async fn day_entries(
    state: State<'_, AppState>,
    date: NaiveDate,
) -> CommandResult<Vec<Interruption>> {
    state
        .with_store(move |s| {
            let span = day_span(date, s.zone()?);
            s.list_interruptions(&InterruptionFilter { span: Some(span), ..Default::default() })
        })
        .await
}

#[tauri::command(async)]
pub async fn save_review_note(
    state: State<'_, AppState>,
    week: IsoWeek,
    next_change: String,
) -> CommandResult<ReviewNote> {
    let now = now();
    state.with_store(move |s| s.save_review_note(week, &next_change, now)).await
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Md,
    Html,
}

/// Writes the week's report as Markdown or HTML at `path`; returns the full path.
#[tauri::command(async)]
pub async fn export_report(
    state: State<'_, AppState>,
    week: IsoWeek,
    format: ReportFormat,
    path: String,
) -> CommandResult<String> {
    let now = now();
    state
        .with_store(move |s| {
            let path = user_file(&path)?;
            let review = s.week_review(week, now)?;
            let text = match format {
                ReportFormat::Md => report::markdown(&review),
                ReportFormat::Html => report::html(&review),
            };
            s.write_file("path", &path, text.as_bytes())?;
            Ok(path.display().to_string())
        })
        .await
}
