//! Tauri commands, one module per domain. Each is a one-line adapter over a use case of
//! `sanctum_core::api`, run through [`crate::api::call`] (which announces what changed).

pub mod blocks;
pub mod calendars;
pub mod data;
pub mod guard;
pub mod interruptions;
pub mod planning;
pub mod review;
pub mod settings;

use chrono::{DateTime, Utc};

/// Reads the clock: the one place the app asks for the time.
#[allow(clippy::disallowed_methods)]
pub fn now() -> DateTime<Utc> {
    Utc::now()
}
