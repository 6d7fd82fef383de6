//! Tauri commands, one module per domain. Each command reads the clock if it needs to, calls the
//! core once, and maps the error; nothing else.

pub mod blocks;
pub mod interruptions;
pub mod planning;
pub mod settings;

use chrono::{DateTime, Utc};

/// Reads the clock: the one place the app asks for the time.
#[allow(clippy::disallowed_methods)]
pub fn now() -> DateTime<Utc> {
    Utc::now()
}
