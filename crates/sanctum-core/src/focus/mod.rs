//! Focus blocks: protected, usually recurring, periods of strategic work.
//!
//! - this module: a block as the user defines it, its validation, and the words for days and
//!   times (`tue,thu`, `13:00`);
//! - [`occurrences`]: a block's dated occurrences in its own IANA zone, how each went, the
//!   "during focus" flag, the week's figures, and what runs now;
//! - [`reminders`]: the heads-up, start, end and break reminders of occurrences.
//!
//! Pure functions over plain data; the store keeps them, the API strings them together.
//!
//! Daylight-saving rule (see [`crate::time::local_to_utc`]): a block keeps its wall-clock times.
//! A start or end that falls in a skipped hour moves forward by the gap; one in a repeated hour
//! takes the first. So a 13:00–17:00 block is 13:00–17:00 local on both sides of a change, and a
//! 02:00–04:00 block on a spring-forward night in New York runs 03:00–04:00 (one hour shorter).

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::time::{local_to_utc, parse_zone};

mod occurrences;
mod reminders;

pub use occurrences::*;
pub use reminders::*;

/// The days of the week, Monday first (ISO order).
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Longest block title, in characters.
pub const MAX_TITLE_CHARS: usize = 80;
/// Longest intention, in characters.
pub const MAX_INTENTION_CHARS: usize = 500;

/// When a block repeats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Repeat {
    /// Every week on these weekdays (Monday first, no duplicates).
    Weekly { days: Vec<Weekday> },
    /// Once, on this local date.
    Once { date: NaiveDate },
}

/// A focus block as the user defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewFocusBlock {
    pub title: String,
    pub intention: String,
    pub repeat: Repeat,
    /// Local wall time the block starts, in `timezone`.
    pub start: NaiveTime,
    /// Local wall time the block ends (same day, after `start`).
    pub end: NaiveTime,
    /// IANA zone the wall times are in.
    pub timezone: String,
    /// First local date the series runs (weekly blocks).
    pub active_from: NaiveDate,
    /// Last local date the series runs, if it ends.
    pub active_until: Option<NaiveDate>,
    /// A paused block keeps its definition but has no occurrences.
    pub paused: bool,
}

/// A stored focus block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FocusBlock {
    pub id: i64,
    #[serde(flatten)]
    pub spec: NewFocusBlock,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl NewFocusBlock {
    /// Checks every field; trims text; sorts and de-duplicates weekdays.
    pub fn validated(mut self) -> Result<Self> {
        self.title = self.title.trim().to_string();
        if self.title.is_empty() {
            return Err(Error::invalid("title", "is empty; name the block, e.g. Strategy"));
        }
        self.title = crate::text::line("title", &self.title, MAX_TITLE_CHARS)?;
        self.intention = crate::text::line("intention", &self.intention, MAX_INTENTION_CHARS)?;
        self.timezone = parse_zone(&self.timezone)?.name().to_string();
        if self.end <= self.start {
            return Err(Error::invalid(
                "end",
                format!(
                    "{} is not after the start {}; a block runs within one day (it may not be \
                     longer than a day or cross midnight)",
                    self.end.format("%H:%M"),
                    self.start.format("%H:%M")
                ),
            ));
        }
        if let Repeat::Weekly { days } = &mut self.repeat {
            days.sort_by_key(|d| d.num_days_from_monday());
            days.dedup();
            if days.is_empty() {
                return Err(Error::invalid("days", "choose at least one weekday, e.g. tue,thu"));
            }
        }
        if let Repeat::Once { date } = self.repeat {
            self.active_from = date;
            self.active_until = Some(date);
        }
        if matches!(self.active_until, Some(until) if until < self.active_from) {
            return Err(Error::invalid("until", "is before the block's first day"));
        }
        Ok(self)
    }

    pub fn zone(&self) -> Tz {
        parse_zone(&self.timezone).unwrap_or(Tz::UTC)
    }

    /// Minutes one occurrence lasts on a day without a clock change.
    pub fn nominal_minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// Whether the series has a slot on local date `date`.
    pub fn runs_on(&self, date: NaiveDate) -> bool {
        if self.paused
            || date < self.active_from
            || matches!(self.active_until, Some(u) if date > u)
        {
            return false;
        }
        match &self.repeat {
            Repeat::Weekly { days } => days.contains(&date.weekday()),
            Repeat::Once { date: d } => *d == date,
        }
    }

    /// The instants of the slot on local `date` (whether or not the series runs that day).
    pub fn slot_on(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let zone = self.zone();
        (local_to_utc(zone, date.and_time(self.start)), local_to_utc(zone, date.and_time(self.end)))
    }
}

/// Parses `tue,thu` / `mon-fri` / `weekdays` into weekdays.
pub fn parse_days(text: &str) -> Result<Vec<Weekday>> {
    let bad = |part: &str| {
        Error::invalid("days", format!("'{part}' is not a weekday; write e.g. tue,thu or mon-fri"))
    };
    let mut days = Vec::new();
    for part in text.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        match part.to_ascii_lowercase().as_str() {
            "weekdays" => days.extend(&WEEK[..5]),
            "daily" | "everyday" => days.extend(WEEK),
            p => match p.split_once('-') {
                Some((a, b)) => {
                    let a: Weekday = a.parse().map_err(|_| bad(part))?;
                    let b: Weekday = b.parse().map_err(|_| bad(part))?;
                    let mut d = a;
                    loop {
                        days.push(d);
                        if d == b {
                            break;
                        }
                        d = d.succ();
                    }
                }
                None => days.push(p.parse().map_err(|_| bad(part))?),
            },
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    if days.is_empty() {
        return Err(Error::invalid("days", "choose at least one weekday, e.g. tue,thu"));
    }
    Ok(days)
}

/// Parses `13:00` (or `1300`, `13`) as a wall time.
pub fn parse_wall_time(field: &'static str, text: &str) -> Result<NaiveTime> {
    let t = text.trim();
    NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H%M"))
        .or_else(|_| NaiveTime::parse_from_str(&format!("{t}:00"), "%H:%M"))
        .map_err(|_| {
            Error::invalid(field, format!("'{t}' is not a time of day; write it like 13:00"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Span;
    use chrono::Duration;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn hm(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }
    /// ISO week 2026-W48 in UTC: Monday 23 to Sunday 29 November.
    fn week48() -> Span {
        Span { start: t("2026-11-23T00:00:00Z"), end: t("2026-11-30T00:00:00Z") }
    }

    fn weekly(id: i64, days: &str, from: &str, to: &str, zone: &str) -> FocusBlock {
        FocusBlock {
            id,
            spec: NewFocusBlock {
                title: format!("block {id}"),
                intention: String::new(),
                repeat: Repeat::Weekly { days: parse_days(days).unwrap() },
                start: hm(from),
                end: hm(to),
                timezone: zone.into(),
                active_from: d("2026-01-01"),
                active_until: None,
                paused: false,
            }
            .validated()
            .unwrap(),
            created_at: t("2026-01-01T00:00:00Z"),
            updated_at: t("2026-01-01T00:00:00Z"),
        }
    }

    fn on(blocks: &[FocusBlock], records: &[OccurrenceRecord], date: &str) -> Vec<Occurrence> {
        let day = d(date);
        let span = Span {
            start: Utc.from_utc_datetime(&(day - Duration::days(1)).and_time(NaiveTime::MIN)),
            end: Utc.from_utc_datetime(&(day + Duration::days(2)).and_time(NaiveTime::MIN)),
        };
        occurrences(blocks, records, span).into_iter().filter(|o| o.date == day).collect()
    }

    use chrono::TimeZone;

    /// The vectors from CALENDARS.md: a Tue/Thu 13:00 block either side of each change.
    #[test]
    fn a_13_00_block_stays_13_00_local_across_dst() {
        let vectors = [
            (
                "Europe/London",
                "2026-03-26",
                "2026-03-26T13:00:00Z",
                "2026-03-31",
                "2026-03-31T12:00:00Z",
            ),
            (
                "Europe/London",
                "2026-10-22",
                "2026-10-22T12:00:00Z",
                "2026-10-27",
                "2026-10-27T13:00:00Z",
            ),
            (
                "America/New_York",
                "2026-03-05",
                "2026-03-05T18:00:00Z",
                "2026-03-10",
                "2026-03-10T17:00:00Z",
            ),
            (
                "America/New_York",
                "2026-10-29",
                "2026-10-29T17:00:00Z",
                "2026-11-03",
                "2026-11-03T18:00:00Z",
            ),
            (
                "Australia/Lord_Howe",
                "2026-04-02",
                "2026-04-02T02:00:00Z",
                "2026-04-07",
                "2026-04-07T02:30:00Z",
            ),
            (
                "Australia/Lord_Howe",
                "2026-10-01",
                "2026-10-01T02:30:00Z",
                "2026-10-06",
                "2026-10-06T02:00:00Z",
            ),
        ];
        for (zone, before, before_utc, after, after_utc) in vectors {
            let blocks = [weekly(1, "tue,thu", "13:00", "17:00", zone)];
            let tz: Tz = zone.parse().unwrap();
            for (date, utc) in [(before, before_utc), (after, after_utc)] {
                let o = on(&blocks, &[], date);
                assert_eq!(o.len(), 1, "{zone} {date}");
                assert_eq!(o[0].start, t(utc), "{zone} {date}");
                assert_eq!(o[0].end.with_timezone(&tz).format("%H:%M").to_string(), "17:00");
                assert_eq!(o[0].planned_minutes(), 240);
            }
        }
    }

    #[test]
    fn a_block_in_a_skipped_hour_starts_after_the_gap() {
        let blocks = [weekly(1, "daily", "02:00", "04:00", "America/New_York")];
        let o = &on(&blocks, &[], "2026-03-08")[0];
        assert_eq!(o.start, t("2026-03-08T07:00:00Z"), "02:00 does not exist: 03:00 EDT");
        assert_eq!(o.end, t("2026-03-08T08:00:00Z"), "04:00 EDT");
        assert_eq!(o.planned_minutes(), 60, "the gap's hour is lost");
        assert_eq!(on(&blocks, &[], "2026-03-09")[0].planned_minutes(), 120);
    }

    #[test]
    fn a_block_in_a_repeated_hour_starts_at_the_first() {
        let blocks = [weekly(1, "daily", "01:00", "02:00", "Europe/London")];
        let o = &on(&blocks, &[], "2026-10-25")[0];
        assert_eq!(o.start, t("2026-10-25T00:00:00Z"), "the first 01:00 (BST)");
        assert_eq!(o.end, t("2026-10-25T02:00:00Z"), "02:00 GMT");
        assert_eq!(o.planned_minutes(), 120, "the repeated hour is held twice");
    }

    #[test]
    fn weekly_days_active_range_and_pause() {
        let mut b = weekly(1, "tue,thu", "13:00", "17:00", "UTC");
        b.spec.active_from = d("2026-11-05");
        b.spec.active_until = Some(d("2026-11-19"));
        let span = Span { start: t("2026-11-01T00:00:00Z"), end: t("2026-11-30T00:00:00Z") };
        let dates: Vec<String> =
            occurrences(&[b.clone()], &[], span).iter().map(|o| o.date.to_string()).collect();
        assert_eq!(dates, ["2026-11-05", "2026-11-10", "2026-11-12", "2026-11-17", "2026-11-19"]);
        b.spec.paused = true;
        assert!(occurrences(&[b], &[], span).is_empty());
    }

    #[test]
    fn a_moved_occurrence_leaves_the_series_alone() {
        let blocks = [weekly(1, "tue,thu", "13:00", "17:00", "UTC")];
        let moved = Span { start: t("2026-11-25T09:00:00Z"), end: t("2026-11-25T12:00:00Z") };
        let records = [OccurrenceRecord {
            block_id: 1,
            date: d("2026-11-24"),
            moved: Some(moved),
            outcome: None,
            answered_at: None,
        }];
        let week = week48();
        let all = occurrences(&blocks, &records, week);
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].date, all[0].start, all[0].moved), (d("2026-11-24"), moved.start, true));
        assert_eq!(all[0].planned_minutes(), 180);
        assert_eq!((all[1].date, all[1].start), (d("2026-11-26"), t("2026-11-26T13:00:00Z")));
    }

    #[test]
    fn outcomes_add_to_and_take_from_the_week() {
        let blocks = [weekly(1, "mon-thu", "13:00", "17:00", "UTC")];
        let rec = |date: &str, outcome| OccurrenceRecord {
            block_id: 1,
            date: d(date),
            moved: None,
            outcome: Some(outcome),
            answered_at: None,
        };
        let records = [
            rec("2026-11-23", OccurrenceOutcome::Kept),
            rec("2026-11-24", OccurrenceOutcome::Shortened { minutes_lost: 90, reason: None }),
            rec("2026-11-25", OccurrenceOutcome::Broken { reason: "incident".into() }),
        ];
        let week = week48();
        // Thursday's occurrence has ended unanswered; Friday's is still to come.
        let now = "2026-11-27T09:00:00Z".parse().unwrap();
        let f = week_figures(&occurrences(&blocks, &records, week), week, 8 * 60, now);
        assert_eq!(
            f,
            FocusFigures {
                planned_minutes: 4 * 240,
                held_minutes: 240 + 150,
                pending_minutes: 240,
                target_minutes: 480,
                kept: 1,
                shortened: 1,
                broken: 1,
                unanswered: 1,
                upcoming: 0,
            }
        );
    }

    #[test]
    fn during_focus_is_inside_an_occurrence() {
        let blocks = [weekly(1, "tue", "13:00", "17:00", "Europe/London")];
        let week = week48();
        let occ = occurrences(&blocks, &[], week);
        assert!(during_focus(&occ, t("2026-11-24T13:00:00Z")));
        assert!(during_focus(&occ, t("2026-11-24T16:59:59Z")));
        assert!(!during_focus(&occ, t("2026-11-24T17:00:00Z")));
        assert!(!during_focus(&occ, t("2026-11-25T14:00:00Z")));
    }

    #[test]
    fn overlaps_are_found_across_days_and_zones() {
        let existing = [weekly(1, "tue,thu", "13:00", "17:00", "Europe/London")];
        let from = d("2026-11-25");
        let cand = |days: &str, a: &str, b: &str, zone: &str| weekly(2, days, a, b, zone).spec;
        assert!(first_overlap(&cand("thu", "16:00", "18:00", "Europe/London"), &existing, from)
            .is_some());
        assert!(first_overlap(&cand("thu", "17:00", "18:00", "Europe/London"), &existing, from)
            .is_none());
        assert!(first_overlap(
            &cand("wed,fri", "13:00", "17:00", "Europe/London"),
            &existing,
            from
        )
        .is_none());
        // 08:00-09:00 in New York is 13:00-14:00 in London in winter.
        let (other, date) =
            first_overlap(&cand("tue", "08:00", "09:00", "America/New_York"), &existing, from)
                .unwrap();
        assert_eq!((other.id, date), (1, d("2026-12-01")));
        let mut paused = cand("thu", "13:00", "17:00", "Europe/London");
        paused.paused = true;
        assert!(first_overlap(&paused, &existing, from).is_none());
    }

    #[test]
    fn validation_names_the_field() {
        let base = weekly(1, "tue", "13:00", "17:00", "UTC").spec;
        let with = |f: &dyn Fn(&mut NewFocusBlock)| {
            let mut b = base.clone();
            f(&mut b);
            b.validated().unwrap_err().field().unwrap()
        };
        assert_eq!(with(&|b| b.end = hm("12:00")), "end");
        assert_eq!(with(&|b| b.end = hm("13:00")), "end");
        assert_eq!(with(&|b| b.title = "  ".into()), "title");
        assert_eq!(with(&|b| b.repeat = Repeat::Weekly { days: vec![] }), "days");
        assert_eq!(with(&|b| b.timezone = "Mars/Base".into()), "timezone");
        assert_eq!(with(&|b| b.active_until = Some(d("2025-01-01"))), "until");
        assert_eq!(with(&|b| b.intention = "x".repeat(501)), "intention");
        let once = NewFocusBlock { repeat: Repeat::Once { date: d("2026-12-03") }, ..base }
            .validated()
            .unwrap();
        assert_eq!((once.active_from, once.active_until), (d("2026-12-03"), Some(d("2026-12-03"))));
    }

    #[test]
    fn now_says_what_runs_and_what_is_next() {
        let blocks = [weekly(1, "tue,thu", "13:00", "17:00", "Europe/London")];
        let week = week48();
        let occ = occurrences(&blocks, &[], week);
        let london: Tz = "Europe/London".parse().unwrap();
        let during = focus_now(&occ, t("2026-11-24T15:20:30Z"), london);
        assert_eq!(during.running.as_ref().unwrap().date, d("2026-11-24"));
        assert_eq!(during.minutes_left, Some(99));
        assert_eq!(during.next.as_ref().unwrap().date, d("2026-11-26"));
        assert_eq!(
            during.status_line.as_deref(),
            Some("I'm in focus time until 17:00, back at 17:00. If it's urgent, call me.")
        );
        let between = focus_now(&occ, t("2026-11-25T09:00:00Z"), london);
        assert_eq!(
            (between.running, between.minutes_left, between.status_line),
            (None, None, None)
        );
        assert_eq!(between.next.unwrap().start, t("2026-11-26T13:00:00Z"));
        assert_eq!(focus_now(&occ, t("2026-11-29T09:00:00Z"), london).next, None);
    }

    #[test]
    fn reminders_fall_at_heads_up_start_breaks_and_end() {
        let blocks = [weekly(1, "tue", "13:00", "17:00", "UTC")];
        let week = week48();
        let occ = occurrences(&blocks, &[], week);
        let on =
            ReminderTimes { heads_up_minutes: 10, start: true, end: true, break_every_minutes: 50 };
        let got: Vec<(String, ReminderKind)> = reminders(&occ, on, week.start, week.end)
            .iter()
            .map(|r| (r.at.format("%H:%M").to_string(), r.kind))
            .collect();
        use ReminderKind::*;
        let expected = [
            ("12:50", HeadsUp),
            ("13:00", Start),
            ("13:50", Break),
            ("14:40", Break),
            ("15:30", Break),
            ("16:20", Break),
            ("17:00", End),
        ];
        let expected: Vec<(String, ReminderKind)> =
            expected.iter().map(|(a, k)| (a.to_string(), *k)).collect();
        assert_eq!(got, expected);
        let off =
            ReminderTimes { heads_up_minutes: 0, start: false, end: false, break_every_minutes: 0 };
        assert!(reminders(&occ, off, week.start, week.end).is_empty());
        // The window is half-open: a reminder at `to` is the next call's.
        let until_start = reminders(&occ, on, week.start, t("2026-11-24T13:00:00Z"));
        assert_eq!(until_start.len(), 1);
        let (title, body) = until_start[0].message(Tz::UTC);
        assert_eq!(title, "Focus block at 13:00: block 1");
        assert!(body.starts_with("Starts in 10 min. Close Slack"), "{body}");
    }

    #[test]
    fn days_and_times_parse() {
        use Weekday::*;
        assert_eq!(parse_days("tue,thu").unwrap(), [Tue, Thu]);
        assert_eq!(parse_days("Thu, tue thu").unwrap(), [Tue, Thu]);
        assert_eq!(parse_days("mon-wed").unwrap(), [Mon, Tue, Wed]);
        assert_eq!(parse_days("fri-mon").unwrap(), [Mon, Fri, Sat, Sun]);
        assert_eq!(parse_days("weekdays").unwrap().len(), 5);
        assert_eq!(parse_days("daily").unwrap().len(), 7);
        assert_eq!(parse_days("funday").unwrap_err().field(), Some("days"));
        assert_eq!(parse_days("").unwrap_err().field(), Some("days"));
        assert_eq!(parse_wall_time("start", "13:00").unwrap(), hm("13:00"));
        assert_eq!(parse_wall_time("start", "1330").unwrap(), hm("13:30"));
        assert_eq!(parse_wall_time("start", "9").unwrap(), hm("09:00"));
        assert_eq!(parse_wall_time("end", "25:00").unwrap_err().field(), Some("end"));
    }
}
