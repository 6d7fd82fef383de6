//! The weekly review: where the time went. Pure aggregates from plain data (interruptions,
//! focus occurrences, batch slots, priorities, wins) to the figures the review screen, the
//! command line and the shareable report all show.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::focus::{week_figures, FocusFigures, Occurrence, OccurrenceOutcome};
use crate::interruption::{Interruption, Outcome};
use crate::planning::{Priority, PriorityStatus, Win};
use crate::store::BatchSlotInstance;
use crate::time::{minutes_by_day, minutes_within, IsoWeek, Span};

/// The refocus cost researchers measured after an interruption (Gloria Mark et al.).
pub const REFOCUS_MINUTES: u32 = 23;

/// One day's (or one period's) split of time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Balance {
    /// Focus minutes actually held (kept or shortened occurrences).
    pub strategic_minutes: i64,
    /// Minutes spent on logged interruptions.
    pub reactive_minutes: i64,
    /// Minutes of scheduled batch slots.
    pub batch_minutes: i64,
}

impl Balance {
    /// Strategic minutes per reactive minute (`None` without reactive time).
    pub fn strategic_per_reactive(&self) -> Option<f64> {
        (self.reactive_minutes > 0)
            .then(|| self.strategic_minutes as f64 / self.reactive_minutes as f64)
    }

    /// Strategic share of strategic + reactive + batch time, 0–1.
    pub fn strategic_share(&self) -> Option<f64> {
        let total = self.strategic_minutes + self.reactive_minutes + self.batch_minutes;
        (total > 0).then(|| self.strategic_minutes as f64 / total as f64)
    }

    fn add(&mut self, other: Balance) {
        self.strategic_minutes += other.strategic_minutes;
        self.reactive_minutes += other.reactive_minutes;
        self.batch_minutes += other.batch_minutes;
    }
}

/// Count and minutes of interruptions under one name (a source, channel, category, outcome).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tally {
    pub name: String,
    pub count: u32,
    pub minutes: i64,
}

/// The interruptions of a period, summed every way the review shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FireFigures {
    pub count: u32,
    pub minutes: i64,
    /// Minutes spent plus the refocus estimate for each one.
    pub cost_minutes: i64,
    pub by_source: Vec<Tally>,
    pub by_channel: Vec<Tally>,
    pub by_category: Vec<Tally>,
    pub by_outcome: Vec<Tally>,
    /// Share (0–1) of interruptions that landed during focus.
    pub during_focus_share: Option<f64>,
    /// Share (0–1) delegated or declined: fires that were not the user's.
    pub not_mine_share: Option<f64>,
}

/// A day of the week under review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Day {
    pub date: NaiveDate,
    pub balance: Balance,
    pub fires: u32,
}

/// A focus occurrence that did not go as planned, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Broken {
    pub date: NaiveDate,
    pub title: String,
    pub kind: String,
    pub minutes_lost: i64,
    pub reason: Option<String>,
}

/// How the week's priorities ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PriorityFigures {
    pub done: u32,
    pub partly: u32,
    pub dropped: u32,
    pub open: u32,
}

/// Everything the weekly review shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekReview {
    pub week: IsoWeek,
    pub timezone: String,
    pub balance: Balance,
    pub days: Vec<Day>,
    pub focus: FocusFigures,
    /// Share (0–1) of planned focus minutes held, over answered occurrences.
    pub defence_rate: Option<f64>,
    pub not_as_planned: Vec<Broken>,
    pub fires: FireFigures,
    pub priorities: Vec<Priority>,
    pub priority_figures: PriorityFigures,
    pub wins: Vec<Win>,
    pub trend: Vec<TrendWeek>,
}

/// One week of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrendWeek {
    pub week: IsoWeek,
    pub strategic_minutes: i64,
    pub reactive_minutes: i64,
    pub fires: u32,
    /// Share (0–1) of the week's fires delegated or declined.
    pub not_mine_share: Option<f64>,
}

/// The inputs of one week's review.
#[derive(Debug)]
pub struct WeekInputs<'a> {
    pub week: IsoWeek,
    pub zone: Tz,
    pub interruptions: &'a [Interruption],
    pub occurrences: &'a [Occurrence],
    pub batch_slots: &'a [BatchSlotInstance],
    pub target_minutes: i64,
    /// Batch slots count once they have passed; occurrences wait for an answer once ended.
    pub now: DateTime<Utc>,
    pub priorities: Vec<Priority>,
    pub wins: Vec<Win>,
    pub trend: Vec<TrendWeek>,
}

/// The week's review from its inputs.
///
/// ```
/// # use sanctum_core::review::*;
/// let inputs = WeekInputs {
///     week: "2026-W48".parse().unwrap(), zone: chrono_tz::UTC, interruptions: &[],
///     occurrences: &[], batch_slots: &[], target_minutes: 480,
///     now: "2026-11-30T00:00:00Z".parse().unwrap(), priorities: vec![],
///     wins: vec![], trend: vec![],
/// };
/// let r = week_review(inputs);
/// assert_eq!(r.days.len(), 7);
/// assert_eq!(r.balance.strategic_minutes, 0);
/// assert_eq!(r.defence_rate, None);
/// ```
pub fn week_review(i: WeekInputs<'_>) -> WeekReview {
    let span = i.week.span(i.zone);
    let local_date = |t: DateTime<Utc>| t.with_timezone(&i.zone).date_naive();
    let mut days: BTreeMap<NaiveDate, Day> = (0..7)
        .map(|n| {
            let date = i.week.monday() + Duration::days(n);
            (date, Day { date, balance: Balance::default(), fires: 0 })
        })
        .collect();
    // Held focus counts on the days it was held (split at midnight), slots of batch time once
    // they have passed: the one rule for time (`time::minutes_by_day`).
    for held in i.occurrences.iter().filter_map(Occurrence::held_span) {
        for (date, minutes) in minutes_by_day(held, i.zone) {
            if let Some(day) = days.get_mut(&date) {
                day.balance.strategic_minutes += minutes;
            }
        }
    }
    for f in i.interruptions.iter().filter(|f| span.contains(f.fields.occurred_at)) {
        if let Some(day) = days.get_mut(&local_date(f.fields.occurred_at)) {
            day.balance.reactive_minutes += i64::from(f.fields.minutes);
            day.fires += 1;
        }
    }
    for s in i.batch_slots.iter().filter(|s| s.end <= i.now) {
        for (date, minutes) in minutes_by_day(Span { start: s.start, end: s.end }, i.zone) {
            if let Some(day) = days.get_mut(&date) {
                day.balance.batch_minutes += minutes;
            }
        }
    }
    let mut balance = Balance::default();
    for d in days.values() {
        balance.add(d.balance);
    }

    let focus = week_figures(i.occurrences, span, i.target_minutes, i.now);
    let answered_planned: i64 = i
        .occurrences
        .iter()
        .filter(|o| o.outcome.is_some())
        .map(|o| minutes_within(o.span(), span))
        .sum();
    let defence_rate =
        (answered_planned > 0).then(|| focus.held_minutes as f64 / answered_planned as f64);
    let not_as_planned = i
        .occurrences
        .iter()
        .filter(|o| span.contains(o.start))
        .filter_map(|o| {
            let (kind, lost, reason) = match o.outcome.as_ref()? {
                OccurrenceOutcome::Kept => return None,
                OccurrenceOutcome::Shortened { minutes_lost, reason } => {
                    ("shortened", i64::from(*minutes_lost), reason.clone())
                }
                OccurrenceOutcome::Broken { reason } => {
                    ("broken", o.planned_minutes(), Some(reason.clone()))
                }
            };
            Some(Broken {
                date: local_date(o.start),
                title: o.title.clone(),
                kind: kind.into(),
                minutes_lost: lost,
                reason,
            })
        })
        .collect();

    let fires: Vec<&Interruption> =
        i.interruptions.iter().filter(|f| span.contains(f.fields.occurred_at)).collect();
    let mut priority_figures = PriorityFigures::default();
    for p in &i.priorities {
        match p.status {
            PriorityStatus::Done => priority_figures.done += 1,
            PriorityStatus::Partly => priority_figures.partly += 1,
            PriorityStatus::Dropped => priority_figures.dropped += 1,
            PriorityStatus::Open => priority_figures.open += 1,
        }
    }
    WeekReview {
        week: i.week,
        timezone: i.zone.name().to_string(),
        balance,
        days: days.into_values().collect(),
        focus,
        defence_rate,
        not_as_planned,
        fires: fire_figures(&fires),
        priorities: i.priorities,
        priority_figures,
        wins: i.wins,
        trend: i.trend,
    }
}

/// Sums interruptions every way the review shows them.
pub fn fire_figures(fires: &[&Interruption]) -> FireFigures {
    let count = fires.len() as u32;
    let minutes: i64 = fires.iter().map(|f| i64::from(f.fields.minutes)).sum();
    let share = |n: usize| (count > 0).then(|| n as f64 / f64::from(count));
    FireFigures {
        count,
        minutes,
        cost_minutes: minutes + i64::from(count) * i64::from(REFOCUS_MINUTES),
        by_source: tally(fires, |f| f.fields.source.clone().unwrap_or_else(|| "(unknown)".into())),
        by_channel: tally(fires, |f| f.fields.channel.to_string()),
        by_category: tally(fires, |f| f.fields.category.clone().unwrap_or_else(|| "(none)".into())),
        by_outcome: tally(fires, |f| f.fields.outcome.kind().to_string()),
        during_focus_share: share(fires.iter().filter(|f| f.during_focus).count()),
        not_mine_share: share(fires.iter().filter(|f| not_mine(&f.fields.outcome)).count()),
    }
}

/// Delegated or declined: a fire that was not the user's to fight.
pub fn not_mine(o: &Outcome) -> bool {
    matches!(o, Outcome::Delegated { .. } | Outcome::Declined)
}

/// Groups by `key`, most minutes first (then most fires, then name).
fn tally(fires: &[&Interruption], key: impl Fn(&Interruption) -> String) -> Vec<Tally> {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    for f in fires {
        let name = key(f);
        let t = by.entry(name.to_lowercase()).or_insert(Tally { name, count: 0, minutes: 0 });
        t.count += 1;
        t.minutes += i64::from(f.fields.minutes);
    }
    let mut out: Vec<Tally> = by.into_values().collect();
    out.sort_by(|a, b| {
        b.minutes.cmp(&a.minutes).then(b.count.cmp(&a.count)).then(a.name.cmp(&b.name))
    });
    out
}

/// The spans of the `n` weeks ending with `last` (oldest first), in `zone`.
pub fn trend_weeks(last: IsoWeek, n: usize) -> Vec<IsoWeek> {
    let mut weeks = vec![last];
    for _ in 1..n {
        let before = weeks[weeks.len() - 1].previous();
        weeks.push(before);
    }
    weeks.reverse();
    weeks
}
