//! Time zones of imported calendars.
//!
//! A `TZID` is resolved in this order: an IANA name known to the bundled tz database (also when
//! prefixed, as in `/mozilla.org/20070129_1/Europe/Berlin`); otherwise the file's own `VTIMEZONE`
//! with that TZID, whose observances (DTSTART, TZOFFSETFROM/TO, RRULE, RDATE) are expanded into
//! transitions; otherwise the time is read as floating, in the user's zone.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::time::local_to_utc;

/// Transitions of a VTIMEZONE are computed up to this year.
const CUSTOM_ZONE_UNTIL_YEAR: i32 = 2040;

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
    /// Builds a zone from its observances; `None` if there are none.
    pub fn new(observances: &[Observance]) -> Option<CustomZone> {
        let first = observances.iter().min_by_key(|o| o.start)?;
        let mut transitions = Vec::new();
        for o in observances {
            let mut onsets = vec![o.start];
            onsets.extend(o.rdates.iter().copied());
            if let Some(rule) = &o.rrule {
                onsets.extend(super::rules::expand_rule_naive(
                    o.start,
                    rule,
                    None,
                    chrono::NaiveDate::from_ymd_opt(CUSTOM_ZONE_UNTIL_YEAR, 12, 31)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .unwrap_or(o.start),
                    2000,
                ));
            }
            for onset in onsets {
                let at = Utc.from_utc_datetime(&(onset - Duration::seconds(o.offset_from)));
                transitions.push((at, o.offset_to));
            }
        }
        transitions.sort_by_key(|t| t.0);
        transitions.dedup_by_key(|t| t.0);
        Some(CustomZone { initial: first.offset_from, transitions })
    }

    /// UTC offset in seconds at `t`.
    pub fn offset_at(&self, t: DateTime<Utc>) -> i64 {
        let i = self.transitions.partition_point(|(at, _)| *at <= t);
        if i == 0 {
            self.initial
        } else {
            self.transitions[i - 1].1
        }
    }

    fn to_utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut offsets: Vec<i64> = self.transitions.iter().map(|t| t.1).collect();
        offsets.push(self.initial);
        offsets.sort_unstable();
        offsets.dedup();
        let candidate = |o: i64| Utc.from_utc_datetime(&(local - Duration::seconds(o)));
        // A wall time that exists: an offset in force at the instant it gives; the earliest
        // instant if the wall time happens twice.
        let exact = offsets
            .iter()
            .filter(|o| self.offset_at(candidate(**o)) == **o)
            .map(|o| candidate(*o))
            .min();
        // In a gap: read with the smaller (earlier) offset, which lands after the gap.
        exact.unwrap_or_else(|| candidate(offsets[0]))
    }
}

/// Resolves TZIDs for one file.
#[derive(Debug)]
pub struct Zones {
    custom: HashMap<String, Arc<CustomZone>>,
    /// For floating times and unknown TZIDs: the calendar's X-WR-TIMEZONE, or the user's zone.
    pub default: Tz,
    /// The user's zone, for all-day dates.
    pub user: Tz,
}

impl Zones {
    pub fn new(default: Tz, user: Tz, custom: HashMap<String, CustomZone>) -> Zones {
        let custom = custom.into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
        Zones { custom, default, user }
    }

    /// The zone a TZID names, if it names one.
    fn lookup(&self, tzid: &str) -> Option<Zone> {
        let tzid = tzid.trim().trim_matches('"');
        iana(tzid).map(Zone::Iana).or_else(|| self.custom.get(tzid).cloned().map(Zone::Custom))
    }

    /// Whether a TZID names a zone (rather than falling back to the default).
    pub fn knows(&self, tzid: &str) -> bool {
        self.lookup(tzid).is_some()
    }

    /// The zone a TZID names; the default for none or an unknown one.
    pub fn resolve(&self, tzid: Option<&str>) -> Zone {
        tzid.and_then(|t| self.lookup(t)).unwrap_or(Zone::Iana(self.default))
    }
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
        CustomZone::new(&[standard, daylight])
            .unwrap_or(CustomZone { initial: 0, transitions: vec![] })
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
    fn prefixed_and_unknown_tzids() {
        let zones = Zones::new(chrono_tz::Europe::London, chrono_tz::UTC, HashMap::new());
        let berlin = zones.resolve(Some("/mozilla.org/20070129_1/Europe/Berlin"));
        assert!(matches!(berlin, Zone::Iana(chrono_tz::Europe::Berlin)));
        let unknown = zones.resolve(Some("Customized Time Zone"));
        assert!(matches!(unknown, Zone::Iana(chrono_tz::Europe::London)));
        assert!(matches!(zones.resolve(None), Zone::Iana(chrono_tz::Europe::London)));
    }
}
