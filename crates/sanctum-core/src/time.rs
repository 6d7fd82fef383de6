//! Time as the user lives it: their IANA zone, ISO weeks and days in that zone, and the rule for
//! wall times that a daylight-saving change skips or repeats. Instants are always UTC; the zone is
//! passed in, never read from the process.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Parses an IANA zone name such as `Europe/London`.
pub fn parse_zone(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        Error::invalid(
            "timezone",
            format!("'{name}' is not an IANA time zone; use a name like Europe/London or America/New_York"),
        )
    })
}

/// The zone the operating system is set to, or UTC when it cannot be told.
pub fn system_zone() -> Tz {
    iana_time_zone::get_timezone().ok().and_then(|n| n.parse().ok()).unwrap_or(Tz::UTC)
}

/// Turns a local wall time into an instant.
///
/// The rule, for the two daylight-saving cases:
/// - a wall time that does not exist (skipped by a spring-forward gap) moves forward by the
///   length of the gap: New York 2026-03-08 02:30 becomes 03:30 EDT (07:30Z);
/// - a wall time that occurs twice (autumn fall-back) takes the first, earlier occurrence.
pub fn local_to_utc(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Read the wall time with the offset in force just before the gap, which lands it
            // the gap's length later on the far side; search back for that offset (gaps are at
            // most a few hours long).
            let mut probe = local;
            for _ in 0..48 {
                probe -= Duration::minutes(30);
                if let LocalResult::Single(t) | LocalResult::Ambiguous(t, _) =
                    zone.from_local_datetime(&probe)
                {
                    let offset = t.offset().fix();
                    let utc = local - Duration::seconds(i64::from(offset.local_minus_utc()));
                    return Utc.from_utc_datetime(&utc);
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

/// Local midnight at the start of `date`, as an instant (first instant of the day if midnight is
/// skipped).
pub fn start_of_day(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    local_to_utc(zone, date.and_time(NaiveTime::MIN))
}

/// The first year Sanctum reads in a date or week it is given.
pub const MIN_YEAR: i32 = 1900;
/// The last: far enough for any plan, near enough that weeks and trends around it never leave
/// the range of dates the clock library can hold.
pub const MAX_YEAR: i32 = 9999;

/// An ISO 8601 week, e.g. `2026-W48`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    /// The week containing `date`.
    pub fn of(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek { year: w.year(), week: w.week() }
    }

    /// The week containing instant `now` in `zone`.
    pub fn containing(now: DateTime<Utc>, zone: Tz) -> IsoWeek {
        IsoWeek::of(now.with_timezone(&zone).date_naive())
    }

    pub fn monday(self) -> NaiveDate {
        // Valid by construction: `week` was checked against the year's week count.
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
    }

    pub fn next(self) -> IsoWeek {
        IsoWeek::of(self.monday() + Duration::days(7))
    }

    pub fn previous(self) -> IsoWeek {
        IsoWeek::of(self.monday() - Duration::days(7))
    }

    /// The instants the week spans in `zone`: local Monday 00:00 up to the next Monday 00:00.
    pub fn span(self, zone: Tz) -> Span {
        Span {
            start: start_of_day(zone, self.monday()),
            end: start_of_day(zone, self.monday() + Duration::days(7)),
        }
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = Error;
    /// Accepts `2026-W48` and `2026W48` (case-insensitive).
    fn from_str(s: &str) -> Result<Self> {
        let bad =
            || Error::invalid("week", format!("'{s}' is not an ISO week; write it like 2026-W48"));
        let upper = s.trim().to_ascii_uppercase();
        let (year, week) = upper.split_once('W').ok_or_else(bad)?;
        let year: i32 = year.trim_end_matches('-').parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(Error::invalid(
                "week",
                format!("'{s}' is out of range; give a week from {MIN_YEAR} to {MAX_YEAR}"),
            ));
        }
        match NaiveDate::from_isoywd_opt(year, week, Weekday::Mon) {
            Some(_) => Ok(IsoWeek { year, week }),
            None => Err(Error::invalid("week", format!("{year} has no week {week}"))),
        }
    }
}

impl Serialize for IsoWeek {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoWeek {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A half-open range of instants `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Span {
    /// The local calendar day containing `now` in `zone`.
    pub fn day_containing(now: DateTime<Utc>, zone: Tz) -> Span {
        Span::day(now.with_timezone(&zone).date_naive(), zone)
    }

    /// The local calendar day `date` in `zone` (23 or 25 hours on a clock-change day).
    pub fn day(date: NaiveDate, zone: Tz) -> Span {
        Span { start: start_of_day(zone, date), end: start_of_day(zone, date + Duration::days(1)) }
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// The part of this span inside `other`, if any.
    pub fn within(&self, other: Span) -> Option<Span> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Span { start, end })
    }

    /// Whole minutes in the span.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes().max(0)
    }
}

/// The whole minutes of `span` that fall inside `within`, counted as [`minutes_by_day`] counts
/// them (whole minutes from the span's start), so a week's figure is the sum of its days'.
pub fn minutes_within(span: Span, within: Span) -> i64 {
    let whole = |t: DateTime<Utc>| (t - span.start).num_seconds().div_euclid(60);
    let from = span.start.max(within.start);
    let until = span.end.min(within.end);
    if from >= until {
        return 0;
    }
    whole(until) - whole(from)
}

/// The one rule for which day owns time: the minutes of `span` lived on each local day in
/// `zone`, earliest first. A span is split at local midnights (and so at week boundaries), and
/// every minute is counted exactly once: the parts add up to the span's whole minutes.
///
/// ```
/// # use sanctum_core::time::{minutes_by_day, Span};
/// // Sunday 15:00–19:00 in Los Angeles is Sunday 23:00 to Monday 03:00 in London.
/// let block = Span { start: "2026-11-29T23:00:00Z".parse().unwrap(),
///                    end: "2026-11-30T03:00:00Z".parse().unwrap() };
/// let days = minutes_by_day(block, chrono_tz::Europe::London);
/// assert_eq!(days, vec![("2026-11-29".parse().unwrap(), 60), ("2026-11-30".parse().unwrap(), 180)]);
/// ```
pub fn minutes_by_day(span: Span, zone: Tz) -> Vec<(NaiveDate, i64)> {
    let mut out = Vec::new();
    let mut at = span.start;
    // Minutes are whole from the span's start, so the parts never lose or double a minute.
    let whole = |t: DateTime<Utc>| (t - span.start).num_seconds().div_euclid(60);
    while at < span.end {
        let date = at.with_timezone(&zone).date_naive();
        let Some(next_day) = date.succ_opt() else { break };
        let midnight = start_of_day(zone, next_day);
        let until = if midnight > at { midnight.min(span.end) } else { span.end };
        let minutes = whole(until) - whole(at);
        if minutes > 0 {
            out.push((date, minutes));
        }
        at = until;
    }
    out
}

/// Parses a user-given time for "when": `14:30` (the last 14:30, local: today's, or
/// yesterday's when today's is still to come), `2026-11-24 14:30` (local),
/// an RFC 3339 instant, or `-20m` / `-2h` (that long before `now`). Future instants are refused.
pub fn parse_when(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>> {
    let text = text.trim();
    let bad = || {
        Error::invalid(
            "when",
            format!(
                "'{text}' is not a time; use 14:30, 2026-11-24 14:30, or -20m (20 minutes ago)"
            ),
        )
    };
    let at = if let Some(ago) = text.strip_prefix('-') {
        let minutes = crate::quicklog::parse_duration(ago).ok_or_else(bad)?;
        now - Duration::minutes(i64::from(minutes))
    } else if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        t.with_timezone(&Utc)
    } else if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        local_to_utc(zone, t)
    } else if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M") {
        local_to_utc(zone, t)
    } else if let Ok(t) = NaiveTime::parse_from_str(text, "%H:%M") {
        // A time of day means the last such time: 23:00 typed at 08:00 is last night.
        let today = now.with_timezone(&zone).date_naive();
        let at = local_to_utc(zone, today.and_time(t));
        match today.pred_opt() {
            Some(yesterday) if at > now + Duration::minutes(1) => {
                local_to_utc(zone, yesterday.and_time(t))
            }
            _ => at,
        }
    } else {
        return Err(bad());
    };
    // A minute of slack for clocks and typing.
    if at > now + Duration::minutes(1) {
        return Err(Error::invalid(
            "when",
            format!("'{text}' is in the future; log a fire once it has happened"),
        ));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_owned_by_the_local_day_it_was_lived_on_every_minute_once() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let span = |a: &str, b: &str| Span { start: utc(a), end: utc(b) };
        // (zone, span, expected days)
        type Case = (Tz, Span, Vec<(NaiveDate, i64)>);
        let cases: Vec<Case> = vec![
            // A block in Los Angeles, Sunday 15:00–19:00, for a user in London.
            (
                chrono_tz::Europe::London,
                span("2026-11-29T23:00:00Z", "2026-11-30T03:00:00Z"),
                vec![(d("2026-11-29"), 60), (d("2026-11-30"), 180)],
            ),
            // The same block for a user in Los Angeles: one day.
            (
                chrono_tz::America::Los_Angeles,
                span("2026-11-29T23:00:00Z", "2026-11-30T03:00:00Z"),
                vec![(d("2026-11-29"), 240)],
            ),
            // Lord Howe (UTC+10:30): 22:30 on the 3rd to 01:00 on the 4th.
            (
                chrono_tz::Australia::Lord_Howe,
                span("2026-10-03T12:00:00Z", "2026-10-03T14:30:00Z"),
                vec![(d("2026-10-03"), 90), (d("2026-10-04"), 60)],
            ),
            // Lord Howe's half-hour spring change at 02:00 on the 4th: all on the 4th.
            (
                chrono_tz::Australia::Lord_Howe,
                span("2026-10-03T14:00:00Z", "2026-10-03T16:00:00Z"),
                vec![(d("2026-10-04"), 120)],
            ),
            // London's autumn change: the day is 25 hours long.
            (
                chrono_tz::Europe::London,
                span("2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z"),
                vec![(d("2026-10-25"), 25 * 60)],
            ),
            // New York's spring change: the day is 23 hours long.
            (
                chrono_tz::America::New_York,
                span("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"),
                vec![(d("2026-03-08"), 23 * 60)],
            ),
            // Seconds: 90 s from 23:59:30 is one minute, on the first day.
            (
                chrono_tz::UTC,
                span("2026-11-29T23:59:30Z", "2026-11-30T00:01:00Z"),
                vec![(d("2026-11-30"), 1)],
            ),
            (chrono_tz::UTC, span("2026-11-30T10:00:00Z", "2026-11-30T10:00:00Z"), vec![]),
        ];
        for (zone, s, expected) in cases {
            let got = minutes_by_day(s, zone);
            assert_eq!(got, expected, "{s:?} in {zone}");
            let sum: i64 = got.iter().map(|(_, m)| m).sum();
            assert_eq!(sum, s.minutes(), "every minute once: {s:?} in {zone}");
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn skipped_wall_time_moves_forward_by_the_gap() {
        let ny = parse_zone("America/New_York").unwrap();
        assert_eq!(local_to_utc(ny, local("2026-03-08 02:30")), utc("2026-03-08T07:30:00Z"));
        // Lord Howe skips 02:00-02:30 in spring (first Sunday of October).
        let lh = parse_zone("Australia/Lord_Howe").unwrap();
        let t = local_to_utc(lh, local("2026-10-04 02:15"));
        assert_eq!(t.with_timezone(&lh).format("%H:%M").to_string(), "02:45");
    }

    #[test]
    fn repeated_wall_time_takes_the_first() {
        let london = parse_zone("Europe/London").unwrap();
        // 01:30 happens at 00:30Z (BST) and 01:30Z (GMT) on 2026-10-25.
        assert_eq!(local_to_utc(london, local("2026-10-25 01:30")), utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn week_span_follows_the_zone_and_dst() {
        let london = parse_zone("Europe/London").unwrap();
        let w: IsoWeek = "2026-W13".parse().unwrap();
        let span = w.span(london);
        assert_eq!(span.start, utc("2026-03-23T00:00:00Z"));
        // Clocks went forward on Sunday 29 March: next Monday's midnight is 23:00Z.
        assert_eq!(span.end, utc("2026-03-29T23:00:00Z"));
        let auckland = parse_zone("Pacific/Auckland").unwrap();
        // Sunday 23:30 in Auckland is Sunday 10:30Z: still that ISO week.
        let late_sunday = utc("2026-11-29T10:30:00Z");
        assert_eq!(IsoWeek::containing(late_sunday, auckland).to_string(), "2026-W48");
        assert_eq!(IsoWeek::containing(late_sunday, Tz::UTC).to_string(), "2026-W48");
        assert_eq!(
            IsoWeek::containing(utc("2026-11-29T11:30:00Z"), auckland).to_string(),
            "2026-W49"
        );
    }

    #[test]
    fn iso_week_parsing_and_year_edges() {
        assert_eq!("2026-w48".parse::<IsoWeek>().unwrap(), IsoWeek { year: 2026, week: 48 });
        assert_eq!("2026W01".parse::<IsoWeek>().unwrap().monday().to_string(), "2025-12-29");
        assert_eq!("2026-W53".parse::<IsoWeek>().unwrap().to_string(), "2026-W53");
        assert_eq!("2026-W53".parse::<IsoWeek>().unwrap().next().to_string(), "2027-W01");
        assert!("2025-W53".parse::<IsoWeek>().is_err());
        let e = "last week".parse::<IsoWeek>().unwrap_err();
        assert_eq!(e.field(), Some("week"));
    }

    #[test]
    fn when_parses_relative_local_and_refuses_future() {
        let zone = parse_zone("Europe/Berlin").unwrap();
        let now = utc("2026-11-25T15:00:00Z"); // 16:00 in Berlin
        assert_eq!(parse_when("-20m", now, zone).unwrap(), utc("2026-11-25T14:40:00Z"));
        assert_eq!(parse_when("-1h30m", now, zone).unwrap(), utc("2026-11-25T13:30:00Z"));
        assert_eq!(parse_when("14:30", now, zone).unwrap(), utc("2026-11-25T13:30:00Z"));
        assert_eq!(parse_when("2026-11-24 09:00", now, zone).unwrap(), utc("2026-11-24T08:00:00Z"));
        assert_eq!(parse_when("2026-11-25 17:00", now, zone).unwrap_err().field(), Some("when"));
        assert_eq!(parse_when("teatime", now, zone).unwrap_err().field(), Some("when"));
    }

    #[test]
    fn a_time_of_day_is_the_last_such_time_across_midnight_and_clock_changes() {
        // (zone, now, typed, expected)
        let cases = [
            // 23:00 typed at 16:00 Berlin: last night.
            ("Europe/Berlin", "2026-11-25T15:00:00Z", "23:00", "2026-11-24T22:00:00Z"),
            // Within the minute of slack: today.
            ("Europe/Berlin", "2026-11-25T15:00:00Z", "16:01", "2026-11-25T15:01:00Z"),
            // Just past midnight in Tokyo, 23:50 is five minutes... ago, yesterday.
            ("Asia/Tokyo", "2026-11-25T15:05:00Z", "23:50", "2026-11-25T14:50:00Z"),
            // London's autumn night (25 hours): 01:30 typed at 00:30 BST is the night before.
            ("Europe/London", "2026-10-24T23:30:00Z", "01:30", "2026-10-24T00:30:00Z"),
            // New York's spring night: 02:30 does not exist yesterday, so it moves to 03:30 EDT.
            ("America/New_York", "2026-03-09T05:00:00Z", "02:30", "2026-03-08T07:30:00Z"),
        ];
        for (zone, now, typed, want) in cases {
            let got = parse_when(typed, utc(now), parse_zone(zone).unwrap()).unwrap();
            assert_eq!(got, utc(want), "{typed} at {now} in {zone}");
        }
        // Whatever the clock says, a time of day is never in the future nor more than a day back.
        let zone = parse_zone("Australia/Lord_Howe").unwrap();
        let start = utc("2026-04-04T00:00:00Z");
        for step in 0..(3 * 24 * 4) {
            let now = start + Duration::minutes(15 * step + 7);
            for typed in ["00:00", "01:45", "02:00", "12:30", "23:59"] {
                let at = parse_when(typed, now, zone).unwrap();
                assert!(at <= now + Duration::minutes(1), "{typed} at {now}: {at}");
                assert!(now - at < Duration::hours(26), "{typed} at {now}: {at}");
            }
        }
    }

    #[test]
    fn zone_names_are_checked() {
        assert!(parse_zone("Europe/London").is_ok());
        let e = parse_zone("Mars/Olympus").unwrap_err();
        assert_eq!(e.field(), Some("timezone"));
    }
}
