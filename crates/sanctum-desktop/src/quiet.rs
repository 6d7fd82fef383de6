//! The one switch: while a block runs the desktop is quiet (do-not-disturb on), and afterwards
//! it is as the user left it — when the block ends, is ended early, when Sanctum quits, and
//! after a crash or `kill -9` at the next start (what to put back is kept in the database until
//! it has been put back).
//!
//! Three ways, tried in this order (see [`Quiet::detect`]):
//! - **XFCE**: its notification daemon's `/do-not-disturb` setting, through `xfconf-query`;
//! - **KDE Plasma and other servers that offer it**: the notification server's `Inhibit`
//!   method (its `Inhibited` property says it has one). The inhibition lives as long as
//!   Sanctum's bus connection, so a crash ends it by itself;
//! - **GNOME** (and desktops that read its settings): `org.gnome.desktop.notifications
//!   show-banners`, through `gsettings`.
//!
//! Where none applies (and on macOS and Windows, until a plugin offers it) [`available`] says
//! why, and Settings shows it.

/// Where Sanctum keeps what to put back (`way:value`) until it has been put back: the
/// database, through the host's connection.
pub trait Kept {
    fn get(&self) -> Option<String>;
    /// Whether it was kept.
    fn set(&self, kept: Option<&str>) -> bool;
}

/// A way to quieten this desktop, and how to put it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quiet {
    Xfce,
    Inhibit,
    Gnome,
}

impl Quiet {
    /// Whether this process holds a notification server's inhibition now.
    fn holds_inhibition() -> bool {
        #[cfg(target_os = "linux")]
        return linux::holds_inhibition();
        #[cfg(not(target_os = "linux"))]
        false
    }

    fn name(self) -> &'static str {
        match self {
            Quiet::Xfce => "xfce",
            Quiet::Inhibit => "inhibit",
            Quiet::Gnome => "gnome",
        }
    }

    /// The way this desktop offers; the reason when there is none.
    fn detect() -> Result<Quiet, String> {
        #[cfg(target_os = "linux")]
        {
            let desktop = std::env::var("XDG_CURRENT_DESKTOP").unwrap_or_default();
            if desktop.to_ascii_uppercase().contains("XFCE") && linux::xfce_read().is_ok() {
                return Ok(Quiet::Xfce);
            }
            if linux::inhibit_offered() {
                return Ok(Quiet::Inhibit);
            }
            linux::gnome_read().map(|_| Quiet::Gnome)
        }
        #[cfg(not(target_os = "linux"))]
        Err("not available on this system yet".to_string())
    }

    /// What the desktop is now: what to put back afterwards.
    fn current(self) -> Result<String, String> {
        #[cfg(target_os = "linux")]
        match self {
            Quiet::Xfce => linux::xfce_read(),
            Quiet::Inhibit => Ok(String::new()),
            Quiet::Gnome => linux::gnome_read(),
        }
        #[cfg(not(target_os = "linux"))]
        Err("not available on this system yet".to_string())
    }

    fn quieten(self) -> Result<(), String> {
        #[cfg(target_os = "linux")]
        match self {
            Quiet::Xfce => linux::xfce_write("true"),
            Quiet::Inhibit => linux::inhibit(),
            Quiet::Gnome => linux::gnome_write("false"),
        }
        #[cfg(not(target_os = "linux"))]
        Err("not available on this system yet".to_string())
    }

    fn put_back(self, previous: &str) -> Result<(), String> {
        #[cfg(target_os = "linux")]
        match self {
            Quiet::Xfce => linux::xfce_write(previous),
            Quiet::Inhibit => {
                linux::uninhibit();
                Ok(())
            }
            Quiet::Gnome => linux::gnome_write(previous),
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = previous;
            Ok(())
        }
    }
}

/// What the database keeps: `way:value`.
fn encode(way: Quiet, previous: &str) -> String {
    format!("{}:{previous}", way.name())
}

fn decode(kept: &str) -> Option<(Quiet, &str)> {
    let (way, value) = kept.split_once(':')?;
    let way = [Quiet::Xfce, Quiet::Inhibit, Quiet::Gnome].into_iter().find(|q| q.name() == way)?;
    Some((way, value))
}

/// Whether this desktop lets Sanctum turn do-not-disturb on; the reason when it does not.
pub fn available() -> Result<(), String> {
    Quiet::detect().map(|_| ())
}

/// Quiet while `in_focus` (and the setting is on), as the user had it otherwise.
pub fn follow(kept: &dyn Kept, in_focus: bool, wanted: bool) {
    match (in_focus && wanted, kept.get()) {
        (true, None) => {
            let Ok(way) = Quiet::detect() else { return };
            let Ok(current) = way.current() else { return };
            // Kept before the change: a crash right after it still puts the desktop back.
            if kept.set(Some(&encode(way, &current))) {
                if let Err(e) = way.quieten() {
                    eprintln!("sanctum: do-not-disturb: {e}");
                    kept.set(None);
                }
            }
        }
        // An inhibition lives with the process that asked for it: one that this process does
        // not hold (another Sanctum process handed over, or crashed) is asked for again.
        (true, Some(k)) => {
            if let Some((Quiet::Inhibit, _)) = decode(&k) {
                if !Quiet::holds_inhibition() {
                    if let Err(e) = Quiet::Inhibit.quieten() {
                        eprintln!("sanctum: do-not-disturb: {e}");
                    }
                }
            }
        }
        (false, Some(k)) => restore_to(kept, &k),
        (false, None) => {}
    }
}

/// Puts the desktop back if Sanctum quietened it.
pub fn restore(kept: &dyn Kept) {
    if let Some(k) = kept.get() {
        restore_to(kept, &k);
    }
}

fn restore_to(kept: &dyn Kept, k: &str) {
    // Something this build cannot read is dropped rather than retried forever.
    let done = match decode(k) {
        Some((way, previous)) => way.put_back(previous),
        None => Ok(()),
    };
    match done {
        Ok(()) => {
            kept.set(None);
        }
        Err(e) => eprintln!("sanctum: could not put do-not-disturb back: {e}"),
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::process::Command;
    use std::sync::Mutex;
    use std::time::Duration;

    use dbus::blocking::stdintf::org_freedesktop_dbus::Properties;
    use dbus::blocking::Connection;

    const GNOME_SCHEMA: &str = "org.gnome.desktop.notifications";
    const GNOME_KEY: &str = "show-banners";
    const XFCE_CHANNEL: &str = "xfce4-notifyd";
    const XFCE_PROPERTY: &str = "/do-not-disturb";
    const NOTIFICATIONS: &str = "org.freedesktop.Notifications";
    const NOTIFICATIONS_PATH: &str = "/org/freedesktop/Notifications";
    const WAIT: Duration = Duration::from_secs(2);

    fn run(program: &str, args: &[&str]) -> Result<String, String> {
        let out = Command::new(program)
            .args(args)
            .output()
            .map_err(|_| format!("this desktop has no {program}"))?;
        if !out.status.success() {
            // Some tools say why on standard output.
            let mut why = String::from_utf8_lossy(&out.stderr).trim().to_string();
            why.push_str(String::from_utf8_lossy(&out.stdout).trim());
            return Err(why);
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    pub fn gnome_read() -> Result<String, String> {
        run("gsettings", &["get", GNOME_SCHEMA, GNOME_KEY])
            .map_err(|_| "this desktop has no GNOME, KDE or XFCE do-not-disturb".to_string())
    }

    pub fn gnome_write(value: &str) -> Result<(), String> {
        run("gsettings", &["set", GNOME_SCHEMA, GNOME_KEY, value]).map(|_| ())
    }

    /// XFCE's daemon setting; never set yet reads as off.
    pub fn xfce_read() -> Result<String, String> {
        match run("xfconf-query", &["-c", XFCE_CHANNEL, "-p", XFCE_PROPERTY]) {
            Ok(v) => Ok(v),
            Err(e) if e.contains("does not exist") => Ok("false".to_string()),
            Err(e) => Err(e),
        }
    }

    pub fn xfce_write(value: &str) -> Result<(), String> {
        let value = if value == "true" { "true" } else { "false" };
        run(
            "xfconf-query",
            &["-c", XFCE_CHANNEL, "-p", XFCE_PROPERTY, "-n", "-t", "bool", "-s", value],
        )
        .map(|_| ())
    }

    /// The bus connection that holds the inhibition (it ends when the connection does) and the
    /// server's cookie for it.
    static INHIBITION: Mutex<Option<(Connection, u32)>> = Mutex::new(None);

    /// Whether a running notification server offers `Inhibit` (it has the `Inhibited`
    /// property). A server that is not running is not started for the question.
    pub fn inhibit_offered() -> bool {
        let Ok(bus) = Connection::new_session() else { return false };
        let daemon = bus.with_proxy("org.freedesktop.DBus", "/org/freedesktop/DBus", WAIT);
        let running: Result<(bool,), _> =
            daemon.method_call("org.freedesktop.DBus", "NameHasOwner", (NOTIFICATIONS,));
        if !matches!(running, Ok((true,))) {
            return false;
        }
        let server = bus.with_proxy(NOTIFICATIONS, NOTIFICATIONS_PATH, WAIT);
        server.get::<bool>(NOTIFICATIONS, "Inhibited").is_ok()
    }

    pub fn inhibit() -> Result<(), String> {
        let bus = Connection::new_session().map_err(|e| format!("session bus: {e}"))?;
        let server = bus.with_proxy(NOTIFICATIONS, NOTIFICATIONS_PATH, WAIT);
        let hints = dbus::arg::PropMap::new();
        let (cookie,): (u32,) = server
            .method_call(NOTIFICATIONS, "Inhibit", ("sanctum", "Focus time", hints))
            .map_err(|e| format!("the notification server refused to be quiet: {e}"))?;
        drop(server);
        if let Ok(mut held) = INHIBITION.lock() {
            *held = Some((bus, cookie));
        }
        Ok(())
    }

    pub fn holds_inhibition() -> bool {
        INHIBITION.lock().is_ok_and(|held| held.is_some())
    }

    /// Ends the inhibition this process holds; one from a run that crashed ended with it.
    pub fn uninhibit() {
        let held = INHIBITION.lock().ok().and_then(|mut h| h.take());
        if let Some((bus, cookie)) = held {
            let server = bus.with_proxy(NOTIFICATIONS, NOTIFICATIONS_PATH, WAIT);
            let _: Result<(), _> = server.method_call(NOTIFICATIONS, "UnInhibit", (cookie,));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_kept_reads_back_and_unknown_ways_are_dropped() {
        for way in [Quiet::Xfce, Quiet::Inhibit, Quiet::Gnome] {
            let kept = encode(way, "true");
            assert_eq!(decode(&kept), Some((way, "true")));
        }
        assert_eq!(decode("inhibit:"), Some((Quiet::Inhibit, "")));
        assert_eq!(decode("true"), None);
        assert_eq!(decode("cosmic:on"), None);
    }
}
