//! What the app holds for its lifetime: the one open store, and how the shortcut fared.

use std::sync::{Arc, Mutex, MutexGuard};

use sanctum_core::Store;

use crate::error::{CommandError, CommandResult};

/// The app's shared state. The store is opened once at start-up; if that failed, the reason is
/// kept so every screen can show it instead of the app silently not starting.
#[derive(Debug)]
pub struct AppState {
    store: Result<Arc<Mutex<Store>>, CommandError>,
    /// Why the quick-log shortcut could not be registered, if it could not.
    pub shortcut_problem: Mutex<Option<String>>,
    /// Wakes the reminder task when blocks or settings change, so it re-plans at once.
    pub reminders_changed: Arc<tokio::sync::Notify>,
    /// Wakes the calendar task: blocks changed (publish) or calendars were added.
    pub calendars_changed: Arc<tokio::sync::Notify>,
    /// Blocks changed since the last publish.
    pub publish_pending: Arc<std::sync::atomic::AtomicBool>,
    /// Where a clicked notification wants the page, until the page has taken it.
    pub pending_navigation: Mutex<Option<sanctum_core::api::guard::Navigation>>,
    /// The shortcut brought the window up from the background: it goes back after one log.
    pub quicklog_from_background: std::sync::atomic::AtomicBool,
    /// When the guard loop's last round ran (Unix milliseconds), for a handover.
    pub last_round: std::sync::atomic::AtomicI64,
    /// `sanctum guard` carries on after this process.
    pub handed_over: std::sync::atomic::AtomicBool,
}

impl AppState {
    pub fn new(store: sanctum_core::Result<Store>) -> AppState {
        AppState {
            store: store.map(|s| Arc::new(Mutex::new(s))).map_err(CommandError::from),
            shortcut_problem: Mutex::new(None),
            reminders_changed: Arc::new(tokio::sync::Notify::new()),
            calendars_changed: Arc::new(tokio::sync::Notify::new()),
            publish_pending: Arc::new(std::sync::atomic::AtomicBool::new(true)),
            pending_navigation: Mutex::new(None),
            quicklog_from_background: std::sync::atomic::AtomicBool::new(false),
            last_round: std::sync::atomic::AtomicI64::new(0),
            handed_over: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Focus blocks or occurrences changed: reminders re-plan, published calendars follow.
    pub fn blocks_changed(&self) {
        self.reminders_changed.notify_one();
        self.publish_pending.store(true, std::sync::atomic::Ordering::SeqCst);
        self.calendars_changed.notify_one();
    }

    /// A second connection to the same database, for work that talks to the network between
    /// writes (calendar refresh and publish) without holding the app's connection.
    pub fn second_store(&self) -> CommandResult<Store> {
        let path = self.with_store_now(|s| Ok(s.path().to_path_buf()))?;
        Store::open(&path).map_err(CommandError::from)
    }

    pub fn startup_error(&self) -> Option<CommandError> {
        self.store.as_ref().err().cloned()
    }

    /// Runs `f` with the store on a blocking thread, off the async executor.
    pub async fn with_store<T, F>(&self, f: F) -> CommandResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> sanctum_core::Result<T> + Send + 'static,
    {
        let store = self.store.clone()?;
        tauri::async_runtime::spawn_blocking(move || f(&*lock(&store)?).map_err(CommandError::from))
            .await
            .map_err(|e| CommandError::new("internal", format!("database task failed: {e}")))?
    }

    /// Runs `f` with the store on the current thread (start-up and shortcut handling).
    pub fn with_store_now<T>(
        &self,
        f: impl FnOnce(&Store) -> sanctum_core::Result<T>,
    ) -> CommandResult<T> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        f(&*lock(store)?).map_err(CommandError::from)
    }
}

fn lock(store: &Mutex<Store>) -> CommandResult<MutexGuard<'_, Store>> {
    store.lock().map_err(|_| {
        CommandError::new("internal", "the database handle was poisoned; restart Sanctum")
    })
}
