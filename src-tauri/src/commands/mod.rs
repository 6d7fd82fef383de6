//! Tauri commands, one module per domain. Each command reads the clock if it needs to, calls the
//! core once, and maps the error; nothing else.

pub mod blocks;
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

/// A file path the user typed: `~/` is the home folder; empty or a folder is refused.
pub fn expand_home(path: &str) -> sanctum_core::Result<std::path::PathBuf> {
    let path = match path.trim().strip_prefix("~/") {
        Some(rest) => {
            std::env::var_os("HOME").map(std::path::PathBuf::from).unwrap_or_default().join(rest)
        }
        None => std::path::PathBuf::from(path.trim()),
    };
    if path.as_os_str().is_empty() || path.is_dir() {
        return Err(sanctum_core::Error::invalid("path", "give a file name, e.g. ~/week.html"));
    }
    Ok(path)
}
