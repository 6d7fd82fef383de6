//! What a notification's buttons do, on Linux's freedesktop notification bus. One thread
//! listens for every notification's `ActionInvoked` and `NotificationClosed` and sleeps until a
//! signal comes.
//!
//! notify-rust's own `wait_for_action` opens a bus connection per notification and wakes its
//! thread every second for as long as the notification is open: all day for an urgent one
//! (a block's start, which the server keeps until it is answered).
//!
//! The connection a notification was sent on still stays open, unread, until the notification
//! is gone: GNOME Shell takes a known app's notifications down when their sender leaves the bus.

use std::collections::BTreeMap;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use dbus::blocking::Connection;
use dbus::message::MatchRule;
use tauri::AppHandle;

use crate::reminders::Note;

const INTERFACE: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";
/// An open notification no server has closed after this long is forgotten (the server was
/// restarted, say): the list of open ones never grows without end.
const FORGET_AFTER: Duration = Duration::from_secs(2 * 24 * 3600);

/// A notification on screen: what it is about, when it was shown, and what keeps the connection
/// it was sent on open (dropping it lets that go).
type Shown = (Note, Instant, Sender<()>);

/// The notifications on screen, by the server's id.
static OPEN: Mutex<BTreeMap<u32, Shown>> = Mutex::new(BTreeMap::new());
static LISTENING: OnceLock<Result<(), String>> = OnceLock::new();

fn open() -> MutexGuard<'static, BTreeMap<u32, Shown>> {
    // A panic elsewhere while holding it leaves a usable map.
    OPEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Shows `n`; a press of one of its buttons (or a click) later runs `act` with its note.
/// Returns when the notification is gone (answered, closed, or forgotten after two days).
pub fn show(
    app: &AppHandle,
    n: &notify_rust::Notification,
    note: Note,
    act: fn(&AppHandle, &Note, &str),
) -> Result<(), String> {
    if let Err(e) = LISTENING.get_or_init(|| listen(app.clone(), act)) {
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
    // Sleeps until the entry is taken out and its sender dropped; nothing is ever sent.
    let _ = gone.recv();
    drop(handle);
    Ok(())
}

/// Subscribes to the server's signals on a connection of its own, then serves them on a thread
/// that sleeps until one comes.
fn listen(app: AppHandle, act: fn(&AppHandle, &Note, &str)) -> Result<(), String> {
    let conn = Connection::new_session().map_err(|e| e.to_string())?;
    let rule = |member: &'static str| MatchRule::new_signal(INTERFACE, member).with_path(PATH);
    conn.add_match(rule("ActionInvoked"), move |(id, action): (u32, String), _, _| {
        // Taken out first: what the button does may show another notification.
        let note = open().remove(&id);
        if let Some((note, _, _)) = note {
            act(&app, &note, &action);
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
                eprintln!("sanctum: the session bus went away ({e}); notification buttons stop");
                return;
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(())
}
