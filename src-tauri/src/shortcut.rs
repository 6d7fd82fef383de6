//! The global shortcut that brings up the quick-log box from anywhere on the desktop.

use std::sync::atomic::Ordering;

use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

/// The event the page listens to: focus the quick-log box.
pub const QUICKLOG_EVENT: &str = "quicklog:open";

/// The plugin, with the handler every registered shortcut runs.
pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|app, _shortcut, event| {
            if event.state() == ShortcutState::Pressed {
                crate::trace("shortcut");
                bring_up_quicklog(app);
            }
        })
        .build()
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

fn parse(text: &str) -> Result<Shortcut, String> {
    // The parser's own message points at its bug tracker; say what to write instead.
    text.parse::<Shortcut>().map_err(|_| {
        format!(
            "'{text}' is not a key combination; write modifiers and one key joined by +, like \
             CommandOrControl+Shift+Space (modifiers: Ctrl, Alt, Shift, Super, CommandOrControl; \
             keys: A-Z, 0-9, F1-F24, Space, Enter, ...)"
        )
    })
}

/// Registers `text`; the error says what the desktop refused and what to do.
pub fn register(app: &AppHandle, text: &str) -> Result<(), String> {
    let shortcut = parse(text)?;
    app.global_shortcut().register(shortcut).map_err(|e| {
        format!(
            "The desktop refused the quick-log shortcut {text} ({e}). Another program may own it: \
             pick another one in Settings."
        )
    })
}

/// Swaps the registered shortcut `old` for `new`; on failure `old` stays registered.
pub fn replace(app: &AppHandle, old: &str, new: &str) -> Result<(), String> {
    let new_shortcut = parse(new)?;
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
