//! Commands for focus blocks, the week planner and occurrences.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use sanctum_core::focus::{
    FocusBlock, FocusFigures, FocusNow, NewFocusBlock, Occurrence, OccurrenceOutcome,
};
use sanctum_core::store::BatchSlotInstance;
use sanctum_core::time::{local_to_utc, IsoWeek, Span};
use sanctum_core::{Error, Interruption, InterruptionFilter};
use serde::Serialize;
use tauri::State;

use super::{now, user_file};
use crate::error::CommandResult;
use crate::state::AppState;

/// Everything the week planner draws.
#[derive(Debug, Serialize)]
pub struct WeekPlan {
    pub week: IsoWeek,
    pub previous_week: IsoWeek,
    pub next_week: IsoWeek,
    /// Monday to Sunday, local dates.
    pub days: Vec<NaiveDate>,
    pub timezone: String,
    pub blocks: Vec<FocusBlock>,
    pub occurrences: Vec<Occurrence>,
    pub interruptions: Vec<Interruption>,
    /// Batch slots of the week, drawn beside the focus blocks.
    pub batch_slots: Vec<BatchSlotInstance>,
    /// Events of the user's calendars (cached), drawn beside the focus blocks.
    pub calendar_events: Vec<sanctum_core::store::StoredEvent>,
    /// Occurrences that overlap a busy calendar event.
    pub clashes: Vec<sanctum_core::calendar::suggest::Clash>,
    pub figures: FocusFigures,
    pub now: chrono::DateTime<chrono::Utc>,
}

#[tauri::command(async)]
pub async fn week_plan(
    state: State<'_, AppState>,
    week: Option<IsoWeek>,
) -> CommandResult<WeekPlan> {
    let now = now();
    state
        .with_store(move |s| {
            let settings = s.settings()?;
            let zone = settings.zone();
            let week = week.unwrap_or_else(|| IsoWeek::containing(now, zone));
            let span = week.span(zone);
            let focus = s.focus_week(week, now)?;
            let interruptions = s.list_interruptions(&InterruptionFilter {
                span: Some(span),
                ..Default::default()
            })?;
            Ok(WeekPlan {
                week,
                previous_week: week.previous(),
                next_week: week.next(),
                days: (0..7).map(|n| week.monday() + Duration::days(n)).collect(),
                timezone: zone.name().to_string(),
                blocks: s.blocks()?,
                figures: focus.figures,
                occurrences: focus.occurrences,
                interruptions,
                batch_slots: s.batch_slots(span)?,
                calendar_events: s.calendar_events(span)?,
                clashes: s.clashes(span)?,
                now,
            })
        })
        .await
}

#[tauri::command(async)]
pub async fn add_block(
    state: State<'_, AppState>,
    block: NewFocusBlock,
) -> CommandResult<FocusBlock> {
    let now = now();
    let added = state.with_store(move |s| s.add_block(block, now)).await?;
    state.blocks_changed();
    Ok(added)
}

#[tauri::command(async)]
pub async fn update_block(
    state: State<'_, AppState>,
    id: i64,
    block: NewFocusBlock,
) -> CommandResult<FocusBlock> {
    let now = now();
    let updated = state.with_store(move |s| s.update_block(id, block, now)).await?;
    state.blocks_changed();
    Ok(updated)
}

#[tauri::command(async)]
pub async fn set_block_paused(
    state: State<'_, AppState>,
    id: i64,
    paused: bool,
) -> CommandResult<FocusBlock> {
    let now = now();
    let updated = state
        .with_store(move |s| {
            let mut spec = s.block(id)?.spec;
            spec.paused = paused;
            s.update_block(id, spec, now)
        })
        .await?;
    state.blocks_changed();
    Ok(updated)
}

#[tauri::command(async)]
pub async fn delete_block(state: State<'_, AppState>, id: i64) -> CommandResult<FocusBlock> {
    let deleted = state.with_store(move |s| s.delete_block(id)).await?;
    state.blocks_changed();
    Ok(deleted)
}

#[tauri::command(async)]
pub async fn record_outcome(
    state: State<'_, AppState>,
    block_id: i64,
    date: NaiveDate,
    outcome: OccurrenceOutcome,
) -> CommandResult<Occurrence> {
    let now = now();
    state.with_store(move |s| s.record_outcome(block_id, date, outcome, now)).await
}

/// Moves one occurrence; `start` and `end` are local wall times (`2026-11-27T09:00`) in the
/// user's zone.
#[tauri::command(async)]
pub async fn move_occurrence(
    state: State<'_, AppState>,
    block_id: i64,
    date: NaiveDate,
    start: String,
    end: String,
) -> CommandResult<Occurrence> {
    let moved = state
        .with_store(move |s| {
            let zone = s.zone()?;
            let wall = |field: &'static str, text: &str| {
                NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
                    .map(|t| local_to_utc(zone, t))
                    .map_err(|_| Error::invalid(field, format!("'{text}' is not a date and time")))
            };
            let to = Span { start: wall("start", &start)?, end: wall("end", &end)? };
            s.move_occurrence(block_id, date, to)
        })
        .await?;
    state.blocks_changed();
    Ok(moved)
}

/// Ended occurrences that still wait for "how did it go?".
#[tauri::command(async)]
pub async fn unanswered(state: State<'_, AppState>) -> CommandResult<Vec<Occurrence>> {
    let now = now();
    state.with_store(move |s| s.unanswered(now)).await
}

#[tauri::command(async)]
pub async fn focus_now(state: State<'_, AppState>) -> CommandResult<FocusNow> {
    let now = now();
    state.with_store(move |s| s.focus_now(now)).await
}

/// Writes the blocks as an .ics file at `path` (`~/` is the home folder); returns the full path.
#[tauri::command(async)]
pub async fn export_ics(state: State<'_, AppState>, path: String) -> CommandResult<String> {
    let now = now();
    state
        .with_store(move |s| {
            let path = user_file(&path)?;
            s.write_file("path", &path, s.blocks_ics(now)?.as_bytes())?;
            Ok(path.display().to_string())
        })
        .await
}
