//! The quick-log line: one line of text that becomes an interruption.
//!
//! ```text
//! @Sam #vendor slack 15m >Priya outage on invoices
//! ```
//!
//! | token | meaning |
//! |---|---|
//! | `@Sam`, `@"Sam Lee"` | source: who or what interrupted |
//! | `#vendor` | category (user-defined, stored lower-case) |
//! | `slack` `email` `call` `in-person` `meeting` `alert` `other` (and `mail`, `phone`, `pager`, `irl`, `dm`, `teams`, `mtg`) | channel: the first such word; later ones stay in the note |
//! | `15m` `2h` `1h30m` `1.5h` `45min` | minutes spent (0 to 1440; default 5) |
//! | `>Priya`, `>"Priya K"` | outcome delegated to Priya |
//! | `~` / `~Email` | outcome deferred (into the batch "Email") |
//! | `=declined` (`=no`), `=handled` (`=done`), `=deferred` | outcome said in words |
//! | `!` high, `!!` critical, `!low`, `!normal`, `!high`, `!critical` | urgency (default normal) |
//! | `^14:30`, `^-20m`, `^2026-11-24T09:00` | when it happened (default now; local time) |
//! | `\word` | keep `word` in the note literally (e.g. `\call`, `\#1`) |
//! | anything else | the note |
//!
//! A field given twice, an empty sigil (`@` alone) or an impossible value (`-5m`, `99999m`) is an
//! error naming the field; nothing is guessed.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};
use crate::interruption::{
    check_minutes, Channel, InterruptionPatch, NewInterruption, Outcome, Urgency, DEFAULT_MINUTES,
};
use crate::time::parse_when;

/// What a quick-log line said; every field the line did not mention is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuickLog {
    pub source: Option<String>,
    pub category: Option<String>,
    pub channel: Option<Channel>,
    pub minutes: Option<u32>,
    pub outcome: Option<Outcome>,
    pub urgency: Option<Urgency>,
    /// The raw `^` time, resolved against `now` and the zone by [`QuickLog::into_new`].
    pub when: Option<String>,
    pub note: String,
}

impl QuickLog {
    /// A new interruption: unmentioned fields take their defaults, the time defaults to `now`.
    pub fn into_new(self, now: DateTime<Utc>, zone: Tz) -> Result<NewInterruption> {
        let occurred_at = match &self.when {
            Some(w) => parse_when(w, now, zone)?,
            None => now,
        };
        NewInterruption {
            occurred_at,
            source: self.source,
            channel: self.channel.unwrap_or(Channel::Other),
            category: self.category,
            urgency: self.urgency.unwrap_or(Urgency::Normal),
            minutes: self.minutes.unwrap_or(DEFAULT_MINUTES),
            outcome: self.outcome.unwrap_or(Outcome::Handled),
            note: self.note,
        }
        .validated()
    }

    /// A patch that changes only what the line mentions (an empty note leaves the note alone).
    pub fn into_patch(self, now: DateTime<Utc>, zone: Tz) -> Result<InterruptionPatch> {
        Ok(InterruptionPatch {
            occurred_at: self.when.as_deref().map(|w| parse_when(w, now, zone)).transpose()?,
            source: self.source.map(Some),
            channel: self.channel,
            category: self.category.map(Some),
            urgency: self.urgency,
            minutes: self.minutes,
            outcome: self.outcome,
            note: (!self.note.is_empty()).then_some(self.note),
        })
    }
}

/// Parses one quick-log line and resolves it to a new interruption at `now` in `zone`.
pub fn parse_new(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<NewInterruption> {
    parse(text)?.into_new(now, zone)
}

/// Parses one quick-log line into what it says.
pub fn parse(text: &str) -> Result<QuickLog> {
    if text.trim().is_empty() {
        return Err(Error::invalid(
            "text",
            "is empty; type what happened, e.g. @Sam #vendor slack 15m invoices failing",
        ));
    }
    if text.contains(['\n', '\r']) {
        return Err(Error::invalid("text", "must be a single line"));
    }
    let mut log = QuickLog::default();
    let mut note: Vec<String> = Vec::new();
    for token in tokens(text)? {
        let Token { sigil, body, raw } = token;
        match sigil {
            Some('@') => set_once(&mut log.source, "source", non_empty("source", '@', body)?)?,
            Some('#') => {
                set_once(&mut log.category, "category", non_empty("category", '#', body)?)?
            }
            Some('>') => set_once(
                &mut log.outcome,
                "outcome",
                Outcome::Delegated { to: non_empty("outcome", '>', body)? },
            )?,
            Some('~') => set_once(
                &mut log.outcome,
                "outcome",
                Outcome::Deferred { batch: (!body.is_empty()).then_some(body) },
            )?,
            Some('=') => set_once(&mut log.outcome, "outcome", outcome_word(&body)?)?,
            Some('!') => set_once(&mut log.urgency, "urgency", urgency_word(&body)?)?,
            Some('^') => set_once(&mut log.when, "when", non_empty("when", '^', body)?)?,
            Some('\\') if body.is_empty() => {}
            Some('\\') => note.push(body),
            _ => {
                if let Some(minutes) = duration_token(&raw)? {
                    set_once(&mut log.minutes, "minutes", minutes)?;
                } else if let (None, Some(channel)) = (log.channel, Channel::from_word(&raw)) {
                    log.channel = Some(channel);
                } else {
                    note.push(raw);
                }
            }
        }
    }
    log.note = note.join(" ");
    Ok(log)
}

struct Token {
    sigil: Option<char>,
    /// The text after the sigil, unquoted.
    body: String,
    /// The token as typed.
    raw: String,
}

const SIGILS: [char; 8] = ['@', '#', '>', '~', '=', '!', '^', '\\'];

/// Splits on whitespace; after a sigil, `"..."` may hold spaces.
fn tokens(text: &str) -> Result<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(first) = chars.next() else { break };
        let sigil = SIGILS.contains(&first).then_some(first);
        let mut raw = String::from(first);
        let mut body = String::new();
        if sigil.is_some() && chars.peek() == Some(&'"') {
            raw.push('"');
            chars.next();
            let mut closed = false;
            for c in chars.by_ref() {
                raw.push(c);
                if c == '"' {
                    closed = true;
                    break;
                }
                body.push(c);
            }
            if !closed {
                return Err(Error::invalid(
                    "text",
                    format!("the quote after {first} is not closed: {raw}"),
                ));
            }
        } else {
            if sigil.is_none() {
                body.push(first);
            }
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                raw.push(c);
                body.push(c);
            }
        }
        out.push(Token { sigil, body, raw });
    }
    Ok(out)
}

fn set_once<T>(slot: &mut Option<T>, field: &'static str, value: T) -> Result<()> {
    if slot.is_some() {
        return Err(Error::invalid(
            field,
            "is given twice; give it once (put \\ before a word to keep it in the note)",
        ));
    }
    *slot = Some(value);
    Ok(())
}

fn non_empty(field: &'static str, sigil: char, body: String) -> Result<String> {
    if body.trim().is_empty() {
        return Err(Error::invalid(field, format!("nothing after {sigil}; write e.g. {sigil}Sam")));
    }
    Ok(body.trim().to_string())
}

fn outcome_word(word: &str) -> Result<Outcome> {
    match word.to_ascii_lowercase().as_str() {
        "handled" | "done" => Ok(Outcome::Handled),
        "declined" | "no" => Ok(Outcome::Declined),
        "deferred" | "later" => Ok(Outcome::Deferred { batch: None }),
        "delegated" => Err(Error::invalid("outcome", "say who with >Name, e.g. >Priya")),
        _ => Err(Error::invalid(
            "outcome",
            format!(
                "'={word}' is not an outcome; use =handled, =declined, =deferred, >Name or ~Batch"
            ),
        )),
    }
}

fn urgency_word(word: &str) -> Result<Urgency> {
    match word {
        "" => Ok(Urgency::High),
        "!" => Ok(Urgency::Critical),
        other => other.parse(),
    }
}

/// `Some(minutes)` when the token is shaped like a duration, `None` when it is an ordinary word.
/// A duration-shaped token with an impossible value is an error.
fn duration_token(raw: &str) -> Result<Option<u32>> {
    let (negative, rest) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let Some(minutes) = parse_duration_i64(rest) else {
        return Ok(None);
    };
    let minutes = if negative { -minutes } else { minutes };
    check_minutes(minutes).map(Some)
}

/// A duration the user typed in a field of its own: `20`, `20m`, `1h30m`. A negative or
/// over-long value is refused, naming `field`.
pub fn parse_minutes(field: &'static str, text: &str) -> Result<u32> {
    let text = text.trim();
    let value = match text.parse::<i64>() {
        Ok(n) => n,
        Err(_) => match text.strip_prefix('-').map(parse_duration) {
            Some(Some(m)) => -i64::from(m),
            _ => parse_duration(text).map(i64::from).ok_or_else(|| {
                Error::invalid(field, format!("'{text}' is not a duration; use 20, 20m or 1h30m"))
            })?,
        },
    };
    crate::interruption::check_minutes(value).map_err(|e| match e {
        Error::Invalid { message, .. } => Error::Invalid { field, message },
        other => other,
    })
}

/// Minutes in `15m`, `45min`, `2h`, `1h30m`, `1h30`, `1.5h`; `None` if not shaped like that.
pub fn parse_duration(text: &str) -> Option<u32> {
    parse_duration_i64(text).and_then(|m| u32::try_from(m).ok())
}

fn parse_duration_i64(text: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let split_number = |s: &str| -> Option<(f64, usize)> {
        let end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
        let num = &s[..end];
        if num.is_empty()
            || num.starts_with('.')
            || num.ends_with('.')
            || num.matches('.').count() > 1
        {
            return None;
        }
        num.parse::<f64>().ok().map(|n| (n, end))
    };
    let (n, end) = split_number(&lower)?;
    let rest = &lower[end..];
    let minutes = if let Some(after_h) =
        ["hours", "hour", "hrs", "hr", "h"].iter().find_map(|u| rest.strip_prefix(u))
    {
        let mut total = n * 60.0;
        if !after_h.is_empty() {
            let (m, end) = split_number(after_h)?;
            if m.fract() != 0.0 || !matches!(&after_h[end..], "" | "m" | "min" | "mins") {
                return None;
            }
            total += m;
        }
        total
    } else if matches!(rest, "m" | "min" | "mins" | "minutes" | "minute") {
        n
    } else {
        return None;
    };
    if !minutes.is_finite() || minutes > 1e12 {
        return Some(i64::MAX / 2);
    }
    Some(minutes.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a good line must produce; `None` in an expectation means "the default".
    struct Good {
        line: &'static str,
        source: Option<&'static str>,
        category: Option<&'static str>,
        channel: Channel,
        minutes: u32,
        outcome: Outcome,
        urgency: Urgency,
        note: &'static str,
    }

    fn good(line: &'static str) -> Good {
        Good {
            line,
            source: None,
            category: None,
            channel: Channel::Other,
            minutes: DEFAULT_MINUTES,
            outcome: Outcome::Handled,
            urgency: Urgency::Normal,
            note: "",
        }
    }

    impl Good {
        fn src(mut self, s: &'static str) -> Self {
            self.source = Some(s);
            self
        }
        fn cat(mut self, s: &'static str) -> Self {
            self.category = Some(s);
            self
        }
        fn ch(mut self, c: Channel) -> Self {
            self.channel = c;
            self
        }
        fn min(mut self, m: u32) -> Self {
            self.minutes = m;
            self
        }
        fn out(mut self, o: Outcome) -> Self {
            self.outcome = o;
            self
        }
        fn urg(mut self, u: Urgency) -> Self {
            self.urgency = u;
            self
        }
        fn note(mut self, n: &'static str) -> Self {
            self.note = n;
            self
        }
    }

    fn delegated(to: &str) -> Outcome {
        Outcome::Delegated { to: to.into() }
    }
    fn deferred(batch: Option<&str>) -> Outcome {
        Outcome::Deferred { batch: batch.map(str::to_string) }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-25T15:00:00Z".parse().unwrap()
    }

    #[test]
    fn good_lines() {
        use Channel::*;
        let table = vec![
            good("@Sam #vendor slack 15m >Priya invoices failing")
                .src("Sam")
                .cat("vendor")
                .ch(Slack)
                .min(15)
                .out(delegated("Priya"))
                .note("invoices failing"),
            good("@Sam #vendor slack 15m >Priya outage on invoices")
                .src("Sam")
                .cat("vendor")
                .ch(Slack)
                .min(15)
                .out(delegated("Priya"))
                .note("outage on invoices"),
            good("printer jammed again").note("printer jammed again"),
            good("x").note("x"),
            good("@Ana").src("Ana"),
            good("@\"Sam Lee\" email 10m budget question")
                .src("Sam Lee")
                .ch(Email)
                .min(10)
                .note("budget question"),
            good("#Incident alert 45min db failover")
                .cat("incident")
                .ch(Alert)
                .min(45)
                .note("db failover"),
            good("call 1h vendor escalation").ch(Call).min(60).note("vendor escalation"),
            good("phone 1h30m").ch(Call).min(90),
            good("mtg 1h30 roadmap").ch(Meeting).min(90).note("roadmap"),
            good("irl 1.5h onboarding").ch(InPerson).min(90).note("onboarding"),
            good("in-person 2h").ch(InPerson).min(120),
            good("mail 3m").ch(Email).min(3),
            good("pager 20m disk full").ch(Alert).min(20).note("disk full"),
            good("dm 0m quick yes").ch(Slack).min(0).note("quick yes"),
            good("slack 1440m").ch(Slack).min(1440),
            good("slack 24h").ch(Slack).min(1440),
            good("teams 2hours").ch(Slack).min(120),
            good("slack call about email").ch(Slack).note("call about email"),
            good("\\call me back").note("call me back"),
            good("issue \\#42 on slack").ch(Slack).note("issue #42 on"),
            good("~ review later").out(deferred(None)).note("review later"),
            good("~Email reply to legal").out(deferred(Some("Email"))).note("reply to legal"),
            good("~\"Vendor calls\" ring Acme")
                .out(deferred(Some("Vendor calls")))
                .note("ring Acme"),
            good("=declined not ours").out(Outcome::Declined).note("not ours"),
            good("=no").out(Outcome::Declined),
            good("=done").out(Outcome::Handled),
            good("=later").out(deferred(None)),
            good(">\"Priya K\" access request").out(delegated("Priya K")).note("access request"),
            good("! server down").urg(Urgency::High).note("server down"),
            good("!! outage").urg(Urgency::Critical).note("outage"),
            good("!low fyi").urg(Urgency::Low).note("fyi"),
            good("!critical").urg(Urgency::Critical),
            good("!urgent").urg(Urgency::Critical),
            good("   @Sam    slack   ").src("Sam").ch(Slack),
            good("<img src=x onerror=alert(1)>").note("<img src=x onerror=alert(1)>"),
            good("@Zoë #fournisseur 5m réunion")
                .src("Zoë")
                .cat("fournisseur")
                .min(5)
                .note("réunion"),
            good("2nd time this week").note("2nd time this week"),
            good("5 servers down").note("5 servers down"),
            good("- minus sign").note("- minus sign"),
            good("10MIN SLACK").ch(Slack).min(10),
        ];
        assert!(table.len() >= 40);
        for g in table {
            let got = parse_new(g.line, now(), Tz::UTC)
                .unwrap_or_else(|e| panic!("{:?} failed: {e}", g.line));
            assert_eq!(got.source.as_deref(), g.source, "source of {:?}", g.line);
            assert_eq!(got.category.as_deref(), g.category, "category of {:?}", g.line);
            assert_eq!(got.channel, g.channel, "channel of {:?}", g.line);
            assert_eq!(got.minutes, g.minutes, "minutes of {:?}", g.line);
            assert_eq!(got.outcome, g.outcome, "outcome of {:?}", g.line);
            assert_eq!(got.urgency, g.urgency, "urgency of {:?}", g.line);
            assert_eq!(got.note, g.note, "note of {:?}", g.line);
            assert_eq!(got.occurred_at, now(), "when of {:?}", g.line);
        }
    }

    #[test]
    fn bad_lines_name_the_field() {
        let table = [
            ("", "text"),
            ("   ", "text"),
            ("two\nlines", "text"),
            ("-5m", "minutes"),
            ("slack -5m", "minutes"),
            ("99999m", "minutes"),
            ("1441m", "minutes"),
            ("25h", "minutes"),
            ("99999999999999999999h", "minutes"),
            ("15m 20m", "minutes"),
            ("@Sam @Ann", "source"),
            ("@", "source"),
            ("@\"\"", "source"),
            ("#", "category"),
            ("#a #b", "category"),
            (">", "outcome"),
            (">Priya ~Email", "outcome"),
            ("=declined >Sam", "outcome"),
            ("=maybe", "outcome"),
            ("=delegated", "outcome"),
            ("!meh", "urgency"),
            ("! !!", "urgency"),
            ("^", "when"),
            ("^teatime", "when"),
            ("^2099-01-01T09:00 late", "when"),
            ("^-1m ^-2m", "when"),
            ("@\"Sam", "text"),
            ("@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "source"),
        ];
        for (line, field) in table {
            let err = parse_new(line, now(), Tz::UTC).expect_err(line);
            assert_eq!(err.field(), Some(field), "{line:?} gave {err}");
            assert!(err.to_string().starts_with(field), "{line:?}: {err}");
        }
    }

    #[test]
    fn when_token_uses_the_zone() {
        let zone: Tz = "America/New_York".parse().unwrap();
        let got = parse_new("^09:15 @Sam", now(), zone).unwrap();
        assert_eq!(got.occurred_at, "2026-11-25T14:15:00Z".parse::<DateTime<Utc>>().unwrap());
        let got = parse_new("^-20m call", now(), zone).unwrap();
        assert_eq!(got.occurred_at, "2026-11-25T14:40:00Z".parse::<DateTime<Utc>>().unwrap());
    }

    #[test]
    fn patch_changes_only_what_the_line_mentions() {
        let patch = parse("20m >Priya").unwrap().into_patch(now(), Tz::UTC).unwrap();
        assert_eq!(patch.minutes, Some(20));
        assert_eq!(patch.outcome, Some(delegated("Priya")));
        assert_eq!(patch.source, None);
        assert_eq!(patch.note, None);
        assert_eq!(patch.occurred_at, None);
    }

    #[test]
    fn durations() {
        for (text, minutes) in [
            ("15m", Some(15)),
            ("2h", Some(120)),
            ("1h30m", Some(90)),
            ("1.5h", Some(90)),
            ("0.25h", Some(15)),
            ("15", None),
            ("m", None),
            ("1.h", None),
            ("h1", None),
            ("1h30x", None),
            ("1h1.5m", None),
        ] {
            assert_eq!(parse_duration(text), minutes, "{text}");
        }
    }
}
