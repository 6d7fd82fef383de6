//! Queries on the `settings` table: a few user preferences, each validated on write.

use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::{Error, Result};
use crate::time::{parse_zone, system_zone};

/// The default global shortcut that opens the quick-log box.
pub const DEFAULT_SHORTCUT: &str = "CommandOrControl+Shift+Space";

/// The user's preferences, with defaults filled in for what was never set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// IANA zone; defaults to the operating system's zone.
    pub timezone: String,
    /// Global shortcut for the quick-log box, in Tauri's accelerator syntax.
    pub shortcut: String,
}

impl Settings {
    /// The setting names users can change, for help texts.
    pub const KEYS: [&'static str; 2] = ["timezone", "shortcut"];

    pub fn zone(&self) -> Tz {
        parse_zone(&self.timezone).unwrap_or(Tz::UTC)
    }
}

impl Store {
    /// The current settings.
    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings {
            timezone: self
                .setting("timezone")?
                .unwrap_or_else(|| system_zone().name().to_string()),
            shortcut: self
                .setting("shortcut")?
                .unwrap_or_else(|| DEFAULT_SHORTCUT.to_string()),
        })
    }

    /// The user's time zone.
    pub fn zone(&self) -> Result<Tz> {
        Ok(self.settings()?.zone())
    }

    /// Changes one setting after checking its value.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<Settings> {
        let value = value.trim();
        let value = match key {
            "timezone" => parse_zone(value)?.name().to_string(),
            "shortcut" => {
                if value.is_empty() || value.chars().any(char::is_control) {
                    return Err(Error::invalid(
                        "shortcut",
                        "is empty; write a key combination like CommandOrControl+Shift+Space",
                    ));
                }
                value.to_string()
            }
            other => {
                return Err(Error::invalid(
                    "setting",
                    format!(
                        "'{other}' is not a setting; use one of {}",
                        Settings::KEYS.join(", ")
                    ),
                ))
            }
        };
        self.conn
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![key, value])?;
        self.settings()
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_default_validate_and_persist() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.settings().unwrap().shortcut, DEFAULT_SHORTCUT);
        let s = store.set_setting("timezone", " Europe/London ").unwrap();
        assert_eq!(s.timezone, "Europe/London");
        assert_eq!(store.zone().unwrap(), chrono_tz::Europe::London);
        let e = store
            .set_setting("timezone", "Nowhere/Special")
            .unwrap_err();
        assert_eq!(e.field(), Some("timezone"));
        assert_eq!(
            store.settings().unwrap().timezone,
            "Europe/London",
            "bad value not stored"
        );
        assert_eq!(
            store.set_setting("colour", "red").unwrap_err().field(),
            Some("setting")
        );
        assert_eq!(
            store.set_setting("shortcut", "  ").unwrap_err().field(),
            Some("shortcut")
        );
        assert_eq!(
            store.set_setting("shortcut", "Alt+L").unwrap().shortcut,
            "Alt+L"
        );
    }
}
