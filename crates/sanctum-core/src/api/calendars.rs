//! Calendars: add, edit, remove and refresh the calendars Sanctum reads busy time from,
//! suggestions around meetings, and publishing focus blocks to CalDAV.
//!
//! These use cases talk to the network while they run. The app runs them on a connection of
//! their own on a blocking thread (see `Store::reopen`), so its window never waits on a server.

use serde::{Deserialize, Serialize};

use super::{Sanctum, Topic};
use crate::calendar::suggest::{Clash, Suggestion};
use crate::calendar::sync::{self, PublishReport, Refreshed};
use crate::calendar::{Calendar, CalendarKind, NewCalendar};
use crate::error::{Error, Result};
use crate::focus::Occurrence;
use crate::store::StoredEvent;
use crate::time::IsoWeek;

/// A change to a calendar; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct CalendarPatch {
    pub name: Option<String>,
    /// Its events count as busy time.
    pub read_busy: Option<bool>,
    /// Focus blocks are published to it (CalDAV only).
    pub publish: Option<bool>,
}

/// How reading one calendar went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RefreshOutcome {
    pub id: i64,
    pub name: String,
    /// Events read, when it could be read.
    pub events: Option<usize>,
    /// Events that could not be read, each with its reason.
    pub problems: Vec<String>,
    /// Why it could not be read (its cached events are kept).
    pub error: Option<String>,
}

/// The cached events of a week and the focus occurrences that clash with them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekEvents {
    pub week: IsoWeek,
    pub events: Vec<StoredEvent>,
    pub clashes: Vec<Clash>,
}

/// A suggestion taken: the occurrence it added or moved.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Accepted {
    pub occurrence: Occurrence,
    /// It moved a clashing occurrence rather than adding a block.
    pub moved: bool,
}

/// What a location is: CalDAV with a user name, a subscription for an http(s)/webcal address,
/// a file otherwise.
pub fn kind_of(location: &str, has_user: bool) -> CalendarKind {
    let lower = location.trim().to_ascii_lowercase();
    if has_user {
        CalendarKind::Caldav
    } else if ["http://", "https://", "webcal://"].iter().any(|s| lower.starts_with(s)) {
        CalendarKind::Url
    } else {
        CalendarKind::File
    }
}

impl Sanctum<'_> {
    pub fn calendars(&self) -> Result<Vec<Calendar>> {
        self.store.calendars()
    }

    /// Adds a calendar, all or nothing: it is read once, and one that cannot be read is not
    /// added. `password` is asked for only when needed (CalDAV, or a subscription that asks
    /// for a login) and goes to the system keyring only.
    pub fn add_calendar(
        &self,
        mut calendar: NewCalendar,
        password: impl FnOnce() -> Result<Option<String>>,
    ) -> Result<Refreshed> {
        if calendar.kind == CalendarKind::File {
            let path = crate::files::user_path("location", &calendar.location)?;
            calendar.location = path.display().to_string();
        }
        Ok(self.wrote(Topic::Calendars, sync::add(self.store, calendar, password, self.now)?))
    }

    /// Removes a calendar, its cached events and its saved password (events already
    /// published stay on the server).
    pub fn remove_calendar(&self, id: i64) -> Result<Calendar> {
        Ok(self.wrote(Topic::Calendars, sync::remove(self.store, id)?))
    }

    pub fn edit_calendar(&self, id: i64, patch: CalendarPatch) -> Result<Calendar> {
        let old = self.store.calendar(id)?;
        let updated = self.store.update_calendar(
            id,
            patch.name.as_deref().unwrap_or(&old.spec.name),
            patch.read_busy.unwrap_or(old.spec.read_busy),
            patch.publish.unwrap_or(old.spec.publish),
        )?;
        Ok(self.wrote(Topic::Calendars, updated))
    }

    /// Checks a CalDAV calendar's new password with its server, then saves it in the keyring.
    pub fn set_calendar_password(&self, id: i64, password: &str) -> Result<Calendar> {
        let calendar = self.store.calendar(id)?;
        let Some(user) = calendar.spec.username.as_deref() else {
            return Err(Error::invalid(
                "id",
                format!("calendar {id} ({}) is not a CalDAV account", calendar.spec.name),
            ));
        };
        if password.is_empty() {
            return Err(Error::invalid("password", "is empty"));
        }
        sync::sign_in(&calendar.spec.location, user, password)?;
        Ok(calendar)
    }

    /// Reads one calendar again; one that cannot be read keeps its cached events, and the
    /// error is kept on the calendar for the list.
    pub fn refresh_calendar(&self, id: i64) -> Result<Refreshed> {
        let calendar = self.store.calendar(id)?;
        let reader = crate::calendar::Reader::of(&self.store.settings()?);
        let fetched = sync::fetch(&calendar, sync::refresh_window(self.now), &reader);
        let saved = sync::save_refresh(self.store, id, fetched, self.now);
        self.wrote(Topic::Calendars, ());
        saved
    }

    /// Reads every calendar again (or the one `id` names); each reports its own outcome.
    pub fn refresh_calendars(&self, id: Option<i64>) -> Result<Vec<RefreshOutcome>> {
        let all = match id {
            Some(id) => vec![self.store.calendar(id)?],
            None => self.store.calendars()?,
        };
        Ok(all
            .into_iter()
            .map(|c| match self.refresh_calendar(c.id) {
                Ok(r) => RefreshOutcome {
                    id: c.id,
                    name: c.spec.name,
                    events: Some(r.events),
                    problems: r.problems,
                    error: None,
                },
                Err(e) => RefreshOutcome {
                    id: c.id,
                    name: c.spec.name,
                    events: None,
                    problems: vec![],
                    error: Some(e.to_string()),
                },
            })
            .collect())
    }

    /// A week's cached events (default: this week) and the clashes with focus.
    pub fn week_events(&self, week: Option<IsoWeek>) -> Result<WeekEvents> {
        let week = self.week_or_current(week)?;
        let span = week.span(self.zone()?);
        Ok(WeekEvents {
            week,
            events: self.store.calendar_events(span)?,
            clashes: self.store.clashes(span)?,
        })
    }

    /// The best afternoons for focus in the coming `weeks`, around meetings.
    pub fn suggestions(&self, weeks: u32) -> Result<Vec<Suggestion>> {
        self.store.suggestions(self.now, weeks)
    }

    /// Takes a suggestion as it was shown: adds a block, or moves the occurrence that clashes
    /// that day. Refused when it is no longer offered (see [`Self::accept_suggestion_key`]).
    pub fn accept_suggestion(&self, suggestion: &Suggestion) -> Result<Accepted> {
        self.accept_suggestion_key(&suggestion.key)
    }

    /// Takes the suggestion named by `key` (as listed with it), if the calendar and the focus
    /// blocks still leave room for exactly it; otherwise says so and changes nothing.
    pub fn accept_suggestion_key(&self, key: &str) -> Result<Accepted> {
        let key = key.trim();
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::invalid(
                "accept",
                format!(
                    "give the key listed with the suggestion (like 2026-12-08T13:00+180), not \
                     its number {key}: numbers change when your calendar does"
                ),
            ));
        }
        let offered = self.suggestions(sync::AHEAD_WEEKS as u32)?;
        let Some(s) = offered.iter().find(|s| s.key == key) else {
            return Err(Error::invalid(
                "accept",
                format!(
                    "{key:?} is not offered now: your calendar or focus blocks changed since \
                     it was listed; run `sanctum suggest` (or open the planner) and pick again"
                ),
            ));
        };
        let occurrence = self.store.accept_suggestion(s, self.now)?;
        let moved = s.moves.is_some();
        Ok(self.wrote(Topic::Focus, Accepted { occurrence, moved }))
    }

    /// Publishes focus blocks to the calendars marked for it (and finishes an interrupted
    /// publish).
    pub fn publish(&self) -> Result<Vec<PublishReport>> {
        if !self.store.calendars()?.iter().any(|c| c.spec.publish) {
            return Err(Error::invalid(
                "publish",
                "no calendar to publish to; add a CalDAV calendar and switch on publishing",
            ));
        }
        Ok(self.wrote(Topic::Calendars, sync::publish_all(self.store)?))
    }
}
