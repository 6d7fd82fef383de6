//! Your data is yours: a consistent backup of the SQLite file while the app runs (SQLite's
//! online backup API) and restore; a complete JSON export that imports back without duplicates;
//! and one CSV file per table.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::backup::Backup;
use rusqlite::types::Value;
use rusqlite::{Connection, MAIN_DB};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::{Error, Result};

/// The tables an export carries, parents before children.
pub const TABLES: [&str; 9] = [
    "settings",
    "interruptions",
    "focus_blocks",
    "occurrences",
    "priorities",
    "batches",
    "tasks",
    "wins",
    // Calendar subscriptions and accounts (not their cached events; passwords are in the
    // keyring and must be entered again on another computer).
    "calendars",
];

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
        "calendars" => &["kind", "location", "username"],
        _ => &[],
    }
}

/// Foreign keys to re-point when ids change on import: (column, parent table).
fn references(table: &str) -> &'static [(&'static str, &'static str)] {
    match table {
        "occurrences" => &[("block_id", "focus_blocks")],
        "priorities" => &[("carried_from", "priorities")],
        "tasks" => &[
            ("batch_id", "batches"),
            ("priority_id", "priorities"),
            ("interruption_id", "interruptions"),
        ],
        "wins" => &[("priority_id", "priorities")],
        _ => &[],
    }
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
pub struct ImportReport {
    pub tables: Vec<(String, usize, usize)>,
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

fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

impl Store {
    /// Writes a consistent copy of the database to `to`, even while others write; `progress`
    /// gets (pages left, pages in all).
    pub fn backup(&self, to: &Path, mut progress: impl FnMut(i32, i32)) -> Result<()> {
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

    /// Replaces this database's contents with the backup at `from`, after checking it is a
    /// sound Sanctum file this version can read; brings its schema up to date.
    pub fn restore(&mut self, from: &Path) -> Result<()> {
        {
            let candidate = Store::open_readonly_check(from)?;
            candidate.integrity_check()?;
        }
        self.conn.restore(MAIN_DB, from, None::<fn(rusqlite::backup::Progress)>)?;
        super::migrations::migrate(&mut self.conn, &self.path)?;
        Ok(())
    }

    fn open_readonly_check(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::invalid("backup", format!("{} is not a file", path.display())));
        }
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        super::migrations::refuse_newer(&conn, path)?;
        let has_tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'interruptions'", [], |r| {
                r.get(0)
            })
            .map_err(|_| {
                Error::invalid("backup", format!("{} is not a Sanctum database", path.display()))
            })?;
        if has_tables == 0 {
            return Err(Error::invalid(
                "backup",
                format!("{} is not a Sanctum database", path.display()),
            ));
        }
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Every row of every table.
    pub fn export(&self, now: DateTime<Utc>) -> Result<Export> {
        let mut tables = Vec::new();
        for name in TABLES {
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM {name} ORDER BY rowid"))?;
            let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
            let n = columns.len();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| r.get::<_, Value>(i).map(to_json))
                        .collect::<rusqlite::Result<Vec<_>>>()
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            tables.push(TableRows { name: name.to_string(), columns, rows });
        }
        Ok(Export {
            format: EXPORT_FORMAT.into(),
            schema_version: self.schema_version()?,
            exported_at: now,
            tables,
        })
    }

    /// Imports an export into this database in one transaction. Rows already present (by their
    /// natural key) are skipped; new rows keep their id when it is free, else get a new one, and
    /// references to them follow.
    pub fn import(&self, data: &Export) -> Result<ImportReport> {
        if data.format != EXPORT_FORMAT {
            return Err(Error::invalid(
                "file",
                format!("not a Sanctum export (format '{}')", data.format),
            ));
        }
        if data.schema_version > self.schema_version()? {
            return Err(Error::invalid(
                "file",
                format!(
                    "exported by a newer Sanctum (schema {}); upgrade first",
                    data.schema_version
                ),
            ));
        }
        let tx = self.conn.unchecked_transaction()?;
        let mut id_map: HashMap<(&str, i64), i64> = HashMap::new();
        let mut report = ImportReport::default();
        for name in TABLES {
            let Some(table) = data.tables.iter().find(|t| t.name == name) else { continue };
            let col = |c: &str| table.columns.iter().position(|x| x == c);
            let key = natural_key(name);
            let refs = references(name);
            let (mut added, mut skipped) = (0, 0);
            for row in &table.rows {
                if row.len() != table.columns.len() {
                    return Err(Error::invalid(
                        "file",
                        format!("a row of {name} has the wrong number of values"),
                    ));
                }
                let mut values: Vec<Value> = row.iter().map(from_json).collect();
                for (column, parent) in refs {
                    if let Some(i) = col(column) {
                        if let Value::Integer(old) = values[i] {
                            if let Some(new) = id_map.get(&(*parent, old)) {
                                values[i] = Value::Integer(*new);
                            }
                        }
                    }
                }
                let where_sql: Vec<String> = key.iter().map(|k| format!("{k} IS ?")).collect();
                let key_values: Vec<Value> =
                    key.iter().filter_map(|k| col(k).map(|i| values[i].clone())).collect();
                if key_values.len() != key.len() {
                    return Err(Error::invalid("file", format!("{name} lacks its key columns")));
                }
                let existing: Option<i64> = tx
                    .query_row(
                        &format!("SELECT rowid FROM {name} WHERE {}", where_sql.join(" AND ")),
                        rusqlite::params_from_iter(&key_values),
                        |r| r.get(0),
                    )
                    .ok();
                let old_id = col("id").and_then(|i| {
                    if let Value::Integer(v) = values[i] {
                        Some(v)
                    } else {
                        None
                    }
                });
                if let Some(found) = existing {
                    if let Some(old) = old_id {
                        id_map.insert((name, old), found);
                    }
                    skipped += 1;
                    continue;
                }
                if let (Some(i), Some(old)) = (col("id"), old_id) {
                    let taken: bool = tx
                        .query_row(&format!("SELECT 1 FROM {name} WHERE id = ?1"), [old], |_| {
                            Ok(true)
                        })
                        .unwrap_or(false);
                    if taken {
                        values[i] = Value::Null;
                    }
                }
                let placeholders = vec!["?"; values.len()].join(", ");
                tx.execute(
                    &format!(
                        "INSERT INTO {name} ({}) VALUES ({placeholders})",
                        table.columns.join(", ")
                    ),
                    rusqlite::params_from_iter(&values),
                )?;
                if let Some(old) = old_id {
                    id_map.insert((name, old), tx.last_insert_rowid());
                }
                added += 1;
            }
            report.tables.push((name.to_string(), added, skipped));
        }
        tx.commit()?;
        Ok(report)
    }

    /// Writes one CSV file per table into `dir` (created if needed); returns the files.
    pub fn export_csv(&self, dir: &Path) -> Result<Vec<std::path::PathBuf>> {
        std::fs::create_dir_all(dir)
            .map_err(|source| Error::DataDir { path: dir.to_path_buf(), source })?;
        let mut files = Vec::new();
        for name in TABLES {
            let path = dir.join(format!("{name}.csv"));
            let io = |e: csv::Error| {
                Error::invalid("csv", format!("could not write {}: {e}", path.display()))
            };
            let mut out = csv::Writer::from_path(&path).map_err(io)?;
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM {name} ORDER BY rowid"))?;
            let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
            out.write_record(&columns).map_err(io)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let record: Vec<String> = (0..columns.len())
                    .map(|i| match r.get::<_, Value>(i) {
                        Ok(Value::Integer(v)) => v.to_string(),
                        Ok(Value::Real(v)) => v.to_string(),
                        Ok(Value::Text(t)) => t,
                        _ => String::new(),
                    })
                    .collect();
                out.write_record(&record).map_err(io)?;
            }
            out.flush().map_err(|e| {
                Error::invalid("csv", format!("could not write {}: {e}", path.display()))
            })?;
            files.push(path);
        }
        Ok(files)
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
            store.add_calendar(spec, now).unwrap();
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
        fresh.restore(&copy).unwrap();
        assert_eq!(fresh.count_interruptions().unwrap(), n);
        assert_eq!(fresh.blocks().unwrap().len(), 1);

        std::fs::write(dir.path().join("junk"), b"not a database at all, just text").unwrap();
        assert!(fresh.restore(&dir.path().join("junk")).is_err());
        assert_eq!(fresh.restore(&dir.path().join("missing")).unwrap_err().field(), Some("backup"));
        assert_eq!(fresh.count_interruptions().unwrap(), n, "a refused restore changes nothing");
    }

    #[test]
    fn csv_has_one_file_per_table_with_every_row() {
        let store = Store::open_in_memory().unwrap();
        populated(&store);
        let dir = tempfile::tempdir().unwrap();
        let files = store.export_csv(dir.path()).unwrap();
        assert_eq!(files.len(), TABLES.len());
        let mut r = csv::Reader::from_path(dir.path().join("interruptions.csv")).unwrap();
        assert_eq!(&r.headers().unwrap()[1], "occurred_at");
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[1][9], "reply, \"quoted\"", "quotes and commas survive");
    }
}
