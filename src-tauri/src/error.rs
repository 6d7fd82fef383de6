//! The error every command returns: the core's [`ApiError`], serialized for the UI as
//! `{ code, message, field }`.

pub use sanctum_core::api::ApiError as CommandError;

pub type CommandResult<T> = Result<T, CommandError>;
