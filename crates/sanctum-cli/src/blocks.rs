//! `sanctum block …` and `sanctum now`: focus blocks from the command line.

use chrono::NaiveDate;
use clap::Subcommand;
use sanctum_core::api::focus::{BlockPatch, WhichOccurrence};
use sanctum_core::focus::{parse_days, parse_wall_time, OccurrenceOutcome, Repeat};
use sanctum_core::quicklog::parse_minutes;
use sanctum_core::{Error, Result, Sanctum};

use crate::output::Printer;

#[derive(Debug, Subcommand)]
pub enum BlockCommand {
    /// Add a focus block: `sanctum block add Strategy --days tue,thu --from 13:00 --to 17:00`.
    Add {
        title: String,
        /// Weekdays: tue,thu · mon-fri · weekdays · daily.
        #[arg(long, conflicts_with = "on")]
        days: Option<String>,
        /// A one-off block on this date (YYYY-MM-DD) instead of weekly days.
        #[arg(long)]
        on: Option<NaiveDate>,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// IANA zone of the times (default: your zone).
        #[arg(long)]
        tz: Option<String>,
        /// What the block is for.
        #[arg(long, default_value = "")]
        intention: String,
        /// First date of the series (default: today).
        #[arg(long)]
        starting: Option<NaiveDate>,
        /// Last date of the series.
        #[arg(long)]
        until: Option<NaiveDate>,
    },
    /// List blocks and a week's occurrences (this week by default).
    List {
        #[arg(long)]
        week: Option<String>,
    },
    /// Change a block; only the flags given change.
    Edit {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        days: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        tz: Option<String>,
        #[arg(long)]
        intention: Option<String>,
        #[arg(long)]
        until: Option<NaiveDate>,
    },
    /// Pause a block (no occurrences until resumed).
    Pause { id: i64 },
    /// Resume a paused block.
    Resume { id: i64 },
    /// Delete a block and its recorded outcomes.
    Delete { id: i64 },
    /// Write the blocks as an iCalendar file (busy events) for any calendar app; `-` for stdout.
    Export {
        #[arg(long)]
        ics: String,
        /// Replace the file if it exists (otherwise an existing file is left alone).
        #[arg(long)]
        force: bool,
    },
    /// Mark the latest started occurrence (or --block/--date) as kept.
    Done {
        #[command(flatten)]
        which: Which,
    },
    /// Mark it shortened by MINUTES (e.g. 45 or 1h).
    Shorten {
        minutes: String,
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        which: Which,
    },
    /// Mark it broken, with the reason.
    Break {
        reason: String,
        #[command(flatten)]
        which: Which,
    },
}

/// Which occurrence an outcome is for: the latest one that has started, unless named.
#[derive(Debug, clap::Args)]
pub struct Which {
    #[arg(long)]
    block: Option<i64>,
    /// The occurrence's date (YYYY-MM-DD).
    #[arg(long)]
    date: Option<NaiveDate>,
}

pub fn run(cmd: BlockCommand, api: &Sanctum, out: &Printer) -> Result<()> {
    match cmd {
        BlockCommand::Add { title, days, on, from, to, tz, intention, starting, until } => {
            let repeat = match (days, on) {
                (_, Some(date)) => Repeat::Once { date },
                (Some(days), None) => Repeat::Weekly { days: parse_days(&days)? },
                (None, None) => {
                    return Err(Error::invalid("days", "give --days tue,thu or --on YYYY-MM-DD"))
                }
            };
            let block = BlockPatch {
                title: Some(title),
                intention: Some(intention),
                repeat: Some(repeat),
                start: Some(parse_wall_time("from", &from)?),
                end: Some(parse_wall_time("to", &to)?),
                timezone: tz,
                active_from: starting.or(on),
                active_until: Some(until),
                paused: None,
            };
            out.block("Added", &api.add_block(block)?);
        }
        BlockCommand::List { week } => {
            out.blocks(&api.week_plan(week.as_deref().map(str::parse).transpose()?)?)
        }
        BlockCommand::Edit { id, title, days, from, to, tz, intention, until } => {
            let patch = BlockPatch {
                title,
                intention,
                repeat: days
                    .as_deref()
                    .map(parse_days)
                    .transpose()?
                    .map(|days| Repeat::Weekly { days }),
                start: from.as_deref().map(|v| parse_wall_time("from", v)).transpose()?,
                end: to.as_deref().map(|v| parse_wall_time("to", v)).transpose()?,
                timezone: tz,
                active_from: None,
                active_until: until.map(Some),
                paused: None,
            };
            out.block("Updated", &api.edit_block(id, patch)?);
        }
        BlockCommand::Pause { id } => out.block("Paused", &api.set_block_paused(id, true)?),
        BlockCommand::Resume { id } => out.block("Resumed", &api.set_block_paused(id, false)?),
        BlockCommand::Delete { id } => out.block("Deleted", &api.delete_block(id)?),
        BlockCommand::Export { ics, force } => {
            if ics == "-" {
                say_raw!("{}", api.blocks_ics()?);
            } else {
                let done = crate::cli::replacing(api.export_ics(&ics, force)?)?;
                out.exported(&done.path, done.count);
            }
        }
        BlockCommand::Done { which } => {
            out.occurrence("Kept", &api.answer(which.into(), OccurrenceOutcome::Kept)?)
        }
        BlockCommand::Shorten { minutes, reason, which } => {
            let minutes_lost = parse_minutes("minutes", &minutes)?;
            let outcome = OccurrenceOutcome::Shortened { minutes_lost, reason };
            out.occurrence("Shortened", &api.answer(which.into(), outcome)?);
        }
        BlockCommand::Break { reason, which } => {
            let outcome = OccurrenceOutcome::Broken { reason };
            out.occurrence("Broken", &api.answer(which.into(), outcome)?);
        }
    }
    Ok(())
}

impl From<Which> for WhichOccurrence {
    fn from(w: Which) -> Self {
        WhichOccurrence { block_id: w.block, date: w.date }
    }
}
