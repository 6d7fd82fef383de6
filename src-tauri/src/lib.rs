//! Sanctum's desktop shell: wires the store, the commands, the window, the tray and the global
//! shortcut, and keeps guarding after the window is closed. Domain logic lives in
//! `sanctum-core`.

mod api;
mod autostart;
mod background;
mod calendar_sync;
mod commands;
mod db_watch;
mod error;
mod guard;
mod reminders;
mod shortcut;
#[cfg(target_os = "linux")]
mod single;
mod state;
mod tray;
mod window;

use sanctum_core::Store;
use tauri::{Manager, RunEvent, WindowEvent};

use crate::state::AppState;

pub fn run() {
    // Before GTK, WebKit or any thread starts: it sets variables GDK and WebKit read.
    #[cfg(target_os = "linux")]
    window::choose_webkit_settings();
    let args: Vec<String> = std::env::args().collect();
    let hidden = args.iter().any(|a| a == autostart::HIDDEN);
    // A start at login guards in `sanctum guard`, which links no GTK or WebKit; this process
    // carries on only where that program is missing.
    #[cfg(target_os = "linux")]
    if hidden {
        background::become_guard();
    }
    let context = tauri::generate_context!();
    // One Sanctum per session: a later launch hands over its arguments and stops here.
    #[cfg(target_os = "linux")]
    let instance = match single::claim(&context.config().identifier) {
        single::Claim::Handed => return,
        single::Claim::First(conn) => Some(conn),
        single::Claim::NoBus(why) => {
            eprintln!("sanctum: cannot check for a running Sanctum ({why}); starting anyway");
            None
        }
    };
    let builder = tauri::Builder::default();
    // The single-instance plugin goes first, so a second launch stops before anything else.
    #[cfg(not(target_os = "linux"))]
    let builder = builder
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| launched(app, &args, true)));
    let built = shortcut::install(builder)
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(Store::open_default()))
        .setup(move |app| {
            #[cfg(target_os = "linux")]
            if let Some(conn) = instance {
                let handle = app.handle().clone();
                single::serve(conn, move |args| launched(&handle, &args, true));
            }
            // A guard running with no window hands over: the reminders it sent stay sent.
            #[cfg(target_os = "linux")]
            let since = sanctum_desktop::guard::take_over();
            #[cfg(not(target_os = "linux"))]
            let since = None;
            let state = app.state::<AppState>();
            if let Ok(settings) = state.with_store_now(|s| s.settings()) {
                if let Err(problem) = shortcut::register(app.handle(), &settings.shortcut) {
                    eprintln!("sanctum: {problem}");
                    if let Ok(mut p) = state.shortcut_problem.lock() {
                        *p = Some(problem);
                    }
                }
            }
            shortcut::listen(app.handle());
            tray::install(app.handle());
            // A start at login shows no window; any other start opens it (at the quick-log box
            // or a screen when the guard asked for it).
            if !hidden {
                launched(app.handle(), &args, false);
            }
            // After a crash mid-block, the desktop is put back by the guard loop's first round.
            reminders::spawn(app.handle().clone(), since);
            calendar_sync::spawn(app.handle().clone());
            db_watch::spawn(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { .. } = event {
                window::remember_window(window);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::interruptions::preview_quicklog,
            commands::interruptions::log_quicklog,
            commands::interruptions::list_interruptions,
            commands::interruptions::update_interruption,
            commands::interruptions::delete_interruption,
            commands::interruptions::restore_interruption,
            commands::interruptions::recent_names,
            commands::blocks::week_plan,
            commands::blocks::add_block,
            commands::blocks::update_block,
            commands::blocks::set_block_paused,
            commands::blocks::delete_block,
            commands::blocks::record_outcome,
            commands::blocks::move_occurrence,
            commands::blocks::unanswered,
            commands::blocks::focus_now,
            commands::blocks::start_focus_now,
            commands::blocks::end_focus_now,
            commands::blocks::export_ics,
            commands::planning::week_priorities,
            commands::planning::mark_week_planned,
            commands::planning::add_priority,
            commands::planning::reorder_priorities,
            commands::planning::set_priority_status,
            commands::planning::delete_priority,
            commands::planning::carry_priorities,
            commands::planning::tasks_overview,
            commands::planning::add_batch,
            commands::planning::delete_batch,
            commands::planning::add_task,
            commands::planning::set_task_done,
            commands::planning::set_task_ownership,
            commands::planning::delete_task,
            commands::planning::defer_to_batch,
            commands::planning::add_win,
            commands::planning::delete_win,
            commands::review::week_review,
            commands::interruptions::day_entries,
            commands::review::save_review_note,
            commands::review::export_report,
            commands::data::choose_file,
            commands::data::backup,
            commands::data::export_json,
            commands::data::export_csv,
            commands::data::import_json,
            commands::calendars::calendars,
            commands::calendars::add_calendar,
            commands::calendars::remove_calendar,
            commands::calendars::update_calendar,
            commands::calendars::set_calendar_password,
            commands::calendars::refresh_calendars,
            commands::calendars::suggestions,
            commands::calendars::accept_suggestion,
            commands::calendars::publish_now,
            commands::settings::app_status,
            commands::settings::quiet_check,
            commands::settings::set_setting,
            commands::settings::time_zones,
            commands::guard::take_navigation,
            commands::guard::quicklog_done,
            commands::guard::answer_login_start,
        ])
        .build(context);
    let app = match built {
        Ok(app) => app,
        Err(e) => {
            eprintln!("sanctum: the app could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|app, event| match event {
        // The last window closed. Unless the user asked Sanctum to quit with its window,
        // `sanctum guard` takes over and this process (GTK, WebKit) ends; where that program
        // is missing, this one stays in the background.
        RunEvent::ExitRequested { code: None, api, .. } => {
            if !keeps_running(app) {
                guard::restore(app);
            } else if !background::hand_over(app) {
                api.prevent_exit();
                explain_background(app);
            }
        }
        RunEvent::Exit if !background::handed_over(app) => guard::restore(app),
        _ => {}
    });
}

/// A launch with a window: at a screen (a notification clicked while the guard ran), at the
/// quick-log box (the shortcut, "Log a fire…", and any second launch, as before), or the window
/// as it was. A second login start stays in the background.
fn launched(app: &tauri::AppHandle, args: &[String], second: bool) {
    if args.iter().any(|a| a == autostart::HIDDEN) {
        return;
    }
    if let Some(to) = sanctum_desktop::launch::navigation_from(args) {
        reminders::navigate(app, to);
    } else if second || args.iter().any(|a| a == sanctum_desktop::launch::QUICKLOG) {
        shortcut::bring_up_quicklog(app);
    } else {
        window::show(app);
    }
}

pub(crate) use sanctum_desktop::trace;

fn keeps_running(app: &tauri::AppHandle) -> bool {
    api::call_now(app, |a| Ok(a.settings()?.keep_running)).unwrap_or(true)
}

/// The first time the window closes, say where Sanctum went.
fn explain_background(app: &tauri::AppHandle) {
    if api::call_now(app, |a| a.first_time_in_background()).unwrap_or(false) {
        let shortcut = api::call_now(app, |a| Ok(a.settings()?.shortcut)).unwrap_or_default();
        reminders::notify_plain(
            app,
            "Sanctum keeps guarding your focus",
            &format!(
                "Reminders and the quick-log shortcut ({shortcut}) still work. Open Sanctum or \
                 quit it from its tray icon; turn this off in Settings."
            ),
        );
    }
}
