//! The error every command returns, serialized for the UI as `{ kind, message, field }`.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CommandError {
    /// Stable category: `invalid`, `not_found`, `storage`, `disk_full`, `busy`, `shortcut`, ...
    pub kind: &'static str,
    /// A sentence saying what went wrong and what to do.
    pub message: String,
    /// For `invalid`: the field the message is about, so the UI can point at it.
    pub field: Option<&'static str>,
}

impl CommandError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        CommandError { kind, message: message.into(), field: None }
    }
}

impl From<sanctum_core::Error> for CommandError {
    fn from(e: sanctum_core::Error) -> Self {
        let message = match e.kind() {
            "disk_full" => format!(
                "{e}. The disk is full: nothing was saved; free some space and press Enter again."
            ),
            "busy" => format!("{e}. Another Sanctum is writing; try again in a moment."),
            _ => e.to_string(),
        };
        CommandError { kind: e.kind(), message, field: e.field() }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
