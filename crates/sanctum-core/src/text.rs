//! The rules for text a user types (notes, names, titles, reasons): one line, no control
//! characters, a length cap. Every path that stores such text — quick-log, forms, the command
//! line, import — checks it here, so a stored note can never rewrite a terminal or break a
//! line-based export. [`escaped`] is for showing text that came from elsewhere (a calendar).

use std::borrow::Cow;

use crate::error::{Error, Result};

/// `text` trimmed, if it is one line of at most `max` characters without control characters
/// (empty is allowed: callers that need a value check for it).
///
/// ```
/// # use sanctum_core::text::line;
/// assert_eq!(line("note", "  vendor down ", 100).unwrap(), "vendor down");
/// assert_eq!(line("note", "two\nlines", 100).unwrap_err().to_string(),
///            "note: must be one line without control characters (new lines, tabs, escapes)");
/// ```
pub fn line(field: &'static str, text: &str, max: usize) -> Result<String> {
    let t = text.trim();
    if t.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            "must be one line without control characters (new lines, tabs, escapes)",
        ));
    }
    if t.chars().count() > max {
        return Err(Error::invalid(field, format!("is longer than {max} characters; shorten it")));
    }
    Ok(t.to_string())
}

/// `text` with every control character except new lines written out as `\u{..}`, so text from
/// a calendar or an old database cannot send escape sequences to a terminal.
///
/// ```
/// # use sanctum_core::text::escaped;
/// assert_eq!(escaped("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
/// assert_eq!(escaped("plain\nlines"), "plain\nlines");
/// ```
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Minutes as the user reads and types them: `45m`, `2h`, `1h05m` (quick-log syntax, so a
/// duration shown can be typed back). The app's page formats them by the same rule, checked
/// against [`DURATION_EXAMPLES`].
pub fn duration(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}

/// Minutes and how [`duration`] writes them: the vectors the page's formatter is tested with.
pub const DURATION_EXAMPLES: [u64; 8] = [0, 5, 59, 60, 65, 110, 600, 1441];
