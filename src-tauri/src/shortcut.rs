//! The global shortcut that brings up the quick-log box from anywhere on the desktop.

use std::sync::atomic::Ordering;

use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;
#[cfg(target_os = "linux")]
use sanctum_desktop::keys::Listener;
use sanctum_desktop::keys::{parse, refused};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, ShortcutState};

/// The event the page listens to: focus the quick-log box.
pub const QUICKLOG_EVENT: &str = "quicklog:open";

/// Where the shortcut is registered: on X11 Sanctum's own listener, which sleeps until a key
/// comes (see `sanctum_desktop::keys`); elsewhere, and on Linux without an X display, the Tauri plugin.
enum Keys {
    #[cfg(target_os = "linux")]
    X11(std::sync::Arc<Listener>),
    Plugin,
}

/// Adds the shortcut machinery to the app: the plugin, unless Sanctum's X11 listener is in use.
pub fn install(builder: tauri::Builder<tauri::Wry>) -> tauri::Builder<tauri::Wry> {
    #[cfg(target_os = "linux")]
    if let Ok(listener) = Listener::connect() {
        return builder.manage(Keys::X11(listener));
    }
    builder.manage(Keys::Plugin).plugin(
        tauri_plugin_global_shortcut::Builder::new()
            .with_handler(|app, _shortcut, event| {
                if event.state() == ShortcutState::Pressed {
                    pressed(app);
                }
            })
            .build(),
    )
}

/// Starts listening (the X11 listener's thread; the plugin listens by itself).
pub fn listen(app: &AppHandle) {
    #[cfg(target_os = "linux")]
    if let Keys::X11(listener) = app.state::<Keys>().inner() {
        let app = app.clone();
        listener.listen(move || pressed(&app));
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

fn pressed(app: &AppHandle) {
    crate::trace("shortcut");
    bring_up_quicklog(app);
}

/// Brings up the quick-log box, focused, above anything open in the page; builds the window
/// first when Sanctum runs in the background. A window the shortcut brought up from the
/// background goes away again after one log (or Escape): the user is back where they were.
pub fn bring_up_quicklog(app: &AppHandle) {
    let visible = crate::window::get(app).is_some_and(|w| w.is_visible().unwrap_or(false));
    if !visible {
        app.state::<AppState>().quicklog_from_background.store(true, Ordering::SeqCst);
    }
    crate::window::show(app);
    // A window built just now focuses the box as its page loads (see ui/quicklog.js).
    let _ = app.emit(QUICKLOG_EVENT, ());
}

/// The quick-log box was used or dismissed: a window that came up for it goes away again.
pub fn quicklog_done(app: &AppHandle) {
    let state = app.state::<AppState>();
    if state.quicklog_from_background.swap(false, Ordering::SeqCst) {
        if let Some(w) = crate::window::get(app) {
            crate::trace("window-closed");
            let _ = w.close();
        }
    }
}

/// Registers `text`; the error says what the desktop refused and what to do.
pub fn register(app: &AppHandle, text: &str) -> Result<(), String> {
    let shortcut = parse(text)?;
    let done = match app.state::<Keys>().inner() {
        #[cfg(target_os = "linux")]
        Keys::X11(listener) => listener.grab(&shortcut),
        Keys::Plugin => app.global_shortcut().register(shortcut).map_err(|e| e.to_string()),
    };
    done.map_err(|e| refused(text, &e))
}

/// Swaps the registered shortcut `old` for `new`; on failure `old` stays registered.
pub fn replace(app: &AppHandle, old: &str, new: &str) -> Result<(), String> {
    let new_shortcut = parse(new)?;
    #[cfg(target_os = "linux")]
    if let Keys::X11(_) = app.state::<Keys>().inner() {
        // The listener holds one shortcut and lets the old one go only once the new one holds.
        return register(app, new);
    }
    if let Ok(old_shortcut) = parse(old) {
        if old_shortcut == new_shortcut && app.global_shortcut().is_registered(old_shortcut) {
            return Ok(());
        }
        let _ = app.global_shortcut().unregister(old_shortcut);
    }
    register(app, new).inspect_err(|_| {
        let _ = register(app, old);
    })
}
