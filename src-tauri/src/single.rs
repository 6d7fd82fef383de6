//! One Sanctum per login session, on Linux: the first launch owns a name on the session bus;
//! a later launch hands its arguments to that one and exits, before it starts GTK or WebKit.
//!
//! This does over libdbus (already linked for do-not-disturb and the keyring) what
//! tauri-plugin-single-instance does over zbus: that plugin was the last user of zbus and its
//! async runtime in the app, one of whose threads woke twice a second while idle, and they
//! weighed 0.9 MB of the 17 MB binary (docs/performance.md). Other platforms keep the plugin.

use std::time::Duration;

use dbus::blocking::Connection;
use dbus::channel::MatchingReceiver;
use dbus::message::MatchRule;

const INTERFACE: &str = "org.sanctum.SingleInstance";
const PATH: &str = "/org/sanctum/SingleInstance";
const METHOD: &str = "Launched";

/// What a launch found on the session bus.
pub enum Claim {
    /// This is the only Sanctum: it serves the name over this connection.
    First(Box<Connection>),
    /// Another Sanctum runs and has this launch's arguments: exit.
    Handed,
    /// No session bus (or it refused): carry on alone.
    NoBus(String),
}

/// Claims `{identifier}.SingleInstance` on the session bus, or hands this launch's arguments
/// to the Sanctum that holds it.
pub fn claim(identifier: &str) -> Claim {
    let conn = match Connection::new_session() {
        Ok(c) => c,
        Err(e) => return Claim::NoBus(e.to_string()),
    };
    let name = format!("{identifier}.SingleInstance");
    use dbus::blocking::stdintf::org_freedesktop_dbus::RequestNameReply;
    match conn.request_name(name.as_str(), false, false, true) {
        Ok(RequestNameReply::PrimaryOwner | RequestNameReply::AlreadyOwner) => {
            Claim::First(Box::new(conn))
        }
        Ok(_) => {
            let args: Vec<String> = std::env::args().collect();
            let proxy = conn.with_proxy(name.as_str(), PATH, Duration::from_secs(10));
            match proxy.method_call::<(), _, _, _>(INTERFACE, METHOD, (args,)) {
                Ok(()) => Claim::Handed,
                // The other one is stuck or going away: better two than none.
                Err(e) => Claim::NoBus(format!("the running Sanctum did not answer ({e})")),
            }
        }
        Err(e) => Claim::NoBus(e.to_string()),
    }
}

/// Serves later launches on a thread of its own, which sleeps until a call comes:
/// `on_launch` gets each one's arguments.
pub fn serve(conn: Box<Connection>, on_launch: impl Fn(Vec<String>) + Send + 'static) {
    let spawned = std::thread::Builder::new().name("sanctum-instance".into()).spawn(move || {
        let rule = MatchRule::new_method_call().with_path(PATH).with_interface(INTERFACE);
        conn.start_receive(
            rule,
            Box::new(move |msg, conn| {
                if msg.member().as_deref() == Some(METHOD) {
                    on_launch(msg.read1::<Vec<String>>().unwrap_or_default());
                }
                let _ = dbus::channel::Sender::send(conn, msg.method_return());
                true
            }),
        );
        loop {
            if let Err(e) = conn.process(Duration::from_secs(24 * 3600)) {
                eprintln!("sanctum: the session bus went away ({e}); a second launch opens a second Sanctum");
                return;
            }
        }
    });
    if let Err(e) = spawned {
        eprintln!("sanctum: {e}");
    }
}
