//! `sanctum block …` and `sanctum now`: focus blocks from the command line.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::Subcommand;
use sanctum_core::focus::{
    parse_days, parse_wall_time, NewFocusBlock, Occurrence, OccurrenceOutcome, Repeat,
};
use sanctum_core::time::IsoWeek;
use sanctum_core::{Error, Result, Store};

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

pub fn run(
    cmd: BlockCommand,
    store: &Store,
    now: DateTime<Utc>,
    zone: Tz,
    out: &Printer,
) -> Result<()> {
    match cmd {
        BlockCommand::Add { title, days, on, from, to, tz, intention, starting, until } => {
            let timezone = tz.unwrap_or_else(|| zone.name().to_string());
            let repeat = match (days, on) {
                (_, Some(date)) => Repeat::Once { date },
                (Some(days), None) => Repeat::Weekly { days: parse_days(&days)? },
                (None, None) => {
                    return Err(Error::invalid("days", "give --days tue,thu or --on YYYY-MM-DD"))
                }
            };
            let active_from = starting.unwrap_or_else(|| {
                now.with_timezone(&timezone.parse().unwrap_or(zone)).date_naive()
            });
            let block = NewFocusBlock {
                title,
                intention,
                repeat,
                start: parse_wall_time("from", &from)?,
                end: parse_wall_time("to", &to)?,
                timezone,
                active_from,
                active_until: until,
                paused: false,
            };
            out.block("Added", &store.add_block(block, now)?);
        }
        BlockCommand::List { week } => {
            let week = match week {
                Some(w) => w.parse()?,
                None => IsoWeek::containing(now, zone),
            };
            out.blocks(&store.blocks()?, &store.focus_week(week, now)?);
        }
        BlockCommand::Edit { id, title, days, from, to, tz, intention, until } => {
            let mut spec = store.block(id)?.spec;
            if let Some(v) = title {
                spec.title = v;
            }
            if let Some(v) = days {
                spec.repeat = Repeat::Weekly { days: parse_days(&v)? };
            }
            if let Some(v) = from {
                spec.start = parse_wall_time("from", &v)?;
            }
            if let Some(v) = to {
                spec.end = parse_wall_time("to", &v)?;
            }
            if let Some(v) = tz {
                spec.timezone = v;
            }
            if let Some(v) = intention {
                spec.intention = v;
            }
            if let Some(v) = until {
                spec.active_until = Some(v);
            }
            out.block("Updated", &store.update_block(id, spec, now)?);
        }
        BlockCommand::Pause { id } => set_paused(store, id, true, now, out)?,
        BlockCommand::Resume { id } => set_paused(store, id, false, now, out)?,
        BlockCommand::Delete { id } => out.block("Deleted", &store.delete_block(id)?),
        BlockCommand::Export { ics } => {
            let text = store.blocks_ics(now)?;
            if ics == "-" {
                say_raw!("{text}");
            } else {
                store.write_file("ics", std::path::Path::new(&ics), text.as_bytes())?;
                out.exported(&ics, store.blocks()?.iter().filter(|b| !b.spec.paused).count());
            }
        }
        BlockCommand::Done { which } => {
            let o = pick(store, now, &which)?;
            out.occurrence(
                "Kept",
                &store.record_outcome(o.block_id, o.date, OccurrenceOutcome::Kept, now)?,
            );
        }
        BlockCommand::Shorten { minutes, reason, which } => {
            let lost = crate::cli::parse_minutes(&minutes)?;
            let o = pick(store, now, &which)?;
            let outcome = OccurrenceOutcome::Shortened { minutes_lost: lost, reason };
            out.occurrence("Shortened", &store.record_outcome(o.block_id, o.date, outcome, now)?);
        }
        BlockCommand::Break { reason, which } => {
            let o = pick(store, now, &which)?;
            let outcome = OccurrenceOutcome::Broken { reason };
            out.occurrence("Broken", &store.record_outcome(o.block_id, o.date, outcome, now)?);
        }
    }
    Ok(())
}

fn set_paused(
    store: &Store,
    id: i64,
    paused: bool,
    now: DateTime<Utc>,
    out: &Printer,
) -> Result<()> {
    let mut spec = store.block(id)?.spec;
    spec.paused = paused;
    out.block(if paused { "Paused" } else { "Resumed" }, &store.update_block(id, spec, now)?);
    Ok(())
}

/// How far back "the latest occurrence" looks.
const LATEST_WITHIN_DAYS: i64 = 14;

/// The named occurrence, or the latest one that has started (of `--block`, on `--date`).
fn pick(store: &Store, now: DateTime<Utc>, which: &Which) -> Result<Occurrence> {
    if let (Some(block), Some(date)) = (which.block, which.date) {
        return store.occurrence(block, date);
    }
    let span = sanctum_core::Span { start: now - Duration::days(LATEST_WITHIN_DAYS), end: now };
    store
        .occurrences(span)?
        .into_iter()
        .filter(|o| o.start <= now)
        .filter(|o| which.block.is_none_or(|b| o.block_id == b))
        .filter(|o| which.date.is_none_or(|d| o.date == d))
        .max_by_key(|o| o.start)
        .ok_or_else(|| {
            Error::invalid(
                "block",
                format!(
                    "no focus block has started in the last {LATEST_WITHIN_DAYS} days; \
                     name one with --block ID --date YYYY-MM-DD"
                ),
            )
        })
}
