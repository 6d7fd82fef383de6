//! Where focus time fits: clashes between focus occurrences and meetings, and suggestions of the
//! best afternoons for focus in the coming weeks.
//!
//! A suggestion is the longest free stretch of a working day's afternoon (from 12:00, or the
//! whole working day when the afternoon is shorter than two hours), cut to the user's focus
//! length. Days rank by: a stretch as long as the focus length first, then longer stretches,
//! fewer meetings that day, the user's preferred days, and sooner dates. A day that already
//! holds a focus occurrence free of meetings is left alone; a day whose occurrence clashes with a
//! meeting gets a suggestion to move it.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::CalendarEvent;
use crate::focus::Occurrence;
use crate::time::local_to_utc;

/// The user's rules for suggestions (from settings).
#[derive(Debug, Clone)]
pub struct Rules {
    pub work_start: NaiveTime,
    pub work_end: NaiveTime,
    pub work_days: Vec<Weekday>,
    pub preferred_days: Vec<Weekday>,
    /// How long a suggested block is, in minutes.
    pub length_minutes: i64,
}

/// Free stretches shorter than this are not suggested.
pub const MIN_MINUTES: i64 = 60;

/// An occurrence a suggestion would move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Moves {
    pub block_id: i64,
    pub title: String,
    /// The series date of the occurrence.
    pub date: NaiveDate,
}

/// One suggested focus block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Suggestion {
    /// Names exactly this suggestion, the same for as long as it is offered: local date, start
    /// and length, and the block it moves (`2026-12-08T13:00+180`, `2026-12-08T13:00+180~3`).
    /// Accepting by key refuses a suggestion the calendar no longer leaves room for.
    pub key: String,
    /// Local date.
    pub date: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The whole free stretch it sits in, in minutes.
    pub free_minutes: i64,
    /// Busy events during that working day.
    pub meetings: usize,
    pub preferred: bool,
    /// `Some` when accepting moves a clashing occurrence rather than adding a block.
    pub moves: Option<Moves>,
    /// Why, in a few words.
    pub reason: String,
}

/// A focus occurrence that overlaps busy calendar events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clash {
    pub block_id: i64,
    pub date: NaiveDate,
    /// Summaries of the events it overlaps.
    pub meetings: Vec<String>,
}

/// Occurrences that overlap busy events.
pub fn clashes(occurrences: &[Occurrence], events: &[CalendarEvent]) -> Vec<Clash> {
    occurrences
        .iter()
        .filter_map(|o| {
            let meetings: Vec<String> = events
                .iter()
                .filter(|e| e.busy && e.start < o.end && e.end > o.start)
                .map(|e| if e.summary.is_empty() { "Busy".to_string() } else { e.summary.clone() })
                .collect();
            (!meetings.is_empty()).then_some(Clash { block_id: o.block_id, date: o.date, meetings })
        })
        .collect()
}

/// Suggestions for the `weeks` weeks from `now`, best first.
pub fn suggest(
    events: &[CalendarEvent],
    occurrences: &[Occurrence],
    rules: &Rules,
    zone: Tz,
    now: DateTime<Utc>,
    weeks: u32,
) -> Vec<Suggestion> {
    let busy: Vec<&CalendarEvent> = events.iter().filter(|e| e.busy).collect();
    let today = now.with_timezone(&zone).date_naive();
    let mut out: Vec<(i64, Suggestion)> = Vec::new();
    for offset in 0..i64::from(weeks) * 7 {
        let date = today + Duration::days(offset);
        if !rules.work_days.contains(&chrono::Datelike::weekday(&date)) {
            continue;
        }
        let day_start = local_to_utc(zone, date.and_time(rules.work_start));
        let day_end = local_to_utc(zone, date.and_time(rules.work_end));
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(rules.work_start);
        let afternoon = noon.max(rules.work_start);
        let from = if rules.work_end - afternoon >= Duration::hours(2) {
            local_to_utc(zone, date.and_time(afternoon))
        } else {
            day_start
        };
        let from = from.max(round_up(now));
        if from >= day_end {
            continue;
        }
        let on_day: Vec<&Occurrence> =
            occurrences.iter().filter(|o| o.start < day_end && o.end > day_start).collect();
        let clashing = |o: &Occurrence| busy.iter().any(|e| e.start < o.end && e.end > o.start);
        if on_day.iter().any(|o| !clashing(o)) {
            continue; // already protected
        }
        let moves = on_day.first().map(|o| Moves {
            block_id: o.block_id,
            title: o.title.clone(),
            date: o.date,
        });
        let meetings = busy.iter().filter(|e| e.start < day_end && e.end > day_start).count();
        let Some((start, end)) = longest_free(&busy, from, day_end) else {
            continue;
        };
        let free_minutes = (end - start).num_minutes();
        if free_minutes < MIN_MINUTES.min(rules.length_minutes) {
            continue;
        }
        let minutes = free_minutes.min(rules.length_minutes);
        let preferred = rules.preferred_days.contains(&chrono::Datelike::weekday(&date));
        let full = minutes >= rules.length_minutes;
        let score = i64::from(full) * 1000 + free_minutes.min(2 * rules.length_minutes)
            - meetings as i64 * 20
            + i64::from(preferred) * 120
            - offset;
        let mut reason = vec![format!("{} free", crate::report::hm(free_minutes))];
        reason.push(match meetings {
            0 => "no meetings that day".to_string(),
            1 => "1 meeting that day".to_string(),
            n => format!("{n} meetings that day"),
        });
        if preferred {
            reason.push("a preferred day".to_string());
        }
        if let Some(m) = &moves {
            reason.push(format!("moves {:?} off a meeting", m.title));
        }
        let mut key = format!("{date}T{}+{minutes}", start.with_timezone(&zone).format("%H:%M"));
        if let Some(m) = &moves {
            key.push_str(&format!("~{}", m.block_id));
        }
        out.push((
            score,
            Suggestion {
                key,
                date,
                start,
                end: start + Duration::minutes(minutes),
                free_minutes,
                meetings,
                preferred,
                moves,
                reason: reason.join(", "),
            },
        ));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.start.cmp(&b.1.start)));
    out.into_iter().map(|(_, s)| s).collect()
}

/// The next quarter hour at or after `t`.
fn round_up(t: DateTime<Utc>) -> DateTime<Utc> {
    let past = i64::from(t.minute() % 15) * 60 + i64::from(t.second());
    let t = t - Duration::seconds(past) - Duration::nanoseconds(i64::from(t.nanosecond()));
    if past == 0 {
        t
    } else {
        t + Duration::minutes(15)
    }
}

/// The longest stretch of [from, to) free of `busy`, earliest first among equals; starts are
/// rounded up to a quarter hour.
fn longest_free(
    busy: &[&CalendarEvent],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let mut taken: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        busy.iter().filter(|e| e.start < to && e.end > from).map(|e| (e.start, e.end)).collect();
    taken.sort();
    let mut best: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
    let mut cursor = from;
    for (s, e) in taken.into_iter().chain(std::iter::once((to, to))) {
        let start = round_up(cursor);
        if s > start && best.is_none_or(|(bs, be)| s - start > be - bs) {
            best = Some((start, s.min(to)));
        }
        cursor = cursor.max(e);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, TimeZone};

    const LONDON: Tz = chrono_tz::Europe::London;

    /// Local London time on a day of late November (day >= 15) or early December 2026 (GMT).
    fn t(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        let month = if day >= 15 { 11 } else { 12 };
        LONDON
            .with_ymd_and_hms(2026, month, day, h, m, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn meeting(day: u32, from: (u32, u32), to: (u32, u32)) -> CalendarEvent {
        CalendarEvent {
            uid: format!("m-{day}-{}", from.0),
            summary: format!("Meeting {day} {}:{:02}", from.0, from.1),
            start: t(day, from.0, from.1),
            end: t(day, to.0, to.1),
            all_day: false,
            busy: true,
            tentative: false,
        }
    }

    fn rules(preferred: &[Weekday]) -> Rules {
        Rules {
            work_start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            work_end: NaiveTime::from_hms_opt(17, 30, 0).unwrap_or_default(),
            work_days: crate::focus::WEEK[..5].to_vec(),
            preferred_days: preferred.to_vec(),
            length_minutes: 180,
        }
    }

    /// The fixed calendar: week of Mon 30 Nov 2026; "now" is Sun 29 Nov, 20:00.
    fn calendar() -> Vec<CalendarEvent> {
        vec![
            meeting(30, (13, 0), (14, 0)), // Mon: 14:00–17:30 free (3 h 30)
            meeting(30, (10, 0), (11, 0)), //      (a morning meeting: 2 that day)
            meeting(1, (12, 0), (17, 30)), // Tue: no afternoon at all
            meeting(2, (15, 0), (16, 0)),  // Wed: 12:00–15:00 free (3 h), 1 meeting
            meeting(3, (12, 0), (12, 30)), // Thu: 12:30–17:30 free (5 h), 1 meeting
            meeting(4, (12, 0), (13, 0)),  // Fri: 13:00–15:00 (2 h), 15:30–17:30 (2 h)
            meeting(4, (15, 0), (15, 30)),
            CalendarEvent { busy: false, ..meeting(2, (12, 0), (15, 0)) }, // transparent
        ]
    }

    fn table(got: &[Suggestion]) -> Vec<(u32, String, String, usize)> {
        got.iter()
            .map(|s| {
                let f = |t: DateTime<Utc>| t.with_timezone(&LONDON).format("%H:%M").to_string();
                (chrono::Datelike::day(&s.date), f(s.start), f(s.end), s.meetings)
            })
            .collect()
    }

    #[test]
    fn suggestions_for_a_fixed_week() {
        let now = t(29, 20, 0);
        let row = |d: u32, a: &str, b: &str, m: usize| (d, a.to_string(), b.to_string(), m);
        // No preference: stretches that hold the full 3 h first, longer free stretches before
        // fewer meetings; the 2 h one last.
        let got = suggest(&calendar(), &[], &rules(&[]), LONDON, now, 1);
        assert_eq!(
            table(&got),
            vec![
                row(3, "12:30", "15:30", 1),  // 5 h free, 1 meeting
                row(30, "14:00", "17:00", 2), // 3 h 30 free, 2 meetings
                row(2, "12:00", "15:00", 1),  // 3 h free, 1 meeting (the transparent one is free)
                row(4, "13:00", "15:00", 2),  // only 2 h
            ]
        );
        assert_eq!(got[0].reason, "5h free, 1 meeting that day");
        assert_eq!(got[3].free_minutes, 120);
        // Preferring Monday lifts it to the top; Tuesday has no room whatever the preference.
        let got = suggest(&calendar(), &[], &rules(&[Weekday::Mon, Weekday::Tue]), LONDON, now, 1);
        assert_eq!(table(&got)[0], row(30, "14:00", "17:00", 2));
        assert!(got[0].preferred && got[0].reason.ends_with("a preferred day"));
        assert!(got.iter().all(|s| s.date.day() != 1));
    }

    #[test]
    fn today_starts_now_and_protected_days_are_left_alone() {
        // Thu 3 Dec at 14:05: the rest of the afternoon from 14:15.
        let now = t(3, 14, 5);
        let got = suggest(&calendar(), &[], &rules(&[]), LONDON, now, 1);
        let thursday = table(&got).into_iter().find(|r| r.0 == 3);
        assert_eq!(thursday, Some((3, "14:15".into(), "17:15".into(), 1)));
        // A clash-free focus occurrence on Thursday: no suggestion for Thursday; one that clashes
        // with Wednesday's meeting: the suggestion moves it.
        let occurrence = |day: u32, from: u32, to: u32| Occurrence {
            block_id: day.into(),
            title: "Strategy".into(),
            intention: String::new(),
            date: NaiveDate::from_ymd_opt(2026, 12, day).unwrap_or_default(),
            start: t(day, from, 0),
            end: t(day, to, 0),
            moved: false,
            outcome: None,
        };
        let held = [occurrence(3, 13, 16), occurrence(2, 14, 17)];
        let got = suggest(&calendar(), &held, &rules(&[]), LONDON, t(29, 20, 0), 1);
        assert!(got.iter().all(|s| s.date.day() != 3));
        let wed = got.iter().find(|s| s.date.day() == 2);
        assert_eq!(wed.and_then(|s| s.moves.as_ref()).map(|m| m.block_id), Some(2));
        let clash = clashes(&held, &calendar());
        assert_eq!(clash.len(), 1);
        assert_eq!(
            (clash[0].block_id, clash[0].meetings.clone()),
            (2, vec!["Meeting 2 15:00".to_string()])
        );
    }

    #[test]
    fn daylight_saving_week() {
        // London's clocks go back on Sun 25 Oct 2026: Monday's 12:00 is 12:00 GMT.
        let now = LONDON
            .with_ymd_and_hms(2026, 10, 23, 18, 0, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let got = suggest(&[], &[], &rules(&[]), LONDON, now, 1);
        let monday = got.iter().find(|s| s.date.to_string() == "2026-10-26");
        assert_eq!(monday.map(|s| s.start), Utc.with_ymd_and_hms(2026, 10, 26, 12, 0, 0).single());
        let friday = got.iter().find(|s| s.date.to_string() == "2026-10-23");
        assert!(friday.is_none(), "Friday's afternoon is over at 18:00");
    }
}
