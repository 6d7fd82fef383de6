//! Notices what other processes commit to the database — the `sanctum` command line, a script —
//! through SQLite's `data_version`: the window gets `data:changed` naming `everything` (screens
//! refresh what they show) and the reminder task re-plans.
//!
//! The pragma is asked only when a file in the database's folder changes (inotify on Linux,
//! FSEvents on macOS, through `notify`), so an idle Sanctum does not wake at all. A commit writes
//! the write-ahead log a moment before it becomes visible (after its fsync), so after the last
//! touch the pragma is asked again a few times over [`SETTLE`]. Where the folder cannot be
//! watched (no inotify watches left, say) the pragma is asked every two seconds instead.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sanctum_core::api::DataChanged;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::state::AppState;

/// How often the pragma is asked when the folder cannot be watched.
const POLL_EVERY: Duration = Duration::from_secs(2);
/// How long after the last touch a commit may still become visible (its fsync).
const SETTLE: Duration = Duration::from_secs(2);
/// How often the pragma is asked while settling.
const RECHECK: Duration = Duration::from_millis(200);

pub fn spawn(app: AppHandle) {
    let folder = app
        .state::<AppState>()
        .with_store_now(|s| Ok(s.path().parent().map(PathBuf::from)))
        .ok()
        .flatten();
    let touched = Arc::new(Notify::new());
    let watcher = folder.and_then(|folder| match watch(&folder, touched.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "sanctum: cannot watch {} ({e}); checking for other processes' changes every {} s",
                folder.display(),
                POLL_EVERY.as_secs()
            );
            None
        }
    });
    tauri::async_runtime::spawn(async move {
        let mut rounds = Rounds::new(touched, watcher.is_some());
        // Lives as long as this task: dropping the watcher would stop the watch.
        let _watcher = watcher;
        // The first reading is taken at once, before the window loads anything: a change made
        // after it is always noticed (one made before it is in what the window loads).
        let mut last: Option<i64> = None;
        loop {
            let state = app.state::<AppState>();
            if let Ok(version) = state.with_store(|s| s.data_version()).await {
                if last.is_some_and(|l| l != version) {
                    // Not `announce`: the app's own calendar connection commits too, and a
                    // publish woken by its own write would publish again, forever.
                    state.reminders_changed.notify_one();
                    let _ = app.emit(crate::api::DATA_EVENT, DataChanged::everything());
                }
                last = Some(version);
            }
            rounds.wait().await;
        }
    });
}

/// When to ask the pragma next.
#[derive(Debug)]
struct Rounds {
    touched: Arc<Notify>,
    watching: bool,
    last_touch: Option<Instant>,
}

impl Rounds {
    fn new(touched: Arc<Notify>, watching: bool) -> Rounds {
        Rounds { touched, watching, last_touch: None }
    }

    /// Waits for the next round: a touch, or [`RECHECK`] while [`SETTLE`] has not passed since
    /// the last touch; [`POLL_EVERY`] when not watching.
    async fn wait(&mut self) {
        if !self.watching {
            tokio::time::sleep(POLL_EVERY).await;
            return;
        }
        match self.last_touch {
            Some(at) if at.elapsed() < SETTLE => {
                tokio::select! {
                    _ = self.touched.notified() => self.last_touch = Some(Instant::now()),
                    _ = tokio::time::sleep(RECHECK) => {}
                }
            }
            _ => {
                // Touches during the last round left one permit: they end this wait at once.
                self.touched.notified().await;
                self.last_touch = Some(Instant::now());
            }
        }
    }
}

/// Watches `folder` (not its subfolders): every write to a file in it wakes `touched`.
fn watch(folder: &Path, touched: Arc<Notify>) -> notify::Result<impl notify::Watcher> {
    sanctum_desktop::folder::watch(folder, move || touched.notify_one())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sanctum_core::store::Store;

    /// Waits up to `within` for a wake; true when one came.
    async fn woken(touched: &Notify, within: Duration) -> bool {
        tokio::time::timeout(within, touched.notified()).await.is_ok()
    }

    /// A database in a folder of its own, open twice: the app's connection and another's.
    fn two_connections() -> (tempfile::TempDir, Store, Store) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("focus.db");
        let (app, other) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
        (dir, app, other)
    }

    fn log(store: &Store) {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        store.log_interruption(sanctum_core::NewInterruption::at(now), now).unwrap();
    }

    #[tokio::test]
    async fn another_connections_commit_wakes_the_watch_and_reads_do_not() {
        let (dir, app, other) = two_connections();
        let touched = Arc::new(Notify::new());
        let _watcher = watch(dir.path(), touched.clone()).unwrap();
        let before = app.data_version().unwrap();
        // Opening is over: whatever it touched has been reported by now.
        while woken(&touched, Duration::from_millis(300)).await {}

        // Reading, from either connection, writes nothing: no wake.
        other.count_interruptions().unwrap();
        assert_eq!(app.data_version().unwrap(), before);
        assert!(!woken(&touched, Duration::from_millis(500)).await, "a read woke the watch");

        log(&other);
        assert!(woken(&touched, Duration::from_secs(10)).await, "a commit did not wake the watch");
        assert_ne!(app.data_version().unwrap(), before, "the app's connection sees the commit");
    }

    /// A commit's log is written (and the watch touched) before the commit is visible: the
    /// rounds after a touch still see it, and once settled they wait for the next touch.
    #[tokio::test]
    async fn a_commit_visible_only_after_its_touch_is_still_seen_then_rounds_stop() {
        let (_dir, app, other) = two_connections();
        let touched = Arc::new(Notify::new());
        let mut rounds = Rounds::new(touched.clone(), true);
        let before = app.data_version().unwrap();

        touched.notify_one();
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(600));
            log(&other);
        });
        let seen = tokio::time::timeout(SETTLE, async {
            loop {
                rounds.wait().await;
                if app.data_version().unwrap() != before {
                    break;
                }
            }
        })
        .await;
        writer.join().unwrap();
        assert!(seen.is_ok(), "the commit after the touch was not seen while settling");

        // Settled, nothing touched: no more rounds (an idle app does not wake).
        tokio::time::sleep(SETTLE).await;
        let idle = tokio::time::timeout(Duration::from_millis(700), rounds.wait()).await;
        assert!(idle.is_err(), "a round came with nothing touched");
        touched.notify_one();
        let touched_round = tokio::time::timeout(Duration::from_millis(700), rounds.wait()).await;
        assert!(touched_round.is_ok(), "a touch did not start a round");
    }
}
