//! The user's own copy of their data: backup, restore, JSON and CSV export, JSON import.
//! Paths are as the user typed them (`~/` is the home folder).

use super::{Confirm, Exported, Sanctum, Topic};
use crate::error::Result;
use crate::files::{user_file, user_path};
use crate::store::{ImportReport, RestoreReport, Store};

impl Sanctum<'_> {
    /// Writes a consistent copy of the database (SQLite's online backup, safe while in use).
    pub fn backup(&self, path: &str) -> Result<Exported> {
        let file = user_file("path", path)?;
        self.store.backup(&file, |_, _| {})?;
        Ok(Exported { path: file.display().to_string(), count: 1 })
    }

    /// Writes every row of every table as JSON (complete and re-importable); counts rows.
    pub fn export_json(&self, path: &str) -> Result<Exported> {
        let file = user_file("path", path)?;
        let rows = self.store.export_json_file(&file, self.now)?;
        Ok(Exported { path: file.display().to_string(), count: rows })
    }

    /// Writes one CSV file per table into the folder `dir`; counts files.
    pub fn export_csv(&self, dir: &str) -> Result<Exported> {
        let dir = user_path("path", dir)?;
        let files = self.store.export_csv(&dir)?;
        Ok(Exported { path: dir.display().to_string(), count: files.len() })
    }

    /// Imports a JSON export, all or nothing; rows already present are skipped.
    pub fn import_json(&self, path: &str) -> Result<ImportReport> {
        let report = self.store.import_json_file(&user_file("path", path)?)?;
        Ok(self.wrote(Topic::Everything, report))
    }
}

/// Replaces the database with a backup after checking it; asks first unless `confirmed` (it
/// replaces everything). The replaced database is kept beside it.
pub fn restore(
    store: &mut Store,
    path: &str,
    confirmed: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Confirm<RestoreReport>> {
    if !confirmed {
        return Ok(Confirm::Ask {
            question: format!(
                "restoring replaces everything in {}; the current data is kept beside it",
                store.path().display()
            ),
        });
    }
    let file = user_file("path", path)?;
    Ok(Confirm::Done { value: store.restore(&file, now)? })
}
