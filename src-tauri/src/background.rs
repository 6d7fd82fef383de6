//! Handing the background to `sanctum guard` (`sanctum_desktop::guard`), the program beside
//! this one that guards with no window and links neither GTK nor WebKit: a login start becomes
//! it, and a window that closes while Sanctum keeps running hands over to it. Where it is
//! missing (a build without the command line), this process guards in the background as before.

#[cfg(target_os = "linux")]
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use tauri::{AppHandle, Manager};

use crate::state::AppState;

/// The guard program: `sanctum`, beside this one.
#[cfg(target_os = "linux")]
fn guard_program() -> Option<PathBuf> {
    let path = std::env::current_exe().ok()?.with_file_name("sanctum");
    path.is_file().then_some(path)
}

/// Replaces this process with `sanctum guard` (same process id); returns only if it cannot.
#[cfg(target_os = "linux")]
pub fn become_guard() {
    use std::os::unix::process::CommandExt;
    if let Some(program) = guard_program() {
        let error = std::process::Command::new(&program).arg("guard").exec();
        eprintln!("sanctum: could not start {} ({error}); guarding here", program.display());
    }
}

/// Starts `sanctum guard` to carry on once this process has exited; false if it cannot (and
/// on systems where the guard does not run yet).
#[cfg(not(target_os = "linux"))]
pub fn hand_over(_app: &AppHandle) -> bool {
    false
}

/// Starts `sanctum guard` to carry on once this process has exited; false if it cannot.
#[cfg(target_os = "linux")]
pub fn hand_over(app: &AppHandle) -> bool {
    let Some(program) = guard_program() else { return false };
    let state = app.state::<AppState>();
    let since = state.last_round.load(Ordering::SeqCst);
    // Reminders this process sent are with the server before it exits.
    sanctum_desktop::notes::wait_until_sent(std::time::Duration::from_secs(2));
    let started = std::process::Command::new(&program)
        .args(["guard", "--after", &std::process::id().to_string(), "--since", &since.to_string()])
        .spawn();
    match started {
        Ok(_) => {
            crate::trace("handed-over");
            state.handed_over.store(true, Ordering::SeqCst);
            true
        }
        Err(e) => {
            eprintln!("sanctum: could not start {} ({e}); guarding here", program.display());
            false
        }
    }
}

/// Whether the guard carries on: then the desktop stays quiet through the block.
pub fn handed_over(app: &AppHandle) -> bool {
    app.state::<AppState>().handed_over.load(Ordering::SeqCst)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_guard_knows_the_apps_name_on_the_bus() {
        let conf = include_str!("../../tauri.conf.json");
        let identifier = conf
            .lines()
            .find_map(|l| l.trim().strip_prefix("\"identifier\": \""))
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default();
        assert_eq!(
            sanctum_desktop::guard::APP_BUS_NAME,
            format!("{identifier}.SingleInstance"),
            "the guard leaves the guarding to a running app by this name (src/single.rs)"
        );
    }
}
