//! The tray (status) icon: what Sanctum is guarding right now, and a menu that works with no
//! window open — log a fire, start or end focus, pause reminders, open Sanctum, quit.
//!
//! On Linux it is a StatusNotifierItem with a `com.canonical.dbusmenu` menu, served over
//! libdbus by one thread that sleeps until the tray host asks something. It needs no GTK, so
//! the background guard process (which links no GUI toolkit) shows the same icon as the app.
//! Without a tray host nothing is shown; the icon registers as soon as one appears.
//!
//! Specifications: freedesktop's StatusNotifierItem and the dbusmenu interface as KDE Plasma,
//! GNOME's AppIndicator extension, XFCE and waybar's tray read them.

use sanctum_core::api::guard::GuardStatus;

/// What a menu item asks for; the host (the app or the guard process) does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// "Log a fire…": the quick-log box.
    Log,
    /// "Open Sanctum", or a click on the icon.
    Open,
    Start,
    End,
    PauseHour,
    PauseTomorrow,
    Resume,
    Quit,
}

/// One line of the menu: its label, its id and whether it applies now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A line that says what is going on (not clickable).
    Status(String),
    Item {
        choice: Choice,
        label: &'static str,
        enabled: bool,
    },
    Separator,
}

/// What the tray shows for a state: the menu, and whether the icon has the focus dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    pub entries: Vec<Entry>,
    pub tooltip: String,
    pub in_focus: bool,
}

impl Look {
    pub fn of(status: &GuardStatus) -> Look {
        let paused = status.reminders_paused_until.is_some();
        let line = if paused {
            format!("{} · reminders paused", status.line)
        } else {
            status.line.clone()
        };
        let item = |choice, label, enabled| Entry::Item { choice, label, enabled };
        Look {
            tooltip: format!("Sanctum — {line}"),
            entries: vec![
                Entry::Status(line),
                Entry::Separator,
                item(Choice::Log, "Log a fire…", true),
                item(Choice::Start, "Start focus now", !status.in_focus),
                item(Choice::End, "End focus now", status.in_focus),
                item(Choice::Open, "Open Sanctum", true),
                Entry::Separator,
                item(Choice::PauseHour, "Pause reminders for 1 hour", true),
                item(Choice::PauseTomorrow, "Pause reminders until tomorrow", true),
                item(Choice::Resume, "Resume reminders", paused),
                Entry::Separator,
                item(Choice::Quit, "Quit Sanctum", true),
            ],
            in_focus: status.in_focus,
        }
    }

    /// Before the first state is known.
    pub fn starting() -> Look {
        Look::of(&GuardStatus {
            line: "No focus planned".to_string(),
            in_focus: false,
            reminders_paused_until: None,
        })
    }

    /// The menu item with this id (its place in the menu, from 1).
    fn choice(&self, id: i32) -> Option<Choice> {
        let index = usize::try_from(id).ok()?.checked_sub(1)?;
        match self.entries.get(index)? {
            Entry::Item { choice, enabled: true, .. } => Some(*choice),
            _ => None,
        }
    }
}

/// dbusmenu reads `_` as the mark of an access key; a literal one is written twice.
fn menu_label(text: &str) -> String {
    text.replace('_', "__")
}

/// The icon, 64 px RGBA (decoded from `icons/icon.png` at build time).
const ICON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tray.rgba"));
const ICON_SIDE: u32 = 64;

/// The icon as RGBA, with a red dot in its lower right corner while a block runs.
pub fn icon_rgba(in_focus: bool) -> Vec<u8> {
    let mut rgba = ICON.to_vec();
    if in_focus {
        let (w, h) = (ICON_SIDE, ICON_SIDE);
        let r = f64::from(w.min(h)) * 0.22;
        let (cx, cy) = (f64::from(w) - r - 1.0, f64::from(h) - r - 1.0);
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
                if dx * dx + dy * dy <= r * r {
                    let i = ((y * w + x) * 4) as usize;
                    rgba[i..i + 4].copy_from_slice(&[0xd0, 0x30, 0x2a, 0xff]);
                }
            }
        }
    }
    rgba
}

/// RGBA to the ARGB32 in network byte order that StatusNotifierItem's pixmaps carry.
fn argb(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4).flat_map(|p| [p[3], p[0], p[1], p[2]]).collect()
}

#[cfg(target_os = "linux")]
pub use linux::Tray;

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, MutexGuard};
    use std::time::Duration;

    use dbus::arg::{PropMap, RefArg, Variant};
    use dbus::blocking::SyncConnection;
    use dbus::channel::{MatchingReceiver, Sender};
    use dbus::message::{MatchRule, Message};
    use dbus_crossroads::{Crossroads, IfaceBuilder, MethodErr};
    use sanctum_core::api::guard::GuardStatus;

    use super::{argb, icon_rgba, menu_label, Choice, Entry, Look, ICON_SIDE};

    const ITEM_PATH: &str = "/StatusNotifierItem";
    const ITEM: &str = "org.kde.StatusNotifierItem";
    const MENU_PATH: &str = "/MenuBar";
    const MENU: &str = "com.canonical.dbusmenu";
    const WATCHER: &str = "org.kde.StatusNotifierWatcher";
    const WATCHER_PATH: &str = "/StatusNotifierWatcher";

    type Layout = (i32, PropMap, Vec<Variant<Box<dyn RefArg>>>);
    /// A dbusmenu event: item id, what happened, its data, when.
    type MenuEvent = (i32, String, Variant<Box<dyn RefArg>>, u32);
    type OnChoice = Arc<dyn Fn(Choice) + Send + Sync>;

    struct Shown {
        look: Look,
        /// The menu's revision: hosts cache the layout until it changes.
        revision: u32,
    }

    struct Shared {
        shown: Mutex<Shown>,
        on_choice: OnChoice,
    }

    impl Shared {
        fn shown(&self) -> MutexGuard<'_, Shown> {
            self.shown.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
        }

        /// Runs the choice off the bus thread: the reply goes out at once, whatever it takes.
        fn choose(&self, id: i32) {
            let Some(choice) = self.shown().look.choice(id) else { return };
            self.choose_now(choice);
        }

        fn choose_now(&self, choice: Choice) {
            let on = Arc::clone(&self.on_choice);
            let spawned = std::thread::Builder::new()
                .name("sanctum-tray-choice".into())
                .spawn(move || on(choice));
            if let Err(e) = spawned {
                eprintln!("sanctum: tray: {e}");
            }
        }
    }

    /// The tray icon; dropping it leaves it on the bus for the process's lifetime.
    pub struct Tray {
        conn: Arc<SyncConnection>,
        shared: Arc<Shared>,
    }

    impl std::fmt::Debug for Tray {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Tray").finish_non_exhaustive()
        }
    }

    impl Tray {
        /// Puts the icon on the session bus; `on_choice` runs (on a thread of its own) for each
        /// menu item clicked. The error says why there is no bus.
        pub fn start(on_choice: impl Fn(Choice) + Send + Sync + 'static) -> Result<Tray, String> {
            let conn = Arc::new(SyncConnection::new_session().map_err(|e| e.to_string())?);
            let name = format!("org.kde.StatusNotifierItem-{}-1", std::process::id());
            conn.request_name(name.as_str(), false, true, false).map_err(|e| e.to_string())?;
            let shared = Arc::new(Shared {
                shown: Mutex::new(Shown { look: Look::starting(), revision: 1 }),
                on_choice: Arc::new(on_choice),
            });
            let mut cr = Crossroads::new();
            let item = cr.register(ITEM, item_interface);
            let menu = cr.register(MENU, menu_interface);
            cr.insert(ITEM_PATH, &[item], Arc::clone(&shared));
            cr.insert(MENU_PATH, &[menu], Arc::clone(&shared));
            let cr = Mutex::new(cr);
            conn.start_receive(
                MatchRule::new_method_call(),
                Box::new(move |msg, conn| {
                    if let Ok(mut cr) = cr.lock() {
                        let _ = cr.handle_message(msg, conn);
                    }
                    true
                }),
            );
            // A tray host that starts (or restarts) later gets the icon too.
            let watcher_came = MatchRule::new_signal("org.freedesktop.DBus", "NameOwnerChanged")
                .with_sender("org.freedesktop.DBus");
            let register_name = name.clone();
            conn.add_match(
                watcher_came,
                move |(who, _old, new): (String, String, String), conn, _| {
                    if who == WATCHER && !new.is_empty() {
                        register(conn, &register_name);
                    }
                    true
                },
            )
            .map_err(|e| e.to_string())?;
            register(&conn, &name);
            let serving = Arc::clone(&conn);
            std::thread::Builder::new()
                .name("sanctum-tray".into())
                .spawn(move || loop {
                    if let Err(e) = serving.process(Duration::from_secs(24 * 3600)) {
                        eprintln!("sanctum: the tray's bus went away ({e})");
                        return;
                    }
                })
                .map_err(|e| e.to_string())?;
            Ok(Tray { conn, shared })
        }

        /// Shows the state: the status line, the icon, which items apply. Nothing is sent
        /// when nothing changed.
        pub fn show(&self, status: &GuardStatus) {
            let look = Look::of(status);
            let (revision, icon_changed) = {
                let mut shown = self.shared.shown();
                if shown.look == look {
                    return;
                }
                let icon_changed = shown.look.in_focus != look.in_focus;
                shown.look = look;
                shown.revision = shown.revision.wrapping_add(1);
                (shown.revision, icon_changed)
            };
            let signal = |path: &str, iface: &str, member: &str| {
                Message::new_signal(path, iface, member).ok()
            };
            if let Some(m) = signal(MENU_PATH, MENU, "LayoutUpdated") {
                let _ = self.conn.send(m.append2(revision, 0i32));
            }
            if let Some(m) = signal(ITEM_PATH, ITEM, "NewToolTip") {
                let _ = self.conn.send(m);
            }
            if icon_changed {
                if let Some(m) = signal(ITEM_PATH, ITEM, "NewIcon") {
                    let _ = self.conn.send(m);
                }
            }
        }
    }

    fn register(conn: &SyncConnection, name: &str) {
        let watcher = conn.with_proxy(WATCHER, WATCHER_PATH, Duration::from_secs(5));
        let done: Result<(), _> =
            watcher.method_call(WATCHER, "RegisterStatusNotifierItem", (name,));
        if let Err(e) = done {
            if e.name() != Some("org.freedesktop.DBus.Error.ServiceUnknown") {
                eprintln!("sanctum: the tray host refused the icon ({e})");
            }
        }
    }

    type Pixmaps = Vec<(i32, i32, Vec<u8>)>;

    fn pixmap(in_focus: bool) -> Pixmaps {
        let side = ICON_SIDE as i32;
        vec![(side, side, argb(&icon_rgba(in_focus)))]
    }

    fn item_interface(b: &mut IfaceBuilder<Arc<Shared>>) {
        b.property("Category").get(|_, _| Ok("ApplicationStatus".to_string()));
        b.property("Id").get(|_, _| Ok("sanctum".to_string()));
        b.property("Title").get(|_, _| Ok("Sanctum".to_string()));
        b.property("Status").get(|_, _| Ok("Active".to_string()));
        b.property("WindowId").get(|_, _| Ok(0i32));
        b.property("IconName").get(|_, _| Ok(String::new()));
        b.property("IconPixmap").get(|_, s: &mut Arc<Shared>| Ok(pixmap(s.shown().look.in_focus)));
        b.property("OverlayIconName").get(|_, _| Ok(String::new()));
        b.property("AttentionIconName").get(|_, _| Ok(String::new()));
        b.property("ToolTip").get(|_, s: &mut Arc<Shared>| {
            let tip = s.shown().look.tooltip.clone();
            Ok((String::new(), Pixmaps::new(), "Sanctum".to_string(), tip))
        });
        b.property("ItemIsMenu").get(|_, _| Ok(true));
        b.property("Menu").get(|_, _| Ok(dbus::Path::from(MENU_PATH)));
        b.method("Activate", ("x", "y"), (), |_, s: &mut Arc<Shared>, _: (i32, i32)| {
            s.choose_now(Choice::Open);
            Ok(())
        });
        b.method("SecondaryActivate", ("x", "y"), (), |_, s: &mut Arc<Shared>, _: (i32, i32)| {
            s.choose_now(Choice::Log);
            Ok(())
        });
        b.method("ContextMenu", ("x", "y"), (), |_, _, _: (i32, i32)| Ok(()));
        b.method("Scroll", ("delta", "orientation"), (), |_, _, _: (i32, String)| Ok(()));
        b.signal::<(), _>("NewIcon", ());
        b.signal::<(), _>("NewToolTip", ());
        b.signal::<(), _>("NewTitle", ());
        b.signal::<(String,), _>("NewStatus", ("status",));
    }

    /// The properties of one menu entry, only those asked for (all when none are named).
    fn properties(entry: &Entry, wanted: &[String]) -> PropMap {
        let mut props: PropMap = HashMap::new();
        let mut put = |key: &str, value: Box<dyn RefArg>| {
            if wanted.is_empty() || wanted.iter().any(|w| w == key) {
                props.insert(key.to_string(), Variant(value));
            }
        };
        match entry {
            Entry::Status(line) => {
                put("label", Box::new(menu_label(line)));
                put("enabled", Box::new(false));
            }
            Entry::Item { label, enabled, .. } => {
                put("label", Box::new(menu_label(label)));
                put("enabled", Box::new(*enabled));
            }
            Entry::Separator => put("type", Box::new("separator".to_string())),
        }
        props
    }

    fn layout(
        look: &Look,
        parent: i32,
        depth: i32,
        wanted: &[String],
    ) -> Result<Layout, MethodErr> {
        let entry_layout =
            |id: i32, entry: &Entry| -> Layout { (id, properties(entry, wanted), Vec::new()) };
        if parent == 0 {
            let mut root: PropMap = HashMap::new();
            root.insert("children-display".to_string(), Variant(Box::new("submenu".to_string())));
            let children = if depth == 0 {
                Vec::new()
            } else {
                (1..)
                    .zip(&look.entries)
                    .map(|(id, e)| Variant(Box::new(entry_layout(id, e)) as Box<dyn RefArg>))
                    .collect()
            };
            return Ok((0, root, children));
        }
        let entry = usize::try_from(parent)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| look.entries.get(i))
            .ok_or_else(|| MethodErr::invalid_arg(&format!("no menu item {parent}")))?;
        Ok(entry_layout(parent, entry))
    }

    fn menu_interface(b: &mut IfaceBuilder<Arc<Shared>>) {
        b.property("Version").get(|_, _| Ok(3u32));
        b.property("TextDirection").get(|_, _| Ok("ltr".to_string()));
        b.property("Status").get(|_, _| Ok("normal".to_string()));
        b.property("IconThemePath").get(|_, _| Ok(Vec::<String>::new()));
        b.method(
            "GetLayout",
            ("parentId", "recursionDepth", "propertyNames"),
            ("revision", "layout"),
            |_, s: &mut Arc<Shared>, (parent, depth, wanted): (i32, i32, Vec<String>)| {
                let shown = s.shown();
                Ok((shown.revision, layout(&shown.look, parent, depth, &wanted)?))
            },
        );
        b.method(
            "GetGroupProperties",
            ("ids", "propertyNames"),
            ("properties",),
            |_, s: &mut Arc<Shared>, (ids, wanted): (Vec<i32>, Vec<String>)| {
                let shown = s.shown();
                let all: Vec<i32> = (1..=shown.look.entries.len() as i32).collect();
                let ids = if ids.is_empty() { all } else { ids };
                let out: Vec<(i32, PropMap)> = ids
                    .into_iter()
                    .filter_map(|id| {
                        let i = usize::try_from(id).ok()?.checked_sub(1)?;
                        Some((id, properties(shown.look.entries.get(i)?, &wanted)))
                    })
                    .collect();
                Ok((out,))
            },
        );
        b.method(
            "Event",
            ("id", "eventId", "data", "timestamp"),
            (),
            |_, s: &mut Arc<Shared>, (id, event, _, _): MenuEvent| {
                if event == "clicked" {
                    s.choose(id);
                }
                Ok(())
            },
        );
        b.method(
            "EventGroup",
            ("events",),
            ("idErrors",),
            |_, s: &mut Arc<Shared>, (events,): (Vec<MenuEvent>,)| {
                for (id, event, _, _) in events {
                    if event == "clicked" {
                        s.choose(id);
                    }
                }
                Ok((Vec::<i32>::new(),))
            },
        );
        b.method("AboutToShow", ("id",), ("needUpdate",), |_, _, _: (i32,)| Ok((false,)));
        b.method(
            "AboutToShowGroup",
            ("ids",),
            ("updatesNeeded", "idErrors"),
            |_, _, _: (Vec<i32>,)| Ok((Vec::<i32>::new(), Vec::<i32>::new())),
        );
        b.signal::<(u32, i32), _>("LayoutUpdated", ("revision", "parent"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(line: &str, in_focus: bool, paused: bool) -> GuardStatus {
        GuardStatus {
            line: line.to_string(),
            in_focus,
            reminders_paused_until: paused.then(|| {
                chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z").unwrap().to_utc()
            }),
        }
    }

    #[test]
    fn the_menu_offers_what_applies_now() {
        let idle = Look::of(&status("No focus planned", false, false));
        let enabled = |look: &Look, c: Choice| {
            look.entries
                .iter()
                .any(|e| matches!(e, Entry::Item { choice, enabled: true, .. } if *choice == c))
        };
        assert!(enabled(&idle, Choice::Start) && !enabled(&idle, Choice::End));
        assert!(!enabled(&idle, Choice::Resume));
        let focus = Look::of(&status("In focus until 17:00 — Focus", true, true));
        assert!(!enabled(&focus, Choice::Start) && enabled(&focus, Choice::End));
        assert!(enabled(&focus, Choice::Resume));
        assert_eq!(
            focus.entries[0],
            Entry::Status("In focus until 17:00 — Focus · reminders paused".into())
        );
        // Ids are places from 1; the status line and separators choose nothing.
        assert_eq!(focus.choice(1), None);
        assert_eq!(focus.choice(2), None);
        assert_eq!(focus.choice(3), Some(Choice::Log));
        assert_eq!(focus.choice(4), None, "Start is disabled while in focus");
        assert_eq!(focus.choice(12), Some(Choice::Quit));
        assert_eq!(focus.choice(0), None);
        assert_eq!(focus.choice(-1), None);
        assert_eq!(focus.choice(99), None);
    }

    #[test]
    fn a_title_with_underscores_keeps_them_and_the_dot_marks_focus() {
        assert_eq!(menu_label("q4_plan"), "q4__plan");
        let (idle, focus) = (icon_rgba(false), icon_rgba(true));
        assert_eq!(idle.len(), (ICON_SIDE * ICON_SIDE * 4) as usize);
        assert_ne!(idle, focus);
        // The lower right corner is red in focus.
        let i = (((ICON_SIDE - 8) * ICON_SIDE + ICON_SIDE - 8) * 4) as usize;
        assert_eq!(&focus[i..i + 4], &[0xd0, 0x30, 0x2a, 0xff]);
        assert_eq!(argb(&[1, 2, 3, 4]), vec![4, 1, 2, 3]);
    }
}
