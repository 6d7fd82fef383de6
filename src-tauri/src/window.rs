//! The one window, which comes and goes while Sanctum stays.
//!
//! Closing the window destroys it, and with it the webview and its WebKit processes: a Sanctum
//! in the background uses about 70 MiB, not 330 (docs/performance.md). Reminders, the calendar
//! task, the shortcut and the tray run from Rust alone. Opening Sanctum again (tray, shortcut, a
//! second launch) builds the window anew from `tauri.conf.json`, at the size and place it had.

#[cfg(target_os = "linux")]
use std::path::Path;

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

/// The variable WebKitGTK reads to paint without compositing.
#[cfg(target_os = "linux")]
const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// The variable GDK reads to leave OpenGL alone (`disable`).
#[cfg(target_os = "linux")]
const GDK_GL: &str = "GDK_GL";
/// The variable WebKitGTK reads to run without its memory monitors (`1`).
#[cfg(target_os = "linux")]
const NO_MEMORY_MONITOR: &str = "WEBKIT_DISABLE_MEMORY_PRESSURE_MONITOR";

/// Chooses how WebKitGTK draws the page and watches its memory, once, before GTK or any thread
/// starts (Linux). A variable the user set always wins.
///
/// - **Compositing.** WebKitGTK composites the page with OpenGL. Where there is no GPU to do
///   that (no DRM render node: a virtual machine, a remote X display, Xvfb), its OpenGL is
///   Mesa's llvmpipe on the CPU: measured here, Sanctum's window took 324 MiB that way and 231
///   MiB without, and each frame costs a software GL pass on top of the painting
///   (docs/performance.md, "Lean"). There Sanctum asks WebKit to paint straight into the
///   window. With a GPU, WebKit's default stays (`0` keeps compositing anywhere).
/// - **GDK's OpenGL.** Painting straight into the window, the app's own process needs no
///   OpenGL either, yet GDK opens it when it connects to the display, which loads Mesa and LLVM
///   into the process: 22 MiB of a Sanctum with no window (79 against 57 MiB). So GDK is told
///   to leave it alone then.
/// - **Memory monitors.** WebKit's web process measures its own footprint every 30 s by reading
///   all of `/proc/self/smaps`, and a thread of the app polls the system's memory: with the
///   window open and nothing changing that was most of Sanctum's idle CPU (docs/performance.md,
///   "Round five"). They exist to shed caches under memory pressure and to kill a page that
///   grows past gigabytes; Sanctum's page keeps only what is on screen (a few hundred MiB at a
///   million fires) and is destroyed with its window. So they are turned off.
#[cfg(target_os = "linux")]
pub fn choose_webkit_settings() {
    let gpu = has_render_node(Path::new("/dev/dri"));
    for (name, value) in webkit_variables(gpu, |name| std::env::var_os(name)) {
        std::env::set_var(name, value);
    }
}

/// The variables to set, given whether there is a GPU and what the user set (`user`).
#[cfg(target_os = "linux")]
fn webkit_variables(
    gpu: bool,
    user: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Vec<(&'static str, &'static str)> {
    let mut set = Vec::new();
    let painting_straight = match user(NO_COMPOSITING) {
        Some(value) => value != "0",
        None => {
            if !gpu {
                set.push((NO_COMPOSITING, "1"));
            }
            !gpu
        }
    };
    if painting_straight && user(GDK_GL).is_none() {
        set.push((GDK_GL, "disable"));
    }
    if user(NO_MEMORY_MONITOR).is_none() {
        set.push((NO_MEMORY_MONITOR, "1"));
    }
    set
}

/// Whether `dri` (normally `/dev/dri`) holds a GPU's render node (`renderD128`, …).
#[cfg(target_os = "linux")]
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| {
            entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_means_a_gpu_and_no_folder_means_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(&dir.path().join("missing")), "no /dev/dri at all");
        assert!(!has_render_node(dir.path()), "an empty /dev/dri");
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(!has_render_node(dir.path()), "a display card alone renders nothing");
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dir.path()), "a render node");
    }

    #[test]
    fn without_a_gpu_webkit_paints_straight_and_what_the_user_set_wins() {
        let vars = |gpu: bool, set: &[(&str, &str)]| {
            let set: Vec<(String, String)> =
                set.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            webkit_variables(gpu, move |name| {
                set.iter().find(|(k, _)| k == name).map(|(_, v)| v.into())
            })
        };
        let (compositing, gl, monitor) =
            ((NO_COMPOSITING, "1"), (GDK_GL, "disable"), (NO_MEMORY_MONITOR, "1"));
        assert_eq!(vars(false, &[]), vec![compositing, gl, monitor]);
        assert_eq!(vars(true, &[]), vec![monitor], "a GPU keeps WebKit's compositing");
        // What the user set wins.
        assert_eq!(vars(false, &[(NO_COMPOSITING, "0")]), vec![monitor], "compositing kept");
        assert_eq!(vars(true, &[(NO_COMPOSITING, "1")]), vec![gl, monitor], "none asked for");
        assert_eq!(vars(false, &[(GDK_GL, "")]), vec![compositing, monitor], "GDK_GL kept");
        assert_eq!(vars(false, &[(NO_MEMORY_MONITOR, "0")]), vec![compositing, gl], "monitor kept");
    }
}
