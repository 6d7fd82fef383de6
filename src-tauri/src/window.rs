//! The one window, which comes and goes while Sanctum stays.
//!
//! Closing the window destroys it, and with it the webview and its WebKit processes: a Sanctum
//! in the background uses about 70 MiB, not 330 (docs/performance.md). Reminders, the calendar
//! task, the shortcut and the tray run from Rust alone. Opening Sanctum again (tray, shortcut, a
//! second launch) builds the window anew from `tauri.conf.json`, at the size and place it had.

use sanctum_core::api::guard::WindowGeometry;
use tauri::{
    AppHandle, LogicalPosition, LogicalSize, Manager, PhysicalPosition, PhysicalSize,
    WebviewWindow, WebviewWindowBuilder,
};

use crate::api::call_now;

/// The window's label in `tauri.conf.json`.
pub const MAIN: &str = "main";

/// The window if it exists.
pub fn get(app: &AppHandle) -> Option<WebviewWindow> {
    app.get_webview_window(MAIN)
}

/// Shows, raises and focuses the window, building it first if it is gone.
pub fn show(app: &AppHandle) -> Option<WebviewWindow> {
    let window = match get(app) {
        Some(w) => w,
        None => build(app)?,
    };
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
    Some(window)
}

fn build(app: &AppHandle) -> Option<WebviewWindow> {
    let config = app.config().app.windows.iter().find(|w| w.label == MAIN)?.clone();
    let mut builder = match WebviewWindowBuilder::from_config(app, &config) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("sanctum: could not make the window: {e}");
            return None;
        }
    };
    if let Ok(Some(g)) = call_now(app, |a| a.window_geometry()) {
        builder = builder.inner_size(g.width, g.height).position(g.x, g.y);
    }
    match builder.build() {
        Ok(w) => {
            // The guard loop gives a new window its title (the block running, if any).
            app.state::<crate::state::AppState>().reminders_changed.notify_one();
            Some(w)
        }
        Err(e) => {
            eprintln!("sanctum: could not open the window: {e}");
            None
        }
    }
}

/// Keeps the window's size and place for next time (called as it closes, and on quit).
fn remember(app: &AppHandle, scale: f64, position: PhysicalPosition<i32>, size: PhysicalSize<u32>) {
    let position: LogicalPosition<f64> = position.to_logical(scale);
    let size: LogicalSize<f64> = size.to_logical(scale);
    let geometry =
        WindowGeometry { x: position.x, y: position.y, width: size.width, height: size.height };
    let _ = call_now(app, move |a| a.save_window_geometry(geometry));
}

/// [`remember`] for the window as it is.
pub fn remember_window(window: &tauri::Window) {
    if let (Ok(scale), Ok(position), Ok(size)) =
        (window.scale_factor(), window.outer_position(), window.inner_size())
    {
        remember(window.app_handle(), scale, position, size);
    }
}
