//! Commands for calendars: subscriptions and CalDAV accounts, refresh, suggestions, publishing.
//! Network work runs on a blocking thread without the app's database connection, so the rest of
//! the app stays responsive while a server is slow.

use sanctum_core::calendar::suggest::Suggestion;
use sanctum_core::calendar::sync::{self, PublishReport, Refreshed};
use sanctum_core::calendar::{Calendar, CalendarKind, NewCalendar};
use sanctum_core::focus::Occurrence;
use serde::Serialize;
use tauri::State;

use super::{now, user_path};
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Runs network work on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> sanctum_core::Result<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(move || f().map_err(CommandError::from))
        .await
        .map_err(|e| CommandError::new("internal", format!("calendar task failed: {e}")))?
}

/// Reads one calendar (network without the lock) and saves the outcome.
pub async fn refresh_one(state: &AppState, id: i64) -> CommandResult<Refreshed> {
    let now = now();
    let (calendar, zone) = state.with_store(move |s| Ok((s.calendar(id)?, s.zone()?))).await?;
    let fetched =
        blocking(move || Ok(sync::fetch(&calendar, sync::refresh_window(now), zone))).await?;
    state.with_store(move |s| sync::save_refresh(s, id, fetched, now)).await
}

#[tauri::command(async)]
pub async fn calendars(state: State<'_, AppState>) -> CommandResult<Vec<Calendar>> {
    state.with_store(|s| s.calendars()).await
}

/// Adds a calendar, all or nothing (checked and read without the database lock, then kept with
/// its events in one write). `password` is for CalDAV and goes to the system keyring only.
#[tauri::command(async)]
pub async fn add_calendar(
    state: State<'_, AppState>,
    mut calendar: NewCalendar,
    password: Option<String>,
) -> CommandResult<Refreshed> {
    if calendar.kind == CalendarKind::File {
        calendar.location = user_path(&calendar.location)?.display().to_string();
    }
    let now = now();
    let zone = state.with_store(|s| s.zone()).await?;
    let prepared = blocking(move || {
        sync::prepare_add(calendar, || Ok(password), sync::refresh_window(now), zone)
    })
    .await?;
    let added = state.with_store(move |s| sync::commit_add(s, prepared, now)).await?;
    state.blocks_changed();
    Ok(added)
}

#[tauri::command(async)]
pub async fn remove_calendar(state: State<'_, AppState>, id: i64) -> CommandResult<Calendar> {
    state.with_store(move |s| sync::remove(s, id)).await
}

#[tauri::command(async)]
pub async fn update_calendar(
    state: State<'_, AppState>,
    id: i64,
    name: String,
    read_busy: bool,
    publish: bool,
) -> CommandResult<Calendar> {
    let updated =
        state.with_store(move |s| s.update_calendar(id, &name, read_busy, publish)).await?;
    state.blocks_changed();
    Ok(updated)
}

#[tauri::command(async)]
pub async fn set_calendar_password(
    state: State<'_, AppState>,
    id: i64,
    password: String,
) -> CommandResult<Calendar> {
    let calendar = state.with_store(move |s| s.calendar(id)).await?;
    let Some(user) = calendar.spec.username.clone() else {
        return Err(sanctum_core::Error::invalid("password", "this calendar has no account").into());
    };
    let url = calendar.spec.location.clone();
    blocking(move || sync::sign_in(&url, &user, &password)).await?;
    Ok(calendar)
}

/// The outcome of refreshing one calendar, for the list.
#[derive(Debug, Serialize)]
pub struct RefreshOutcome {
    pub id: i64,
    pub name: String,
    pub events: Option<usize>,
    pub problems: Vec<String>,
    pub error: Option<String>,
}

/// Reads every calendar (or one) again; each reports its own outcome.
#[tauri::command(async)]
pub async fn refresh_calendars(
    state: State<'_, AppState>,
    id: Option<i64>,
) -> CommandResult<Vec<RefreshOutcome>> {
    let all = state.with_store(|s| s.calendars()).await?;
    let mut out = Vec::new();
    for c in all.into_iter().filter(|c| id.is_none_or(|id| id == c.id)) {
        let (id, name) = (c.id, c.spec.name.clone());
        out.push(match refresh_one(&state, id).await {
            Ok(r) => RefreshOutcome {
                id,
                name,
                events: Some(r.events),
                problems: r.problems,
                error: None,
            },
            Err(e) => {
                RefreshOutcome { id, name, events: None, problems: vec![], error: Some(e.message) }
            }
        });
    }
    Ok(out)
}

#[tauri::command(async)]
pub async fn suggestions(state: State<'_, AppState>, weeks: u32) -> CommandResult<Vec<Suggestion>> {
    let now = now();
    state.with_store(move |s| s.suggestions(now, weeks)).await
}

#[tauri::command(async)]
pub async fn accept_suggestion(
    state: State<'_, AppState>,
    suggestion: Suggestion,
) -> CommandResult<Occurrence> {
    let now = now();
    let accepted = state.with_store(move |s| s.accept_suggestion(&suggestion, now)).await?;
    state.blocks_changed();
    Ok(accepted)
}

/// Publishes now (the calendar task also does it after every change).
#[tauri::command(async)]
pub async fn publish_now(state: State<'_, AppState>) -> CommandResult<Vec<PublishReport>> {
    let store = state.second_store()?;
    state.publish_pending.store(false, std::sync::atomic::Ordering::SeqCst);
    let published = blocking(move || sync::publish_all(&store)).await;
    if published.is_err() {
        // The calendar task tries again later.
        state.publish_pending.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    published
}
