//! `sanctum guard` on a private session bus: one guard at a time, none while the app runs,
//! and a handover that answers with the last round and ends the guard.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]
#![cfg(target_os = "linux")]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dbus::blocking::Connection;
use sanctum_desktop::guard::{take_over, APP_BUS_NAME, BUS_NAME};
use sanctum_desktop::stand_in::PrivateBus;

fn guard(data: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sanctum"))
        .arg("guard")
        .env("SANCTUM_DATA_DIR", data)
        // No display: no shortcut, which this test does not need.
        .env_remove("DISPLAY")
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn exits_within(child: &mut Child, within: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn owned(conn: &Connection, name: &str) -> bool {
    let bus =
        conn.with_proxy("org.freedesktop.DBus", "/org/freedesktop/DBus", Duration::from_secs(5));
    let (has,): (bool,) = bus.method_call("org.freedesktop.DBus", "NameHasOwner", (name,)).unwrap();
    has
}

#[test]
fn one_guard_at_a_time_none_beside_the_app_and_a_handover_ends_it() {
    // A bus of its own: this binary has one test.
    let bus = PrivateBus::start();
    let conn = Connection::new_session().unwrap();
    let data = tempfile::tempdir().unwrap();

    let mut first = guard(data.path());
    let deadline = Instant::now() + Duration::from_secs(20);
    while !owned(&conn, BUS_NAME) {
        assert!(Instant::now() < deadline, "the guard never took its name");
        assert!(first.try_wait().unwrap().is_none(), "the guard exited");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut second = guard(data.path());
    let status = exits_within(&mut second, Duration::from_secs(10)).expect("a second guard ends");
    assert!(status.success(), "{status}");
    assert!(first.try_wait().unwrap().is_none(), "the first one carries on");

    // Its first round has run by now (the icon and the loop start together).
    std::thread::sleep(Duration::from_millis(500));
    let before = chrono::Utc::now();
    let since = take_over().expect("the guard answers the handover");
    assert!(since <= before && before - since < chrono::Duration::seconds(60), "{since}");
    let status = exits_within(&mut first, Duration::from_secs(10)).expect("the guard ends");
    assert!(status.success(), "{status}");
    assert!(!owned(&conn, BUS_NAME));
    assert_eq!(take_over(), None, "no guard, no handover");

    // While the app runs (it holds its one-instance name), a guard leaves the guarding to it.
    conn.request_name(APP_BUS_NAME, false, false, true).unwrap();
    let mut beside_app = guard(data.path());
    let status = exits_within(&mut beside_app, Duration::from_secs(10)).expect("it leaves at once");
    assert!(status.success(), "{status}");

    drop(bus);
}
