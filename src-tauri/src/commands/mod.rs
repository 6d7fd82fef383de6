//! Tauri commands, one module per domain. Each command reads the clock if it needs to, calls the
//! core once, and maps the error; nothing else.

pub mod blocks;
pub mod calendars;
pub mod data;
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

/// A path the user typed, `~/` being the home folder; empty is refused.
pub fn user_path(text: &str) -> sanctum_core::Result<std::path::PathBuf> {
    let path = match text.trim().strip_prefix("~/") {
        Some(rest) => {
            std::env::var_os("HOME").map(std::path::PathBuf::from).unwrap_or_default().join(rest)
        }
        None => std::path::PathBuf::from(text.trim()),
    };
    if path.as_os_str().is_empty() {
        return Err(sanctum_core::Error::invalid(
            "path",
            "give a file or folder, e.g. ~/week.html",
        ));
    }
    Ok(path)
}

/// A file the user named (see [`user_path`]); a folder is refused.
pub fn user_file(text: &str) -> sanctum_core::Result<std::path::PathBuf> {
    let path = user_path(text)?;
    if path.is_dir() {
        return Err(sanctum_core::Error::invalid(
            "path",
            format!("{} is a folder; give a file name, e.g. ~/week.html", path.display()),
        ));
    }
    Ok(path)
}
