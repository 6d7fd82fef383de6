//! The store: one SQLite file holding everything Sanctum knows. It owns the connection settings
//! (WAL, foreign keys, busy timeout, full sync), the embedded migrations, the one write helper
//! (`Store::write`: every change is an IMMEDIATE transaction), and one query module per table.
//! No SQL lives outside this module. The database and the files beside it are private (0600).

mod calendars;
mod focus_blocks;
mod interruptions;
mod migrations;
mod planning;
mod review;
mod settings;
mod transfer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

pub use calendars::StoredEvent;
pub use focus_blocks::FocusWeek;
pub use interruptions::{InterruptionFilter, RecentNames};
pub use migrations::SCHEMA_VERSION;
pub use planning::{BatchSlotInstance, Delegated, TaskFilter};
pub use review::ReviewNote;
pub use settings::{parse_addresses, parse_switch, parse_work_hours, Settings};
pub use transfer::{Export, ImportReport, RestoreReport, MAX_ID, NOT_EXPORTED};

/// The last search's matches, with the database state they were read at.
type SearchCache = std::cell::RefCell<Option<interruptions::Cached<interruptions::Matches>>>;

/// The database file's name inside the data folder.
pub const DB_FILE_NAME: &str = "sanctum.sqlite3";
/// How long a writer waits for another (the app and the CLI) before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The folder the database lives in: `$SANCTUM_DATA_DIR` when set, else the platform data folder
/// (`~/.local/share/sanctum` on Linux).
pub fn data_dir() -> Result<PathBuf> {
    match std::env::var_os("SANCTUM_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|d| d.join("sanctum")).ok_or(Error::NoDataDir),
    }
}

/// An open Sanctum database. Open it once per process and keep it.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The last list summary counted (a long list's count and minutes) and the last search's
    /// matches, with the database's state they were read at: scrolling through the same list
    /// reads them again for free.
    summary_cache: std::cell::RefCell<Option<interruptions::Cached<(u64, u64)>>>,
    matches_cache: SearchCache,
    /// Markers along the long list shown last, so a page deep in it is found quickly.
    markers: interruptions::MarkerCache,
}

/// The largest write-ahead log a closing store leaves behind. Each process that opens the
/// database first reads the whole log (SQLite rebuilds its index), and a process cannot know
/// that an earlier one already copied the log into the database, so a large log would be read
/// and copied again by every `sanctum` run: 60 ms a run after an import left 27 MB. Past this
/// size the closing store checkpoints and empties it (two or three fsyncs, once every few
/// dozen logs).
pub const WAL_KEPT_BYTES: u64 = 1024 * 1024;

impl Drop for Store {
    fn drop(&mut self) {
        let big =
            std::fs::metadata(beside(&self.path, "-wal")).is_ok_and(|m| m.len() > WAL_KEPT_BYTES);
        if big {
            // Never wait for another process's reader here: the next close will try again.
            let _ = self.conn.busy_timeout(Duration::from_millis(20));
            let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database in [`data_dir`].
    pub fn open_default() -> Result<Store> {
        let dir = data_dir()?;
        crate::files::private_dir(&dir)?;
        Store::open(&dir.join(DB_FILE_NAME))
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A file from a newer Sanctum is refused, never rewritten. The file is private to the user
    /// (`0600`); SQLite gives its WAL and shared-memory files the same mode.
    pub fn open(path: &Path) -> Result<Store> {
        make_db_private(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Store::prepare(conn, path.to_path_buf())
    }

    /// A private in-memory database (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn prepare(mut conn: Connection, path: PathBuf) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // While another opener switches a new file to WAL or recovers its log, SQLite answers
        // "locked" at once, without waiting: those first steps are retried for the busy
        // timeout. (They are all safe to repeat.)
        let started = std::time::Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match Store::set_up(&mut conn, &path) {
                Err(e) if e.kind() == "busy" && started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(e) => return Err(e),
                Ok(()) => {
                    return Ok(Store {
                        conn,
                        path,
                        summary_cache: Default::default(),
                        matches_cache: Default::default(),
                        markers: Default::default(),
                    })
                }
            }
        }
    }

    fn set_up(conn: &mut Connection, path: &Path) -> Result<()> {
        // Checked before anything touches the file, so a newer file is left exactly as it was.
        migrations::refuse_newer(conn, path)?;
        // WAL lets the app and the CLI read while the other writes; synchronous=FULL makes every
        // acknowledged commit survive a power cut, not only a crash.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // The write-ahead log stays between runs: closing would otherwise checkpoint it into the
        // database and delete it (two more fsyncs), and the next run would create it again (two
        // more: its header and the folder). Kept, a command-line `log` costs one fsync, its
        // commit. A log grown past WAL_KEPT_BYTES is folded in and emptied as the store closes
        // (see Drop). Every reader (the app, the CLI, backup, restore, export) goes through
        // SQLite, which reads the log.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        migrations::migrate(conn, path)
    }

    /// Drops what was read and kept for lists (counts, a search's matches, markers): a write
    /// may change it. The database state kept with each also tells, but not for every way a
    /// row can change (a restore from a backup).
    pub(crate) fn forget_reads(&self) {
        self.summary_cache.take();
        self.matches_cache.take();
        self.markers.take();
    }

    /// Runs `f` as one write: inside an IMMEDIATE transaction, committed when `f` succeeds and
    /// rolled back when it fails. Every change to the database goes through here.
    ///
    /// IMMEDIATE takes the write lock before the first read, so a read-then-write (the next
    /// rank, "is this id free?") can never be overtaken by another writer; waiting for the lock
    /// follows the busy timeout, where a DEFERRED transaction would fail at once with "database
    /// is locked". Calls nest: a write inside a write is a savepoint of the outer transaction,
    /// undone alone when it fails.
    pub(crate) fn write<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.forget_reads();
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("SAVEPOINT nested_write")?;
            return match f() {
                Ok(out) => {
                    self.conn.execute_batch("RELEASE nested_write")?;
                    Ok(out)
                }
                Err(e) => {
                    self.conn.execute_batch("ROLLBACK TO nested_write; RELEASE nested_write")?;
                    Err(e)
                }
            };
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let out = f()?;
        tx.commit()?;
        Ok(out)
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SQLite's own consistency check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict == "ok" {
            Ok(())
        } else {
            // SQLite lists problems a line each: keep the first few, on one line.
            let verdict = verdict
                .lines()
                .filter(|l| !l.starts_with("***"))
                .take(3)
                .collect::<Vec<_>>()
                .join("; ");
            Err(Error::Storage(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(verdict),
            )))
        }
    }

    /// SQLite's `data_version`: it changes when another connection (the command line, another
    /// process) commits to the file, so a long-running app can notice and refresh.
    pub fn data_version(&self) -> Result<i64> {
        // The pragma reports what the connection saw when it last read the file: read first.
        self.conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// The file SQLite keeps beside the database `db`: its name is the database's with `suffix`
/// added (`-wal`, `-shm`, `-journal`).
fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut file = db.as_os_str().to_owned();
    file.push(suffix);
    PathBuf::from(file)
}

/// Creates the database file private to the user, or makes an existing one (and its WAL and
/// shared-memory files, from before Sanctum did this) private.
fn make_db_private(path: &Path) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        field: "database",
        message: format!("cannot open {}: {}", path.display(), crate::files::io_reason(&e)),
    };
    // The database and its write-ahead log are created here, not by SQLite, and the folder is
    // made durable once when either is new. SQLite is built with SQLITE_DISABLE_DIRSYNC
    // (.cargo/config.toml), because it would otherwise sync the folder at every process's first
    // commit, although the log's name has been durable since the run that created it.
    let wal = beside(path, "-wal");
    let mut created = false;
    for file in [path, wal.as_path()] {
        if !file.exists() {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(false);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(file).map_err(io)?;
            created = true;
        }
    }
    #[cfg(unix)]
    if created {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::File::open(folder).and_then(|d| d.sync_all()).map_err(io)?;
    }
    #[cfg(not(unix))]
    let _ = created;
    for suffix in ["", "-wal", "-shm"] {
        let file = beside(path, suffix);
        if file.exists() {
            crate::files::make_private(&file, 0o600).map_err(io)?;
        }
    }
    Ok(())
}

/// A stored Unix-seconds column as an instant; a value out of range is a conversion error.
fn instant(secs: i64) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(secs, 0).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Integer,
            format!("{secs} is not a valid instant").into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_connections_commit_changes_the_data_version_ours_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        let app = Store::open(&path).unwrap();
        let cli = Store::open(&path).unwrap();
        let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let before = app.data_version().unwrap();
        app.log_interruption(crate::NewInterruption::at(now), now).unwrap();
        assert_eq!(app.data_version().unwrap(), before, "its own write");
        cli.log_interruption(crate::NewInterruption::at(now), now).unwrap();
        assert_ne!(app.data_version().unwrap(), before, "another process's write");
    }

    #[test]
    fn a_failed_write_inside_a_write_is_undone_alone() {
        let store = Store::open_in_memory().unwrap();
        let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let kept = store
            .write(|| {
                let first = store.log_interruption(crate::NewInterruption::at(now), now)?;
                let mut bad = crate::NewInterruption::at(now);
                bad.minutes = 5000;
                assert!(store.log_interruption(bad, now).is_err());
                assert!(store
                    .write(|| -> Result<()> {
                        store.log_interruption(crate::NewInterruption::at(now), now)?;
                        Err(Error::invalid("test", "undo this one"))
                    })
                    .is_err());
                Ok(first.id)
            })
            .unwrap();
        assert_eq!(store.count_interruptions().unwrap(), 1);
        assert!(store.interruption(kept).is_ok());
        assert!(store.conn.is_autocommit(), "no transaction left open");
    }

    #[test]
    fn a_new_file_is_wal_with_foreign_keys_and_current_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
        let mode: String =
            store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = store.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn the_log_outlives_a_closed_store_and_every_reader_sees_what_is_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let id = {
            let store = Store::open(&path).unwrap();
            store.log_interruption(crate::NewInterruption::at(now), now).unwrap().id
        };
        // Closed without a checkpoint (the log is small): the entry is only in the log.
        let wal = dir.path().join("s.sqlite3-wal");
        assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the log is kept");
        let store = Store::open(&path).unwrap();
        assert!(store.interruption(id).is_ok(), "a new connection reads the log");
        let copy = dir.path().join("copy.sqlite3");
        store.backup(&copy, |_, _| {}).unwrap();
        drop(store);
        assert!(Store::open(&copy).unwrap().interruption(id).is_ok(), "a backup holds it");
        let mut restored = Store::open(&dir.path().join("other.sqlite3")).unwrap();
        restored.restore(&copy, now).unwrap();
        assert!(restored.interruption(id).is_ok(), "a restore brings it");
    }

    #[test]
    fn a_large_log_is_folded_in_and_emptied_as_the_store_closes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        let wal = dir.path().join("s.sqlite3-wal");
        let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let note = "x".repeat(1900);
        {
            let store = Store::open(&path).unwrap();
            store
                .write(|| {
                    for _ in 0..900 {
                        let mut fire = crate::NewInterruption::at(now);
                        fire.note = note.clone();
                        store.log_interruption(fire, now)?;
                    }
                    Ok(())
                })
                .unwrap();
            assert!(std::fs::metadata(&wal).unwrap().len() > WAL_KEPT_BYTES);
        }
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0, "emptied on close");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.count_interruptions().unwrap(), 900, "and every entry is in the file");
    }
}
