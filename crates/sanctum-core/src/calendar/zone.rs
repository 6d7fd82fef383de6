//! Time zones of imported calendars.
//!
//! A `TZID` is resolved in this order (RFC 5545 §3.2.19: the file's definition wins):
//! 1. the file's own `VTIMEZONE` with that TZID, whose observances (DTSTART, TZOFFSETFROM/TO,
//!    RRULE, RDATE) are expanded into transitions — also when the TZID is a tz-database name
//!    (`TZID:EST` with daylight rules follows the file);
//! 2. an IANA name known to the bundled tz database (also when prefixed, as in
//!    `/mozilla.org/20070129_1/Europe/Berlin`), or a Windows zone id (`W. Europe Standard Time`);
//! 3. a Windows display name, as Outlook on the web writes without a VTIMEZONE
//!    (`(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna`): a city in it that names
//!    a tz-database zone with that standard offset, or the region names Windows uses
//!    (`Eastern Time (US & Canada)`); failing both, the offset it states, without daylight
//!    saving (and the user is told);
//! 4. otherwise the time is read as floating, in the calendar's or the user's zone.
//!
//! TZIDs are compared with their TEXT escapes undone (Exchange writes the VTIMEZONE's
//! `TZID:(UTC+01:00) Amsterdam\, Berlin\, …` and quotes the same name unescaped in DTSTART).

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::time::local_to_utc;

/// Transitions of a VTIMEZONE are computed up to this year (its last offset holds after).
const CUSTOM_ZONE_UNTIL_YEAR: i32 = 2100;

/// A zone times can be read in.
#[derive(Debug, Clone)]
pub enum Zone {
    /// From the tz database.
    Iana(Tz),
    /// From a VTIMEZONE in the file (shared: every time read in it points at the same rules).
    Custom(Arc<CustomZone>),
}

impl Zone {
    /// The instant of a wall time: skipped wall times move forward by the gap, repeated ones
    /// take the first (the same rule as focus blocks, and RFC 5545's).
    pub fn to_utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Iana(tz) => local_to_utc(*tz, local),
            Zone::Custom(zone) => zone.to_utc(local),
        }
    }

    /// The wall time of an instant.
    pub fn to_local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Iana(tz) => t.with_timezone(tz).naive_local(),
            Zone::Custom(zone) => t.naive_utc() + Duration::seconds(zone.offset_at(t)),
        }
    }
}

/// A zone defined by a VTIMEZONE: UTC offsets (seconds) changing at transitions.
#[derive(Debug, Clone)]
pub struct CustomZone {
    /// The offset before the first transition.
    initial: i64,
    /// (instant, offset from then on), sorted.
    transitions: Vec<(DateTime<Utc>, i64)>,
    /// Every offset the zone takes, smallest first.
    offsets: Vec<i64>,
    /// A rule without an end keeps the zone defined after its last computed transition.
    open_ended: bool,
    /// The tz-database zone of the same name, for times the file's definition does not cover
    /// (before its first onset; after its last one when no rule runs on).
    fallback: Option<Tz>,
}

/// One STANDARD or DAYLIGHT observance, as read from the file.
#[derive(Debug, Clone)]
pub struct Observance {
    pub start: NaiveDateTime,
    pub offset_from: i64,
    pub offset_to: i64,
    pub rrule: Option<String>,
    pub rdates: Vec<NaiveDateTime>,
}

impl CustomZone {
    /// A zone at one UTC offset (seconds), with no daylight saving.
    pub fn fixed(offset: i64) -> CustomZone {
        CustomZone {
            initial: offset,
            transitions: Vec::new(),
            offsets: vec![offset],
            open_ended: true,
            fallback: None,
        }
    }

    /// Builds a zone from its observances; `None` if there are none.
    pub fn new(observances: &[Observance]) -> Option<CustomZone> {
        let first = observances.iter().min_by_key(|o| o.start)?;
        let mut transitions = Vec::new();
        let mut open_ended = false;
        for o in observances {
            let mut onsets = vec![o.start];
            onsets.extend(o.rdates.iter().copied());
            if let Some(rule) = &o.rrule {
                let upper = rule.to_ascii_uppercase();
                open_ended |= !upper.contains("UNTIL") && !upper.contains("COUNT");
                onsets.extend(super::rules::expand_rule_naive(
                    o.start,
                    rule,
                    None,
                    chrono::NaiveDate::from_ymd_opt(CUSTOM_ZONE_UNTIL_YEAR, 12, 31)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .unwrap_or(o.start),
                    4000,
                ));
            }
            for onset in onsets {
                let at = Utc.from_utc_datetime(&(onset - Duration::seconds(o.offset_from)));
                transitions.push((at, o.offset_to));
            }
        }
        transitions.sort_by_key(|t| t.0);
        transitions.dedup_by_key(|t| t.0);
        let mut offsets: Vec<i64> = transitions.iter().map(|t| t.1).collect();
        offsets.push(first.offset_from);
        offsets.sort_unstable();
        offsets.dedup();
        Some(CustomZone {
            initial: first.offset_from,
            transitions,
            offsets,
            open_ended,
            fallback: None,
        })
    }

    /// Falls back to `tz` where the file's definition does not reach.
    pub fn with_fallback(mut self, tz: Option<Tz>) -> CustomZone {
        self.fallback = tz;
        self
    }

    /// The tz-database zone that answers for `t`, if the file's definition does not cover it.
    fn uncovered(&self, t: DateTime<Utc>) -> Option<Tz> {
        let tz = self.fallback?;
        let (first, last) = (self.transitions.first()?.0, self.transitions.last()?.0);
        (t < first || (!self.open_ended && t > last)).then_some(tz)
    }

    /// UTC offset in seconds at `t`.
    pub fn offset_at(&self, t: DateTime<Utc>) -> i64 {
        if let Some(tz) = self.uncovered(t) {
            use chrono::Offset;
            return i64::from(tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc());
        }
        let i = self.transitions.partition_point(|(at, _)| *at <= t);
        if i == 0 {
            self.initial
        } else {
            self.transitions[i - 1].1
        }
    }

    fn to_utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        if let Some(tz) = self.fallback {
            let t = local_to_utc(tz, local);
            if self.uncovered(t).is_some() {
                return t;
            }
        }
        let candidate = |o: i64| Utc.from_utc_datetime(&(local - Duration::seconds(o)));
        // A wall time that exists: an offset in force at the instant it gives; the earliest
        // instant if the wall time happens twice.
        let exact = self
            .offsets
            .iter()
            .filter(|o| self.offset_at(candidate(**o)) == **o)
            .map(|o| candidate(*o))
            .min();
        // In a gap: read with the smaller (earlier) offset, which lands after the gap.
        exact.unwrap_or_else(|| candidate(self.offsets[0]))
    }
}

/// Resolves TZIDs for one file.
#[derive(Debug)]
pub struct Zones {
    /// The file's VTIMEZONEs, by TZID with escapes undone.
    custom: HashMap<String, Arc<CustomZone>>,
    /// TZIDs already resolved (a file names the same few zones thousands of times).
    seen: std::cell::RefCell<HashMap<String, Resolved>>,
    /// For floating times and unknown TZIDs: the calendar's X-WR-TIMEZONE, or the user's zone.
    pub default: Tz,
    /// The user's zone, for all-day dates.
    pub user: Tz,
}

/// How a TZID was resolved.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// The file's VTIMEZONE, a tz-database name, a Windows id or a display name with a city.
    Known(Zone),
    /// Only the offset of a display name was understood: read at that offset all year.
    OffsetOnly(Zone, String),
    Unknown,
}

/// A TZID as a key: TEXT escapes undone, quotes and surrounding space dropped.
pub fn tzid_key(tzid: &str) -> String {
    let tzid = tzid.trim().trim_matches('"');
    let mut out = String::with_capacity(tzid.len());
    let mut chars = tzid.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

impl Zones {
    pub fn new(default: Tz, user: Tz, custom: HashMap<String, CustomZone>) -> Zones {
        let custom = custom
            .into_iter()
            .map(|(k, v)| {
                let key = tzid_key(&k);
                let zone = v.with_fallback(iana(&key));
                (key, Arc::new(zone))
            })
            .collect();
        Zones { custom, seen: Default::default(), default, user }
    }

    /// What a TZID names.
    pub fn lookup(&self, tzid: &str) -> Resolved {
        if let Some(known) = self.seen.borrow().get(tzid) {
            return known.clone();
        }
        let resolved = self.resolve_new(tzid);
        let mut seen = self.seen.borrow_mut();
        if seen.len() < 1000 {
            seen.insert(tzid.to_string(), resolved.clone());
        }
        resolved
    }

    fn resolve_new(&self, tzid: &str) -> Resolved {
        let key = tzid_key(tzid);
        if let Some(zone) = self.custom.get(&key) {
            return Resolved::Known(Zone::Custom(zone.clone()));
        }
        if let Some(tz) = iana(&key) {
            return Resolved::Known(Zone::Iana(tz));
        }
        match display_name(&key) {
            Some(DisplayName::Zone(tz)) => Resolved::Known(Zone::Iana(tz)),
            Some(DisplayName::Offset(offset)) => Resolved::OffsetOnly(
                Zone::Custom(Arc::new(CustomZone::fixed(offset))),
                format_offset(offset),
            ),
            None => Resolved::Unknown,
        }
    }

    /// Whether a TZID names a zone (rather than falling back to the default).
    pub fn knows(&self, tzid: &str) -> bool {
        matches!(self.lookup(tzid), Resolved::Known(_))
    }

    /// The zone a TZID names; the default for none or an unknown one.
    pub fn resolve(&self, tzid: Option<&str>) -> Zone {
        match tzid.map(|t| self.lookup(t)) {
            Some(Resolved::Known(zone) | Resolved::OffsetOnly(zone, _)) => zone,
            _ => Zone::Iana(self.default),
        }
    }
}

/// `UTC+05:30` for an offset in seconds.
fn format_offset(offset: i64) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.abs();
    format!("UTC{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

/// What a Windows display name says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DisplayName {
    Zone(Tz),
    /// Only its offset (seconds east of UTC).
    Offset(i64),
}

/// Windows display names that name a region rather than cities (Microsoft's time zone list).
const DISPLAY_REGIONS: &[(&str, &str)] = &[
    ("Eastern Time (US & Canada)", "America/New_York"),
    ("Central Time (US & Canada)", "America/Chicago"),
    ("Mountain Time (US & Canada)", "America/Denver"),
    ("Pacific Time (US & Canada)", "America/Los_Angeles"),
    ("Alaska", "America/Anchorage"),
    ("Hawaii", "Pacific/Honolulu"),
    ("Arizona", "America/Phoenix"),
    ("Atlantic Time (Canada)", "America/Halifax"),
    ("Newfoundland", "America/St_Johns"),
    ("Saskatchewan", "America/Regina"),
    ("Indiana (East)", "America/Indiana/Indianapolis"),
    ("Central America", "America/Guatemala"),
    ("Brasilia", "America/Sao_Paulo"),
    ("Greenland", "America/Nuuk"),
    ("Mid-Atlantic", "Etc/GMT+2"),
    ("Cape Verde Is.", "Atlantic/Cape_Verde"),
    ("Coordinated Universal Time", "Etc/UTC"),
    ("West Central Africa", "Africa/Lagos"),
    ("Nuku'alofa", "Pacific/Tongatapu"),
    ("Samoa", "Pacific/Apia"),
    ("Kiritimati Island", "Pacific/Kiritimati"),
    ("Chatham Islands", "Pacific/Chatham"),
    ("Lord Howe Island", "Australia/Lord_Howe"),
    ("International Date Line West", "Etc/GMT+12"),
    ("Solomon Is., New Caledonia", "Pacific/Guadalcanal"),
    ("Easter Island", "Pacific/Easter"),
    ("Marquesas Islands", "Pacific/Marquesas"),
];

/// The year whose offsets display names are checked against (Windows updates the names when a
/// zone's offset changes; a fixed year keeps reading a file independent of the clock).
const DISPLAY_NAME_YEAR: i32 = 2026;

/// The standard UTC offset of a tz-database zone (the smaller of January's and July's, which is
/// also right for zones with negative daylight saving such as Europe/Dublin).
fn standard_offset(tz: Tz) -> i64 {
    use chrono::Offset;
    let year = DISPLAY_NAME_YEAR;
    [1, 7]
        .iter()
        .filter_map(|m| chrono::NaiveDate::from_ymd_opt(year, *m, 1))
        .map(|d| tz.offset_from_utc_date(&d).fix().local_minus_utc() as i64)
        .min()
        .unwrap_or(0)
}

/// Reads a Windows display name: `(UTC+10:00) Canberra, Melbourne, Sydney`,
/// `(GMT-05:00) Eastern Time (US & Canada)`, `(UTC) Dublin, Edinburgh, Lisbon, London`,
/// `(GMT+01:00) Amsterdam / Berlin`, `(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi`.
fn display_name(name: &str) -> Option<DisplayName> {
    let rest = name.strip_prefix('(')?;
    let (stated, places) = rest.split_once(')')?;
    let stated = stated.trim();
    let sign_at = stated.find(['+', '-', '\u{2212}']);
    let prefix = &stated[..sign_at.unwrap_or(stated.len())];
    if !prefix.eq_ignore_ascii_case("UTC") && !prefix.eq_ignore_ascii_case("GMT") {
        return None;
    }
    let offset = match sign_at {
        None => 0,
        Some(at) => {
            let sign = if stated[at..].starts_with('+') { 1 } else { -1 };
            let digits = stated[at..].trim_start_matches(['+', '-', '\u{2212}']);
            let (h, m) = digits.split_once([':', '.']).unwrap_or((digits, "0"));
            let (h, m): (i64, i64) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
            if h > 14 || m >= 60 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    // Old Outlook: `(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London`.
    let places = places.rsplit(" : ").next().unwrap_or(places).trim();
    if let Some((_, tz)) = DISPLAY_REGIONS.iter().find(|(r, _)| r.eq_ignore_ascii_case(places)) {
        return Tz::from_str(tz).ok().map(DisplayName::Zone);
    }
    let city = places
        .split([',', '/', ';'])
        .map(|p| p.split('(').next().unwrap_or(p).trim().trim_end_matches('.').replace(' ', "_"))
        .filter(|p| p.len() > 1)
        .find_map(|place| {
            chrono_tz::TZ_VARIANTS.iter().copied().find(|tz| {
                let last = tz.name().rsplit('/').next().unwrap_or_default();
                tz.name().contains('/')
                    && !tz.name().starts_with("Etc/")
                    && last.eq_ignore_ascii_case(&place)
                    && standard_offset(*tz) == offset
            })
        });
    Some(city.map_or(DisplayName::Offset(offset), DisplayName::Zone))
}

/// Windows zone names (Outlook, Exchange) of the most used zones, with their IANA equivalents
/// (the "001" territory of Unicode CLDR's windowsZones).
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("Dateline Standard Time", "Etc/GMT+12"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Mountain Standard Time", "America/Denver"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Central Standard Time", "America/Chicago"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("Canada Central Standard Time", "America/Regina"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("Eastern Standard Time", "America/New_York"),
    ("US Eastern Standard Time", "America/Indianapolis"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Buenos_Aires"),
    ("UTC", "Etc/UTC"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Arab Standard Time", "Asia/Riyadh"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Pakistan Standard Time", "Asia/Karachi"),
    ("India Standard Time", "Asia/Calcutta"),
    ("Bangladesh Standard Time", "Asia/Dhaka"),
    ("SE Asia Standard Time", "Asia/Bangkok"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Taipei Standard Time", "Asia/Taipei"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("AUS Central Standard Time", "Australia/Darwin"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("Tasmania Standard Time", "Australia/Hobart"),
    ("Lord Howe Standard Time", "Australia/Lord_Howe"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
];

/// An IANA zone named by `tzid` (or by its last one, two or three `/` parts), or by a Windows
/// zone name.
pub(crate) fn iana(tzid: &str) -> Option<Tz> {
    if let Ok(tz) = Tz::from_str(tzid) {
        return Some(tz);
    }
    if let Some((_, name)) = WINDOWS_ZONES.iter().find(|(w, _)| w.eq_ignore_ascii_case(tzid)) {
        return Tz::from_str(name).ok();
    }
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    (1..=3.min(parts.len()))
        .rev()
        .find_map(|n| Tz::from_str(&parts[parts.len() - n..].join("/")).ok())
        .filter(|tz| tzid.contains('/') || *tz == Tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, 0)).unwrap_or_default()
    }

    fn new_york_rules() -> CustomZone {
        let standard = Observance {
            start: at(2007, 11, 4, 2, 0),
            offset_from: -4 * 3600,
            offset_to: -5 * 3600,
            rrule: Some("FREQ=YEARLY;BYMONTH=11;BYDAY=1SU".into()),
            rdates: vec![],
        };
        let daylight = Observance {
            start: at(2007, 3, 11, 2, 0),
            offset_from: -5 * 3600,
            offset_to: -4 * 3600,
            rrule: Some("FREQ=YEARLY;BYMONTH=3;BYDAY=2SU".into()),
            rdates: vec![],
        };
        CustomZone::new(&[standard, daylight]).unwrap_or(CustomZone::fixed(0))
    }

    #[test]
    fn a_vtimezone_gives_the_same_instants_as_the_tz_database() {
        let custom = Zone::Custom(Arc::new(new_york_rules()));
        let iana = Zone::Iana(chrono_tz::America::New_York);
        for local in [
            at(2026, 3, 5, 13, 0),
            at(2026, 3, 8, 2, 30), // skipped: forward by the gap
            at(2026, 3, 10, 13, 0),
            at(2026, 11, 1, 1, 30), // repeated: the first
            at(2026, 11, 3, 13, 0),
            at(2031, 7, 1, 9, 0),
        ] {
            assert_eq!(custom.to_utc(local), iana.to_utc(local), "{local}");
            let t = iana.to_utc(local);
            assert_eq!(custom.to_local(t), iana.to_local(t), "{local}");
        }
    }

    #[test]
    fn windows_display_names_of_every_vintage() {
        let zones = Zones::new(chrono_tz::Europe::London, chrono_tz::UTC, HashMap::new());
        let named = |tzid: &str| match zones.lookup(tzid) {
            Resolved::Known(Zone::Iana(tz)) => tz.name().to_string(),
            Resolved::OffsetOnly(_, offset) => offset,
            other => format!("{other:?}"),
        };
        assert_eq!(
            named("(GMT+01.00) Amsterdam / Berlin / Bern / Rome / Stockholm / Vienna"),
            "Europe/Amsterdam"
        );
        assert_eq!(
            named("(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London"),
            "Europe/Dublin"
        );
        assert_eq!(named("(UTC-05:00) Eastern Time (US & Canada)"), "America/New_York");
        assert_eq!(named("\"(UTC+09:30) Adelaide\""), "Australia/Adelaide");
        assert_eq!(named("(UTC+05:45) Kathmandu"), "Asia/Kathmandu");
        assert_eq!(named("(UTC-06:00) Guadalajara, Mexico City, Monterrey"), "America/Mexico_City");
        // A city whose zone has another offset is not taken for it.
        assert_eq!(named("(UTC+03:00) Vienna"), "UTC+03:00");
        assert!(matches!(zones.lookup("(UTC+25:00) Nowhere"), Resolved::Unknown));
        assert!(matches!(zones.lookup("Western/Central Europe"), Resolved::Unknown));
    }

    #[test]
    fn prefixed_and_unknown_tzids() {
        let zones = Zones::new(chrono_tz::Europe::London, chrono_tz::UTC, HashMap::new());
        let berlin = zones.resolve(Some("/mozilla.org/20070129_1/Europe/Berlin"));
        assert!(matches!(berlin, Zone::Iana(chrono_tz::Europe::Berlin)));
        let unknown = zones.resolve(Some("Customized Time Zone"));
        assert!(matches!(unknown, Zone::Iana(chrono_tz::Europe::London)));
        assert!(matches!(zones.resolve(None), Zone::Iana(chrono_tz::Europe::London)));
    }
}
