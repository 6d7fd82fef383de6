//! Sanctum after its window closes, in the real app: the window, its WebKit processes and the
//! app's process go, and `sanctum guard` (no GTK, no WebKit) takes over and keeps every
//! reminder; a notification's button answers a block; a later launch takes the guarding back;
//! the tray menu works over D-Bus (a StatusNotifierWatcher stands in for the desktop's tray host); a
//! login entry follows the setting; the desktop is quiet during focus and put back, even after
//! `kill -9`; and the shortcut over an open dialog logs a fire. The desktop's side is played by
//! `tests/oracle/desktop_bus.py`, written against the freedesktop specifications.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::process::Command;
use std::time::Duration;

use chrono::{DateTime, Duration as Span, DurationRound, NaiveTime, Utc};
use sanctum_core::focus::{NewFocusBlock, OccurrenceOutcome, Repeat};
use sanctum_core::{Sanctum, Store};
use sanctum_e2e::{
    app_binary, app_pid, children_named, eventually, guard_pid, App, DesktopBus, ENTER,
};

const WEB_PROCESS: &str = "WebKitWebProces";

fn once(title: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> NewFocusBlock {
    NewFocusBlock {
        title: title.into(),
        intention: "<b>not bold</b>".into(),
        repeat: Repeat::Once { date: start.date_naive() },
        start: start.time(),
        end: end.time(),
        timezone: "UTC".into(),
        active_from: start.date_naive(),
        active_until: None,
        paused: false,
    }
}

fn alive(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z ")
}

/// Closes the window as the window manager's close button does (a close request).
async fn close_window(app: &App) {
    let _ = app
        .client
        .execute("window.__TAURI__.window.getCurrentWindow().close(); return true;", vec![])
        .await;
}

#[tokio::test]
async fn closing_the_window_keeps_guarding_and_a_notification_button_answers_the_block() {
    let mut notes = DesktopBus::start("notifications");
    // A block that starts at the next whole minute (at least 20 s away) and lasts a minute.
    let now = Utc::now();
    let mut start = now.duration_trunc(Span::minutes(1)).unwrap() + Span::minutes(1);
    if start - now < Span::seconds(5) {
        start += Span::minutes(1);
    }
    if start.time() >= NaiveTime::from_hms_opt(23, 58, 0).unwrap() {
        eprintln!("too close to midnight for a one-off block; skipping nothing, waiting");
        tokio::time::sleep(Duration::from_secs(180)).await;
        start = Utc::now().duration_trunc(Span::minutes(1)).unwrap() + Span::minutes(1);
    }
    let end = start + Span::minutes(1);
    let app = App::start_with(|s: &Store| {
        s.set_setting("heads_up", "0").unwrap();
        s.add_block(once("Strategy", start, end), now).unwrap();
    })
    .await;
    let pid = app.pid();
    eventually("the window's WebKit process", || async {
        !children_named(pid, WEB_PROCESS).is_empty()
    })
    .await;

    close_window(&app).await;
    eventually("the WebKit process to end with the window", || async {
        children_named(pid, WEB_PROCESS).is_empty()
    })
    .await;
    eventually("the app's process to hand over and end", || async { !alive(pid) }).await;
    let data_dir = app.data_dir().to_path_buf();
    eventually("the guard to run", || async { guard_pid(&data_dir).is_some() }).await;
    let guard = guard_pid(&data_dir).unwrap();
    let explained = notes.wait_for("the first-close notice", Duration::from_secs(10), |v| {
        v["notify"]["summary"].as_str().is_some_and(|s| s.contains("keeps guarding"))
    });
    assert!(explained["notify"]["body"].as_str().unwrap().contains("tray"), "{explained}");
    let mapped = std::fs::read_to_string(format!("/proc/{guard}/maps")).unwrap();
    for toolkit in ["libgtk", "libwebkit"] {
        assert!(!mapped.contains(toolkit), "the guard maps no {toolkit}");
    }

    // The block starts and ends with no window: both notifications come.
    let started = notes.wait_for("the start notification", Duration::from_secs(100), |v| {
        v["notify"]["summary"] == "Focus time: Strategy"
    });
    assert!(
        started["notify"]["body"].as_str().unwrap().contains("&lt;b&gt;not bold&lt;/b&gt;"),
        "user text is escaped for the notification server's markup: {started}"
    );
    let ended = notes.wait_for("the end notification", Duration::from_secs(100), |v| {
        v["notify"]["summary"] == "Focus block ended: Strategy"
    });
    let actions = ended["notify"]["actions"].as_array().unwrap();
    for a in ["kept", "shortened", "broken", "default"] {
        assert!(actions.contains(&serde_json::json!(a)), "{a} in {ended}");
    }
    // The app listens for the button once the notification is up; a person takes longer than
    // this to press it.
    tokio::time::sleep(Duration::from_secs(2)).await;
    notes.send("invoke Focus block ended kept");
    notes.wait_for("the button press", Duration::from_secs(5), |v| v.get("invoked").is_some());
    let store = app.store();
    eventually("the Kept button to answer the block", || async {
        let o = store.occurrence(1, start.date_naive());
        o.is_ok_and(|o| o.outcome == Some(OccurrenceOutcome::Kept))
    })
    .await;

    // A later launch opens the window again and takes the guarding back.
    let mut second =
        Command::new(app_binary()).env("SANCTUM_DATA_DIR", app.data_dir()).spawn().unwrap();
    eventually("the guard to hand over", || async { !alive(guard) }).await;
    eventually("the window to be built again", || async {
        app_pid(&data_dir).is_some_and(|p| !children_named(p, WEB_PROCESS).is_empty())
    })
    .await;
    let _ = second.kill();
    let _ = second.wait();
    drop(app);
}

#[tokio::test]
async fn the_tray_menu_works_without_a_window() {
    let mut tray = DesktopBus::start("tray");
    let app = App::start().await;
    let pid = app.pid();
    tray.wait_for("the tray icon to register", Duration::from_secs(20), |v| {
        v.get("registered").is_some()
    });
    tray.clear();
    close_window(&app).await;
    eventually("the window to go", || async { children_named(pid, WEB_PROCESS).is_empty() }).await;
    // The guard's own icon comes up in the app's place.
    tray.wait_for("the guard's icon to register", Duration::from_secs(20), |v| {
        v.get("registered").is_some()
    });
    let data_dir = app.data_dir().to_path_buf();
    assert!(guard_pid(&data_dir).is_some(), "the guard shows the icon");

    let menu = |tray: &mut DesktopBus| {
        tray.clear();
        tray.send("menu");
        tray.wait_for("the tray menu", Duration::from_secs(10), |v| v.get("menu").is_some())["menu"]
            .clone()
    };
    let labels = |m: &serde_json::Value| -> Vec<String> {
        m.as_array().unwrap().iter().map(|e| e["label"].as_str().unwrap().to_string()).collect()
    };
    let first = menu(&mut tray);
    for wanted in [
        "No focus planned",
        "Log a fire…",
        "Start focus now",
        "End focus now",
        "Open Sanctum",
        "Quit Sanctum",
    ] {
        assert!(labels(&first).iter().any(|l| l == wanted), "{wanted} in {first}");
    }

    tray.send("click Start focus now");
    let store = app.store();
    eventually("focus to be running", || async {
        store.focus_now(Utc::now()).is_ok_and(|f| f.running.is_some())
    })
    .await;
    let mut status = String::new();
    for _ in 0..50 {
        status = labels(&menu(&mut tray))[0].clone();
        if status.starts_with("In focus until") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(status.starts_with("In focus until") && status.ends_with("— Focus"), "{status}");
    // Opened while a block runs, the new window's title says so; the app's icon takes over.
    tray.clear();
    tray.send("click Open Sanctum");
    tray.wait_for("the app's icon to register", Duration::from_secs(30), |v| {
        v.get("registered").is_some()
    });
    eventually("the new window titled with the running block", || async {
        let out = Command::new("xdotool")
            .args(["search", "--name", "^Sanctum — in focus: Focus until"])
            .output()
            .unwrap();
        out.status.success() && !out.stdout.is_empty()
    })
    .await;

    tray.send("click End focus now");
    eventually("the block to be ended as shortened", || async {
        store.focus_now(Utc::now()).is_ok_and(|f| f.running.is_none())
    })
    .await;
    let today = Utc::now().date_naive();
    let ended = store.occurrence(store.blocks().unwrap()[0].id, today).unwrap();
    assert!(matches!(ended.outcome, Some(OccurrenceOutcome::Shortened { .. })), "{ended:?}");

    tray.send("click Pause reminders for 1 hour");
    eventually("reminders to be paused", || async {
        Sanctum::new(&store, Utc::now()).reminders_paused_until().unwrap().is_some()
    })
    .await;

    tray.send("click Quit Sanctum");
    eventually("Sanctum to quit", || async {
        app_pid(&data_dir).is_none() && guard_pid(&data_dir).is_none()
    })
    .await;
    drop(app);
}

#[tokio::test]
async fn the_login_entry_follows_the_setting_and_the_question_is_asked_once() {
    let app = App::start().await;
    app.wait_text("#login-ask", "Start Sanctum when you log in").await;
    let config =
        std::env::var("XDG_CONFIG_HOME").expect("scripts/with-keyring.sh sets a private one");
    let entry = std::path::Path::new(&config).join("autostart/sanctum.desktop");
    app.find("#login-yes").await.click().await.unwrap();
    eventually("the login entry", || async { entry.exists() }).await;
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains("--hidden") && text.contains("sanctum-app"), "{text}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&entry).unwrap().permissions().mode() & 0o777, 0o600);
    // The entry is written first, then the setting and the answer are saved.
    eventually("the setting saved and the question answered", || async {
        let store = app.store();
        store.settings().unwrap().start_at_login
            && !Sanctum::new(&store, Utc::now()).ask_about_login_start().unwrap()
    })
    .await;

    let off = app
        .js("return window.__TAURI__.core.invoke('set_setting', { key: 'start_at_login', value: 'off' }).then(() => true);")
        .await;
    assert_eq!(off, serde_json::json!(true));
    assert!(!entry.exists(), "turned off, the entry is gone");
    let app = app.relaunch().await;
    assert!(app.find("#login-ask").await.attr("hidden").await.unwrap().is_some(), "asked once");
    drop(app);
}

fn banners() -> String {
    let out = Command::new("gsettings")
        .args(["get", "org.gnome.desktop.notifications", "show-banners"])
        .output()
        .expect("gsettings (scripts/setup.sh installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn set_banners(value: &str) {
    let ok = Command::new("gsettings")
        .args(["set", "org.gnome.desktop.notifications", "show-banners", value])
        .status()
        .unwrap();
    assert!(ok.success());
}

#[tokio::test]
async fn the_desktop_is_quiet_during_focus_and_put_back_even_after_a_crash() {
    set_banners("true");
    let now = Utc::now();
    let app = App::start_with(|s: &Store| {
        Sanctum::new(s, now).start_focus_now(None).unwrap();
    })
    .await;
    eventually("do-not-disturb on while the block runs", || async { banners() == "false" }).await;
    // Ended from elsewhere (the command line): the desktop is put back.
    Sanctum::new(&app.store(), Utc::now()).end_focus_now().unwrap();
    eventually("the desktop put back after the block", || async { banners() == "true" }).await;

    // kill -9 mid-block: the value to put back is kept, and the next start puts it back.
    Sanctum::new(&app.store(), Utc::now()).start_focus_now(None).unwrap();
    eventually("do-not-disturb on again", || async { banners() == "false" }).await;
    let pid = app.pid();
    assert!(Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap().success());
    eventually("the app to be gone", || async { !alive(pid) }).await;
    assert_eq!(banners(), "false", "nothing put it back yet");
    assert_eq!(
        Sanctum::new(&app.store(), Utc::now()).dnd_previous().unwrap().as_deref(),
        Some("gnome:true"),
        "the way and the value to put back"
    );
    Sanctum::new(&app.store(), Utc::now()).end_focus_now().unwrap();
    let app = app.relaunch().await;
    eventually("the desktop put back at the next start", || async { banners() == "true" }).await;
    eventually("nothing left to put back", || async {
        Sanctum::new(&app.store(), Utc::now()).dnd_previous().unwrap().is_none()
    })
    .await;
    drop(app);
}

#[tokio::test]
async fn settings_say_when_this_desktop_cannot_be_quietened_and_the_list_comes_first() {
    // No notification server offers Inhibit on the test bus, and with no programs to run there
    // is no gsettings or xfconf-query: nothing can turn do-not-disturb on.
    let nothing = tempfile::tempdir().unwrap();
    let app = App::start_with_env(&[("PATH", nothing.path().to_str().unwrap())]).await;
    // The first screen does not wait for the desktop to be asked.
    app.find("body[data-ready=true]").await;
    assert!(app.js("return document.getElementById('quiet-unavailable').hidden").await == true);
    app.click("[data-screen=settings]").await;
    app.wait_text("#quiet-unavailable", "Do-not-disturb during focus is not available here").await;
    assert!(app.text("#quiet-unavailable").await.contains("no GNOME, KDE or XFCE do-not-disturb"));
    app.stop().await;
    // On a desktop that can (GNOME's setting, as the tests' session has), nothing is said.
    let app = App::start().await;
    app.click("[data-screen=settings]").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(app.js("return document.getElementById('quiet-unavailable').hidden").await == true);
    app.stop().await;
}

#[tokio::test]
async fn the_shortcut_over_the_planning_dialog_logs_a_fire_not_a_priority() {
    let app = App::start_unplanned(|_| {}).await;
    app.wait_text("#plan-dialog", "Plan").await;
    let status = Command::new("xdotool").args(["key", "ctrl+shift+space"]).status().unwrap();
    assert!(status.success(), "xdotool ran");
    app.eventually_focused("#quicklog").await;
    app.type_into("#quicklog", &format!("@Sam slack 5m over the dialog{ENTER}")).await;
    let store = app.store();
    eventually("the fire to be logged", || async { store.count_interruptions().unwrap_or(0) == 1 })
        .await;
    let week = sanctum_core::IsoWeek::containing(Utc::now(), store.zone().unwrap());
    assert!(store.priorities(week).unwrap().is_empty(), "no priority was added");
    let open = app.js("return document.getElementById('plan-dialog').open").await;
    assert_eq!(open, serde_json::json!(true), "the planning dialog is still there");
    drop(app);
}

#[tokio::test]
async fn a_server_that_offers_inhibit_is_quiet_during_focus_and_freed_by_a_crash() {
    // KDE's way: the notification server's Inhibit, held as long as Sanctum's bus connection.
    let mut server = DesktopBus::start("notifications-inhibit");
    set_banners("true");
    let app = App::start().await;
    Sanctum::new(&app.store(), Utc::now()).start_focus_now(None).unwrap();
    let on =
        server.wait_for("the inhibition", Duration::from_secs(20), |v| v.get("inhibit").is_some());
    assert_eq!(on["inhibit"]["app"], "sanctum", "{on}");
    let cookie = on["inhibit"]["cookie"].clone();
    assert_eq!(banners(), "true", "one way at a time: GNOME's setting is left alone");

    Sanctum::new(&app.store(), Utc::now()).end_focus_now().unwrap();
    server.wait_for("the inhibition to end with the block", Duration::from_secs(20), |v| {
        v.get("uninhibit") == Some(&cookie)
    });

    Sanctum::new(&app.store(), Utc::now()).start_focus_now(None).unwrap();
    let on = server.wait_for("a second inhibition", Duration::from_secs(20), |v| {
        v.get("inhibit").is_some_and(|i| i["cookie"] != cookie)
    });
    let pid = app.pid();
    assert!(Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap().success());
    server.wait_for(
        "the server to release a crashed Sanctum's inhibition",
        Duration::from_secs(20),
        |v| v.get("released") == Some(&on["inhibit"]["cookie"]),
    );
    Sanctum::new(&app.store(), Utc::now()).end_focus_now().unwrap();
    let app = app.relaunch().await;
    eventually("nothing left to put back", || async {
        Sanctum::new(&app.store(), Utc::now()).dnd_previous().unwrap().is_none()
    })
    .await;
    drop(app);
}

fn xfce_quiet() -> String {
    let out = Command::new("xfconf-query")
        .args(["-c", "xfce4-notifyd", "-p", "/do-not-disturb"])
        .output()
        .expect("xfconf-query (scripts/setup.sh installs it)");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[tokio::test]
async fn on_xfce_its_own_do_not_disturb_is_turned_on_and_put_back() {
    // Never set before (the usual case): it reads as off and is put back to off.
    let _ = Command::new("xfconf-query")
        .args(["-c", "xfce4-notifyd", "-p", "/do-not-disturb", "-r"])
        .status();
    set_banners("true");
    let app = App::start_on_desktop("XFCE").await;
    Sanctum::new(&app.store(), Utc::now()).start_focus_now(None).unwrap();
    eventually("XFCE's do-not-disturb on", || async { xfce_quiet() == "true" }).await;
    assert_eq!(banners(), "true", "one way at a time: GNOME's setting is left alone");
    Sanctum::new(&app.store(), Utc::now()).end_focus_now().unwrap();
    eventually("XFCE's do-not-disturb put back", || async { xfce_quiet() == "false" }).await;
    drop(app);
}
