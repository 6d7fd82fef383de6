//! The guard's round: which reminders are due now (heads-up, start, end, breaks, batch slots,
//! the weekly review), what the tray says, and when to look again. The host runs a round each
//! time it wakes and sleeps until [`Due::next`] (at most [`MAX_SLEEP`]), or until the data
//! changes; it reads the wall clock each time, so a suspended laptop or a clock change is
//! noticed within a minute. Reminders missed by more than [`STALE_AFTER`] minutes are dropped,
//! not sent late (an unanswered block stays in the app's "how did it go?" list).
//!
//! While a block runs, Sanctum's own focus reminders still come (urgent, so a quiet desktop
//! shows them); batch and review reminders wait until it ends. Paused reminders are not sent.

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use sanctum_core::api::guard::GuardStatus;
use sanctum_core::focus::{reminders, FocusNow, Reminder, ReminderKind, ReminderTimes};
use sanctum_core::store::{BatchSlotInstance, TaskFilter};
use sanctum_core::time::{IsoWeek, Span};
use sanctum_core::{Sanctum, Store};

use crate::notes::Note;

/// A reminder more than this many minutes late (the computer slept) is not sent.
pub const STALE_AFTER: i64 = 5;
/// The longest a host sleeps before looking at the clock again.
pub const MAX_SLEEP: StdDuration = StdDuration::from_secs(60);

/// What is due at one moment, and what the tray and the window say.
#[derive(Debug)]
pub struct Due {
    due: Vec<Reminder>,
    /// Batch slots starting now, with their open task count.
    batches_due: Vec<(BatchSlotInstance, usize)>,
    /// The weekly review is due now (and the week is not reviewed yet).
    review_due: Option<DateTime<Utc>>,
    /// The next moment worth waking for.
    pub next: Option<DateTime<Utc>>,
    pub now_state: FocusNow,
    pub guard: GuardStatus,
    /// The user wants the desktop quiet during focus.
    pub quiet: bool,
    pub zone: Tz,
}

impl Due {
    /// Looks at the schedule: what came due between `from` and `now`.
    pub fn check(
        store: &Store,
        from: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> sanctum_core::Result<Due> {
        let settings = store.settings()?;
        let times = ReminderTimes {
            heads_up_minutes: settings.heads_up_minutes,
            start: settings.notify_start,
            end: settings.notify_end,
            break_every_minutes: settings.break_every_minutes,
        };
        let span = Span { start: now - Duration::days(1), end: now + Duration::days(2) };
        let occurrences = store.occurrences(span)?;
        let just_after = now + Duration::milliseconds(1);
        let due = reminders(&occurrences, times, from, just_after);
        let mut next = reminders(&occurrences, times, just_after, span.end).first().map(|r| r.at);
        // Block boundaries wake the loop too (do-not-disturb, the tray), reminders or not.
        let boundary =
            occurrences.iter().flat_map(|o| [o.start, o.end]).filter(|t| *t >= just_after).min();
        next = match (next, boundary) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let mut batches_due = Vec::new();
        if settings.notify_start {
            let open = store.tasks(&TaskFilter { open: true, ..Default::default() })?;
            for slot in store.batch_slots(span)? {
                if from <= slot.start && slot.start < just_after {
                    let n = open.iter().filter(|t| t.batch_id == Some(slot.batch_id)).count();
                    batches_due.push((slot, n));
                } else if slot.start >= just_after {
                    next = Some(next.map_or(slot.start, |n| n.min(slot.start)));
                }
            }
        }
        let zone = settings.zone();
        let mut review_due = None;
        if let Some(at) = settings.review_due(IsoWeek::containing(now, zone)) {
            if from <= at && at < just_after {
                if store.review_note(IsoWeek::containing(now, zone))?.is_none() {
                    review_due = Some(at);
                }
            } else if at >= just_after {
                next = Some(next.map_or(at, |n| n.min(at)));
            }
        }
        let guard = Sanctum::new(store, now).guard_status()?;
        if let Some(until) = guard.reminders_paused_until {
            next = Some(next.map_or(until, |n| n.min(until)));
        }
        let now_state = sanctum_core::focus::focus_now(&occurrences, now, zone);
        Ok(Due {
            due,
            batches_due,
            review_due,
            next,
            now_state,
            guard,
            quiet: settings.quiet_during_focus,
            zone,
        })
    }

    pub fn in_focus(&self) -> bool {
        self.now_state.running.is_some()
    }

    /// How long to sleep after this round.
    pub fn sleep(&self, now: DateTime<Utc>) -> StdDuration {
        self.next
            .and_then(|n| (n - now).to_std().ok())
            .unwrap_or(MAX_SLEEP)
            .clamp(StdDuration::from_millis(200), MAX_SLEEP)
    }

    /// The window's title: it says when a block runs.
    pub fn window_title(&self) -> String {
        match &self.now_state.running {
            Some(o) => format!(
                "Sanctum — in focus: {} until {}",
                o.title,
                o.end.with_timezone(&self.zone).format("%H:%M")
            ),
            None => "Sanctum".to_string(),
        }
    }
}

/// What happened in a round besides notifications, for a window to hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happened {
    Focus(ReminderKind),
    ReviewDue,
}

/// What was sent already, so each reminder goes out once.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Sent {
    Focus((i64, NaiveDate, ReminderKind, DateTime<Utc>)),
    Batch(i64, DateTime<Utc>),
    Review(DateTime<Utc>),
}

impl Sent {
    fn at(&self) -> DateTime<Utc> {
        match self {
            Sent::Focus(k) => k.3,
            Sent::Batch(_, at) | Sent::Review(at) => *at,
        }
    }
}

/// What a guard remembers between rounds: what it sent, and what waits for a block to end.
#[derive(Debug, Default)]
pub struct Reminders {
    sent: HashSet<Sent>,
    held: Vec<Note>,
}

impl Reminders {
    /// Where a round starts looking: a few minutes back, so a block started "now" (its start
    /// already a few seconds past) still gets its start reminder, but never before `since`,
    /// when another Sanctum process that handed over had already sent them.
    pub fn from(now: DateTime<Utc>, since: Option<DateTime<Utc>>) -> DateTime<Utc> {
        let back = now - Duration::minutes(STALE_AFTER);
        since.map_or(back, |s| back.max(s.min(now)))
    }

    /// The notifications to send now (none while reminders are paused), and what happened.
    pub fn round(&mut self, d: &Due, now: DateTime<Utc>) -> (Vec<Note>, Vec<Happened>) {
        let mut out: Vec<Note> = Vec::new();
        let mut happened = Vec::new();
        if let Some(at) = d.review_due {
            if self.sent.insert(Sent::Review(at)) {
                out.push(Note {
                    summary: "Weekly review is due".to_string(),
                    body: "See where the week went, pick one change, plan next week. Open \
                           Sanctum → Review."
                        .to_string(),
                    screen: "review",
                    occurrence: None,
                    kind: None,
                    urgent: false,
                });
                happened.push(Happened::ReviewDue);
            }
        }
        for (slot, open) in &d.batches_due {
            if self.sent.insert(Sent::Batch(slot.batch_id, slot.start)) {
                let until = slot.end.with_timezone(&d.zone).format("%H:%M");
                out.push(Note {
                    summary: format!("Batch time: {}", slot.name),
                    body: format!(
                        "{open} open {} to work through until {until}.",
                        if *open == 1 { "task" } else { "tasks" }
                    ),
                    screen: "week",
                    occurrence: None,
                    kind: None,
                    urgent: false,
                });
            }
        }
        // Batch and review reminders wait for the end of a block.
        if d.in_focus() {
            self.held.append(&mut out);
        } else {
            out.append(&mut self.held);
        }
        for r in &d.due {
            if self.sent.insert(Sent::Focus(r.key())) {
                let (summary, body) = r.message(d.zone);
                out.push(Note {
                    summary,
                    body,
                    screen: "planner",
                    occurrence: Some(r.occurrence.clone()),
                    kind: Some(r.kind),
                    urgent: d.quiet,
                });
                happened.push(Happened::Focus(r.kind));
            }
        }
        self.sent.retain(|k| k.at() > now - Duration::days(1));
        if d.guard.reminders_paused_until.is_some() {
            out.clear();
        }
        (out, happened)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_round_looks_back_a_few_minutes_but_not_before_a_handover() {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 13, 0, 30).single().unwrap_or_default();
        assert_eq!(Reminders::from(now, None), now - Duration::minutes(STALE_AFTER));
        let handed = now - Duration::seconds(20);
        assert_eq!(Reminders::from(now, Some(handed)), handed);
        // A handover long ago, or in the future (a clock change), does not widen or skip.
        assert_eq!(
            Reminders::from(now, Some(now - Duration::hours(3))),
            now - Duration::minutes(5)
        );
        assert_eq!(Reminders::from(now, Some(now + Duration::hours(1))), now);
    }
}
