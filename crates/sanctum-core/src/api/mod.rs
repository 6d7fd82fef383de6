//! The use cases: one function per thing a user does, the only path for that action.
//!
//! The desktop app's commands and the command line's subcommands are adapters over this layer:
//! they parse arguments, call one function here, and show the result. Each function takes plain
//! arguments and returns plain serde types; the store underneath keeps the SQL, one module per
//! table, every write in one IMMEDIATE transaction.
//!
//! A [`Sanctum`] is made per call with the store and the clock reading of that call. Every write
//! records which kind of data it changed ([`Topic`]); the shell reads [`Sanctum::changes`] after
//! the call and announces one "data changed" event naming them, so screens refresh themselves
//! and the app's background work (reminders, publishing) re-plans.
//!
//! - [`fires`]: log, edit, delete, undo, list and search the interruption log;
//! - [`focus`]: focus blocks, their occurrences and outcomes, the week planner;
//! - [`planning`]: weekly priorities, batches and tasks, delegated work, wins;
//! - [`review`]: the weekly review, its note and its report;
//! - [`calendars`]: calendars, suggestions and publishing (these talk to the network);
//! - [`data`]: backup, restore, export and import;
//! - [`guard`]: the tray's status, focus started and ended on the spot, paused reminders, and
//!   the do-not-disturb bookkeeping;
//! - [`settings`]: the settings.

pub mod calendars;
pub mod data;
pub mod fires;
pub mod focus;
pub mod guard;
pub mod planning;
pub mod review;
pub mod settings;

pub use focus::Exported;

use std::cell::RefCell;
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::store::Store;
use crate::time::IsoWeek;

/// The kinds of data a write can change; the "data changed" event names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// The interruption log.
    Fires,
    /// Focus blocks and their occurrences.
    Focus,
    /// Priorities, batches, tasks and wins.
    Planning,
    /// Calendars and their cached events.
    Calendars,
    /// Review notes.
    Review,
    Settings,
    /// Everything may have changed (an import, a restore, another process).
    Everything,
}

impl Topic {
    /// Topics that move reminders or what is published to calendars.
    pub fn moves_schedule(self) -> bool {
        matches!(
            self,
            Topic::Focus | Topic::Planning | Topic::Calendars | Topic::Settings | Topic::Everything
        )
    }
}

/// The one "data changed" event: what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DataChanged {
    pub topics: Vec<Topic>,
}

impl DataChanged {
    /// Another process (the command line, a script) changed the database: anything may differ.
    pub fn everything() -> DataChanged {
        DataChanged { topics: vec![Topic::Everything] }
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    pub fn moves_schedule(&self) -> bool {
        self.topics.iter().any(|t| t.moves_schedule())
    }
}

/// An action that asks first: either done, or a question for the user (answer by calling again
/// with `confirmed`). A confirmation is a result, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Confirm<T> {
    Done {
        value: T,
    },
    /// Nothing was changed; `question` says why it asks.
    Ask {
        question: String,
    },
}

/// An error as the UI receives it: a stable code, a sentence saying what went wrong and what to
/// do, and the field it is about (for bad input), so the form can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApiError {
    /// `invalid`, `not_found`, `storage`, `disk_full`, `busy`, `remote`, `keyring`, `io`, ...
    /// (see [`Error::kind`](crate::Error::kind)); `internal` for a failure of the shell itself.
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> ApiError {
        ApiError { code: code.to_string(), message: message.into(), field: None }
    }
}

impl From<crate::Error> for ApiError {
    fn from(e: crate::Error) -> Self {
        let message = match e.kind() {
            "disk_full" => {
                format!("{e}. The disk is full: nothing was saved; free some space and try again.")
            }
            "busy" => format!("{e}. Another Sanctum is writing; try again in a moment."),
            _ => e.to_string(),
        };
        ApiError { code: e.kind().to_string(), message, field: e.field().map(str::to_string) }
    }
}

/// How the app stands, for its first screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppStatus {
    /// Why the database could not be opened, if it could not.
    pub startup_error: Option<ApiError>,
    /// Why the quick-log shortcut is not active, if it is not.
    pub shortcut_problem: Option<String>,
    pub settings: Option<crate::Settings>,
    /// The database file.
    pub database: Option<String>,
    /// Ask (once) whether Sanctum should start at login.
    pub ask_start_at_login: bool,
}

/// The use cases over one store, at one clock reading.
#[derive(Debug)]
pub struct Sanctum<'s> {
    store: &'s Store,
    now: DateTime<Utc>,
    changed: RefCell<BTreeSet<Topic>>,
}

impl<'s> Sanctum<'s> {
    /// `now` is the clock reading of this call: every use case that depends on the time uses it.
    pub fn new(store: &'s Store, now: DateTime<Utc>) -> Sanctum<'s> {
        Sanctum { store, now, changed: RefCell::new(BTreeSet::new()) }
    }

    pub fn store(&self) -> &'s Store {
        self.store
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// What the calls so far changed.
    pub fn changes(&self) -> DataChanged {
        DataChanged { topics: self.changed.borrow().iter().copied().collect() }
    }

    /// Records that a write succeeded; returns its value.
    fn wrote<T>(&self, topic: Topic, value: T) -> T {
        self.changed.borrow_mut().insert(topic);
        value
    }

    fn zone(&self) -> Result<Tz> {
        self.store.zone()
    }

    /// `week`, or the one containing now in the user's zone.
    fn week_or_current(&self, week: Option<IsoWeek>) -> Result<IsoWeek> {
        match week {
            Some(w) => Ok(w),
            None => Ok(IsoWeek::containing(self.now, self.zone()?)),
        }
    }
}

/// The neighbours of a week, for previous/next buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekNav {
    pub week: IsoWeek,
    pub previous_week: IsoWeek,
    pub next_week: IsoWeek,
    /// The week containing now.
    pub current_week: IsoWeek,
}

impl WeekNav {
    fn new(week: IsoWeek, current: IsoWeek) -> WeekNav {
        WeekNav {
            week,
            previous_week: week.previous(),
            next_week: week.next(),
            current_week: current,
        }
    }
}
