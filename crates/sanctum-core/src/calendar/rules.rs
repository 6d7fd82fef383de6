//! Recurrence rules (RRULE), expanded over wall times by the `rrule` crate, bounded for any
//! input: a rule with a fixed step is started near the window rather than from a DTSTART years
//! back, other rules walk at most [`MAX_WALK`] candidates within [`WALK_BUDGET`], at most `limit`
//! dates are returned (the cut is reported), and a panic inside the crate is caught and reported
//! as an unreadable rule.
//!
//! Parts other readers ignore are ignored here too, and reported: `X-` extensions, unknown
//! names and junk tokens (Google feeds carry some). `RSCALE=GREGORIAN` (RFC 7529) is the default
//! calendar and is dropped; another calendar scale cannot be expanded and makes the rule
//! unreadable. A per-second, per-minute or hourly rule whose BYHOUR/BYMINUTE/BYSECOND parts pick
//! a few times a day is expanded as the daily rule it equals (every day's matching times), which
//! the recurrence crate walks day by day instead of second by second.
//! [`super::read`] applies them to events (in each event's wall time); [`super::zone`] to a
//! VTIMEZONE's onsets.

use std::time::{Duration as Elapsed, Instant};

use chrono::{Duration, NaiveDateTime, TimeZone};

/// Wall times of `rule` (an RRULE value) starting at `start`, up to `before` (at most `limit`).
/// UNTIL is taken as given; callers convert it to wall time first.
pub(crate) fn expand_rule_naive(
    start: NaiveDateTime,
    rule: &str,
    after: Option<NaiveDateTime>,
    before: NaiveDateTime,
    limit: u16,
) -> Vec<NaiveDateTime> {
    try_expand_rule(start, rule, after, before, limit).map(|e| e.dates).unwrap_or_default()
}

/// What a rule gave.
#[derive(Debug, Default)]
pub(crate) struct Expansion {
    pub dates: Vec<NaiveDateTime>,
    /// `limit` cut the list.
    pub cut: bool,
    /// Parts that were ignored, as written.
    pub ignored: Vec<String>,
}

/// How long walking one rule from its start may take.
pub const WALK_BUDGET: Elapsed = Elapsed::from_secs(1);

/// The parts of RFC 5545's RECUR value.
const KNOWN_PARTS: &[&str] = &[
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
];

/// The parts of a rule the recurrence crate is given, and those left out (as written). A COUNT
/// that is not positive (seen from real servers) means no count.
fn clean_parts(rule: &str) -> Result<(Vec<String>, Vec<String>), RuleError> {
    let (mut kept, mut ignored) = (Vec::new(), Vec::new());
    for part in rule.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            ignored.push(part.to_string());
            continue;
        };
        let key = k.trim().to_ascii_uppercase();
        if key == "RSCALE" {
            if !v.trim().eq_ignore_ascii_case("GREGORIAN") {
                return Err(RuleError::Invalid(format!(
                    "calendar scale {:?} is not supported",
                    v.trim()
                )));
            }
        } else if key == "SKIP" && v.trim().eq_ignore_ascii_case("OMIT") {
            // RFC 7529's default: invalid dates (the 31st of a short month) are left out.
        } else if key == "COUNT" {
            if v.trim().parse::<i64>().is_ok_and(|n| n > 0) {
                kept.push(part.to_string());
            }
        } else if KNOWN_PARTS.contains(&key.as_str()) {
            kept.push(part.to_string());
        } else {
            ignored.push(part.to_string());
        }
    }
    Ok((kept, ignored))
}

/// A sub-daily rule (INTERVAL=1) filtered by time of day, as the daily rule with the same
/// occurrences: missing BYHOUR (and for minutely or secondly rules BYMINUTE, for secondly rules
/// BYSECOND) become every hour, minute or second, as the finer frequency would visit them.
fn as_daily(parts: &[String]) -> Option<Vec<String>> {
    let value = |name: &str| {
        parts.iter().find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_ascii_uppercase())
        })
    };
    let freq = value("FREQ")?;
    let finer = match freq.as_str() {
        "HOURLY" => 1,
        "MINUTELY" => 2,
        "SECONDLY" => 3,
        _ => return None,
    };
    if value("INTERVAL").is_some_and(|i| i != "1") || value("BYSETPOS").is_some() {
        return None;
    }
    let filtered = ["BYHOUR", "BYMINUTE", "BYSECOND"].iter().any(|b| value(b).is_some());
    if !filtered {
        return None;
    }
    let all = |n: u32| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let mut out: Vec<String> = parts
        .iter()
        .filter(|p| !p.trim().to_ascii_uppercase().starts_with("FREQ"))
        .cloned()
        .collect();
    out.insert(0, "FREQ=DAILY".into());
    if value("BYHOUR").is_none() {
        out.push(format!("BYHOUR={}", all(24)));
    }
    if finer >= 2 && value("BYMINUTE").is_none() {
        out.push(format!("BYMINUTE={}", all(60)));
    }
    if finer >= 3 && value("BYSECOND").is_none() {
        out.push(format!("BYSECOND={}", all(60)));
    }
    // The daily rule's own defaults (DTSTART's minute and second) are what the finer rule
    // keeps fixed too, so nothing else changes.
    Some(out)
}

/// Why a rule gave no dates.
#[derive(Debug)]
pub(crate) enum RuleError {
    /// UNTIL is before DTSTART.
    EndsBeforeStart,
    Invalid(String),
}

/// How a rule steps, as far as moving its start forward is concerned.
#[derive(Debug, Clone, Copy)]
struct Steps {
    /// The length of one step, for frequencies up to weekly (months and years have no fixed
    /// length, and are few enough to walk from any DTSTART).
    step: Option<Duration>,
    count: Option<i64>,
    /// Any BY… part: the rule picks among the steps, so the k-th occurrence is not k steps on.
    filtered: bool,
}

fn steps_of(parts: &[&str]) -> Steps {
    let mut freq = None;
    let mut interval = Some(1i64);
    let mut count = None;
    let mut filtered = false;
    for part in parts {
        let Some((k, v)) = part.split_once('=') else { continue };
        let k = k.trim().to_ascii_uppercase();
        match k.as_str() {
            "FREQ" => freq = Some(v.trim().to_ascii_uppercase()),
            "INTERVAL" => interval = v.trim().parse().ok().filter(|n| *n >= 1),
            "COUNT" => count = v.trim().parse().ok(),
            _ if k.starts_with("BY") => filtered = true,
            _ => {}
        }
    }
    let unit: Option<i64> = match freq.as_deref() {
        Some("SECONDLY") => Some(1),
        Some("MINUTELY") => Some(60),
        Some("HOURLY") => Some(3600),
        Some("DAILY") => Some(86_400),
        Some("WEEKLY") => Some(7 * 86_400),
        _ => None,
    };
    let step =
        unit.zip(interval).and_then(|(u, i)| u.checked_mul(i)).and_then(Duration::try_seconds);
    Steps { step, count, filtered }
}

/// At most this many occurrences are walked through to reach the window, for rules that must
/// be walked from their start (a COUNT with BY… parts): beyond it the event is named, not read.
pub const MAX_WALK: usize = 200_000;

/// The dates of a rule from `start` between `after` and `before`, at most `limit` (and whether
/// the limit cut them), with the parts that were ignored.
pub(crate) fn try_expand_rule(
    start: NaiveDateTime,
    rule: &str,
    after: Option<NaiveDateTime>,
    before: NaiveDateTime,
    limit: u16,
) -> Result<Expansion, RuleError> {
    let fake = |t: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&t);
    let (mut parts, ignored) = clean_parts(rule)?;
    if let Some(daily) = as_daily(&parts) {
        parts = daily;
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let parsed: rrule::RRule<rrule::Unvalidated> =
        refs.join(";").parse().map_err(|e| RuleError::Invalid(format!("{e}")))?;
    if parsed.get_until().is_some_and(|u| *u < fake(start)) {
        return Err(RuleError::EndsBeforeStart);
    }
    // A per-second rule from 1970 would be walked second by second up to the window: start the
    // walk one step before the window instead, on the rule's own grid. Without BY… parts the
    // k-th occurrence is k steps on, so a COUNT moves along with the start.
    let shape = steps_of(&refs);
    let mut first = start;
    let mut walk = false;
    match (after, shape.step) {
        (Some(after), Some(step)) if shape.count.is_none() || !shape.filtered => {
            let step = step.num_seconds();
            let mut skip = (after - start).num_seconds() / step - 1;
            if let Some(count) = shape.count {
                if skip >= count {
                    return Ok(Expansion { ignored, ..Expansion::default() });
                }
                skip = skip.max(0);
                let left = count - skip;
                parts.retain(|p| !p.trim().to_ascii_uppercase().starts_with("COUNT"));
                parts.push(format!("COUNT={left}"));
            }
            if let Some(moved) = skip
                .checked_mul(step)
                .filter(|s| *s > 0)
                .and_then(Duration::try_seconds)
                .and_then(|d| start.checked_add_signed(d))
            {
                first = moved;
            }
        }
        (Some(_), Some(_)) => walk = true,
        _ => {}
    }
    let rule = parts.join(";");
    let parsed: rrule::RRule<rrule::Unvalidated> =
        rule.parse().map_err(|e| RuleError::Invalid(format!("{e}")))?;
    // The recurrence crate panics on a few malformed rules; one bad event must not take the
    // calendar (or the app) down with it.
    let expanded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let valid = parsed.validate(fake(first)).map_err(|e| RuleError::Invalid(format!("{e}")))?;
        let set = rrule::RRuleSet::new(fake(first)).rrule(valid);
        if walk {
            // Walked from the start, at most MAX_WALK occurrences within WALK_BUDGET, keeping
            // those in range.
            let began = Instant::now();
            let mut dates = Vec::new();
            for (n, d) in set.into_iter().enumerate() {
                let d = d.naive_utc();
                if d > before || dates.len() >= usize::from(limit) {
                    return Ok((dates, d <= before));
                }
                if n >= MAX_WALK || (n % 1024 == 0 && began.elapsed() > WALK_BUDGET) {
                    return Err(RuleError::Invalid(format!(
                        "it repeats too often before the weeks read (more than {n} times)"
                    )));
                }
                if after.is_none_or(|a| d >= a) {
                    dates.push(d);
                }
            }
            return Ok((dates, false));
        }
        let mut set = set.before(fake(before));
        if let Some(after) = after {
            set = set.after(fake(after));
        }
        let result = set.all(limit);
        let cut = result.limited && result.dates.len() >= usize::from(limit);
        Ok((result.dates.into_iter().map(|d| d.naive_utc()).collect(), cut))
    }));
    match expanded {
        Ok(result) => result.map(|(dates, cut)| Expansion { dates, cut, ignored }),
        Err(_) => Err(RuleError::Invalid("the recurrence library could not expand it".into())),
    }
}
