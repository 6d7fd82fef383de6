//! Watching the database's folder for other processes' commits (inotify on Linux, FSEvents on
//! macOS, through `notify`): the app's database watcher and the background guard both wake on
//! it instead of asking SQLite on a timer.

use std::path::Path;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// Watches `folder` (not its subfolders): every write to a file in it calls `touched`. The
/// watch lasts as long as the returned watcher.
pub fn watch(
    folder: &Path,
    touched: impl Fn() + Send + 'static,
) -> notify::Result<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        use notify::event::{AccessKind, AccessMode, EventKind};
        // Opening and reading change nothing; closing after a write does (the last touch of a
        // process that has just committed); an error (an overflowed queue) may hide a change.
        let changed = match &event {
            Ok(e) => match e.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                EventKind::Access(_) => false,
                _ => true,
            },
            Err(_) => true,
        };
        if changed {
            touched();
        }
    })?;
    watcher.watch(folder, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}
