//! The commands and their flags. Each arm parses, calls the core once, and hands the result to
//! `output`.

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use sanctum_core::interruption::InterruptionPatch;
use sanctum_core::time::{parse_when, IsoWeek, Span};
use sanctum_core::{quicklog, Channel, InterruptionFilter, Outcome, Result, Store, Urgency};

use crate::output::Printer;

#[derive(Debug, Parser)]
#[command(name = "sanctum", version, about = "Protect focus time and log the fires that eat it.")]
pub struct Args {
    /// Print JSON for scripts instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Log an interruption in quick-log syntax, e.g. `sanctum log @Sam #vendor slack 15m >Priya invoices`.
    /// Flags go before the text.
    Log {
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        text: Vec<String>,
    },
    /// List interruptions (this week by default), newest first.
    List {
        /// ISO week such as 2026-W48.
        #[arg(long, conflicts_with_all = ["today", "all"])]
        week: Option<String>,
        /// Only today.
        #[arg(long, conflicts_with = "all")]
        today: bool,
        /// All time.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        /// handled, delegated, deferred or declined.
        #[arg(long)]
        outcome: Option<String>,
        /// Words to find in the note, source, category or delegate.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Change an interruption: with quick-log text (only what it mentions changes) and/or flags.
    Edit {
        id: i64,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        urgency: Option<String>,
        /// Minutes spent, or a duration such as 1h30m.
        #[arg(long, allow_hyphen_values = true)]
        minutes: Option<String>,
        /// handled, declined, deferred, deferred:Batch, delegated:Name.
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// 14:30, 2026-11-24 14:30, or -20m.
        #[arg(long, allow_hyphen_values = true)]
        when: Option<String>,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        text: Vec<String>,
    },
    /// Delete an interruption (prints what was deleted).
    Delete { id: i64 },
    /// Show settings, or change one: `sanctum config timezone Europe/London`.
    Config { key: Option<String>, value: Option<String> },
    /// Focus blocks: add, list, edit, pause, delete, export, and record how they went.
    Block {
        #[command(subcommand)]
        command: crate::blocks::BlockCommand,
    },
    /// What focus block is running now (with a status line to copy), or what is next.
    Now,
    /// Weekly priorities: add, list, done/partly/drop, move, carry into next week.
    Priority {
        #[command(subcommand)]
        command: crate::planning::PriorityCommand,
    },
    /// Small tasks: add, list, done, ownership, defer a logged fire into a batch.
    Task {
        #[command(subcommand)]
        command: crate::planning::TaskCommand,
    },
    /// Batches of similar tasks handled together in a slot: add, list, start.
    Batch {
        #[command(subcommand)]
        command: crate::planning::BatchCommand,
    },
    /// Record a win: `sanctum win "Cut vendor cost 12%" --impact "€40k/yr"`; alone, this week's wins.
    Win(crate::planning::WinArgs),
    /// What is out with other people: delegated tasks and fires, to follow up.
    Delegated,
    /// Export everything: `sanctum export json FILE` (complete, re-importable) or
    /// `sanctum export csv DIR` (one file per table).
    Export { format: ExportFormat, path: std::path::PathBuf },
    /// Import a JSON export; rows already present are skipped.
    Import { file: std::path::PathBuf },
    /// Write a consistent copy of the database (safe while the app runs).
    Backup { file: std::path::PathBuf },
    /// Replace the database with a backup (asks for --yes: it overwrites everything).
    Restore {
        file: std::path::PathBuf,
        #[arg(long)]
        yes: bool,
    },
    /// Calendars for busy time (.ics file or URL, CalDAV) and publishing: add, list, refresh,
    /// edit, password, remove, events.
    Calendar {
        #[command(subcommand)]
        command: crate::calendars::CalendarCommand,
    },
    /// The best afternoons for focus in the coming weeks, around your meetings; `--accept N`
    /// adds the Nth as a block (or moves the focus block that clashes that day).
    Suggest {
        #[arg(long, default_value_t = 2)]
        weeks: u32,
        #[arg(long)]
        accept: Option<usize>,
    },
    /// Publish focus blocks as busy events to the CalDAV calendars marked for it (and finish an
    /// interrupted publish).
    Publish,
    /// The weekly review: balance, focus record, interruptions, priorities, wins, 12-week trend.
    Review {
        /// ISO week such as 2026-W48 (default: this week).
        #[arg(long)]
        week: Option<String>,
        /// Markdown, to paste into Slack or Confluence.
        #[arg(long, conflicts_with = "html")]
        md: bool,
        /// One self-contained HTML file (charts included), to mail or share.
        #[arg(long)]
        html: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    Json,
    Csv,
}

/// Reads the clock: the one place the CLI asks for the time.
#[allow(clippy::disallowed_methods)]
fn now() -> DateTime<Utc> {
    Utc::now()
}

pub fn run(args: Args) -> Result<()> {
    let store = Store::open_default()?;
    let now = now();
    let zone = store.zone()?;
    let out = Printer { json: args.json, zone };
    match args.command {
        Command::Log { text } => {
            let new = quicklog::parse_new(&text.join(" "), now, zone)?;
            out.logged(&store.log_interruption(new, now)?);
        }
        Command::List { week, today, all, source, category, channel, outcome, search, limit } => {
            let span = if all {
                None
            } else if today {
                Some(Span::day_containing(now, zone))
            } else {
                let week = match week {
                    Some(w) => w.parse()?,
                    None => IsoWeek::containing(now, zone),
                };
                Some(week.span(zone))
            };
            let filter = InterruptionFilter {
                span,
                source,
                category,
                channel: channel.as_deref().map(str::parse).transpose()?,
                outcome,
                text: search,
                limit,
            };
            out.list(&store.list_interruptions(&filter)?);
        }
        Command::Edit {
            id,
            source,
            category,
            channel,
            urgency,
            minutes,
            outcome,
            note,
            when,
            text,
        } => {
            let mut patch = if text.is_empty() {
                InterruptionPatch::default()
            } else {
                quicklog::parse(&text.join(" "))?.into_patch(now, zone)?
            };
            if let Some(v) = source {
                patch.source = Some(Some(v));
            }
            if let Some(v) = category {
                patch.category = Some(Some(v));
            }
            if let Some(v) = channel {
                patch.channel = Some(v.parse::<Channel>()?);
            }
            if let Some(v) = urgency {
                patch.urgency = Some(v.parse::<Urgency>()?);
            }
            if let Some(v) = minutes {
                patch.minutes = Some(parse_minutes(&v)?);
            }
            if let Some(v) = outcome {
                patch.outcome = Some(v.parse::<Outcome>()?);
            }
            if let Some(v) = note {
                patch.note = Some(v);
            }
            if let Some(v) = when {
                patch.occurred_at = Some(parse_when(&v, now, zone)?);
            }
            if patch.is_empty() {
                return Err(sanctum_core::Error::invalid(
                    "edit",
                    "nothing to change; give quick-log text or a flag such as --minutes 20",
                ));
            }
            out.updated(&store.update_interruption(id, patch, now)?);
        }
        Command::Delete { id } => out.deleted(&store.delete_interruption(id)?),
        Command::Config { key, value } => {
            let settings = match (key, value) {
                (None, _) => store.settings()?,
                (Some(key), Some(value)) => store.set_setting(&key, &value)?,
                (Some(key), None) => {
                    return Err(sanctum_core::Error::invalid(
                        "config",
                        format!("give a value: sanctum config {key} VALUE"),
                    ))
                }
            };
            out.settings(&settings, store.path());
        }
        Command::Block { command } => crate::blocks::run(command, &store, now, zone, &out)?,
        Command::Now => out.now(&store.focus_now(now)?),
        Command::Priority { command } => {
            crate::planning::priority(command, &store, now, zone, &out)?
        }
        Command::Task { command } => crate::planning::task(command, &store, now, &out)?,
        Command::Batch { command } => crate::planning::batch(command, &store, now, zone, &out)?,
        Command::Win(args) => crate::planning::win(args, &store, now, zone, &out)?,
        Command::Delegated => crate::planning::delegated(&store, now, &out)?,
        Command::Export { format, path } => {
            if format == ExportFormat::Json {
                let rows = store.export_json_file(&path, now)?;
                out.message(&format!("Exported {rows} rows to {}", path.display()));
            } else {
                let files = store.export_csv(&path)?;
                out.message(&format!("Wrote {} CSV files to {}", files.len(), path.display()));
            }
        }
        Command::Import { file } => out.imported(&store.import_json_file(&file)?),
        Command::Backup { file } => {
            store.backup(&file, |_, _| {})?;
            out.message(&format!("Backed up {} to {}", store.path().display(), file.display()));
        }
        Command::Restore { file, yes } => {
            if !yes {
                return Err(sanctum_core::Error::invalid(
                    "yes",
                    format!(
                        "restoring replaces everything in {}; run again with --yes",
                        store.path().display()
                    ),
                ));
            }
            let mut store = store;
            let done = store.restore(&file, now)?;
            out.message(&format!(
                "Restored {} from {}; the database it replaced is kept as {}",
                store.path().display(),
                file.display(),
                done.previous.display()
            ));
        }
        Command::Calendar { command } => {
            crate::calendars::calendar(command, &store, now, zone, &out)?
        }
        Command::Suggest { weeks, accept } => {
            crate::calendars::suggest(&store, now, weeks, accept, &out)?
        }
        Command::Publish => crate::calendars::publish(&store, &out)?,
        Command::Review { week, md, html } => {
            let week = match week {
                Some(w) => w.parse()?,
                None => IsoWeek::containing(now, zone),
            };
            let review = store.week_review(week, now)?;
            if html {
                say_raw!("{}", sanctum_core::report::html(&review));
            } else if md || !args.json {
                say_raw!("{}", sanctum_core::report::markdown(&review));
            } else {
                out.review(&review);
            }
        }
    }
    Ok(())
}

/// `20`, `20m`, `1h30m` as minutes; a negative or over-long value is refused.
pub fn parse_minutes(text: &str) -> Result<u32> {
    let text = text.trim();
    let value = match text.parse::<i64>() {
        Ok(n) => n,
        Err(_) => match text.strip_prefix('-').map(quicklog::parse_duration) {
            Some(Some(m)) => -i64::from(m),
            _ => quicklog::parse_duration(text).map(i64::from).ok_or_else(|| {
                sanctum_core::Error::invalid(
                    "minutes",
                    format!("'{text}' is not a duration; use 20, 20m or 1h30m"),
                )
            })?,
        },
    };
    sanctum_core::interruption::check_minutes(value)
}
