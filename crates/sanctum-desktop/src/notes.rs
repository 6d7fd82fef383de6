//! Notifications you can act on: what each says and which buttons it has, how it is shown,
//! and what a button does. The host (the app, or the background guard process) decides only
//! how to open Sanctum at a screen.
//!
//! On Linux one thread listens for every notification's `ActionInvoked` and
//! `NotificationClosed` on the freedesktop notification bus and sleeps until a signal comes.
//! notify-rust's own `wait_for_action` opens a bus connection per notification and wakes its
//! thread every second for as long as the notification is open: all day for an urgent one
//! (a block's start, which the server keeps until it is answered). The connection a
//! notification was sent on still stays open, unread, until the notification is gone: GNOME
//! Shell takes a known app's notifications down when their sender leaves the bus.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sanctum_core::api::focus::WhichOccurrence;
use sanctum_core::api::guard::Navigation;
use sanctum_core::focus::{Occurrence, OccurrenceOutcome, ReminderKind};
use sanctum_core::Sanctum;

/// "5 minutes later" on a heads-up.
pub const SNOOZE: Duration = Duration::from_secs(5 * 60);

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

impl Note {
    /// A plain notification with no actions but a click that opens the log (errors from the
    /// tray menu, the first close).
    pub fn plain(summary: &str, body: &str) -> Note {
        Note {
            summary: summary.to_string(),
            body: body.to_string(),
            screen: "log",
            occurrence: None,
            kind: None,
            urgent: false,
        }
    }

    fn which(&self) -> Option<WhichOccurrence> {
        self.occurrence
            .as_ref()
            .map(|o| WhichOccurrence { block_id: Some(o.block_id), date: Some(o.date) })
    }
}

/// Notification servers read a little markup in the body: user text is shown as text.
pub fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The buttons of a notification: (action id, label).
pub fn actions(note: &Note) -> Vec<(&'static str, &'static str)> {
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

/// What a button (or a click) asks of the host once the answer is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// Done: the use case ran.
    Nothing,
    /// Show the note again after [`SNOOZE`].
    Snooze,
    /// Open Sanctum at this screen (shortened and broken need minutes or a reason: the app
    /// asks; so does any click).
    Open(Navigation),
}

/// Which use case a button runs, if any, and what the host does after.
pub fn answer(note: &Note, action: &str) -> Then {
    match (action, note.which()) {
        ("kept" | "skip" | "start-now", Some(_)) => Then::Nothing,
        ("snooze", Some(_)) => Then::Snooze,
        ("__closed", _) => Then::Nothing,
        (_, which) => Then::Open(Navigation {
            screen: note.screen.to_string(),
            block_id: which.and_then(|w| w.block_id),
            date: which.and_then(|w| w.date),
        }),
    }
}

/// Records what a button answers (kept, skipped, started now); other actions record nothing.
pub fn record(api: &Sanctum, note: &Note, action: &str) -> sanctum_core::Result<()> {
    let Some(which) = note.which() else { return Ok(()) };
    match action {
        "kept" => api.answer(which, OccurrenceOutcome::Kept).map(drop),
        "skip" => {
            api.answer(which, OccurrenceOutcome::Broken { reason: "skipped".into() }).map(drop)
        }
        "start-now" => api.start_occurrence_now(which).map(drop),
        _ => Ok(()),
    }
}

/// What the host does when a button is pressed: gets the note and the action id.
pub type OnAction = Arc<dyn Fn(&Note, &str) + Send + Sync>;

/// Notifications on their way to the server (sent, not yet shown).
static SENDING: AtomicUsize = AtomicUsize::new(0);

/// One notification on its way: counted until the server has it.
struct Sending;

impl Sending {
    fn new() -> Sending {
        SENDING.fetch_add(1, Ordering::SeqCst);
        Sending
    }
}

impl Drop for Sending {
    fn drop(&mut self) {
        SENDING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits (at most `within`) until every notification sent so far is with the server: a
/// process about to hand over and exit loses none.
pub fn wait_until_sent(within: Duration) {
    let deadline = std::time::Instant::now() + within;
    while SENDING.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Sends a notification on a thread of its own; a press of one of its buttons (or a click)
/// later runs `on_action`. Without a notification server it logs and carries on.
pub fn notify(note: Note, on_action: OnAction) {
    let sending = Sending::new();
    let spawned = std::thread::Builder::new().name("sanctum-notify".into()).spawn(move || {
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
        let shown = buttons::show(&n, note, on_action, sending);
        #[cfg(all(unix, not(target_os = "macos"), not(target_os = "linux")))]
        let shown = n
            .show()
            .map(|handle| {
                drop(sending);
                handle.wait_for_action(|action| on_action(&note, action))
            })
            .map_err(|e| e.to_string());
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let shown = {
            let _ = on_action;
            let shown = n.show().map(drop).map_err(|e| e.to_string());
            drop(sending);
            shown
        };
        if let Err(e) = shown {
            eprintln!("sanctum: could not show the notification '{summary}': {e}");
        }
    });
    if let Err(e) = spawned {
        eprintln!("sanctum: notification: {e}");
    }
}

/// Urgent: shown even while the desktop is quiet (GNOME shows critical notifications).
#[cfg(all(unix, not(target_os = "macos")))]
fn mark_urgent(n: &mut notify_rust::Notification) {
    n.urgency(notify_rust::Urgency::Critical);
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn mark_urgent(_: &mut notify_rust::Notification) {}

#[cfg(target_os = "linux")]
mod buttons {
    use std::collections::BTreeMap;
    use std::sync::mpsc::{channel, Sender};
    use std::sync::{Mutex, MutexGuard, OnceLock};
    use std::time::{Duration, Instant};

    use dbus::blocking::Connection;
    use dbus::message::MatchRule;

    use super::{Note, OnAction, Sending};

    const INTERFACE: &str = "org.freedesktop.Notifications";
    const PATH: &str = "/org/freedesktop/Notifications";
    /// An open notification no server has closed after this long is forgotten (the server was
    /// restarted, say): the list of open ones never grows without end.
    const FORGET_AFTER: Duration = Duration::from_secs(2 * 24 * 3600);

    /// A notification on screen: what it is about, when it was shown, and what keeps the
    /// connection it was sent on open (dropping it lets that go).
    type Shown = (Note, Instant, Sender<()>);

    /// The notifications on screen, by the server's id.
    static OPEN: Mutex<BTreeMap<u32, Shown>> = Mutex::new(BTreeMap::new());
    static LISTENING: OnceLock<Result<(), String>> = OnceLock::new();

    fn open() -> MutexGuard<'static, BTreeMap<u32, Shown>> {
        // A panic elsewhere while holding it leaves a usable map.
        OPEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Shows `n`; a press of one of its buttons (or a click) later runs `on_action` with its
    /// note. Returns when the notification is gone (answered, closed, or forgotten after two
    /// days).
    pub fn show(
        n: &notify_rust::Notification,
        note: Note,
        on_action: OnAction,
        sending: Sending,
    ) -> Result<(), String> {
        if let Err(e) = LISTENING.get_or_init(|| listen(on_action)) {
            eprintln!("sanctum: the notification's buttons will do nothing ({e})");
            return n.show().map(drop).map_err(|e| e.to_string());
        }
        let (keep, gone) = channel::<()>();
        let handle = {
            // Held while showing: a press that comes before the id is known waits for it.
            let mut open = open();
            let handle = n.show().map_err(|e| e.to_string())?;
            let now = Instant::now();
            open.retain(|_, (_, at, _)| now.duration_since(*at) < FORGET_AFTER);
            open.insert(handle.id(), (note, now, keep));
            handle
        };
        drop(sending);
        // Sleeps until the entry is taken out and its sender dropped; nothing is ever sent.
        let _ = gone.recv();
        drop(handle);
        Ok(())
    }

    /// Subscribes to the server's signals on a connection of its own, then serves them on a
    /// thread that sleeps until one comes.
    fn listen(on_action: OnAction) -> Result<(), String> {
        let conn = Connection::new_session().map_err(|e| e.to_string())?;
        let rule = |member: &'static str| MatchRule::new_signal(INTERFACE, member).with_path(PATH);
        conn.add_match(rule("ActionInvoked"), move |(id, action): (u32, String), _, _| {
            // Taken out first: what the button does may show another notification.
            let note = open().remove(&id);
            if let Some((note, _, _)) = note {
                on_action(&note, &action);
            }
            true
        })
        .map_err(|e| e.to_string())?;
        conn.add_match(rule("NotificationClosed"), |(id, _reason): (u32, u32), _, _| {
            open().remove(&id);
            true
        })
        .map_err(|e| e.to_string())?;
        std::thread::Builder::new()
            .name("sanctum-buttons".into())
            .spawn(move || loop {
                if let Err(e) = conn.process(Duration::from_secs(24 * 3600)) {
                    eprintln!(
                        "sanctum: the session bus went away ({e}); notification buttons stop"
                    );
                    return;
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn about_a_block(kind: ReminderKind) -> Note {
        let date = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let at = Utc.with_ymd_and_hms(2026, 12, 7, 13, 0, 0).single().unwrap_or_default();
        Note {
            summary: "Focus block ended: Strategy".into(),
            body: "<b>x</b> & y".into(),
            screen: "planner",
            occurrence: Some(Occurrence {
                block_id: 4,
                date,
                title: "Strategy".into(),
                intention: String::new(),
                start: at,
                end: at,
                outcome: None,
                moved: false,
            }),
            kind: Some(kind),
            urgent: false,
        }
    }

    #[test]
    fn buttons_follow_the_kind_and_a_click_opens_the_occurrence() {
        let end = about_a_block(ReminderKind::End);
        let ids: Vec<_> = actions(&end).into_iter().map(|a| a.0).collect();
        assert_eq!(ids, ["kept", "shortened", "broken", "default"]);
        assert_eq!(answer(&end, "kept"), Then::Nothing);
        let Then::Open(to) = answer(&end, "shortened") else { panic!("opens the planner") };
        assert_eq!((to.screen.as_str(), to.block_id), ("planner", Some(4)));
        assert_eq!(answer(&about_a_block(ReminderKind::HeadsUp), "snooze"), Then::Snooze);
        let plain = Note::plain("Sanctum", "x");
        assert_eq!(actions(&plain), [("default", "Open Sanctum")]);
        assert!(matches!(answer(&plain, "default"), Then::Open(n) if n.screen == "log"));
        assert_eq!(answer(&plain, "__closed"), Then::Nothing);
        assert_eq!(escape_markup("<b>x</b> & y"), "&lt;b&gt;x&lt;/b&gt; &amp; y");
    }
}
