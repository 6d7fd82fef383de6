//! Queries on the `interruptions` table.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::{Error, Result};
use crate::interruption::{
    Channel, Interruption, InterruptionPatch, NewInterruption, Outcome, Urgency,
};
use crate::time::Span;

/// Which interruptions to list. Every field narrows the list; the default lists everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// Names used recently, for suggestions and filter menus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentNames {
    pub sources: Vec<String>,
    pub categories: Vec<String>,
    pub delegates: Vec<String>,
}

const INSERT: &str = "INSERT INTO interruptions (occurred_at, source, channel, category, \
    urgency, minutes, outcome, outcome_target, note, created_at, updated_at) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";

/// Validates `new` and runs the prepared [`INSERT`] for it.
fn insert(stmt: &mut rusqlite::CachedStatement<'_>, new: NewInterruption, now: DateTime<Utc>) -> Result<()> {
    let new = new.validated()?;
    stmt.execute(params![
        new.occurred_at.timestamp(),
        new.source,
        new.channel.as_str(),
        new.category,
        new.urgency.as_str(),
        new.minutes,
        new.outcome.kind(),
        new.outcome.target(),
        new.note,
        now.timestamp(),
    ])?;
    Ok(())
}

const COLUMNS: &str = "id, occurred_at, source, channel, category, urgency, minutes, outcome, \
                       outcome_target, note, created_at, updated_at";

impl Store {
    /// Validates and stores a new interruption; when this returns, it is durably on disk.
    pub fn log_interruption(&self, new: NewInterruption, now: DateTime<Utc>) -> Result<Interruption> {
        let mut stmt = self.conn.prepare_cached(INSERT)?;
        insert(&mut stmt, new, now)?;
        let id = self.conn.last_insert_rowid();
        self.interruption(id)
    }

    /// Puts back an interruption exactly as it was (same id), e.g. to undo a delete.
    pub fn restore_interruption(&self, old: &Interruption) -> Result<Interruption> {
        let f = old.fields.clone().validated()?;
        self.conn
            .prepare_cached(
                "INSERT INTO interruptions (id, occurred_at, source, channel, category, urgency, \
                 minutes, outcome, outcome_target, note, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                old.id,
                f.occurred_at.timestamp(),
                f.source,
                f.channel.as_str(),
                f.category,
                f.urgency.as_str(),
                f.minutes,
                f.outcome.kind(),
                f.outcome.target(),
                f.note,
                old.created_at.timestamp(),
                old.updated_at.timestamp(),
            ])
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => Error::invalid(
                    "id",
                    format!("interruption {} already exists; nothing to restore", old.id),
                ),
                _ => e.into(),
            })?;
        self.interruption(old.id)
    }

    /// One interruption by id.
    pub fn interruption(&self, id: i64) -> Result<Interruption> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM interruptions WHERE id = ?1"))?
            .query_row([id], from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "interruption", id })?
    }

    /// Interruptions matching `filter`, newest first.
    pub fn list_interruptions(&self, filter: &InterruptionFilter) -> Result<Vec<Interruption>> {
        let mut sql = format!("SELECT {COLUMNS} FROM interruptions WHERE 1=1");
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
                sql.push_str(
                    " AND (note LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\' \
                     OR category LIKE ? ESCAPE '\\' OR outcome_target LIKE ? ESCAPE '\\')",
                );
                let pattern = format!("%{}%", escape_like(word));
                args.extend(std::iter::repeat_n(Value::from(pattern), 4));
            }
        }
        sql.push_str(" ORDER BY occurred_at DESC, id DESC");
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), from_row)?;
        rows.map(|r| r?).collect()
    }

    /// Changes some fields of an interruption; the result is validated like a new one.
    pub fn update_interruption(
        &self,
        id: i64,
        patch: InterruptionPatch,
        now: DateTime<Utc>,
    ) -> Result<Interruption> {
        let current = self.interruption(id)?;
        if patch.is_empty() {
            return Ok(current);
        }
        let f = patch.apply(current.fields).validated()?;
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE interruptions SET occurred_at = ?2, source = ?3, channel = ?4, \
                 category = ?5, urgency = ?6, minutes = ?7, outcome = ?8, outcome_target = ?9, \
                 note = ?10, updated_at = ?11 WHERE id = ?1",
            )?
            .execute(params![
                id,
                f.occurred_at.timestamp(),
                f.source,
                f.channel.as_str(),
                f.category,
                f.urgency.as_str(),
                f.minutes,
                f.outcome.kind(),
                f.outcome.target(),
                f.note,
                now.timestamp(),
            ])?;
        if changed == 0 {
            return Err(Error::NotFound { what: "interruption", id });
        }
        self.interruption(id)
    }

    /// Deletes an interruption and returns it as it was, so the caller can offer undo.
    pub fn delete_interruption(&self, id: i64) -> Result<Interruption> {
        let tx = self.conn.unchecked_transaction()?;
        let old = self.interruption(id)?;
        tx.execute("DELETE FROM interruptions WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(old)
    }

    /// Sources, categories and delegates used since `since`, most used first.
    pub fn recent_names(&self, since: DateTime<Utc>) -> Result<RecentNames> {
        let names = |column: &str, extra: &str| -> Result<Vec<String>> {
            let sql = format!(
                "SELECT {column} FROM interruptions WHERE occurred_at >= ?1 \
                 AND {column} IS NOT NULL {extra} GROUP BY {column} COLLATE NOCASE \
                 ORDER BY count(*) DESC, {column} LIMIT 50"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([since.timestamp()], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(RecentNames {
            sources: names("source", "")?,
            categories: names("category", "")?,
            delegates: names("outcome_target", "AND outcome = 'delegated'")?,
        })
    }

    /// How many interruptions are stored in all.
    pub fn count_interruptions(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM interruptions", [], |r| r.get(0))?)
    }

    /// Stores many interruptions in one transaction (imports, benchmarks).
    pub fn log_interruptions_bulk(
        &self,
        rows: impl IntoIterator<Item = NewInterruption>,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let tx = self.conn.unchecked_transaction()?;
        let mut n = 0;
        {
            let mut stmt = tx.prepare_cached(INSERT)?;
            for new in rows {
                insert(&mut stmt, new, now)?;
                n += 1;
            }
        }
        tx.commit()?;
        Ok(n)
    }
}

fn non_blank(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn instant(secs: i64) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Integer,
            format!("{secs} is not a valid instant").into(),
        )
    })
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
        })
    })();
    Ok(decoded)
}
