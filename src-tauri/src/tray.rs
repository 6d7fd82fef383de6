//! The tray icon (`sanctum_desktop::tray`, a StatusNotifierItem over the session bus): the
//! app shows its state and does what its menu asks.

use sanctum_core::api::guard::{GuardStatus, PauseFor};
use sanctum_desktop::tray::Choice;
use tauri::{AppHandle, Manager};

use crate::api::call_now;

/// Puts the icon on the session bus; without a bus, says so and carries on (the shortcut, a
/// second launch and the notifications still open Sanctum).
pub fn install(app: &AppHandle) {
    #[cfg(target_os = "linux")]
    {
        let handle = app.clone();
        match sanctum_desktop::tray::Tray::start(move |choice| choose(&handle, choice)) {
            Ok(tray) => {
                app.manage(tray);
            }
            Err(e) => eprintln!("sanctum: no tray icon: {e}"),
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (app, choose);
}

/// Shows the state: the status line, the icon, which items apply.
pub fn update(app: &AppHandle, status: &GuardStatus) {
    #[cfg(target_os = "linux")]
    if let Some(tray) = app.try_state::<sanctum_desktop::tray::Tray>() {
        tray.show(status);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (app, status);
}

/// What a menu item does.
fn choose(app: &AppHandle, choice: Choice) {
    let done = match choice {
        Choice::Log => {
            crate::shortcut::bring_up_quicklog(app);
            Ok(())
        }
        Choice::Open => {
            let state = app.state::<crate::state::AppState>();
            state.quicklog_from_background.store(false, std::sync::atomic::Ordering::SeqCst);
            crate::window::show(app);
            Ok(())
        }
        Choice::Start => call_now(app, |a| a.start_focus_now(None)).map(|_| ()),
        Choice::End => call_now(app, |a| a.end_focus_now()).map(|_| ()),
        Choice::PauseHour => call_now(app, |a| a.pause_reminders(PauseFor::Hour)).map(|_| ()),
        Choice::PauseTomorrow => {
            call_now(app, |a| a.pause_reminders(PauseFor::Tomorrow)).map(|_| ())
        }
        Choice::Resume => call_now(app, |a| a.resume_reminders()),
        Choice::Quit => {
            crate::guard::quit(app);
            Ok(())
        }
    };
    if let Err(e) = done {
        crate::reminders::notify_plain(app, "Sanctum", &e.message);
    }
}
