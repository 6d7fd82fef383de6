//! Calendars: reading the user's busy time, suggesting focus time around it, publishing focus
//! blocks to a shared CalDAV calendar.
//!
//! - [`lines`]: iCalendar content lines into components, leniently;
//! - [`read`]: iCalendar events into occurrences in UTC (overrides, exceptions, zones);
//! - [`rules`]: recurrence rules expanded over wall times, bounded for any input;
//! - [`zone`]: TZIDs to zones, including a file's own VTIMEZONE definitions;
//! - [`remote`]: HTTP: .ics subscriptions and CalDAV;
//! - [`sync`]: refreshing the cache and publishing focus blocks, resumable;
//! - [`suggest`]: the best free afternoons for focus, and clashes with meetings.

pub mod lines;
pub mod read;
pub mod remote;
pub mod rules;
pub mod suggest;
pub mod sync;
pub mod zone;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use read::{read_ics, read_ics_as, CalendarEvent, ReadCalendar, Reader};

/// Longest calendar name, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// Where a calendar's events come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum CalendarKind {
    /// An .ics file on this computer.
    File,
    /// An https/webcal .ics subscription.
    Url,
    /// A CalDAV calendar collection (user name; password in the keyring).
    Caldav,
}

impl CalendarKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CalendarKind::File => "file",
            CalendarKind::Url => "url",
            CalendarKind::Caldav => "caldav",
        }
    }

    pub fn parse(text: &str) -> Option<CalendarKind> {
        match text {
            "file" => Some(CalendarKind::File),
            "url" => Some(CalendarKind::Url),
            "caldav" => Some(CalendarKind::Caldav),
            _ => None,
        }
    }
}

/// A calendar as the user adds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewCalendar {
    pub name: String,
    pub kind: CalendarKind,
    /// Absolute file path, or URL.
    pub location: String,
    pub username: Option<String>,
    /// Its events count as busy time (suggestions, clashes).
    pub read_busy: bool,
    /// Focus blocks are published to it (CalDAV only).
    pub publish: bool,
}

impl NewCalendar {
    /// Takes a user name and password written into the address out of it (for the keyring):
    /// a CalDAV calendar takes the user name as its account when it has none.
    pub fn take_credentials(&mut self) -> Option<(String, String)> {
        if self.kind == CalendarKind::File {
            return None;
        }
        let (clean, login) = remote::split_credentials(&self.location);
        self.location = clean;
        let (user, password) = login?;
        if self.kind == CalendarKind::Caldav
            && self.username.as_deref().is_none_or(|u| u.trim().is_empty())
        {
            self.username = Some(user.clone());
        }
        Some((user, password))
    }

    /// Checks and normalises every field.
    pub fn validated(mut self) -> Result<NewCalendar> {
        self.name = crate::text::line("name", &self.name, MAX_NAME_CHARS)?;
        self.location = crate::text::line("location", &self.location, 2000)?;
        if self.location.is_empty() {
            return Err(Error::invalid(
                "location",
                "is empty; give a file, a URL or a CalDAV address",
            ));
        }
        match self.kind {
            CalendarKind::File => {
                let path = std::path::Path::new(&self.location);
                if !path.is_absolute() {
                    return Err(Error::invalid(
                        "location",
                        format!("{:?} is not an absolute path to an .ics file", self.location),
                    ));
                }
                self.username = None;
            }
            CalendarKind::Url => {
                self.location = remote::check_url("location", &self.location)?;
                self.username = None;
            }
            CalendarKind::Caldav => {
                self.location = remote::check_url("location", &self.location)?;
                if !self.location.ends_with('/') {
                    self.location.push('/');
                }
                let user = self.username.as_deref().map(str::trim).unwrap_or("");
                if user.is_empty() {
                    return Err(Error::invalid(
                        "username",
                        "is empty; a CalDAV calendar needs the account's user name",
                    ));
                }
                self.username = Some(user.to_string());
            }
        }
        if self.publish && self.kind != CalendarKind::Caldav {
            return Err(Error::invalid(
                "publish",
                "focus blocks can only be published to a CalDAV calendar",
            ));
        }
        if self.name.is_empty() {
            self.name = default_name(&self.location);
        }
        if self.name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::invalid(
                "name",
                format!("is longer than {MAX_NAME_CHARS} characters"),
            ));
        }
        Ok(self)
    }
}

/// A name from the address: the file or last path segment without `.ics`.
fn default_name(location: &str) -> String {
    let last = location.trim_end_matches('/').rsplit(['/', '\\']).next().unwrap_or(location);
    let name = last.strip_suffix(".ics").unwrap_or(last);
    if name.is_empty() {
        "Calendar".to_string()
    } else {
        name.chars().take(MAX_NAME_CHARS).collect()
    }
}

/// A stored calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Calendar {
    pub id: i64,
    #[serde(flatten)]
    pub spec: NewCalendar,
    pub refreshed_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Cached events.
    pub event_count: i64,
}

/// Where a published event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PublishState {
    /// About to be sent, or sent without the answer recorded.
    Sending,
    Sent,
    /// About to be deleted.
    Deleting,
}

impl PublishState {
    pub fn as_str(self) -> &'static str {
        match self {
            PublishState::Sending => "sending",
            PublishState::Sent => "sent",
            PublishState::Deleting => "deleting",
        }
    }

    pub fn parse(text: &str) -> PublishState {
        match text {
            "sent" => PublishState::Sent,
            "deleting" => PublishState::Deleting,
            _ => PublishState::Sending,
        }
    }
}

/// One entry of the publish journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Published {
    /// Resource name in the collection (`<uid>.ics`).
    pub name: String,
    pub content: String,
    pub etag: Option<String>,
    pub state: PublishState,
}
