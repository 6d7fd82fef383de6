//! Reading iCalendar (RFC 5545) files into busy time.
//!
//! Content lines are parsed leniently by [`super::lines`]; recurrence rules are expanded by
//! [`super::rules`] (the `rrule` crate, bounded) in each event's wall time (as RFC 5545 asks), then read in the event's zone (see
//! [`super::zone`]), so a weekly 13:00 meeting stays at 13:00 across daylight-saving changes.
//!
//! Reading is bounded for any input: nesting is capped by the line parser, a rule is expanded
//! from near the window rather than from a DTSTART years back, at most [`MAX_PER_EVENT`]
//! occurrences of one event are read (and the cut is named), and a rule the recurrence crate
//! cannot handle is named and read as its first occurrence.
//!
//! What an event contributes:
//! - `STATUS:CANCELLED` events (and cancelled single occurrences) are left out;
//! - `TRANSP:TRANSPARENT` events are shown but are not busy;
//! - all-day events (`VALUE=DATE`) run from local midnight to local midnight in the user's zone
//!   and are busy unless transparent (out of office, a conference day);
//! - `RRULE`, `RDATE`, `EXDATE` and `RECURRENCE-ID` overrides are applied; an override's
//!   `RANGE=THISANDFUTURE` is read as for that one occurrence.
//!
//! A file that is not iCalendar at all is refused with the parser's reason; an event that cannot
//! be read (no start, a bad date, a broken rule) is skipped and named in `problems`, so one bad
//! event does not hide a whole calendar.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::lines::{self, Component, Property};
use super::rules::{try_expand_rule, RuleError};
use super::zone::{CustomZone, Observance, Resolved, Zone, Zones};
use crate::error::{Error, Result};
use crate::time::Span;

/// At most this many occurrences are read from one calendar in one window.
pub const MAX_OCCURRENCES: usize = 100_000;
/// At most this many occurrences of one recurring event in a window.
pub const MAX_PER_EVENT: u16 = 20_000;

/// One occurrence of a calendar event, in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CalendarEvent {
    pub uid: String,
    pub summary: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    /// Opaque: it takes the time (transparent events, `X-MICROSOFT-CDO-BUSYSTATUS:FREE` and
    /// invitations the user declined are shown but do not).
    pub busy: bool,
    /// Tentative: the user answered "maybe" (`PARTSTAT=TENTATIVE`), or the event is marked
    /// tentative (`STATUS:TENTATIVE`, `X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE`); busy or not as the
    /// `tentative_busy` setting says.
    #[serde(default)]
    pub tentative: bool,
}

/// What was read from one file.
#[derive(Debug, Clone, Default)]
pub struct ReadCalendar {
    /// `X-WR-CALNAME`, if the file names itself.
    pub name: Option<String>,
    /// Occurrences overlapping the window, sorted by start.
    pub events: Vec<CalendarEvent>,
    /// Events that were skipped, each with its reason.
    pub problems: Vec<String>,
    /// Every VCALENDAR in the text ended with its END line: the file was not cut off.
    pub complete: bool,
    /// How many events (VEVENT components) the text holds, read or not.
    pub event_components: usize,
    /// The owner's e-mail addresses, as the calendar or its server says (a CalDAV account's
    /// `calendar-user-address-set`; a Google feed's name, which is its owner's address).
    pub addresses: Vec<String>,
}

/// Who reads a calendar: their zone (for floating times and all-day dates) and their e-mail
/// addresses (for their answers to invitations).
#[derive(Debug, Clone)]
pub struct Reader {
    pub zone: Tz,
    /// Lower case.
    pub me: Vec<String>,
    /// Addresses the user said are not theirs (a calendar named after one is not theirs).
    pub not_me: Vec<String>,
}

impl Reader {
    /// The reader the user's settings describe.
    pub fn of(settings: &crate::store::Settings) -> Reader {
        let not_me = crate::store::parse_addresses(&settings.not_my_addresses).unwrap_or_default();
        Reader { zone: settings.zone(), me: settings.addresses(), not_me }
    }
}

/// Whether a calendar's name is an e-mail address (Google names each feed after its owner).
pub fn name_as_address(name: &str) -> Option<String> {
    crate::store::parse_addresses(name).ok().filter(|a| a.len() == 1).map(|mut a| a.remove(0))
}

/// Reads the events of an iCalendar text that overlap `window`; floating times and unknown
/// zones are read in `zone`.
pub fn read_ics(text: &str, window: Span, zone: Tz) -> Result<ReadCalendar> {
    read_ics_as(text, window, zone, &[])
}

/// [`read_ics`] for the user with the addresses `me` (lower case): an invitation they declined
/// (`ATTENDEE;PARTSTAT=DECLINED:mailto:…`) is not busy, one they answered "maybe" is tentative.
pub fn read_ics_as(text: &str, window: Span, zone: Tz, me: &[String]) -> Result<ReadCalendar> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.trim_start().to_ascii_uppercase().starts_with("BEGIN:VCALENDAR") {
        let start: String = text.trim_start().chars().take(40).collect();
        return Err(Error::invalid(
            "calendar",
            format!("not an iCalendar file (it should start with BEGIN:VCALENDAR, not {start:?})"),
        ));
    }
    let parsed = lines::parse_all(text);
    let roots = parsed.roots;
    let mut out = ReadCalendar::default();
    if parsed.too_deep > 0 {
        out.problems.push(format!(
            "{} components nested more than {} deep were skipped",
            parsed.too_deep,
            lines::MAX_DEPTH
        ));
    }
    out.complete = roots.iter().filter(|c| c.name == "VCALENDAR").all(|c| c.closed);
    let mut events = Vec::new();
    let mut custom = HashMap::new();
    let mut default_zone = zone;
    for root in roots.iter().filter(|c| c.name == "VCALENDAR") {
        if out.name.is_none() {
            out.name = root.prop("X-WR-CALNAME").map(Property::text).filter(|n| !n.is_empty());
        }
        // Google's calendar-wide zone for floating times.
        if let Some(tz) = root.prop("X-WR-TIMEZONE").and_then(|p| super::zone::iana(&p.text())) {
            default_zone = tz;
        }
        for c in &root.components {
            if c.name == "VEVENT" {
                events.push(c);
            } else if c.name == "VTIMEZONE" {
                if let Some((tzid, zone)) = vtimezone(c) {
                    custom.insert(tzid, zone);
                }
            }
        }
    }
    if roots.iter().all(|c| c.name != "VCALENDAR") {
        return Err(Error::invalid("calendar", "no VCALENDAR in the file"));
    }
    let zones = Zones::new(default_zone, zone, custom);
    let mut tzids: Vec<&str> =
        events.iter().filter_map(|c| c.prop("DTSTART").and_then(|p| p.param("TZID"))).collect();
    tzids.sort_unstable();
    tzids.dedup();
    for tzid in tzids {
        match zones.lookup(tzid) {
            Resolved::Known(_) => {}
            Resolved::OffsetOnly(_, offset) => out.problems.push(format!(
                "time zone {tzid:?} is not defined in the file and names no known place; its \
                 times are read at {offset} all year, without daylight saving"
            )),
            Resolved::Unknown => out.problems.push(format!(
                "time zone {tzid:?} is neither a known zone nor defined in the file; its times \
                 are read in {}",
                zones.default.name()
            )),
        }
    }
    out.event_components = events.len();
    let mut parsed = Vec::new();
    for c in events {
        match Event::read(c, &zones, me) {
            Ok(e) => parsed.push(e),
            Err(problem) => out.problems.push(problem),
        }
    }
    let mut notes = Notes::default();
    let expanded = expand(parsed, window, &zones, &mut notes);
    out.problems.append(&mut notes.problems);
    if !notes.ignored_parts.is_empty() {
        let parts: Vec<&str> = notes.ignored_parts.iter().map(String::as_str).collect();
        out.problems.push(format!(
            "the repeat rules of {} events have parts that are not in the standard ({}); they \
             were ignored, as other calendar apps do",
            notes.ignored_events,
            parts.join(", ")
        ));
    }
    if let Some(example) = notes.shared_uids.iter().next() {
        out.problems.push(format!(
            "{} UIDs are used by more than one event (for example {example:?}); a UID should \
             name one event, so each of them is shown",
            notes.shared_uids.len()
        ));
    }
    if notes.superseded > 0 {
        out.problems.push(format!(
            "{} events have a newer copy in the file (same UID, higher SEQUENCE); only the \
             newest copy is shown",
            notes.superseded
        ));
    }
    out.events = expanded?;
    Ok(out)
}

/// A date or a date-time value as written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Date(NaiveDate),
    /// Wall time, and whether it carried a `Z`.
    Local(NaiveDateTime, bool),
}

fn parse_value(text: &str) -> Option<Value> {
    let text = text.trim();
    if text.len() == 8 {
        return NaiveDate::parse_from_str(text, "%Y%m%d").ok().map(Value::Date);
    }
    let (body, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(body) => (body, true),
        None => (text, false),
    };
    NaiveDateTime::parse_from_str(body, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(body, "%Y%m%dT%H%M"))
        .ok()
        .map(|t| Value::Local(t, utc))
}

/// A date or date-time, with the zone its time is in, and for RDATE periods their length.
#[derive(Debug, Clone)]
struct When {
    value: Value,
    zone: Zone,
    length: Option<Duration>,
}

impl When {
    /// Every value of a (possibly comma-separated) date or date-time property.
    fn read_all(p: &Property, zones: &Zones) -> Vec<When> {
        let zone_of = |value: &Value| match value {
            Value::Local(_, true) => Zone::Iana(Tz::UTC),
            _ => zones.resolve(p.param("TZID")),
        };
        p.value
            .split(',')
            .filter_map(|item| {
                let (start, period_end) = match item.split_once('/') {
                    Some((start, end)) => (start, Some(end)),
                    None => (item, None),
                };
                let value = parse_value(start)?;
                let zone = zone_of(&value);
                let length = period_end.and_then(|end| match parse_value(end) {
                    Some(end_value) => {
                        let end =
                            When { zone: zone_of(&end_value), value: end_value, length: None };
                        Some(end.utc() - When { value, zone: zone.clone(), length: None }.utc())
                    }
                    None => parse_duration(end),
                });
                Some(When { value, zone, length })
            })
            .collect()
    }

    fn read(p: &Property, zones: &Zones) -> Option<When> {
        When::read_all(p, zones).into_iter().next()
    }

    fn all_day(&self) -> bool {
        matches!(self.value, Value::Date(_))
    }

    fn naive(&self) -> NaiveDateTime {
        match self.value {
            Value::Date(d) => d.and_time(NaiveTime::MIN),
            Value::Local(t, _) => t,
        }
    }

    fn utc(&self) -> DateTime<Utc> {
        self.zone.to_utc(self.naive())
    }
}

/// One VEVENT, read but not expanded.
#[derive(Debug, Clone)]
struct Event {
    /// As written; empty if the event has none.
    uid: String,
    summary: String,
    sequence: i64,
    start: When,
    /// The end as a wall-clock distance from the start (RFC 5545 durations of days are nominal).
    length: Duration,
    cancelled: bool,
    busy: bool,
    tentative: bool,
    rrules: Vec<String>,
    rdates: Vec<When>,
    exdates: Vec<When>,
    recurrence_id: Option<When>,
    this_and_future: bool,
}

impl Event {
    fn read(c: &Component, zones: &Zones, me: &[String]) -> Result<Event, String> {
        let uid = c.prop("UID").map(Property::text).unwrap_or_default();
        let summary = c.prop("SUMMARY").map(Property::text).unwrap_or_default();
        let named = if summary.is_empty() { uid.clone() } else { summary.clone() };
        let skipped = |what: &str, p: &Property| {
            format!("event {named:?}: {what} {:?} is not a date; skipped", p.value)
        };
        let start_prop = c
            .prop("DTSTART")
            .ok_or_else(|| format!("event {named:?} has no start (DTSTART); skipped"))?;
        let mut start =
            When::read(start_prop, zones).ok_or_else(|| skipped("start", start_prop))?;
        let length = if let Some(end_prop) = c.prop("DTEND") {
            let end = When::read(end_prop, zones).ok_or_else(|| skipped("end", end_prop))?;
            let length = if start.all_day() || end.all_day() || same_zone(&start.zone, &end.zone) {
                end.naive() - start.naive()
            } else {
                end.utc() - start.utc()
            };
            if length < Duration::zero() {
                // Start and end swapped: read it the other way round.
                start = end;
                -length
            } else {
                length
            }
        } else if let Some(d) = c.prop("DURATION") {
            parse_duration(&d.value).ok_or_else(|| {
                format!("event {named:?}: duration {:?} is not valid; skipped", d.value)
            })?
        } else if start.all_day() {
            Duration::days(1)
        } else {
            Duration::zero()
        };
        let upper = |name: &str| c.prop(name).map(|p| p.value.trim().to_ascii_uppercase());
        let many = |name: &'static str| -> Vec<When> {
            c.props(name).flat_map(|p| When::read_all(p, zones)).collect()
        };
        let recurrence_id = c.prop("RECURRENCE-ID");
        // Busy unless transparent, or free as Outlook says, or declined by the user.
        let outlook = upper("X-MICROSOFT-CDO-BUSYSTATUS");
        let mine = c.props("ATTENDEE").find(|a| {
            let address = a.value.trim();
            let address = address
                .get(..7)
                .filter(|p| p.eq_ignore_ascii_case("mailto:"))
                .map_or(address, |_| &address[7..]);
            me.iter().any(|m| m.eq_ignore_ascii_case(address.trim()))
        });
        let answer = mine.and_then(|a| a.param("PARTSTAT")).map(str::to_ascii_uppercase);
        let busy = upper("TRANSP").as_deref() != Some("TRANSPARENT")
            && outlook.as_deref() != Some("FREE")
            && answer.as_deref() != Some("DECLINED");
        let tentative = answer.as_deref() == Some("TENTATIVE")
            || outlook.as_deref() == Some("TENTATIVE")
            || upper("STATUS").as_deref() == Some("TENTATIVE");
        Ok(Event {
            uid,
            summary,
            sequence: c.prop("SEQUENCE").and_then(|p| p.value.trim().parse().ok()).unwrap_or(0),
            length,
            cancelled: upper("STATUS").as_deref() == Some("CANCELLED"),
            busy,
            tentative,
            rrules: c.props("RRULE").map(|p| p.value.trim().to_string()).collect(),
            rdates: many("RDATE"),
            exdates: many("EXDATE"),
            this_and_future: recurrence_id
                .and_then(|p| p.param("RANGE"))
                .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE")),
            recurrence_id: recurrence_id.and_then(|p| When::read(p, zones)),
            start,
        })
    }

    fn named(&self) -> &str {
        if self.summary.is_empty() {
            &self.uid
        } else {
            &self.summary
        }
    }

    /// The zone occurrences are read in: the user's for all-day (floating) dates.
    fn zone(&self, zones: &Zones) -> Zone {
        if self.start.all_day() {
            Zone::Iana(zones.user)
        } else {
            self.start.zone.clone()
        }
    }

    /// Whether this override's RECURRENCE-ID names the master's occurrence at wall time `local`.
    fn replaces(&self, master: &Event, local: NaiveDateTime, zone: &Zone) -> bool {
        let Some(id) = &self.recurrence_id else {
            return false;
        };
        if master.start.all_day() || id.all_day() {
            id.naive().date() == local.date()
        } else {
            id.utc() == zone.to_utc(local)
        }
    }

    fn occurrence(&self, local: NaiveDateTime, length: Duration, zone: &Zone) -> CalendarEvent {
        CalendarEvent {
            uid: self.uid.clone(),
            summary: self.summary.clone(),
            start: zone.to_utc(local),
            end: zone.to_utc(local + length),
            all_day: self.start.all_day(),
            busy: self.busy,
            tentative: self.tentative,
        }
    }
}

fn same_zone(a: &Zone, b: &Zone) -> bool {
    match (a, b) {
        (Zone::Iana(a), Zone::Iana(b)) => a == b,
        _ => false,
    }
}

/// RFC 5545 DURATION: `[+-]P[nW][nD][T[nH][nM][nS]]`.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            'T' if number.is_empty() => in_time = true,
            d if d.is_ascii_digit() => number.push(d),
            unit => {
                let n: i64 = number.parse().ok().filter(|n| *n <= 100_000)?;
                number.clear();
                any = true;
                total += match (unit, in_time) {
                    ('W', false) => Duration::try_weeks(n)?,
                    ('D', false) => Duration::try_days(n)?,
                    ('H', true) => Duration::try_hours(n)?,
                    ('M', true) => Duration::try_minutes(n)?,
                    ('S', true) => Duration::try_seconds(n)?,
                    _ => return None,
                };
            }
        }
    }
    (any && number.is_empty()).then_some(total * sign)
}

/// Rewrites a rule's UNTIL into the wall time of `zone`, the frame the rule is expanded in.
fn rule_in_wall_time(rule: &str, zone: &Zone, all_day: bool) -> String {
    rule.split(';')
        .map(|part| {
            let Some((key, value)) = part.split_once('=') else {
                return part.to_string();
            };
            if !key.trim().eq_ignore_ascii_case("UNTIL") {
                return part.to_string();
            }
            let wall = match parse_value(value) {
                Some(Value::Local(t, true)) => zone.to_local(Utc.from_utc_datetime(&t)),
                Some(Value::Local(t, false)) => t,
                Some(Value::Date(d)) if all_day => d.and_time(NaiveTime::MIN),
                Some(Value::Date(d)) => d.and_time(NaiveTime::MIN),
                None => return part.to_string(),
            };
            let wall = if all_day { wall.date().and_time(NaiveTime::MIN) } else { wall };
            format!("UNTIL={}", wall.format("%Y%m%dT%H%M%SZ"))
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// What expanding a calendar found to tell the user.
#[derive(Debug, Default)]
struct Notes {
    problems: Vec<String>,
    /// Rule parts that were ignored (each named once), and in how many events.
    ignored_parts: std::collections::BTreeSet<String>,
    ignored_events: usize,
    /// UIDs that several events (with the same SEQUENCE) use.
    shared_uids: std::collections::BTreeSet<String>,
    /// Events left out for a copy with a higher SEQUENCE.
    superseded: usize,
}

/// Expands masters in `window`, applying their overrides (same UID, RECURRENCE-ID). Of several
/// masters with one UID and different SEQUENCEs (an updated copy in the same feed) the highest is
/// read; masters with one UID and the same SEQUENCE are all read.
fn expand(
    events: Vec<Event>,
    window: Span,
    zones: &Zones,
    notes: &mut Notes,
) -> Result<Vec<CalendarEvent>> {
    let mut overrides: HashMap<String, Vec<Event>> = HashMap::new();
    let mut masters: Vec<Event> = Vec::new();
    let mut master_by_uid: HashMap<String, usize> = HashMap::new();
    for e in events {
        if let Some(id) = &e.recurrence_id {
            let same = overrides.entry(e.uid.clone()).or_default();
            // The same occurrence overridden twice: the highest SEQUENCE, then the last, counts.
            let key = id.naive();
            match same.iter().position(|o| o.recurrence_id.as_ref().map(When::naive) == Some(key)) {
                Some(i) if e.sequence >= same[i].sequence => same[i] = e,
                Some(_) => {}
                None => same.push(e),
            }
        } else if let Some(&i) = master_by_uid.get(&e.uid).filter(|_| !e.uid.is_empty()) {
            if e.sequence == masters[i].sequence {
                // Two events with one UID and no sign that one replaces the other (a broken
                // exporter, or files merged by hand): both are kept, as ical.js and PyPI `ical`
                // keep them; a meeting is never hidden behind another.
                notes.shared_uids.insert(e.uid.clone());
                masters.push(e);
            } else {
                notes.superseded += 1;
                if e.sequence > masters[i].sequence {
                    masters[i] = e;
                }
            }
        } else {
            master_by_uid.insert(e.uid.clone(), masters.len());
            masters.push(e);
        }
    }
    let mut out = Vec::new();
    let overlaps = |e: &CalendarEvent| {
        e.start < window.end
            && (e.end > window.start || (e.end == e.start && e.start >= window.start))
    };
    // Start times of masters that have overrides older than themselves, kept from the one
    // expansion for the check below (only those: a huge calendar is not held twice).
    let mut kept: HashMap<usize, Vec<(NaiveDateTime, Duration)>> = HashMap::new();
    let none = Vec::new();
    for (i, master) in masters.iter().enumerate() {
        let zone = master.zone(zones);
        let replaced =
            if master.uid.is_empty() { &none } else { overrides.get(&master.uid).unwrap_or(&none) };
        let mut futures: Vec<&Event> = replaced.iter().filter(|o| o.this_and_future).collect();
        futures.sort_by_key(|o| o.recurrence_id.as_ref().map(When::naive));
        let starts = master_starts(master, &zone, window, notes);
        for &(local, length) in starts.iter().filter(|_| !master.cancelled) {
            if replaced.iter().any(|o| o.replaces(master, local, &zone)) {
                continue;
            }
            // A THISANDFUTURE override shifts this and every later occurrence.
            let (base, shift) =
                match futures.iter().rev().find(|o| {
                    o.recurrence_id.as_ref().is_some_and(|id| zone.to_utc(local) > id.utc())
                }) {
                    Some(o) => {
                        let id = o.recurrence_id.as_ref().map(When::naive).unwrap_or(local);
                        (*o, o.start.naive() - zone.to_local(zone.to_utc(id)))
                    }
                    None => (master, Duration::zero()),
                };
            let length = if length == master.length { base.length } else { length };
            let occurrence = base.occurrence(local + shift, length, &zone);
            if overlaps(&occurrence) {
                out.push(occurrence);
            }
            if out.len() > MAX_OCCURRENCES {
                return Err(too_many());
            }
        }
        let mut older = overrides.get(&master.uid).into_iter().flatten();
        if older.any(|o| o.sequence < master.sequence) {
            kept.insert(i, starts);
        }
    }
    // Overrides stand on their own (with or without a master in the file), except those older
    // than their master for an occurrence the master no longer has (excluded or cut off since).
    for o in overrides.values().flatten().filter(|e| !e.cancelled) {
        if let Some(&i) = master_by_uid.get(&o.uid) {
            let (master, zone) = (&masters[i], masters[i].zone(zones));
            let outdated = o.sequence < master.sequence
                && !kept.get(&i).into_iter().flatten().any(|(l, _)| o.replaces(master, *l, &zone));
            if outdated {
                continue;
            }
        }
        let zone = o.zone(zones);
        let occurrence = o.occurrence(o.start.naive(), o.length, &zone);
        if overlaps(&occurrence) {
            out.push(occurrence);
        }
    }
    if out.len() > MAX_OCCURRENCES {
        return Err(too_many());
    }
    out.sort_by(|a, b| (a.start, a.end, &a.uid).cmp(&(b.start, b.end, &b.uid)));
    Ok(out)
}

/// Wall times at which `master` starts, near `window`: DTSTART, its rules, RDATEs, less EXDATEs.
fn master_starts(
    master: &Event,
    zone: &Zone,
    window: Span,
    notes: &mut Notes,
) -> Vec<(NaiveDateTime, Duration)> {
    let all_day = master.start.all_day();
    let lo = zone.to_local(window.start) - master.length - Duration::days(2);
    let hi = zone.to_local(window.end) + Duration::days(2);
    let first = master.start.naive();
    let mut starts = BTreeMap::new();
    starts.insert(first, master.length);
    for rule in &master.rrules {
        let rule = rule_in_wall_time(rule, zone, all_day);
        // Near the window first; a rule so dense that the limit cuts it is read again from the
        // window's own start (less the event's length and the largest daylight-saving shift),
        // so what is shown is in the window, not in the days before it.
        let expanded = try_expand_rule(first, &rule, Some(lo), hi, MAX_PER_EVENT).and_then(|e| {
            if e.cut {
                let tight = zone.to_local(window.start) - master.length - Duration::hours(3);
                try_expand_rule(first, &rule, Some(tight.max(lo)), hi, MAX_PER_EVENT)
            } else {
                Ok(e)
            }
        });
        match expanded {
            Ok(expansion) => {
                if let Some(last) = expansion.dates.last().filter(|_| expansion.cut) {
                    notes.problems.push(format!(
                        "event {:?}: repeats more than {MAX_PER_EVENT} times in the weeks read; \
                         it is shown only until {}",
                        master.named(),
                        last.format("%Y-%m-%d %H:%M:%S")
                    ));
                }
                if !expansion.ignored.is_empty() {
                    notes.ignored_events += 1;
                    notes.ignored_parts.extend(expansion.ignored);
                }
                starts.extend(expansion.dates.into_iter().map(|d| (d, master.length)))
            }
            Err(RuleError::EndsBeforeStart) => {
                // Nothing repeats, and recurring-ical-events shows nothing either.
                starts.clear();
                break;
            }
            Err(RuleError::Invalid(e)) => notes.problems.push(format!(
                "event {:?}: its repeat rule {rule:?} cannot be read ({e}); only its first \
                 occurrence is shown",
                master.named()
            )),
        }
    }
    for r in &master.rdates {
        starts.insert(wall_in(r, zone, all_day), r.length.unwrap_or(master.length));
    }
    for x in &master.exdates {
        match x.value {
            Value::Date(d) if !all_day => starts.retain(|s, _| s.date() != d),
            _ => {
                starts.remove(&wall_in(x, zone, all_day));
            }
        }
    }
    starts.range(lo..=hi).map(|(s, l)| (*s, *l)).collect()
}

/// The refusal of a calendar with more than [`MAX_OCCURRENCES`] events in the window.
pub(crate) fn too_many() -> Error {
    Error::invalid(
        "calendar",
        format!(
            "more than {MAX_OCCURRENCES} events in the next weeks; this looks like a whole \
             organisation's calendar: subscribe to your own calendar instead"
        ),
    )
}

/// A date or date-time list value as a wall time in `zone` (dates as local midnight).
fn wall_in(w: &When, zone: &Zone, all_day: bool) -> NaiveDateTime {
    match w.value {
        Value::Date(d) => d.and_time(NaiveTime::MIN),
        Value::Local(..) if all_day => w.naive().date().and_time(NaiveTime::MIN),
        Value::Local(..) => zone.to_local(w.utc()),
    }
}

fn vtimezone(c: &Component) -> Option<(String, CustomZone)> {
    let tzid = c.prop("TZID").map(|p| p.value.clone())?;
    let offset = |p: Option<&Property>| -> Option<i64> {
        let text = p?.value.trim();
        let (sign, rest) = match text.as_bytes().first()? {
            b'-' => (-1, &text[1..]),
            b'+' => (1, &text[1..]),
            _ => (1, text),
        };
        let h: i64 = rest.get(0..2)?.parse().ok()?;
        let m: i64 = rest.get(2..4)?.parse().ok()?;
        let s: i64 = rest.get(4..6).and_then(|s| s.parse().ok()).unwrap_or(0);
        (h < 24 && m < 60).then_some(sign * (h * 3600 + m * 60 + s))
    };
    let wall = |v: Value| match v {
        Value::Date(d) => d.and_time(NaiveTime::MIN),
        Value::Local(t, _) => t,
    };
    let observances: Vec<Observance> = c
        .components
        .iter()
        .filter(|o| o.name == "STANDARD" || o.name == "DAYLIGHT")
        .filter_map(|o| {
            let start = wall(parse_value(&o.prop("DTSTART")?.value)?);
            let offset_to = offset(o.prop("TZOFFSETTO"))?;
            Some(Observance {
                start,
                offset_from: offset(o.prop("TZOFFSETFROM")).unwrap_or(offset_to),
                offset_to,
                rrule: o.prop("RRULE").map(|p| p.value.trim().to_string()),
                rdates: o
                    .props("RDATE")
                    .flat_map(|p| p.value.split(',').filter_map(parse_value).collect::<Vec<_>>())
                    .map(wall)
                    .collect(),
            })
        })
        .collect();
    Some((tzid, CustomZone::new(&observances)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(from: &str, to: &str) -> Span {
        let d = |s: &str| {
            let date: NaiveDate = s.parse().unwrap_or_default();
            Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
        };
        Span { start: d(from), end: d(to) }
    }

    const MEETINGS: &str = "BEGIN:VCALENDAR\r\nX-WR-CALNAME:Work\r\n\
BEGIN:VEVENT\r\nUID:standup\r\nSUMMARY:Stand-up\r\nDTSTART;TZID=Europe/London:20261020T130000\r\n\
DTEND;TZID=Europe/London:20261020T133000\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6\r\n\
EXDATE;TZID=Europe/London:20261029T130000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:standup\r\nSUMMARY:Stand-up (moved)\r\nRECURRENCE-ID;TZID=Europe/London:20261027T130000\r\n\
DTSTART;TZID=Europe/London:20261027T160000\r\nDTEND;TZID=Europe/London:20261027T163000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:gone\r\nSUMMARY:Cancelled\r\nSTATUS:CANCELLED\r\nDTSTART:20261021T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:fyi\r\nSUMMARY:FYI\r\nTRANSP:TRANSPARENT\r\nDTSTART:20261021T110000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ooo\r\nSUMMARY:Off\r\nDTSTART;VALUE=DATE:20261023\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn a_weekly_meeting_across_the_autumn_change_with_an_override_and_an_exception() {
        let read =
            read_ics(MEETINGS, window("2026-10-01", "2026-12-01"), chrono_tz::Europe::London);
        let read = read.unwrap_or_default();
        assert_eq!(read.name.as_deref(), Some("Work"));
        let got: Vec<(String, String, bool)> = read
            .events
            .iter()
            .map(|e| (e.summary.clone(), e.start.format("%m-%d %H:%MZ").to_string(), e.busy))
            .collect();
        let row = |s: &str, t: &str, b: bool| (s.to_string(), t.to_string(), b);
        assert_eq!(
            got,
            vec![
                row("Stand-up", "10-20 12:00Z", true), // BST
                row("FYI", "10-21 11:00Z", false),     // transparent: shown, not busy
                row("Stand-up", "10-22 12:00Z", true),
                row("Off", "10-22 23:00Z", true), // all day, from London midnight (BST)
                row("Stand-up (moved)", "10-27 16:00Z", true), // GMT from 25 Oct
                row("Stand-up", "11-03 13:00Z", true), // 10-29 is an EXDATE
                row("Stand-up", "11-05 13:00Z", true), // COUNT=6 ends here
            ]
        );
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        assert!(read.problems[0].contains("has no start"), "{:?}", read.problems);
    }

    /// Shaped like an Exchange 2010 export (escaped commas in the VTIMEZONE's TZID, rules from
    /// 1601), an Outlook on the web invitation (display names, no VTIMEZONE) and a file that
    /// redefines a tz-database name.
    const OUTLOOK: &str = "BEGIN:VCALENDAR\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n\
BEGIN:VTIMEZONE\r\nTZID:(UTC+01:00) Amsterdam\\, Berlin\\, Bern\\, Rome\\, Stockholm\\, Vienna\r\n\
BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n\
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
BEGIN:VTIMEZONE\r\nTZID:EST\r\n\
BEGIN:STANDARD\r\nDTSTART:20071104T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n\
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:20070311T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:ams-winter\r\nDTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20261103T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ams-summer\r\nDTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20260701T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ams-2045\r\nDTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20450703T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:est-file\r\nDTSTART;TZID=EST:20260701T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:owa-eastern\r\nDTSTART;TZID=\"(UTC-05:00) Eastern Time (US & Canada)\":20260701T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:owa-sydney-winter\r\nDTSTART;TZID=\"(GMT+10:00) Canberra, Melbourne, Sydney\":20260701T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:owa-sydney-summer\r\nDTSTART;TZID=\"(GMT+10:00) Canberra, Melbourne, Sydney\":20270115T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:owa-kolkata\r\nDTSTART;TZID=\"(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi\":20260701T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:owa-london\r\nDTSTART;TZID=\"(UTC+00:00) Dublin, Edinburgh, Lisbon, London\":20260701T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:owa-offset\r\nDTSTART;TZID=\"(UTC+04:00) Nowhere Land\":20260701T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn every_zone_outlook_writes_is_read_in_its_own_zone() {
        // The user is in London: a time read in the wrong zone would be off by hours.
        let read = read_ics(OUTLOOK, window("2026-01-01", "2046-01-01"), chrono_tz::Europe::London)
            .unwrap_or_default();
        let got: BTreeMap<String, String> = read
            .events
            .iter()
            .map(|e| (e.uid.clone(), e.start.format("%Y-%m-%d %H:%MZ").to_string()))
            .collect();
        let want = [
            ("ams-winter", "2026-11-03 09:00Z"),
            ("ams-summer", "2026-07-01 08:00Z"),
            ("ams-2045", "2045-07-03 08:00Z"),
            ("est-file", "2026-07-01 14:00Z"), // the file's EST has daylight saving
            ("owa-eastern", "2026-07-01 14:00Z"),
            ("owa-sydney-winter", "2026-07-01 00:00Z"),
            ("owa-sydney-summer", "2027-01-14 23:00Z"),
            ("owa-kolkata", "2026-07-01 04:30Z"),
            ("owa-london", "2026-07-01 09:00Z"),
            ("owa-offset", "2026-07-01 06:00Z"),
        ];
        for (uid, at) in want {
            assert_eq!(got.get(uid).map(String::as_str), Some(at), "{uid}");
        }
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        assert!(read.problems[0].contains("\"(UTC+04:00) Nowhere Land\""), "{:?}", read.problems);
        assert!(read.problems[0].contains("UTC+04:00 all year"), "{:?}", read.problems);
    }

    #[test]
    fn not_a_calendar_is_refused_with_its_reason() {
        let e = read_ics("<html>Sign in</html>", window("2026-10-01", "2026-12-01"), Tz::UTC);
        let e = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("calendar: not an iCalendar file"), "{e}");
    }

    #[test]
    fn a_calendar_too_big_to_be_someones_own_is_refused() {
        let mut text = String::from("BEGIN:VCALENDAR\r\n");
        for i in 0..600 {
            text.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{i}\r\nDTSTART:20261101T090000Z\r\nDURATION:PT5M\r\n\
                 RRULE:FREQ=DAILY\r\nEND:VEVENT\r\n"
            ));
        }
        text.push_str("END:VCALENDAR\r\n");
        let e = read_ics(&text, window("2026-11-01", "2027-05-20"), Tz::UTC);
        let e = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("calendar: more than 100000 events in the next weeks"), "{e}");
        // The same calendar over a month is fine.
        let month = read_ics(&text, window("2026-11-01", "2026-12-01"), Tz::UTC);
        assert_eq!(month.map(|r| r.events.len()).unwrap_or_default(), 600 * 30);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1W"), Some(Duration::weeks(1)));
        assert_eq!(parse_duration("-P1DT2H"), Some(-Duration::hours(26)));
        assert_eq!(parse_duration("P99999999W"), None);
        assert_eq!(parse_duration("PT"), None);
        assert_eq!(parse_duration("1H"), None);
    }
}
