//! Sanctum's core: everything the app and the `sanctum` command line share, with no Tauri types.
//!
//! - [`store`]: the SQLite file, its migrations, the one write helper (IMMEDIATE transactions),
//!   one query module per table, backup/restore/export/import;
//! - [`interruption`]: the interruption log's vocabulary and validation;
//! - [`quicklog`]: the one-line quick-log syntax;
//! - [`focus`]: focus blocks, their occurrences, and the daylight-saving rule for them;
//! - [`planning`]: weekly priorities, batches and their slots, tasks, wins;
//! - [`review`] and [`report`]: the weekly review's figures (pure) and its Markdown/HTML report;
//! - [`ics`]: the iCalendar export of focus blocks;
//! - [`calendar`]: reading calendars, CalDAV and subscriptions, suggestions, publishing;
//! - [`secrets`]: passwords and logins in the system keyring;
//! - [`files`]: private files (0700/0600) and capped reads of regular files;
//! - [`text`]: the one-line rule for user text, and escaping text for terminals;
//! - [`time`]: the user's zone, ISO weeks, and the daylight-saving rule.
//!
//! Functions that depend on the clock take `now`; functions that depend on the zone take it.

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

pub use error::{Error, Result};
pub use interruption::{
    Channel, Interruption, InterruptionPatch, NewInterruption, Outcome, Urgency,
};
pub use store::{InterruptionFilter, Settings, Store};
pub use time::{IsoWeek, Span};
