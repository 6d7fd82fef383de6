//! The week's plan beyond focus blocks: ranked weekly priorities, batches of small tasks with
//! their slots, ownership (mine / delegated / declined), and the wins log. Plain data and pure
//! rules; the store keeps them.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::time::{local_to_utc, parse_zone, IsoWeek, Span};

/// Above this many priorities in a week, adding one asks for confirmation.
pub const SOFT_PRIORITY_LIMIT: usize = 5;
/// Longest title of a priority, task, batch or win, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// How a weekly priority ended (or that it is still open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PriorityStatus {
    Open,
    Done,
    Partly,
    Dropped,
}

impl PriorityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PriorityStatus::Open => "open",
            PriorityStatus::Done => "done",
            PriorityStatus::Partly => "partly",
            PriorityStatus::Dropped => "dropped",
        }
    }

    pub fn parse(text: &str) -> Result<PriorityStatus> {
        match text.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(PriorityStatus::Open),
            "done" => Ok(PriorityStatus::Done),
            "partly" | "partly-done" | "partial" => Ok(PriorityStatus::Partly),
            "dropped" | "drop" => Ok(PriorityStatus::Dropped),
            other => Err(Error::invalid(
                "status",
                format!("'{other}' is not a status; use open, done, partly or dropped"),
            )),
        }
    }

    /// Whether carrying into next week makes sense: not done, not dropped.
    pub fn is_unfinished(self) -> bool {
        matches!(self, PriorityStatus::Open | PriorityStatus::Partly)
    }
}

/// One of a few ranked goals for an ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Priority {
    pub id: i64,
    pub week: IsoWeek,
    /// 1 is the top.
    pub rank: u32,
    pub title: String,
    pub status: PriorityStatus,
    /// A one-line outcome, when it ended.
    pub outcome: Option<String>,
    /// The priority of an earlier week this one continues.
    pub carried_from: Option<i64>,
}

/// Whether a task is the user's, handed to someone, or refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Ownership {
    Mine,
    Delegated { to: String },
    Declined,
}

impl Ownership {
    pub fn kind(&self) -> &'static str {
        match self {
            Ownership::Mine => "mine",
            Ownership::Delegated { .. } => "delegated",
            Ownership::Declined => "declined",
        }
    }

    /// Parses `mine`, `declined`, `delegated:Name`.
    pub fn parse(text: &str) -> Result<Ownership> {
        let (kind, to) = match text.split_once(':') {
            Some((k, to)) => (k.trim(), Some(to.trim())),
            None => (text.trim(), None),
        };
        match (kind.to_ascii_lowercase().as_str(), to) {
            ("mine", _) => Ok(Ownership::Mine),
            ("declined", _) => Ok(Ownership::Declined),
            ("delegated", Some(to)) if !to.is_empty() => {
                Ok(Ownership::Delegated { to: to.to_string() })
            }
            ("delegated", _) => {
                Err(Error::invalid("owner", "delegated needs a person: delegated:Priya"))
            }
            (other, _) => Err(Error::invalid(
                "owner",
                format!("'{other}' is not an owner; use mine, delegated:Name or declined"),
            )),
        }
    }
}

/// A small piece of work, optionally in a batch and linked to a weekly priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Task {
    pub id: i64,
    pub title: String,
    pub batch_id: Option<i64>,
    pub priority_id: Option<i64>,
    pub estimate_minutes: Option<u32>,
    pub done_at: Option<DateTime<Utc>>,
    pub ownership: Ownership,
    /// The deferred interruption this task came from.
    pub interruption_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A task as the user enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct NewTask {
    pub title: String,
    pub batch_id: Option<i64>,
    pub priority_id: Option<i64>,
    pub estimate_minutes: Option<u32>,
    pub ownership: Option<Ownership>,
}

/// When a batch is handled: on these weekdays, from–to local time in a zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchSlot {
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub timezone: String,
}

impl BatchSlot {
    pub fn validated(mut self) -> Result<BatchSlot> {
        self.timezone = parse_zone(&self.timezone)?.name().to_string();
        if self.end <= self.start {
            return Err(Error::invalid("to", "the slot must end after it starts, on the same day"));
        }
        self.days.sort_by_key(|d| d.num_days_from_monday());
        self.days.dedup();
        if self.days.is_empty() {
            return Err(Error::invalid("days", "choose at least one weekday, e.g. fri"));
        }
        Ok(self)
    }

    /// The slot's instances overlapping `span` (local wall times, the same DST rule as blocks).
    pub fn instances(&self, span: Span) -> Vec<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> {
        let zone: Tz = parse_zone(&self.timezone).unwrap_or(Tz::UTC);
        let first = span.start.with_timezone(&zone).date_naive() - Duration::days(1);
        let last = span.end.with_timezone(&zone).date_naive() + Duration::days(1);
        first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| self.days.contains(&chrono::Datelike::weekday(d)))
            .map(|d| {
                (
                    d,
                    local_to_utc(zone, d.and_time(self.start)),
                    local_to_utc(zone, d.and_time(self.end)),
                )
            })
            .filter(|(_, s, e)| *s < span.end && *e > span.start)
            .collect()
    }
}

/// A named group of similar small tasks handled together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Batch {
    pub id: i64,
    pub name: String,
    pub slot: Option<BatchSlot>,
}

/// A short record of an achievement, for the weekly report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Win {
    pub id: i64,
    /// Local date it happened.
    pub date: NaiveDate,
    pub title: String,
    pub impact: Option<String>,
    pub priority_id: Option<i64>,
}

/// Trims a title and checks its length; `field` names it in the error.
pub fn clean_title(field: &'static str, title: &str) -> Result<String> {
    let t = title.trim();
    if t.is_empty() {
        return Err(Error::invalid(field, "is empty"));
    }
    if t.chars().count() > MAX_TITLE_CHARS {
        return Err(Error::invalid(field, format!("is longer than {MAX_TITLE_CHARS} characters")));
    }
    if t.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must be a single line"));
    }
    Ok(t.to_string())
}

/// Trims an optional line; empty becomes `None`.
pub fn clean_line(field: &'static str, text: Option<&str>) -> Result<Option<String>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => clean_title(field, t).map(Some),
    }
}

/// The ISO week (in `zone`) a task done at `done_at` counts for.
///
/// ```
/// # use sanctum_core::planning::week_of;
/// let late_sunday = "2026-11-29T10:30:00Z".parse().unwrap(); // 23:30 Sunday in Auckland
/// assert_eq!(week_of(late_sunday, chrono_tz::Pacific::Auckland).to_string(), "2026-W48");
/// ```
pub fn week_of(done_at: DateTime<Utc>, zone: Tz) -> IsoWeek {
    IsoWeek::containing(done_at, zone)
}

/// Which of `from_week`'s priorities to carry: unfinished ones not already carried, in rank order.
pub fn to_carry<'a>(from_week: &'a [Priority], already_carried: &[i64]) -> Vec<&'a Priority> {
    let mut out: Vec<&Priority> = from_week
        .iter()
        .filter(|p| p.status.is_unfinished() && !already_carried.contains(&p.id))
        .collect();
    out.sort_by_key(|p| p.rank);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: i64, rank: u32, status: PriorityStatus) -> Priority {
        Priority {
            id,
            week: "2026-W48".parse().unwrap(),
            rank,
            title: format!("p{id}"),
            status,
            outcome: None,
            carried_from: None,
        }
    }

    #[test]
    fn carry_takes_unfinished_once_in_rank_order() {
        use PriorityStatus::*;
        let week = [p(1, 2, Open), p(2, 1, Partly), p(3, 3, Done), p(4, 4, Dropped), p(5, 5, Open)];
        let ids: Vec<i64> = to_carry(&week, &[]).iter().map(|p| p.id).collect();
        assert_eq!(ids, [2, 1, 5]);
        let ids: Vec<i64> = to_carry(&week, &[1, 5]).iter().map(|p| p.id).collect();
        assert_eq!(ids, [2], "already carried ones are not carried twice");
    }

    #[test]
    fn statuses_and_owners_parse_with_named_errors() {
        assert_eq!(PriorityStatus::parse("Partly").unwrap(), PriorityStatus::Partly);
        assert_eq!(PriorityStatus::parse("meh").unwrap_err().field(), Some("status"));
        assert_eq!(
            Ownership::parse("delegated:Priya").unwrap(),
            Ownership::Delegated { to: "Priya".into() }
        );
        assert_eq!(Ownership::parse("delegated").unwrap_err().field(), Some("owner"));
        assert_eq!(Ownership::parse("yours").unwrap_err().field(), Some("owner"));
        assert_eq!(clean_title("title", "  ").unwrap_err().field(), Some("title"));
        assert_eq!(clean_line("impact", Some("  ")).unwrap(), None);
    }

    #[test]
    fn week_boundaries_follow_the_users_zone() {
        let auckland: Tz = "Pacific/Auckland".parse().unwrap();
        // Sunday 29 Nov 23:30 in Auckland (NZDT, +13) is 10:30Z the same day.
        assert_eq!(
            week_of("2026-11-29T10:30:00Z".parse().unwrap(), auckland).to_string(),
            "2026-W48"
        );
        // Ten minutes after local midnight it is Monday: the next week.
        assert_eq!(
            week_of("2026-11-29T11:10:00Z".parse().unwrap(), auckland).to_string(),
            "2026-W49"
        );
    }

    #[test]
    fn batch_slots_expand_in_local_time() {
        let slot = BatchSlot {
            days: vec![Weekday::Fri],
            start: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
            timezone: "Europe/London".into(),
        }
        .validated()
        .unwrap();
        let week = "2026-W13".parse::<IsoWeek>().unwrap().span(slot.timezone.parse().unwrap());
        let got = slot.instances(week);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "2026-03-27T15:00:00Z".parse::<DateTime<Utc>>().unwrap());
        let summer = "2026-W14".parse::<IsoWeek>().unwrap().span(slot.timezone.parse().unwrap());
        assert_eq!(
            slot.instances(summer)[0].1,
            "2026-04-03T14:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        let bad = BatchSlot { days: vec![], ..slot.clone() }.validated().unwrap_err();
        assert_eq!(bad.field(), Some("days"));
    }
}
