//! `sanctum calendar …`, `sanctum suggest` and `sanctum publish`: calendars from the command line.

use std::io::{BufRead, IsTerminal};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::Subcommand;
use sanctum_core::calendar::sync::{self, Refreshed};
use sanctum_core::calendar::{CalendarKind, NewCalendar};
use sanctum_core::store::parse_switch;
use sanctum_core::time::IsoWeek;
use sanctum_core::{Error, Result, Store};

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

fn kind_of(location: &str, user: Option<&String>) -> CalendarKind {
    let lower = location.trim().to_ascii_lowercase();
    if user.is_some() {
        CalendarKind::Caldav
    } else if ["http://", "https://", "webcal://"].iter().any(|s| lower.starts_with(s)) {
        CalendarKind::Url
    } else {
        CalendarKind::File
    }
}

pub fn calendar(
    command: CalendarCommand,
    store: &Store,
    now: DateTime<Utc>,
    zone: Tz,
    out: &Printer,
) -> Result<()> {
    match command {
        CalendarCommand::Add { location, name, user, password_stdin, publish, not_busy } => {
            let kind = kind_of(&location, user.as_ref());
            let location = match kind {
                CalendarKind::File => std::path::absolute(&location)
                    .map(|p| p.display().to_string())
                    .unwrap_or(location),
                _ => location,
            };
            let spec = NewCalendar {
                name: name.unwrap_or_default(),
                kind,
                location,
                username: user,
                read_busy: !not_busy,
                publish,
            };
            let password = || read_password(password_stdin).map(Some);
            out.refreshed("Added", &sync::add(store, spec, password, now)?);
        }
        CalendarCommand::List => out.calendars(&store.calendars()?),
        CalendarCommand::Refresh { id } => {
            let ids: Vec<i64> = match id {
                Some(id) => vec![store.calendar(id)?.id],
                None => store.calendars()?.iter().map(|c| c.id).collect(),
            };
            if ids.is_empty() {
                out.message("No calendars. Add one: sanctum calendar add FILE-OR-URL");
            }
            if let [one] = ids[..] {
                out.refreshed("Refreshed", &sync::refresh(store, one, now)?);
                return Ok(());
            }
            let mut failed = 0;
            for &id in &ids {
                match sync::refresh(store, id, now) {
                    Ok(r) => out.refreshed("Refreshed", &r),
                    Err(e) => {
                        crate::output::warn(&format!("calendar {id}: {e}"));
                        failed += 1;
                    }
                }
            }
            if failed > 0 {
                return Err(Error::Remote(format!(
                    "{failed} of {} calendars could not be read; the others were refreshed",
                    ids.len()
                )));
            }
        }
        CalendarCommand::Edit { id, name, busy, publish } => {
            let old = store.calendar(id)?;
            let busy =
                busy.map(|b| parse_switch("busy", &b)).transpose()?.unwrap_or(old.spec.read_busy);
            let publish = publish
                .map(|p| parse_switch("publish", &p))
                .transpose()?
                .unwrap_or(old.spec.publish);
            let name = name.unwrap_or(old.spec.name);
            out.calendars(&[store.update_calendar(id, &name, busy, publish)?]);
        }
        CalendarCommand::Password { id, password_stdin } => {
            let c = store.calendar(id)?;
            let Some(user) = c.spec.username.as_deref() else {
                return Err(Error::invalid(
                    "id",
                    format!("calendar {id} is not a CalDAV calendar"),
                ));
            };
            let password = read_password(password_stdin)?;
            sync::sign_in(&c.spec.location, user, &password)?;
            out.message(&format!("Saved the password of {user} for {}", c.spec.name));
        }
        CalendarCommand::Remove { id } => {
            let removed = sync::remove(store, id)?;
            out.message(&format!("Removed calendar {id} ({})", removed.spec.name));
        }
        CalendarCommand::Events { week } => {
            let week = match week {
                Some(w) => w.parse()?,
                None => IsoWeek::containing(now, zone),
            };
            let span = week.span(zone);
            out.events(&store.calendar_events(span)?, &store.clashes(span)?);
        }
    }
    Ok(())
}

/// `sanctum suggest [--weeks N] [--accept K]`.
pub fn suggest(
    store: &Store,
    now: DateTime<Utc>,
    weeks: u32,
    accept: Option<usize>,
    out: &Printer,
) -> Result<()> {
    let suggestions = store.suggestions(now, weeks)?;
    match accept {
        None => out.suggestions(&suggestions),
        Some(k) => {
            let Some(s) = k.checked_sub(1).and_then(|i| suggestions.get(i)) else {
                return Err(Error::invalid(
                    "accept",
                    format!("there is no suggestion {k}; there are {}", suggestions.len()),
                ));
            };
            let verb = if s.moves.is_some() { "Moved" } else { "Added" };
            out.occurrence(verb, &store.accept_suggestion(s, now)?);
        }
    }
    Ok(())
}

/// `sanctum publish`.
pub fn publish(store: &Store, out: &Printer) -> Result<()> {
    if !store.calendars()?.iter().any(|c| c.spec.publish) {
        return Err(Error::invalid(
            "publish",
            "no calendar to publish to; add a CalDAV calendar with --publish, or \
             `sanctum calendar edit ID --publish on`",
        ));
    }
    out.published(&sync::publish_all(store)?);
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
}
