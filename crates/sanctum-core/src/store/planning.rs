//! Queries on `priorities`, `batches`, `tasks` and `wins`.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::{Error, Result};
use crate::focus::WEEK;
use crate::interruption::{Interruption, InterruptionPatch, Outcome};
use crate::planning::{
    clean_line, clean_title, to_carry, Batch, BatchSlot, NewTask, Ownership, Priority,
    PriorityStatus, Task, Win, SOFT_PRIORITY_LIMIT,
};
use crate::time::{IsoWeek, Span};

/// One dated instance of a batch's slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchSlotInstance {
    pub batch_id: i64,
    pub name: String,
    pub date: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Which tasks to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct TaskFilter {
    pub batch_id: Option<i64>,
    pub priority_id: Option<i64>,
    /// Only tasks not done yet.
    pub open: bool,
}

/// What is out with other people: open delegated tasks and recently delegated fires.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Delegated {
    pub tasks: Vec<Task>,
    /// The newest [`DELEGATED_SHOWN`] fires delegated in the span.
    pub interruptions: Vec<Interruption>,
    /// How many more were delegated in the span (listed in the log, outcome "delegated").
    pub more_interruptions: u64,
}

/// How many delegated fires the follow-up list shows; the rest are counted.
pub const DELEGATED_SHOWN: u32 = 20;

const PRIORITY_COLUMNS: &str = "id, week, rank, title, status, outcome, carried_from";
const TASK_COLUMNS: &str =
    "id, title, batch_id, priority_id, estimate_minutes, done_at, ownership, \
                            owner, interruption_id, created_at";

impl Store {
    // ---- weekly priorities -------------------------------------------------------------

    /// The week's priorities, top first.
    pub fn priorities(&self, week: IsoWeek) -> Result<Vec<Priority>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PRIORITY_COLUMNS} FROM priorities WHERE week = ?1 ORDER BY rank, id"
        ))?;
        let rows = stmt.query_map([week.to_string()], priority_from_row)?;
        rows.map(|r| r?).collect()
    }

    pub fn priority(&self, id: i64) -> Result<Priority> {
        self.conn
            .prepare_cached(&format!("SELECT {PRIORITY_COLUMNS} FROM priorities WHERE id = ?1"))?
            .query_row([id], priority_from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "priority", id })?
    }

    /// Adds a priority at the bottom of the week's list. Past [`SOFT_PRIORITY_LIMIT`] it is
    /// refused unless `confirmed`: a short list is the point.
    pub fn add_priority(
        &self,
        week: IsoWeek,
        title: &str,
        confirmed: bool,
        now: DateTime<Utc>,
    ) -> Result<Priority> {
        self.write(|| {
            let title = clean_title("title", title)?;
            let existing = self.priorities(week)?;
            if existing.len() >= SOFT_PRIORITY_LIMIT && !confirmed {
                return Err(Error::invalid(
                    "confirm",
                    format!(
                        "{week} already has {} priorities; a short list is easier to keep. Confirm to \
                         add another anyway",
                        existing.len()
                    ),
                ));
            }
            let rank = existing.iter().map(|p| p.rank).max().unwrap_or(0) + 1;
            self.insert_priority(week, rank, &title, None, now)
        })
    }

    fn insert_priority(
        &self,
        week: IsoWeek,
        rank: u32,
        title: &str,
        carried_from: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Priority> {
        self.write(|| {
            self.conn
                .prepare_cached(
                    "INSERT INTO priorities (week, rank, title, carried_from, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                )?
                .execute(params![week.to_string(), rank, title, carried_from, now.timestamp()])?;
            self.priority(self.conn.last_insert_rowid())
        })
    }

    /// Puts the week's priorities in the order of `ids` (all of them, each once).
    pub fn reorder_priorities(
        &self,
        week: IsoWeek,
        ids: &[i64],
        now: DateTime<Utc>,
    ) -> Result<Vec<Priority>> {
        self.write(|| {
            let mut current: Vec<i64> = self.priorities(week)?.iter().map(|p| p.id).collect();
            let mut given = ids.to_vec();
            current.sort_unstable();
            given.sort_unstable();
            if current != given {
                return Err(Error::invalid(
                    "order",
                    format!("give each of {week}'s priorities once, in the new order"),
                ));
            }
            {
                let mut stmt = self.conn.prepare_cached(
                    "UPDATE priorities SET rank = ?2, updated_at = ?3 WHERE id = ?1",
                )?;
                for (k, id) in ids.iter().enumerate() {
                    stmt.execute(params![id, k as i64 + 1, now.timestamp()])?;
                }
            }
            self.priorities(week)
        })
    }

    /// Ends (or reopens) a priority, with an optional one-line outcome.
    pub fn set_priority_status(
        &self,
        id: i64,
        status: PriorityStatus,
        outcome: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Priority> {
        self.write(|| {
            self.priority(id)?;
            let outcome = clean_line("outcome", outcome)?;
            self.conn
                .prepare_cached(
                    "UPDATE priorities SET status = ?2, outcome = ?3, updated_at = ?4 WHERE id = ?1",
                )?
                .execute(params![id, status.as_str(), outcome, now.timestamp()])?;
            self.priority(id)
        })
    }

    pub fn rename_priority(&self, id: i64, title: &str, now: DateTime<Utc>) -> Result<Priority> {
        self.write(|| {
            let title = clean_title("title", title)?;
            self.priority(id)?;
            self.conn
                .prepare_cached("UPDATE priorities SET title = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, title, now.timestamp()])?;
            self.priority(id)
        })
    }

    /// Deletes a priority and closes the gap in the week's ranks.
    pub fn delete_priority(&self, id: i64, now: DateTime<Utc>) -> Result<Priority> {
        self.write(|| {
            let old = self.priority(id)?;
            self.conn.execute("DELETE FROM priorities WHERE id = ?1", [id])?;
            self.conn.execute(
                "UPDATE priorities SET rank = rank - 1, updated_at = ?3 WHERE week = ?1 AND rank > ?2",
                params![old.week.to_string(), old.rank, now.timestamp()],
            )?;
            Ok(old)
        })
    }

    /// Carries `week`'s unfinished priorities (open or partly done) into the next week, below
    /// what is there, each at most once; returns the new ones. Their tasks stay linked to the
    /// original, which keeps its history.
    pub fn carry_priorities(&self, week: IsoWeek, now: DateTime<Utc>) -> Result<Vec<Priority>> {
        self.write(|| {
            let next = week.next();
            let from = self.priorities(week)?;
            let carried: Vec<i64> = {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT carried_from FROM priorities WHERE carried_from IS NOT NULL",
                )?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut rank = self.priorities(next)?.iter().map(|p| p.rank).max().unwrap_or(0);
            let mut out = Vec::new();
            for p in to_carry(&from, &carried) {
                rank += 1;
                out.push(self.insert_priority(next, rank, &p.title, Some(p.id), now)?);
            }
            Ok(out)
        })
    }

    // ---- batches -----------------------------------------------------------------------

    pub fn add_batch(
        &self,
        name: &str,
        slot: Option<BatchSlot>,
        now: DateTime<Utc>,
    ) -> Result<Batch> {
        self.write(|| {
            let name = clean_title("name", name)?;
            let slot = slot.map(BatchSlot::validated).transpose()?;
            if self.batch_named(&name)?.is_some() {
                return Err(Error::invalid("name", format!("a batch named '{name}' exists already")));
            }
            let (days, start, end, zone) = slot_columns(slot.as_ref());
            self.conn
                .prepare_cached(
                    "INSERT INTO batches (name, slot_days, slot_start, slot_end, slot_zone, created_at, \
                     updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                )?
                .execute(params![name, days, start, end, zone, now.timestamp()])?;
            self.batch(self.conn.last_insert_rowid())
        })
    }

    pub fn update_batch(
        &self,
        id: i64,
        name: &str,
        slot: Option<BatchSlot>,
        now: DateTime<Utc>,
    ) -> Result<Batch> {
        self.write(|| {
            let name = clean_title("name", name)?;
            let slot = slot.map(BatchSlot::validated).transpose()?;
            self.batch(id)?;
            if self.batch_named(&name)?.is_some_and(|b| b.id != id) {
                return Err(Error::invalid(
                    "name",
                    format!("a batch named '{name}' exists already"),
                ));
            }
            let (days, start, end, zone) = slot_columns(slot.as_ref());
            self.conn
                .prepare_cached(
                    "UPDATE batches SET name = ?2, slot_days = ?3, slot_start = ?4, slot_end = ?5, \
                     slot_zone = ?6, updated_at = ?7 WHERE id = ?1",
                )?
                .execute(params![id, name, days, start, end, zone, now.timestamp()])?;
            self.batch(id)
        })
    }

    /// Deletes a batch; its tasks stay, without a batch.
    pub fn delete_batch(&self, id: i64) -> Result<Batch> {
        self.write(|| {
            let old = self.batch(id)?;
            self.conn.execute("DELETE FROM batches WHERE id = ?1", [id])?;
            Ok(old)
        })
    }

    pub fn batch(&self, id: i64) -> Result<Batch> {
        self.conn
            .prepare_cached("SELECT id, name, slot_days, slot_start, slot_end, slot_zone FROM batches WHERE id = ?1")?
            .query_row([id], batch_from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "batch", id })?
    }

    /// The batch with this name (case-insensitive), if any.
    pub fn batch_named(&self, name: &str) -> Result<Option<Batch>> {
        self.conn
            .prepare_cached(
                "SELECT id, name, slot_days, slot_start, slot_end, slot_zone FROM batches \
                 WHERE name = ?1 COLLATE NOCASE",
            )?
            .query_row([name.trim()], batch_from_row)
            .optional()?
            .transpose()
    }

    /// All batches, by name.
    pub fn batches(&self) -> Result<Vec<Batch>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, slot_days, slot_start, slot_end, slot_zone FROM batches ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], batch_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// Batch slots overlapping `span`, by start.
    pub fn batch_slots(&self, span: Span) -> Result<Vec<BatchSlotInstance>> {
        let mut out = Vec::new();
        for b in self.batches()? {
            let Some(slot) = &b.slot else { continue };
            for (date, start, end) in slot.instances(span) {
                out.push(BatchSlotInstance {
                    batch_id: b.id,
                    name: b.name.clone(),
                    date,
                    start,
                    end,
                });
            }
        }
        out.sort_by_key(|s| (s.start, s.batch_id));
        Ok(out)
    }

    // ---- tasks -------------------------------------------------------------------------

    pub fn add_task(&self, new: NewTask, now: DateTime<Utc>) -> Result<Task> {
        self.insert_task(new, None, now)
    }

    fn insert_task(
        &self,
        new: NewTask,
        interruption_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Task> {
        self.write(|| {
            let title = self.checked_task_title(&new)?;
            let ownership = new.ownership.unwrap_or(Ownership::Mine);
            self.conn
                .prepare_cached(
                    "INSERT INTO tasks (title, batch_id, priority_id, estimate_minutes, ownership, owner, \
                     interruption_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                )?
                .execute(params![
                    title,
                    new.batch_id,
                    new.priority_id,
                    new.estimate_minutes,
                    ownership.kind(),
                    owner_of(&ownership),
                    interruption_id,
                    now.timestamp()
                ])?;
            self.task(self.conn.last_insert_rowid())
        })
    }

    pub fn task(&self, id: i64) -> Result<Task> {
        self.conn
            .prepare_cached(&format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?1"))?
            .query_row([id], task_from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "task", id })?
    }

    /// Tasks matching `filter`: open ones first, then by creation.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks WHERE (?1 IS NULL OR batch_id = ?1) \
             AND (?2 IS NULL OR priority_id = ?2) AND (?3 = 0 OR done_at IS NULL) \
             ORDER BY done_at IS NOT NULL, id"
        ))?;
        let rows = stmt
            .query_map(params![filter.batch_id, filter.priority_id, filter.open], task_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// Tasks done within `week` in `zone` (a task done late Sunday counts for that week).
    pub fn tasks_done_in(&self, week: IsoWeek, zone: chrono_tz::Tz) -> Result<Vec<Task>> {
        let span = week.span(zone);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks WHERE done_at >= ?1 AND done_at < ?2 ORDER BY done_at"
        ))?;
        let rows =
            stmt.query_map(params![span.start.timestamp(), span.end.timestamp()], task_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// Marks a task done (at `now`) or not done.
    pub fn set_task_done(&self, id: i64, done: bool, now: DateTime<Utc>) -> Result<Task> {
        self.write(|| {
            self.task(id)?;
            self.conn
                .prepare_cached("UPDATE tasks SET done_at = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, done.then(|| now.timestamp()), now.timestamp()])?;
            self.task(id)
        })
    }

    /// Changes a task's title, batch, priority, estimate and ownership.
    pub fn update_task(&self, id: i64, new: NewTask, now: DateTime<Utc>) -> Result<Task> {
        self.write(|| {
            let old = self.task(id)?;
            let title = self.checked_task_title(&new)?;
            let ownership = new.ownership.unwrap_or(old.ownership);
            self.conn
                .prepare_cached(
                    "UPDATE tasks SET title = ?2, batch_id = ?3, priority_id = ?4, estimate_minutes = ?5, \
                     ownership = ?6, owner = ?7, updated_at = ?8 WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    title,
                    new.batch_id,
                    new.priority_id,
                    new.estimate_minutes,
                    ownership.kind(),
                    owner_of(&ownership),
                    now.timestamp()
                ])?;
            self.task(id)
        })
    }

    /// Hands a task to someone, takes it back, or declines it; nothing else changes.
    pub fn set_task_ownership(
        &self,
        id: i64,
        ownership: Ownership,
        now: DateTime<Utc>,
    ) -> Result<Task> {
        let t = self.task(id)?;
        let new = NewTask {
            title: t.title,
            batch_id: t.batch_id,
            priority_id: t.priority_id,
            estimate_minutes: t.estimate_minutes,
            ownership: Some(ownership),
        };
        self.update_task(id, new, now)
    }

    /// Checks a task's fields and links; returns its cleaned title.
    fn checked_task_title(&self, new: &NewTask) -> Result<String> {
        let title = clean_title("title", &new.title)?;
        if let Some(b) = new.batch_id {
            self.batch(b)?;
        }
        if let Some(p) = new.priority_id {
            self.priority(p)?;
        }
        if let Some(crate::planning::Ownership::Delegated { to }) = &new.ownership {
            let to = crate::text::line("owner", to, crate::interruption::MAX_NAME_CHARS)?;
            if to.is_empty() {
                return Err(Error::invalid("owner", "delegated needs a person: delegated:Priya"));
            }
        }
        match new.estimate_minutes {
            Some(m) if m > 24 * 60 => {
                Err(Error::invalid("estimate", format!("{m} minutes is more than a day")))
            }
            _ => Ok(title),
        }
    }

    pub fn delete_task(&self, id: i64) -> Result<Task> {
        self.write(|| {
            let old = self.task(id)?;
            self.conn.execute("DELETE FROM tasks WHERE id = ?1", [id])?;
            Ok(old)
        })
    }

    /// Turns a logged interruption into a task in a batch, in one step: the batch is found by
    /// name or created, the task keeps a link to the interruption, and the interruption's
    /// outcome becomes "deferred to <batch>". `batch` defaults to the batch the interruption
    /// was already deferred to, then to "Later".
    pub fn defer_to_batch(
        &self,
        interruption_id: i64,
        batch: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Task> {
        self.write(|| {
            let fire = self.interruption(interruption_id)?;
            if let Some(existing) = self.task_for_interruption(interruption_id)? {
                return Err(Error::invalid(
                    "interruption",
                    format!("interruption {interruption_id} is already task {}", existing.id),
                ));
            }
            let name = match (batch.map(str::trim).filter(|b| !b.is_empty()), &fire.fields.outcome)
            {
                (Some(b), _) => b.to_string(),
                (None, Outcome::Deferred { batch: Some(b) }) => b.clone(),
                (None, _) => "Later".to_string(),
            };
            let batch = match self.batch_named(&name)? {
                Some(b) => b,
                None => self.add_batch(&name, None, now)?,
            };
            let f = &fire.fields;
            let title = match (&f.source, f.note.is_empty()) {
                (Some(s), false) => format!("{s}: {}", f.note),
                (Some(s), true) => format!("Follow up with {s}"),
                (None, false) => f.note.clone(),
                (None, true) => format!("Deferred {} fire #{}", f.channel, fire.id),
            };
            let title: String = title.chars().take(crate::planning::MAX_TITLE_CHARS).collect();
            let task = self.insert_task(
                NewTask { title, batch_id: Some(batch.id), ..Default::default() },
                Some(interruption_id),
                now,
            )?;
            let patch = InterruptionPatch {
                outcome: Some(Outcome::Deferred { batch: Some(batch.name.clone()) }),
                ..Default::default()
            };
            self.update_interruption(interruption_id, patch, now)?;
            Ok(task)
        })
    }

    fn task_for_interruption(&self, interruption_id: i64) -> Result<Option<Task>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {TASK_COLUMNS} FROM tasks WHERE interruption_id = ?1"
            ))?
            .query_row([interruption_id], task_from_row)
            .optional()?
            .transpose()
    }

    /// Open delegated tasks, and fires delegated since `since`: what to follow up.
    pub fn delegated(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> Result<Delegated> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks WHERE ownership = 'delegated' AND done_at IS NULL ORDER BY id"
        ))?;
        let rows = stmt.query_map([], task_from_row)?;
        let tasks = rows.map(|r| r?).collect::<Result<_>>()?;
        let mut filter = crate::InterruptionFilter {
            span: Some(Span { start: since, end: now + chrono::Duration::seconds(1) }),
            outcome: Some("delegated".into()),
            limit: Some(DELEGATED_SHOWN),
            ..Default::default()
        };
        let interruptions = self.list_interruptions(&filter)?;
        let more_interruptions = if interruptions.len() < DELEGATED_SHOWN as usize {
            0
        } else {
            filter.limit = None;
            self.interruption_summary(&filter)?.0 - interruptions.len() as u64
        };
        Ok(Delegated { tasks, interruptions, more_interruptions })
    }

    // ---- wins --------------------------------------------------------------------------

    pub fn add_win(
        &self,
        date: NaiveDate,
        title: &str,
        impact: Option<&str>,
        priority_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Win> {
        self.write(|| {
            let title = clean_title("title", title)?;
            let impact = clean_line("impact", impact)?;
            if let Some(p) = priority_id {
                self.priority(p)?;
            }
            self.conn
                .prepare_cached(
                    "INSERT INTO wins (date, title, impact, priority_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![date.to_string(), title, impact, priority_id, now.timestamp()])?;
            self.win(self.conn.last_insert_rowid())
        })
    }

    pub fn win(&self, id: i64) -> Result<Win> {
        self.conn
            .prepare_cached("SELECT id, date, title, impact, priority_id FROM wins WHERE id = ?1")?
            .query_row([id], win_from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "win", id })?
    }

    /// Wins dated within `week`, oldest first.
    pub fn wins(&self, week: IsoWeek) -> Result<Vec<Win>> {
        let monday = week.monday();
        let sunday = monday + chrono::Duration::days(6);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, date, title, impact, priority_id FROM wins WHERE date BETWEEN ?1 AND ?2 ORDER BY date, id",
        )?;
        let rows = stmt.query_map(params![monday.to_string(), sunday.to_string()], win_from_row)?;
        rows.map(|r| r?).collect()
    }

    pub fn delete_win(&self, id: i64) -> Result<Win> {
        self.write(|| {
            let old = self.win(id)?;
            self.conn.execute("DELETE FROM wins WHERE id = ?1", [id])?;
            Ok(old)
        })
    }
}

fn owner_of(o: &Ownership) -> Option<&str> {
    match o {
        Ownership::Delegated { to } => Some(to),
        _ => None,
    }
}

fn slot_columns(slot: Option<&BatchSlot>) -> (i64, Option<String>, Option<String>, Option<String>) {
    match slot {
        None => (0, None, None, None),
        Some(s) => (
            s.days.iter().map(|d| 1i64 << d.num_days_from_monday()).sum(),
            Some(s.start.format("%H:%M").to_string()),
            Some(s.end.format("%H:%M").to_string()),
            Some(s.timezone.clone()),
        ),
    }
}

fn bad(column: usize, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        format!("unexpected value '{text}'").into(),
    )
}

fn priority_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Priority>> {
    let week: String = r.get(1)?;
    let status: String = r.get(4)?;
    Ok((|| {
        Ok(Priority {
            id: r.get(0)?,
            week: week.parse()?,
            rank: r.get(2)?,
            title: r.get(3)?,
            status: PriorityStatus::parse(&status)?,
            outcome: r.get(5)?,
            carried_from: r.get(6)?,
        })
    })())
}

fn batch_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Batch>> {
    let days: i64 = r.get(2)?;
    let start: Option<String> = r.get(3)?;
    let end: Option<String> = r.get(4)?;
    let zone: Option<String> = r.get(5)?;
    let time = |col: usize, t: &str| NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| bad(col, t));
    let slot = match (days, start, end, zone) {
        (d, Some(s), Some(e), Some(z)) if d != 0 => Some(BatchSlot {
            days: WEEK
                .iter()
                .enumerate()
                .filter(|(n, _)| d & (1 << n) != 0)
                .map(|(_, w)| *w)
                .collect(),
            start: time(3, &s)?,
            end: time(4, &e)?,
            timezone: z,
        }),
        _ => None,
    };
    Ok(Ok(Batch { id: r.get(0)?, name: r.get(1)?, slot }))
}

fn task_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Task>> {
    let done: Option<i64> = r.get(5)?;
    let ownership: String = r.get(6)?;
    let owner: Option<String> = r.get(7)?;
    let created: i64 = r.get(9)?;
    let instant =
        |secs: i64| DateTime::from_timestamp(secs, 0).ok_or_else(|| bad(5, &secs.to_string()));
    let ownership = match (ownership.as_str(), owner) {
        ("delegated", Some(to)) => Ownership::Delegated { to },
        ("declined", _) => Ownership::Declined,
        _ => Ownership::Mine,
    };
    Ok(Ok(Task {
        id: r.get(0)?,
        title: r.get(1)?,
        batch_id: r.get(2)?,
        priority_id: r.get(3)?,
        estimate_minutes: r.get(4)?,
        done_at: done.map(instant).transpose()?,
        ownership,
        interruption_id: r.get(8)?,
        created_at: instant(created)?,
    }))
}

fn win_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Win>> {
    let date: String = r.get(1)?;
    Ok(Ok(Win {
        id: r.get(0)?,
        date: date.parse().map_err(|_| bad(1, &date))?,
        title: r.get(2)?,
        impact: r.get(3)?,
        priority_id: r.get(4)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quicklog::parse_new;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    const NOW: &str = "2026-11-25T10:00:00Z";
    fn w(s: &str) -> IsoWeek {
        s.parse().unwrap()
    }
    fn titles(ps: &[Priority]) -> Vec<&str> {
        ps.iter().map(|p| p.title.as_str()).collect()
    }

    #[test]
    fn priorities_rank_reorder_limit_and_end() {
        let store = Store::open_in_memory().unwrap();
        let week = w("2026-W48");
        for title in ["Hire vendor manager", "Fix onboarding", "Q1 roadmap"] {
            store.add_priority(week, title, false, t(NOW)).unwrap();
        }
        let ps = store.priorities(week).unwrap();
        assert_eq!(ps.iter().map(|p| p.rank).collect::<Vec<_>>(), [1, 2, 3]);
        let order = [ps[2].id, ps[0].id, ps[1].id];
        let ps = store.reorder_priorities(week, &order, t(NOW)).unwrap();
        assert_eq!(titles(&ps), ["Q1 roadmap", "Hire vendor manager", "Fix onboarding"]);
        assert_eq!(
            store.reorder_priorities(week, &order[..2], t(NOW)).unwrap_err().field(),
            Some("order")
        );

        store.add_priority(week, "Four", false, t(NOW)).unwrap();
        store.add_priority(week, "Five", false, t(NOW)).unwrap();
        let e = store.add_priority(week, "Six", false, t(NOW)).unwrap_err();
        assert_eq!(e.field(), Some("confirm"));
        assert!(e.to_string().contains("already has 5 priorities"), "{e}");
        assert_eq!(store.add_priority(week, "Six", true, t(NOW)).unwrap().rank, 6);

        let done = store
            .set_priority_status(ps[0].id, PriorityStatus::Done, Some("shipped v1"), t(NOW))
            .unwrap();
        assert_eq!(
            (done.status, done.outcome.as_deref()),
            (PriorityStatus::Done, Some("shipped v1"))
        );
        store.delete_priority(ps[1].id, t(NOW)).unwrap();
        let ranks: Vec<u32> = store.priorities(week).unwrap().iter().map(|p| p.rank).collect();
        assert_eq!(ranks, [1, 2, 3, 4, 5], "no gap after delete");
        assert_eq!(store.add_priority(week, " ", true, t(NOW)).unwrap_err().field(), Some("title"));
    }

    #[test]
    fn carrying_moves_unfinished_once_and_keeps_links() {
        let store = Store::open_in_memory().unwrap();
        let week = w("2026-W48");
        let a = store.add_priority(week, "Roadmap", false, t(NOW)).unwrap();
        let b = store.add_priority(week, "Hiring", false, t(NOW)).unwrap();
        let c = store.add_priority(week, "Audit", false, t(NOW)).unwrap();
        let d = store.add_priority(week, "Offsite", false, t(NOW)).unwrap();
        store.set_priority_status(b.id, PriorityStatus::Partly, None, t(NOW)).unwrap();
        store.set_priority_status(c.id, PriorityStatus::Done, None, t(NOW)).unwrap();
        store.set_priority_status(d.id, PriorityStatus::Dropped, None, t(NOW)).unwrap();
        let task = store
            .add_task(
                NewTask {
                    title: "Draft roadmap".into(),
                    priority_id: Some(a.id),
                    ..Default::default()
                },
                t(NOW),
            )
            .unwrap();
        store.add_priority(w("2026-W49"), "Already planned", false, t(NOW)).unwrap();

        let carried = store.carry_priorities(week, t(NOW)).unwrap();
        assert_eq!(titles(&carried), ["Roadmap", "Hiring"]);
        assert_eq!(carried[0].carried_from, Some(a.id));
        let next = store.priorities(w("2026-W49")).unwrap();
        assert_eq!(titles(&next), ["Already planned", "Roadmap", "Hiring"]);
        assert!(next.iter().all(|p| p.status == PriorityStatus::Open));

        assert!(store.carry_priorities(week, t(NOW)).unwrap().is_empty(), "nothing carried twice");
        assert_eq!(store.priorities(w("2026-W49")).unwrap().len(), 3);
        assert_eq!(store.task(task.id).unwrap().priority_id, Some(a.id), "the task keeps its link");
        assert_eq!(store.priorities(week).unwrap().len(), 4, "last week keeps its history");
    }

    #[test]
    fn a_deferred_interruption_becomes_a_task_in_a_batch() {
        let store = Store::open_in_memory().unwrap();
        let fire = store
            .log_interruption(
                parse_new("@Sam email 5m ~Email reply to legal", t(NOW), chrono_tz::UTC).unwrap(),
                t(NOW),
            )
            .unwrap();
        let task = store.defer_to_batch(fire.id, None, t(NOW)).unwrap();
        assert_eq!(task.title, "Sam: reply to legal");
        assert_eq!(task.interruption_id, Some(fire.id));
        let batch = store.batch(task.batch_id.unwrap()).unwrap();
        assert_eq!(batch.name, "Email", "the batch named in the log was created");
        let e = store.defer_to_batch(fire.id, Some("Email"), t(NOW)).unwrap_err();
        assert!(e.to_string().contains("already task"), "{e}");

        let other = store
            .log_interruption(
                parse_new("@Ana call 10m vendor contract", t(NOW), chrono_tz::UTC).unwrap(),
                t(NOW),
            )
            .unwrap();
        let task2 = store.defer_to_batch(other.id, Some("email"), t(NOW)).unwrap();
        assert_eq!(task2.batch_id, Some(batch.id), "found by name, any case");
        let other = store.interruption(other.id).unwrap();
        assert_eq!(other.fields.outcome, Outcome::Deferred { batch: Some("Email".into()) });

        let open = store
            .tasks(&TaskFilter { batch_id: Some(batch.id), open: true, ..Default::default() })
            .unwrap();
        assert_eq!(open.len(), 2);
        store.set_task_done(task.id, true, t(NOW)).unwrap();
        let open = store
            .tasks(&TaskFilter { batch_id: Some(batch.id), open: true, ..Default::default() })
            .unwrap();
        assert_eq!(open.iter().map(|t| t.id).collect::<Vec<_>>(), [task2.id]);
        assert_eq!(store.set_task_done(task.id, false, t(NOW)).unwrap().done_at, None);
        // Deleting the interruption keeps the task.
        store.delete_interruption(fire.id).unwrap();
        assert_eq!(store.task(task.id).unwrap().interruption_id, None);
    }

    #[test]
    fn a_task_done_late_sunday_in_auckland_counts_for_that_week() {
        let store = Store::open_in_memory().unwrap();
        let task = store
            .add_task(NewTask { title: "Approve invoices".into(), ..Default::default() }, t(NOW))
            .unwrap();
        // 23:30 on Sunday 29 November in Auckland.
        store.set_task_done(task.id, true, t("2026-11-29T10:30:00Z")).unwrap();
        let auckland = chrono_tz::Pacific::Auckland;
        assert_eq!(store.tasks_done_in(w("2026-W48"), auckland).unwrap().len(), 1);
        assert!(store.tasks_done_in(w("2026-W49"), auckland).unwrap().is_empty());
        // The same instant is Sunday morning in London: still W48; in UTC too.
        assert_eq!(store.tasks_done_in(w("2026-W48"), chrono_tz::UTC).unwrap().len(), 1);
    }

    #[test]
    fn batches_ownership_delegated_and_wins() {
        let store = Store::open_in_memory().unwrap();
        let slot = BatchSlot {
            days: crate::focus::parse_days("fri").unwrap(),
            start: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
            timezone: "Europe/London".into(),
        };
        let calls = store.add_batch("Vendor calls", Some(slot.clone()), t(NOW)).unwrap();
        assert_eq!(calls.slot.as_ref().unwrap().days, slot.days);
        assert_eq!(
            store.add_batch("vendor CALLS", None, t(NOW)).unwrap_err().field(),
            Some("name")
        );
        let week = w("2026-W48").span(chrono_tz::Europe::London);
        let slots = store.batch_slots(week).unwrap();
        assert_eq!((slots.len(), slots[0].start), (1, t("2026-11-27T15:00:00Z")));

        let delegated = NewTask {
            title: "Renew SLA".into(),
            batch_id: Some(calls.id),
            ownership: Some(Ownership::Delegated { to: "Priya".into() }),
            estimate_minutes: Some(30),
            ..Default::default()
        };
        let task = store.add_task(delegated, t(NOW)).unwrap();
        store
            .log_interruption(
                parse_new("@Sam slack 15m >Raj invoices", t(NOW), chrono_tz::UTC).unwrap(),
                t(NOW),
            )
            .unwrap();
        let out = store.delegated(t("2026-11-01T00:00:00Z"), t(NOW)).unwrap();
        assert_eq!(out.tasks.iter().map(|t| t.id).collect::<Vec<_>>(), [task.id]);
        assert_eq!(out.interruptions.len(), 1);
        let bad = NewTask { title: "x".into(), estimate_minutes: Some(5000), ..Default::default() };
        assert_eq!(store.add_task(bad, t(NOW)).unwrap_err().field(), Some("estimate"));
        let bad = NewTask { title: "x".into(), batch_id: Some(99), ..Default::default() };
        assert_eq!(store.add_task(bad, t(NOW)).unwrap_err().kind(), "not_found");

        let p = store.add_priority(w("2026-W48"), "Vendor costs", false, t(NOW)).unwrap();
        let win = store
            .add_win(
                "2026-11-24".parse().unwrap(),
                "Cut vendor cost 12%",
                Some("€40k/yr"),
                Some(p.id),
                t(NOW),
            )
            .unwrap();
        assert_eq!(store.wins(w("2026-W48")).unwrap(), std::slice::from_ref(&win));
        assert!(store.wins(w("2026-W49")).unwrap().is_empty());
        assert_eq!(
            store
                .add_win("2026-11-24".parse().unwrap(), "", None, None, t(NOW))
                .unwrap_err()
                .field(),
            Some("title")
        );
        store.delete_win(win.id).unwrap();
        assert!(store.wins(w("2026-W48")).unwrap().is_empty());
        // A deleted batch leaves its tasks without a batch.
        store.delete_batch(calls.id).unwrap();
        assert_eq!(store.task(task.id).unwrap().batch_id, None);
    }
}
