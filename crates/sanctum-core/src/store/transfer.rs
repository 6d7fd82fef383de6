//! Your data is yours: a consistent backup of the SQLite file while the app runs (SQLite's
//! online backup API) and a restore that checks a candidate completely before it replaces
//! anything; a complete JSON export that imports back without duplicates; one CSV file per table.
//!
//! The tables exported are read from the schema itself, less [`NOT_EXPORTED`], so a table added
//! by a future migration is exported without anyone remembering to list it; a test holds every
//! exported column to an import rule ([`rule`]). Import checks every table, column and value
//! before it writes anything, and writes in one transaction.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::backup::Backup;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, MAIN_DB};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::{Error, Result};
use crate::time::{IsoWeek, MAX_YEAR, MIN_YEAR};

/// Tables that are not exported, and why.
pub const NOT_EXPORTED: &[(&str, &str)] = &[
    ("calendar_events", "a cache of what the calendars said; they are read again"),
    ("published_events", "this computer's journal of what it sent to a CalDAV calendar"),
];

/// Settings that belong to one database, not to the user: never exported or imported.
pub(crate) const LOCAL_SETTINGS: &[&str] = &[
    "install_id",
    // The desktop's do-not-disturb value to put back, a pause of reminders, whether the user was
    // told where the window went: this machine's state, not the user's data.
    "dnd_previous",
    "reminders_paused_until",
    "background_explained",
    // Where the window was, and whether the user was asked about starting at login.
    "window_geometry",
    "login_asked",
];

/// The largest id an import accepts: the largest integer JavaScript holds exactly (the app's
/// screens receive ids as numbers), far from the end SQLite's AUTOINCREMENT would hit.
pub const MAX_ID: i64 = (1 << 53) - 1;

/// Columns that identify a row across databases (ids are local): an imported row whose key is
/// already present is skipped, so importing twice adds nothing.
fn natural_key(table: &str) -> &'static [&'static str] {
    match table {
        "settings" => &["key"],
        "interruptions" => &["occurred_at", "source", "channel", "minutes", "note", "created_at"],
        "focus_blocks" => {
            &["title", "start_time", "end_time", "timezone", "active_from", "created_at"]
        }
        "occurrences" => &["block_id", "date"],
        "priorities" => &["week", "title", "created_at"],
        "batches" => &["name"],
        "tasks" => &["title", "created_at"],
        "wins" => &["date", "title", "created_at"],
        "reviews" => &["week"],
        "calendars" => &["kind", "location", "username"],
        _ => &[],
    }
}

/// What an imported value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// A row id, 1 to [`MAX_ID`].
    Id,
    /// The id of a row of that table (checked by the foreign key when it is written).
    Ref(&'static str),
    /// Unix seconds from [`MIN_YEAR`] to [`MAX_YEAR`].
    Instant,
    /// `YYYY-MM-DD`.
    Date,
    /// `2026-W48`.
    Week,
    /// `HH:MM`.
    Clock,
    /// An IANA zone.
    Zone,
    /// One line of user text, at most this many characters.
    Line(usize),
    Int(i64, i64),
    Choice(&'static [&'static str]),
    Bool,
    /// A setting's value: checked with its key, as `sanctum config` checks it.
    Setting,
}

/// The rule for each exported column. A column without one cannot be imported (a test checks
/// that every column of every exported table has one).
fn rule(table: &str, column: &str) -> Option<Rule> {
    use Rule::*;
    const NAME: usize = crate::interruption::MAX_NAME_CHARS;
    const TITLE: usize = crate::planning::MAX_TITLE_CHARS;
    Some(match (table, column) {
        (_, "id") => Id,
        (_, "created_at" | "updated_at") => Instant,
        ("settings", "key") => Line(64),
        ("settings", "value") => Setting,
        ("interruptions", "occurred_at") => Instant,
        ("interruptions", "source" | "category" | "outcome_target") => Line(NAME),
        ("interruptions", "channel") => {
            Choice(&["slack", "email", "call", "in-person", "meeting", "alert", "other"])
        }
        ("interruptions", "urgency") => Choice(&["low", "normal", "high", "critical"]),
        ("interruptions", "minutes") => Int(0, 1440),
        ("interruptions", "outcome") => Choice(&["handled", "delegated", "deferred", "declined"]),
        ("interruptions", "note") => Line(crate::interruption::MAX_NOTE_CHARS),
        ("focus_blocks", "title") => Line(crate::focus::MAX_TITLE_CHARS),
        ("focus_blocks", "intention") => Line(crate::focus::MAX_INTENTION_CHARS),
        ("focus_blocks", "repeat") => Choice(&["weekly", "once"]),
        ("focus_blocks", "days") | ("batches", "slot_days") => Int(0, 127),
        ("focus_blocks", "start_time" | "end_time") => Clock,
        ("batches", "slot_start" | "slot_end") => Clock,
        ("focus_blocks", "timezone") | ("batches", "slot_zone") => Zone,
        ("focus_blocks", "active_from" | "active_until") => Date,
        ("focus_blocks", "paused") => Bool,
        ("occurrences", "block_id") => Ref("focus_blocks"),
        ("occurrences", "date") | ("wins", "date") => Date,
        ("occurrences", "moved_start" | "moved_end" | "answered_at") => Instant,
        ("occurrences", "outcome") => Choice(&["kept", "shortened", "broken"]),
        ("occurrences", "minutes_lost") => Int(0, 1440),
        ("occurrences", "reason") => Line(200),
        ("priorities", "week") | ("reviews", "week") => Week,
        ("priorities", "rank") => Int(1, 10_000),
        ("priorities", "title") | ("tasks", "title") | ("wins", "title") => Line(TITLE),
        ("priorities", "status") => Choice(&["open", "done", "partly", "dropped"]),
        ("priorities", "outcome") | ("wins", "impact") => Line(TITLE),
        ("priorities", "carried_from") => Ref("priorities"),
        ("batches", "name") => Line(TITLE),
        ("tasks", "batch_id") => Ref("batches"),
        ("tasks" | "wins", "priority_id") => Ref("priorities"),
        ("tasks", "estimate_minutes") => Int(0, 1440),
        ("tasks", "done_at") => Instant,
        ("tasks", "ownership") => Choice(&["mine", "delegated", "declined"]),
        ("tasks", "owner") => Line(NAME),
        ("tasks", "interruption_id") => Ref("interruptions"),
        ("reviews", "next_change") => Line(TITLE),
        ("reviews", "reviewed_at") => Instant,
        ("calendars", "name") => Line(crate::calendar::MAX_NAME_CHARS),
        ("calendars", "kind") => Choice(&["file", "url", "caldav"]),
        ("calendars", "location") => Line(2000),
        ("calendars", "username") => Line(NAME),
        ("calendars", "read_busy" | "publish") => Bool,
        ("calendars", "refreshed_at") => Instant,
        ("calendars", "last_error") => Line(2000),
        _ => return None,
    })
}

/// A complete export: every row of every table, column by column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub schema_version: i64,
    pub exported_at: DateTime<Utc>,
    pub tables: Vec<TableRows>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRows {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// What an import did, per table: rows added and rows already there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub tables: Vec<(String, usize, usize)>,
}

/// What a restore did: where the database that was replaced is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RestoreReport {
    pub previous: PathBuf,
}

const EXPORT_FORMAT: &str = "sanctum-export";

fn to_json(v: Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => i.into(),
        Value::Real(f) => f.into(),
        Value::Text(t) => t.into(),
        Value::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect::<String>().into(),
    }
}

/// A name from the schema, quoted for SQL.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The user tables of a database, in creation order.
fn schema_tables(conn: &Connection) -> Result<Vec<String>> {
    // Ordinary tables only: a search index (a virtual table and its shadow tables) and all
    // time's totals are derived from them and kept by their triggers.
    let mut stmt = conn.prepare(
        "SELECT m.name FROM sqlite_master m \
         JOIN pragma_table_list t ON t.schema = 'main' AND t.name = m.name AND t.type = 'table' \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
         AND m.name <> 'interruption_totals' ORDER BY m.rowid",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// A table's columns: name and whether it may be NULL.
fn table_columns(conn: &Connection, table: &str) -> Result<Vec<(String, bool)>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", quoted(table)))?;
    let cols = stmt
        .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(3)? == 0)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(cols)
}

/// The tables a table's foreign keys point at.
fn parents(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list({})", quoted(table)))?;
    let names = stmt.query_map([], |r| r.get(2))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// One entry of `sqlite_master`: type, name, table, SQL.
type SchemaEntry = (String, String, String, Option<String>);

/// Everything a database holds, to compare schemas.
fn schema_of(conn: &Connection) -> Result<Vec<SchemaEntry>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' \
         ORDER BY type, name",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A JSON value checked against its column's rule, as the value to store.
fn checked(
    rule: Rule,
    nullable: bool,
    v: &serde_json::Value,
) -> std::result::Result<Value, String> {
    use serde_json::Value as J;
    if v.is_null() {
        return if nullable { Ok(Value::Null) } else { Err("is empty but is required".into()) };
    }
    let int = |lo: i64, hi: i64| match v.as_i64() {
        Some(n) if (lo..=hi).contains(&n) => Ok(Value::Integer(n)),
        Some(n) => Err(format!("{n} is out of range ({lo} to {hi})")),
        None => Err(format!("{v} is not a whole number")),
    };
    let text = || v.as_str().ok_or_else(|| format!("{v} is not text"));
    match rule {
        Rule::Id | Rule::Ref(_) => int(1, MAX_ID),
        Rule::Instant => {
            let lo = NaiveDate::from_ymd_opt(MIN_YEAR, 1, 1)
                .map_or(0, |d| d.and_time(NaiveTime::MIN).and_utc().timestamp());
            let hi = NaiveDate::from_ymd_opt(MAX_YEAR, 12, 31)
                .map_or(0, |d| d.and_time(NaiveTime::MIN).and_utc().timestamp());
            int(lo, hi).map_err(|_| {
                format!("{v} is not an instant (Unix seconds from {MIN_YEAR} to {MAX_YEAR})")
            })
        }
        Rule::Int(lo, hi) => int(lo, hi),
        Rule::Bool => match v {
            J::Bool(b) => Ok(Value::Integer(i64::from(*b))),
            _ => int(0, 1).map_err(|_| format!("{v} is not 0 or 1")),
        },
        Rule::Date => {
            let t = text()?;
            match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
                Ok(d) if (MIN_YEAR..=MAX_YEAR).contains(&chrono::Datelike::year(&d)) => {
                    Ok(Value::Text(d.to_string()))
                }
                _ => Err(format!("{t:?} is not a date like 2026-11-24")),
            }
        }
        Rule::Week => {
            let t = text()?;
            t.parse::<IsoWeek>().map(|w| Value::Text(w.to_string())).map_err(|e| e.to_string())
        }
        Rule::Clock => {
            let t = text()?;
            match NaiveTime::parse_from_str(t, "%H:%M") {
                Ok(c) => Ok(Value::Text(c.format("%H:%M").to_string())),
                Err(_) => Err(format!("{t:?} is not a time like 13:00")),
            }
        }
        Rule::Zone => crate::time::parse_zone(text()?)
            .map(|z| Value::Text(z.name().to_string()))
            .map_err(|e| e.to_string()),
        // New lines and tabs (which older versions let into some fields) become spaces; other
        // control characters are refused.
        Rule::Line(max) => {
            let one_line = text()?.replace(['\n', '\r', '\t'], " ");
            crate::text::line("value", &one_line, max).map(Value::Text).map_err(|e| match e {
                Error::Invalid { message, .. } => message,
                other => other.to_string(),
            })
        }
        Rule::Choice(options) => {
            let t = text()?;
            if options.contains(&t) {
                Ok(Value::Text(t.to_string()))
            } else {
                Err(format!("{t:?} is not one of {}", options.join(", ")))
            }
        }
        // Checked with its key by the caller.
        Rule::Setting => text().map(|t| Value::Text(t.to_string())),
    }
}

/// One table of an import, checked: its columns and every row's values.
struct CheckedTable<'a> {
    name: &'a str,
    columns: Vec<&'a str>,
    rows: Vec<Vec<Value>>,
    /// Rows left out on purpose (settings that belong to one database).
    left_out: usize,
}

impl Store {
    /// The tables an export carries, parents before children: every table of the schema less
    /// [`NOT_EXPORTED`].
    pub fn exported_tables(&self) -> Result<Vec<String>> {
        let mut left: Vec<String> = schema_tables(&self.conn)?
            .into_iter()
            .filter(|t| NOT_EXPORTED.iter().all(|(n, _)| n != t))
            .collect();
        let mut ordered: Vec<String> = Vec::with_capacity(left.len());
        while !left.is_empty() {
            let before = left.len();
            let mut i = 0;
            while i < left.len() {
                let ready = parents(&self.conn, &left[i])?
                    .iter()
                    .all(|p| *p == left[i] || ordered.contains(p) || !left.contains(p));
                if ready {
                    ordered.push(left.remove(i));
                } else {
                    i += 1;
                }
            }
            if left.len() == before {
                // A cycle between tables: keep schema order for the rest.
                ordered.append(&mut left);
            }
        }
        Ok(ordered)
    }

    /// Refuses `path` as a place to write to when it is this database or its WAL or
    /// shared-memory file: writing there would destroy the data it was meant to keep.
    pub fn guard_output(&self, field: &'static str, path: &Path) -> Result<()> {
        let Some(ours) = canonical(&self.path) else { return Ok(()) };
        let Some(target) = canonical(path) else { return Ok(()) };
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if target.as_os_str() == super::beside(&ours, suffix).as_os_str() {
                return Err(Error::invalid(
                    field,
                    format!("{} is Sanctum's own database; choose another file", path.display()),
                ));
            }
        }
        Ok(())
    }

    /// Writes `bytes` to `path` as a private file, refusing this database's own files (reports,
    /// .ics exports).
    pub fn write_file(&self, field: &'static str, path: &Path, bytes: &[u8]) -> Result<()> {
        self.guard_output(field, path)?;
        crate::files::write_private(field, path, bytes)
    }

    /// Writes a consistent copy of the database to `to` (a private file), even while others
    /// write; `progress` gets (pages left, pages in all).
    pub fn backup(&self, to: &Path, mut progress: impl FnMut(i32, i32)) -> Result<()> {
        self.guard_output("backup", to)?;
        crate::files::create_private(to).map_err(|e| Error::Io {
            field: "backup",
            message: format!("could not write {}: {}", to.display(), crate::files::io_reason(&e)),
        })?;
        let mut dst = Connection::open(to)?;
        let backup = Backup::new(&self.conn, &mut dst)?;
        loop {
            let step = backup.step(256)?;
            let p = backup.progress();
            progress(p.remaining, p.pagecount);
            match step {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                rusqlite::backup::StepResult::Busy | rusqlite::backup::StepResult::Locked => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Replaces this database with the backup at `from`.
    ///
    /// Nothing is replaced until a private copy of the candidate has passed every check: it is
    /// an SQLite file, not from a newer Sanctum, brought up to this schema without error, sound
    /// (`integrity_check`, foreign keys), and its schema is exactly the one this Sanctum makes.
    /// The database it replaces is first backed up beside it (the path is returned).
    pub fn restore(&mut self, from: &Path, now: DateTime<Utc>) -> Result<RestoreReport> {
        let refuse = |why: String| {
            Error::invalid("backup", format!("{}: {why}; nothing was changed", from.display()))
        };
        let meta = std::fs::metadata(from).map_err(|e| refuse(crate::files::io_reason(&e)))?;
        if !meta.is_file() {
            return Err(refuse("not a regular file".into()));
        }
        let here = self.folder();
        let check = here.join(format!(".sanctum-restore-check-{}.sqlite3", std::process::id()));
        let result = self.verified_copy(from, &check).and_then(|()| {
            let stamp = now.format("%Y%m%d-%H%M%S");
            let previous = here.join(format!("sanctum-before-restore-{stamp}.sqlite3"));
            self.backup(&previous, |_, _| {})?;
            self.conn.restore(MAIN_DB, &check, None::<fn(rusqlite::backup::Progress)>)?;
            // Every row may differ now; nothing counted before holds.
            self.forget_reads();
            Ok(RestoreReport { previous })
        });
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(super::beside(&check, suffix));
        }
        result
    }

    /// The folder the database is in (a temporary one for an in-memory database).
    fn folder(&self) -> PathBuf {
        match self.path.parent() {
            Some(p) if self.path != Path::new(":memory:") && !p.as_os_str().is_empty() => {
                p.to_path_buf()
            }
            Some(_) if self.path != Path::new(":memory:") => PathBuf::from("."),
            _ => std::env::temp_dir(),
        }
    }

    /// Copies the candidate `from` into the private file `to` and checks the copy completely.
    fn verified_copy(&self, from: &Path, to: &Path) -> Result<()> {
        let refuse = |why: String| {
            Error::invalid("backup", format!("{}: {why}; nothing was changed", from.display()))
        };
        let not_sqlite =
            |e: rusqlite::Error| refuse(format!("not a Sanctum backup ({})", first_line(&e)));
        {
            let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(not_sqlite)?;
            // Reading the version first refuses a file that is not SQLite at all.
            super::migrations::refuse_newer(&src, from).map_err(|e| match e {
                Error::Storage(e) => not_sqlite(e),
                Error::SchemaTooNew { found, .. } => refuse(format!(
                    "it was written by a newer Sanctum (schema version {found}); upgrade Sanctum \
                     to restore it"
                )),
                other => other,
            })?;
            crate::files::create_private(to).map_err(|e| Error::Io {
                field: "backup",
                message: format!(
                    "could not write {}: {}",
                    to.display(),
                    crate::files::io_reason(&e)
                ),
            })?;
            let mut dst = Connection::open(to)?;
            Backup::new(&src, &mut dst)
                .and_then(|b| b.run_to_completion(1024, std::time::Duration::ZERO, None))
                .map_err(not_sqlite)?;
        }
        let copy = Store::open(to).map_err(|e| match e {
            Error::Storage(e) => not_sqlite(e),
            Error::Migration(m) => refuse(format!("cannot be brought to this version ({m})")),
            other => other,
        })?;
        copy.integrity_check().map_err(|e| refuse(format!("it is damaged ({e})")))?;
        let broken: Option<String> =
            copy.conn.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).ok();
        if let Some(table) = broken {
            return Err(refuse(format!("it is damaged (rows of {table} point at missing rows)")));
        }
        let expected = schema_of(&Store::open_in_memory()?.conn)?;
        let found = schema_of(&copy.conn).map_err(|_| refuse("it is damaged".into()))?;
        if found != expected {
            let missing = expected
                .iter()
                .find(|e| !found.contains(e))
                .or_else(|| found.iter().find(|f| !expected.contains(f)));
            let what = missing.map(|(kind, name, ..)| format!("{kind} {name}")).unwrap_or_default();
            return Err(refuse(format!(
                "not a Sanctum database this version knows ({what} differs from Sanctum's schema)"
            )));
        }
        Ok(())
    }

    /// Every row of every exported table.
    pub fn export(&self, now: DateTime<Utc>) -> Result<Export> {
        let mut tables = Vec::new();
        for name in self.exported_tables()? {
            let mut stmt =
                self.conn.prepare(&format!("SELECT * FROM {} ORDER BY rowid", quoted(&name)))?;
            let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
            let n = columns.len();
            let mut rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| r.get::<_, Value>(i).map(to_json))
                        .collect::<rusqlite::Result<Vec<_>>>()
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if name == "calendars" {
                // A login in an address (from before they went to the keyring) never leaves.
                if let Some(i) = columns.iter().position(|c| c == "location") {
                    for row in &mut rows {
                        if let Some(url) = row[i].as_str() {
                            row[i] = crate::calendar::remote::split_credentials(url).0.into();
                        }
                    }
                }
            }
            if name == "settings" {
                rows.retain(|r| {
                    !r.first().and_then(|k| k.as_str()).is_some_and(|k| LOCAL_SETTINGS.contains(&k))
                });
            }
            tables.push(TableRows { name, columns, rows });
        }
        Ok(Export {
            format: EXPORT_FORMAT.into(),
            schema_version: self.schema_version()?,
            exported_at: now,
            tables,
        })
    }

    /// Writes the JSON export to `path` (a private file); returns the number of rows.
    pub fn export_json_file(&self, path: &Path, now: DateTime<Utc>) -> Result<usize> {
        let data = self.export(now)?;
        let text = serde_json::to_vec_pretty(&data)
            .map_err(|e| Error::Io { field: "file", message: e.to_string() })?;
        self.write_file("file", path, &text)?;
        Ok(data.tables.iter().map(|t| t.rows.len()).sum())
    }

    /// Reads a JSON export from `path` (a regular file of at most 50 MiB) and imports it.
    pub fn import_json_file(&self, path: &Path) -> Result<ImportReport> {
        let bytes = crate::files::read_capped("file", path)?;
        let data: Export = serde_json::from_slice(&bytes).map_err(|e| {
            Error::invalid("file", format!("{} is not a Sanctum JSON export: {e}", path.display()))
        })?;
        self.import(&data)
    }

    /// Checks every table, column and value of an export against this schema and its rules.
    fn check_import<'a>(&self, data: &'a Export) -> Result<Vec<CheckedTable<'a>>> {
        let bad = |what: String| Error::invalid("file", what);
        if data.format != EXPORT_FORMAT {
            return Err(bad(format!("not a Sanctum export (format '{}')", data.format)));
        }
        let version = self.schema_version()?;
        if data.schema_version > version {
            return Err(bad(format!(
                "exported by a newer Sanctum (schema {}); upgrade first",
                data.schema_version
            )));
        }
        if data.schema_version < 1 {
            return Err(bad(format!(
                "schema version {} is not one Sanctum wrote",
                data.schema_version
            )));
        }
        let known = self.exported_tables()?;
        for (i, t) in data.tables.iter().enumerate() {
            if !known.contains(&t.name) {
                return Err(bad(format!("table {:?} is not one Sanctum exports", t.name)));
            }
            if data.tables[..i].iter().any(|u| u.name == t.name) {
                return Err(bad(format!("table {} appears twice", t.name)));
            }
        }
        let mut out = Vec::new();
        for name in &known {
            let Some(table) = data.tables.iter().find(|t| &t.name == name) else { continue };
            let name = table.name.as_str();
            let schema = table_columns(&self.conn, name)?;
            let mut rules = Vec::new();
            for (i, c) in table.columns.iter().enumerate() {
                let Some((_, nullable)) = schema.iter().find(|(s, _)| s == c) else {
                    return Err(bad(format!("{name} has no column {c:?}")));
                };
                if table.columns[..i].contains(c) {
                    return Err(bad(format!("column {name}.{c} appears twice")));
                }
                let Some(r) = rule(name, c) else {
                    return Err(bad(format!("column {name}.{c} cannot be imported")));
                };
                rules.push((r, *nullable));
            }
            for k in natural_key(name) {
                if !table.columns.iter().any(|c| c == k) {
                    return Err(bad(format!("{name} lacks its key column {k}")));
                }
            }
            let mut rows = Vec::with_capacity(table.rows.len());
            let mut left_out = 0;
            for (n, row) in table.rows.iter().enumerate() {
                let at = |column: &str, why: String| {
                    bad(format!("{name} row {}: {column}: {why}", n + 1))
                };
                if row.len() != table.columns.len() {
                    return Err(bad(format!(
                        "{name} row {} has {} values for {} columns",
                        n + 1,
                        row.len(),
                        table.columns.len()
                    )));
                }
                let mut values = Vec::with_capacity(row.len());
                for ((column, (r, nullable)), v) in table.columns.iter().zip(&rules).zip(row) {
                    values.push(checked(*r, *nullable, v).map_err(|why| at(column, why))?);
                }
                if name == "settings" {
                    let get = |c: &str| {
                        table.columns.iter().position(|x| x == c).and_then(|i| match &values[i] {
                            Value::Text(t) => Some(t.clone()),
                            _ => None,
                        })
                    };
                    let (Some(key), Some(value)) = (get("key"), get("value")) else {
                        return Err(at("key", "a setting needs a key and a value".into()));
                    };
                    if LOCAL_SETTINGS.contains(&key.as_str()) {
                        left_out += 1;
                        continue;
                    }
                    let stored = if key == "planned_week" {
                        value.parse::<IsoWeek>().map(|w| w.to_string())
                    } else {
                        super::settings::check_setting(&key, &value).map(|(_, v)| v)
                    }
                    .map_err(|e| at("value", format!("setting {key}: {e}")))?;
                    if let Some(i) = table.columns.iter().position(|x| x == "value") {
                        values[i] = Value::Text(stored);
                    }
                }
                if name == "calendars" {
                    super::calendars::check_imported_calendar(&table.columns, &mut values)
                        .map_err(|e| at("location", e.to_string()))?;
                }
                rows.push(values);
            }
            out.push(CheckedTable {
                name,
                columns: table.columns.iter().map(String::as_str).collect(),
                rows,
                left_out,
            });
        }
        Ok(out)
    }

    /// Imports an export in one transaction, after checking all of it (every table, column and value):
    /// a bad table, column or value refuses the whole file, naming the row. Rows already present
    /// (by their natural key) are skipped; new rows keep their id when it is free, else get a new
    /// one, and references to them follow.
    pub fn import(&self, data: &Export) -> Result<ImportReport> {
        let tables = self.check_import(data)?;
        self.write(|| {
            let mut id_map: HashMap<(&str, i64), i64> = HashMap::new();
            let mut report = ImportReport::default();
            for table in &tables {
                let name = table.name;
                let col = |c: &str| table.columns.iter().position(|x| *x == c);
                let key = natural_key(name);
                let where_sql: Vec<String> =
                    key.iter().map(|k| format!("{} IS ?", quoted(k))).collect();
                let find =
                    format!("SELECT rowid FROM {} WHERE {}", quoted(name), where_sql.join(" AND "));
                let column_list: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
                let insert = format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    quoted(name),
                    column_list.join(", "),
                    vec!["?"; table.columns.len()].join(", ")
                );
                let refs: Vec<(usize, &'static str)> = table
                    .columns
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| match rule(name, c) {
                        Some(Rule::Ref(parent)) => Some((i, parent)),
                        _ => None,
                    })
                    .collect();
                let (mut added, mut skipped) = (0, table.left_out);
                for (n, row) in table.rows.iter().enumerate() {
                    let mut values = row.clone();
                    for &(i, parent) in &refs {
                        if let Value::Integer(old) = values[i] {
                            if let Some(new) = id_map.get(&(parent, old)) {
                                values[i] = Value::Integer(*new);
                            }
                        }
                    }
                    let key_values: Vec<&Value> =
                        key.iter().filter_map(|k| col(k).map(|i| &values[i])).collect();
                    let existing: Option<i64> = self
                        .conn
                        .prepare_cached(&find)?
                        .query_row(rusqlite::params_from_iter(key_values), |r| r.get(0))
                        .ok();
                    let old_id = col("id").and_then(|i| match values[i] {
                        Value::Integer(v) => Some(v),
                        _ => None,
                    });
                    if let Some(found) = existing {
                        if let Some(old) = old_id {
                            id_map.insert((name, old), found);
                        }
                        skipped += 1;
                        continue;
                    }
                    if let (Some(i), Some(old)) = (col("id"), old_id) {
                        let taken = self
                            .conn
                            .prepare_cached(&format!(
                                "SELECT 1 FROM {} WHERE id = ?1",
                                quoted(name)
                            ))?
                            .exists([old])?;
                        if taken {
                            values[i] = Value::Null;
                        }
                    }
                    self.conn
                        .prepare_cached(&insert)?
                        .execute(rusqlite::params_from_iter(&values))
                        .map_err(|e| {
                            Error::invalid(
                                "file",
                                format!("{name} row {}: {}", n + 1, refused_row(&e)),
                            )
                        })?;
                    if let Some(old) = old_id {
                        id_map.insert((name, old), self.conn.last_insert_rowid());
                    }
                    added += 1;
                }
                report.tables.push((name.to_string(), added, skipped));
            }
            Ok(report)
        })
    }

    /// Writes one CSV file per exported table into `dir` (a private folder, created if needed);
    /// returns the files.
    pub fn export_csv(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        crate::files::private_dir(dir)?;
        let data = self.export(DateTime::UNIX_EPOCH)?;
        let mut files = Vec::new();
        for table in data.tables {
            let path = dir.join(format!("{}.csv", table.name));
            self.guard_output("csv", &path)?;
            let io = |e: &dyn std::fmt::Display| Error::Io {
                field: "csv",
                message: format!("could not write {}: {e}", path.display()),
            };
            let file = crate::files::create_private(&path)
                .map_err(|e| io(&crate::files::io_reason(&e)))?;
            let mut out = csv::Writer::from_writer(file);
            out.write_record(&table.columns).map_err(|e| io(&e))?;
            for row in table.rows {
                let record: Vec<String> = row
                    .into_iter()
                    .map(|v| match v {
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::String(t) => t,
                        other => other.to_string(),
                    })
                    .collect();
                out.write_record(&record).map_err(|e| io(&e))?;
            }
            let file = out.into_inner().map_err(|e| io(&e.error()))?;
            file.sync_all().map_err(|e| io(&crate::files::io_reason(&e)))?;
            files.push(path);
        }
        Ok(files)
    }
}

/// `path` with its folder resolved (the file itself may not exist yet); `None` for a folder
/// that does not exist or an in-memory database.
fn canonical(path: &Path) -> Option<PathBuf> {
    if path == Path::new(":memory:") {
        return None;
    }
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.canonicalize().ok()?,
        _ => std::env::current_dir().ok()?,
    };
    Some(parent.join(path.file_name()?))
}

/// Why SQLite refused an imported row, in words (no SQL).
fn refused_row(e: &rusqlite::Error) -> String {
    let message = first_line(e);
    if message.contains("FOREIGN KEY") {
        "it points at a row that is not in the file or the database".into()
    } else if message.contains("UNIQUE") {
        format!("it repeats a value that must be unique ({message})")
    } else {
        format!("refused by the database ({message})")
    }
}

fn first_line(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        other => other.to_string().lines().next().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;
    use crate::focus::{parse_days, NewFocusBlock, OccurrenceOutcome, Repeat};
    use crate::planning::{NewTask, PriorityStatus};
    use crate::quicklog::parse_new;
    use crate::time::{IsoWeek, Span};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    const NOW: &str = "2026-11-25T10:00:00Z";

    /// A database with a row in every table, links between them, and gaps in the ids.
    fn populated(store: &Store) {
        let now = t(NOW);
        store.set_setting("timezone", "Europe/London").unwrap();
        store
            .save_review_note("2026-W47".parse().unwrap(), "Batch vendor calls on Fridays", now)
            .unwrap();
        for line in [
            "@Sam slack 15m >Priya one",
            "@Ana call 5m gone",
            "@Bo email 5m ~Email reply, \"quoted\"",
        ] {
            store.log_interruption(parse_new(line, now, chrono_tz::UTC).unwrap(), now).unwrap();
        }
        store.delete_interruption(2).unwrap();
        let block = NewFocusBlock {
            title: "Strategy".into(),
            intention: "roadmap; hiring".into(),
            repeat: Repeat::Weekly { days: parse_days("tue,thu").unwrap() },
            start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            timezone: "Europe/London".into(),
            active_from: "2026-11-01".parse().unwrap(),
            active_until: None,
            paused: false,
        };
        let b = store.add_block(block, now).unwrap();
        store
            .record_outcome(
                b.id,
                "2026-11-24".parse().unwrap(),
                OccurrenceOutcome::Shortened { minutes_lost: 30, reason: Some("call".into()) },
                now,
            )
            .unwrap();
        let moved = Span { start: t("2026-11-27T09:00:00Z"), end: t("2026-11-27T11:00:00Z") };
        store.move_occurrence(b.id, "2026-11-26".parse().unwrap(), moved).unwrap();
        let w47: IsoWeek = "2026-W47".parse().unwrap();
        let p = store.add_priority(w47, "Hiring", false, now).unwrap();
        store
            .set_priority_status(p.id, PriorityStatus::Partly, Some("two interviews"), now)
            .unwrap();
        store.carry_priorities(w47, now).unwrap();
        let task = store.defer_to_batch(3, None, now).unwrap();
        store
            .add_task(
                NewTask {
                    title: "Renew SLA".into(),
                    priority_id: Some(p.id),
                    estimate_minutes: Some(20),
                    ..Default::default()
                },
                now,
            )
            .unwrap();
        store.set_task_done(task.id, true, now).unwrap();
        store
            .add_win(
                "2026-11-24".parse().unwrap(),
                "Audit passed",
                Some("no findings"),
                Some(p.id),
                now,
            )
            .unwrap();
        for (kind, location, username) in [
            (CalendarKind::Url, "https://example.com/team.ics", None),
            (CalendarKind::Caldav, "https://dav.example.com/alice/focus/", Some("alice".into())),
        ] {
            let spec = NewCalendar {
                name: String::new(),
                kind,
                location: location.into(),
                username,
                read_busy: true,
                publish: kind == CalendarKind::Caldav,
            };
            store.add_calendar(spec, &[], now).unwrap();
        }
    }

    use crate::calendar::{CalendarKind, NewCalendar};

    fn without_stamp(mut e: Export) -> Export {
        e.exported_at = DateTime::UNIX_EPOCH;
        e
    }

    #[test]
    fn json_export_imports_into_an_empty_database_losslessly() {
        let a = Store::open_in_memory().unwrap();
        populated(&a);
        let exported = a.export(t(NOW)).unwrap();
        let text = serde_json::to_string(&exported).unwrap();
        let b = Store::open_in_memory().unwrap();
        let report = b.import(&serde_json::from_str(&text).unwrap()).unwrap();
        assert!(report.tables.iter().any(|(n, added, _)| n == "interruptions" && *added == 2));
        let again = b.export(t(NOW)).unwrap();
        for (x, y) in exported.tables.iter().zip(&again.tables) {
            assert_eq!(x, y, "table {} differs after the round trip", x.name);
        }
        assert_eq!(without_stamp(exported), without_stamp(again));
        b.integrity_check().unwrap();
        let fk: i64 = b
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 0);
    }

    #[test]
    fn importing_into_a_used_database_adds_no_duplicates_and_follows_links() {
        let a = Store::open_in_memory().unwrap();
        populated(&a);
        let exported = a.export(t(NOW)).unwrap();
        let b = Store::open_in_memory().unwrap();
        // Rows of its own first, so the imported ids collide and must be renumbered.
        b.log_interruption(
            parse_new("@Zed alert 10m local only", t(NOW), chrono_tz::UTC).unwrap(),
            t(NOW),
        )
        .unwrap();
        b.add_batch("Approvals", None, t(NOW)).unwrap();
        b.import(&exported).unwrap();
        let second = b.import(&exported).unwrap();
        assert!(
            second.tables.iter().all(|(_, added, _)| *added == 0),
            "nothing added twice: {second:?}"
        );
        assert_eq!(b.count_interruptions().unwrap(), 3);
        let tasks = b.tasks(&Default::default()).unwrap();
        let from_fire = tasks.iter().find(|t| t.interruption_id.is_some()).unwrap();
        assert_eq!(
            b.batch(from_fire.batch_id.unwrap()).unwrap().name,
            "Email",
            "the link follows the renumbered batch"
        );
        let fire = b.interruption(from_fire.interruption_id.unwrap()).unwrap();
        assert_eq!(fire.fields.note, "reply, \"quoted\"");
        let e = b.import(&Export { format: "other".into(), ..exported.clone() }).unwrap_err();
        assert_eq!(e.field(), Some("file"));
        let e = b.import(&Export { schema_version: 99, ..exported }).unwrap_err();
        assert!(e.to_string().contains("newer Sanctum"), "{e}");
    }

    #[test]
    fn a_backup_taken_during_writes_is_sound_and_restores() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.sqlite3");
        let store = Store::open(&path).unwrap();
        populated(&store);
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || {
                let w = Store::open(&path).unwrap();
                for k in 0..300 {
                    let mut n = crate::NewInterruption::at(t(NOW));
                    n.note = format!("during backup {k}");
                    w.log_interruption(n, t(NOW)).unwrap();
                }
            })
        };
        let copy = dir.path().join("backup.sqlite3");
        let mut steps = 0;
        store.backup(&copy, |_, _| steps += 1).unwrap();
        writer.join().unwrap();
        assert!(steps >= 1);
        let backed = Store::open(&copy).unwrap();
        backed.integrity_check().unwrap();
        let n = backed.count_interruptions().unwrap();
        assert!((2..=302).contains(&n), "a consistent snapshot: {n}");

        let mut fresh = Store::open(&dir.path().join("fresh.sqlite3")).unwrap();
        fresh.restore(&copy, t(NOW)).unwrap();
        assert_eq!(fresh.count_interruptions().unwrap(), n);
        assert_eq!(fresh.blocks().unwrap().len(), 1);

        std::fs::write(dir.path().join("junk"), b"not a database at all, just text").unwrap();
        assert!(fresh.restore(&dir.path().join("junk"), t(NOW)).is_err());
        assert_eq!(
            fresh.restore(&dir.path().join("missing"), t(NOW)).unwrap_err().field(),
            Some("backup")
        );
        assert_eq!(fresh.count_interruptions().unwrap(), n, "a refused restore changes nothing");
    }

    #[test]
    fn csv_has_one_file_per_table_with_every_row() {
        let store = Store::open_in_memory().unwrap();
        populated(&store);
        let dir = tempfile::tempdir().unwrap();
        let files = store.export_csv(dir.path()).unwrap();
        assert_eq!(files.len(), store.exported_tables().unwrap().len());
        let mut r = csv::Reader::from_path(dir.path().join("interruptions.csv")).unwrap();
        assert_eq!(&r.headers().unwrap()[1], "occurred_at");
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[1][9], "reply, \"quoted\"", "quotes and commas survive");
    }

    /// The live database's content, to prove a refused restore or import changed nothing.
    fn content(store: &Store) -> Export {
        without_stamp(store.export(t(NOW)).unwrap())
    }

    #[test]
    fn restore_refuses_foreign_damaged_and_newer_files_leaving_the_live_database_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let mut live = Store::open(&dir.path().join("live.sqlite3")).unwrap();
        populated(&live);
        let before = content(&live);
        let make = |name: &str, sql: &str| {
            let path = dir.path().join(name);
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(sql).unwrap();
            path
        };
        let candidates = [
            make(
                "foreign-v0.db",
                "CREATE TABLE interruptions(x); INSERT INTO interruptions VALUES (1);",
            ),
            make("foreign-v5.db", "CREATE TABLE interruptions(x); PRAGMA user_version = 5;"),
            make("other-app.db", "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"),
            make("newer.db", "CREATE TABLE future(x); PRAGMA user_version = 99;"),
            make("negative.db", "PRAGMA user_version = -3;"),
            {
                // A real Sanctum backup with one table missing.
                let path = dir.path().join("partial.db");
                live.backup(&path, |_, _| {}).unwrap();
                Connection::open(&path).unwrap().execute_batch("DROP TABLE wins;").unwrap();
                path
            },
            {
                // A real Sanctum backup with a damaged page.
                let path = dir.path().join("damaged.db");
                live.backup(&path, |_, _| {}).unwrap();
                let mut bytes = std::fs::read(&path).unwrap();
                let page = 4096;
                for b in &mut bytes[2 * page + 16..3 * page] {
                    *b = 0xA5;
                }
                std::fs::write(&path, bytes).unwrap();
                path
            },
            {
                let path = dir.path().join("text.db");
                std::fs::write(&path, "SQLite format 3\0 but then nothing").unwrap();
                path
            },
            dir.path().to_path_buf(),
        ];
        for candidate in &candidates {
            let err = live.restore(candidate, t(NOW)).unwrap_err();
            assert_eq!(err.field(), Some("backup"), "{}: {err}", candidate.display());
            let text = err.to_string();
            assert!(text.ends_with("nothing was changed"), "{text}");
            assert_eq!(text.lines().count(), 1, "{text}");
            assert_eq!(content(&live), before, "{} changed the live database", candidate.display());
            live.integrity_check().unwrap();
        }
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("restore"))
            .collect();
        assert!(left.is_empty(), "no check copies or backups left behind: {left:?}");
    }

    #[test]
    fn a_restore_keeps_the_replaced_database_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let old = Store::open(&dir.path().join("old.sqlite3")).unwrap();
        populated(&old);
        let backup = dir.path().join("backup.sqlite3");
        old.backup(&backup, |_, _| {}).unwrap();

        let data = tempfile::tempdir().unwrap();
        let mut live = Store::open(&data.path().join("sanctum.sqlite3")).unwrap();
        live.log_interruption(crate::NewInterruption::at(t(NOW)), t(NOW)).unwrap();
        let report = live.restore(&backup, t(NOW)).unwrap();
        assert_eq!(content(&live), content(&old));
        assert_eq!(report.previous.parent(), Some(data.path()));
        let previous = Store::open(&report.previous).unwrap();
        assert_eq!(previous.count_interruptions().unwrap(), 1, "the replaced data is kept");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&report.previous).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn a_backup_from_an_older_version_is_brought_up_to_date_on_restore() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v3.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            super::super::migrations::migrate_to(&mut conn, 3).unwrap();
            conn.execute_batch(
                "INSERT INTO interruptions (occurred_at, channel, urgency, minutes, outcome, \
                 created_at, updated_at) VALUES (1795000000, 'call', 'low', 5, 'handled', 1, 1);",
            )
            .unwrap();
        }
        let mut live = Store::open(&dir.path().join("live.sqlite3")).unwrap();
        live.restore(&path, t(NOW)).unwrap();
        assert_eq!(live.count_interruptions().unwrap(), 1);
        assert_eq!(live.schema_version().unwrap(), super::super::SCHEMA_VERSION);
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, 3, "the backup itself is not rewritten");
    }

    #[test]
    fn every_table_is_exported_or_excluded_with_a_reason_and_every_column_has_a_rule() {
        let store = Store::open_in_memory().unwrap();
        populated(&store);
        let all = schema_tables(&store.conn).unwrap();
        let exported = store.exported_tables().unwrap();
        for table in &all {
            let excluded = NOT_EXPORTED.iter().find(|(n, _)| n == table);
            assert!(
                exported.contains(table) != excluded.is_some(),
                "table {table} must be exported or listed in NOT_EXPORTED with a reason"
            );
        }
        for (name, why) in NOT_EXPORTED {
            assert!(all.iter().any(|t| t == name), "NOT_EXPORTED names {name}, which is gone");
            assert!(!why.is_empty());
        }
        let export = store.export(t(NOW)).unwrap();
        for table in &exported {
            assert!(!natural_key(table).is_empty(), "{table} has no natural key for import");
            for (column, _) in table_columns(&store.conn, table).unwrap() {
                assert!(rule(table, &column).is_some(), "{table}.{column} has no import rule");
            }
            let rows = export.tables.iter().find(|t| &t.name == table).map_or(0, |t| t.rows.len());
            assert!(rows > 0, "the fixture has no row in {table}: add one to populated()");
        }
        // Parents come before the tables that point at them.
        for (i, table) in exported.iter().enumerate() {
            for parent in parents(&store.conn, table).unwrap() {
                if &parent != table {
                    assert!(exported[..i].contains(&parent), "{parent} must come before {table}");
                }
            }
        }
    }

    /// A real export as JSON, to be tampered with.
    fn exported_json() -> serde_json::Value {
        let a = Store::open_in_memory().unwrap();
        populated(&a);
        serde_json::to_value(a.export(t(NOW)).unwrap()).unwrap()
    }

    fn table_mut<'a>(v: &'a mut serde_json::Value, name: &str) -> &'a mut serde_json::Value {
        v["tables"].as_array_mut().unwrap().iter_mut().find(|t| t["name"] == name).unwrap()
    }

    fn column_of(v: &serde_json::Value, name: &str) -> usize {
        v["columns"].as_array().unwrap().iter().position(|c| c == name).unwrap()
    }

    #[test]
    fn a_hostile_import_is_refused_whole_naming_the_row_and_nothing_is_written() {
        let target = Store::open_in_memory().unwrap();
        target.log_interruption(crate::NewInterruption::at(t(NOW)), t(NOW)).unwrap();
        let before = content(&target);
        type Tamper = fn(&mut serde_json::Value);
        let cases: Vec<(&str, Tamper, &str)> = vec![
            (
                "a column that is SQL",
                |v| {
                    let t = table_mut(v, "wins");
                    t["columns"]
                        .as_array_mut()
                        .unwrap()
                        .push("title) SELECT note FROM interruptions --".into());
                    for row in t["rows"].as_array_mut().unwrap() {
                        row.as_array_mut().unwrap().push("x".into());
                    }
                },
                "wins has no column",
            ),
            (
                "a column named twice",
                |v| {
                    let t = table_mut(v, "wins");
                    t["columns"].as_array_mut().unwrap().push("title".into());
                    for row in t["rows"].as_array_mut().unwrap() {
                        row.as_array_mut().unwrap().push("again".into());
                    }
                },
                "appears twice",
            ),
            (
                "an id at i64::MAX",
                |v| {
                    let t = table_mut(v, "interruptions");
                    t["rows"][0][0] = i64::MAX.into();
                },
                "interruptions row 1: id:",
            ),
            (
                "an instant that is not a date",
                |v| {
                    let t = table_mut(v, "interruptions");
                    let c = column_of(t, "occurred_at");
                    t["rows"][1][c] = "yesterday".into();
                },
                "interruptions row 2: occurred_at:",
            ),
            (
                "an instant far beyond any calendar",
                |v| {
                    let t = table_mut(v, "interruptions");
                    let c = column_of(t, "created_at");
                    t["rows"][0][c] = 9_000_000_000_000i64.into();
                },
                "interruptions row 1: created_at:",
            ),
            (
                "a zone that does not exist",
                |v| {
                    let t = table_mut(v, "focus_blocks");
                    let c = column_of(t, "timezone");
                    t["rows"][0][c] = "Mars/Olympus".into();
                },
                "focus_blocks row 1: timezone:",
            ),
            (
                "a note with an escape sequence",
                |v| {
                    let t = table_mut(v, "interruptions");
                    let c = column_of(t, "note");
                    t["rows"][0][c] = "\u{1b}[2J gotcha".into();
                },
                "interruptions row 1: note:",
            ),
            (
                "an unknown channel",
                |v| {
                    let t = table_mut(v, "interruptions");
                    let c = column_of(t, "channel");
                    t["rows"][0][c] = "pigeon".into();
                },
                "interruptions row 1: channel:",
            ),
            (
                "minutes out of range",
                |v| {
                    let t = table_mut(v, "interruptions");
                    let c = column_of(t, "minutes");
                    t["rows"][0][c] = 100_000.into();
                },
                "interruptions row 1: minutes:",
            ),
            (
                "a bad setting",
                |v| {
                    let t = table_mut(v, "settings");
                    t["rows"]
                        .as_array_mut()
                        .unwrap()
                        .push(serde_json::json!(["heads_up", "forever"]));
                },
                "setting heads_up",
            ),
            (
                "an unknown setting",
                |v| {
                    let t = table_mut(v, "settings");
                    t["rows"].as_array_mut().unwrap().push(serde_json::json!(["evil", "1"]));
                },
                "setting evil",
            ),
            (
                "a table Sanctum does not export",
                |v| {
                    v["tables"].as_array_mut().unwrap().push(serde_json::json!({
                        "name": "sqlite_master", "columns": ["name"], "rows": [["x"]]
                    }));
                },
                "is not one Sanctum exports",
            ),
            (
                "a task pointing nowhere",
                |v| {
                    let t = table_mut(v, "tasks");
                    let c = column_of(t, "batch_id");
                    t["rows"][0][c] = 4242.into();
                },
                "tasks row 1: it points at a row",
            ),
            (
                "a week that is not one",
                |v| {
                    let t = table_mut(v, "priorities");
                    let c = column_of(t, "week");
                    t["rows"][0][c] = "262142-W52".into();
                },
                "priorities row 1: week:",
            ),
            (
                "a row too short",
                |v| {
                    let t = table_mut(v, "wins");
                    t["rows"][0].as_array_mut().unwrap().pop();
                },
                "wins row 1 has",
            ),
        ];
        for (what, tamper, expected) in cases {
            let mut v = exported_json();
            tamper(&mut v);
            let data: Export = serde_json::from_value(v).unwrap();
            let err = target.import(&data).unwrap_err();
            let text = err.to_string();
            assert_eq!(err.field(), Some("file"), "{what}: {text}");
            assert!(text.contains(expected), "{what}: {text}");
            assert_eq!(text.lines().count(), 1, "{what}: {text}");
            assert_eq!(content(&target), before, "{what}: the refused import wrote something");
        }
    }

    #[test]
    fn an_import_never_takes_this_databases_install_id_or_a_password_in_an_address() {
        let mut v = exported_json();
        let settings = table_mut(&mut v, "settings");
        settings["rows"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!(["install_id", "someone-else"]));
        let calendars = table_mut(&mut v, "calendars");
        let c = column_of(calendars, "location");
        calendars["rows"][0][c] = "https://alice:s3cret@example.com/team.ics".into();
        let target = Store::open_in_memory().unwrap();
        let mine = target.install_id().unwrap();
        target.import(&serde_json::from_value(v).unwrap()).unwrap();
        assert_eq!(target.install_id().unwrap(), mine);
        let text = serde_json::to_string(&target.export(t(NOW)).unwrap()).unwrap();
        assert!(!text.contains("s3cret") && !text.contains("install_id"), "{text}");
        let calendars = target.calendars().unwrap();
        assert_eq!(calendars[0].spec.location, "https://example.com/team.ics");
    }

    #[test]
    fn no_backup_or_export_can_overwrite_the_database_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sanctum.sqlite3");
        let store = Store::open(&path).unwrap();
        populated(&store);
        let before = content(&store);
        let same_by_another_name = dir.path().join(".").join("sanctum.sqlite3");
        for target in [path.clone(), same_by_another_name, dir.path().join("sanctum.sqlite3-wal")] {
            let err = store.backup(&target, |_, _| {}).unwrap_err();
            assert!(err.to_string().contains("Sanctum's own database"), "{err}");
            let err = store.export_json_file(&target, t(NOW)).unwrap_err();
            assert!(err.to_string().contains("Sanctum's own database"), "{err}");
            let err = store.write_file("ics", &target, b"BEGIN:VCALENDAR").unwrap_err();
            assert_eq!(err.field(), Some("ics"));
        }
        drop(store);
        let store = Store::open(&path).unwrap();
        store.integrity_check().unwrap();
        assert_eq!(content(&store), before);
    }

    #[test]
    fn export_and_import_files_are_private_and_only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_memory().unwrap();
        populated(&store);
        let json = dir.path().join("all.json");
        let rows = store.export_json_file(&json, t(NOW)).unwrap();
        assert!(rows > 10);
        let csv = dir.path().join("csv");
        let files = store.export_csv(&csv).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&json), 0o600);
            assert_eq!(mode(&csv), 0o700);
            for f in &files {
                assert_eq!(mode(f), 0o600, "{}", f.display());
            }
            let err = store.import_json_file(Path::new("/dev/zero")).unwrap_err();
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
        let again = Store::open_in_memory().unwrap();
        again.import_json_file(&json).unwrap();
        assert_eq!(content(&again).tables.len(), content(&store).tables.len());
    }
}
