//! The interruption: one logged fire. Owns the vocabulary (channel, urgency, outcome), the limits
//! on each field, and validation shared by the quick-log parser, the CLI flags and the app's form.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The longest a single interruption may take; anything longer is a typo, not a fire.
pub const MAX_MINUTES: u32 = 24 * 60;
/// Minutes recorded when the quick-log line gives no duration (a quick ping).
pub const DEFAULT_MINUTES: u32 = 5;
/// Longest source, category, or delegate/batch name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// How the fire reached the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    Slack,
    Email,
    Call,
    InPerson,
    Meeting,
    Alert,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::Slack,
        Channel::Email,
        Channel::Call,
        Channel::InPerson,
        Channel::Meeting,
        Channel::Alert,
        Channel::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Slack => "slack",
            Channel::Email => "email",
            Channel::Call => "call",
            Channel::InPerson => "in-person",
            Channel::Meeting => "meeting",
            Channel::Alert => "alert",
            Channel::Other => "other",
        }
    }

    /// The channel a word names, including common aliases (`mail`, `phone`, `pager`, ...).
    pub fn from_word(word: &str) -> Option<Channel> {
        let channel = match word.to_ascii_lowercase().as_str() {
            "slack" | "teams" | "chat" | "dm" => Channel::Slack,
            "email" | "mail" | "e-mail" => Channel::Email,
            "call" | "phone" => Channel::Call,
            "in-person" | "inperson" | "irl" | "desk" | "walk-up" => Channel::InPerson,
            "meeting" | "mtg" => Channel::Meeting,
            "alert" | "pager" | "page" | "incident-alert" => Channel::Alert,
            "other" => Channel::Other,
            _ => return None,
        };
        Some(channel)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Channel::from_word(s.trim()).ok_or_else(|| {
            Error::invalid(
                "channel",
                format!(
                    "'{s}' is not a channel; use one of slack, email, call, in-person, meeting, \
                     alert, other"
                ),
            )
        })
    }
}

/// How pressing the fire was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    Low,
    Normal,
    High,
    Critical,
}

impl Urgency {
    pub const ALL: [Urgency; 4] = [Urgency::Low, Urgency::Normal, Urgency::High, Urgency::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::High => "high",
            Urgency::Critical => "critical",
        }
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Urgency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" => Ok(Urgency::Low),
            "normal" | "medium" => Ok(Urgency::Normal),
            "high" => Ok(Urgency::High),
            "critical" | "urgent" => Ok(Urgency::Critical),
            _ => Err(Error::invalid(
                "urgency",
                format!("'{s}' is not an urgency; use low, normal, high or critical"),
            )),
        }
    }
}

/// What the user did with the fire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Outcome {
    /// Dealt with it themselves.
    Handled,
    /// Handed to someone else.
    Delegated { to: String },
    /// Put off, optionally into a named batch.
    Deferred { batch: Option<String> },
    /// Said no.
    Declined,
}

impl Outcome {
    /// The kinds of outcome, as [`Outcome::kind`] names them.
    pub const KINDS: [&'static str; 4] = ["handled", "delegated", "deferred", "declined"];

    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Handled => "handled",
            Outcome::Delegated { .. } => "delegated",
            Outcome::Deferred { .. } => "deferred",
            Outcome::Declined => "declined",
        }
    }

    /// The person (delegated) or batch (deferred) the outcome points at.
    pub fn target(&self) -> Option<&str> {
        match self {
            Outcome::Delegated { to } => Some(to),
            Outcome::Deferred { batch } => batch.as_deref(),
            Outcome::Handled | Outcome::Declined => None,
        }
    }

    /// Rebuilds an outcome from its stored parts.
    pub fn from_parts(kind: &str, target: Option<String>) -> Result<Outcome> {
        match (kind, target) {
            ("handled", _) => Ok(Outcome::Handled),
            ("declined", _) => Ok(Outcome::Declined),
            ("deferred", batch) => Ok(Outcome::Deferred { batch: clean_name("outcome", batch)? }),
            ("delegated", Some(to)) => match clean_name("outcome", Some(to))? {
                Some(to) => Ok(Outcome::Delegated { to }),
                None => Err(delegate_missing()),
            },
            ("delegated", None) => Err(delegate_missing()),
            (other, _) => Err(Error::invalid(
                "outcome",
                format!(
                    "'{other}' is not an outcome; use handled, delegated, deferred or declined"
                ),
            )),
        }
    }
}

fn delegate_missing() -> Error {
    Error::invalid("outcome", "delegated needs a person, e.g. >Priya or delegated:Priya")
}

/// Parses `handled`, `declined`, `deferred`, `deferred:Batch`, `delegated:Name`.
impl FromStr for Outcome {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let (kind, target) = match s.split_once(':') {
            Some((kind, target)) => (kind, Some(target.to_string())),
            None => (s, None),
        };
        Outcome::from_parts(kind.trim().to_ascii_lowercase().as_str(), target)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Handled => f.write_str("handled"),
            Outcome::Declined => f.write_str("declined"),
            Outcome::Delegated { to } => write!(f, "delegated to {to}"),
            Outcome::Deferred { batch: Some(b) } => write!(f, "deferred to {b}"),
            Outcome::Deferred { batch: None } => f.write_str("deferred"),
        }
    }
}

/// An interruption as it is about to be stored (no id yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewInterruption {
    pub occurred_at: DateTime<Utc>,
    pub source: Option<String>,
    pub channel: Channel,
    pub category: Option<String>,
    pub urgency: Urgency,
    pub minutes: u32,
    pub outcome: Outcome,
    pub note: String,
}

impl NewInterruption {
    /// A plain fire at `now` with every other field at its default.
    pub fn at(now: DateTime<Utc>) -> Self {
        NewInterruption {
            occurred_at: now,
            source: None,
            channel: Channel::Other,
            category: None,
            urgency: Urgency::Normal,
            minutes: DEFAULT_MINUTES,
            outcome: Outcome::Handled,
            note: String::new(),
        }
    }

    /// Checks every field and normalises names (trimmed; categories lower-case).
    /// Called by the store on every write, so no path can store an invalid row.
    pub fn validated(mut self) -> Result<Self> {
        self.source = clean_name("source", self.source)?;
        self.category = clean_name("category", self.category)?.map(|c| c.to_lowercase());
        self.outcome = match self.outcome {
            Outcome::Delegated { to } => match clean_name("outcome", Some(to))? {
                Some(to) => Outcome::Delegated { to },
                None => return Err(delegate_missing()),
            },
            Outcome::Deferred { batch } => {
                Outcome::Deferred { batch: clean_name("outcome", batch)? }
            }
            other => other,
        };
        check_minutes(i64::from(self.minutes))?;
        self.note = crate::text::line("note", &self.note, MAX_NOTE_CHARS)?;
        Ok(self)
    }
}

/// Refuses durations a single fire cannot have.
pub fn check_minutes(minutes: i64) -> Result<u32> {
    if minutes < 0 {
        return Err(Error::invalid(
            "minutes",
            format!("{minutes} is negative; give the time spent, e.g. 15m"),
        ));
    }
    if minutes > i64::from(MAX_MINUTES) {
        return Err(Error::invalid(
            "minutes",
            format!("{minutes} is more than a day ({MAX_MINUTES} minutes); give the time spent, e.g. 15m or 2h"),
        ));
    }
    u32::try_from(minutes).map_err(|_| Error::invalid("minutes", "is out of range"))
}

/// Trims a name; empty becomes `None`; too long or containing control characters is refused.
fn clean_name(field: &'static str, name: Option<String>) -> Result<Option<String>> {
    let Some(name) = name else { return Ok(None) };
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(
            field,
            format!("'{name}' is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters (tabs, new lines)"));
    }
    Ok(Some(name.to_string()))
}

/// A stored interruption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Interruption {
    pub id: i64,
    #[serde(flatten)]
    pub fields: NewInterruption,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Derived, never stored: it happened inside a focus block's occurrence.
    #[serde(default)]
    pub during_focus: bool,
}

/// A change to some fields of a stored interruption; `None` leaves a field as it is.
/// For the optional text fields, `Some(None)`/an empty string clears them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct InterruptionPatch {
    pub occurred_at: Option<DateTime<Utc>>,
    pub source: Option<Option<String>>,
    pub channel: Option<Channel>,
    pub category: Option<Option<String>>,
    pub urgency: Option<Urgency>,
    pub minutes: Option<u32>,
    pub outcome: Option<Outcome>,
    pub note: Option<String>,
}

impl InterruptionPatch {
    pub fn is_empty(&self) -> bool {
        *self == InterruptionPatch::default()
    }

    /// The fields after the patch is applied (not yet validated).
    pub fn apply(self, mut to: NewInterruption) -> NewInterruption {
        if let Some(v) = self.occurred_at {
            to.occurred_at = v;
        }
        if let Some(v) = self.source {
            to.source = v;
        }
        if let Some(v) = self.channel {
            to.channel = v;
        }
        if let Some(v) = self.category {
            to.category = v;
        }
        if let Some(v) = self.urgency {
            to.urgency = v;
        }
        if let Some(v) = self.minutes {
            to.minutes = v;
        }
        if let Some(v) = self.outcome {
            to.outcome = v;
        }
        if let Some(v) = self.note {
            to.note = v;
        }
        to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_round_trips_through_its_stored_parts() {
        for o in [
            Outcome::Handled,
            Outcome::Declined,
            Outcome::Deferred { batch: None },
            Outcome::Deferred { batch: Some("Email".into()) },
            Outcome::Delegated { to: "Priya".into() },
        ] {
            let back = Outcome::from_parts(o.kind(), o.target().map(str::to_string)).unwrap();
            assert_eq!(back, o);
        }
    }

    #[test]
    fn outcome_from_str_names_the_field() {
        assert_eq!("delegated:Priya".parse::<Outcome>().unwrap().target(), Some("Priya"));
        let e = "delegated".parse::<Outcome>().unwrap_err();
        assert_eq!(e.field(), Some("outcome"));
        let e = "ignored".parse::<Outcome>().unwrap_err();
        assert!(e.to_string().contains("'ignored' is not an outcome"), "{e}");
    }

    #[test]
    fn validation_trims_and_refuses() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let mut n = NewInterruption::at(now);
        n.source = Some("  Sam ".into());
        n.category = Some(" Vendor".into());
        n.note = "  x ".into();
        let v = n.clone().validated().unwrap();
        assert_eq!(v.source.as_deref(), Some("Sam"));
        assert_eq!(v.category.as_deref(), Some("vendor"));
        assert_eq!(v.note, "x");

        n.minutes = MAX_MINUTES + 1;
        assert_eq!(n.clone().validated().unwrap_err().field(), Some("minutes"));
        n.minutes = 5;
        n.source = Some("a\tb".into());
        assert_eq!(n.clone().validated().unwrap_err().field(), Some("source"));
        n.source = None;
        n.note = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(n.validated().unwrap_err().field(), Some("note"));
    }

    #[test]
    fn json_shape_is_flat_with_tagged_outcome() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let mut n = NewInterruption::at(now);
        n.outcome = Outcome::Delegated { to: "Priya".into() };
        n.channel = Channel::InPerson;
        let v = serde_json::to_value(&n).unwrap();
        assert_eq!(v["channel"], "in-person");
        assert_eq!(v["outcome"]["kind"], "delegated");
        assert_eq!(v["outcome"]["to"], "Priya");
    }
}
