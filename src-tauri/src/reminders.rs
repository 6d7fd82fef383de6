//! The guard loop in the app: each round (`sanctum_desktop::reminders`) sends the reminders
//! that came due as notifications you can act on (`sanctum_desktop::notes`), shows the state
//! in the tray and the window title, keeps the desktop quiet during focus, and tells the page.
//! It runs from Rust alone, with or without a window, and sleeps until the next reminder or
//! block boundary (at most a minute) or until blocks or settings change.

use std::sync::Arc;

use sanctum_core::api::guard::Navigation;
use sanctum_desktop::notes::{self, Note, Then};
use sanctum_desktop::reminders::{Due, Happened, Reminders, MAX_SLEEP};
use tauri::{AppHandle, Emitter, Manager};

use crate::api::call_now;
use crate::commands::now;
use crate::state::AppState;

/// The event the page listens to, to refresh the planner and the countdown.
pub const FOCUS_EVENT: &str = "focus:changed";
/// The event that tells the page the weekly review is due.
pub const REVIEW_EVENT: &str = "review:due";
/// The event that asks the page to show a screen (a notification was clicked).
pub const NAVIGATE_EVENT: &str = "navigate";

/// Starts the guard loop for the app's lifetime; reminders due up to `since` were sent by the
/// guard process that handed over.
pub fn spawn(app: AppHandle, since: Option<chrono::DateTime<chrono::Utc>>) {
    let changed = app.state::<AppState>().reminders_changed.clone();
    tauri::async_runtime::spawn(async move {
        let mut reminders = Reminders::default();
        let mut last_title = String::new();
        loop {
            let now = now();
            let from = Reminders::from(now, since);
            let checked =
                app.state::<AppState>().with_store(move |s| Due::check(s, from, now)).await;
            let d = match checked {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("sanctum: reminders: {}", e.message);
                    tokio::time::sleep(MAX_SLEEP).await;
                    continue;
                }
            };
            let (out, happened) = reminders.round(&d, now);
            for h in happened {
                let _ = match h {
                    Happened::Focus(kind) => app.emit(FOCUS_EVENT, kind),
                    Happened::ReviewDue => app.emit(REVIEW_EVENT, ()),
                };
            }
            for note in out {
                notify(&app, note);
            }
            crate::tray::update(&app, &d.guard);
            let state = app.state::<AppState>();
            state.last_round.store(now.timestamp_millis(), std::sync::atomic::Ordering::SeqCst);
            crate::guard::follow(&app, d.in_focus(), d.quiet);
            let title = d.window_title();
            match crate::window::get(&app) {
                Some(w) if title != last_title => {
                    let _ = w.set_title(&title);
                    last_title = title;
                }
                Some(_) => {}
                // A window built later starts with the plain title: set it then.
                None => last_title.clear(),
            }
            tokio::select! {
                _ = tokio::time::sleep(d.sleep(now)) => {}
                _ = changed.notified() => {}
            }
        }
    });
}

/// A plain notification with no actions (errors from the tray menu, the first close).
pub fn notify_plain(app: &AppHandle, summary: &str, body: &str) {
    notify(app, Note::plain(summary, body));
}

/// Sends a notification; its buttons and a click act through the API.
pub fn notify(app: &AppHandle, note: Note) {
    let app = app.clone();
    notes::notify(note, Arc::new(move |note: &Note, action: &str| act(&app, note, action)));
}

/// What a button or a click on a notification does.
fn act(app: &AppHandle, note: &Note, action: &str) {
    if let Err(e) = call_now(app, |a| notes::record(a, note, action)) {
        notify_plain(app, "Sanctum could not do that", &e.message);
        return;
    }
    match notes::answer(note, action) {
        Then::Nothing => {}
        Then::Snooze => {
            let (app, mut note) = (app.clone(), note.clone());
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(notes::SNOOZE).await;
                note.body = format!("{} (reminded again)", note.body);
                notify(&app, note);
            });
        }
        Then::Open(to) => navigate(app, to),
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
