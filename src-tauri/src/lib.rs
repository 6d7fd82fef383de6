//! Sanctum's desktop shell: wires the store, the commands, the window and the global shortcut.
//! Domain logic lives in `sanctum-core`.

mod api;
mod calendar_sync;
mod commands;
mod db_watch;
mod error;
mod reminders;
mod shortcut;
mod state;

use sanctum_core::Store;
use tauri::Manager;

use crate::state::AppState;

pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second launch brings the running Sanctum forward instead of opening the file twice.
            shortcut::bring_up_quicklog(app);
        }))
        .plugin(shortcut::plugin())
        .manage(AppState::new(Store::open_default()))
        .setup(|app| {
            let state = app.state::<AppState>();
            if let Ok(settings) = state.with_store_now(|s| s.settings()) {
                if let Err(problem) = shortcut::register(app.handle(), &settings.shortcut) {
                    eprintln!("sanctum: {problem}");
                    if let Ok(mut p) = state.shortcut_problem.lock() {
                        *p = Some(problem);
                    }
                }
            }
            reminders::spawn(app.handle().clone());
            calendar_sync::spawn(app.handle().clone());
            db_watch::spawn(app.handle().clone());
            Ok(())
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
            commands::settings::set_setting,
            commands::settings::time_zones,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("sanctum: the app could not start: {e}");
        std::process::exit(1);
    }
}
