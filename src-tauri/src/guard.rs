//! Do-not-disturb during focus (`sanctum_desktop::quiet`), kept in the app's database, and
//! quitting for good.

use tauri::AppHandle;

use crate::api::call_now;

/// The app's database keeps what to put back.
struct InStore<'a>(&'a AppHandle);

impl sanctum_desktop::quiet::Kept for InStore<'_> {
    fn get(&self) -> Option<String> {
        call_now(self.0, |a| a.dnd_previous()).ok().flatten()
    }
    fn set(&self, kept: Option<&str>) -> bool {
        call_now(self.0, |a| a.set_dnd_previous(kept)).is_ok()
    }
}

pub use sanctum_desktop::quiet::available;

/// Quiet while `in_focus` (and the setting is on), as the user had it otherwise.
pub fn follow(app: &AppHandle, in_focus: bool, wanted: bool) {
    sanctum_desktop::quiet::follow(&InStore(app), in_focus, wanted);
}

/// Puts the desktop back if Sanctum quietened it.
pub fn restore(app: &AppHandle) {
    sanctum_desktop::quiet::restore(&InStore(app));
}

/// Quits for good: the desktop put back, the window's place kept, then exit.
pub fn quit(app: &AppHandle) {
    restore(app);
    if let Some(w) = crate::window::get(app) {
        crate::window::remember_window(&w.as_ref().window());
    }
    app.exit(0);
}
