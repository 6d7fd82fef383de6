//! What Sanctum does on the desktop besides its window: the tray icon and its menu, for now;
//! the notifications, do-not-disturb and the shortcut follow. Plain Rust over the session bus,
//! with no Tauri and no GTK, so that the app and a background guard process that links no GUI
//! toolkit share one implementation.

#[cfg(feature = "stand-ins")]
pub mod stand_in;
pub mod tray;
