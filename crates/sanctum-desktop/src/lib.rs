//! What Sanctum does on the desktop besides its window: the tray icon and its menu, reminders
//! as notifications you can act on, do-not-disturb during focus, the quick-log shortcut, the
//! calendar round, and the background guard that runs them with no window. Plain Rust over the
//! session bus, with no Tauri and no GTK, so that the app and the guard process (`sanctum
//! guard`, which links no GUI toolkit) share one implementation.

pub mod calendars;
pub mod folder;
pub mod guard;
pub mod keys;
pub mod launch;
pub mod notes;
pub mod quiet;
pub mod reminders;
#[cfg(feature = "stand-ins")]
pub mod stand_in;
pub mod tray;

use chrono::{DateTime, Utc};

/// Reads the clock: the guard is an edge, like the CLI's main and the app's commands.
#[allow(clippy::disallowed_methods)]
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

/// With `SANCTUM_TRACE` set, prints when a moment worth timing happens (`sanctum-trace WHAT
/// UNIX-MS` on standard error), for the benchmark scripts.
pub fn trace(what: &str) {
    if std::env::var_os("SANCTUM_TRACE").is_some() {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        eprintln!("sanctum-trace {what} {ms}");
    }
}
