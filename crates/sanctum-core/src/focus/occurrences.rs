//! A block's dated occurrences, in the block's own zone; how each went; the "during focus" flag;
//! the week's planned, held and answered figures; and what runs now.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::time::Span;

use super::{FocusBlock, NewFocusBlock};

/// How an occurrence went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum OccurrenceOutcome {
    /// Held in full.
    Kept,
    /// Held, but `minutes_lost` of it went elsewhere.
    Shortened { minutes_lost: u32, reason: Option<String> },
    /// Not held.
    Broken { reason: String },
}

impl OccurrenceOutcome {
    pub fn kind(&self) -> &'static str {
        match self {
            OccurrenceOutcome::Kept => "kept",
            OccurrenceOutcome::Shortened { .. } => "shortened",
            OccurrenceOutcome::Broken { .. } => "broken",
        }
    }
}

/// What the store keeps about one occurrence beyond the series: a move and/or an outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OccurrenceRecord {
    pub block_id: i64,
    /// The series date this occurrence belongs to (its identity, even when moved).
    pub date: NaiveDate,
    /// Where it was moved to, if it was.
    pub moved: Option<Span>,
    pub outcome: Option<OccurrenceOutcome>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// One dated occurrence of a block, as shown and counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Occurrence {
    pub block_id: i64,
    pub title: String,
    pub intention: String,
    pub date: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub moved: bool,
    pub outcome: Option<OccurrenceOutcome>,
}

impl Occurrence {
    pub fn planned_minutes(&self) -> i64 {
        (self.end - self.start).num_minutes().max(0)
    }

    /// Minutes actually held: all if kept, less the minutes lost if shortened, none if broken;
    /// `None` while unanswered.
    pub fn held_minutes(&self) -> Option<i64> {
        Some(match self.outcome.as_ref()? {
            OccurrenceOutcome::Kept => self.planned_minutes(),
            OccurrenceOutcome::Shortened { minutes_lost, .. } => {
                (self.planned_minutes() - i64::from(*minutes_lost)).max(0)
            }
            OccurrenceOutcome::Broken { .. } => 0,
        })
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// Whether it runs at `t`: within its slot, and not already ended (shortened, then past its
    /// held minutes) or broken.
    pub fn running_at(&self, t: DateTime<Utc>) -> bool {
        match &self.outcome {
            None | Some(OccurrenceOutcome::Kept) => self.contains(t),
            Some(OccurrenceOutcome::Shortened { .. }) => {
                self.held_span().is_some_and(|s| s.contains(t))
            }
            Some(OccurrenceOutcome::Broken { .. }) => false,
        }
    }

    /// When it is planned.
    pub fn span(&self) -> Span {
        Span { start: self.start, end: self.end }
    }

    /// The time actually held, from the start for its held minutes (a shortened block is taken
    /// to have ended early); `None` while unanswered, and for a broken one.
    pub fn held_span(&self) -> Option<Span> {
        let held = self.held_minutes()?;
        (held > 0).then(|| Span {
            start: self.start,
            end: (self.start + Duration::minutes(held)).min(self.end),
        })
    }
}

/// Occurrences of `blocks` that overlap `span`, with moves and outcomes from `records` applied,
/// sorted by start.
pub fn occurrences(
    blocks: &[FocusBlock],
    records: &[OccurrenceRecord],
    span: Span,
) -> Vec<Occurrence> {
    let by_key: HashMap<(i64, NaiveDate), &OccurrenceRecord> =
        records.iter().map(|r| ((r.block_id, r.date), r)).collect();
    let mut out = Vec::new();
    for block in blocks {
        let spec = &block.spec;
        let zone = spec.zone();
        // Series dates whose slot can touch the span (a day's margin for zone offsets), plus the
        // dates of occurrences moved from anywhere.
        let first = (span.start.with_timezone(&zone).date_naive() - Duration::days(1))
            .max(spec.active_from);
        let last = span.end.with_timezone(&zone).date_naive() + Duration::days(1);
        let near = first.iter_days().take_while(|d| *d <= last);
        let moved_here = records.iter().filter(|r| r.block_id == block.id && r.moved.is_some());
        let dates = near.chain(moved_here.map(|r| r.date).filter(|d| *d < first || *d > last));
        for date in dates.filter(|d| spec.runs_on(*d)) {
            let record = by_key.get(&(block.id, date)).copied();
            let ((start, end), moved) = match record.and_then(|r| r.moved) {
                Some(m) => ((m.start, m.end), true),
                None => (spec.slot_on(date), false),
            };
            if start < span.end && end > span.start {
                out.push(Occurrence {
                    block_id: block.id,
                    title: spec.title.clone(),
                    intention: spec.intention.clone(),
                    date,
                    start,
                    end,
                    moved,
                    outcome: record.and_then(|r| r.outcome.clone()),
                });
            }
        }
    }
    out.sort_by_key(|o| (o.start, o.block_id));
    out
}

/// Whether instant `t` falls inside any of `occurrences` (kept or not: the block was planned).
pub fn during_focus(occurrences: &[Occurrence], t: DateTime<Utc>) -> bool {
    occurrences.iter().any(|o| o.contains(t))
}

/// The first pair of blocks among `blocks` whose occurrences overlap within a year of `from`.
pub fn first_overlap<'a>(
    candidate: &NewFocusBlock,
    others: impl IntoIterator<Item = &'a FocusBlock>,
    from: NaiveDate,
) -> Option<(&'a FocusBlock, NaiveDate)> {
    if candidate.paused {
        return None;
    }
    let horizon = from + Duration::days(371);
    let mine: Vec<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> = {
        let mut v = Vec::new();
        let mut d = from.max(candidate.active_from);
        while d <= horizon && candidate.active_until.is_none_or(|u| d <= u) {
            if candidate.runs_on(d) {
                let (s, e) = candidate.slot_on(d);
                v.push((d, s, e));
            }
            d += Duration::days(1);
        }
        v
    };
    for other in others {
        if other.spec.paused {
            continue;
        }
        for (date, s, e) in &mine {
            // The other block's slots on nearby local dates (zones may differ by a day).
            for delta in -1..=1 {
                let d = *date + Duration::days(delta);
                if other.spec.runs_on(d) {
                    let (os, oe) = other.spec.slot_on(d);
                    if *s < oe && os < *e {
                        return Some((other, *date));
                    }
                }
            }
        }
    }
    None
}

/// A week's focus figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FocusFigures {
    pub planned_minutes: i64,
    /// Minutes held in answered occurrences.
    pub held_minutes: i64,
    /// Planned minutes of occurrences not answered (ended or to come).
    pub pending_minutes: i64,
    pub target_minutes: i64,
    pub kept: u32,
    pub shortened: u32,
    pub broken: u32,
    /// Ended and not answered yet: "waiting for an answer".
    pub unanswered: u32,
    /// Not ended yet and not answered.
    pub upcoming: u32,
}

/// The focus figures of one week (`week`, its span in the user's zone), by the one rule for
/// time: minutes count where they were lived — the part of an occurrence inside the week
/// ([`crate::time::minutes_within`]), held time from the occurrence's start — so a block across
/// midnight on Sunday adds to both weeks and every minute is counted once. Occurrences are
/// counted (kept, shortened, broken) in the week they start; one is waiting for an answer only
/// once it has ended by `now` (one still to come is `upcoming`).
///
/// ```
/// # use sanctum_core::focus::*;
/// # use sanctum_core::Span;
/// let week = Span { start: "2026-11-23T00:00:00Z".parse().unwrap(),
///                   end: "2026-11-30T00:00:00Z".parse().unwrap() };
/// let figures = week_figures(&[], week, 480, week.start);
/// assert_eq!(figures.planned_minutes, 0);
/// assert_eq!(figures.target_minutes, 480);
/// ```
pub fn week_figures(
    occurrences: &[Occurrence],
    week: Span,
    target_minutes: i64,
    now: DateTime<Utc>,
) -> FocusFigures {
    use crate::time::minutes_within;
    let mut f = FocusFigures { target_minutes, ..Default::default() };
    for o in occurrences {
        let planned = minutes_within(o.span(), week);
        f.planned_minutes += planned;
        f.held_minutes += o.held_span().map_or(0, |h| minutes_within(h, week));
        if o.outcome.is_none() {
            f.pending_minutes += planned;
        }
        if !week.contains(o.start) {
            continue;
        }
        match &o.outcome {
            Some(OccurrenceOutcome::Kept) => f.kept += 1,
            Some(OccurrenceOutcome::Shortened { .. }) => f.shortened += 1,
            Some(OccurrenceOutcome::Broken { .. }) => f.broken += 1,
            None if o.end <= now => f.unanswered += 1,
            None => f.upcoming += 1,
        }
    }
    f
}

/// What is happening in focus time right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FocusNow {
    /// The occurrence running at `now`, if any.
    pub running: Option<Occurrence>,
    /// Whole minutes left in the running occurrence.
    pub minutes_left: Option<i64>,
    /// The next occurrence to start after `now`, if any within the window given.
    pub next: Option<Occurrence>,
    /// A line to paste into Slack or an auto-reply while a block runs.
    pub status_line: Option<String>,
}

/// What is running and what is next among `occurrences` at `now`; times in the status line are
/// in `zone`.
pub fn focus_now(occurrences: &[Occurrence], now: DateTime<Utc>, zone: Tz) -> FocusNow {
    let running = occurrences.iter().find(|o| o.running_at(now)).cloned();
    let next = occurrences.iter().filter(|o| o.start > now).min_by_key(|o| o.start).cloned();
    let minutes_left = running.as_ref().map(|o| (o.end - now).num_seconds().div_euclid(60));
    let status_line = running.as_ref().map(|o| {
        let end = o.end.with_timezone(&zone);
        let today = now.with_timezone(&zone).date_naive() == end.date_naive();
        let at = if today {
            end.format("%H:%M").to_string()
        } else {
            end.format("%a %H:%M").to_string()
        };
        format!("I'm in focus time until {at}, back at {at}. If it's urgent, call me.")
    });
    FocusNow { running, minutes_left, next, status_line }
}
