//! Queries on `focus_blocks` and `occurrences` (the per-date moves and outcomes of a block).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::{instant, Store};
use crate::error::{Error, Result};
use crate::focus::{
    first_overlap, focus_now, occurrences, FocusBlock, FocusNow, NewFocusBlock, Occurrence,
    OccurrenceOutcome, OccurrenceRecord, Repeat, WEEK,
};
use crate::time::Span;

/// `?1` is the id (NULL: SQLite picks a new one), `?12` the time of the write.
const INSERT_BLOCK: &str = "INSERT INTO focus_blocks (id, title, intention, repeat, days, \
    start_time, end_time, timezone, active_from, active_until, paused, created_at, updated_at) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";

const UPDATE_BLOCK: &str = "UPDATE focus_blocks SET title = ?2, intention = ?3, repeat = ?4, \
    days = ?5, start_time = ?6, end_time = ?7, timezone = ?8, active_from = ?9, \
    active_until = ?10, paused = ?11, updated_at = ?12 WHERE id = ?1";

const BLOCK_COLUMNS: &str = "id, title, intention, repeat, days, start_time, end_time, timezone, \
                             active_from, active_until, paused, created_at, updated_at";

/// One week of focus as the planner and `sanctum block list` show it: its occurrences and its
/// figures, by the one rule for time ([`crate::focus::week_figures`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FocusWeek {
    pub week: crate::time::IsoWeek,
    pub occurrences: Vec<crate::focus::Occurrence>,
    pub figures: crate::focus::FocusFigures,
}

impl Store {
    /// The focus of `week` in the user's zone, as it stands at `now`.
    pub fn focus_week(&self, week: crate::time::IsoWeek, now: DateTime<Utc>) -> Result<FocusWeek> {
        let settings = self.settings()?;
        let span = week.span(settings.zone());
        let occurrences = self.occurrences(span)?;
        let figures = crate::focus::week_figures(
            &occurrences,
            span,
            i64::from(settings.weekly_target_minutes),
            now,
        );
        Ok(FocusWeek { week, occurrences, figures })
    }

    /// Validates and stores a new block; one that overlaps an active block is refused.
    pub fn add_block(&self, new: NewFocusBlock, now: DateTime<Utc>) -> Result<FocusBlock> {
        self.write(|| {
            let new = new.validated()?;
            self.refuse_overlap(&new, None, now)?;
            self.write_block(INSERT_BLOCK, None, &new, now)?;
            self.block(self.conn.last_insert_rowid())
        })
    }

    /// Replaces a block's definition (its recorded outcomes stay with their dates).
    pub fn update_block(
        &self,
        id: i64,
        new: NewFocusBlock,
        now: DateTime<Utc>,
    ) -> Result<FocusBlock> {
        self.write(|| {
            let new = new.validated()?;
            self.block(id)?;
            self.refuse_overlap(&new, Some(id), now)?;
            self.write_block(UPDATE_BLOCK, Some(id), &new, now)?;
            self.block(id)
        })
    }

    /// Runs [`INSERT_BLOCK`] or [`UPDATE_BLOCK`]: both take the same numbered parameters.
    fn write_block(
        &self,
        sql: &str,
        id: Option<i64>,
        new: &NewFocusBlock,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        self.write(|| {
            Ok(self.conn.prepare_cached(sql)?.execute(params![
                id,
                new.title,
                new.intention,
                repeat_kind(&new.repeat),
                days_mask(&new.repeat),
                wall(new.start),
                wall(new.end),
                new.timezone,
                new.active_from.to_string(),
                new.active_until.map(|d| d.to_string()),
                new.paused,
                now.timestamp(),
            ])?)
        })
    }

    /// Deletes a block with its occurrence records; returns it as it was.
    pub fn delete_block(&self, id: i64) -> Result<FocusBlock> {
        self.write(|| {
            let old = self.block(id)?;
            self.conn.execute("DELETE FROM focus_blocks WHERE id = ?1", [id])?;
            Ok(old)
        })
    }

    pub fn block(&self, id: i64) -> Result<FocusBlock> {
        self.conn
            .prepare_cached(&format!("SELECT {BLOCK_COLUMNS} FROM focus_blocks WHERE id = ?1"))?
            .query_row([id], block_from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "focus block", id })?
    }

    /// All blocks, oldest first.
    pub fn blocks(&self) -> Result<Vec<FocusBlock>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {BLOCK_COLUMNS} FROM focus_blocks ORDER BY id"))?;
        let rows = stmt.query_map([], block_from_row)?;
        rows.map(|r| r?).collect()
    }

    fn refuse_overlap(
        &self,
        new: &NewFocusBlock,
        except: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut others = Vec::new();
        for b in self.blocks()? {
            if Some(b.id) != except && !self.released(&b, now)? {
                others.push(b);
            }
        }
        let today = now.with_timezone(&new.zone()).date_naive();
        match first_overlap(new, &others, today.min(new.active_from).max(today - Duration::days(1)))
        {
            Some((other, date)) => Err(Error::invalid(
                "start",
                format!(
                    "overlaps the block '{}' ({}–{}) on {}; pick another time or day, or pause \
                     that block",
                    other.spec.title,
                    wall(other.spec.start),
                    wall(other.spec.end),
                    date.format("%a %d %b %Y")
                ),
            )),
            None => Ok(()),
        }
    }

    /// A one-off block that is over — answered, and its held time (none, if broken) ended by
    /// `now` — no longer holds its slot: focus can be started again in the time it gave up.
    fn released(&self, block: &FocusBlock, now: DateTime<Utc>) -> Result<bool> {
        let Repeat::Once { date } = block.spec.repeat else { return Ok(false) };
        let o = self.occurrence(block.id, date)?;
        let ended = o.held_span().map_or(o.start, |held| held.end);
        Ok(o.outcome.is_some() && ended <= now)
    }

    /// Occurrences overlapping `span`, with moves and outcomes applied.
    pub fn occurrences(&self, span: Span) -> Result<Vec<Occurrence>> {
        let blocks = self.blocks()?;
        // Records by series date near the span, and moves that land in it.
        let from = (span.start - Duration::days(2)).date_naive().to_string();
        let until = (span.end + Duration::days(2)).date_naive().to_string();
        let mut stmt = self.conn.prepare_cached(
            "SELECT block_id, date, moved_start, moved_end, outcome, minutes_lost, reason, answered_at \
             FROM occurrences WHERE (date BETWEEN ?1 AND ?2) \
             OR (moved_start < ?4 AND moved_end > ?3)",
        )?;
        let rows = stmt.query_map(
            params![from, until, span.start.timestamp(), span.end.timestamp()],
            record_from_row,
        )?;
        let records: Vec<OccurrenceRecord> = rows.map(|r| r?).collect::<Result<_>>()?;
        Ok(occurrences(&blocks, &records, span))
    }

    /// The occurrence of block `block_id` on series date `date`.
    pub fn occurrence(&self, block_id: i64, date: NaiveDate) -> Result<Occurrence> {
        let block = self.block(block_id)?;
        if !block.spec.runs_on(date) {
            return Err(Error::invalid(
                "date",
                format!("the block '{}' has no occurrence on {date}", block.spec.title),
            ));
        }
        let (start, end) = block.spec.slot_on(date);
        let wide = Span { start: start - Duration::days(3), end: end + Duration::days(3) };
        self.occurrences(wide)?
            .into_iter()
            .find(|o| o.block_id == block_id && o.date == date)
            .ok_or_else(|| Error::invalid("date", format!("no occurrence on {date}")))
    }

    /// Records how an occurrence went (replacing an earlier answer).
    pub fn record_outcome(
        &self,
        block_id: i64,
        date: NaiveDate,
        outcome: OccurrenceOutcome,
        now: DateTime<Utc>,
    ) -> Result<Occurrence> {
        self.write(|| {
            let occurrence = self.occurrence(block_id, date)?;
            let (minutes_lost, reason) = match &outcome {
                OccurrenceOutcome::Kept => (None, None),
                OccurrenceOutcome::Shortened { minutes_lost, reason } => {
                    if *minutes_lost == 0 || i64::from(*minutes_lost) > occurrence.planned_minutes() {
                        return Err(Error::invalid(
                            "minutes_lost",
                            format!(
                                "{minutes_lost} is not between 1 and the block's {} minutes",
                                occurrence.planned_minutes()
                            ),
                        ));
                    }
                    (Some(*minutes_lost), clean_reason(reason.as_deref())?)
                }
                OccurrenceOutcome::Broken { reason } => match clean_reason(Some(reason))? {
                    Some(r) => (None, Some(r)),
                    None => {
                        return Err(Error::invalid(
                            "reason",
                            "say why it broke, e.g. incident, meeting, illness",
                        ))
                    }
                },
            };
            self.conn
                .prepare_cached(
                    "INSERT INTO occurrences (block_id, date, outcome, minutes_lost, reason, answered_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (block_id, date) DO UPDATE SET \
                     outcome = excluded.outcome, minutes_lost = excluded.minutes_lost, \
                     reason = excluded.reason, answered_at = excluded.answered_at",
                )?
                .execute(params![
                    block_id,
                    date.to_string(),
                    outcome.kind(),
                    minutes_lost,
                    reason,
                    now.timestamp()
                ])?;
            self.occurrence(block_id, date)
        })
    }

    /// Moves one occurrence to another slot; the series is unchanged.
    pub fn move_occurrence(&self, block_id: i64, date: NaiveDate, to: Span) -> Result<Occurrence> {
        self.write(|| {
            self.occurrence(block_id, date)?;
            if to.end <= to.start || to.end - to.start > Duration::hours(24) {
                return Err(Error::invalid(
                    "end",
                    "a moved occurrence must end after it starts, within a day",
                ));
            }
            self.conn
                .prepare_cached(
                    "INSERT INTO occurrences (block_id, date, moved_start, moved_end) VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT (block_id, date) DO UPDATE SET moved_start = excluded.moved_start, \
                     moved_end = excluded.moved_end",
                )?
                .execute(params![block_id, date.to_string(), to.start.timestamp(), to.end.timestamp()])?;
            self.occurrence(block_id, date)
        })
    }

    /// The focus blocks as an iCalendar file (see [`crate::ics`]).
    pub fn blocks_ics(&self, now: DateTime<Utc>) -> Result<String> {
        let install = self.install_id()?;
        Ok(crate::ics::export_blocks(&self.blocks()?, &self.moved_occurrences()?, now, &install))
    }

    /// Every occurrence moved off its series slot.
    pub fn moved_occurrences(&self) -> Result<Vec<OccurrenceRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT block_id, date, moved_start, moved_end, outcome, minutes_lost, reason, \
             answered_at FROM occurrences WHERE moved_start IS NOT NULL",
        )?;
        let rows = stmt.query_map([], record_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// What is running at `now`, or what is next within a week.
    pub fn focus_now(&self, now: DateTime<Utc>) -> Result<FocusNow> {
        let zone = self.zone()?;
        let span = Span { start: now - Duration::days(1), end: now + Duration::days(8) };
        Ok(focus_now(&self.occurrences(span)?, now, zone))
    }

    /// Occurrences that have ended (before `now`) and are not answered yet, oldest first. Only
    /// occurrences that ended after their block was created count: the ones the user planned
    /// here, however long ago.
    pub fn unanswered(&self, now: DateTime<Utc>) -> Result<Vec<Occurrence>> {
        let blocks = self.blocks()?;
        let Some(first) = blocks.iter().map(|b| b.created_at).min() else {
            return Ok(Vec::new());
        };
        let created: std::collections::HashMap<i64, DateTime<Utc>> =
            blocks.iter().map(|b| (b.id, b.created_at)).collect();
        let span = Span { start: first.min(now), end: now };
        Ok(self
            .occurrences(span)?
            .into_iter()
            .filter(|o| o.end <= now && o.outcome.is_none())
            .filter(|o| created.get(&o.block_id).is_some_and(|c| o.end > *c))
            .collect())
    }
}

fn clean_reason(reason: Option<&str>) -> Result<Option<String>> {
    let Some(r) = reason.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    Ok(Some(crate::text::line("reason", r, 200)?))
}

fn wall(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn repeat_kind(r: &Repeat) -> &'static str {
    match r {
        Repeat::Weekly { .. } => "weekly",
        Repeat::Once { .. } => "once",
    }
}

/// Monday = bit 0 … Sunday = bit 6.
fn days_mask(r: &Repeat) -> i64 {
    match r {
        Repeat::Weekly { days } => days.iter().map(|d| 1i64 << d.num_days_from_monday()).sum(),
        Repeat::Once { .. } => 0,
    }
}

fn conversion(column: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, message.into())
}

fn date(column: usize, text: &str) -> rusqlite::Result<NaiveDate> {
    text.parse().map_err(|_| conversion(column, format!("'{text}' is not a date")))
}

fn block_from_row(r: &Row<'_>) -> rusqlite::Result<Result<FocusBlock>> {
    let kind: String = r.get(3)?;
    let mask: i64 = r.get(4)?;
    let from: String = r.get(8)?;
    let until: Option<String> = r.get(9)?;
    let time = |column: usize| -> rusqlite::Result<NaiveTime> {
        let text: String = r.get(column)?;
        NaiveTime::parse_from_str(&text, "%H:%M").map_err(|_| conversion(column, text))
    };
    let active_from = date(8, &from)?;
    let repeat = match kind.as_str() {
        "once" => Repeat::Once { date: active_from },
        _ => Repeat::Weekly {
            days: WEEK
                .iter()
                .enumerate()
                .filter(|(n, _)| mask & (1 << n) != 0)
                .map(|(_, d)| *d)
                .collect(),
        },
    };
    let created: i64 = r.get(11)?;
    let updated: i64 = r.get(12)?;
    let spec = NewFocusBlock {
        title: r.get(1)?,
        intention: r.get(2)?,
        repeat,
        start: time(5)?,
        end: time(6)?,
        timezone: r.get(7)?,
        active_from,
        active_until: until.as_deref().map(|u| date(9, u)).transpose()?,
        paused: r.get(10)?,
    };
    Ok((|| {
        Ok(FocusBlock {
            id: r.get(0)?,
            spec,
            created_at: instant(created)?,
            updated_at: instant(updated)?,
        })
    })())
}

fn record_from_row(r: &Row<'_>) -> rusqlite::Result<Result<OccurrenceRecord>> {
    let d: String = r.get(1)?;
    let moved_start: Option<i64> = r.get(2)?;
    let moved_end: Option<i64> = r.get(3)?;
    let outcome: Option<String> = r.get(4)?;
    let minutes_lost: Option<u32> = r.get(5)?;
    let reason: Option<String> = r.get(6)?;
    let answered: Option<i64> = r.get(7)?;
    let date = date(1, &d)?;
    let block_id: i64 = r.get(0)?;
    Ok((|| {
        let moved = match (moved_start, moved_end) {
            (Some(s), Some(e)) => Some(Span { start: instant(s)?, end: instant(e)? }),
            _ => None,
        };
        let outcome = match outcome.as_deref() {
            Some("kept") => Some(OccurrenceOutcome::Kept),
            Some("shortened") => Some(OccurrenceOutcome::Shortened {
                minutes_lost: minutes_lost.unwrap_or(0),
                reason,
            }),
            Some("broken") => {
                Some(OccurrenceOutcome::Broken { reason: reason.unwrap_or_default() })
            }
            _ => None,
        };
        Ok(OccurrenceRecord {
            block_id,
            date,
            moved,
            outcome,
            answered_at: answered.map(instant).transpose()?,
        })
    })())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::focus::parse_days;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn strategy(days: &str, from: &str, to: &str) -> NewFocusBlock {
        NewFocusBlock {
            title: "Strategy".into(),
            intention: "Q1 roadmap".into(),
            repeat: Repeat::Weekly { days: parse_days(days).unwrap() },
            start: NaiveTime::parse_from_str(from, "%H:%M").unwrap(),
            end: NaiveTime::parse_from_str(to, "%H:%M").unwrap(),
            timezone: "Europe/London".into(),
            active_from: d("2026-11-01"),
            active_until: None,
            paused: false,
        }
    }

    const NOW: &str = "2026-11-25T10:00:00Z";

    #[test]
    fn blocks_round_trip_and_overlaps_are_refused() {
        let store = Store::open_in_memory().unwrap();
        let b = store.add_block(strategy("tue,thu", "13:00", "17:00"), t(NOW)).unwrap();
        assert_eq!(store.block(b.id).unwrap(), b);
        assert_eq!(b.spec.repeat, Repeat::Weekly { days: parse_days("tue,thu").unwrap() });

        let e = store.add_block(strategy("thu,fri", "16:00", "18:00"), t(NOW)).unwrap_err();
        assert_eq!(e.field(), Some("start"));
        assert!(e.to_string().contains("overlaps the block 'Strategy' (13:00–17:00)"), "{e}");
        assert_eq!(store.blocks().unwrap().len(), 1);
        let mut paused = strategy("thu", "16:00", "18:00");
        paused.paused = true;
        store.add_block(paused, t(NOW)).unwrap();

        let mut changed = b.spec.clone();
        changed.end = NaiveTime::from_hms_opt(16, 0, 0).unwrap();
        changed.title = "Deep work".into();
        let u = store.update_block(b.id, changed, t(NOW)).unwrap();
        assert_eq!((u.spec.title.as_str(), u.spec.nominal_minutes()), ("Deep work", 180));
        assert_eq!(store.update_block(99, b.spec.clone(), t(NOW)).unwrap_err().kind(), "not_found");
    }

    #[test]
    fn interruptions_know_whether_they_fell_during_focus() {
        let store = Store::open_in_memory().unwrap();
        let log = |at: &str| {
            let mut n = crate::NewInterruption::at(t(at));
            n.note = at.into();
            store.log_interruption(n, t(at)).unwrap()
        };
        let before = log("2026-11-24T12:59:00Z");
        store.add_block(strategy("tue,thu", "13:00", "17:00"), t(NOW)).unwrap();
        let inside = log("2026-11-24T14:00:00Z");
        assert!(inside.during_focus, "flag on the stored entry");
        assert!(!store.interruption(before.id).unwrap().during_focus);
        let flags: Vec<bool> = store
            .list_interruptions(&Default::default())
            .unwrap()
            .iter()
            .map(|i| i.during_focus)
            .collect();
        assert_eq!(flags, [true, false]);
    }

    #[test]
    fn outcomes_moves_and_unanswered() {
        let store = Store::open_in_memory().unwrap();
        // Created on Monday: Tuesday's occurrence is one the user planned here.
        let monday = t("2026-11-23T09:00:00Z");
        let b = store.add_block(strategy("tue,thu", "13:00", "17:00"), monday).unwrap();
        let tue = d("2026-11-24");

        let unanswered = store.unanswered(t(NOW)).unwrap();
        let dates: Vec<NaiveDate> = unanswered.iter().map(|o| o.date).collect();
        assert_eq!(
            dates,
            [tue],
            "ended after creation and not answered; earlier ones are not asked"
        );
        let o = store
            .record_outcome(
                b.id,
                tue,
                OccurrenceOutcome::Shortened {
                    minutes_lost: 45,
                    reason: Some("vendor call".into()),
                },
                t(NOW),
            )
            .unwrap();
        assert_eq!(o.held_minutes(), Some(195));
        assert!(store.unanswered(t(NOW)).unwrap().is_empty());

        let too_much = OccurrenceOutcome::Shortened { minutes_lost: 300, reason: None };
        assert_eq!(
            store.record_outcome(b.id, tue, too_much, t(NOW)).unwrap_err().field(),
            Some("minutes_lost")
        );
        let no_reason = OccurrenceOutcome::Broken { reason: " ".into() };
        assert_eq!(
            store.record_outcome(b.id, tue, no_reason, t(NOW)).unwrap_err().field(),
            Some("reason")
        );
        let wednesday =
            store.record_outcome(b.id, d("2026-11-25"), OccurrenceOutcome::Kept, t(NOW));
        assert_eq!(wednesday.unwrap_err().field(), Some("date"));

        let thu = d("2026-11-26");
        let to = Span { start: t("2026-11-27T09:00:00Z"), end: t("2026-11-27T12:00:00Z") };
        let moved = store.move_occurrence(b.id, thu, to).unwrap();
        assert_eq!((moved.start, moved.moved), (to.start, true));
        let friday = Span { start: t("2026-11-27T00:00:00Z"), end: t("2026-11-28T00:00:00Z") };
        assert_eq!(
            store.occurrences(friday).unwrap().len(),
            1,
            "the moved occurrence is on Friday"
        );
        let next_thu = store.occurrence(b.id, d("2026-12-03")).unwrap();
        assert_eq!(next_thu.start, t("2026-12-03T13:00:00Z"), "the series is unchanged");
        let back = Span { start: to.end, end: to.start };
        assert_eq!(store.move_occurrence(b.id, thu, back).unwrap_err().field(), Some("end"));

        // Deleting the block takes its records with it.
        store.delete_block(b.id).unwrap();
        let again = store.add_block(strategy("tue", "13:00", "17:00"), t(NOW)).unwrap();
        assert_eq!(store.occurrence(again.id, tue).unwrap().outcome, None);
    }
}
