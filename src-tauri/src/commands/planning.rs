//! Commands for weekly priorities, batches and tasks, the delegated list, and wins.

use chrono::{Duration, NaiveDate};
use sanctum_core::planning::{
    Batch, BatchSlot, NewTask, Ownership, Priority, PriorityStatus, Task, Win,
};
use sanctum_core::store::{Delegated, TaskFilter};
use sanctum_core::time::IsoWeek;
use serde::Serialize;
use tauri::State;

use super::now;
use crate::error::CommandResult;
use crate::state::AppState;

/// The week screen: priorities, last week's (for planning), wins, and whether to ask for a plan.
#[derive(Debug, Serialize)]
pub struct WeekPriorities {
    pub week: IsoWeek,
    pub previous_week: IsoWeek,
    pub next_week: IsoWeek,
    pub current_week: IsoWeek,
    pub priorities: Vec<Priority>,
    pub previous: Vec<Priority>,
    pub wins: Vec<Win>,
    /// True on the first start in a week that has not been planned yet.
    pub planning_due: bool,
}

#[tauri::command(async)]
pub async fn week_priorities(
    state: State<'_, AppState>,
    week: Option<IsoWeek>,
) -> CommandResult<WeekPriorities> {
    let now = now();
    state
        .with_store(move |s| {
            let current = IsoWeek::containing(now, s.zone()?);
            let week = week.unwrap_or(current);
            Ok(WeekPriorities {
                week,
                previous_week: week.previous(),
                next_week: week.next(),
                current_week: current,
                priorities: s.priorities(week)?,
                previous: s.priorities(week.previous())?,
                wins: s.wins(week)?,
                planning_due: s.planned_week()? != Some(current),
            })
        })
        .await
}

/// Records that the week was planned, so the guided planning is not offered again.
#[tauri::command(async)]
pub async fn mark_week_planned(state: State<'_, AppState>, week: IsoWeek) -> CommandResult<()> {
    state.with_store(move |s| s.set_planned_week(week)).await
}

#[tauri::command(async)]
pub async fn add_priority(
    state: State<'_, AppState>,
    week: IsoWeek,
    title: String,
    confirmed: bool,
) -> CommandResult<Priority> {
    let now = now();
    state.with_store(move |s| s.add_priority(week, &title, confirmed, now)).await
}

#[tauri::command(async)]
pub async fn reorder_priorities(
    state: State<'_, AppState>,
    week: IsoWeek,
    ids: Vec<i64>,
) -> CommandResult<Vec<Priority>> {
    let now = now();
    state.with_store(move |s| s.reorder_priorities(week, &ids, now)).await
}

#[tauri::command(async)]
pub async fn set_priority_status(
    state: State<'_, AppState>,
    id: i64,
    status: PriorityStatus,
    outcome: Option<String>,
) -> CommandResult<Priority> {
    let now = now();
    state.with_store(move |s| s.set_priority_status(id, status, outcome.as_deref(), now)).await
}

#[tauri::command(async)]
pub async fn delete_priority(state: State<'_, AppState>, id: i64) -> CommandResult<Priority> {
    let now = now();
    state.with_store(move |s| s.delete_priority(id, now)).await
}

#[tauri::command(async)]
pub async fn carry_priorities(
    state: State<'_, AppState>,
    from: IsoWeek,
) -> CommandResult<Vec<Priority>> {
    let now = now();
    state.with_store(move |s| s.carry_priorities(from, now)).await
}

/// A batch with its open tasks.
#[derive(Debug, Serialize)]
pub struct BatchTasks {
    #[serde(flatten)]
    pub batch: Batch,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Serialize)]
pub struct TasksOverview {
    pub batches: Vec<BatchTasks>,
    /// Open tasks in no batch.
    pub loose: Vec<Task>,
    pub delegated: Delegated,
}

#[tauri::command(async)]
pub async fn tasks_overview(state: State<'_, AppState>) -> CommandResult<TasksOverview> {
    let now = now();
    state
        .with_store(move |s| {
            let open = s.tasks(&TaskFilter { open: true, ..Default::default() })?;
            let batches = s
                .batches()?
                .into_iter()
                .map(|b| {
                    let tasks = open.iter().filter(|t| t.batch_id == Some(b.id)).cloned().collect();
                    BatchTasks { batch: b, tasks }
                })
                .collect();
            Ok(TasksOverview {
                batches,
                loose: open.into_iter().filter(|t| t.batch_id.is_none()).collect(),
                delegated: s.delegated(now - Duration::days(30), now)?,
            })
        })
        .await
}

#[tauri::command(async)]
pub async fn add_batch(
    state: State<'_, AppState>,
    name: String,
    slot: Option<BatchSlot>,
) -> CommandResult<Batch> {
    let now = now();
    let batch = state.with_store(move |s| s.add_batch(&name, slot, now)).await?;
    state.blocks_changed(); // batch slots: reminders, and published if the user asked
    Ok(batch)
}

#[tauri::command(async)]
pub async fn delete_batch(state: State<'_, AppState>, id: i64) -> CommandResult<Batch> {
    let batch = state.with_store(move |s| s.delete_batch(id)).await?;
    state.blocks_changed(); // batch slots: reminders, and published if the user asked
    Ok(batch)
}

#[tauri::command(async)]
pub async fn add_task(state: State<'_, AppState>, task: NewTask) -> CommandResult<Task> {
    let now = now();
    state.with_store(move |s| s.add_task(task, now)).await
}

#[tauri::command(async)]
pub async fn set_task_done(state: State<'_, AppState>, id: i64, done: bool) -> CommandResult<Task> {
    let now = now();
    state.with_store(move |s| s.set_task_done(id, done, now)).await
}

#[tauri::command(async)]
pub async fn set_task_ownership(
    state: State<'_, AppState>,
    id: i64,
    ownership: Ownership,
) -> CommandResult<Task> {
    let now = now();
    state.with_store(move |s| s.set_task_ownership(id, ownership, now)).await
}

#[tauri::command(async)]
pub async fn delete_task(state: State<'_, AppState>, id: i64) -> CommandResult<Task> {
    state.with_store(move |s| s.delete_task(id)).await
}

/// Turns a logged fire into a task in a batch (found by name or created).
#[tauri::command(async)]
pub async fn defer_to_batch(
    state: State<'_, AppState>,
    interruption_id: i64,
    batch: Option<String>,
) -> CommandResult<Task> {
    let now = now();
    state.with_store(move |s| s.defer_to_batch(interruption_id, batch.as_deref(), now)).await
}

#[tauri::command(async)]
pub async fn add_win(
    state: State<'_, AppState>,
    date: Option<NaiveDate>,
    title: String,
    impact: Option<String>,
    priority_id: Option<i64>,
) -> CommandResult<Win> {
    let now = now();
    state
        .with_store(move |s| {
            let date = date.unwrap_or_else(|| {
                now.with_timezone(&s.zone().unwrap_or(chrono_tz::UTC)).date_naive()
            });
            s.add_win(date, &title, impact.as_deref(), priority_id, now)
        })
        .await
}

#[tauri::command(async)]
pub async fn delete_win(state: State<'_, AppState>, id: i64) -> CommandResult<Win> {
    state.with_store(move |s| s.delete_win(id)).await
}
