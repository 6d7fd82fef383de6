//! iCalendar (RFC 5545) export of focus blocks, so colleagues see them as busy in any calendar.
//!
//! Each block is one recurring VEVENT in its own zone (`DTSTART;TZID=…` + `RRULE`), with a
//! VTIMEZONE for each zone used, generated from the bundled tz database from the year before the
//! earliest block: where the zone's current daylight-saving rule is regular (a weekday of a month,
//! as almost everywhere), it is written as two yearly observances with an RRULE and no end, so
//! readers that follow the file's VTIMEZONE place every occurrence right, in any year
//! (RFC 5545 §3.6.5); earlier changes, and zones whose changes follow no yearly rule, are written
//! one observance per transition, up to [`VTIMEZONE_UNTIL_YEAR`]. Moved
//! occurrences are `RECURRENCE-ID` overrides. UIDs are in Sanctum's own namespace and carry the
//! database's install id (`sanctum-block-<id>-<install>@sanctum.local`): a calendar can tell
//! Sanctum's events from others, the same block keeps its UID in every export and publish, and
//! two people's first blocks never share one.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::focus::{FocusBlock, OccurrenceRecord, Repeat};

/// Transitions are looked at up to the end of this year (the last the bundled tz database
/// computes): a yearly rule must hold up to it, and zones without one get explicit observances
/// up to it.
pub const VTIMEZONE_UNTIL_YEAR: i32 = 2099;

/// Occurrences in a spring-forward gap are written as exact overrides this many years ahead.
pub const GAP_OVERRIDE_YEARS: i64 = 25;

/// The name of an event Sanctum writes: `what` (`block` or `batch`), the block's or batch's id
/// and the database's install id. Published resources are `<name>.ics`.
pub fn event_name(what: &str, id: i64, install: &str) -> String {
    format!("sanctum-{what}-{id}-{install}")
}

/// The UID of a block's event, the same in exports and in published calendars.
pub fn block_uid(block_id: i64, install: &str) -> String {
    format!("{}@sanctum.local", event_name("block", block_id, install))
}

/// A VCALENDAR with every active (not paused) block and its moved occurrences, with UIDs of the
/// database `install`.
pub fn export_blocks(
    blocks: &[FocusBlock],
    records: &[OccurrenceRecord],
    now: DateTime<Utc>,
    install: &str,
) -> String {
    let active: Vec<&FocusBlock> = blocks.iter().filter(|b| !b.spec.paused).collect();
    write_calendar(&active, records, now, &|id| block_uid(id, install), EventKind::FocusBlock)
}

/// What a published event stands for: its summary and description say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// "Focus time: <title>", the intention and a please-don't-book line.
    FocusBlock,
    /// "Batch: <name>": when the user handles that kind of small request.
    BatchSlot,
}

/// A VCALENDAR with one block (as published to a shared calendar): its UID is `uid`, and its
/// DTSTAMP the block's last change, so the same block always gives the same text.
pub fn export_block(
    block: &FocusBlock,
    records: &[OccurrenceRecord],
    uid: &str,
    kind: EventKind,
) -> String {
    write_calendar(&[block], records, block.updated_at, &|_| uid.to_string(), kind)
}

fn write_calendar(
    active: &[&FocusBlock],
    records: &[OccurrenceRecord],
    now: DateTime<Utc>,
    uid: &dyn Fn(i64) -> String,
    kind: EventKind,
) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Sanctum//Focus blocks//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, "X-WR-CALNAME:Focus time");
    let zones: BTreeSet<&str> = active.iter().map(|b| b.spec.timezone.as_str()).collect();
    let first_year = active.iter().map(|b| b.spec.active_from.year()).min().unwrap_or(now.year());
    for zone in zones {
        vtimezone(&mut out, zone.parse().unwrap_or(Tz::UTC), first_year - 1);
    }
    let stamp = ics_utc(now);
    for block in active.iter().copied() {
        let spec = &block.spec;
        let zone = spec.zone();
        let Some(first) = first_date(block) else {
            continue;
        };
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", uid(block.id)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("LAST-MODIFIED:{}", ics_utc(block.updated_at)));
        line(
            &mut out,
            &format!("DTSTART;TZID={}:{}", zone.name(), ics_local(first.and_time(spec.start))),
        );
        line(
            &mut out,
            &format!("DTEND;TZID={}:{}", zone.name(), ics_local(first.and_time(spec.end))),
        );
        if let Repeat::Weekly { days } = &spec.repeat {
            let byday: Vec<&str> = days.iter().map(|d| ics_weekday(*d)).collect();
            let mut rule = format!("RRULE:FREQ=WEEKLY;WKST=MO;BYDAY={}", byday.join(","));
            if let Some(until) = spec.active_until {
                // UNTIL is the last occurrence's start, in UTC (required with a TZID start).
                let (last_start, _) = spec.slot_on(until);
                write!(rule, ";UNTIL={}", ics_utc(last_start)).ok();
            }
            line(&mut out, &rule);
        }
        summary_and_description(&mut out, block, kind);
        line(&mut out, "END:VEVENT");

        // Occurrences whose start falls in a spring-forward gap: readers place a wall time that
        // does not exist differently (RFC 5545 takes the offset before the gap, ical.js the one
        // after), so each is written as an override with its exact start, up to
        // GAP_OVERRIDE_YEARS ahead.
        let moved_dates: Vec<NaiveDate> = records
            .iter()
            .filter(|r| r.block_id == block.id && r.moved.is_some())
            .map(|r| r.date)
            .collect();
        let horizon = now.date_naive() + Duration::days(365 * GAP_OVERRIDE_YEARS);
        let last = spec.active_until.map_or(horizon, |u| u.min(horizon));
        for date in first.iter_days().take_while(|d| *d <= last) {
            let nominal = date.and_time(spec.start);
            let in_gap = zone.from_local_datetime(&nominal).earliest().is_none();
            if !in_gap || !spec.runs_on(date) || moved_dates.contains(&date) {
                continue;
            }
            let (start, end) = spec.slot_on(date);
            line(&mut out, "BEGIN:VEVENT");
            line(&mut out, &format!("UID:{}", uid(block.id)));
            line(&mut out, &format!("DTSTAMP:{stamp}"));
            line(&mut out, &format!("RECURRENCE-ID;TZID={}:{}", zone.name(), ics_local(nominal)));
            line(&mut out, &format!("DTSTART:{}", ics_utc(start)));
            line(&mut out, &format!("DTEND:{}", ics_utc(end)));
            summary_and_description(&mut out, block, kind);
            line(&mut out, "END:VEVENT");
        }

        for r in records.iter().filter(|r| r.block_id == block.id && spec.runs_on(r.date)) {
            let Some(moved) = r.moved else { continue };
            line(&mut out, "BEGIN:VEVENT");
            line(&mut out, &format!("UID:{}", uid(block.id)));
            line(&mut out, &format!("DTSTAMP:{stamp}"));
            line(
                &mut out,
                &format!(
                    "RECURRENCE-ID;TZID={}:{}",
                    zone.name(),
                    ics_local(r.date.and_time(spec.start))
                ),
            );
            line(&mut out, &format!("DTSTART:{}", ics_utc(moved.start)));
            line(&mut out, &format!("DTEND:{}", ics_utc(moved.end)));
            summary_and_description(&mut out, block, kind);
            line(&mut out, "END:VEVENT");
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn summary_and_description(out: &mut String, block: &FocusBlock, kind: EventKind) {
    let (summary, mut description, category) = match kind {
        EventKind::FocusBlock => (
            format!("Focus time: {}", block.spec.title),
            String::from("Protected focus time — please don't book over it."),
            "Focus time",
        ),
        EventKind::BatchSlot => (
            format!("Batch: {}", block.spec.title),
            String::from("Requests of this kind are handled together in this slot."),
            "Batch",
        ),
    };
    if !block.spec.intention.is_empty() {
        description = format!("{}\n\n{description}", block.spec.intention);
    }
    line(out, &format!("SUMMARY:{}", escape(&summary)));
    line(out, &format!("DESCRIPTION:{}", escape(&description)));
    line(out, "TRANSP:OPAQUE");
    line(out, "CLASS:PUBLIC");
    line(out, "STATUS:CONFIRMED");
    line(out, &format!("CATEGORIES:{category}"));
}

/// The first date the series runs on (the RRULE's DTSTART must be an occurrence).
fn first_date(block: &FocusBlock) -> Option<NaiveDate> {
    let spec = &block.spec;
    spec.active_from.iter_days().take(7).find(|d| spec.runs_on(*d))
}

/// The zone's changes from `from_year`: explicit observances up to where its yearly rule (if
/// any) takes over, then that rule.
fn vtimezone(out: &mut String, zone: Tz, from_year: i32) {
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{}", zone.name()));
    let start =
        Utc.with_ymd_and_hms(from_year, 1, 1, 0, 0, 0).single().unwrap_or(DateTime::UNIX_EPOCH);
    let end = Utc
        .with_ymd_and_hms(VTIMEZONE_UNTIL_YEAR + 1, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH);
    let transitions = transitions(zone, start, end);
    if transitions.is_empty() {
        // No change in range: one observance from the start, offset in force then.
        let offset = zone.offset_from_utc_datetime(&start.naive_utc());
        observance(out, offset, offset, (start + offset_duration(offset)).naive_utc(), None);
    } else {
        let (explicit, rules) = match yearly_rules(&transitions, end) {
            Some((from, rules)) => (&transitions[..from], rules),
            None => (&transitions[..], Vec::new()),
        };
        for &(at, before, after) in explicit {
            // DTSTART is the transition's local time in the offset it leaves.
            observance(out, before, after, (at + offset_duration(before)).naive_utc(), None);
        }
        for rule in rules {
            observance(out, rule.before, rule.after, rule.first, Some(&rule.rrule()));
        }
    }
    line(out, "END:VTIMEZONE");
}

/// Which day of the month a yearly change falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayRule {
    /// The first `weekday` on or after this day of the month (the tz database's `Sun>=8`).
    OnOrAfter(u32),
    /// The month's last `weekday`.
    Last,
}

impl DayRule {
    fn date(self, year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
        match self {
            DayRule::OnOrAfter(day) => {
                let from = NaiveDate::from_ymd_opt(year, month, day)?;
                from.iter_days().take(7).find(|d| d.weekday() == weekday && d.month() == month)
            }
            DayRule::Last => {
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                }?;
                (1..=7).map(|k| next - Duration::days(k)).find(|d| d.weekday() == weekday)
            }
        }
    }

    /// Every rule that puts a change on `date`.
    fn candidates(date: NaiveDate) -> Vec<DayRule> {
        let mut out: Vec<DayRule> =
            (date.day().saturating_sub(6).max(1)..=date.day()).map(DayRule::OnOrAfter).collect();
        if (date + Duration::days(7)).month() != date.month() {
            out.push(DayRule::Last);
        }
        out
    }
}

/// One kind of yearly change (to summer time, or back), as a VTIMEZONE RRULE.
#[derive(Debug, Clone)]
struct YearlyRule {
    month: u32,
    weekday: Weekday,
    day: DayRule,
    /// The local time of the change, in the offset it leaves.
    time: chrono::NaiveTime,
    before: TzOffset,
    after: TzOffset,
    /// The first change the rule stands for (local, in the offset it leaves).
    first: NaiveDateTime,
}

impl YearlyRule {
    fn same_kind(&self, before: &TzOffset, after: &TzOffset, local: NaiveDateTime) -> bool {
        same_offset(&self.before, before)
            && same_offset(&self.after, after)
            && local.month() == self.month
            && local.weekday() == self.weekday
            && local.time() == self.time
    }

    fn matches(&self, before: &TzOffset, after: &TzOffset, local: NaiveDateTime) -> bool {
        self.same_kind(before, after, local)
            && self.day.date(local.year(), self.month, self.weekday) == Some(local.date())
    }

    /// The instant of this year's change.
    fn at(&self, year: i32) -> Option<DateTime<Utc>> {
        let local = self.day.date(year, self.month, self.weekday)?.and_time(self.time);
        Some(Utc.from_utc_datetime(&(local - offset_duration(self.before))))
    }

    fn rrule(&self) -> String {
        let wd = ics_weekday(self.weekday);
        let by = match self.day {
            DayRule::Last => format!("BYDAY=-1{wd}"),
            DayRule::OnOrAfter(d) if d % 7 == 1 && d <= 22 => format!("BYDAY={}{wd}", d / 7 + 1),
            DayRule::OnOrAfter(d) => {
                let days: Vec<String> = (d..=(d + 6).min(31)).map(|d| d.to_string()).collect();
                format!("BYDAY={wd};BYMONTHDAY={}", days.join(","))
            }
        };
        format!("RRULE:FREQ=YEARLY;BYMONTH={};{by}", self.month)
    }
}

fn same_offset(a: &TzOffset, b: &TzOffset) -> bool {
    a.fix() == b.fix() && a.dst_offset() == b.dst_offset() && a.abbreviation() == b.abbreviation()
}

/// The zone's current yearly rules, if its changes up to `end` follow two of them (one each
/// way): the index of the first change they stand for, and the rules. `None` when the zone has
/// no changes near `end` (its last offset simply holds) or they follow no yearly rule.
fn yearly_rules(
    transitions: &[(DateTime<Utc>, TzOffset, TzOffset)],
    end: DateTime<Utc>,
) -> Option<(usize, Vec<YearlyRule>)> {
    let local = |&(at, before, _): &(DateTime<Utc>, TzOffset, TzOffset)| {
        (at + offset_duration(before)).naive_utc()
    };
    let n = transitions.len();
    if n < 4 || transitions[n - 1].0 < end - Duration::days(2 * 366) {
        return None;
    }
    // The two last changes give the two kinds; each kind's day rule is the one that matches
    // its changes furthest back.
    let mut rules = Vec::new();
    for last in [n - 1, n - 2] {
        let t = &transitions[last];
        let at = local(t);
        let kind = YearlyRule {
            month: at.month(),
            weekday: at.weekday(),
            day: DayRule::Last,
            time: at.time(),
            before: t.1,
            after: t.2,
            first: at,
        };
        let same: Vec<NaiveDateTime> = transitions
            .iter()
            .rev()
            .filter(|x| kind.same_kind(&x.1, &x.2, local(x)))
            .map(local)
            .collect();
        let best = DayRule::candidates(at.date()).into_iter().max_by_key(|day| {
            let rule = YearlyRule { day: *day, ..kind.clone() };
            same.iter().take_while(|l| rule.matches(&t.1, &t.2, **l)).count()
        })?;
        rules.push(YearlyRule { day: best, ..kind });
    }
    if same_offset(&rules[0].before, &rules[1].before) {
        return None;
    }
    // The run of changes, from the end, that the rules stand for.
    let from = transitions
        .iter()
        .rposition(|t| !rules.iter().any(|r| r.matches(&t.1, &t.2, local(t))))
        .map_or(0, |i| i + 1);
    if from >= n - 1 {
        return None;
    }
    for rule in &mut rules {
        rule.first =
            transitions[from..].iter().find(|t| rule.matches(&t.1, &t.2, local(t))).map(local)?;
    }
    // Checked: the rules give exactly the changes they stand for, year by year.
    let (first_year, last_year) = (transitions[from].0.year(), end.year());
    let mut generated: Vec<DateTime<Utc>> = (first_year..=last_year)
        .flat_map(|y| rules.iter().filter_map(move |r| r.at(y)))
        .filter(|at| *at >= transitions[from].0 && *at < end)
        .collect();
    generated.sort();
    let actual: Vec<DateTime<Utc>> = transitions[from..].iter().map(|t| t.0).collect();
    (generated == actual).then_some((from, rules))
}

type TzOffset = <Tz as TimeZone>::Offset;

fn offset_duration(o: TzOffset) -> Duration {
    Duration::seconds(i64::from(o.fix().local_minus_utc()))
}

fn observance(
    out: &mut String,
    before: TzOffset,
    after: TzOffset,
    local: NaiveDateTime,
    rrule: Option<&str>,
) {
    let kind = if after.dst_offset().is_zero() { "STANDARD" } else { "DAYLIGHT" };
    line(out, &format!("BEGIN:{kind}"));
    line(out, &format!("DTSTART:{}", ics_local(local)));
    if let Some(rule) = rrule {
        line(out, rule);
    }
    line(out, &format!("TZOFFSETFROM:{}", ics_offset(before)));
    line(out, &format!("TZOFFSETTO:{}", ics_offset(after)));
    if let Some(name) = after.abbreviation() {
        line(out, &format!("TZNAME:{}", escape(name)));
    }
    line(out, &format!("END:{kind}"));
}

/// Instants in `[start, end)` where the zone's offset (or its name) changes, with the offsets
/// before and after. Found by stepping a day at a time, then bisecting to the second.
fn transitions(
    zone: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, TzOffset, TzOffset)> {
    let at = |t: DateTime<Utc>| zone.offset_from_utc_datetime(&t.naive_utc());
    let differs = |a: &TzOffset, b: &TzOffset| {
        a.fix() != b.fix()
            || a.dst_offset() != b.dst_offset()
            || a.abbreviation() != b.abbreviation()
    };
    let mut out = Vec::new();
    let mut t = start;
    let mut current = at(t);
    while t < end {
        let next = t + Duration::hours(12);
        let then = at(next);
        if differs(&current, &then) {
            // Changes happen on whole seconds: bisect over them.
            let (mut lo, mut hi) = (t.timestamp(), next.timestamp());
            let second = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or(t);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if differs(&current, &at(second(mid))) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            let hi = second(hi);
            out.push((hi, current, at(hi)));
            current = at(hi);
        }
        t = next;
    }
    out
}

fn ics_offset(o: TzOffset) -> String {
    let secs = o.fix().local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

fn ics_utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn ics_local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn ics_weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// TEXT escaping (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets without splitting a UTF-8 character, CRLF-ended.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::focus::{parse_days, NewFocusBlock};
    use crate::time::Span;
    use chrono::NaiveTime;

    fn block(id: i64, zone: &str, until: Option<&str>) -> FocusBlock {
        FocusBlock {
            id,
            spec: NewFocusBlock {
                title: "Strategy, deep; work".into(),
                intention: "Q1 roadmap\nand hiring plan".into(),
                repeat: Repeat::Weekly { days: parse_days("tue,thu").unwrap() },
                start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                timezone: zone.into(),
                active_from: "2026-11-01".parse().unwrap(),
                active_until: until.map(|u| u.parse().unwrap()),
                paused: false,
            },
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-25T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_weekly_block_becomes_one_recurring_busy_event() {
        let ics =
            export_blocks(&[block(7, "Europe/London", Some("2026-12-31"))], &[], now(), "a1b2");
        let lines: Vec<&str> = ics.split("\r\n").collect();
        for expected in [
            "BEGIN:VCALENDAR",
            "UID:sanctum-block-7-a1b2@sanctum.local",
            "DTSTART;TZID=Europe/London:20261103T130000",
            "DTEND;TZID=Europe/London:20261103T170000",
            "RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=TU,TH;UNTIL=20261231T130000Z",
            "SUMMARY:Focus time: Strategy\\, deep\\; work",
            "TRANSP:OPAQUE",
            "TZID:Europe/London",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0000",
            "TZNAME:BST",
            "END:VCALENDAR",
        ] {
            assert!(lines.contains(&expected), "missing {expected:?} in\n{ics}");
        }
        assert!(ics.contains("DESCRIPTION:Q1 roadmap\\nand hiring plan\\n\\nProtected focus time"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        // London's rule since 1996, from the year before the block: back to GMT on the last
        // Sunday of October at 02:00 BST, to BST on the last Sunday of March at 01:00 GMT.
        assert!(ics.contains(
            "BEGIN:STANDARD\r\nDTSTART:20251026T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
             TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000"
        ));
        assert!(ics.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20250330T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
             TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100"
        ));
        assert_eq!(ics.matches("BEGIN:STANDARD").count(), 1, "no explicit observances: {ics}");
    }

    #[test]
    fn zones_whose_changes_follow_no_yearly_rule_get_every_change() {
        // São Paulo stopped daylight saving in 2019: its changes until then are written one by
        // one, and its last offset holds after them.
        let mut b = block(1, "America/Sao_Paulo", None);
        b.spec.active_from = "2017-01-03".parse().unwrap();
        let ics = export_blocks(&[b], &[], now(), "a1b2");
        assert!(!ics.contains("RRULE:FREQ=YEARLY"), "{ics}");
        assert!(ics.contains("DTSTART:20190217T000000\r\nTZOFFSETFROM:-0200\r\nTZOFFSETTO:-0300"));
        // Casablanca's changes follow Ramadan: every one of them, up to the horizon.
        let ics = export_blocks(&[block(1, "Africa/Casablanca", None)], &[], now(), "a1b2");
        assert!(!ics.contains("RRULE:FREQ=YEARLY"), "{ics}");
        assert!(ics.matches("BEGIN:STANDARD").count() > 40, "{ics}");
        // A rule of the `Fri>=23` kind (Israel, before the last Sunday of March).
        let ics = export_blocks(&[block(1, "Asia/Jerusalem", None)], &[], now(), "a1b2");
        assert!(
            ics.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29"),
            "{ics}"
        );
    }

    #[test]
    fn moved_occurrences_are_overrides_and_paused_blocks_are_left_out() {
        let mut paused = block(2, "UTC", None);
        paused.spec.paused = true;
        let moved = OccurrenceRecord {
            block_id: 1,
            date: "2026-11-26".parse().unwrap(),
            moved: Some(Span {
                start: "2026-11-27T09:00:00Z".parse().unwrap(),
                end: "2026-11-27T12:00:00Z".parse().unwrap(),
            }),
            outcome: None,
            answered_at: None,
        };
        let ics =
            export_blocks(&[block(1, "America/New_York", None), paused], &[moved], now(), "a1b2");
        assert!(ics.contains("RECURRENCE-ID;TZID=America/New_York:20261126T130000\r\nDTSTART:20261127T090000Z\r\nDTEND:20261127T120000Z"));
        assert!(!ics.contains("sanctum-block-2-"), "paused block left out");
        assert_eq!(ics.matches("BEGIN:VTIMEZONE").count(), 1);
        assert!(!ics.contains("UNTIL="));
    }

    #[test]
    fn zones_without_changes_and_odd_offsets() {
        let ics = export_blocks(
            &[block(1, "Asia/Tokyo", None), block(2, "Australia/Lord_Howe", None)],
            &[],
            now(),
            "a1b2",
        );
        assert!(ics.contains("TZID:Asia/Tokyo\r\nBEGIN:STANDARD\r\nDTSTART:20250101T090000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900"));
        // Lord Howe's half-hour change, first Sunday of October at 02:00 local, every year.
        assert!(ics.contains("BEGIN:DAYLIGHT\r\nDTSTART:20251005T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\nTZOFFSETFROM:+1030\r\nTZOFFSETTO:+1100"), "{ics}");
    }

    #[test]
    fn long_lines_fold_without_splitting_characters() {
        let mut b = block(1, "UTC", None);
        b.spec.intention = "é".repeat(120);
        let ics = export_blocks(&[b], &[], now(), "a1b2");
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&"é".repeat(120)));
    }
}
