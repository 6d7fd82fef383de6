//! `sanctum priority|task|batch|win|delegated`: the week's priorities, batches of small tasks,
//! ownership, and wins from the command line.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::Subcommand;
use sanctum_core::focus::{parse_days, parse_wall_time};
use sanctum_core::planning::{BatchSlot, NewTask, Ownership, PriorityStatus};
use sanctum_core::store::TaskFilter;
use sanctum_core::time::IsoWeek;
use sanctum_core::{Error, Result, Store};

use crate::output::Printer;

#[derive(Debug, Subcommand)]
pub enum PriorityCommand {
    /// Add a priority at the bottom of the week's list (more than 5 needs --confirm).
    Add {
        title: String,
        #[arg(long)]
        week: Option<String>,
        #[arg(long)]
        confirm: bool,
    },
    /// The week's priorities, top first.
    List {
        #[arg(long)]
        week: Option<String>,
    },
    /// Mark done, with an optional one-line outcome.
    Done {
        id: i64,
        outcome: Option<String>,
    },
    /// Mark partly done.
    Partly {
        id: i64,
        outcome: Option<String>,
    },
    /// Drop it, with an optional reason.
    Drop {
        id: i64,
        outcome: Option<String>,
    },
    /// Reopen it.
    Reopen {
        id: i64,
    },
    /// Move it to position N in its week.
    Move {
        id: i64,
        to: u32,
    },
    /// Carry the week's unfinished priorities into the next week (default: last week → this).
    Carry {
        #[arg(long)]
        from: Option<String>,
    },
    Delete {
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Add a task: `sanctum task add "Reply to legal" --batch Email --estimate 15m`.
    Add {
        title: String,
        #[arg(long)]
        batch: Option<String>,
        /// The weekly priority it serves (id).
        #[arg(long)]
        priority: Option<i64>,
        #[arg(long)]
        estimate: Option<String>,
        /// mine, delegated:Name or declined.
        #[arg(long)]
        owner: Option<String>,
    },
    /// Tasks (open ones by default; --all for done too).
    List {
        #[arg(long)]
        batch: Option<String>,
        #[arg(long)]
        all: bool,
    },
    Done {
        id: i64,
    },
    Undone {
        id: i64,
    },
    /// Set who owns it: mine, delegated:Name or declined.
    Own {
        id: i64,
        owner: String,
    },
    /// Turn a logged interruption into a task in a batch (default: the batch it was deferred to).
    Defer {
        interruption: i64,
        #[arg(long)]
        batch: Option<String>,
    },
    Delete {
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum BatchCommand {
    /// Add a batch, optionally with a slot: `sanctum batch add "Vendor calls" --days fri --from 15:00 --to 16:00`.
    Add {
        name: String,
        #[arg(long, requires_all = ["from", "to"])]
        days: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        tz: Option<String>,
    },
    /// Batches with their slots and open tasks.
    List,
    /// Start a batch: its open tasks, in one list to work through.
    Start {
        name: String,
    },
    Delete {
        name: String,
    },
}

fn week_or_current(week: Option<String>, now: DateTime<Utc>, zone: Tz) -> Result<IsoWeek> {
    match week {
        Some(w) => w.parse(),
        None => Ok(IsoWeek::containing(now, zone)),
    }
}

fn batch_id(store: &Store, name: &str) -> Result<i64> {
    store.batch_named(name)?.map(|b| b.id).ok_or_else(|| {
        Error::invalid("batch", format!("no batch named '{name}'; see sanctum batch list"))
    })
}

pub fn priority(
    cmd: PriorityCommand,
    store: &Store,
    now: DateTime<Utc>,
    zone: Tz,
    out: &Printer,
) -> Result<()> {
    let end = |id, status, outcome: Option<String>| -> Result<()> {
        out.priority(&store.set_priority_status(id, status, outcome.as_deref(), now)?);
        Ok(())
    };
    match cmd {
        PriorityCommand::Add { title, week, confirm } => {
            let week = week_or_current(week, now, zone)?;
            out.priority(&store.add_priority(week, &title, confirm, now)?);
        }
        PriorityCommand::List { week } => {
            let week = week_or_current(week, now, zone)?;
            out.priorities(week, &store.priorities(week)?);
        }
        PriorityCommand::Done { id, outcome } => end(id, PriorityStatus::Done, outcome)?,
        PriorityCommand::Partly { id, outcome } => end(id, PriorityStatus::Partly, outcome)?,
        PriorityCommand::Drop { id, outcome } => end(id, PriorityStatus::Dropped, outcome)?,
        PriorityCommand::Reopen { id } => end(id, PriorityStatus::Open, None)?,
        PriorityCommand::Move { id, to } => {
            let week = store.priority(id)?.week;
            let mut ids: Vec<i64> =
                store.priorities(week)?.iter().map(|p| p.id).filter(|p| *p != id).collect();
            if to == 0 || to as usize > ids.len() + 1 {
                return Err(Error::invalid(
                    "to",
                    format!("give a position from 1 to {}", ids.len() + 1),
                ));
            }
            ids.insert(to as usize - 1, id);
            out.priorities(week, &store.reorder_priorities(week, &ids, now)?);
        }
        PriorityCommand::Carry { from } => {
            let from = match from {
                Some(w) => w.parse()?,
                None => IsoWeek::containing(now, zone).previous(),
            };
            let carried = store.carry_priorities(from, now)?;
            out.carried(from, &carried);
        }
        PriorityCommand::Delete { id } => out.priority(&store.delete_priority(id, now)?),
    }
    Ok(())
}

pub fn task(cmd: TaskCommand, store: &Store, now: DateTime<Utc>, out: &Printer) -> Result<()> {
    match cmd {
        TaskCommand::Add { title, batch, priority, estimate, owner } => {
            let new = NewTask {
                title,
                batch_id: batch.as_deref().map(|b| batch_id(store, b)).transpose()?,
                priority_id: priority,
                estimate_minutes: estimate.as_deref().map(crate::cli::parse_minutes).transpose()?,
                ownership: owner.as_deref().map(Ownership::parse).transpose()?,
            };
            out.task("Added", &store.add_task(new, now)?);
        }
        TaskCommand::List { batch, all } => {
            let filter = TaskFilter {
                batch_id: batch.as_deref().map(|b| batch_id(store, b)).transpose()?,
                open: !all,
                ..Default::default()
            };
            out.tasks(&store.tasks(&filter)?, &store.batches()?);
        }
        TaskCommand::Done { id } => out.task("Done", &store.set_task_done(id, true, now)?),
        TaskCommand::Undone { id } => out.task("Reopened", &store.set_task_done(id, false, now)?),
        TaskCommand::Own { id, owner } => {
            out.task("Updated", &store.set_task_ownership(id, Ownership::parse(&owner)?, now)?)
        }
        TaskCommand::Defer { interruption, batch } => {
            out.task("Deferred", &store.defer_to_batch(interruption, batch.as_deref(), now)?)
        }
        TaskCommand::Delete { id } => out.task("Deleted", &store.delete_task(id)?),
    }
    Ok(())
}

pub fn batch(
    cmd: BatchCommand,
    store: &Store,
    now: DateTime<Utc>,
    zone: Tz,
    out: &Printer,
) -> Result<()> {
    match cmd {
        BatchCommand::Add { name, days, from, to, tz } => {
            let slot = match (days, from, to) {
                (Some(days), Some(from), Some(to)) => Some(BatchSlot {
                    days: parse_days(&days)?,
                    start: parse_wall_time("from", &from)?,
                    end: parse_wall_time("to", &to)?,
                    timezone: tz.unwrap_or_else(|| zone.name().to_string()),
                }),
                _ => None,
            };
            out.batch(&store.add_batch(&name, slot, now)?);
        }
        BatchCommand::List => {
            let open = store.tasks(&TaskFilter { open: true, ..Default::default() })?;
            out.batches(&store.batches()?, &open);
        }
        BatchCommand::Start { name } => {
            let id = batch_id(store, &name)?;
            let tasks = store.tasks(&TaskFilter {
                batch_id: Some(id),
                open: true,
                ..Default::default()
            })?;
            out.batch_start(&store.batch(id)?, &tasks);
        }
        BatchCommand::Delete { name } => {
            let id = batch_id(store, &name)?;
            out.batch(&store.delete_batch(id)?);
        }
    }
    Ok(())
}

/// `sanctum win "…" [--impact …] [--date …] [--priority ID]`; without a title, the week's wins.
#[derive(Debug, clap::Args)]
pub struct WinArgs {
    title: Option<String>,
    #[arg(long)]
    impact: Option<String>,
    /// The day it happened (default today).
    #[arg(long)]
    date: Option<NaiveDate>,
    /// The weekly priority it served (id).
    #[arg(long)]
    priority: Option<i64>,
}

pub fn win(
    args: WinArgs,
    store: &Store,
    now: DateTime<Utc>,
    zone: Tz,
    out: &Printer,
) -> Result<()> {
    match args.title {
        Some(title) => {
            let date = args.date.unwrap_or_else(|| now.with_timezone(&zone).date_naive());
            out.win(&store.add_win(date, &title, args.impact.as_deref(), args.priority, now)?);
        }
        None => {
            let week = IsoWeek::containing(now, zone);
            out.wins(week, &store.wins(week)?);
        }
    }
    Ok(())
}

/// What is out with other people: open delegated tasks, fires delegated in the last 30 days.
pub fn delegated(store: &Store, now: DateTime<Utc>, out: &Printer) -> Result<()> {
    out.delegated(&store.delegated(now - Duration::days(30), now)?);
    Ok(())
}
