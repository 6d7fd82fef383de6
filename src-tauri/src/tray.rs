//! The tray (status) icon: what Sanctum is guarding right now, and a menu that works with no
//! window open — log a fire, start or end focus, pause reminders, open Sanctum, quit.
//!
//! On Linux the icon is a StatusNotifierItem through libayatana-appindicator; a desktop
//! without a tray gets none, and Sanctum says so on standard error and carries on (the shortcut,
//! a second launch and the notifications still open it).

use sanctum_core::api::guard::{GuardStatus, PauseFor};
use tauri::image::Image;
use tauri::menu::{IsMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::api::call_now;

const TRAY: &str = "sanctum";
const ICON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tray.rgba"));
/// Its side in pixels (build.rs).
const ICON_SIDE: u32 = 64;

/// The menu items whose text or state follows Sanctum's state.
struct Items {
    status: MenuItem<Wry>,
    start: MenuItem<Wry>,
    end: MenuItem<Wry>,
    resume: MenuItem<Wry>,
    /// What is shown (status line, in focus): the icon is redrawn only when it changes (each
    /// new icon is a file the tray host reads).
    shown: std::sync::Mutex<Option<(String, bool)>>,
}

/// The two icons: resting, and in focus (a red dot in the corner).
struct Icons {
    idle: Image<'static>,
    focus: Image<'static>,
}

/// Adds the tray icon; without a tray on this desktop, says so and carries on.
pub fn install(app: &AppHandle) {
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(app)));
    match built {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!("sanctum: no tray icon: {e}"),
        Err(_) => eprintln!(
            "sanctum: no tray icon: this desktop has no tray library (install \
             libayatana-appindicator3-1); the shortcut and notifications still open Sanctum"
        ),
    }
}

fn build(app: &AppHandle) -> tauri::Result<()> {
    let item = |id: &str, text: &str, enabled: bool| {
        MenuItem::with_id(app, id, text, enabled, None::<&str>)
    };
    let items = Items {
        status: item("status", "No focus planned", false)?,
        start: item("start", "Start focus now", true)?,
        end: item("end", "End focus now", false)?,
        resume: item("resume", "Resume reminders", false)?,
        shown: std::sync::Mutex::new(None),
    };
    let (log, open) = (item("log", "Log a fire…", true)?, item("open", "Open Sanctum", true)?);
    let pause_hour = item("pause-hour", "Pause reminders for 1 hour", true)?;
    let pause_tomorrow = item("pause-tomorrow", "Pause reminders until tomorrow", true)?;
    let quit = item("quit", "Quit Sanctum", true)?;
    let (one, two, three) = (
        PredefinedMenuItem::separator(app)?,
        PredefinedMenuItem::separator(app)?,
        PredefinedMenuItem::separator(app)?,
    );
    let entries: [&dyn IsMenuItem<Wry>; 12] = [
        &items.status,
        &one,
        &log,
        &items.start,
        &items.end,
        &open,
        &two,
        &pause_hour,
        &pause_tomorrow,
        &items.resume,
        &three,
        &quit,
    ];
    let menu = Menu::with_items(app, &entries)?;
    let idle = Image::new(ICON, ICON_SIDE, ICON_SIDE);
    let focus = with_dot(&idle);
    TrayIconBuilder::with_id(TRAY)
        .icon(idle.clone())
        .tooltip("Sanctum")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| choose(app, event.id().as_ref()))
        .build(app)?;
    app.manage(items);
    app.manage(Icons { idle, focus });
    Ok(())
}

/// The icon with a red dot in its lower right corner: a block is running.
fn with_dot(icon: &Image<'_>) -> Image<'static> {
    let (w, h) = (icon.width(), icon.height());
    let mut rgba = icon.rgba().to_vec();
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
    Image::new_owned(rgba, w, h)
}

/// Shows the state: the status line, the icon, which items apply.
pub fn update(app: &AppHandle, status: &GuardStatus) {
    let (Some(items), Some(icons)) = (app.try_state::<Items>(), app.try_state::<Icons>()) else {
        return;
    };
    let paused = status.reminders_paused_until.is_some();
    let line =
        if paused { format!("{} · reminders paused", status.line) } else { status.line.clone() };
    let now_shown = Some((line.clone(), status.in_focus));
    match items.shown.lock() {
        Ok(shown) if *shown == now_shown => return,
        Ok(mut shown) => *shown = now_shown,
        Err(_) => {}
    }
    let _ = items.status.set_text(&line);
    let _ = items.start.set_enabled(!status.in_focus);
    let _ = items.end.set_enabled(status.in_focus);
    let _ = items.resume.set_enabled(paused);
    if let Some(tray) = app.tray_by_id(TRAY) {
        let _ = tray.set_tooltip(Some(format!("Sanctum — {line}")));
        let icon = if status.in_focus { &icons.focus } else { &icons.idle };
        let _ = tray.set_icon(Some(icon.clone()));
    }
}

/// What a menu item does.
fn choose(app: &AppHandle, id: &str) {
    let done = match id {
        "log" => {
            crate::shortcut::bring_up_quicklog(app);
            Ok(())
        }
        "open" => {
            let state = app.state::<crate::state::AppState>();
            state.quicklog_from_background.store(false, std::sync::atomic::Ordering::SeqCst);
            crate::window::show(app);
            Ok(())
        }
        "start" => call_now(app, |a| a.start_focus_now(None)).map(|_| ()),
        "end" => call_now(app, |a| a.end_focus_now()).map(|_| ()),
        "pause-hour" => call_now(app, |a| a.pause_reminders(PauseFor::Hour)).map(|_| ()),
        "pause-tomorrow" => call_now(app, |a| a.pause_reminders(PauseFor::Tomorrow)).map(|_| ()),
        "resume" => call_now(app, |a| a.resume_reminders()),
        "quit" => {
            crate::guard::quit(app);
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err(e) = done {
        crate::reminders::notify_plain(app, "Sanctum", &e.message);
    }
}
