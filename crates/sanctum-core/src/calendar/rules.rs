//! Recurrence rules (RRULE), expanded over wall times by the `rrule` crate, bounded for any
//! input: a rule with a fixed step is started near the window rather than from a DTSTART years
//! back, other rules walk at most [`MAX_WALK`] candidates, at most `limit` dates are returned (the
//! cut is reported), and a panic inside the crate is caught and reported as an unreadable rule.
//! [`super::read`] applies them to events (in each event's wall time); [`super::zone`] to a
//! VTIMEZONE's onsets.

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
    try_expand_rule(start, rule, after, before, limit).map(|(dates, _)| dates).unwrap_or_default()
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

/// The dates of a rule from `start` between `after` and `before`, at most `limit`; `true` with
/// them when the limit cut the list.
pub(crate) fn try_expand_rule(
    start: NaiveDateTime,
    rule: &str,
    after: Option<NaiveDateTime>,
    before: NaiveDateTime,
    limit: u16,
) -> Result<(Vec<NaiveDateTime>, bool), RuleError> {
    let fake = |t: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&t);
    // A COUNT that is not positive (seen from real servers) means no count.
    let mut parts: Vec<String> = rule
        .split(';')
        .filter(|part| match part.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("COUNT") => {
                v.trim().parse::<i64>().is_ok_and(|n| n > 0)
            }
            _ => !part.trim().is_empty(),
        })
        .map(str::to_string)
        .collect();
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
                    return Ok((Vec::new(), false));
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
            // Walked from the start, at most MAX_WALK occurrences, keeping those in range.
            let mut dates = Vec::new();
            for (n, d) in set.into_iter().enumerate() {
                let d = d.naive_utc();
                if d > before || dates.len() >= usize::from(limit) {
                    return Ok((dates, d <= before));
                }
                if n >= MAX_WALK {
                    return Err(RuleError::Invalid(format!(
                        "it repeats more than {MAX_WALK} times before the weeks read"
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
        Ok(result) => result,
        Err(_) => Err(RuleError::Invalid("the recurrence library could not expand it".into())),
    }
}
