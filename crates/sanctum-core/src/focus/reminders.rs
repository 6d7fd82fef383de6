//! Reminders of focus occurrences: a heads-up before, the start, the end ("how did it go?"),
//! and breaks during long blocks.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::Occurrence;

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ReminderKind {
    /// Minutes before a block starts: time to close Slack.
    HeadsUp,
    Start,
    /// The block ended: how did it go?
    End,
    /// Take a short break (every N minutes of focus).
    Break,
}

/// When each reminder is due, and whether it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderTimes {
    /// 0 = off.
    pub heads_up_minutes: u32,
    pub start: bool,
    pub end: bool,
    /// 0 = off.
    pub break_every_minutes: u32,
}

/// One due reminder for one occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reminder {
    pub at: DateTime<Utc>,
    pub kind: ReminderKind,
    pub occurrence: Occurrence,
}

impl Reminder {
    /// A key that is the same each time this reminder is computed, to send it once.
    pub fn key(&self) -> (i64, NaiveDate, ReminderKind, DateTime<Utc>) {
        (self.occurrence.block_id, self.occurrence.date, self.kind, self.at)
    }

    /// The notification's title and body, with times in `zone`.
    pub fn message(&self, zone: Tz) -> (String, String) {
        let o = &self.occurrence;
        let hm = |t: DateTime<Utc>| t.with_timezone(&zone).format("%H:%M").to_string();
        let intention =
            if o.intention.is_empty() { String::new() } else { format!(" — {}", o.intention) };
        match self.kind {
            ReminderKind::HeadsUp => (
                format!("Focus block at {}: {}", hm(o.start), o.title),
                format!(
                    "Starts in {} min. Close Slack and email, set your status.",
                    (o.start - self.at).num_minutes()
                ),
            ),
            ReminderKind::Start => {
                (format!("Focus time: {}", o.title), format!("Until {}{intention}", hm(o.end)))
            }
            ReminderKind::End => (
                format!("Focus block ended: {}", o.title),
                "How did it go? Kept, shortened or broken — answer in Sanctum.".to_string(),
            ),
            ReminderKind::Break => (
                "Time for a short break".to_string(),
                format!(
                    "Stand up, look away for five minutes. {} runs until {}.",
                    o.title,
                    hm(o.end)
                ),
            ),
        }
    }
}

/// The reminders for `occurrences`, sorted by time, that fall in `[from, to)`.
pub fn reminders(
    occurrences: &[Occurrence],
    times: ReminderTimes,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for o in occurrences {
        let mut push = |at: DateTime<Utc>, kind| {
            if from <= at && at < to {
                out.push(Reminder { at, kind, occurrence: o.clone() });
            }
        };
        if times.heads_up_minutes > 0 {
            push(
                o.start - Duration::minutes(i64::from(times.heads_up_minutes)),
                ReminderKind::HeadsUp,
            );
        }
        if times.start {
            push(o.start, ReminderKind::Start);
        }
        if times.end {
            push(o.end, ReminderKind::End);
        }
        if times.break_every_minutes > 0 {
            let every = Duration::minutes(i64::from(times.break_every_minutes));
            let mut at = o.start + every;
            // No break reminder in the last five minutes: the end reminder is near.
            while at < o.end - Duration::minutes(5) {
                push(at, ReminderKind::Break);
                at += every;
            }
        }
    }
    out.sort_by_key(|r| (r.at, r.occurrence.block_id));
    out
}
