//! Starting at login, hidden: on Linux an XDG autostart entry
//! (`$XDG_CONFIG_HOME/autostart/sanctum.desktop`, private to the user) that runs Sanctum with
//! `--hidden`, so it starts in the background with no window. Other systems say plainly that
//! it is not available yet.

/// The flag a login start passes: no window, only the tray and the guard.
pub const HIDDEN: &str = "--hidden";

#[cfg(target_os = "linux")]
fn entry() -> Result<std::path::PathBuf, String> {
    let config = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => std::path::PathBuf::from(dir),
        None => std::env::var_os("HOME")
            .map(|h| std::path::PathBuf::from(h).join(".config"))
            .ok_or("no home folder to keep the login entry in")?,
    };
    Ok(config.join("autostart").join("sanctum.desktop"))
}

/// Makes Sanctum start (hidden) at login, or stops it; returns where the entry is.
#[cfg(target_os = "linux")]
pub fn set(on: bool) -> Result<Option<std::path::PathBuf>, String> {
    let path = entry()?;
    if !on {
        return match std::fs::remove_file(&path) {
            Ok(()) => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("could not remove {}: {e}", path.display())),
        };
    }
    let exe = std::env::current_exe().map_err(|e| format!("where Sanctum runs from: {e}"))?;
    let text = format!(
        "[Desktop Entry]\nType=Application\nName=Sanctum\n\
         Comment=Protect focus time and log the fires that eat it\n\
         Exec=\"{}\" {HIDDEN}\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
        exe.display()
    );
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    sanctum_core::files::write_private("start_at_login", &path, text.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(Some(path))
}

#[cfg(not(target_os = "linux"))]
pub fn set(on: bool) -> Result<Option<std::path::PathBuf>, String> {
    if on {
        Err("starting at login is not available on this system yet".to_string())
    } else {
        Ok(None)
    }
}
