//! The background guard: Sanctum with no window, in a process that links neither GTK nor
//! WebKit (`sanctum guard`, which a login start runs and the app hands over to when its window
//! closes). It does what the app does in the background — reminders and their buttons, the
//! tray icon, the quick-log shortcut, do-not-disturb during focus, calendar refresh and
//! publishing — and starts the app when the user wants a window.
//!
//! One of the two guards at a time: the app, when it starts, asks a running guard to hand over
//! (`org.sanctum.Guard.Handover` on the session bus, answered with the moment of the guard's
//! last round, so no reminder is sent twice) and the guard exits; the app, when its window
//! closes and Sanctum keeps running, starts `sanctum guard --after PID --since MS` and exits.
//! A guard that finds the app running leaves the guarding to it.
//!
//! The loop sleeps until the next reminder or block boundary (at most a minute), a change to
//! the database's folder (the command line's writes, inotify), or a tray click.

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::now;
use dbus::blocking::Connection;
use dbus::channel::MatchingReceiver;
use dbus::message::MatchRule;
use sanctum_core::api::guard::PauseFor;
use sanctum_core::{Sanctum, Store};

use crate::keys::{parse, refused, Listener};
use crate::launch::{navigation_args, QUICKLOG};
use crate::notes::{self, Note, OnAction, Then};
use crate::reminders::{Due, Reminders, MAX_SLEEP};
use crate::tray::{Choice, Tray};

/// The guard's name on the session bus.
pub const BUS_NAME: &str = "org.sanctum.Guard";
const PATH: &str = "/org/sanctum/Guard";
const INTERFACE: &str = "org.sanctum.Guard";
/// The app's one-instance name (its identifier in `tauri.conf.json`, then `.SingleInstance`).
pub const APP_BUS_NAME: &str = "org.sanctum.desktop.SingleInstance";
/// After a touch of the database's folder, a commit may become visible this much later (its
/// fsync); the guard looks again every [`RECHECK`] until then.
const SETTLE: Duration = Duration::from_secs(2);
const RECHECK: Duration = Duration::from_millis(250);
/// How long a guard started by a closing app waits for it to be gone.
const AFTER_APP: Duration = Duration::from_secs(15);

/// How the guard was started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Reminders due up to this moment were sent by the process that handed over.
    pub since: Option<DateTime<Utc>>,
    /// The app that handed over: wait for it to be gone before guarding.
    pub after: Option<u32>,
    /// The app to start when a window is wanted.
    pub app: PathBuf,
}

/// Asks a running guard to stop and hand over; the moment of its last round, if one ran.
pub fn take_over() -> Option<DateTime<Utc>> {
    let conn = Connection::new_session().ok()?;
    let proxy = conn.with_proxy(BUS_NAME, PATH, Duration::from_secs(5));
    let (ms,): (i64,) = proxy.method_call(INTERFACE, "Handover", ()).ok()?;
    // The guard exits right after answering; its tray icon and shortcut go with it.
    let deadline = Instant::now() + Duration::from_secs(5);
    while name_has_owner(&conn, BUS_NAME) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    DateTime::from_timestamp_millis(ms)
}

fn name_has_owner(conn: &Connection, name: &str) -> bool {
    let bus =
        conn.with_proxy("org.freedesktop.DBus", "/org/freedesktop/DBus", Duration::from_secs(5));
    let owned: Result<(bool,), _> =
        bus.method_call("org.freedesktop.DBus", "NameHasOwner", (name,));
    matches!(owned, Ok((true,)))
}

/// What wakes the loop.
#[derive(Debug)]
enum Wake {
    /// A file in the database's folder changed.
    Touched,
    /// Something was done (a tray click, a button): look again now.
    Now,
}

/// The guard's state shared with its threads.
struct Guard {
    store: Mutex<Store>,
    app: PathBuf,
    wake: Mutex<Sender<Wake>>,
    /// When the last round ran (Unix milliseconds), for a handover.
    last_round: AtomicI64,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard").field("app", &self.app).finish_non_exhaustive()
    }
}

impl Guard {
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn wake(&self) {
        if let Ok(tx) = self.wake.lock() {
            let _ = tx.send(Wake::Now);
        }
    }

    /// Runs a use case on the guard's connection.
    fn call<T>(&self, f: impl FnOnce(&Sanctum) -> sanctum_core::Result<T>) -> Result<T, String> {
        let store = self.store();
        let api = Sanctum::new(&store, now());
        f(&api).map_err(|e| e.to_string())
    }

    /// Starts the app with `args`; it takes over the guarding when it is up.
    fn open(&self, args: &[String]) {
        crate::trace("guard-open");
        if let Err(e) = Command::new(&self.app).args(args).spawn() {
            self.say(
                "Sanctum could not open its window",
                &format!("{} did not start: {e}", self.app.display()),
            );
        }
    }

    fn say(&self, summary: &str, body: &str) {
        eprintln!("sanctum: {summary}: {body}");
        notes::notify(Note::plain(summary, body), self.on_action());
    }

    fn on_action(&self) -> OnAction {
        let me = self.me();
        Arc::new(move |note: &Note, action: &str| {
            if let Some(g) = me.upgrade() {
                g.act(note, action);
            }
        })
    }

    fn me(&self) -> std::sync::Weak<Guard> {
        ME.get().map(Arc::downgrade).unwrap_or_default()
    }

    /// What a notification's button or a click does.
    fn act(&self, note: &Note, action: &str) {
        if let Err(e) = self.call(|a| notes::record(a, note, action)) {
            self.say("Sanctum could not do that", &e);
            return;
        }
        self.wake();
        match notes::answer(note, action) {
            Then::Nothing => {}
            Then::Snooze => {
                let (me, mut note) = (self.me(), note.clone());
                let _ =
                    std::thread::Builder::new().name("sanctum-snooze".into()).spawn(move || {
                        std::thread::sleep(notes::SNOOZE);
                        if let Some(g) = me.upgrade() {
                            note.body = format!("{} (reminded again)", note.body);
                            notes::notify(note, g.on_action());
                        }
                    });
            }
            Then::Open(to) => self.open(&navigation_args(&to)),
        }
    }

    /// What a tray menu item does.
    fn choose(&self, choice: Choice) {
        let done = match choice {
            Choice::Log => {
                self.open(&[QUICKLOG.to_string()]);
                Ok(())
            }
            Choice::Open => {
                self.open(&[]);
                Ok(())
            }
            Choice::Start => self.call(|a| a.start_focus_now(None)).map(drop),
            Choice::End => self.call(|a| a.end_focus_now()).map(drop),
            Choice::PauseHour => self.call(|a| a.pause_reminders(PauseFor::Hour)).map(drop),
            Choice::PauseTomorrow => self.call(|a| a.pause_reminders(PauseFor::Tomorrow)).map(drop),
            Choice::Resume => self.call(|a| a.resume_reminders()),
            Choice::Quit => {
                crate::quiet::restore(&InStore(self));
                std::process::exit(0);
            }
        };
        match done {
            Ok(()) => self.wake(),
            Err(e) => self.say("Sanctum", &e),
        }
    }
}

static ME: std::sync::OnceLock<Arc<Guard>> = std::sync::OnceLock::new();

struct InStore<'a>(&'a Guard);

impl crate::quiet::Kept for InStore<'_> {
    fn get(&self) -> Option<String> {
        self.0.call(|a| a.dnd_previous()).ok().flatten()
    }
    fn set(&self, kept: Option<&str>) -> bool {
        self.0.call(|a| a.set_dnd_previous(kept)).is_ok()
    }
}

/// Runs the guard until it hands over or quits. Returns at once when another guard or the app
/// already guards this session.
pub fn run(options: Options) -> Result<(), String> {
    let bus = Connection::new_session().map_err(|e| format!("no session bus: {e}"))?;
    if let Some(pid) = options.after {
        let deadline = Instant::now() + AFTER_APP;
        while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    use dbus::blocking::stdintf::org_freedesktop_dbus::RequestNameReply;
    match bus.request_name(BUS_NAME, false, false, true) {
        Ok(RequestNameReply::PrimaryOwner | RequestNameReply::AlreadyOwner) => {}
        Ok(_) => return Ok(()), // another guard runs
        Err(e) => return Err(format!("the session bus refused the guard's name: {e}")),
    }
    if name_has_owner(&bus, APP_BUS_NAME) {
        return Ok(()); // the app runs, and guards
    }
    let store = Store::open_default().map_err(|e| e.to_string())?;
    let folder = store.path().parent().map(Path::to_path_buf);
    let (tx, rx) = channel::<Wake>();
    let guard = Arc::new(Guard {
        store: Mutex::new(store),
        app: options.app.clone(),
        wake: Mutex::new(tx.clone()),
        last_round: AtomicI64::new(0),
    });
    let _ = ME.set(Arc::clone(&guard));
    serve_handover(bus, Arc::clone(&guard))?;

    // The database's folder: the command line's writes wake the loop.
    let _watcher = folder.and_then(|folder| {
        let touched = tx.clone();
        crate::folder::watch(&folder, move || {
            let _ = touched.send(Wake::Touched);
        })
        .ok()
    });

    let tray = {
        let me = Arc::downgrade(&guard);
        Tray::start(move |c| {
            if let Some(g) = me.upgrade() {
                g.choose(c);
            }
        })
        .map_err(|e| eprintln!("sanctum: no tray icon: {e}"))
        .ok()
    };
    let keys = Listener::connect().map_err(|e| eprintln!("sanctum: no shortcut: {e}")).ok();
    if let Some(keys) = &keys {
        let me = Arc::downgrade(&guard);
        keys.listen(move || {
            crate::trace("shortcut");
            if let Some(g) = me.upgrade() {
                g.open(&[QUICKLOG.to_string()]);
            }
        });
    }
    crate::calendars::spawn_loop(guard.store().path().to_path_buf());

    if guard.call(|a| a.first_time_in_background()).unwrap_or(false) {
        let shortcut = guard.call(|a| Ok(a.settings()?.shortcut)).unwrap_or_default();
        guard.say_plain_first_close(&shortcut);
    }

    let mut reminders = Reminders::default();
    let mut grabbed = String::new();
    let mut settle_until: Option<Instant> = None;
    loop {
        let now = now();
        let from = Reminders::from(now, options.since);
        let checked = Due::check(&guard.store(), from, now);
        let sleep = match checked {
            Ok(d) => {
                let (out, _) = reminders.round(&d, now);
                for note in out {
                    notes::notify(note, guard.on_action());
                }
                if let Some(tray) = &tray {
                    tray.show(&d.guard);
                }
                crate::quiet::follow(&InStore(&guard), d.in_focus(), d.quiet);
                if let Some(keys) = &keys {
                    let wanted = guard.call(|a| Ok(a.settings()?.shortcut)).unwrap_or_default();
                    if wanted != grabbed {
                        match parse(&wanted).and_then(|s| keys.grab(&s)) {
                            Ok(()) => {}
                            Err(e) => eprintln!("sanctum: {}", refused(&wanted, &e)),
                        }
                        grabbed = wanted;
                    }
                }
                guard.last_round.store(now.timestamp_millis(), Ordering::SeqCst);
                d.sleep(now)
            }
            Err(e) => {
                eprintln!("sanctum: reminders: {e}");
                MAX_SLEEP
            }
        };
        let sleep = match settle_until {
            Some(until) if Instant::now() < until => sleep.min(RECHECK),
            _ => sleep,
        };
        match rx.recv_timeout(sleep) {
            Ok(Wake::Touched) => settle_until = Some(Instant::now() + SETTLE),
            Ok(Wake::Now) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}

impl Guard {
    /// The first time Sanctum is in the background, it says where it went.
    fn say_plain_first_close(&self, shortcut: &str) {
        notes::notify(
            Note::plain(
                "Sanctum keeps guarding your focus",
                &format!(
                    "Reminders and the quick-log shortcut ({shortcut}) still work. Open Sanctum \
                     or quit it from its tray icon; turn this off in Settings."
                ),
            ),
            self.on_action(),
        );
    }
}

/// Answers `Handover` (the app is starting): replies with the last round's moment and exits,
/// leaving the desktop as it is (the app's first round carries on from there).
fn serve_handover(bus: Connection, guard: Arc<Guard>) -> Result<(), String> {
    std::thread::Builder::new()
        .name("sanctum-guard-bus".into())
        .spawn(move || {
            let rule = MatchRule::new_method_call().with_path(PATH).with_interface(INTERFACE);
            bus.start_receive(
                rule,
                Box::new(move |msg, conn| {
                    if msg.member().as_deref() == Some("Handover") {
                        // Reminders of the last round go out before the answer says they did.
                        let last = guard.last_round.load(Ordering::SeqCst);
                        notes::wait_until_sent(Duration::from_secs(2));
                        let _ =
                            dbus::channel::Sender::send(conn, msg.method_return().append1(last));
                        conn.channel().flush();
                        std::process::exit(0);
                    }
                    true
                }),
            );
            loop {
                if bus.process(Duration::from_secs(24 * 3600)).is_err() {
                    // The session is over.
                    std::process::exit(0);
                }
            }
        })
        .map(drop)
        .map_err(|e| e.to_string())
}
