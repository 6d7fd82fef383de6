//! Versioned schema migrations, embedded in the binary. The version lives in SQLite's
//! `user_version`. Append new steps; never edit a released one.
//!
//! The whole upgrade runs in one IMMEDIATE transaction that reads the version only once it holds
//! the write lock, so any number of processes may open a new or older file at once: the first
//! upgrades it, the others wait (busy timeout) and then find nothing to do. (A migration library
//! that reads the version before taking the lock lets two openers run the same step, and the
//! second fails with "table settings already exists".)

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// The migration steps, oldest first. Step N takes a file from version N-1 to N.
const STEPS: &[&str] = &[
    // 1: the interruption log and settings.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE interruptions (
        id             INTEGER PRIMARY KEY,
        occurred_at    INTEGER NOT NULL,               -- Unix seconds, UTC
        source         TEXT,
        channel        TEXT NOT NULL CHECK (channel IN
                         ('slack','email','call','in-person','meeting','alert','other')),
        category       TEXT,
        urgency        TEXT NOT NULL CHECK (urgency IN ('low','normal','high','critical')),
        minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
        outcome        TEXT NOT NULL CHECK (outcome IN ('handled','delegated','deferred','declined')),
        outcome_target TEXT,                           -- delegate's name or batch name
        note           TEXT NOT NULL DEFAULT '',
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        CHECK (outcome <> 'delegated' OR outcome_target IS NOT NULL)
    ) STRICT;

    CREATE INDEX interruptions_by_time ON interruptions (occurred_at);
    "#,
    // 2: focus blocks and their occurrences' moves and outcomes.
    r#"
    CREATE TABLE focus_blocks (
        id           INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: ids name published events
        title        TEXT NOT NULL,
        intention    TEXT NOT NULL DEFAULT '',
        repeat       TEXT NOT NULL CHECK (repeat IN ('weekly','once')),
        days         INTEGER NOT NULL DEFAULT 0,       -- weekly: bit 0 Monday ... bit 6 Sunday
        start_time   TEXT NOT NULL,                    -- local wall time HH:MM in timezone
        end_time     TEXT NOT NULL,
        timezone     TEXT NOT NULL,                    -- IANA zone
        active_from  TEXT NOT NULL,                    -- local date YYYY-MM-DD
        active_until TEXT,
        paused       INTEGER NOT NULL DEFAULT 0,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        CHECK (end_time > start_time)
    ) STRICT;

    CREATE TABLE occurrences (
        block_id     INTEGER NOT NULL REFERENCES focus_blocks (id) ON DELETE CASCADE,
        date         TEXT NOT NULL,                    -- the series date (local) it belongs to
        moved_start  INTEGER,                          -- Unix seconds, UTC, when moved
        moved_end    INTEGER,
        outcome      TEXT CHECK (outcome IN ('kept','shortened','broken')),
        minutes_lost INTEGER,
        reason       TEXT,
        answered_at  INTEGER,
        PRIMARY KEY (block_id, date)
    ) STRICT;

    CREATE INDEX occurrences_by_date ON occurrences (date);
    CREATE INDEX occurrences_by_move ON occurrences (moved_start) WHERE moved_start IS NOT NULL;
    "#,
    // 3: weekly priorities, batches and tasks, wins.
    r#"
    CREATE TABLE priorities (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        week         TEXT NOT NULL,                    -- ISO week, e.g. 2026-W48
        rank         INTEGER NOT NULL,                 -- 1 is the top
        title        TEXT NOT NULL,
        status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','partly','dropped')),
        outcome      TEXT,
        carried_from INTEGER REFERENCES priorities (id) ON DELETE SET NULL,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX priorities_by_week ON priorities (week, rank);
    -- A priority is carried into the next week at most once.
    CREATE UNIQUE INDEX priorities_carried_once ON priorities (carried_from)
        WHERE carried_from IS NOT NULL;

    CREATE TABLE batches (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        slot_days    INTEGER NOT NULL DEFAULT 0,       -- bit 0 Monday ... bit 6 Sunday; 0 = no slot
        slot_start   TEXT,                             -- local HH:MM
        slot_end     TEXT,
        slot_zone    TEXT,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE tasks (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        title            TEXT NOT NULL,
        batch_id         INTEGER REFERENCES batches (id) ON DELETE SET NULL,
        priority_id      INTEGER REFERENCES priorities (id) ON DELETE SET NULL,
        estimate_minutes INTEGER CHECK (estimate_minutes BETWEEN 0 AND 1440),
        done_at          INTEGER,                      -- Unix seconds, UTC
        ownership        TEXT NOT NULL DEFAULT 'mine' CHECK (ownership IN ('mine','delegated','declined')),
        owner            TEXT,                         -- the delegate
        interruption_id  INTEGER UNIQUE REFERENCES interruptions (id) ON DELETE SET NULL,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        CHECK (ownership <> 'delegated' OR owner IS NOT NULL)
    ) STRICT;
    CREATE INDEX tasks_by_batch ON tasks (batch_id, done_at);
    CREATE INDEX tasks_by_owner ON tasks (ownership) WHERE ownership <> 'mine';

    CREATE TABLE wins (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        date        TEXT NOT NULL,                     -- local date
        title       TEXT NOT NULL,
        impact      TEXT,
        priority_id INTEGER REFERENCES priorities (id) ON DELETE SET NULL,
        created_at  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX wins_by_date ON wins (date);
    "#,
    // 4: the weekly review's one change for next week.
    r#"
    CREATE TABLE reviews (
        week        TEXT PRIMARY KEY NOT NULL,         -- ISO week reviewed
        next_change TEXT NOT NULL DEFAULT '',          -- the one change to make next week
        reviewed_at INTEGER NOT NULL
    ) STRICT;
    "#,
    // 5: calendars: subscriptions read for busy time, their cached events, and what Sanctum
    // published to a CalDAV calendar (passwords are in the OS keyring, not here).
    r#"
    CREATE TABLE calendars (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        name         TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('file','url','caldav')),
        location     TEXT NOT NULL,                    -- file path or URL
        username     TEXT,                             -- caldav only
        read_busy    INTEGER NOT NULL DEFAULT 1,       -- its events count as busy time
        publish      INTEGER NOT NULL DEFAULT 0,       -- caldav: focus blocks are published here
        refreshed_at INTEGER,                          -- last successful read, Unix seconds
        last_error   TEXT,                             -- last failed read or publish
        created_at   INTEGER NOT NULL,
        UNIQUE (kind, location, username),
        CHECK (kind = 'caldav' OR (username IS NULL AND publish = 0))
    ) STRICT;

    CREATE TABLE calendar_events (
        calendar_id INTEGER NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
        uid         TEXT NOT NULL,
        summary     TEXT NOT NULL,
        start_at    INTEGER NOT NULL,                  -- Unix seconds, UTC
        end_at      INTEGER NOT NULL,
        all_day     INTEGER NOT NULL,
        busy        INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX calendar_events_by_time ON calendar_events (start_at);

    CREATE TABLE published_events (
        calendar_id INTEGER NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
        name        TEXT NOT NULL,                     -- resource name in the collection
        content     TEXT NOT NULL,                     -- the iCalendar text last sent
        etag        TEXT,
        state       TEXT NOT NULL CHECK (state IN ('sending','sent','deleting')),
        PRIMARY KEY (calendar_id, name)
    ) STRICT;
    "#,
    // 6: user text is one line everywhere (as quick-log always made it): new lines and tabs
    // that other paths let in become spaces.
    r#"
    UPDATE interruptions SET note = trim(replace(replace(replace(note, char(13), ' '), char(10), ' '), char(9), ' ')), source = trim(replace(replace(replace(source, char(13), ' '), char(10), ' '), char(9), ' ')), category = trim(replace(replace(replace(category, char(13), ' '), char(10), ' '), char(9), ' ')), outcome_target = trim(replace(replace(replace(outcome_target, char(13), ' '), char(10), ' '), char(9), ' '))
        WHERE instr(note, char(13)) OR instr(note, char(10)) OR instr(note, char(9)) OR instr(source, char(13)) OR instr(source, char(10)) OR instr(source, char(9)) OR instr(category, char(13)) OR instr(category, char(10)) OR instr(category, char(9)) OR instr(outcome_target, char(13)) OR instr(outcome_target, char(10)) OR instr(outcome_target, char(9));
    UPDATE focus_blocks SET title = trim(replace(replace(replace(title, char(13), ' '), char(10), ' '), char(9), ' ')), intention = trim(replace(replace(replace(intention, char(13), ' '), char(10), ' '), char(9), ' '))
        WHERE instr(title, char(13)) OR instr(title, char(10)) OR instr(title, char(9)) OR instr(intention, char(13)) OR instr(intention, char(10)) OR instr(intention, char(9));
    UPDATE occurrences SET reason = trim(replace(replace(replace(reason, char(13), ' '), char(10), ' '), char(9), ' '))
        WHERE instr(reason, char(13)) OR instr(reason, char(10)) OR instr(reason, char(9));
    UPDATE priorities SET title = trim(replace(replace(replace(title, char(13), ' '), char(10), ' '), char(9), ' ')), outcome = trim(replace(replace(replace(outcome, char(13), ' '), char(10), ' '), char(9), ' '))
        WHERE instr(title, char(13)) OR instr(title, char(10)) OR instr(title, char(9)) OR instr(outcome, char(13)) OR instr(outcome, char(10)) OR instr(outcome, char(9));
    UPDATE batches SET name = trim(replace(replace(replace(name, char(13), ' '), char(10), ' '), char(9), ' '))
        WHERE instr(name, char(13)) OR instr(name, char(10)) OR instr(name, char(9));
    UPDATE tasks SET title = trim(replace(replace(replace(title, char(13), ' '), char(10), ' '), char(9), ' ')), owner = trim(replace(replace(replace(owner, char(13), ' '), char(10), ' '), char(9), ' '))
        WHERE instr(title, char(13)) OR instr(title, char(10)) OR instr(title, char(9)) OR instr(owner, char(13)) OR instr(owner, char(10)) OR instr(owner, char(9));
    UPDATE wins SET title = trim(replace(replace(replace(title, char(13), ' '), char(10), ' '), char(9), ' ')), impact = trim(replace(replace(replace(impact, char(13), ' '), char(10), ' '), char(9), ' '))
        WHERE instr(title, char(13)) OR instr(title, char(10)) OR instr(title, char(9)) OR instr(impact, char(13)) OR instr(impact, char(10)) OR instr(impact, char(9));
    UPDATE reviews SET next_change = trim(replace(replace(replace(next_change, char(13), ' '), char(10), ' '), char(9), ' '))
        WHERE instr(next_change, char(13)) OR instr(next_change, char(10)) OR instr(next_change, char(9));
    "#,
    // 7: years of fires at speed. A trigram index finds any run of three or more characters
    // anywhere in the text, ignoring case, as the LIKE scan it replaces did; the triggers keep
    // it in step with every insert, edit and delete. The time index also carries the id (the
    // list's order) and the minutes, so a page deep in the list and a list's count and time
    // spent (a week, or all time) are read from the index alone.
    r#"
    CREATE INDEX interruptions_by_time_minutes ON interruptions (occurred_at, id, minutes);
    DROP INDEX interruptions_by_time;
    CREATE VIRTUAL TABLE interruptions_text USING fts5(
        note, source, category, outcome_target,
        content = 'interruptions', content_rowid = 'id', tokenize = 'trigram');
    INSERT INTO interruptions_text (interruptions_text) VALUES ('rebuild');
    -- How many rows hold each trigram: tells a rare word (the index is faster) from a common one.
    CREATE VIRTUAL TABLE interruptions_text_vocab USING fts5vocab(interruptions_text, row);
    CREATE TRIGGER interruptions_text_insert AFTER INSERT ON interruptions BEGIN
        INSERT INTO interruptions_text (rowid, note, source, category, outcome_target)
        VALUES (new.id, new.note, new.source, new.category, new.outcome_target);
    END;
    CREATE TRIGGER interruptions_text_delete AFTER DELETE ON interruptions BEGIN
        INSERT INTO interruptions_text (interruptions_text, rowid, note, source, category, outcome_target)
        VALUES ('delete', old.id, old.note, old.source, old.category, old.outcome_target);
    END;
    CREATE TRIGGER interruptions_text_update AFTER UPDATE ON interruptions BEGIN
        INSERT INTO interruptions_text (interruptions_text, rowid, note, source, category, outcome_target)
        VALUES ('delete', old.id, old.note, old.source, old.category, old.outcome_target);
        INSERT INTO interruptions_text (rowid, note, source, category, outcome_target)
        VALUES (new.id, new.note, new.source, new.category, new.outcome_target);
    END;
    "#,
    // 8: a meeting the user answered "maybe" is kept apart, so the tentative_busy setting
    // decides at once whether it counts (declined ones are read as free).
    r#"
    ALTER TABLE calendar_events ADD COLUMN tentative INTEGER NOT NULL DEFAULT 0;
    "#,
    // 9: all time's count and time spent, kept in step by triggers on every insert, edit and
    // delete: the whole log's summary is one row, not a pass over a million index entries.
    r#"
    CREATE TABLE interruption_totals (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        fires   INTEGER NOT NULL,
        minutes INTEGER NOT NULL
    ) STRICT;
    INSERT INTO interruption_totals SELECT 1, count(*), coalesce(sum(minutes), 0) FROM interruptions;
    CREATE TRIGGER interruption_totals_insert AFTER INSERT ON interruptions BEGIN
        UPDATE interruption_totals SET fires = fires + 1, minutes = minutes + new.minutes;
    END;
    CREATE TRIGGER interruption_totals_delete AFTER DELETE ON interruptions BEGIN
        UPDATE interruption_totals SET fires = fires - 1, minutes = minutes - old.minutes;
    END;
    CREATE TRIGGER interruption_totals_update AFTER UPDATE OF minutes ON interruptions BEGIN
        UPDATE interruption_totals SET minutes = minutes - old.minutes + new.minutes;
    END;
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Refuses a file written by a newer Sanctum.
pub(super) fn refuse_newer(conn: &Connection, path: &Path) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Brings `conn` to [`SCHEMA_VERSION`] in one transaction: all steps or none.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    refuse_newer(conn, path)?;
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found == SCHEMA_VERSION {
        // The common case takes no write lock at all.
        return Ok(());
    }
    migrate_to_version(conn, path, STEPS.len())
}

/// Applies the steps up to `version` under the write lock, re-reading the version inside it.
fn migrate_to_version(conn: &mut Connection, path: &Path, version: usize) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    refuse_newer(&tx, path)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let from = usize::try_from(found).map_err(|_| {
        Error::Migration(format!("{} has a negative schema version ({found})", path.display()))
    })?;
    for (i, step) in STEPS.iter().enumerate().take(version).skip(from) {
        tx.execute_batch(step).map_err(|e| {
            Error::Migration(format!(
                "could not bring {} to schema version {}: {}; the file is unchanged",
                path.display(),
                i + 1,
                sqlite_reason(&e)
            ))
        })?;
    }
    if from < version {
        tx.pragma_update(None, "user_version", version as i64)?;
        let broken: Option<String> =
            tx.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).ok();
        if let Some(table) = broken {
            return Err(Error::Migration(format!(
                "{}: rows of {table} point at rows that do not exist; the file is unchanged",
                path.display()
            )));
        }
    }
    tx.commit()?;
    Ok(())
}

/// SQLite's own one-line reason, without the statement that failed.
fn sqlite_reason(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        other => other.to_string().lines().next().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
pub(super) fn migrate_to(conn: &mut Connection, version: usize) -> Result<()> {
    migrate_to_version(conn, Path::new("test"), version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn migrations_are_valid() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        assert_eq!(SCHEMA_VERSION as usize, STEPS.len());
    }

    /// Rows a database at each version holds before it is migrated on. Add one entry per new
    /// step so every step is tested against a file made at the previous version.
    fn seed(version: usize, conn: &Connection) {
        match version {
            0 => {}
            1 => {
                conn.execute_batch(
                    "INSERT INTO settings VALUES ('timezone', 'Europe/London');
                     INSERT INTO interruptions (occurred_at, source, channel, category, urgency,
                       minutes, outcome, outcome_target, note, created_at, updated_at)
                     VALUES (1795000000, 'Sam', 'slack', 'vendor', 'high', 15, 'delegated',
                       'Priya', 'invoices failing', 1795000000, 1795000000);",
                )
                .unwrap();
            }
            2 => {
                seed(1, conn);
                conn.execute_batch(
                    "INSERT INTO focus_blocks (title, intention, repeat, days, start_time, end_time,
                       timezone, active_from, created_at, updated_at)
                     VALUES ('Strategy', 'roadmap', 'weekly', 10, '13:00', '17:00',
                       'Europe/London', '2026-11-02', 1795000000, 1795000000);
                     INSERT INTO occurrences (block_id, date, outcome, answered_at)
                     VALUES (1, '2026-11-24', 'kept', 1795000000);",
                )
                .unwrap();
            }
            3 => {
                seed(2, conn);
                conn.execute_batch(
                    "INSERT INTO priorities (week, rank, title, created_at, updated_at)
                     VALUES ('2026-W48', 1, 'Hire a vendor manager', 1795000000, 1795000000);
                     INSERT INTO batches (name, created_at, updated_at) VALUES ('Email', 1, 1);
                     INSERT INTO tasks (title, batch_id, priority_id, created_at, updated_at)
                     VALUES ('Reply to legal', 1, 1, 1, 1);
                     INSERT INTO wins (date, title, created_at) VALUES ('2026-11-24', 'Closed Q4 audit', 1);",
                )
                .unwrap();
            }
            4 => {
                seed(3, conn);
                conn.execute_batch(
                    "INSERT INTO reviews VALUES ('2026-W47', 'Decline vendor pings before 11:00', 1795000000);",
                )
                .unwrap();
            }
            5 => {
                seed(4, conn);
                conn.execute_batch(
                    "UPDATE interruptions SET note = 'invoices' || char(10) || 'failing';",
                )
                .unwrap();
            }
            6..=8 => seed(4, conn),
            v => panic!("add seed rows for schema version {v}"),
        }
    }

    #[test]
    fn each_version_migrates_to_the_latest_keeping_its_rows() {
        for from in 0..STEPS.len() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.sqlite3");
            {
                let mut conn = Connection::open(&path).unwrap();
                if from > 0 {
                    migrate_to(&mut conn, from).unwrap();
                }
                seed(from, &conn);
            }
            let store = Store::open(&path).unwrap();
            assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
            if from >= 1 {
                let all = store.list_interruptions(&Default::default()).unwrap();
                assert_eq!(all.len(), 1, "rows kept from version {from}");
                assert_eq!(all[0].fields.note, "invoices failing");
                assert_eq!(all[0].fields.outcome.target(), Some("Priya"));
                assert_eq!(store.settings().unwrap().timezone, "Europe/London");
                let found = |text: &str| {
                    let filter =
                        crate::InterruptionFilter { text: Some(text.into()), ..Default::default() };
                    store.list_interruptions(&filter).unwrap().len()
                };
                assert_eq!(found("VOICES fail"), 1, "old rows are in the search index");
                assert_eq!(found("riya"), 1, "delegates are searched");
                assert_eq!(found("refund"), 0);
                assert_eq!(
                    store.interruption_summary(&Default::default()).unwrap(),
                    (1, 15),
                    "all time's totals count the rows kept from version {from}"
                );
            }
            if from >= 2 {
                let blocks = store.blocks().unwrap();
                assert_eq!(blocks.len(), 1);
                assert_eq!(blocks[0].spec.title, "Strategy");
                let o = store.occurrence(1, "2026-11-24".parse().unwrap()).unwrap();
                assert_eq!(o.outcome, Some(crate::focus::OccurrenceOutcome::Kept));
            }
            if from >= 3 {
                let week = "2026-W48".parse().unwrap();
                assert_eq!(store.priorities(week).unwrap()[0].title, "Hire a vendor manager");
                assert_eq!(store.task(1).unwrap().priority_id, Some(1));
                assert_eq!(store.wins(week).unwrap()[0].title, "Closed Q4 audit");
            }
            if from >= 4 {
                let note = store.review_note("2026-W47".parse().unwrap()).unwrap().unwrap();
                assert_eq!(note.next_change, "Decline vendor pings before 11:00");
            }
        }
    }

    /// Opens `path` from `n` threads at once, each with its own connection (as separate
    /// processes would), and logs one fire through each.
    fn open_all_at_once(path: &Path, n: usize) -> Vec<Result<Store>> {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(n));
        let handles: Vec<_> = (0..n)
            .map(|i| {
                let (barrier, path) = (barrier.clone(), path.to_path_buf());
                std::thread::spawn(move || {
                    barrier.wait();
                    let store = Store::open(&path)?;
                    let now = chrono::DateTime::from_timestamp(1_795_000_000 + i as i64, 0)
                        .unwrap_or_default();
                    store.log_interruption(crate::NewInterruption::at(now), now)?;
                    Ok(store)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    }

    #[test]
    fn many_first_opens_at_once_all_succeed() {
        for round in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("new.sqlite3");
            let results = open_all_at_once(&path, 12);
            for r in &results {
                if let Err(e) = r {
                    panic!("round {round}: an opener failed: {e}");
                }
            }
            let store = Store::open(&path).unwrap();
            assert_eq!(store.count_interruptions().unwrap(), 12);
            assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        }
    }

    #[test]
    fn an_upgrade_raced_by_many_openers_runs_once() {
        for from in 1..STEPS.len() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.sqlite3");
            {
                let mut conn = Connection::open(&path).unwrap();
                conn.pragma_update(None, "journal_mode", "WAL").unwrap();
                migrate_to(&mut conn, from).unwrap();
                seed(from, &conn);
            }
            let results = open_all_at_once(&path, 8);
            for r in &results {
                if let Err(e) = r {
                    panic!("from version {from}: an opener failed: {e}");
                }
            }
            let store = Store::open(&path).unwrap();
            assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
            assert_eq!(store.count_interruptions().unwrap(), 9, "the seeded fire and 8 new");
        }
    }

    #[test]
    fn a_failed_step_leaves_the_file_at_its_version_with_one_line_saying_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("odd.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 3).unwrap();
            // Someone made a table that step 4 wants to create.
            conn.execute_batch("CREATE TABLE reviews (x); INSERT INTO reviews VALUES (1);")
                .unwrap();
        }
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.kind(), "migration");
        let text = err.to_string();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("schema version 4") && text.contains("unchanged"), "{text}");
        assert!(!text.contains("CREATE"), "no SQL in the message: {text}");
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, 3);
    }

    #[test]
    fn a_file_from_a_newer_sanctum_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;").unwrap();
        }
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.kind(), "schema_too_new");
        assert!(err.to_string().contains("schema version 99"), "{err}");
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, 99);
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'interruptions'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(tables, 0, "nothing was created in the newer file");
    }
}
