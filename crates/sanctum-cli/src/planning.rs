//! `sanctum priority|task|batch|win|delegated`: the week's priorities, batches of small tasks,
//! ownership, and wins from the command line.

use chrono::NaiveDate;
use clap::Subcommand;
use sanctum_core::api::planning::{BatchInput, TaskInput};
use sanctum_core::api::Confirm;
use sanctum_core::planning::{Ownership, PriorityStatus};
use sanctum_core::time::IsoWeek;
use sanctum_core::{Error, Result, Sanctum};

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

fn week(text: Option<String>) -> Result<Option<IsoWeek>> {
    text.as_deref().map(str::parse).transpose()
}

pub fn priority(cmd: PriorityCommand, api: &Sanctum, out: &Printer) -> Result<()> {
    let end = |id, status, outcome: Option<String>| -> Result<()> {
        out.priority(&api.set_priority_status(id, status, outcome.as_deref())?);
        Ok(())
    };
    match cmd {
        PriorityCommand::Add { title, week: w, confirm } => {
            match api.add_priority(week(w)?, &title, confirm)? {
                Confirm::Done { value } => out.priority(&value),
                Confirm::Ask { question } => {
                    return Err(Error::invalid("confirm", format!("{question} with --confirm")))
                }
            }
        }
        PriorityCommand::List { week: w } => {
            let p = api.week_priorities(week(w)?)?;
            out.priorities(p.nav.week, &p.priorities);
        }
        PriorityCommand::Done { id, outcome } => end(id, PriorityStatus::Done, outcome)?,
        PriorityCommand::Partly { id, outcome } => end(id, PriorityStatus::Partly, outcome)?,
        PriorityCommand::Drop { id, outcome } => end(id, PriorityStatus::Dropped, outcome)?,
        PriorityCommand::Reopen { id } => end(id, PriorityStatus::Open, None)?,
        PriorityCommand::Move { id, to } => {
            let ordered = api.move_priority(id, to)?;
            if let Some(first) = ordered.first() {
                out.priorities(first.week, &ordered);
            }
        }
        PriorityCommand::Carry { from } => {
            let carried = api.carry_priorities(week(from)?)?;
            out.carried(&carried);
        }
        PriorityCommand::Delete { id } => out.priority(&api.delete_priority(id)?),
    }
    Ok(())
}

pub fn task(cmd: TaskCommand, api: &Sanctum, out: &Printer) -> Result<()> {
    match cmd {
        TaskCommand::Add { title, batch, priority, estimate, owner } => {
            let input = TaskInput {
                title,
                batch_id: batch.as_deref().map(|b| api.batch_named(b).map(|b| b.id)).transpose()?,
                priority_id: priority,
                estimate,
                owner,
            };
            out.task("Added", &api.add_task(input)?);
        }
        TaskCommand::List { batch, all } => {
            out.tasks(&api.tasks(batch.as_deref(), all)?, &api.tasks_overview()?)
        }
        TaskCommand::Done { id } => out.task("Done", &api.set_task_done(id, true)?),
        TaskCommand::Undone { id } => out.task("Reopened", &api.set_task_done(id, false)?),
        TaskCommand::Own { id, owner } => {
            out.task("Updated", &api.set_task_ownership(id, Ownership::parse(&owner)?)?)
        }
        TaskCommand::Defer { interruption, batch } => {
            out.task("Deferred", &api.defer_to_batch(interruption, batch.as_deref())?)
        }
        TaskCommand::Delete { id } => out.task("Deleted", &api.delete_task(id)?),
    }
    Ok(())
}

pub fn batch(cmd: BatchCommand, api: &Sanctum, out: &Printer) -> Result<()> {
    match cmd {
        BatchCommand::Add { name, days, from, to, tz } => {
            let input = BatchInput { name, days, start: from, end: to, timezone: tz };
            out.batch(&api.add_batch(input)?);
        }
        BatchCommand::List => out.batches(&api.tasks_overview()?),
        BatchCommand::Start { name } => out.batch_start(&api.start_batch(&name)?),
        BatchCommand::Delete { name } => out.batch(&api.delete_batch(api.batch_named(&name)?.id)?),
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

pub fn win(args: WinArgs, api: &Sanctum, out: &Printer) -> Result<()> {
    match args.title {
        Some(title) => {
            out.win(&api.add_win(args.date, &title, args.impact.as_deref(), args.priority)?)
        }
        None => {
            let (week, wins) = api.wins(None)?;
            out.wins(week, &wins);
        }
    }
    Ok(())
}
