//! Queries on the `settings` table: the user's preferences, each validated on write.

use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::{Error, Result};
use crate::quicklog::parse_duration;
use crate::time::{parse_zone, system_zone};

/// The default global shortcut that opens the quick-log box.
pub const DEFAULT_SHORTCUT: &str = "CommandOrControl+Shift+Space";

/// The user's preferences, with defaults filled in for what was never set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    /// IANA zone; defaults to the operating system's zone.
    pub timezone: String,
    /// Global shortcut for the quick-log box, in Tauri's accelerator syntax.
    pub shortcut: String,
    /// Focus minutes the user means to hold each week (default 8 h).
    pub weekly_target_minutes: u32,
    /// Heads-up this many minutes before a block starts; 0 turns it off.
    pub heads_up_minutes: u32,
    /// A break reminder every this many minutes of focus; 0 turns it off.
    pub break_every_minutes: u32,
    /// Notify when a block starts.
    pub notify_start: bool,
    /// Notify when a block ends, asking how it went.
    pub notify_end: bool,
    /// When the weekly review is due, e.g. `fri 16:00` (empty: no reminder).
    pub review_at: String,
    /// `system`, `light` or `dark`.
    pub theme: String,
    /// Working hours, e.g. `09:00-17:30`: suggestions stay inside them.
    pub work_hours: String,
    /// Working days, e.g. `mon-fri`.
    pub work_days: String,
    /// Days suggestions prefer, e.g. `tue,thu` (empty: none preferred).
    pub preferred_days: String,
    /// How long a suggested focus block is.
    pub focus_length_minutes: u32,
    /// Calendars are refreshed this often in the app (0: only on demand).
    pub calendar_refresh_minutes: u32,
    /// Batch slots are published with the focus blocks.
    pub publish_batches: bool,
    /// Closing the window keeps Sanctum running in the background (the tray, reminders, the
    /// shortcut and calendar publishing go on).
    pub keep_running: bool,
    /// Sanctum starts, without a window, when the user logs in.
    pub start_at_login: bool,
    /// The desktop's do-not-disturb is on while a block runs.
    pub quiet_during_focus: bool,
    /// The user's e-mail addresses, comma-separated: an invitation they declined is free time.
    /// Learned from CalDAV accounts (`calendar-user-address-set`) and Google feeds; editable.
    pub my_addresses: String,
    /// Invitations the user answered "maybe" (or marked tentative) count as busy.
    pub tentative_busy: bool,
    /// Addresses the user removed from `my_addresses`: never learned again.
    pub not_my_addresses: String,
}

/// One setting: its key, what it means, and how its value is read and checked.
struct Key {
    name: &'static str,
    help: &'static str,
    kind: Kind,
}

enum Kind {
    Zone,
    Shortcut,
    /// A duration in minutes, at most this many.
    Minutes(u32),
    Switch,
    /// A weekday and a time, e.g. `fri 16:00`, or `off`.
    WeeklyTime,
    Choice(&'static [&'static str]),
    /// `HH:MM-HH:MM`.
    Hours,
    /// Weekdays as in `mon-fri` or `tue,thu`; `Days(true)` also takes `none`.
    Days(bool),
    /// E-mail addresses, comma-separated, or `none`.
    Addresses,
}

const KEYS: &[Key] = &[
    Key { name: "timezone", help: "your IANA zone, e.g. Europe/London", kind: Kind::Zone },
    Key {
        name: "shortcut",
        help: "quick-log shortcut, e.g. CommandOrControl+Shift+Space",
        kind: Kind::Shortcut,
    },
    Key {
        name: "weekly_target",
        help: "focus time to hold each week, e.g. 8h",
        kind: Kind::Minutes(100 * 60),
    },
    Key {
        name: "heads_up",
        help: "heads-up before a block, e.g. 10m (0 = off)",
        kind: Kind::Minutes(240),
    },
    Key {
        name: "break_every",
        help: "break reminder during focus, e.g. 50m (0 = off)",
        kind: Kind::Minutes(480),
    },
    Key { name: "notify_start", help: "notify when a block starts: on or off", kind: Kind::Switch },
    Key { name: "notify_end", help: "notify when a block ends: on or off", kind: Kind::Switch },
    Key {
        name: "review_at",
        help: "when the weekly review is due, e.g. fri 16:00 (off = no reminder)",
        kind: Kind::WeeklyTime,
    },
    Key {
        name: "theme",
        help: "system, light or dark",
        kind: Kind::Choice(&["system", "light", "dark"]),
    },
    Key { name: "work_hours", help: "your working hours, e.g. 09:00-17:30", kind: Kind::Hours },
    Key { name: "work_days", help: "your working days, e.g. mon-fri", kind: Kind::Days(false) },
    Key {
        name: "preferred_days",
        help: "days to suggest focus on first, e.g. tue,thu (none = no preference)",
        kind: Kind::Days(true),
    },
    Key {
        name: "focus_length",
        help: "length of a suggested focus block, e.g. 3h",
        kind: Kind::Minutes(10 * 60),
    },
    Key {
        name: "calendar_refresh",
        help: "refresh calendars this often in the app, e.g. 30m (0 = only on demand)",
        kind: Kind::Minutes(24 * 60),
    },
    Key {
        name: "publish_batches",
        help: "publish batch slots with the focus blocks: on or off",
        kind: Kind::Switch,
    },
    Key {
        name: "keep_running",
        help: "keep guarding in the background when the window is closed: on or off",
        kind: Kind::Switch,
    },
    Key {
        name: "start_at_login",
        help: "start Sanctum (without a window) when you log in: on or off",
        kind: Kind::Switch,
    },
    Key {
        name: "quiet_during_focus",
        help: "turn on the desktop's do-not-disturb while a block runs: on or off",
        kind: Kind::Switch,
    },
    Key {
        name: "my_addresses",
        help: "your e-mail addresses, so invitations you declined are free time, e.g. \
               ana@example.com,ana@corp.example (none = unknown)",
        kind: Kind::Addresses,
    },
    Key {
        name: "not_my_addresses",
        help: "addresses a calendar suggested that are not yours; kept when you remove one \
               from my_addresses, so it is not learned again (none = clear)",
        kind: Kind::Addresses,
    },
    Key {
        name: "tentative_busy",
        help: "invitations you answered 'maybe' count as busy: on or off",
        kind: Kind::Switch,
    },
];

/// At most this many addresses are kept.
pub const MAX_ADDRESSES: usize = 20;

/// Reads comma- or space-separated e-mail addresses (`mailto:` taken off), lower-cased and
/// without repeats; `none` or nothing is none.
pub fn parse_addresses(text: &str) -> Result<Vec<String>> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let mut out: Vec<String> = Vec::new();
    for item in text.split([',', ' ', ';', '\n']).map(str::trim).filter(|i| !i.is_empty()) {
        let address = item.strip_prefix("mailto:").unwrap_or(item).to_lowercase();
        let valid = address.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        }) && !address.chars().any(|c| c.is_control() || c == '<' || c == '>');
        if !valid || address.len() > 254 {
            return Err(Error::invalid(
                "my_addresses",
                format!("'{item}' is not an e-mail address; write e.g. ana@example.com"),
            ));
        }
        if !out.contains(&address) {
            out.push(address);
        }
    }
    if out.len() > MAX_ADDRESSES {
        return Err(Error::invalid(
            "my_addresses",
            format!("{} addresses is more than {MAX_ADDRESSES}; keep your own", out.len()),
        ));
    }
    Ok(out)
}

/// Reads `on`/`off` (also `true`/`false`, `yes`/`no`, `1`/`0`) for `field`.
pub fn parse_switch(field: &'static str, value: &str) -> Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        _ => Err(Error::invalid(field, format!("'{value}' is not on or off"))),
    }
}

/// Parses working hours `09:00-17:30`.
pub fn parse_work_hours(text: &str) -> Result<(chrono::NaiveTime, chrono::NaiveTime)> {
    let bad =
        |why: &str| Error::invalid("work_hours", format!("'{text}' {why}; write e.g. 09:00-17:30"));
    let (from, to) = text.trim().split_once('-').ok_or_else(|| bad("is not two times"))?;
    let read = |t: &str| chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M");
    let (from, to) = (
        read(from).map_err(|_| bad("has a bad start"))?,
        read(to).map_err(|_| bad("has a bad end"))?,
    );
    if to <= from {
        return Err(bad("ends before it starts"));
    }
    Ok((from, to))
}

/// Parses `fri 16:00` into a weekday and a time.
pub fn parse_weekly_time(text: &str) -> Result<(chrono::Weekday, chrono::NaiveTime)> {
    let bad = || {
        Error::invalid(
            "review_at",
            format!("'{text}' is not a weekday and time; write e.g. fri 16:00"),
        )
    };
    let (day, time) = text.trim().split_once(char::is_whitespace).ok_or_else(bad)?;
    let day: chrono::Weekday = day.parse().map_err(|_| bad())?;
    let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| bad())?;
    Ok((day, time))
}

impl Settings {
    /// The user's addresses as a list.
    pub fn addresses(&self) -> Vec<String> {
        parse_addresses(&self.my_addresses).unwrap_or_default()
    }

    /// When this week's review is due, as an instant, if a reminder is set.
    pub fn review_due(&self, week: crate::time::IsoWeek) -> Option<chrono::DateTime<chrono::Utc>> {
        let (day, time) = parse_weekly_time(&self.review_at).ok()?;
        let date = week.monday() + chrono::Duration::days(i64::from(day.num_days_from_monday()));
        Some(crate::time::local_to_utc(self.zone(), date.and_time(time)))
    }

    /// `name — help` for each setting, for help texts.
    pub fn keys() -> impl Iterator<Item = (&'static str, &'static str)> {
        KEYS.iter().map(|k| (k.name, k.help))
    }

    pub fn zone(&self) -> Tz {
        parse_zone(&self.timezone).unwrap_or(Tz::UTC)
    }
}

/// Checks one setting's value as `sanctum config` and Settings take it; returns the key's
/// name and the value as stored. Used by every path that writes a setting (import too).
pub(crate) fn check_setting(name: &str, value: &str) -> Result<(&'static str, String)> {
    let Some(key) = KEYS.iter().find(|k| k.name == name) else {
        let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
        return Err(Error::invalid(
            "setting",
            format!("'{name}' is not a setting; use one of {}", names.join(", ")),
        ));
    };
    let value = value.trim();
    let stored = match key.kind {
        Kind::Zone => parse_zone(value)?.name().to_string(),
        Kind::Shortcut => {
            if value.is_empty() || value.chars().any(char::is_control) {
                return Err(Error::invalid(
                    "shortcut",
                    "is empty; write a key combination like CommandOrControl+Shift+Space",
                ));
            }
            value.to_string()
        }
        Kind::Minutes(max) => {
            let minutes = match value.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => parse_duration(value),
            };
            match minutes {
                Some(m) if m <= max => m.to_string(),
                _ => {
                    return Err(Error::invalid(
                        key.name,
                        format!(
                            "'{value}' is not a duration from 0 to {max} minutes; {}",
                            key.help
                        ),
                    ))
                }
            }
        }
        Kind::WeeklyTime => {
            if value.eq_ignore_ascii_case("off") {
                "off".to_string()
            } else {
                let (day, time) = parse_weekly_time(value)?;
                format!("{} {}", day.to_string().to_lowercase(), time.format("%H:%M"))
            }
        }
        Kind::Choice(options) => {
            let v = value.to_ascii_lowercase();
            if !options.contains(&v.as_str()) {
                return Err(Error::invalid(
                    key.name,
                    format!("'{value}' is not one of {}", options.join(", ")),
                ));
            }
            v
        }
        Kind::Hours => {
            let (from, to) = parse_work_hours(value)?;
            format!("{}-{}", from.format("%H:%M"), to.format("%H:%M"))
        }
        Kind::Days(true) if value.is_empty() || value.eq_ignore_ascii_case("none") => String::new(),
        Kind::Days(_) => {
            let days = crate::focus::parse_days(value).map_err(|e| match e {
                Error::Invalid { message, .. } => Error::invalid(key.name, message),
                other => other,
            })?;
            days.iter().map(|d| d.to_string().to_lowercase()).collect::<Vec<_>>().join(",")
        }
        Kind::Switch => if parse_switch(key.name, value)? { "on" } else { "off" }.to_string(),
        Kind::Addresses => parse_addresses(value)?.join(","),
    };
    Ok((key.name, stored))
}

impl Store {
    /// The current settings.
    pub fn settings(&self) -> Result<Settings> {
        let minutes = |key: &str, default: u32| -> Result<u32> {
            Ok(self.setting(key)?.and_then(|v| v.parse().ok()).unwrap_or(default))
        };
        let switch =
            |key: &str| -> Result<bool> { Ok(self.setting(key)?.is_none_or(|v| v == "on")) };
        Ok(Settings {
            timezone: self.setting("timezone")?.unwrap_or_else(|| system_zone().name().to_string()),
            shortcut: self.setting("shortcut")?.unwrap_or_else(|| DEFAULT_SHORTCUT.to_string()),
            weekly_target_minutes: minutes("weekly_target", 8 * 60)?,
            heads_up_minutes: minutes("heads_up", 10)?,
            break_every_minutes: minutes("break_every", 50)?,
            notify_start: switch("notify_start")?,
            notify_end: switch("notify_end")?,
            review_at: self.setting("review_at")?.unwrap_or_else(|| "fri 16:00".to_string()),
            theme: self.setting("theme")?.unwrap_or_else(|| "system".to_string()),
            work_hours: self.setting("work_hours")?.unwrap_or_else(|| "09:00-17:30".to_string()),
            work_days: self.setting("work_days")?.unwrap_or_else(|| "mon-fri".to_string()),
            preferred_days: self.setting("preferred_days")?.unwrap_or_default(),
            focus_length_minutes: minutes("focus_length", 3 * 60)?,
            calendar_refresh_minutes: minutes("calendar_refresh", 30)?,
            publish_batches: self.setting("publish_batches")?.is_some_and(|v| v == "on"),
            keep_running: switch("keep_running")?,
            start_at_login: self.setting("start_at_login")?.is_some_and(|v| v == "on"),
            quiet_during_focus: switch("quiet_during_focus")?,
            my_addresses: self.setting("my_addresses")?.unwrap_or_default(),
            tentative_busy: switch("tentative_busy")?,
            not_my_addresses: self.setting("not_my_addresses")?.unwrap_or_default(),
        })
    }

    /// The user's time zone.
    pub fn zone(&self) -> Result<Tz> {
        Ok(self.settings()?.zone())
    }

    /// Changes one setting after checking its value.
    pub fn set_setting(&self, name: &str, value: &str) -> Result<Settings> {
        let (key, stored) = check_setting(name, value)?;
        let put = |key: &str, value: &str| -> Result<()> {
            self.conn
                .prepare_cached(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute(params![key, value])?;
            Ok(())
        };
        self.write(|| {
            if key == "my_addresses" {
                // An address the user takes out is not theirs: it is not learned again.
                let before = self.settings()?;
                let now = parse_addresses(&stored)?;
                let mut not_mine = parse_addresses(&before.not_my_addresses)?;
                not_mine.extend(before.addresses().into_iter().filter(|a| !now.contains(a)));
                not_mine.retain(|a| !now.contains(a));
                not_mine.dedup();
                not_mine.truncate(MAX_ADDRESSES);
                put("not_my_addresses", &not_mine.join(","))?;
            }
            put(key, &stored)?;
            self.settings()
        })
    }

    /// Adds addresses a calendar revealed as its owner's to `my_addresses` (the user can remove
    /// them there); true if any was new. Beyond [`MAX_ADDRESSES`] nothing more is added.
    pub fn learn_addresses(&self, found: &[String]) -> Result<bool> {
        if found.is_empty() {
            return Ok(false);
        }
        self.write(|| {
            let settings = self.settings()?;
            let not_mine = parse_addresses(&settings.not_my_addresses).unwrap_or_default();
            let mut known = settings.addresses();
            let before = known.len();
            for address in found {
                let Ok(mut one) = parse_addresses(address) else { continue };
                if let Some(a) = one.pop() {
                    if !known.contains(&a) && !not_mine.contains(&a) && known.len() < MAX_ADDRESSES
                    {
                        known.push(a);
                    }
                }
            }
            if known.len() == before {
                return Ok(false);
            }
            self.conn
                .prepare_cached(
                    "INSERT INTO settings (key, value) VALUES ('my_addresses', ?1) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute([known.join(",")])?;
            Ok(true)
        })
    }

    /// State kept on this machine only (see `transfer::LOCAL_SETTINGS`): never exported,
    /// never imported.
    pub(crate) fn local_state(&self, key: &str) -> Result<Option<String>> {
        debug_assert!(super::transfer::LOCAL_SETTINGS.contains(&key));
        self.setting(key)
    }

    /// Sets (or with `None` removes) a piece of machine-local state.
    pub(crate) fn set_local_state(&self, key: &str, value: Option<&str>) -> Result<()> {
        debug_assert!(super::transfer::LOCAL_SETTINGS.contains(&key));
        self.write(|| {
            match value {
                Some(v) => self
                    .conn
                    .prepare_cached(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    )?
                    .execute(params![key, v])?,
                None => self
                    .conn
                    .prepare_cached("DELETE FROM settings WHERE key = ?1")?
                    .execute([key])?,
            };
            Ok(())
        })
    }

    /// The last ISO week the user planned (priorities set), so the app asks once a week.
    pub fn planned_week(&self) -> Result<Option<crate::time::IsoWeek>> {
        Ok(self.setting("planned_week")?.and_then(|w| w.parse().ok()))
    }

    pub fn set_planned_week(&self, week: crate::time::IsoWeek) -> Result<()> {
        self.write(|| {
            self.conn
                .prepare_cached(
                    "INSERT INTO settings (key, value) VALUES ('planned_week', ?1) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute([week.to_string()])?;
            Ok(())
        })
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
        let s = store.settings().unwrap();
        assert_eq!(s.shortcut, DEFAULT_SHORTCUT);
        assert_eq!(
            (s.weekly_target_minutes, s.heads_up_minutes, s.break_every_minutes),
            (480, 10, 50)
        );
        assert!(s.notify_start && s.notify_end);
        let s = store.set_setting("timezone", " Europe/London ").unwrap();
        assert_eq!(s.timezone, "Europe/London");
        assert_eq!(store.zone().unwrap(), chrono_tz::Europe::London);
        let e = store.set_setting("timezone", "Nowhere/Special").unwrap_err();
        assert_eq!(e.field(), Some("timezone"));
        assert_eq!(store.settings().unwrap().timezone, "Europe/London", "bad value not stored");
        assert_eq!(store.set_setting("colour", "red").unwrap_err().field(), Some("setting"));
        assert_eq!(store.set_setting("shortcut", "  ").unwrap_err().field(), Some("shortcut"));
        assert_eq!(store.set_setting("shortcut", "Alt+L").unwrap().shortcut, "Alt+L");
        assert_eq!(store.set_setting("weekly_target", "10h").unwrap().weekly_target_minutes, 600);
        assert_eq!(store.set_setting("heads_up", "0").unwrap().heads_up_minutes, 0);
        assert_eq!(store.set_setting("break_every", "1h30m").unwrap().break_every_minutes, 90);
        assert_eq!(store.set_setting("heads_up", "5h").unwrap_err().field(), Some("heads_up"));
        assert_eq!(
            store.set_setting("weekly_target", "-1h").unwrap_err().field(),
            Some("weekly_target")
        );
        assert!(!store.set_setting("notify_end", "off").unwrap().notify_end);
        assert_eq!(
            store.set_setting("notify_start", "maybe").unwrap_err().field(),
            Some("notify_start")
        );
        // Calendar settings.
        let s = store.settings().unwrap();
        assert_eq!((s.work_hours.as_str(), s.work_days.as_str()), ("09:00-17:30", "mon-fri"));
        assert_eq!((s.focus_length_minutes, s.calendar_refresh_minutes), (180, 30));
        assert!(s.preferred_days.is_empty() && !s.publish_batches);
        assert_eq!(
            store.set_setting("work_hours", " 8:30 - 16:00 ").unwrap().work_hours,
            "08:30-16:00"
        );
        for bad in ["16:00-08:30", "9-5", "09:00"] {
            assert_eq!(
                store.set_setting("work_hours", bad).unwrap_err().field(),
                Some("work_hours")
            );
        }
        assert_eq!(store.set_setting("work_days", "mon-thu").unwrap().work_days, "mon,tue,wed,thu");
        assert_eq!(store.set_setting("work_days", "none").unwrap_err().field(), Some("work_days"));
        assert_eq!(
            store.set_setting("preferred_days", "thu tue").unwrap().preferred_days,
            "tue,thu"
        );
        assert_eq!(store.set_setting("preferred_days", "none").unwrap().preferred_days, "");
        assert_eq!(store.set_setting("focus_length", "2h30m").unwrap().focus_length_minutes, 150);
        assert!(store.set_setting("publish_batches", "on").unwrap().publish_batches);
        let rules = store.suggestion_rules().unwrap();
        assert_eq!(rules.work_days.len(), 4);
        assert_eq!(rules.length_minutes, 150);
    }
}
