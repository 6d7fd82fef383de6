//! Commands for the interruption log.

use chrono::Duration;
use sanctum_core::interruption::InterruptionPatch;
use sanctum_core::quicklog;
use sanctum_core::store::RecentNames;
use sanctum_core::time::{parse_when, IsoWeek, Span};
use sanctum_core::{Interruption, InterruptionFilter, NewInterruption};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::now;
use crate::error::CommandResult;
use crate::state::AppState;

/// Which stretch of time the list shows.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Today,
    Week,
    All,
}

/// The list screen's query: a period plus the core's filter fields.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub period: Period,
    /// For `week`: which ISO week (default: the current one).
    pub week: Option<IsoWeek>,
    #[serde(flatten)]
    pub filter: InterruptionFilter,
}

#[derive(Debug, Serialize)]
pub struct Listing {
    pub items: Vec<Interruption>,
    /// The week shown, and its neighbours for the previous/next buttons.
    pub week: Option<IsoWeek>,
    pub previous_week: Option<IsoWeek>,
    pub next_week: Option<IsoWeek>,
    pub total_minutes: u64,
}

/// What a quick-log line would store, without storing it (the live preview).
#[tauri::command(async)]
pub async fn preview_quicklog(
    state: State<'_, AppState>,
    text: String,
) -> CommandResult<NewInterruption> {
    let now = now();
    state.with_store(move |s| quicklog::parse_new(&text, now, s.zone()?)).await
}

#[tauri::command(async)]
pub async fn log_quicklog(state: State<'_, AppState>, text: String) -> CommandResult<Interruption> {
    let now = now();
    state
        .with_store(move |s| s.log_interruption(quicklog::parse_new(&text, now, s.zone()?)?, now))
        .await
}

#[tauri::command(async)]
pub async fn list_interruptions(
    state: State<'_, AppState>,
    query: ListQuery,
) -> CommandResult<Listing> {
    let now = now();
    state
        .with_store(move |s| {
            let zone = s.zone()?;
            let ListQuery { period, week, mut filter } = query;
            let week = match period {
                Period::Week => Some(week.unwrap_or_else(|| IsoWeek::containing(now, zone))),
                Period::Today | Period::All => None,
            };
            filter.span = match period {
                Period::Today => Some(Span::day_containing(now, zone)),
                Period::Week => week.map(|w| w.span(zone)),
                Period::All => None,
            };
            let items = s.list_interruptions(&filter)?;
            let total_minutes = items.iter().map(|i| u64::from(i.fields.minutes)).sum();
            Ok(Listing {
                items,
                week,
                previous_week: week.map(IsoWeek::previous),
                next_week: week.map(IsoWeek::next),
                total_minutes,
            })
        })
        .await
}

/// Applies `patch`; `when`, if given, is a local wall time (`2026-11-24T14:30`) in the user's zone.
#[tauri::command(async)]
pub async fn update_interruption(
    state: State<'_, AppState>,
    id: i64,
    mut patch: InterruptionPatch,
    when: Option<String>,
) -> CommandResult<Interruption> {
    let now = now();
    state
        .with_store(move |s| {
            if let Some(when) = when {
                patch.occurred_at = Some(parse_when(&when, now, s.zone()?)?);
            }
            s.update_interruption(id, patch, now)
        })
        .await
}

#[tauri::command(async)]
pub async fn delete_interruption(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<Interruption> {
    state.with_store(move |s| s.delete_interruption(id)).await
}

/// Puts a deleted interruption back (undo).
#[tauri::command(async)]
pub async fn restore_interruption(
    state: State<'_, AppState>,
    interruption: Interruption,
) -> CommandResult<Interruption> {
    state.with_store(move |s| s.restore_interruption(&interruption)).await
}

/// Sources, categories and delegates of the last 90 days, for suggestions and filter menus.
#[tauri::command(async)]
pub async fn recent_names(state: State<'_, AppState>) -> CommandResult<RecentNames> {
    let since = now() - Duration::days(90);
    state.with_store(move |s| s.recent_names(since)).await
}
