//! The guard loop: focus reminders (heads-up, start, end, breaks) as notifications you can act
//! on, batch and review reminders, the tray's state, the window title, and do-not-disturb while a
//! block runs. It runs from Rust alone, with or without a window.
//!
//! No busy loop: the task sleeps until the next reminder or block boundary, but never longer than
//! a minute, and reads the wall clock each time it wakes. So a suspended laptop or a clock change
//! is noticed within a minute; reminders missed by more than [`STALE_AFTER`] are dropped, not
//! sent late (an unanswered block stays in the app's "how did it go?" list).
//!
//! While a block runs, Sanctum's own focus reminders still come (urgent, so a quiet desktop shows
//! them); batch and review reminders wait until it ends. Paused reminders are not sent at all.

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use sanctum_core::api::focus::WhichOccurrence;
use sanctum_core::api::guard::{GuardStatus, Navigation};
use sanctum_core::focus::{
    reminders, FocusNow, Occurrence, OccurrenceOutcome, Reminder, ReminderKind, ReminderTimes,
};
use sanctum_core::store::{BatchSlotInstance, TaskFilter};
use sanctum_core::time::{IsoWeek, Span};
use sanctum_core::Sanctum;
use tauri::{AppHandle, Emitter, Manager};

use crate::api::call_now;
use crate::commands::now;
use crate::state::AppState;

/// A reminder more than this late (the computer slept) is not sent.
const STALE_AFTER: i64 = 5;
/// The longest the task sleeps before looking at the clock again.
const MAX_SLEEP: StdDuration = StdDuration::from_secs(60);
/// "5 minutes later" on a heads-up.
const SNOOZE: StdDuration = StdDuration::from_secs(5 * 60);

/// The event the page listens to, to refresh the planner and the countdown.
pub const FOCUS_EVENT: &str = "focus:changed";
/// The event that tells the page the weekly review is due.
pub const REVIEW_EVENT: &str = "review:due";
/// The event that asks the page to show a screen (a notification was clicked).
pub const NAVIGATE_EVENT: &str = "navigate";

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
    guard: GuardStatus,
    quiet: bool,
    zone: Tz,
}

/// A notification, with what its buttons do.
#[derive(Debug, Clone)]
pub struct Note {
    pub summary: String,
    pub body: String,
    /// The screen a click opens.
    pub screen: &'static str,
    /// The occurrence it is about, for its actions.
    pub occurrence: Option<Occurrence>,
    pub kind: Option<ReminderKind>,
    pub urgent: bool,
}

/// Starts the guard loop for the app's lifetime.
pub fn spawn(app: AppHandle) {
    let changed = app.state::<AppState>().reminders_changed.clone();
    tauri::async_runtime::spawn(async move {
        let mut sent: HashSet<Sent> = HashSet::new();
        let mut held: Vec<Note> = Vec::new();
        let mut last_title = String::new();
        loop {
            let now = now();
            // Every wake looks back a few minutes: a block started "now" (its start already a
            // few seconds past) still gets its start reminder; `sent` keeps each one single.
            let from = now - Duration::minutes(STALE_AFTER);
            match check(&app, from, now).await {
                Ok(d) => {
                    let paused = d.guard.reminders_paused_until.is_some();
                    let in_focus = d.now_state.running.is_some();
                    let mut out: Vec<Note> = Vec::new();
                    if let Some(at) = d.review_due {
                        if sent.insert(Sent::Review(at)) {
                            out.push(Note {
                                summary: "Weekly review is due".to_string(),
                                body: "See where the week went, pick one change, plan next \
                                       week. Open Sanctum → Review."
                                    .to_string(),
                                screen: "review",
                                occurrence: None,
                                kind: None,
                                urgent: false,
                            });
                            let _ = app.emit(REVIEW_EVENT, ());
                        }
                    }
                    for (slot, open) in &d.batches_due {
                        if sent.insert(Sent::Batch(slot.batch_id, slot.start)) {
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
                    if in_focus {
                        held.append(&mut out);
                    } else {
                        out.append(&mut held);
                    }
                    for r in &d.due {
                        if sent.insert(Sent::Focus(r.key())) {
                            let (summary, body) = r.message(d.zone);
                            out.push(Note {
                                summary,
                                body,
                                screen: "planner",
                                occurrence: Some(r.occurrence.clone()),
                                kind: Some(r.kind),
                                urgent: d.quiet,
                            });
                            let _ = app.emit(FOCUS_EVENT, r.kind);
                        }
                    }
                    if !paused {
                        for note in out {
                            notify(&app, note);
                        }
                    }
                    crate::tray::update(&app, &d.guard);
                    crate::guard::follow(&app, in_focus, d.quiet);
                    let title = window_title(&d.now_state, d.zone);
                    match crate::window::get(&app) {
                        Some(w) if title != last_title => {
                            let _ = w.set_title(&title);
                            last_title = title;
                        }
                        Some(_) => {}
                        // A window built later starts with the plain title: set it then.
                        None => last_title.clear(),
                    }
                    sent.retain(|k| k.at() > now - Duration::days(1));
                    let until_next = d
                        .next
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
            // Block boundaries wake the loop too (do-not-disturb, the tray), reminders or not.
            let boundary = occurrences
                .iter()
                .flat_map(|o| [o.start, o.end])
                .filter(|t| *t >= just_after)
                .min();
            next = match (next, boundary) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
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
            let api = Sanctum::new(s, now);
            let guard = api.guard_status()?;
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

/// Notification servers read a little markup in the body: user text is shown as text.
pub fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The buttons of a notification: (action id, label).
fn actions(note: &Note) -> Vec<(&'static str, &'static str)> {
    let mut out = match note.kind {
        Some(ReminderKind::End) => {
            vec![("kept", "Kept"), ("shortened", "Shortened…"), ("broken", "Broken…")]
        }
        Some(ReminderKind::HeadsUp) => {
            vec![
                ("start-now", "Start now"),
                ("skip", "Skip this one"),
                ("snooze", "5 minutes later"),
            ]
        }
        _ => vec![],
    };
    out.push(("default", "Open Sanctum"));
    out
}

/// A plain notification with no actions (errors from the tray menu, the first close).
pub fn notify_plain(app: &AppHandle, summary: &str, body: &str) {
    notify(
        app,
        Note {
            summary: summary.to_string(),
            body: body.to_string(),
            screen: "log",
            occurrence: None,
            kind: None,
            urgent: false,
        },
    );
}

/// Sends a notification; its buttons and a click act through the API. Without a notification
/// server it logs and carries on.
pub fn notify(app: &AppHandle, note: Note) {
    let app = app.clone();
    std::thread::spawn(move || {
        let mut n = notify_rust::Notification::new();
        n.appname("Sanctum")
            .summary(&note.summary)
            .body(&escape_markup(&note.body))
            .timeout(notify_rust::Timeout::Milliseconds(15_000));
        for (id, label) in actions(&note) {
            n.action(id, label);
        }
        if note.urgent {
            mark_urgent(&mut n);
        }
        let summary = note.summary.clone();
        #[cfg(target_os = "linux")]
        let shown = crate::buttons::show(&app, &n, note, act);
        #[cfg(all(unix, not(target_os = "macos"), not(target_os = "linux")))]
        let shown = n
            .show()
            .map(|handle| handle.wait_for_action(|action| act(&app, &note, action)))
            .map_err(|e| e.to_string());
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let shown = n.show().map(drop).map_err(|e| e.to_string());
        if let Err(e) = shown {
            eprintln!("sanctum: could not show the notification '{summary}': {e}");
        }
    });
}

/// Urgent: shown even while the desktop is quiet (GNOME shows critical notifications).
#[cfg(all(unix, not(target_os = "macos")))]
fn mark_urgent(n: &mut notify_rust::Notification) {
    n.urgency(notify_rust::Urgency::Critical);
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn mark_urgent(_: &mut notify_rust::Notification) {}

/// What a button or a click on a notification does.
fn act(app: &AppHandle, note: &Note, action: &str) {
    let which = note
        .occurrence
        .as_ref()
        .map(|o| WhichOccurrence { block_id: Some(o.block_id), date: Some(o.date) });
    let result = match (action, which) {
        ("kept", Some(which)) => call_now(app, |a| a.answer(which, OccurrenceOutcome::Kept)),
        ("skip", Some(which)) => call_now(app, |a| {
            a.answer(which, OccurrenceOutcome::Broken { reason: "skipped".into() })
        }),
        ("start-now", Some(which)) => call_now(app, |a| a.start_occurrence_now(which)),
        ("snooze", Some(_)) => {
            let (app, mut note) = (app.clone(), note.clone());
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(SNOOZE).await;
                note.body = format!("{} (reminded again)", note.body);
                notify(&app, note);
            });
            return;
        }
        ("__closed", _) => return,
        // Shortened and broken need minutes or a reason: the app asks; so does any click.
        (_, which) => {
            navigate(
                app,
                Navigation {
                    screen: note.screen.to_string(),
                    block_id: which.and_then(|w| w.block_id),
                    date: which.and_then(|w| w.date),
                },
            );
            return;
        }
    };
    if let Err(e) = result {
        notify_plain(app, "Sanctum could not do that", &e.message);
    }
}

/// Opens Sanctum at a screen: the page takes it now, or when it has loaded (a window built just
/// now has not).
pub fn navigate(app: &AppHandle, to: Navigation) {
    if let Ok(mut pending) = app.state::<AppState>().pending_navigation.lock() {
        *pending = Some(to.clone());
    }
    crate::window::show(app);
    let _ = app.emit(NAVIGATE_EVENT, to);
}
