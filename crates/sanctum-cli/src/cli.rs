//! The commands and their flags. Each arm parses its arguments, calls one use case of
//! `sanctum_core::api`, and hands the result to `output`.

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use sanctum_core::api::fires::{FireEdit, FireQuery, Period};
use sanctum_core::api::review::ReportFormat;
use sanctum_core::api::{self, Confirm};
use sanctum_core::interruption::InterruptionPatch;
use sanctum_core::{Channel, Error, InterruptionFilter, Outcome, Result, Sanctum, Store, Urgency};

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
        /// At most this many, newest first.
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many of the newest first (with --limit: a page further down).
        #[arg(long)]
        offset: Option<u32>,
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
    /// Focus right now, outside the plan: `sanctum focus start [--until 17:00]`, `sanctum focus
    /// end` (records the running block as shortened).
    Focus {
        #[command(subcommand)]
        command: FocusCommand,
    },
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
    Export {
        format: ExportFormat,
        path: std::path::PathBuf,
        /// Replace files that exist (otherwise an existing file is left alone).
        #[arg(long)]
        force: bool,
    },
    /// Import a JSON export; rows already present are skipped.
    Import { file: std::path::PathBuf },
    /// Write a consistent copy of the database (safe while the app runs).
    Backup {
        file: std::path::PathBuf,
        /// Replace the file if it exists (otherwise an existing file is left alone).
        #[arg(long)]
        force: bool,
    },
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
    /// The best afternoons for focus in the coming weeks, around your meetings; `--accept KEY`
    /// adds the one listed with that key as a block (or moves the focus block that clashes that
    /// day), and refuses if the calendar changed since.
    Suggest {
        #[arg(long, default_value_t = 2)]
        weeks: u32,
        #[arg(long, value_name = "KEY")]
        accept: Option<String>,
    },
    /// Publish focus blocks as busy events to the CalDAV calendars marked for it (and finish an
    /// interrupted publish).
    Publish,
    /// Guard in the background with no window (what a login start runs): reminders, the tray
    /// icon, the quick-log shortcut, do-not-disturb during focus, calendars. It opens the app
    /// when a window is wanted and hands over to it. Linux only.
    Guard {
        /// Reminders due up to this moment (Unix milliseconds) were already sent.
        #[arg(long)]
        since: Option<i64>,
        /// Start guarding once this process (the app that handed over) is gone.
        #[arg(long)]
        after: Option<u32>,
    },
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

#[derive(Debug, Subcommand)]
enum FocusCommand {
    /// A one-off block from this minute for the focus length (see `sanctum config`), or until
    /// a time today.
    Start {
        /// 17:00: focus until then, today.
        #[arg(long)]
        until: Option<String>,
    },
    /// Ends the running block now; it is recorded as shortened by the minutes it had left.
    End,
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

/// Runs the background guard; the app it opens is the one beside this program (or
/// `SANCTUM_APP_BIN`).
#[cfg(target_os = "linux")]
fn guard(since: Option<i64>, after: Option<u32>) -> Result<()> {
    let app = match std::env::var_os("SANCTUM_APP_BIN") {
        Some(path) => std::path::PathBuf::from(path),
        None => std::env::current_exe()
            .map_err(|e| Error::Remote(format!("where this program is: {e}")))?
            .with_file_name("sanctum-app"),
    };
    let since = since.and_then(DateTime::from_timestamp_millis);
    sanctum_desktop::guard::run(sanctum_desktop::guard::Options { since, after, app })
        .map_err(Error::Remote)
}

#[cfg(not(target_os = "linux"))]
fn guard(_since: Option<i64>, _after: Option<u32>) -> Result<()> {
    Err(Error::Remote("the background guard is not available on this system yet".into()))
}

/// A write that would replace a file: refused on the command line unless `--force` was given.
pub(crate) fn replacing<T>(answer: Confirm<T>) -> Result<T> {
    match answer {
        Confirm::Done { value } => Ok(value),
        Confirm::Ask { question } => Err(Error::invalid(
            "force",
            format!(
                "{}; nothing was written (give --force to replace it)",
                question.trim_end_matches("; replace it?")
            ),
        )),
    }
}

pub fn run(args: Args) -> Result<()> {
    if let Command::Guard { since, after } = args.command {
        return guard(since, after);
    }
    let mut store = Store::open_default()?;
    let now = now();
    let zone = store.zone()?;
    let out = Printer { json: args.json, zone };
    if let Command::Restore { file, yes } = &args.command {
        return match api::data::restore(&mut store, &file.to_string_lossy(), *yes, now)? {
            Confirm::Ask { question } => {
                Err(Error::invalid("yes", format!("{question}; run again with --yes")))
            }
            Confirm::Done { value } => {
                out.message(&format!(
                    "Restored {} from {}; the database it replaced is kept as {}",
                    store.path().display(),
                    file.display(),
                    value.previous.display()
                ));
                Ok(())
            }
        };
    }
    let api = Sanctum::new(&store, now);
    match args.command {
        Command::Log { text } => out.logged(&api.log_fire(&text.join(" "))?),
        Command::List {
            week,
            today,
            all,
            source,
            category,
            channel,
            outcome,
            search,
            limit,
            offset,
        } => {
            let query = FireQuery {
                period: if all {
                    Period::All
                } else if today {
                    Period::Today
                } else {
                    Period::Week
                },
                week: week.as_deref().map(str::parse).transpose()?,
                filter: InterruptionFilter {
                    span: None,
                    source,
                    category,
                    channel: channel.as_deref().map(str::parse).transpose()?,
                    outcome,
                    text: search,
                    limit,
                    offset,
                },
                quick: false,
            };
            out.list(&api.fires(query)?.items);
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
            let patch = InterruptionPatch {
                source: source.map(Some),
                category: category.map(Some),
                channel: channel.as_deref().map(str::parse::<Channel>).transpose()?,
                urgency: urgency.as_deref().map(str::parse::<Urgency>).transpose()?,
                minutes: None,
                outcome: outcome.as_deref().map(str::parse::<Outcome>).transpose()?,
                note,
                occurred_at: None,
            };
            let edit = FireEdit { text: Some(text.join(" ")), patch, minutes, when };
            out.updated(&api.edit_fire(id, edit)?);
        }
        Command::Delete { id } => out.deleted(&api.delete_fire(id)?),
        Command::Config { key, value } => {
            let settings = match (key, value) {
                (None, _) => api.settings()?,
                (Some(key), Some(value)) => api.set_setting(&key, &value)?,
                (Some(key), None) => {
                    return Err(Error::invalid(
                        "config",
                        format!("give a value: sanctum config {key} VALUE"),
                    ))
                }
            };
            out.settings(&settings, store.path());
        }
        Command::Block { command } => crate::blocks::run(command, &api, &out)?,
        Command::Now => out.now(&api.focus_now()?),
        Command::Focus { command: FocusCommand::Start { until } } => {
            out.occurrence("In focus", &api.start_focus_now(until.as_deref())?)
        }
        Command::Focus { command: FocusCommand::End } => {
            out.occurrence("Ended early", &api.end_focus_now()?)
        }
        Command::Priority { command } => crate::planning::priority(command, &api, &out)?,
        Command::Task { command } => crate::planning::task(command, &api, &out)?,
        Command::Batch { command } => crate::planning::batch(command, &api, &out)?,
        Command::Win(args) => crate::planning::win(args, &api, &out)?,
        Command::Delegated => out.delegated(&api.delegated()?),
        Command::Export { format, path, force } => {
            let path = path.to_string_lossy();
            if format == ExportFormat::Json {
                let done = replacing(api.export_json(&path, force)?)?;
                out.message(&format!("Exported {} rows to {}", done.count, done.path));
            } else {
                let done = replacing(api.export_csv(&path, force)?)?;
                out.message(&format!("Wrote {} CSV files to {}", done.count, done.path));
            }
        }
        Command::Import { file } => out.imported(&api.import_json(&file.to_string_lossy())?),
        Command::Backup { file, force } => {
            let done = replacing(api.backup(&file.to_string_lossy(), force)?)?;
            out.message(&format!("Backed up {} to {}", store.path().display(), done.path));
        }
        Command::Restore { .. } | Command::Guard { .. } => unreachable!("handled above"),
        Command::Calendar { command } => crate::calendars::calendar(command, &api, &out)?,
        Command::Suggest { weeks, accept } => match accept {
            None => out.suggestions(&api.suggestions(weeks)?),
            Some(key) => {
                let accepted = api.accept_suggestion_key(&key)?;
                out.occurrence(
                    if accepted.moved { "Moved" } else { "Added" },
                    &accepted.occurrence,
                );
            }
        },
        Command::Publish => out.published(&api.publish()?),
        Command::Review { week, md, html } => {
            let week = week.as_deref().map(str::parse).transpose()?;
            if html {
                say_raw!("{}", api.report(week, ReportFormat::Html)?);
            } else if md || !args.json {
                say_raw!("{}", api.report(week, ReportFormat::Md)?);
            } else {
                out.review(&api.week_review(week)?);
            }
        }
    }
    Ok(())
}
