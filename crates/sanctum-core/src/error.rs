//! The one error type of the core. Every variant says what went wrong in words a user can act on;
//! the shells (app, CLI) show `to_string()` and use `kind()` to decide how to present it.

use std::path::PathBuf;

/// Anything the core can refuse or fail at.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: names the field and the problem.
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },

    /// A record the caller named does not exist (any more).
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: i64 },

    /// The database file was written by a newer Sanctum; we refuse rather than rewrite it.
    #[error(
        "the database {path} has schema version {found}, newer than this Sanctum understands \
         (up to {supported}); upgrade Sanctum or point SANCTUM_DATA_DIR at another folder"
    )]
    SchemaTooNew { path: PathBuf, found: i64, supported: i64 },

    /// The data folder could not be found or created.
    #[error("data folder {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },

    /// No data folder could be determined for this platform.
    #[error("no data folder: set SANCTUM_DATA_DIR to a writable folder")]
    NoDataDir,

    /// SQLite refused: disk full, file locked too long, corrupt file, ...
    #[error("database: {0}")]
    Storage(#[from] rusqlite::Error),

    /// A calendar server or subscription could not be reached or refused; says what to do.
    #[error("{0}")]
    Remote(String),

    /// The system keyring refused to store or give back a password.
    #[error("keyring: {0}")]
    Keyring(String),

    /// A schema migration failed; the file is left at its previous version.
    #[error("database migration: {0}")]
    Migration(String),

    /// Reading or writing a file failed (not the user's input: a full disk, a lost folder).
    #[error("{field}: {message}")]
    Io { field: &'static str, message: String },
}

impl Error {
    /// Shorthand for a validation error.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid { field, message: message.into() }
    }

    /// A stable machine-readable category, sent to the UI as `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::DataDir { .. } | Error::NoDataDir => "data_dir",
            Error::Storage(e) if is_disk_full(e) => "disk_full",
            Error::Storage(e) if is_busy(e) => "busy",
            Error::Storage(_) => "storage",
            Error::Migration(_) => "migration",
            Error::Remote(_) => "remote",
            Error::Keyring(_) => "keyring",
            Error::Io { .. } => "io",
        }
    }

    /// Whether the user can fix this by changing what they typed (the CLI exits 2 for these,
    /// 1 for failures to read or write).
    pub fn is_input(&self) -> bool {
        matches!(self, Error::Invalid { .. } | Error::NotFound { .. })
    }

    /// The field a validation error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid { field, .. } | Error::Io { field, .. } => Some(field),
            _ => None,
        }
    }
}

fn is_disk_full(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DiskFull))
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
