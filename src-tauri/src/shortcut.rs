//! The global shortcut that brings up the quick-log box from anywhere on the desktop.

use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

/// The event the page listens to: focus the quick-log box.
pub const QUICKLOG_EVENT: &str = "quicklog:open";

/// The plugin, with the handler every registered shortcut runs.
pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|app, _shortcut, event| {
            if event.state() == ShortcutState::Pressed {
                bring_up_quicklog(app);
            }
        })
        .build()
}

/// Shows, raises and focuses the main window, and asks the page to focus the quick-log box.
pub fn bring_up_quicklog(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let _ = app.emit(QUICKLOG_EVENT, ());
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
