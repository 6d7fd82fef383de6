//! Queries on `calendars`, their cached `calendar_events`, and `published_events` (the journal
//! of what Sanctum sent to a CalDAV calendar).

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Row};

use super::{instant, Store};
use crate::calendar::{
    Calendar, CalendarEvent, CalendarKind, NewCalendar, PublishState, Published,
};
use crate::error::{Error, Result};
use crate::time::Span;

const CALENDAR_COLUMNS: &str = "id, name, kind, location, username, read_busy, publish, \
    refreshed_at, last_error, created_at, \
    (SELECT count(*) FROM calendar_events e WHERE e.calendar_id = calendars.id)";

fn calendar_from_row(r: &Row<'_>) -> rusqlite::Result<Calendar> {
    let kind: String = r.get(2)?;
    Ok(Calendar {
        id: r.get(0)?,
        spec: NewCalendar {
            name: r.get(1)?,
            kind: CalendarKind::parse(&kind).unwrap_or(CalendarKind::File),
            location: r.get(3)?,
            username: r.get(4)?,
            read_busy: r.get(5)?,
            publish: r.get(6)?,
        },
        refreshed_at: r.get::<_, Option<i64>>(7)?.map(instant).transpose()?,
        last_error: r.get(8)?,
        created_at: instant(r.get(9)?)?,
        event_count: r.get(10)?,
    })
}

/// Checks an imported `calendars` row as an added calendar is checked; a user name and password
/// in its address are dropped (they belong in the keyring: enter them again).
pub(super) fn check_imported_calendar(columns: &[String], values: &mut [Value]) -> Result<()> {
    let at = |c: &str| columns.iter().position(|x| x == c);
    let text = |v: Option<&Value>| match v {
        Some(Value::Text(t)) => Some(t.clone()),
        _ => None,
    };
    let flag = |v: Option<&Value>| matches!(v, Some(Value::Integer(1)));
    let get = |c: &str| at(c).map(|i| &values[i]);
    let kind = text(get("kind"))
        .and_then(|k| CalendarKind::parse(&k))
        .ok_or_else(|| Error::invalid("kind", "is missing"))?;
    let mut spec = NewCalendar {
        name: text(get("name")).unwrap_or_default(),
        kind,
        location: text(get("location")).unwrap_or_default(),
        username: text(get("username")),
        read_busy: get("read_busy").is_none_or(|v| flag(Some(v))),
        publish: flag(get("publish")),
    };
    spec.take_credentials();
    let spec = spec.validated()?;
    for (column, value) in [
        ("name", Value::Text(spec.name)),
        ("location", Value::Text(spec.location)),
        ("username", spec.username.map_or(Value::Null, Value::Text)),
    ] {
        if let Some(i) = at(column) {
            values[i] = value;
        }
    }
    Ok(())
}

/// A cached event with the calendar it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredEvent {
    pub calendar_id: i64,
    #[serde(flatten)]
    pub event: CalendarEvent,
}

impl Store {
    /// Adds a calendar after checking it, with the events read from it, in one write: a
    /// calendar is never half-added. The same address twice is refused.
    pub fn add_calendar(
        &self,
        new: NewCalendar,
        events: &[CalendarEvent],
        now: DateTime<Utc>,
    ) -> Result<Calendar> {
        self.write(|| {
            let new = new.validated()?;
            let exists: Option<i64> = self
                .conn
                .prepare_cached(
                    "SELECT id FROM calendars WHERE kind = ?1 AND location = ?2 \
                     AND username IS ?3",
                )?
                .query_row(params![new.kind.as_str(), new.location, new.username], |r| r.get(0))
                .optional()?;
            if let Some(id) = exists {
                return Err(Error::invalid(
                    "location",
                    format!("this calendar is already added (calendar {id})"),
                ));
            }
            self.conn
                .prepare_cached(
                    "INSERT INTO calendars (name, kind, location, username, read_busy, publish, \
                     created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    new.name,
                    new.kind.as_str(),
                    new.location,
                    new.username,
                    new.read_busy,
                    new.publish,
                    now.timestamp()
                ])?;
            self.replace_calendar_events(self.conn.last_insert_rowid(), events, now)
        })
    }

    /// Renames a calendar or changes whether it counts as busy time or receives focus blocks.
    pub fn update_calendar(
        &self,
        id: i64,
        name: &str,
        read_busy: bool,
        publish: bool,
    ) -> Result<Calendar> {
        self.write(|| {
            let old = self.calendar(id)?;
            let spec = NewCalendar { name: name.to_string(), read_busy, publish, ..old.spec }
                .validated()?;
            self.conn
                .prepare_cached(
                    "UPDATE calendars SET name = ?2, read_busy = ?3, publish = ?4 WHERE id = ?1",
                )?
                .execute(params![id, spec.name, spec.read_busy, spec.publish])?;
            self.calendar(id)
        })
    }

    pub fn calendar(&self, id: i64) -> Result<Calendar> {
        self.conn
            .prepare_cached(&format!("SELECT {CALENDAR_COLUMNS} FROM calendars WHERE id = ?1"))?
            .query_row([id], calendar_from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "calendar", id })
    }

    pub fn calendars(&self) -> Result<Vec<Calendar>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {CALENDAR_COLUMNS} FROM calendars ORDER BY id"))?;
        let rows = stmt.query_map([], calendar_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a calendar with its cached events and publish journal.
    pub fn remove_calendar(&self, id: i64) -> Result<Calendar> {
        self.write(|| {
            let old = self.calendar(id)?;
            self.conn.prepare_cached("DELETE FROM calendars WHERE id = ?1")?.execute([id])?;
            Ok(old)
        })
    }

    /// Replaces a calendar's cached events with a fresh read, in one transaction: readers see
    /// the old events or the new ones, never half.
    pub fn replace_calendar_events(
        &self,
        id: i64,
        events: &[CalendarEvent],
        now: DateTime<Utc>,
    ) -> Result<Calendar> {
        self.write(|| {
            self.calendar(id)?;
            self.conn
                .prepare_cached("DELETE FROM calendar_events WHERE calendar_id = ?1")?
                .execute([id])?;
            {
                let mut insert = self.conn.prepare_cached(
                    "INSERT INTO calendar_events (calendar_id, uid, summary, start_at, end_at, \
                     all_day, busy, tentative) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?;
                for e in events {
                    insert.execute(params![
                        id,
                        e.uid,
                        e.summary,
                        e.start.timestamp(),
                        e.end.timestamp(),
                        e.all_day,
                        e.busy,
                        e.tentative
                    ])?;
                }
            }
            self.conn
                .prepare_cached(
                    "UPDATE calendars SET refreshed_at = ?2, last_error = NULL WHERE id = ?1",
                )?
                .execute(params![id, now.timestamp()])?;
            self.calendar(id)
        })
    }

    /// Changes where a calendar is read from (only to drop a login from its address).
    pub fn set_calendar_location(&self, id: i64, location: &str) -> Result<()> {
        self.write(|| {
            self.conn
                .prepare_cached("UPDATE calendars SET location = ?2 WHERE id = ?1")?
                .execute(params![id, location])?;
            Ok(())
        })
    }

    /// How many events of a calendar are cached in `span`.
    pub fn cached_event_count(&self, id: i64, span: Span) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM calendar_events WHERE calendar_id = ?1 AND start_at < ?3 \
                 AND end_at >= ?2",
            )?
            .query_row(params![id, span.start.timestamp(), span.end.timestamp()], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Notes why the last read or publish failed (the cached events stay).
    pub fn set_calendar_error(&self, id: i64, error: Option<&str>) -> Result<()> {
        self.write(|| {
            self.conn
                .prepare_cached("UPDATE calendars SET last_error = ?2 WHERE id = ?1")?
                .execute(params![id, error])?;
            Ok(())
        })
    }

    /// Cached events overlapping `span`, from calendars read for busy time, by start; a
    /// tentative one is busy as the `tentative_busy` setting says.
    pub fn calendar_events(&self, span: Span) -> Result<Vec<StoredEvent>> {
        let tentative_busy = self.settings()?.tentative_busy;
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.calendar_id, e.uid, e.summary, e.start_at, e.end_at, e.all_day, \
             e.busy AND (?3 OR NOT e.tentative), e.tentative \
             FROM calendar_events e JOIN calendars c ON c.id = e.calendar_id \
             WHERE c.read_busy AND e.start_at < ?2 AND (e.end_at > ?1 OR \
             (e.end_at = e.start_at AND e.start_at >= ?1)) ORDER BY e.start_at, e.end_at, e.uid",
        )?;
        let at = params![span.start.timestamp(), span.end.timestamp(), tentative_busy];
        let rows = stmt.query_map(at, |r| {
            Ok(StoredEvent {
                calendar_id: r.get(0)?,
                event: CalendarEvent {
                    uid: r.get(1)?,
                    summary: r.get(2)?,
                    start: instant(r.get(3)?)?,
                    end: instant(r.get(4)?)?,
                    all_day: r.get(5)?,
                    busy: r.get(6)?,
                    tentative: r.get(7)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The publish journal of a calendar.
    pub fn published(&self, calendar_id: i64) -> Result<Vec<Published>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, content, etag, state FROM published_events WHERE calendar_id = ?1 \
             ORDER BY name",
        )?;
        let rows = stmt.query_map([calendar_id], |r| {
            let state: String = r.get(3)?;
            Ok(Published {
                name: r.get(0)?,
                content: r.get(1)?,
                etag: r.get(2)?,
                state: PublishState::parse(&state),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records an event about to be sent (or deleted), before the request goes out, so an
    /// interrupted publish is finished on the next run.
    pub fn journal_publish(&self, calendar_id: i64, entry: &Published) -> Result<()> {
        self.write(|| {
            self.conn
                .prepare_cached(
                    "INSERT INTO published_events (calendar_id, name, content, etag, state) \
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (calendar_id, name) DO UPDATE SET \
                     content = excluded.content, etag = excluded.etag, state = excluded.state",
                )?
                .execute(params![
                    calendar_id,
                    entry.name,
                    entry.content,
                    entry.etag,
                    entry.state.as_str()
                ])?;
            Ok(())
        })
    }

    /// Forgets a published event once the server no longer has it.
    pub fn forget_published(&self, calendar_id: i64, name: &str) -> Result<()> {
        self.write(|| {
            self.conn
                .prepare_cached(
                    "DELETE FROM published_events WHERE calendar_id = ?1 AND name = ?2",
                )?
                .execute(params![calendar_id, name])?;
            Ok(())
        })
    }

    /// This database's own id, made once: it keeps the UIDs of events published from two
    /// computers apart.
    pub fn install_id(&self) -> Result<String> {
        self.write(|| {
            let existing: Option<String> = self
                .conn
                .prepare_cached("SELECT value FROM settings WHERE key = 'install_id'")?
                .query_row([], |r| r.get(0))
                .optional()?;
            if let Some(id) = existing {
                return Ok(id);
            }
            use std::hash::{BuildHasher, Hasher};
            // RandomState is seeded from the operating system's randomness.
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::UNIX_EPOCH.elapsed().map(|d| d.as_nanos()).unwrap_or(0),
            );
            let id = format!("{:012x}", h.finish() & 0xffff_ffff_ffff);
            self.conn
                .prepare_cached(
                    "INSERT INTO settings (key, value) VALUES ('install_id', ?1) \
                     ON CONFLICT (key) DO NOTHING",
                )?
                .execute([&id])?;
            self.install_id()
        })
    }
}

impl Store {
    /// The user's suggestion rules, from settings.
    pub fn suggestion_rules(&self) -> Result<crate::calendar::suggest::Rules> {
        let s = self.settings()?;
        let (work_start, work_end) = super::settings::parse_work_hours(&s.work_hours)?;
        let days = |text: &str| {
            if text.is_empty() {
                Ok(Vec::new())
            } else {
                crate::focus::parse_days(text)
            }
        };
        Ok(crate::calendar::suggest::Rules {
            work_start,
            work_end,
            work_days: days(&s.work_days)?,
            preferred_days: days(&s.preferred_days)?,
            length_minutes: i64::from(s.focus_length_minutes.max(30)),
        })
    }

    /// Focus suggestions for the next `weeks` weeks around cached busy time, best first.
    pub fn suggestions(
        &self,
        now: DateTime<Utc>,
        weeks: u32,
    ) -> Result<Vec<crate::calendar::suggest::Suggestion>> {
        if !(1..=crate::calendar::sync::AHEAD_WEEKS as u32).contains(&weeks) {
            return Err(Error::invalid(
                "weeks",
                format!("{weeks} is not from 1 to {}", crate::calendar::sync::AHEAD_WEEKS),
            ));
        }
        let span = Span {
            start: now - chrono::Duration::days(1),
            end: now + chrono::Duration::weeks(i64::from(weeks)),
        };
        let events: Vec<CalendarEvent> =
            self.calendar_events(span)?.into_iter().map(|e| e.event).collect();
        let occurrences = self.occurrences(span)?;
        Ok(crate::calendar::suggest::suggest(
            &events,
            &occurrences,
            &self.suggestion_rules()?,
            self.zone()?,
            now,
            weeks,
        ))
    }

    /// Focus occurrences in `span` that overlap busy calendar events.
    pub fn clashes(&self, span: Span) -> Result<Vec<crate::calendar::suggest::Clash>> {
        let events: Vec<CalendarEvent> =
            self.calendar_events(span)?.into_iter().map(|e| e.event).collect();
        Ok(crate::calendar::suggest::clashes(&self.occurrences(span)?, &events))
    }

    /// Accepts a suggestion: moves the clashing occurrence it names, or adds a one-off block
    /// titled "Focus" in the user's zone.
    pub fn accept_suggestion(
        &self,
        s: &crate::calendar::suggest::Suggestion,
        now: DateTime<Utc>,
    ) -> Result<crate::focus::Occurrence> {
        self.write(|| {
            if s.end <= s.start {
                return Err(Error::invalid("end", "the suggestion ends before it starts"));
            }
            if let Some(m) = &s.moves {
                return self.move_occurrence(
                    m.block_id,
                    m.date,
                    Span { start: s.start, end: s.end },
                );
            }
            let zone = self.zone()?;
            let start = s.start.with_timezone(&zone);
            let end = s.end.with_timezone(&zone);
            let block = self.add_block(
                crate::focus::NewFocusBlock {
                    title: "Focus".to_string(),
                    intention: String::new(),
                    repeat: crate::focus::Repeat::Once { date: start.date_naive() },
                    start: start.time(),
                    end: end.time(),
                    timezone: zone.name().to_string(),
                    active_from: start.date_naive(),
                    active_until: None,
                    paused: false,
                },
                now,
            )?;
            self.occurrence(block.id, start.date_naive())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::CalendarKind;
    use crate::focus::{NewFocusBlock, Repeat};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn accepting_adds_a_block_or_moves_the_clashing_occurrence() {
        let store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        store.set_setting("timezone", "UTC").ok();
        store.set_setting("focus_length", "2h").ok();
        let now = t("2026-11-29T20:00:00Z"); // Sunday evening
        let monday = "2026-11-30".parse().unwrap_or_default();
        let block = NewFocusBlock {
            title: "Strategy".into(),
            intention: String::new(),
            repeat: Repeat::Once { date: monday },
            start: "13:00:00".parse().unwrap_or_default(),
            end: "15:00:00".parse().unwrap_or_default(),
            timezone: "UTC".into(),
            active_from: monday,
            active_until: None,
            paused: false,
        };
        let block = store.add_block(block, now).unwrap_or_else(|e| panic!("{e}"));
        let spec = NewCalendar {
            name: "Work".into(),
            kind: CalendarKind::Url,
            location: "https://example.com/work.ics".into(),
            username: None,
            read_busy: true,
            publish: false,
        };
        let cal = store.add_calendar(spec, &[], now).unwrap_or_else(|e| panic!("{e}"));
        let meeting = CalendarEvent {
            uid: "m".into(),
            summary: "Incident review".into(),
            start: t("2026-11-30T14:00:00Z"),
            end: t("2026-11-30T14:30:00Z"),
            all_day: false,
            busy: true,
            tentative: false,
        };
        store.replace_calendar_events(cal.id, &[meeting], now).unwrap_or_else(|e| panic!("{e}"));
        let week = Span { start: t("2026-11-30T00:00:00Z"), end: t("2026-12-07T00:00:00Z") };
        assert_eq!(store.clashes(week).map(|c| c.len()).unwrap_or_default(), 1);

        let suggestions = store.suggestions(now, 1).unwrap_or_default();
        let on_monday = suggestions.iter().find(|s| s.date == monday).cloned();
        let on_monday =
            on_monday.unwrap_or_else(|| panic!("no Monday suggestion: {suggestions:?}"));
        assert_eq!(on_monday.moves.as_ref().map(|m| m.block_id), Some(block.id));
        let moved = store.accept_suggestion(&on_monday, now).unwrap_or_else(|e| panic!("{e}"));
        assert!(moved.moved && moved.start == t("2026-11-30T14:30:00Z"), "{moved:?}");
        assert_eq!(store.clashes(week).map(|c| c.len()).unwrap_or(9), 0);

        let tuesday = store.suggestions(now, 1).unwrap_or_default();
        let tuesday = tuesday.iter().find(|s| s.moves.is_none()).cloned();
        let tuesday = tuesday.unwrap_or_else(|| panic!("no free day"));
        let added = store.accept_suggestion(&tuesday, now).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (added.title.as_str(), added.start, added.end),
            ("Focus", tuesday.start, tuesday.end)
        );
        assert_eq!(store.blocks().map(|b| b.len()).unwrap_or_default(), 2);
    }
}
