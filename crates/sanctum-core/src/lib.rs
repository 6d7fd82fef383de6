//! Sanctum's core: everything the app and the `sanctum` command line share, with no Tauri types.
//! See `docs/architecture.md` for how the pieces fit.
//!
//! - [`api`]: the use cases, one function per thing a user does; the app's commands and the CLI's
//!   subcommands are adapters over it, and every write it makes names what it changed;
//! - [`store`]: the SQLite file, its migrations, the one write helper (IMMEDIATE transactions),
//!   one query module per table, backup/restore/export/import;
//! - [`interruption`]: the interruption log's vocabulary and validation;
//! - [`quicklog`]: the one-line quick-log syntax;
//! - [`focus`]: focus blocks, their occurrences and figures, reminders, and the daylight-saving
//!   rule for them;
//! - [`planning`]: weekly priorities, batches and their slots, tasks, wins;
//! - [`review`] and [`report`]: the weekly review's figures (pure) and its Markdown/HTML report;
//! - [`ics`]: the iCalendar export of focus blocks;
//! - [`calendar`]: reading calendars (content lines, events, recurrence rules, zones), CalDAV and
//!   subscriptions, suggestions, publishing;
//! - [`secrets`]: passwords and logins in the system keyring;
//! - [`files`]: private files (0700/0600) and capped reads of regular files;
//! - [`text`]: the one-line rule for user text, escaping text for terminals, and how durations
//!   are written;
//! - [`time`]: the user's zone, ISO weeks, the daylight-saving rule, and the one rule for which
//!   day owns a span of time;
//! - `fixtures` and `test_servers` (feature `fixtures`): shared test data and loopback servers.
//!
//! Functions that depend on the clock take `now`; functions that depend on the zone take it.

pub mod api;
pub mod calendar;
pub mod error;
pub mod files;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod focus;
pub mod ics;
pub mod interruption;
pub mod planning;
pub mod quicklog;
pub mod report;
pub mod review;
pub mod secrets;
pub mod store;
#[cfg(feature = "fixtures")]
pub mod test_servers;
pub mod text;
pub mod time;

pub use api::Sanctum;
pub use error::{Error, Result};
pub use interruption::{
    Channel, Interruption, InterruptionPatch, NewInterruption, Outcome, Urgency,
};
pub use store::{InterruptionFilter, Settings, Store};
pub use time::{IsoWeek, Span};
