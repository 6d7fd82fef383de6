//! Commands for priorities, batches and tasks, delegated work and wins (see
//! `sanctum_core::api::planning`).

use chrono::NaiveDate;
use sanctum_core::api::planning::{BatchInput, Carried, TaskInput, TasksOverview, WeekPriorities};
use sanctum_core::api::Confirm;
use sanctum_core::planning::{Batch, Ownership, Priority, PriorityStatus, Task, Win};
use sanctum_core::time::IsoWeek;
use tauri::AppHandle;

use crate::api::call;
use crate::error::CommandResult;

#[tauri::command(async)]
pub async fn week_priorities(
    app: AppHandle,
    week: Option<IsoWeek>,
) -> CommandResult<WeekPriorities> {
    call(&app, move |a| a.week_priorities(week)).await
}

#[tauri::command(async)]
pub async fn mark_week_planned(app: AppHandle, week: IsoWeek) -> CommandResult<()> {
    call(&app, move |a| a.mark_week_planned(week)).await
}

#[tauri::command(async)]
pub async fn add_priority(
    app: AppHandle,
    week: IsoWeek,
    title: String,
    confirmed: bool,
) -> CommandResult<Confirm<Priority>> {
    call(&app, move |a| a.add_priority(Some(week), &title, confirmed)).await
}

#[tauri::command(async)]
pub async fn reorder_priorities(
    app: AppHandle,
    week: IsoWeek,
    ids: Vec<i64>,
) -> CommandResult<Vec<Priority>> {
    call(&app, move |a| a.reorder_priorities(week, &ids)).await
}

#[tauri::command(async)]
pub async fn set_priority_status(
    app: AppHandle,
    id: i64,
    status: PriorityStatus,
    outcome: Option<String>,
) -> CommandResult<Priority> {
    call(&app, move |a| a.set_priority_status(id, status, outcome.as_deref())).await
}

#[tauri::command(async)]
pub async fn delete_priority(app: AppHandle, id: i64) -> CommandResult<Priority> {
    call(&app, move |a| a.delete_priority(id)).await
}

#[tauri::command(async)]
pub async fn carry_priorities(app: AppHandle, from: IsoWeek) -> CommandResult<Carried> {
    call(&app, move |a| a.carry_priorities(Some(from))).await
}

#[tauri::command(async)]
pub async fn tasks_overview(app: AppHandle) -> CommandResult<TasksOverview> {
    call(&app, |a| a.tasks_overview()).await
}

#[tauri::command(async)]
pub async fn add_batch(app: AppHandle, batch: BatchInput) -> CommandResult<Batch> {
    call(&app, move |a| a.add_batch(batch)).await
}

#[tauri::command(async)]
pub async fn delete_batch(app: AppHandle, id: i64) -> CommandResult<Batch> {
    call(&app, move |a| a.delete_batch(id)).await
}

#[tauri::command(async)]
pub async fn add_task(app: AppHandle, task: TaskInput) -> CommandResult<Task> {
    call(&app, move |a| a.add_task(task)).await
}

#[tauri::command(async)]
pub async fn set_task_done(app: AppHandle, id: i64, done: bool) -> CommandResult<Task> {
    call(&app, move |a| a.set_task_done(id, done)).await
}

#[tauri::command(async)]
pub async fn set_task_ownership(
    app: AppHandle,
    id: i64,
    ownership: Ownership,
) -> CommandResult<Task> {
    call(&app, move |a| a.set_task_ownership(id, ownership)).await
}

#[tauri::command(async)]
pub async fn delete_task(app: AppHandle, id: i64) -> CommandResult<Task> {
    call(&app, move |a| a.delete_task(id)).await
}

#[tauri::command(async)]
pub async fn defer_to_batch(
    app: AppHandle,
    interruption_id: i64,
    batch: Option<String>,
) -> CommandResult<Task> {
    call(&app, move |a| a.defer_to_batch(interruption_id, batch.as_deref())).await
}

#[tauri::command(async)]
pub async fn add_win(
    app: AppHandle,
    date: Option<NaiveDate>,
    title: String,
    impact: Option<String>,
    priority_id: Option<i64>,
) -> CommandResult<Win> {
    call(&app, move |a| a.add_win(date, &title, impact.as_deref(), priority_id)).await
}

#[tauri::command(async)]
pub async fn delete_win(app: AppHandle, id: i64) -> CommandResult<Win> {
    call(&app, move |a| a.delete_win(id)).await
}
