//! `sanctum calendar …`: calendars from the command line.

use std::io::{BufRead, IsTerminal};

use clap::Subcommand;
use sanctum_core::api::calendars::{kind_of, CalendarPatch, RefreshOutcome};
use sanctum_core::calendar::sync::Refreshed;
use sanctum_core::calendar::NewCalendar;
use sanctum_core::store::parse_switch;
use sanctum_core::{Error, Result, Sanctum};

use crate::output::Printer;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Add a calendar to read busy time from: an .ics file, an https/webcal subscription, or a
    /// CalDAV calendar (`--user NAME`; the password goes to the system keyring).
    /// It is read once at once; a calendar that cannot be read is not added.
    Add {
        /// File path, https:// or webcal:// address, or CalDAV calendar address.
        location: String,
        #[arg(long)]
        name: Option<String>,
        /// CalDAV account user name (makes this a CalDAV calendar).
        #[arg(long)]
        user: Option<String>,
        /// Read the CalDAV password from the first line of standard input.
        #[arg(long, requires = "user")]
        password_stdin: bool,
        /// Publish focus blocks to this CalDAV calendar.
        #[arg(long, requires = "user")]
        publish: bool,
        /// Do not count its events as busy time (e.g. a calendar you only publish to).
        #[arg(long)]
        not_busy: bool,
    },
    /// List calendars: what they are, when last read, and any error.
    List,
    /// Read calendars again (all, or one).
    Refresh { id: Option<i64> },
    /// Change a calendar's name, or whether it counts as busy or receives focus blocks.
    Edit {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        /// on or off.
        #[arg(long)]
        busy: Option<String>,
        /// on or off (CalDAV only).
        #[arg(long)]
        publish: Option<String>,
    },
    /// Replace a CalDAV calendar's saved password.
    Password {
        id: i64,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove a calendar, its cached events and its saved password (events already published
    /// stay on the server: run `sanctum publish` before removing to keep them in sync).
    Remove { id: i64 },
    /// Cached calendar events of a week (this week by default), with clashes.
    Events {
        #[arg(long)]
        week: Option<String>,
    },
}

/// The password: from standard input's first line, or asked for without echo on a terminal.
fn read_password(from_stdin: bool) -> Result<String> {
    let password = if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::invalid("password", format!("could not read it: {e}")))?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        rpassword::prompt_password("CalDAV password: ")
            .map_err(|e| Error::invalid("password", format!("could not read it: {e}")))?
    };
    if password.is_empty() {
        return Err(Error::invalid("password", "is empty"));
    }
    Ok(password)
}

pub fn calendar(command: CalendarCommand, api: &Sanctum, out: &Printer) -> Result<()> {
    match command {
        CalendarCommand::Add { location, name, user, password_stdin, publish, not_busy } => {
            let spec = NewCalendar {
                name: name.unwrap_or_default(),
                kind: kind_of(&location, user.is_some()),
                location,
                username: user,
                read_busy: !not_busy,
                publish,
            };
            let password = || read_password(password_stdin).map(Some);
            out.refreshed("Added", &api.add_calendar(spec, password)?);
        }
        CalendarCommand::List => out.calendars(&api.calendars()?),
        CalendarCommand::Refresh { id: Some(id) } => {
            out.refreshed("Refreshed", &api.refresh_calendar(id)?)
        }
        CalendarCommand::Refresh { id: None } => {
            let outcomes = api.refresh_calendars(None)?;
            if outcomes.is_empty() {
                out.message("No calendars. Add one: sanctum calendar add FILE-OR-URL");
            }
            out.refresh_outcomes(&outcomes);
            let failed = outcomes.iter().filter(|o| o.error.is_some()).count();
            if failed > 0 {
                return Err(Error::Remote(format!(
                    "{failed} of {} calendars could not be read; the others were refreshed",
                    outcomes.len()
                )));
            }
        }
        CalendarCommand::Edit { id, name, busy, publish } => {
            let patch = CalendarPatch {
                name,
                read_busy: busy.map(|b| parse_switch("busy", &b)).transpose()?,
                publish: publish.map(|p| parse_switch("publish", &p)).transpose()?,
            };
            out.calendars(&[api.edit_calendar(id, patch)?]);
        }
        CalendarCommand::Password { id, password_stdin } => {
            let password = read_password(password_stdin)?;
            let c = api.set_calendar_password(id, &password)?;
            out.message(&format!(
                "Saved the password of {} for {}",
                c.spec.username.unwrap_or_default(),
                c.spec.name
            ));
        }
        CalendarCommand::Remove { id } => {
            let removed = api.remove_calendar(id)?;
            out.message(&format!("Removed calendar {id} ({})", removed.spec.name));
        }
        CalendarCommand::Events { week } => {
            out.events(&api.week_events(week.as_deref().map(str::parse).transpose()?)?)
        }
    }
    Ok(())
}

impl Printer {
    pub fn refreshed(&self, verb: &str, r: &Refreshed) {
        if self.json {
            return crate::output::print_json(r);
        }
        say!("{verb} {} ({}): {} events", r.calendar.spec.name, r.calendar.id, r.events);
        for p in &r.problems {
            say!("  skipped: {p}");
        }
    }

    /// Each calendar read: its events, or why it could not be read (on standard error).
    pub fn refresh_outcomes(&self, outcomes: &[RefreshOutcome]) {
        if self.json {
            return crate::output::print_json(outcomes);
        }
        for o in outcomes {
            match (&o.error, o.events) {
                (Some(e), _) => crate::output::warn(&format!("calendar {}: {e}", o.id)),
                (None, events) => {
                    say!("Refreshed {} ({}): {} events", o.name, o.id, events.unwrap_or(0));
                    for p in &o.problems {
                        say!("  skipped: {p}");
                    }
                }
            }
        }
    }
}
