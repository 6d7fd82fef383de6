//! Standing guard while no window is open: what the tray says, starting and ending focus on the
//! spot, pausing reminders, and the bookkeeping that puts the desktop's do-not-disturb back.

use chrono::{DateTime, Duration, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::focus::{BlockPatch, WhichOccurrence};
use super::{Sanctum, Topic};
use crate::error::{Error, Result};
use crate::focus::{FocusNow, Occurrence, OccurrenceOutcome, Repeat};
use crate::time::{local_to_utc, Span};

/// What the tray (or a status line) says, and whether a block runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GuardStatus {
    /// "In focus until 17:00 — Strategy", "Next: Thu 13:00 — Strategy", "No focus planned".
    pub line: String,
    pub in_focus: bool,
    /// Reminders are paused until then.
    pub reminders_paused_until: Option<DateTime<Utc>>,
}

/// Where a clicked notification takes the page: a screen, and the occurrence it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Navigation {
    /// `log`, `planner`, `week`, `review` or `settings`.
    pub screen: String,
    pub block_id: Option<i64>,
    pub date: Option<chrono::NaiveDate>,
}

/// How long to pause reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PauseFor {
    /// One hour from now.
    Hour,
    /// Until the start of tomorrow's working hours.
    Tomorrow,
}

/// Where do-not-disturb stands: the value the desktop had before Sanctum quietened it, kept
/// until it is put back (also across a crash).
const DND_PREVIOUS: &str = "dnd_previous";
const PAUSED_UNTIL: &str = "reminders_paused_until";
const BACKGROUND_EXPLAINED: &str = "background_explained";
const WINDOW_GEOMETRY: &str = "window_geometry";
const LOGIN_ASKED: &str = "login_asked";

/// Where the window was and how big, in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowGeometry {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl WindowGeometry {
    /// A geometry worth restoring: finite, on a plausible screen, at least the window's minimum.
    fn plausible(self) -> bool {
        let coord = |v: f64| v.is_finite() && v.abs() <= 100_000.0;
        let size = |v: f64| v.is_finite() && (320.0..=20_000.0).contains(&v);
        coord(self.x) && coord(self.y) && size(self.width) && size(self.height)
    }
}

/// The one line the tray shows for `now` (times in the user's zone).
pub fn status_line(now_state: &FocusNow, now: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    let local = |t: DateTime<Utc>| t.with_timezone(&zone);
    match (&now_state.running, &now_state.next) {
        (Some(o), _) => format!("In focus until {} — {}", local(o.end).format("%H:%M"), o.title),
        (None, Some(o)) => {
            let start = local(o.start);
            let when = if start.date_naive() == local(now).date_naive() {
                start.format("%H:%M").to_string()
            } else {
                start.format("%a %H:%M").to_string()
            };
            format!("Next: {when} — {}", o.title)
        }
        (None, None) => "No focus planned".to_string(),
    }
}

impl Sanctum<'_> {
    /// The tray's line and state.
    pub fn guard_status(&self) -> Result<GuardStatus> {
        let now_state = self.store.focus_now(self.now)?;
        Ok(GuardStatus {
            line: status_line(&now_state, self.now, self.zone()?),
            in_focus: now_state.running.is_some(),
            reminders_paused_until: self.reminders_paused_until()?,
        })
    }

    /// Starts focus now: a one-off block from this minute for the focus length (the
    /// `focus_length` setting), or until `until` (`17:00`, today in the user's zone). It ends at
    /// midnight at the latest. Refused while a block runs.
    pub fn start_focus_now(&self, until: Option<&str>) -> Result<Occurrence> {
        let zone = self.zone()?;
        if let Some(running) = self.store.focus_now(self.now)?.running {
            return Err(Error::invalid(
                "start",
                format!(
                    "already in focus until {} ({})",
                    running.end.with_timezone(&zone).format("%H:%M"),
                    running.title
                ),
            ));
        }
        let local = self.now.with_timezone(&zone);
        let start = local.time().with_second(0).and_then(|t| t.with_nanosecond(0));
        let start = start.unwrap_or(NaiveTime::MIN);
        let last = NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(NaiveTime::MIN);
        let end = match until.map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) => {
                let end = crate::focus::parse_wall_time("until", u)?;
                if end <= start {
                    return Err(Error::invalid(
                        "until",
                        format!("{u} has passed; give a later time today"),
                    ));
                }
                end
            }
            None => {
                let minutes = i64::from(self.store.settings()?.focus_length_minutes.max(15));
                let end = local_to_utc(zone, local.date_naive().and_time(start))
                    + Duration::minutes(minutes);
                let end = end.with_timezone(&zone);
                if end.date_naive() == local.date_naive() {
                    end.time()
                } else {
                    last
                }
            }
        };
        if end <= start {
            return Err(Error::invalid("start", "too close to midnight; start focus tomorrow"));
        }
        let date = local.date_naive();
        let block = self.add_block(BlockPatch {
            title: Some("Focus".into()),
            intention: Some(String::new()),
            repeat: Some(Repeat::Once { date }),
            start: Some(start),
            end: Some(end),
            timezone: Some(zone.name().to_string()),
            active_from: Some(date),
            ..Default::default()
        })?;
        self.store.occurrence(block.id, date)
    }

    /// Starts a coming occurrence now (from a heads-up's "Start now"): it runs from this
    /// minute to its planned end.
    pub fn start_occurrence_now(&self, which: WhichOccurrence) -> Result<Occurrence> {
        let o = self.occurrence(which)?;
        let start = self.now - Duration::seconds(i64::from(self.now.second()));
        let start = start.with_nanosecond(0).unwrap_or(start);
        if start >= o.end {
            return Err(Error::invalid("start", format!("{} has already ended", o.title)));
        }
        let moved = self.store.move_occurrence(o.block_id, o.date, Span { start, end: o.end })?;
        Ok(self.wrote(Topic::Focus, moved))
    }

    /// Ends the running block now; it is recorded as shortened by the minutes it had left.
    pub fn end_focus_now(&self) -> Result<Occurrence> {
        let Some(running) = self.store.focus_now(self.now)?.running else {
            return Err(Error::invalid("focus", "no focus block is running"));
        };
        // Whole minutes, rounded up: what is held then ends no later than now.
        // (In milliseconds: whole seconds would drop a fraction and leave it running briefly.)
        let left = (running.end - self.now).num_milliseconds().max(0);
        let minutes_lost = u32::try_from((left + 59_999) / 60_000).unwrap_or(u32::MAX);
        let outcome =
            OccurrenceOutcome::Shortened { minutes_lost, reason: Some("ended early".to_string()) };
        let which = WhichOccurrence { block_id: Some(running.block_id), date: Some(running.date) };
        self.answer(which, outcome)
    }

    /// Pauses reminders (notifications) for an hour or until tomorrow's working hours.
    pub fn pause_reminders(&self, pause: PauseFor) -> Result<DateTime<Utc>> {
        let until = match pause {
            PauseFor::Hour => self.now + Duration::hours(1),
            PauseFor::Tomorrow => {
                let settings = self.store.settings()?;
                let zone = settings.zone();
                let tomorrow = self.now.with_timezone(&zone).date_naive() + Duration::days(1);
                let (start, _) = crate::store::parse_work_hours(&settings.work_hours)?;
                Span::day(tomorrow, zone).start.max(local_to_utc(zone, tomorrow.and_time(start)))
            }
        };
        self.store.set_local_state(PAUSED_UNTIL, Some(&until.to_rfc3339()))?;
        Ok(self.wrote(Topic::Settings, until))
    }

    /// Reminders go out again.
    pub fn resume_reminders(&self) -> Result<()> {
        self.store.set_local_state(PAUSED_UNTIL, None)?;
        self.wrote(Topic::Settings, ());
        Ok(())
    }

    /// Until when reminders are paused, if they are (a pause that has run out is none).
    pub fn reminders_paused_until(&self) -> Result<Option<DateTime<Utc>>> {
        let until = self.store.local_state(PAUSED_UNTIL)?;
        let until = until.and_then(|u| DateTime::parse_from_rfc3339(&u).ok());
        Ok(until.map(|u| u.with_timezone(&Utc)).filter(|u| *u > self.now))
    }

    /// The desktop's do-not-disturb value from before Sanctum quietened it, if it did.
    pub fn dnd_previous(&self) -> Result<Option<String>> {
        self.store.local_state(DND_PREVIOUS)
    }

    /// Keeps (or forgets, with `None`) the value to put back when focus ends.
    pub fn set_dnd_previous(&self, value: Option<&str>) -> Result<()> {
        self.store.set_local_state(DND_PREVIOUS, value)
    }

    /// The window's last geometry, if one was kept and it is plausible.
    pub fn window_geometry(&self) -> Result<Option<WindowGeometry>> {
        let kept = self.store.local_state(WINDOW_GEOMETRY)?;
        let geometry = kept.and_then(|g| serde_json::from_str::<WindowGeometry>(&g).ok());
        Ok(geometry.filter(|g| g.plausible()))
    }

    pub fn save_window_geometry(&self, geometry: WindowGeometry) -> Result<()> {
        if !geometry.plausible() {
            return Ok(()); // a minimised or off-screen window is not worth remembering
        }
        let text = serde_json::to_string(&geometry)
            .map_err(|e| Error::invalid("window", e.to_string()))?;
        self.store.set_local_state(WINDOW_GEOMETRY, Some(&text))
    }

    /// True once per machine, on a first run: ask whether Sanctum should start at login.
    pub fn ask_about_login_start(&self) -> Result<bool> {
        Ok(self.store.local_state(LOGIN_ASKED)?.is_none())
    }

    /// The user answered the login question (either way); it is not asked again.
    pub fn login_start_answered(&self) -> Result<()> {
        self.store.set_local_state(LOGIN_ASKED, Some("yes"))
    }

    /// True the first time it is asked on this machine: tell the user where the window went.
    pub fn first_time_in_background(&self) -> Result<bool> {
        if self.store.local_state(BACKGROUND_EXPLAINED)?.is_some() {
            return Ok(false);
        }
        self.store.set_local_state(BACKGROUND_EXPLAINED, Some("yes"))?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{at, store_in};

    #[test]
    fn focus_started_now_runs_for_the_focus_length_and_ends_early_as_shortened() {
        let store = store_in("Europe/London");
        store.set_setting("focus_length", "2h").unwrap();
        let api = Sanctum::new(&store, at("2026-11-24T14:07:30Z"));
        let o = api.start_focus_now(None).unwrap();
        assert_eq!((o.start, o.end), (at("2026-11-24T14:07:00Z"), at("2026-11-24T16:07:00Z")));
        assert!(api.guard_status().unwrap().line.starts_with("In focus until 16:07"));
        let e = api.start_focus_now(None).unwrap_err();
        assert!(e.to_string().contains("already in focus until 16:07"), "{e}");
        let later = Sanctum::new(&store, at("2026-11-24T15:00:20Z"));
        let ended = later.end_focus_now().unwrap();
        assert!(later.focus_now().unwrap().running.is_none(), "ended means not running");
        assert_eq!(
            ended.outcome,
            Some(OccurrenceOutcome::Shortened {
                minutes_lost: 67, // 66 min 40 s, rounded up
                reason: Some("ended early".into())
            })
        );
        assert_eq!(later.end_focus_now().unwrap_err().field(), Some("focus"));
        // The time it gave up is free again: focus starts anew.
        let again = later.start_focus_now(None).unwrap();
        assert_eq!(again.start, at("2026-11-24T15:00:00Z"));
    }

    #[test]
    fn focus_ended_in_any_fraction_of_a_second_is_not_running_after() {
        let store = store_in("UTC");
        let start = at("2026-11-24T14:00:10Z");
        Sanctum::new(&store, start).start_focus_now(Some("17:00")).unwrap();
        // Ends at every tenth of a second across a minute boundary, each on a fresh block.
        for tenth in 0..25 {
            let when = at("2026-11-24T15:00:58Z") + Duration::milliseconds(100 * tenth);
            let api = Sanctum::new(&store, when);
            if api.focus_now().unwrap().running.is_none() {
                api.start_focus_now(Some("17:00")).unwrap();
            }
            api.end_focus_now().unwrap();
            for after in [1, 50, 999] {
                let t = when + Duration::milliseconds(after);
                let running = Sanctum::new(&store, t).focus_now().unwrap().running;
                assert!(running.is_none(), "ended at {when}, still running at {t}: {running:?}");
            }
        }
    }

    #[test]
    fn a_heads_up_start_now_moves_the_start_and_keeps_the_end() {
        let store = store_in("UTC");
        let api = Sanctum::new(&store, at("2026-11-24T10:00:00Z"));
        let o = api.start_focus_now(Some("13:00")).unwrap();
        // A block at 14:00–16:00, started from its heads-up at 13:52:40.
        let b = api
            .add_block(BlockPatch {
                title: Some("Strategy".into()),
                repeat: Some(Repeat::Once { date: o.date }),
                start: Some(NaiveTime::from_hms_opt(14, 0, 0).unwrap()),
                end: Some(NaiveTime::from_hms_opt(16, 0, 0).unwrap()),
                ..Default::default()
            })
            .unwrap();
        let which = WhichOccurrence { block_id: Some(b.id), date: Some(o.date) };
        let early = Sanctum::new(&store, at("2026-11-24T13:52:40Z"));
        let moved = early.start_occurrence_now(which).unwrap();
        assert_eq!(
            (moved.start, moved.end),
            (at("2026-11-24T13:52:00Z"), at("2026-11-24T16:00:00Z"))
        );
        let late = Sanctum::new(&store, at("2026-11-24T16:30:00Z"));
        assert_eq!(late.start_occurrence_now(which).unwrap_err().field(), Some("start"));
    }

    #[test]
    fn focus_until_a_time_and_never_past_midnight() {
        let store = store_in("America/New_York");
        let api = Sanctum::new(&store, at("2026-11-24T18:00:00Z")); // 13:00 in New York
        assert_eq!(api.start_focus_now(Some("12:00")).unwrap_err().field(), Some("until"));
        let o = api.start_focus_now(Some("15:30")).unwrap();
        assert_eq!(o.end, at("2026-11-24T20:30:00Z"));
        let late = store_in("UTC");
        let api = Sanctum::new(&late, at("2026-11-24T23:00:00Z"));
        assert_eq!(api.start_focus_now(None).unwrap().end, at("2026-11-24T23:59:00Z"));
    }

    #[test]
    fn reminders_pause_until_tomorrows_working_hours_and_the_pause_runs_out() {
        let store = store_in("Europe/Berlin");
        let api = Sanctum::new(&store, at("2026-11-24T15:00:00Z"));
        let until = api.pause_reminders(PauseFor::Tomorrow).unwrap();
        assert_eq!(until, at("2026-11-25T08:00:00Z"), "09:00 in Berlin");
        assert_eq!(api.reminders_paused_until().unwrap(), Some(until));
        let after = Sanctum::new(&store, at("2026-11-25T08:00:01Z"));
        assert_eq!(after.reminders_paused_until().unwrap(), None);
        api.pause_reminders(PauseFor::Hour).unwrap();
        api.resume_reminders().unwrap();
        assert_eq!(api.reminders_paused_until().unwrap(), None);
    }

    #[test]
    fn the_status_line_names_what_runs_or_comes_next() {
        let store = store_in("Europe/London");
        let api = Sanctum::new(&store, at("2026-11-24T10:00:00Z"));
        assert_eq!(api.guard_status().unwrap().line, "No focus planned");
        api.start_focus_now(Some("11:00")).unwrap();
        let before = Sanctum::new(&store, at("2026-11-23T10:00:00Z"));
        assert_eq!(before.guard_status().unwrap().line, "Next: Tue 10:00 — Focus");
        assert!(api.first_time_in_background().unwrap());
        assert!(!api.first_time_in_background().unwrap());
    }

    #[test]
    fn window_geometry_is_kept_only_when_plausible_and_never_exported() {
        let store = store_in("UTC");
        let api = Sanctum::new(&store, at("2026-11-24T10:00:00Z"));
        assert_eq!(api.window_geometry().unwrap(), None);
        let g = WindowGeometry { x: 40.0, y: 30.0, width: 1100.0, height: 780.0 };
        api.save_window_geometry(g).unwrap();
        api.save_window_geometry(WindowGeometry { width: f64::NAN, ..g }).unwrap();
        api.save_window_geometry(WindowGeometry { x: -32000.0, width: 0.0, ..g }).unwrap();
        assert_eq!(api.window_geometry().unwrap(), Some(g));
        assert!(api.ask_about_login_start().unwrap());
        api.login_start_answered().unwrap();
        assert!(!api.ask_about_login_start().unwrap());
        let exported = serde_json::to_string(&store.export(at("2026-11-24T10:00:00Z")).unwrap());
        assert!(!exported.unwrap().contains("window_geometry"), "machine state is not exported");
    }
}
