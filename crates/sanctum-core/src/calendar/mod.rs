//! Calendars: reading the user's busy time, suggesting focus time around it, publishing focus
//! blocks to a shared CalDAV calendar.
//!
//! - [`read`]: iCalendar files into occurrences in UTC (recurrences, overrides, zones);
//! - [`zone`]: TZIDs to zones, including a file's own VTIMEZONE definitions.

pub mod lines;
pub mod read;
pub mod zone;

pub use read::{read_ics, CalendarEvent, ReadCalendar};
