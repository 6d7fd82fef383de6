//! Commands for calendars, suggestions and publishing (see `sanctum_core::api::calendars`).
//! These talk to the network, so they run on a connection of their own.

use sanctum_core::api::calendars::{Accepted, CalendarPatch, RefreshOutcome};
use sanctum_core::calendar::suggest::Suggestion;
use sanctum_core::calendar::sync::{PublishReport, Refreshed};
use sanctum_core::calendar::{Calendar, NewCalendar};
use tauri::{AppHandle, Manager};

use crate::api::{call, call_detached};
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command(async)]
pub async fn calendars(app: AppHandle) -> CommandResult<Vec<Calendar>> {
    call(&app, |a| a.calendars()).await
}

/// `password` is for CalDAV and goes to the system keyring only.
#[tauri::command(async)]
pub async fn add_calendar(
    app: AppHandle,
    calendar: NewCalendar,
    password: Option<String>,
) -> CommandResult<Refreshed> {
    call_detached(&app, move |a| a.add_calendar(calendar, || Ok(password))).await
}

#[tauri::command(async)]
pub async fn remove_calendar(app: AppHandle, id: i64) -> CommandResult<Calendar> {
    call(&app, move |a| a.remove_calendar(id)).await
}

#[tauri::command(async)]
pub async fn update_calendar(
    app: AppHandle,
    id: i64,
    patch: CalendarPatch,
) -> CommandResult<Calendar> {
    call(&app, move |a| a.edit_calendar(id, patch)).await
}

#[tauri::command(async)]
pub async fn set_calendar_password(
    app: AppHandle,
    id: i64,
    password: String,
) -> CommandResult<Calendar> {
    call_detached(&app, move |a| a.set_calendar_password(id, &password)).await
}

#[tauri::command(async)]
pub async fn refresh_calendars(
    app: AppHandle,
    id: Option<i64>,
) -> CommandResult<Vec<RefreshOutcome>> {
    call_detached(&app, move |a| a.refresh_calendars(id)).await
}

#[tauri::command(async)]
pub async fn suggestions(app: AppHandle, weeks: u32) -> CommandResult<Vec<Suggestion>> {
    call(&app, move |a| a.suggestions(weeks)).await
}

#[tauri::command(async)]
pub async fn accept_suggestion(app: AppHandle, suggestion: Suggestion) -> CommandResult<Accepted> {
    call(&app, move |a| a.accept_suggestion(&suggestion)).await
}

/// Publishes now (the calendar task also does it after every change).
#[tauri::command(async)]
pub async fn publish_now(app: AppHandle) -> CommandResult<Vec<PublishReport>> {
    let pending = app.state::<AppState>().publish_pending.clone();
    pending.store(false, std::sync::atomic::Ordering::SeqCst);
    let published = call_detached(&app, |a| a.publish()).await;
    if published.is_err() {
        // The calendar task tries again later.
        pending.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    published
}
