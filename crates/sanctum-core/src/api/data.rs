//! The user's own copy of their data: backup, restore, JSON and CSV export, JSON import.
//! Paths are as the user typed them (`~/` is the home folder). Nothing is replaced without
//! asking: a write onto an existing file answers [`Confirm::Ask`] unless `replace` is given.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Confirm, Exported, Sanctum, Topic};
use crate::error::Result;
use crate::files::{user_file, user_path};
use crate::store::{ImportReport, RestoreReport, Store};
use crate::time::IsoWeek;

/// Something Sanctum writes to (or reads from) a file the user picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FileAction {
    Backup,
    ExportJson,
    /// A folder of CSV files.
    ExportCsv,
    Import,
    /// The focus blocks as a calendar file.
    ExportIcs,
    ReportHtml,
    ReportMd,
}

impl FileAction {
    /// The name a file dialog offers for this action: dated, so a new one never lands on an
    /// older one by default (the review's reports are named after their week).
    pub fn suggested_name(self, today: NaiveDate, week: IsoWeek) -> String {
        match self {
            FileAction::Backup => format!("sanctum-backup-{today}.sqlite3"),
            FileAction::ExportJson | FileAction::Import => format!("sanctum-export-{today}.json"),
            FileAction::ExportCsv => format!("sanctum-csv-{today}"),
            FileAction::ExportIcs => "focus-time.ics".to_string(),
            FileAction::ReportHtml => format!("sanctum-review-{week}.html"),
            FileAction::ReportMd => format!("sanctum-review-{week}.md"),
        }
    }

    /// What a file dialog shows for this action: its title and the file type it filters on.
    pub fn dialog(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            FileAction::Backup => ("Back up the database", "SQLite database", &["sqlite3", "db"]),
            FileAction::ExportJson => ("Export everything as JSON", "JSON", &["json"]),
            FileAction::ExportCsv => ("Export CSV files into a folder", "", &[]),
            FileAction::Import => ("Import a Sanctum JSON export", "JSON", &["json"]),
            FileAction::ExportIcs => {
                ("Export focus blocks as a calendar file", "iCalendar", &["ics"])
            }
            FileAction::ReportHtml => ("Save the weekly review as HTML", "HTML", &["html", "htm"]),
            FileAction::ReportMd => ("Save the weekly review as Markdown", "Markdown", &["md"]),
        }
    }
}

/// A file the user picked in a dialog for a [`FileAction`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChosenFile {
    pub path: String,
    /// The dialog itself asked before letting an existing file be picked (a desktop save
    /// dialog does), so the write may replace it without asking again.
    pub replace_confirmed: bool,
}

/// Runs `write` unless it would replace `existing` files and `replace` was not given; then
/// nothing is written and the answer asks, naming the first file in the way.
pub(crate) fn unless_replacing<T>(
    existing: &[PathBuf],
    replace: bool,
    write: impl FnOnce() -> Result<T>,
) -> Result<Confirm<T>> {
    let in_the_way = existing.iter().find(|p| p.symlink_metadata().is_ok());
    match in_the_way {
        Some(file) if !replace => {
            Ok(Confirm::Ask { question: format!("{} already exists; replace it?", file.display()) })
        }
        _ => Ok(Confirm::Done { value: write()? }),
    }
}

fn exported(path: &Path, count: usize) -> Exported {
    Exported { path: path.display().to_string(), count }
}

impl Sanctum<'_> {
    /// Writes a consistent copy of the database (SQLite's online backup, safe while in use).
    pub fn backup(&self, path: &str, replace: bool) -> Result<Confirm<Exported>> {
        let file = user_file("path", path)?;
        unless_replacing(std::slice::from_ref(&file), replace, || {
            self.store.backup(&file, |_, _| {})?;
            Ok(exported(&file, 1))
        })
    }

    /// Writes every row of every table as JSON (complete and re-importable); counts rows.
    pub fn export_json(&self, path: &str, replace: bool) -> Result<Confirm<Exported>> {
        let file = user_file("path", path)?;
        unless_replacing(std::slice::from_ref(&file), replace, || {
            Ok(exported(&file, self.store.export_json_file(&file, self.now)?))
        })
    }

    /// Writes one CSV file per table into the folder `dir`; counts files. Asks first when the
    /// folder already holds any of them.
    pub fn export_csv(&self, dir: &str, replace: bool) -> Result<Confirm<Exported>> {
        let dir = user_path("path", dir)?;
        let files: Vec<PathBuf> =
            self.store.exported_tables()?.iter().map(|t| dir.join(format!("{t}.csv"))).collect();
        unless_replacing(&files, replace, || Ok(exported(&dir, self.store.export_csv(&dir)?.len())))
    }

    /// The name to offer for `action`'s file: dated today; a report is named after `week`
    /// (the week it shows; default the current one).
    pub fn suggested_file_name(&self, action: FileAction, week: Option<IsoWeek>) -> Result<String> {
        let zone = self.zone()?;
        let today = self.now.with_timezone(&zone).date_naive();
        Ok(action.suggested_name(today, week.unwrap_or(IsoWeek::containing(self.now, zone))))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{at, store_in};

    #[test]
    fn nothing_that_exists_is_replaced_without_asking() {
        let store = store_in("Europe/London");
        let api = Sanctum::new(&store, at("2026-11-24T15:00:00Z"));
        api.log_fire("slack 10m one").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str| dir.path().join(name).display().to_string();
        let done = |c: Confirm<Exported>| match c {
            Confirm::Done { value } => value,
            Confirm::Ask { question } => panic!("asked: {question}"),
        };
        let asked = |c: Confirm<Exported>| match c {
            Confirm::Ask { question } => question,
            Confirm::Done { value } => panic!("replaced {}", value.path),
        };

        done(api.backup(&file("b.sqlite3"), false).unwrap());
        let before = std::fs::read(file("b.sqlite3")).unwrap();
        // Every writer asks before landing on an existing file, and leaves it as it was.
        let q = asked(api.export_json(&file("b.sqlite3"), false).unwrap());
        assert_eq!(q, format!("{} already exists; replace it?", file("b.sqlite3")));
        asked(api.backup(&file("b.sqlite3"), false).unwrap());
        asked(api.export_ics(&file("b.sqlite3"), false).unwrap());
        let week = "2026-W48".parse().unwrap();
        asked(
            api.export_report(
                week,
                super::super::review::ReportFormat::Md,
                &file("b.sqlite3"),
                false,
            )
            .unwrap(),
        );
        assert_eq!(std::fs::read(file("b.sqlite3")).unwrap(), before, "untouched");

        // With `replace` it goes ahead.
        assert!(done(api.export_json(&file("b.sqlite3"), true).unwrap()).count > 0);
        assert_ne!(std::fs::read(file("b.sqlite3")).unwrap(), before);

        // A CSV folder asks when any of its files is there; a new folder is simply made.
        done(api.export_csv(&file("csv"), false).unwrap());
        let q = asked(api.export_csv(&file("csv"), false).unwrap());
        assert!(q.contains(".csv already exists"), "{q}");
        done(api.export_csv(&file("csv"), true).unwrap());
        // A dangling link counts as something in the way.
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("link.json"))
            .unwrap();
        asked(api.export_json(&file("link.json"), false).unwrap());
    }

    #[test]
    fn suggested_names_are_dated_and_differ_per_action() {
        let store = store_in("Pacific/Auckland");
        // 2026-11-24 20:00 UTC is already the 25th in Auckland.
        let api = Sanctum::new(&store, at("2026-11-24T20:00:00Z"));
        let name = |a| api.suggested_file_name(a, None).unwrap();
        assert_eq!(name(FileAction::Backup), "sanctum-backup-2026-11-25.sqlite3");
        assert_eq!(name(FileAction::ExportJson), "sanctum-export-2026-11-25.json");
        assert_eq!(name(FileAction::ExportCsv), "sanctum-csv-2026-11-25");
        assert_eq!(name(FileAction::ExportIcs), "focus-time.ics");
        assert_eq!(name(FileAction::ReportHtml), "sanctum-review-2026-W48.html");
        let week = Some("2026-W40".parse().unwrap());
        assert_eq!(
            api.suggested_file_name(FileAction::ReportMd, week).unwrap(),
            "sanctum-review-2026-W40.md"
        );
        let writers = [
            FileAction::Backup,
            FileAction::ExportJson,
            FileAction::ExportCsv,
            FileAction::ExportIcs,
            FileAction::ReportHtml,
            FileAction::ReportMd,
        ];
        let names: std::collections::BTreeSet<String> = writers.iter().map(|&a| name(a)).collect();
        assert_eq!(names.len(), writers.len(), "no action's default lands on another's file");
    }
}
