//! Queries on the `interruptions` table.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Statement, ToSql};
use serde::{Deserialize, Serialize};

use super::{instant, Store};
use crate::error::{Error, Result};
use crate::interruption::{
    Channel, Interruption, InterruptionPatch, NewInterruption, Outcome, Urgency,
};
use crate::time::Span;

/// Which interruptions to list. Every field narrows the list; the default lists everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct InterruptionFilter {
    /// Only those that happened in this span.
    pub span: Option<Span>,
    /// Exact source, case-insensitive.
    pub source: Option<String>,
    /// Exact category, case-insensitive.
    pub category: Option<String>,
    pub channel: Option<Channel>,
    /// `handled`, `delegated`, `deferred` or `declined`.
    pub outcome: Option<String>,
    /// Words that must appear (case-insensitive) in the note, source, category or delegate/batch.
    pub text: Option<String>,
    /// At most this many, newest first.
    pub limit: Option<u32>,
    /// Skip this many of the newest first (a page further down the list).
    pub offset: Option<u32>,
}

/// Names used recently, for suggestions and filter menus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecentNames {
    pub sources: Vec<String>,
    pub categories: Vec<String>,
    pub delegates: Vec<String>,
}

/// Inserts a row; `:id` NULL lets SQLite pick the id.
const INSERT: &str = "INSERT INTO interruptions (id, occurred_at, source, channel, category, \
    urgency, minutes, outcome, outcome_target, note, created_at, updated_at) \
    VALUES (:id, :occurred_at, :source, :channel, :category, :urgency, :minutes, :outcome, \
    :outcome_target, :note, :created_at, :updated_at)";

const UPDATE: &str = "UPDATE interruptions SET occurred_at = :occurred_at, source = :source, \
    channel = :channel, category = :category, urgency = :urgency, minutes = :minutes, \
    outcome = :outcome, outcome_target = :outcome_target, note = :note, updated_at = :updated_at \
    WHERE id = :id";

/// One row's values, bound by name into [`INSERT`] or [`UPDATE`] (each takes the names it has).
struct RowValues<'a> {
    id: Option<i64>,
    fields: &'a NewInterruption,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl RowValues<'_> {
    fn execute(&self, stmt: &mut Statement<'_>) -> rusqlite::Result<usize> {
        let f = self.fields;
        let values: [(&str, &dyn ToSql); 12] = [
            (":id", &self.id),
            (":occurred_at", &f.occurred_at.timestamp()),
            (":source", &f.source),
            (":channel", &f.channel.as_str()),
            (":category", &f.category),
            (":urgency", &f.urgency.as_str()),
            (":minutes", &f.minutes),
            (":outcome", &f.outcome.kind()),
            (":outcome_target", &f.outcome.target()),
            (":note", &f.note),
            (":created_at", &self.created_at.timestamp()),
            (":updated_at", &self.updated_at.timestamp()),
        ];
        for (name, value) in values {
            if let Some(index) = stmt.parameter_index(name)? {
                stmt.raw_bind_parameter(index, value)?;
            }
        }
        stmt.raw_execute()
    }
}

/// Validates `new` and inserts it through the prepared [`INSERT`].
fn insert(stmt: &mut Statement<'_>, new: NewInterruption, now: DateTime<Utc>) -> Result<()> {
    let fields = new.validated()?;
    RowValues { id: None, fields: &fields, created_at: now, updated_at: now }.execute(stmt)?;
    Ok(())
}

const COLUMNS: &str = "id, occurred_at, source, channel, category, urgency, minutes, outcome, \
                       outcome_target, note, created_at, updated_at";

impl Store {
    /// Validates and stores a new interruption; when this returns, it is durably on disk.
    pub fn log_interruption(
        &self,
        new: NewInterruption,
        now: DateTime<Utc>,
    ) -> Result<Interruption> {
        self.write(|| {
            let mut stmt = self.conn.prepare_cached(INSERT)?;
            insert(&mut stmt, new, now)?;
            let id = self.conn.last_insert_rowid();
            self.interruption(id)
        })
    }

    /// Puts back an interruption exactly as it was (same id), e.g. to undo a delete.
    pub fn restore_interruption(&self, old: &Interruption) -> Result<Interruption> {
        self.write(|| {
            let fields = old.fields.clone().validated()?;
            RowValues {
                id: Some(old.id),
                fields: &fields,
                created_at: old.created_at,
                updated_at: old.updated_at,
            }
            .execute(&mut *self.conn.prepare_cached(INSERT)?)
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => Error::invalid(
                    "id",
                    format!("interruption {} already exists; nothing to restore", old.id),
                ),
                _ => e.into(),
            })?;
            self.interruption(old.id)
        })
    }

    /// One interruption by id.
    pub fn interruption(&self, id: i64) -> Result<Interruption> {
        let mut found = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM interruptions WHERE id = ?1"))?
            .query_row([id], from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "interruption", id })??;
        self.mark_during_focus(std::slice::from_mut(&mut found))?;
        Ok(found)
    }

    /// Sets the derived `during_focus` flag from the focus blocks' occurrences.
    fn mark_during_focus(&self, items: &mut [Interruption]) -> Result<()> {
        let times = items.iter().map(|i| i.fields.occurred_at);
        let (Some(first), Some(last)) = (times.clone().min(), times.max()) else {
            return Ok(());
        };
        let span = Span { start: first, end: last + chrono::Duration::seconds(1) };
        let occurrences = self.occurrences(span)?;
        for i in items {
            i.during_focus = crate::focus::during_focus(&occurrences, i.fields.occurred_at);
        }
        Ok(())
    }

    /// Interruptions matching `filter`, newest first (`offset` and `limit` pick a page of them).
    pub fn list_interruptions(&self, filter: &InterruptionFilter) -> Result<Vec<Interruption>> {
        let (mut conditions, mut args) = where_clause(filter, |w| self.rare_enough_for_index(w))?;
        // SQLite wants a LIMIT before an OFFSET; -1 is "no limit".
        let limit = filter.limit.map_or(-1, i64::from);
        let mut offset = u64::from(filter.offset.unwrap_or(0));
        // A page deep in the list: the walk to it starts at the nearest marker before it (see
        // `mark_list`).
        if let Some((at, (time, id))) = self.marker_before(filter, &conditions, &args, offset)? {
            conditions.push_str(" AND (occurred_at, id) <= (?, ?)");
            args.extend([Value::from(time), Value::from(id)]);
            offset -= at;
        }
        let sql = if offset > 0 {
            // The rows skipped are stepped over in the time index alone; only the page's rows
            // are read.
            format!(
                "SELECT {COLUMNS} FROM interruptions WHERE id IN (SELECT id FROM interruptions \
                 WHERE {conditions} {NEWEST_FIRST} LIMIT {limit} OFFSET {offset}) {NEWEST_FIRST}"
            )
        } else {
            format!("SELECT {COLUMNS} FROM interruptions WHERE {conditions} {NEWEST_FIRST} LIMIT {limit}")
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), from_row)?;
        let mut items: Vec<Interruption> = rows.map(|r| r?).collect::<Result<_>>()?;
        self.mark_during_focus(&mut items)?;
        Ok(items)
    }

    /// How many interruptions match `filter` (ignoring its page) and their minutes in all.
    pub fn interruption_summary(&self, filter: &InterruptionFilter) -> Result<(u64, u64)> {
        let (conditions, args) = where_clause(filter, |w| self.rare_enough_for_index(w))?;
        if args.is_empty() {
            // The whole log: its totals are kept by triggers (migration 9).
            return Ok(self
                .conn
                .prepare_cached("SELECT fires, minutes FROM interruption_totals")?
                .query_row([], |r| {
                    Ok((r.get::<_, i64>(0)?.unsigned_abs(), r.get::<_, i64>(1)?.unsigned_abs()))
                })?);
        }
        let key = format!("summary|{conditions}|{args:?}");
        self.cached(&self.summary_cache, key, || {
            let sql = format!(
                "SELECT count(*), coalesce(sum(minutes), 0) FROM interruptions WHERE {conditions}"
            );
            Ok(self
                .conn
                .prepare_cached(&sql)?
                .query_row(rusqlite::params_from_iter(args), |r| {
                    Ok((r.get::<_, i64>(0)?.unsigned_abs(), r.get::<_, i64>(1)?.unsigned_abs()))
                })?)
        })
    }

    /// The ids and minutes of the newest `cap` interruptions matching `filter` (page aside),
    /// newest first, and whether more matched. One pass over the search index and the time
    /// index serves a search's count, time spent and every page; it is kept until the database
    /// changes, so scrolling through the results reads nothing again.
    pub fn matching(&self, filter: &InterruptionFilter, cap: u32) -> Result<Matches> {
        let (conditions, args) = where_clause(filter, |w| self.rare_enough_for_index(w))?;
        let key = format!("matching|{conditions}|{args:?}|{cap}");
        self.cached(&self.matches_cache, key, || {
            let sql = format!(
                "SELECT id, minutes FROM interruptions WHERE {conditions} {NEWEST_FIRST} LIMIT {}",
                u64::from(cap) + 1
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?))
            })?;
            let mut ids = rows.collect::<rusqlite::Result<Vec<_>>>()?;
            let more = ids.len() > cap as usize;
            ids.truncate(cap as usize);
            Ok(std::sync::Arc::new((ids, more)))
        })
    }

    /// The interruptions with these ids, in the order given (missing ones are left out).
    pub fn interruptions_by_ids(&self, ids: &[i64]) -> Result<Vec<Interruption>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM interruptions WHERE id = ?1"))?;
        let mut items = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt.query_row([id], from_row).optional()? {
                items.push(row?);
            }
        }
        self.mark_during_focus(&mut items)?;
        Ok(items)
    }

    /// Whether a search for `word` over all time is faster through the trigram index than by
    /// scanning the time index newest first: when at most one row in ten can hold it. Each of
    /// its trigrams' document count (from `interruptions_text_vocab`) bounds how many rows
    /// hold the word; the highest id stands for the number of rows.
    fn rare_enough_for_index(&self, word: &str) -> bool {
        let chars: Vec<char> = word.to_lowercase().chars().collect();
        let trigrams: Vec<String> = chars.windows(3).map(|w| w.iter().collect()).collect();
        let estimate = || -> Result<(i64, i64)> {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT doc FROM interruptions_text_vocab WHERE term = ?1")?;
            let mut fewest = i64::MAX;
            for t in &trigrams {
                let docs: i64 = stmt.query_row([t], |r| r.get(0)).optional()?.unwrap_or(0);
                fewest = fewest.min(docs);
            }
            let rows: i64 =
                self.conn.query_row("SELECT coalesce(max(id), 0) FROM interruptions", [], |r| {
                    r.get(0)
                })?;
            Ok((fewest, rows))
        };
        // Unsure (an error reading the counts): the index is never wrong, only slower.
        estimate().map_or(true, |(docs, rows)| docs.saturating_mul(10) <= rows)
    }

    /// Sets markers along `filter`'s list, walking at most about `rows` rows, so that a page
    /// anywhere in it is found quickly; returns whether more are to set. Only the list shown
    /// last is marked (a caller still marking an older one is told there is nothing more to
    /// do), and a change to the database clears them. A search is never marked: its pages come
    /// from its matches (see [`Store::matching`]).
    ///
    /// Without markers a page deep in a long list costs a walk over every row before it (about
    /// 28 ms for the oldest page of a million fires); with them, over at most `MARK_EVERY`.
    pub fn mark_list(&self, filter: &InterruptionFilter, rows: u64) -> Result<bool> {
        if non_blank(&filter.text).is_some() {
            return Ok(false);
        }
        let (conditions, args) = where_clause(filter, |_| false)?;
        let state = self.db_state()?;
        let mut cache = self.markers.borrow_mut();
        let Some(marks) = cache.as_mut().filter(|m| m.key == marker_key(&conditions, &args)) else {
            return Ok(false); // another list was shown since
        };
        if marks.state != state {
            marks.state = state;
            marks.value = Markers::default();
        }
        let goal = marks
            .value
            .at
            .len()
            .saturating_add(usize::try_from(rows / MARK_EVERY).unwrap_or(usize::MAX).max(1));
        self.mark_until(&conditions, &args, &mut marks.value, goal)?;
        Ok(!marks.value.complete)
    }

    /// The marker nearest before position `offset` of the list (its position and row), after
    /// setting the ones missing up to it. Listing a page of a filter (a `limit`: a screen's
    /// list, not a day's or a week's figures) makes it the one marked.
    fn marker_before(
        &self,
        filter: &InterruptionFilter,
        conditions: &str,
        args: &[Value],
        offset: u64,
    ) -> Result<Option<(u64, (i64, i64))>> {
        if non_blank(&filter.text).is_some() || filter.limit.is_none() {
            return Ok(None);
        }
        let key = marker_key(conditions, args);
        let state = self.db_state()?;
        let mut cache = self.markers.borrow_mut();
        let marks = match cache.as_mut() {
            Some(m) if m.key == key && m.state == state => m,
            _ => cache.insert(Cached { key, state, value: Markers::default() }),
        };
        // The walk to this page sets the markers on its way, for the next page.
        let wanted = usize::try_from(offset / MARK_EVERY).unwrap_or(usize::MAX);
        self.mark_until(conditions, args, &mut marks.value, wanted)?;
        let n = marks.value.at.len().min(wanted);
        Ok(n.checked_sub(1).map(|i| (n as u64 * MARK_EVERY, marks.value.at[i])))
    }

    /// Sets markers after the last one until there are `goal` or the list ends.
    fn mark_until(
        &self,
        conditions: &str,
        args: &[Value],
        marks: &mut Markers,
        goal: usize,
    ) -> Result<()> {
        while marks.at.len() < goal && !marks.complete {
            match self.next_marker(conditions, args, marks.at.last().copied())? {
                Some(key) => marks.at.push(key),
                None => marks.complete = true,
            }
        }
        Ok(())
    }

    /// The row `MARK_EVERY` rows after `after` (or from the top), if the list is that long.
    fn next_marker(
        &self,
        conditions: &str,
        args: &[Value],
        after: Option<(i64, i64)>,
    ) -> Result<Option<(i64, i64)>> {
        let mut args = args.to_vec();
        let (from, skip) = match after {
            Some((time, id)) => {
                args.extend([Value::from(time), Value::from(id)]);
                (" AND (occurred_at, id) < (?, ?)", MARK_EVERY - 1)
            }
            None => ("", MARK_EVERY),
        };
        let sql = format!(
            "SELECT occurred_at, id FROM interruptions WHERE {conditions}{from} \
             {NEWEST_FIRST} LIMIT 1 OFFSET {skip}"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// What the database is at: a commit by this connection changes total_changes, one by any
    /// other data_version.
    fn db_state(&self) -> Result<(i64, u64)> {
        Ok((
            self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?,
            self.conn.total_changes(),
        ))
    }

    /// `compute`'s value for `key`, from `cache` when nothing was committed since.
    fn cached<T: Clone>(
        &self,
        cache: &std::cell::RefCell<Option<Cached<T>>>,
        key: String,
        compute: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let state = self.db_state()?;
        if let Some(hit) = &*cache.borrow() {
            if hit.key == key && hit.state == state {
                return Ok(hit.value.clone());
            }
        }
        let value = compute()?;
        *cache.borrow_mut() = Some(Cached { key, state, value: value.clone() });
        Ok(value)
    }

    /// Changes some fields of an interruption; the result is validated like a new one.
    pub fn update_interruption(
        &self,
        id: i64,
        patch: InterruptionPatch,
        now: DateTime<Utc>,
    ) -> Result<Interruption> {
        self.write(|| {
            let current = self.interruption(id)?;
            if patch.is_empty() {
                return Ok(current);
            }
            let fields = patch.apply(current.fields).validated()?;
            let changed = RowValues {
                id: Some(id),
                fields: &fields,
                created_at: current.created_at,
                updated_at: now,
            }
            .execute(&mut *self.conn.prepare_cached(UPDATE)?)?;
            if changed == 0 {
                return Err(Error::NotFound { what: "interruption", id });
            }
            self.interruption(id)
        })
    }

    /// Deletes an interruption and returns it as it was, so the caller can offer undo.
    pub fn delete_interruption(&self, id: i64) -> Result<Interruption> {
        self.write(|| {
            let old = self.interruption(id)?;
            self.conn.execute("DELETE FROM interruptions WHERE id = ?1", [id])?;
            Ok(old)
        })
    }

    /// Sources, categories and delegates used since `since`, most used first (at most 50 each;
    /// names differing only in case count as one, shown as first seen).
    pub fn recent_names(&self, since: DateTime<Utc>) -> Result<RecentNames> {
        // One pass over the time index; the counting happens here rather than in three GROUP BYs.
        let mut stmt = self.conn.prepare_cached(
            "SELECT source, category, CASE WHEN outcome = 'delegated' THEN outcome_target END \
             FROM interruptions WHERE occurred_at >= ?1",
        )?;
        let mut tallies: [NameTally; 3] = Default::default();
        let mut rows = stmt.query([since.timestamp()])?;
        while let Some(row) = rows.next()? {
            for (k, tally) in tallies.iter_mut().enumerate() {
                if let Some(name) =
                    row.get_ref(k)?.as_str_or_null().map_err(rusqlite::Error::from)?
                {
                    tally.add(name);
                }
            }
        }
        let [sources, categories, delegates] = tallies.map(NameTally::ranked);
        Ok(RecentNames { sources, categories, delegates })
    }

    /// Count, minutes and delegated-or-declined count of the interruptions in `span`, summed by
    /// SQLite over the time index (the trend asks this for many weeks).
    pub fn interruption_totals(&self, span: Span) -> Result<(u32, i64, u32)> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(minutes), 0), \
                 coalesce(sum(outcome IN ('delegated', 'declined')), 0) \
                 FROM interruptions WHERE occurred_at >= ?1 AND occurred_at < ?2",
            )?
            .query_row([span.start.timestamp(), span.end.timestamp()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?)
    }

    /// How many interruptions are stored in all.
    pub fn count_interruptions(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT fires FROM interruption_totals", [], |r| r.get(0))?)
    }

    /// Stores many interruptions in one transaction (imports, benchmarks).
    pub fn log_interruptions_bulk(
        &self,
        rows: impl IntoIterator<Item = NewInterruption>,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        self.write(|| {
            let mut n = 0;
            {
                let mut stmt = self.conn.prepare_cached(INSERT)?;
                for new in rows {
                    insert(&mut stmt, new, now)?;
                    n += 1;
                }
            }
            Ok(n)
        })
    }
}

/// A search's matches: ids and minutes, newest first, and whether more matched than kept.
pub type Matches = std::sync::Arc<(Vec<(i64, u32)>, bool)>;

/// The order of every list: newest first.
const NEWEST_FIRST: &str = "ORDER BY occurred_at DESC, id DESC";

/// A marker is set every this many rows of a long list.
const MARK_EVERY: u64 = 4096;

/// Markers along one list (see [`Store::mark_list`]): `at[k]` is the time and id of row
/// `(k + 1) * MARK_EVERY`; `complete` once the list has no row past the last.
#[derive(Debug, Default)]
pub(super) struct Markers {
    at: Vec<(i64, i64)>,
    complete: bool,
}

pub(super) type MarkerCache = std::cell::RefCell<Option<Cached<Markers>>>;

fn marker_key(conditions: &str, args: &[Value]) -> String {
    format!("{conditions}|{args:?}")
}

/// A value read for a query (`key`), and the database state it was read at.
#[derive(Debug)]
pub(super) struct Cached<T> {
    key: String,
    state: (i64, u64),
    value: T,
}

/// Counts names case-insensitively, remembering the first spelling seen.
#[derive(Debug, Default)]
struct NameTally(std::collections::HashMap<String, (String, u64)>);

impl NameTally {
    fn add(&mut self, name: &str) {
        let entry = self.0.entry(name.to_lowercase()).or_insert_with(|| (name.to_string(), 0));
        entry.1 += 1;
    }

    /// Most used first, then alphabetically; at most 50.
    fn ranked(self) -> Vec<String> {
        let mut all: Vec<(String, u64)> = self.0.into_values().collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.into_iter().take(50).map(|(name, _)| name).collect()
    }
}

/// The SQL conditions (and their arguments) that select what `filter` asks for, page aside.
/// Text is matched word by word, anywhere in the note, source, category or delegate/batch,
/// ignoring case. Over all time a word goes through the trigram index (`interruptions_text`)
/// when `indexed` says it is rare enough; within a span (a day, a week: a few thousand rows at
/// most), and for a common word, whose newest matches a scan of the time index finds soon, the
/// rows are scanned.
fn where_clause(
    filter: &InterruptionFilter,
    indexed: impl Fn(&str) -> bool,
) -> Result<(String, Vec<Value>)> {
    let mut sql = String::from("1=1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(span) = filter.span {
        sql.push_str(" AND occurred_at >= ? AND occurred_at < ?");
        args.push(span.start.timestamp().into());
        args.push(span.end.timestamp().into());
    }
    if let Some(source) = non_blank(&filter.source) {
        sql.push_str(" AND source = ? COLLATE NOCASE");
        args.push(source.into());
    }
    if let Some(category) = non_blank(&filter.category) {
        sql.push_str(" AND category = ? COLLATE NOCASE");
        args.push(category.into());
    }
    if let Some(channel) = filter.channel {
        sql.push_str(" AND channel = ?");
        args.push(channel.as_str().to_string().into());
    }
    if let Some(outcome) = non_blank(&filter.outcome) {
        let kind = Outcome::from_parts(&outcome, Some("-".into()))?.kind();
        sql.push_str(" AND outcome = ?");
        args.push(kind.to_string().into());
    }
    if let Some(text) = non_blank(&filter.text) {
        for word in text.split_whitespace() {
            if filter.span.is_none() && word.chars().count() >= 3 && indexed(word) {
                // One FTS5 phrase: the word's characters in order, quotes doubled.
                sql.push_str(
                    " AND id IN (SELECT rowid FROM interruptions_text \
                     WHERE interruptions_text MATCH ?)",
                );
                args.push(format!("\"{}\"", word.replace('"', "\"\"")).into());
            } else {
                sql.push_str(
                    " AND (note LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\' \
                     OR category LIKE ? ESCAPE '\\' OR outcome_target LIKE ? ESCAPE '\\')",
                );
                let pattern = format!("%{}%", escape_like(word));
                args.extend(std::iter::repeat_n(Value::from(pattern), 4));
            }
        }
    }
    Ok((sql, args))
}

fn non_blank(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Interruption>> {
    let channel: String = r.get(3)?;
    let urgency: String = r.get(5)?;
    let outcome: String = r.get(7)?;
    let target: Option<String> = r.get(8)?;
    let decoded = (|| -> Result<Interruption> {
        Ok(Interruption {
            id: r.get(0)?,
            fields: NewInterruption {
                occurred_at: instant(r.get(1)?)?,
                source: r.get(2)?,
                channel: channel.parse()?,
                category: r.get(4)?,
                urgency: urgency.parse::<Urgency>()?,
                minutes: r.get(6)?,
                outcome: Outcome::from_parts(&outcome, target)?,
                note: r.get(9)?,
            },
            created_at: instant(r.get(10)?)?,
            updated_at: instant(r.get(11)?)?,
            during_focus: false,
        })
    })();
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::quicklog::parse_new;
    use crate::time::IsoWeek;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn log(store: &Store, line: &str, at: &str) -> Interruption {
        let now = t(at);
        store.log_interruption(parse_new(line, now, chrono_tz::UTC).unwrap(), now).unwrap()
    }

    fn notes(list: &[Interruption]) -> Vec<&str> {
        list.iter().map(|i| i.fields.note.as_str()).collect()
    }

    #[test]
    fn logged_interruptions_read_back_exactly() {
        let store = Store::open_in_memory().unwrap();
        let i =
            log(&store, "@Sam #vendor slack 15m >Priya invoices failing", "2026-11-25T10:00:00Z");
        assert_eq!(store.interruption(i.id).unwrap(), i);
        assert_eq!(i.fields.source.as_deref(), Some("Sam"));
        assert_eq!(i.fields.outcome, Outcome::Delegated { to: "Priya".into() });
        assert_eq!(i.created_at, t("2026-11-25T10:00:00Z"));
        assert_eq!(store.count_interruptions().unwrap(), 1);
    }

    #[test]
    fn invalid_rows_are_refused_before_sql() {
        let store = Store::open_in_memory().unwrap();
        let mut n = NewInterruption::at(t("2026-11-25T10:00:00Z"));
        n.minutes = 5000;
        let e = store.log_interruption(n, t("2026-11-25T10:00:00Z")).unwrap_err();
        assert_eq!(e.field(), Some("minutes"));
        assert_eq!(store.count_interruptions().unwrap(), 0);
    }

    #[test]
    fn list_filters_by_week_fields_and_text() {
        let store = Store::open_in_memory().unwrap();
        log(&store, "@Sam #vendor slack 15m >Priya invoices failing", "2026-11-23T09:00:00Z");
        log(&store, "@Ana #people call 30m 1:1 ran over", "2026-11-24T09:00:00Z");
        log(&store, "@sam email 5m ~Email 100% refund_request", "2026-11-25T09:00:00Z");
        log(&store, "@Ops alert 45m =declined pager noise", "2026-11-30T09:00:00Z"); // next week

        let week = "2026-W48".parse::<IsoWeek>().unwrap().span(chrono_tz::UTC);
        let in_week = InterruptionFilter { span: Some(week), ..Default::default() };
        let all = store.list_interruptions(&in_week).unwrap();
        assert_eq!(notes(&all), ["100% refund_request", "1:1 ran over", "invoices failing"]);

        let by = |f: InterruptionFilter| notes(&store.list_interruptions(&f).unwrap()).join("|");
        assert_eq!(
            by(InterruptionFilter { source: Some("SAM".into()), ..in_week.clone() }),
            "100% refund_request|invoices failing"
        );
        assert_eq!(
            by(InterruptionFilter { category: Some("People".into()), ..in_week.clone() }),
            "1:1 ran over"
        );
        assert_eq!(
            by(InterruptionFilter { channel: Some(Channel::Call), ..in_week.clone() }),
            "1:1 ran over"
        );
        assert_eq!(
            by(InterruptionFilter { outcome: Some("delegated".into()), ..in_week.clone() }),
            "invoices failing"
        );
        assert_eq!(
            by(InterruptionFilter { outcome: Some("declined".into()), ..Default::default() }),
            "pager noise"
        );
        assert_eq!(
            by(InterruptionFilter { text: Some("INVOICES".into()), ..in_week.clone() }),
            "invoices failing"
        );
        assert_eq!(
            by(InterruptionFilter { text: Some("priya".into()), ..in_week.clone() }),
            "invoices failing",
            "delegate is searched"
        );
        assert_eq!(
            by(InterruptionFilter { text: Some("ran 1:1".into()), ..in_week.clone() }),
            "1:1 ran over",
            "all words, any order"
        );
        // LIKE wildcards in the search are literal.
        assert_eq!(
            by(InterruptionFilter { text: Some("100%".into()), ..in_week.clone() }),
            "100% refund_request"
        );
        assert_eq!(
            by(InterruptionFilter { text: Some("%".into()), ..in_week.clone() }),
            "100% refund_request"
        );
        assert_eq!(by(InterruptionFilter { text: Some("refun_".into()), ..in_week.clone() }), "");
        assert_eq!(by(InterruptionFilter { limit: Some(1), ..Default::default() }), "pager noise");
        let e = store
            .list_interruptions(&InterruptionFilter {
                outcome: Some("ignored".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(e.field(), Some("outcome"));
    }

    #[test]
    fn search_index_follows_every_edit_and_delete_and_takes_any_text() {
        let store = Store::open_in_memory().unwrap();
        // Other fires, so the words searched for are rare and go through the index.
        let at = t("2026-11-01T09:00:00Z");
        let filler =
            (0..100).map(|_| NewInterruption { note: "zzz".into(), ..NewInterruption::at(at) });
        store.log_interruptions_bulk(filler, at).unwrap();
        let a = log(&store, "@Sam slack 15m invoices failing", "2026-11-23T09:00:00Z");
        let b = log(&store, "@Zoë call 10m Überweisung \"quoted\" OR NOT", "2026-11-24T09:00:00Z");
        let by = |text: &str| {
            let f = InterruptionFilter { text: Some(text.into()), ..Default::default() };
            notes(&store.list_interruptions(&f).unwrap()).join("|")
        };
        assert_eq!(by("voic"), "invoices failing", "any run of characters, mid-word");
        assert_eq!(by("überw"), "Überweisung \"quoted\" OR NOT", "case folds beyond ASCII");
        assert_eq!(by("\"quoted\""), "Überweisung \"quoted\" OR NOT", "quotes are text");
        for syntax in ["OR", "NOT", "AND", "*", "\"", "NEAR(a b)", "col:x", "^^^", "a\"b\"c"] {
            // Search syntax is text to find, never an error.
            let f = InterruptionFilter { text: Some(syntax.into()), ..Default::default() };
            store.list_interruptions(&f).unwrap();
        }
        let patch = InterruptionPatch { note: Some("refund request".into()), ..Default::default() };
        store.update_interruption(a.id, patch, t("2026-11-25T09:00:00Z")).unwrap();
        assert_eq!(by("invoices"), "", "the old text is gone from the index");
        assert_eq!(by("refund"), "refund request");
        assert_eq!(by("sam refund"), "refund request");
        store.delete_interruption(a.id).unwrap();
        assert_eq!(by("refund"), "");
        store.restore_interruption(&store_clone_of(&b, a.id, "refund again")).unwrap();
        assert_eq!(by("refund"), "refund again", "a restored row is found again");
        assert!(store.rare_enough_for_index("refund"), "these went through the index");
        assert!(!store.rare_enough_for_index("zzz"), "in every row: a scan finds it sooner");
        assert_eq!(
            store
                .list_interruptions(&InterruptionFilter {
                    text: Some("ZZ".into()),
                    limit: Some(3),
                    ..Default::default()
                })
                .unwrap()
                .len(),
            3,
            "a common word, by a scan"
        );
    }

    fn store_clone_of(i: &Interruption, id: i64, note: &str) -> Interruption {
        let mut copy = i.clone();
        copy.id = id;
        copy.fields.note = note.into();
        copy
    }

    #[test]
    fn pages_and_summary_cover_the_whole_filtered_list() {
        let store = Store::open_in_memory().unwrap();
        for day in 1..=9 {
            log(&store, &format!("slack {day}m fire {day}"), &format!("2026-11-0{day}T09:00:00Z"));
        }
        let page = |offset, limit| {
            let f = InterruptionFilter { offset, limit, ..Default::default() };
            notes(&store.list_interruptions(&f).unwrap()).join("|")
        };
        assert_eq!(page(Some(0), Some(2)), "fire 9|fire 8");
        assert_eq!(page(Some(7), Some(5)), "fire 2|fire 1");
        assert_eq!(page(Some(3), None), "fire 6|fire 5|fire 4|fire 3|fire 2|fire 1");
        assert_eq!(page(Some(20), Some(5)), "");
        let f =
            InterruptionFilter { text: Some("fire".into()), limit: Some(1), ..Default::default() };
        assert_eq!(store.interruption_summary(&f).unwrap(), (9, 45), "the page is ignored");
        let matched = store.matching(&f, 2).unwrap();
        assert_eq!(*matched, (vec![(9, 9), (8, 8)], true), "the newest two, and more");
        assert_eq!(
            *store.matching(&f, 9).unwrap(),
            (((1..=9).rev().map(|n| (n, n as u32)).collect::<Vec<_>>()), false)
        );
        let f = InterruptionFilter { text: Some("fire 7".into()), ..Default::default() };
        assert_eq!(store.interruption_summary(&f).unwrap(), (1, 7));
        let ids = store.interruptions_by_ids(&[7, 99, 2]).unwrap();
        assert_eq!(notes(&ids), ["fire 7", "fire 2"], "in the order asked, missing left out");
    }

    /// Pages deep in long lists, read through markers, against the whole list read in one go.
    #[test]
    fn a_page_anywhere_in_a_long_list_is_the_same_with_markers_and_after_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        let (here, elsewhere) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
        let base = t("2026-01-01T00:00:00Z");
        // Ids out of time order and many fires sharing a second, so the order's tie-break
        // (the id) matters at the markers.
        let fire = |n: i64| {
            let mut f = NewInterruption::at(base + Duration::seconds(n * 7919 % 3001));
            f.channel = if n % 3 == 0 { Channel::Slack } else { Channel::Email };
            f.note = format!("n{n}");
            f
        };
        here.log_interruptions_bulk((0..12_500).map(fire), base).unwrap();
        let ids = |items: Vec<Interruption>| items.iter().map(|i| i.id).collect::<Vec<_>>();
        let check = |store: &Store, filter: &InterruptionFilter, what: &str| {
            let whole = ids(store.list_interruptions(filter).unwrap());
            // Listing the first page makes this the list marked.
            let first = InterruptionFilter { limit: Some(5), ..filter.clone() };
            assert_eq!(ids(store.list_interruptions(&first).unwrap()), whole[..5], "{what}");
            let mut offsets = vec![1, 4095, 4096, 4097, 8191, 8192, 8193, 9000, 12_287, 12_288];
            offsets.extend([whole.len() - 1, whole.len(), whole.len() + 5000]);
            // Far first (markers set on the way), then back and around.
            for offset in offsets.iter().rev().chain(&offsets) {
                let page = InterruptionFilter {
                    offset: Some(*offset as u32),
                    limit: Some(7),
                    ..filter.clone()
                };
                let want = &whole[(*offset).min(whole.len())..(*offset + 7).min(whole.len())];
                assert_eq!(
                    ids(store.list_interruptions(&page).unwrap()),
                    want,
                    "{what} at {offset}"
                );
            }
        };
        let all = InterruptionFilter::default();
        let slack = InterruptionFilter { channel: Some(Channel::Slack), ..Default::default() };
        check(&here, &all, "all");
        check(&here, &slack, "one channel");

        // Marked in slices, in the background: only the list shown last.
        let first = |f: &InterruptionFilter| InterruptionFilter { limit: Some(5), ..f.clone() };
        let email = InterruptionFilter { channel: Some(Channel::Email), ..Default::default() };
        here.list_interruptions(&first(&email)).unwrap();
        assert!(here.mark_list(&email, 4096).unwrap(), "more to mark after one slice");
        assert!(!here.mark_list(&all, 4096).unwrap(), "not the list shown: nothing to do");
        while here.mark_list(&email, 4096).unwrap() {}
        assert!(!here
            .mark_list(&InterruptionFilter { text: Some("n1".into()), ..first(&slack) }, 4096)
            .unwrap());
        check(&here, &slack, "one channel, marked beforehand");

        // A new fire at the top, a backdated one at the bottom, one moved, one deleted: here
        // and by another connection; every marker after them has moved.
        here.list_interruptions(&first(&all)).unwrap();
        while here.mark_list(&all, u64::MAX).unwrap() {}
        here.log_interruption(fire(20_000), base).unwrap();
        check(&here, &all, "after a write here");
        while here.mark_list(&all, u64::MAX).unwrap() {}
        let mut old = fire(1);
        old.occurred_at = base - Duration::days(1);
        elsewhere.log_interruption(old, base).unwrap();
        let patch =
            InterruptionPatch { occurred_at: Some(base + Duration::days(1)), ..Default::default() };
        elsewhere.update_interruption(5000, patch, base).unwrap();
        elsewhere.delete_interruption(7000).unwrap();
        check(&here, &all, "after writes elsewhere");
        check(&here, &slack, "one channel, after writes elsewhere");
    }

    #[test]
    fn a_counted_summary_is_never_stale_after_a_write_here_or_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        let (here, elsewhere) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
        let all = InterruptionFilter::default();
        log(&here, "slack 10m one", "2026-11-23T09:00:00Z");
        assert_eq!(here.interruption_summary(&all).unwrap(), (1, 10));
        assert_eq!(here.interruption_summary(&all).unwrap(), (1, 10), "read again");
        log(&here, "slack 5m two", "2026-11-23T10:00:00Z");
        assert_eq!(here.interruption_summary(&all).unwrap(), (2, 15), "own write");
        log(&elsewhere, "slack 1m three", "2026-11-23T11:00:00Z");
        assert_eq!(here.interruption_summary(&all).unwrap(), (3, 16), "another's write");
        let patch = InterruptionPatch { minutes: Some(20), ..Default::default() };
        elsewhere.update_interruption(3, patch, t("2026-11-23T12:00:00Z")).unwrap();
        assert_eq!(here.interruption_summary(&all).unwrap(), (3, 35), "another's edit");
        here.delete_interruption(1).unwrap();
        assert_eq!(here.interruption_summary(&all).unwrap(), (2, 25), "own delete");
    }

    #[test]
    fn update_validates_and_keeps_the_row_on_error() {
        let store = Store::open_in_memory().unwrap();
        let i = log(&store, "@Sam slack 15m invoices", "2026-11-25T10:00:00Z");
        let later = t("2026-11-25T11:00:00Z");
        let patch = InterruptionPatch {
            minutes: Some(25),
            outcome: Some(Outcome::Deferred { batch: Some("Email".into()) }),
            category: Some(Some("Vendor".into())),
            ..Default::default()
        };
        let u = store.update_interruption(i.id, patch, later).unwrap();
        assert_eq!(u.fields.minutes, 25);
        assert_eq!(u.fields.category.as_deref(), Some("vendor"));
        assert_eq!(u.fields.outcome.target(), Some("Email"));
        assert_eq!(u.fields.note, "invoices");
        assert_eq!(u.updated_at, later);
        assert_eq!(u.created_at, i.created_at);

        let bad = InterruptionPatch {
            minutes: Some(2000),
            note: Some("changed".into()),
            ..Default::default()
        };
        assert_eq!(
            store.update_interruption(i.id, bad, later).unwrap_err().field(),
            Some("minutes")
        );
        assert_eq!(store.interruption(i.id).unwrap(), u, "nothing changed");

        let clear = InterruptionPatch { source: Some(None), ..Default::default() };
        assert_eq!(store.update_interruption(i.id, clear, later).unwrap().fields.source, None);
        let e = store.update_interruption(
            999,
            InterruptionPatch { minutes: Some(1), ..Default::default() },
            later,
        );
        assert_eq!(e.unwrap_err().kind(), "not_found");
    }

    #[test]
    fn delete_then_restore_puts_back_the_same_row() {
        let store = Store::open_in_memory().unwrap();
        let a = log(&store, "@Sam slack 15m one", "2026-11-25T10:00:00Z");
        let b = log(&store, "@Ana call 5m two", "2026-11-25T10:05:00Z");
        let gone = store.delete_interruption(a.id).unwrap();
        assert_eq!(gone, a);
        assert_eq!(store.interruption(a.id).unwrap_err().kind(), "not_found");
        assert_eq!(store.delete_interruption(a.id).unwrap_err().kind(), "not_found");
        assert_eq!(store.restore_interruption(&gone).unwrap(), a);
        assert_eq!(store.restore_interruption(&b).unwrap_err().field(), Some("id"));
        assert_eq!(store.count_interruptions().unwrap(), 2);
    }

    #[test]
    fn recent_names_rank_by_use() {
        let store = Store::open_in_memory().unwrap();
        for line in ["@Sam #vendor >Priya", "@Sam #vendor", "@Ana #people >Priya", "@Bo >Raj"] {
            log(&store, line, "2026-11-25T10:00:00Z");
        }
        log(&store, "@Old #ancient", "2026-01-01T10:00:00Z");
        let names = store.recent_names(t("2026-11-25T10:00:00Z") - Duration::days(90)).unwrap();
        assert_eq!(names.sources, ["Sam", "Ana", "Bo"]);
        assert_eq!(names.categories, ["vendor", "people"]);
        assert_eq!(names.delegates, ["Priya", "Raj"]);
    }

    #[test]
    fn a_full_disk_refuses_the_write_and_keeps_what_was_acknowledged() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("full.sqlite3")).unwrap();
        let pages: i64 = store.conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
        // SQLite reports SQLITE_FULL once the file may not grow: the same path as a full disk.
        store.conn.pragma_update(None, "max_page_count", pages + 2).unwrap();
        let now = t("2026-11-25T10:00:00Z");
        let mut acknowledged = Vec::new();
        let error = loop {
            let mut n = NewInterruption::at(now);
            n.note = format!("{} {}", acknowledged.len(), "x".repeat(1500));
            match store.log_interruption(n, now) {
                Ok(i) => acknowledged.push(i),
                Err(e) => break e,
            }
            assert!(acknowledged.len() < 1000, "the file never filled up");
        };
        assert_eq!(error.kind(), "disk_full", "{error}");
        assert!(!acknowledged.is_empty());
        drop(store);
        let store = Store::open(&dir.path().join("full.sqlite3")).unwrap();
        for i in &acknowledged {
            assert_eq!(&store.interruption(i.id).unwrap(), i);
        }
        assert_eq!(store.count_interruptions().unwrap(), acknowledged.len() as i64);
    }

    #[test]
    fn two_writers_on_one_file_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.sqlite3");
        Store::open(&path).unwrap();
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let store = Store::open(&path).unwrap();
                    let now = t("2026-11-25T10:00:00Z");
                    (0..50)
                        .map(|k| {
                            let mut n = NewInterruption::at(now);
                            n.note = format!("writer {w} entry {k}");
                            store.log_interruption(n, now).unwrap().id
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let ids: Vec<i64> = writers.into_iter().flat_map(|h| h.join().unwrap()).collect();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.count_interruptions().unwrap(), 200);
        for id in ids {
            store.interruption(id).unwrap();
        }
    }
    /// All time's totals are kept by triggers; whatever happens to the log, they are what a
    /// count over the rows says (a fixed pseudo-random walk of logs, edits, deletes, undos and
    /// bulk imports).
    #[test]
    fn all_time_totals_follow_every_write() {
        let store = Store::open_in_memory().unwrap();
        let now = t("2026-11-25T10:00:00Z");
        let mut seed: u64 = 0x5eed;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let mut deleted: Vec<Interruption> = Vec::new();
        for step in 0..400 {
            let ids: Vec<i64> = store
                .conn
                .prepare("SELECT id FROM interruptions ORDER BY id")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let pick = |k: u64| ids[usize::try_from(k).unwrap() % ids.len()];
            match next(6) {
                0 | 1 => {
                    log(
                        &store,
                        &format!("slack {}m step {step}", next(240)),
                        "2026-11-25T10:00:00Z",
                    );
                }
                2 if !ids.is_empty() => {
                    let patch = InterruptionPatch {
                        minutes: Some(u32::try_from(next(1440)).unwrap()),
                        ..Default::default()
                    };
                    store.update_interruption(pick(next(1000)), patch, now).unwrap();
                }
                3 if !ids.is_empty() => {
                    deleted.push(store.delete_interruption(pick(next(1000))).unwrap());
                }
                4 if !deleted.is_empty() => {
                    let back =
                        deleted.swap_remove(usize::try_from(next(100)).unwrap() % deleted.len());
                    store.restore_interruption(&back).unwrap();
                }
                _ => {
                    let rows = (0..next(5)).map(|k| {
                        let mut n =
                            NewInterruption::at(now - Duration::days(i64::try_from(k).unwrap()));
                        n.minutes = u32::try_from(next(90)).unwrap();
                        n
                    });
                    store.log_interruptions_bulk(rows.collect::<Vec<_>>(), now).unwrap();
                }
            }
            let counted: (i64, i64) = store
                .conn
                .query_row(
                    "SELECT count(*), coalesce(sum(minutes), 0) FROM interruptions",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            let kept = store.interruption_summary(&InterruptionFilter::default()).unwrap();
            assert_eq!(
                kept,
                (counted.0.unsigned_abs(), counted.1.unsigned_abs()),
                "after step {step}"
            );
            assert_eq!(store.count_interruptions().unwrap(), counted.0);
        }
    }
}
