//! Sanctum's core: everything the app and the `sanctum` command line share, with no Tauri types.
//!
//! - [`store`]: the SQLite file, its migrations and one query module per table;
//! - [`interruption`]: the interruption log's vocabulary and validation;
//! - [`focus`]: focus blocks, their occurrences, and the daylight-saving rule for them;
//! - [`quicklog`]: the one-line quick-log syntax;
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
