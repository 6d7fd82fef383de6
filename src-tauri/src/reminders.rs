//! Focus reminders on the desktop: heads-up, start, end ("how did it go?") and breaks, sent as
//! notifications, plus the window title while a block runs.
//!
//! No busy loop: the task sleeps until the next reminder, but never longer than a minute, and
//! reads the wall clock each time it wakes. So a suspended laptop or a clock change is noticed
//! within a minute; reminders missed by more than [`STALE_AFTER`] are dropped, not sent late
//! (an unanswered block stays in the app's "how did it go?" list).

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use sanctum_core::focus::{reminders, FocusNow, Reminder, ReminderKind, ReminderTimes};
use sanctum_core::store::{BatchSlotInstance, TaskFilter};
use sanctum_core::time::{IsoWeek, Span};
use tauri::{AppHandle, Emitter, Manager};

use crate::commands::now;
use crate::state::AppState;

/// A reminder more than this late (the computer slept) is not sent.
const STALE_AFTER: i64 = 5;
/// The longest the task sleeps before looking at the clock again.
const MAX_SLEEP: StdDuration = StdDuration::from_secs(60);

/// The event the page listens to, to refresh the planner and the countdown.
pub const FOCUS_EVENT: &str = "focus:changed";
/// The event that tells the page the weekly review is due.
pub const REVIEW_EVENT: &str = "review:due";

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

struct Due {
    due: Vec<Reminder>,
    /// Batch slots starting now, with their open task count.
    batches_due: Vec<(BatchSlotInstance, usize)>,
    /// The weekly review is due now (and the week is not reviewed yet).
    review_due: Option<DateTime<Utc>>,
    next: Option<DateTime<Utc>>,
    now_state: FocusNow,
    zone: Tz,
}

/// Starts the reminder task for the app's lifetime.
pub fn spawn(app: AppHandle) {
    let changed = app.state::<AppState>().reminders_changed.clone();
    tauri::async_runtime::spawn(async move {
        let mut sent: HashSet<Sent> = HashSet::new();
        // On start, reminders due in the last few minutes still go out.
        let mut last = now() - Duration::minutes(STALE_AFTER);
        let mut last_title = String::new();
        loop {
            let now = now();
            let from = last.max(now - Duration::minutes(STALE_AFTER)).min(now);
            match check(&app, from, now).await {
                Ok(Due { due, batches_due, review_due, next, now_state, zone }) => {
                    if let Some(at) = review_due {
                        if sent.insert(Sent::Review(at)) {
                            notify((
                                "Weekly review is due".to_string(),
                                "See where the week went, pick one change, plan next week. Open Sanctum → Review.".to_string(),
                            ));
                            let _ = app.emit(REVIEW_EVENT, ());
                        }
                    }
                    for r in due {
                        if sent.insert(Sent::Focus(r.key())) {
                            notify(r.message(zone));
                            let _ = app.emit(FOCUS_EVENT, r.kind);
                        }
                    }
                    for (slot, open) in batches_due {
                        if sent.insert(Sent::Batch(slot.batch_id, slot.start)) {
                            let until = slot.end.with_timezone(&zone).format("%H:%M");
                            notify((
                                format!("Batch time: {}", slot.name),
                                format!("{open} open task(s) to work through until {until}."),
                            ));
                        }
                    }
                    let title = window_title(&now_state, zone);
                    if title != last_title {
                        if let Some(w) = app.get_webview_window("main") {
                            let _ = w.set_title(&title);
                        }
                        last_title = title;
                    }
                    sent.retain(|k| k.at() > now - Duration::days(1));
                    last = now;
                    let until_next = next
                        .and_then(|n| (n - now).to_std().ok())
                        .unwrap_or(MAX_SLEEP)
                        .clamp(StdDuration::from_millis(200), MAX_SLEEP);
                    tokio::select! {
                        _ = tokio::time::sleep(until_next) => {}
                        _ = changed.notified() => {}
                    }
                }
                Err(e) => {
                    eprintln!("sanctum: reminders: {}", e.message);
                    tokio::time::sleep(MAX_SLEEP).await;
                }
            }
        }
    });
}

async fn check(
    app: &AppHandle,
    from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Due, crate::error::CommandError> {
    let state = app.state::<AppState>();
    state
        .with_store(move |s| {
            let settings = s.settings()?;
            let times = ReminderTimes {
                heads_up_minutes: settings.heads_up_minutes,
                start: settings.notify_start,
                end: settings.notify_end,
                break_every_minutes: settings.break_every_minutes,
            };
            let span = Span { start: now - Duration::days(1), end: now + Duration::days(2) };
            let occurrences = s.occurrences(span)?;
            let just_after = now + Duration::milliseconds(1);
            let due = reminders(&occurrences, times, from, just_after);
            let mut next =
                reminders(&occurrences, times, just_after, span.end).first().map(|r| r.at);
            let mut batches_due = Vec::new();
            if settings.notify_start {
                let open = s.tasks(&TaskFilter { open: true, ..Default::default() })?;
                for slot in s.batch_slots(span)? {
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
                    if s.review_note(IsoWeek::containing(now, zone))?.is_none() {
                        review_due = Some(at);
                    }
                } else if at >= just_after {
                    next = Some(next.map_or(at, |n| n.min(at)));
                }
            }
            let now_state = sanctum_core::focus::focus_now(&occurrences, now, zone);
            Ok(Due { due, batches_due, review_due, next, now_state, zone })
        })
        .await
}

fn window_title(now: &FocusNow, zone: Tz) -> String {
    match &now.running {
        Some(o) => format!(
            "Sanctum — in focus: {} until {}",
            o.title,
            o.end.with_timezone(&zone).format("%H:%M")
        ),
        None => "Sanctum".to_string(),
    }
}

/// Sends a desktop notification; without a notification server it logs and carries on.
fn notify((summary, body): (String, String)) {
    tauri::async_runtime::spawn_blocking(move || {
        let result = notify_rust::Notification::new()
            .appname("Sanctum")
            .summary(&summary)
            .body(&body)
            .timeout(notify_rust::Timeout::Milliseconds(15_000))
            .show();
        if let Err(e) = result {
            eprintln!("sanctum: could not show the notification '{summary}': {e}");
        }
    });
}
