//! `sanctum`: the command line. Opens the store once, does one thing, prints it.

/// `println!` through [`output::emit`].
macro_rules! say {
    () => { $crate::output::emit("\n") };
    ($($arg:tt)*) => { $crate::output::emit(&format!("{}\n", format_args!($($arg)*))) };
}

/// `print!` through [`output::emit`].
macro_rules! say_raw {
    ($($arg:tt)*) => { $crate::output::emit(&format!($($arg)*)) };
}

mod blocks;
mod calendars;
mod cli;
mod output;
mod planning;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A panic is a bug; if one slips through, say so in one line, not a Rust backtrace.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        output::warn(&format!("internal error, please report it: {what}"));
    }));
    // Before any thread starts (setting the environment is not thread-safe).
    #[cfg(target_os = "linux")]
    if let Some(address) = session_bus(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").as_deref(),
        std::env::var_os("XDG_RUNTIME_DIR").as_deref(),
    ) {
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", address);
    }
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(e) => return usage_error(&e),
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::warn(&e.to_string());
            // 2 for input the user can fix, like a bad argument; 1 for failures to read or write.
            ExitCode::from(if e.is_input() { 2 } else { 1 })
        }
    }
}

/// Help and version as clap prints them; a bad argument as one line that names it (exit 2).
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        output::emit(&e.render().to_string());
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    output::warn(&format!("{first}; see sanctum --help"));
    ExitCode::from(2)
}

/// The session bus (the keyring's) when the environment does not name one: systemd's user bus
/// at `$XDG_RUNTIME_DIR/bus`, where the system's libdbus would look (over ssh, say). The
/// libdbus built into `sanctum` would try X11 autolaunch instead.
#[cfg(target_os = "linux")]
fn session_bus(
    named: Option<&std::ffi::OsStr>,
    runtime_dir: Option<&std::ffi::OsStr>,
) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::FileTypeExt;
    if named.is_some_and(|a| !a.is_empty()) {
        return None;
    }
    let bus = std::path::Path::new(runtime_dir?).join("bus");
    if !std::fs::metadata(&bus).ok()?.file_type().is_socket() {
        return None;
    }
    // D-Bus addresses escape every byte but these as %XX.
    let mut address = String::from("unix:path=");
    for &b in bus.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_/.\\*".contains(&b) {
            address.push(char::from(b));
        } else {
            address.push_str(&format!("%{b:02x}"));
        }
    }
    Some(address)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::ffi::OsStr;

    use super::session_bus;

    #[test]
    fn the_session_bus_is_the_runtime_folders_when_none_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = dir.path().join("run user,1000");
        std::fs::create_dir(&runtime).unwrap();
        let named = OsStr::new("unix:path=/run/other");
        assert_eq!(session_bus(None, Some(runtime.as_os_str())), None, "no socket there");
        std::fs::write(runtime.join("bus"), "").unwrap();
        assert_eq!(session_bus(None, Some(runtime.as_os_str())), None, "a file, not a socket");
        std::fs::remove_file(runtime.join("bus")).unwrap();
        let _socket = std::os::unix::net::UnixListener::bind(runtime.join("bus")).unwrap();
        let want = format!("unix:path={}/run%20user%2c1000/bus", dir.path().display());
        assert_eq!(session_bus(None, Some(runtime.as_os_str())), Some(want.clone()));
        assert_eq!(session_bus(Some(OsStr::new("")), Some(runtime.as_os_str())), Some(want));
        assert_eq!(session_bus(Some(named), Some(runtime.as_os_str())), None, "named wins");
        assert_eq!(session_bus(None, None), None);
    }
}
