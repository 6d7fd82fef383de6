//! The tray icon on a real session bus (a private `dbus-daemon`), read and clicked by a tray
//! host written against the specifications (`tests/oracle/desktop_bus.py`): it registers, even
//! with a host that comes later; its menu follows the state; a click reaches the app's choice.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(target_os = "linux")]

use std::sync::mpsc::channel;
use std::time::Duration;

use chrono::DateTime;
use sanctum_core::api::guard::GuardStatus;
use sanctum_desktop::stand_in::{DesktopBus, PrivateBus};
use sanctum_desktop::tray::{Choice, Tray};

fn labels(menu: &serde_json::Value) -> Vec<(String, bool)> {
    menu.as_array()
        .unwrap()
        .iter()
        .map(|e| (e["label"].as_str().unwrap().to_string(), e["enabled"].as_bool().unwrap()))
        .collect()
}

fn menu(host: &mut DesktopBus) -> Vec<(String, bool)> {
    host.clear();
    host.send("menu");
    labels(&host.wait_for("the menu", Duration::from_secs(10), |v| v.get("menu").is_some())["menu"])
}

#[test]
fn the_icon_registers_follows_the_state_and_passes_clicks_on() {
    // A bus of its own: this test binary has one test.
    let bus = PrivateBus::start();

    let (chosen, choices) = channel();
    // The icon comes first, the tray host after it (as when the panel restarts).
    let tray = Tray::start(move |c| chosen.send(c).unwrap()).unwrap();
    let mut host = DesktopBus::start("tray");
    host.wait_for("the icon to register", Duration::from_secs(10), |v| {
        v.get("registered").is_some()
    });

    let first = menu(&mut host);
    assert_eq!(first[0], ("No focus planned".to_string(), false), "{first:?}");
    assert!(first.contains(&("Start focus now".to_string(), true)), "{first:?}");
    assert!(first.contains(&("End focus now".to_string(), false)), "{first:?}");

    tray.show(&GuardStatus {
        line: "In focus until 17:00 — q4_plan".to_string(),
        in_focus: true,
        reminders_paused_until: Some(
            DateTime::parse_from_rfc3339("2026-12-07T18:00:00Z").unwrap().to_utc(),
        ),
    });
    let now = menu(&mut host);
    assert_eq!(
        now[0].0, "In focus until 17:00 — q4_plan · reminders paused",
        "an underscore in a title is shown, not taken for an access key"
    );
    assert!(now.contains(&("Start focus now".to_string(), false)), "{now:?}");
    assert!(now.contains(&("Resume reminders".to_string(), true)), "{now:?}");

    host.send("click End focus now");
    assert_eq!(choices.recv_timeout(Duration::from_secs(5)).unwrap(), Choice::End);
    host.send("click Log a fire");
    assert_eq!(choices.recv_timeout(Duration::from_secs(5)).unwrap(), Choice::Log);
    // A disabled item does nothing (the host refuses to click it, and so would the icon).
    host.send("click Start focus now");
    host.wait_for("the refusal", Duration::from_secs(5), |v| v.get("error").is_some());
    assert!(choices.recv_timeout(Duration::from_millis(500)).is_err());

    drop(host);
    drop(bus);
}
