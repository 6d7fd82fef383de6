//! Focus blocks in the real app: plan one in the week planner, answer "how did it go?", see the
//! figures change, export the calendar file; the running block's countdown, title and the
//! "during focus" flag; and a heads-up notification really sent over D-Bus.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Utc};
use sanctum_core::focus::{NewFocusBlock, OccurrenceOutcome, Repeat, WEEK};
use sanctum_e2e::{eventually, App, ENTER};

fn utc_zone(store: &sanctum_core::Store) {
    store.set_setting("timezone", "UTC").unwrap();
}

/// A block every day of the week from `start` to `end` UTC, running since January.
fn daily_block(title: &str, intention: &str, start: (u32, u32), end: (u32, u32)) -> NewFocusBlock {
    NewFocusBlock {
        title: title.into(),
        intention: intention.into(),
        repeat: Repeat::Weekly { days: WEEK.to_vec() },
        start: NaiveTime::from_hms_opt(start.0, start.1, 0).unwrap(),
        end: NaiveTime::from_hms_opt(end.0, end.1, 0).unwrap(),
        timezone: "UTC".into(),
        active_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        active_until: None,
        paused: false,
    }
}

#[tokio::test]
async fn a_block_planned_in_the_planner_is_drawn_answered_and_counted() {
    let app = App::start_with(utc_zone).await;
    app.find("[data-screen=planner]").await.click().await.unwrap();
    app.find("#block-new").await.click().await.unwrap();
    app.type_into("#block-form [name=title]", "Strategy").await;
    app.find("#block-form .save").await.click().await.unwrap();
    app.wait_text("#block-error", "days: choose at least one weekday").await;

    app.type_into("#block-form [name=intention]", "Q1 roadmap").await;
    for day in
        app.client.find_all(sanctum_e2e::Locator::Css("#block-form [name=day]")).await.unwrap()
    {
        day.click().await.unwrap();
    }
    app.find("#block-form .save").await.click().await.unwrap();

    let today = Utc::now().date_naive();
    let left_in_week = 7 - today.weekday().num_days_from_monday() as usize;
    app.wait_count(".week-grid .occurrence", left_in_week).await;
    let blocks = app.store().blocks().unwrap();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].spec.repeat, Repeat::Weekly { days: WEEK.to_vec() });
    assert_eq!(
        (blocks[0].spec.start.to_string(), blocks[0].spec.end.to_string()),
        ("13:00:00".into(), "17:00:00".into())
    );
    assert_eq!(blocks[0].spec.intention, "Q1 roadmap");
    let planned = left_in_week * 4;
    app.wait_text("#plan-summary", &format!("Planned {planned}h of 8h target · held 0m")).await;
    assert!(app.text("#block-list").await.contains("Strategy"));

    let occurrence = format!(".week-grid .occurrence[data-date='{today}']");
    app.find(&occurrence).await.click().await.unwrap();
    app.type_into("#occurrence-panel [name=minutes_lost]", "60").await;
    app.type_into("#occurrence-panel [name=reason]", "vendor escalation").await;
    app.find("#occurrence-panel .shortened").await.click().await.unwrap();
    app.wait_text("#plan-summary", "held 3h · kept 0 · shortened 1").await;
    app.wait_text(&occurrence, "shortened 1h").await;
    let o = app.store().occurrence(blocks[0].id, today).unwrap();
    assert_eq!(
        o.outcome,
        Some(OccurrenceOutcome::Shortened {
            minutes_lost: 60,
            reason: Some("vendor escalation".into())
        })
    );

    // Move today's occurrence to the morning: the series stays, the week's plan shrinks by 1 h.
    app.js("document.querySelector('#occurrence-panel [name=move_start]').value = '09:00';").await;
    app.js("document.querySelector('#occurrence-panel [name=move_end]').value = '12:00';").await;
    app.find("#occurrence-panel .move-save").await.click().await.unwrap();
    app.wait_text("#plan-summary", &format!("Planned {}h of 8h target · held 2h", planned - 1))
        .await;
    app.wait_text(&occurrence, "09:00–12:00").await;
    let moved = app.store().occurrence(blocks[0].id, today).unwrap();
    assert!(moved.moved);
    assert_eq!(moved.start, today.and_hms_opt(9, 0, 0).unwrap().and_utc());
    let tomorrow = app.store().occurrence(blocks[0].id, today.succ_opt().unwrap());
    if let Ok(next) = tomorrow {
        assert_eq!(
            next.start.time(),
            NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            "series unchanged"
        );
    }

    let path = app.chosen_dir().join("focus-time.ics");
    app.find("#export-ics").await.click().await.unwrap();
    app.wait_text("#export-status", "Saved").await;
    let ics = std::fs::read_to_string(&path).unwrap();
    assert!(ics.contains("RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO,TU,WE,TH,FR,SA,SU"), "{ics}");
    assert!(ics.contains("SUMMARY:Focus time: Strategy"));

    app.screenshot("planner").await;
    app.stop().await;
}

/// The planner redraws only what changed: a fire logged today (by another process, the
/// command line) redraws today's column with its count; the other days' columns are kept.
#[tokio::test]
async fn a_fire_logged_today_redraws_only_todays_column() {
    let app = App::start_with(|s: &sanctum_core::Store| {
        utc_zone(s);
        // All day, so the fire's mark fits the hours shown whatever the time (a later hour
        // would widen every column).
        s.add_block(daily_block("Strategy", "roadmap", (0, 0), (23, 59)), Utc::now()).unwrap();
    })
    .await;
    app.find("[data-screen=planner]").await.click().await.unwrap();
    let today = Utc::now().date_naive();
    app.wait_count(".week-grid .day", 7).await;
    app.js("for (const d of document.querySelectorAll('.week-grid .day')) d.dataset.kept = 'yes'; return 1")
        .await;
    sanctum_core::Sanctum::new(&app.store(), Utc::now())
        .log_fire("@Sam slack 5m logged elsewhere")
        .unwrap();
    let fires = format!(".week-grid .day[data-date='{today}'] .day-head .fires");
    app.wait_text(&fires, "1 fire").await;
    let kept = app
        .js("return [...document.querySelectorAll('.week-grid .day')].map((d) => [d.dataset.date, d.dataset.kept ?? null])")
        .await;
    for day in kept.as_array().unwrap() {
        let (date, kept) = (day[0].as_str().unwrap(), day[1].as_str());
        if date == today.to_string() {
            assert_eq!(kept, None, "today's column shows the new fire: drawn again");
        } else {
            assert_eq!(kept, Some("yes"), "{date}: nothing changed there, the column was kept");
        }
    }
    drop(app);
}

#[tokio::test]
async fn a_running_block_shows_its_countdown_and_flags_fires_during_focus() {
    let app = App::start_with(|store| {
        utc_zone(store);
        let block = daily_block("All day deep work", "write the ops strategy", (0, 0), (23, 59));
        store.add_block(block, Utc::now()).unwrap();
    })
    .await;
    app.wait_text("#focus-now-text", "In focus: All day deep work until 23:59").await;
    app.wait_text("#focus-countdown", "left").await;
    // In minutes, which is what the page repaints for (once a minute, not every second).
    let left = app.text("#focus-countdown").await;
    let now = Utc::now();
    let minutes = (23 - now.hour()) * 60 + (59 - now.minute());
    let expected = [minutes, minutes + 1].map(|m| {
        let (h, m) = (m / 60, m % 60);
        match (h, m) {
            (0, m) => format!("{m}m left"),
            (h, 0) => format!("{h}h left"),
            (h, m) => format!("{h}h{m:02}m left"),
        }
    });
    assert!(expected.contains(&left), "{left:?} is one of {expected:?}");
    let status = app.find("#status-line").await.prop("value").await.unwrap().unwrap();
    assert_eq!(status, "I'm in focus time until 23:59, back at 23:59. If it's urgent, call me.");
    let client = &app.client;
    eventually("the window title to show the block", || async {
        client.title().await.map(|t| t.contains("in focus: All day deep work")).unwrap_or(false)
            || window_title_has("in focus: All day deep work")
    })
    .await;

    app.type_into("#quicklog", &format!("@Sam slack 10m vendor ping{ENTER}")).await;
    app.wait_count("#log-body tr", 1).await;
    assert_eq!(app.text("#log-body tr .when .during-focus").await, "during focus");
    assert!(app.store().list_interruptions(&Default::default()).unwrap()[0].during_focus);
    app.screenshot("focus-running").await;
    app.stop().await;
}

/// The X window title, read with xdotool (WebDriver's title is the page's, not the window's).
fn window_title_has(needle: &str) -> bool {
    Command::new("xdotool")
        .args(["search", "--name", needle])
        .output()
        .map(|o| o.status.success() && !o.stdout.is_empty())
        .unwrap_or(false)
}

#[tokio::test]
async fn a_heads_up_notification_is_sent_before_a_block() {
    // The heads-up is due at the next whole minute; keep the block inside one day.
    let mut now = Utc::now();
    if now.hour() == 23 && now.minute() >= 55 {
        tokio::time::sleep(Duration::from_secs(
            u64::from(61 - now.second()) + 60 * u64::from(59 - now.minute()),
        ))
        .await;
        now = Utc::now();
    }
    let next_minute =
        now.with_second(0).unwrap().with_nanosecond(0).unwrap() + chrono::Duration::minutes(1);
    let start = next_minute + chrono::Duration::minutes(1);
    let title = "Heads-up test";

    let log = tempfile::NamedTempFile::new().unwrap();
    let mut monitor = Command::new("dbus-monitor")
        .args(["--session", "interface='org.freedesktop.Notifications',member='Notify'"])
        .stdout(log.reopen().unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-monitor (package dbus) under a D-Bus session");

    let app = App::start_with(|store| {
        utc_zone(store);
        store.set_setting("heads_up", "1m").unwrap();
        store.set_setting("notify_start", "off").unwrap();
        store.set_setting("break_every", "0").unwrap();
        let block = NewFocusBlock {
            title: title.into(),
            intention: String::new(),
            repeat: Repeat::Once { date: start.date_naive() },
            start: start.time(),
            end: (start + chrono::Duration::minutes(1)).time(),
            timezone: "UTC".into(),
            active_from: start.date_naive(),
            active_until: None,
            paused: false,
        };
        store.add_block(block, now).unwrap();
    })
    .await;

    let expected = format!("Focus block at {}: {title}", start.format("%H:%M"));
    let deadline = Instant::now() + Duration::from_secs(150);
    let seen = loop {
        let text = std::fs::read_to_string(log.path()).unwrap_or_default();
        if text.contains(&expected) {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "no Notify call with {expected:?} on the session bus:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(seen.contains("Starts in 1 min. Close Slack"), "{seen}");
    assert!(seen.contains("string \"Sanctum\""), "sent with the app's name: {seen}");
    let _ = monitor.kill();
    let _ = monitor.wait();
    app.stop().await;
}

#[tokio::test]
async fn blocks_are_edited_paused_refused_when_overlapping_and_deleted() {
    let app = App::start_with(|store| {
        utc_zone(store);
        store.add_block(daily_block("Strategy", "", (13, 0), (17, 0)), Utc::now()).unwrap();
    })
    .await;
    app.find("[data-screen=planner]").await.click().await.unwrap();
    app.wait_count(".week-grid .occurrence", 7).await;

    app.find("#block-list li .edit").await.click().await.unwrap();
    let title = app.find("#block-form [name=title]").await;
    assert_eq!(title.prop("value").await.unwrap().as_deref(), Some("Strategy"));
    title.clear().await.unwrap();
    title.send_keys("Deep work").await.unwrap();
    app.js("document.querySelector('#block-form [name=end]').value = '16:00';").await;
    app.find("#block-form .save").await.click().await.unwrap();
    app.wait_text("#block-list", "Deep work").await;
    assert!(app.text("#block-list").await.contains("13:00–16:00"));
    let b = app.store().blocks().unwrap().remove(0);
    assert_eq!(
        (b.spec.title.as_str(), b.spec.end.to_string()),
        ("Deep work", "16:00:00".to_string())
    );

    app.find("#block-new").await.click().await.unwrap();
    app.type_into("#block-form [name=title]", "Clash").await;
    app.find("#block-form [name=day][value=Wed]").await.click().await.unwrap();
    app.js("document.querySelector('#block-form [name=start]').value = '15:00'; document.querySelector('#block-form [name=end]').value = '18:00';").await;
    app.find("#block-form .save").await.click().await.unwrap();
    app.wait_text("#block-error", "start: overlaps the block 'Deep work' (13:00–16:00)").await;
    app.find("#block-cancel").await.click().await.unwrap();
    assert_eq!(app.store().blocks().unwrap().len(), 1);

    app.find("#block-list li .pause").await.click().await.unwrap();
    app.wait_count(".week-grid .occurrence", 0).await;
    assert!(app.store().blocks().unwrap()[0].spec.paused);
    app.wait_text("#block-list li .pause", "Resume").await;
    app.find("#block-list li .pause").await.click().await.unwrap();
    app.wait_count(".week-grid .occurrence", 7).await;

    app.find("#block-list li .delete").await.click().await.unwrap();
    app.answer_confirm("Delete the focus block \"Deep work\"", false).await;
    assert_eq!(app.store().blocks().unwrap().len(), 1, "Cancel keeps the block");
    app.find("#block-list li .delete").await.click().await.unwrap();
    app.answer_confirm("Delete the focus block \"Deep work\"", true).await;
    app.wait_count(".week-grid .occurrence", 0).await;
    assert!(app.store().blocks().unwrap().is_empty());
    app.stop().await;
}

#[tokio::test]
async fn focus_is_started_and_ended_from_the_page() {
    let app = App::start_with(utc_zone).await;
    if Utc::now().time() >= NaiveTime::from_hms_opt(23, 58, 0).unwrap() {
        // No room for a block before midnight: the page says so instead.
        app.find("[data-screen=planner]").await.click().await.unwrap();
        app.find("#start-focus").await.click().await.unwrap();
        app.wait_text("#banner", "midnight").await;
        return;
    }
    app.find("[data-screen=planner]").await.click().await.unwrap();
    app.find("#start-focus").await.click().await.unwrap();
    app.wait_text("#focus-now-text", "In focus: Focus until").await;
    let hidden = app.js("return document.getElementById('start-focus').hidden").await;
    assert_eq!(hidden, serde_json::json!(true), "no second start while in focus");
    app.find("#end-focus").await.click().await.unwrap();
    let store = app.store();
    eventually("the block to be ended as shortened", || async {
        let block = store.blocks().unwrap();
        block.first().is_some_and(|b| {
            store
                .occurrence(b.id, Utc::now().date_naive())
                .is_ok_and(|o| matches!(o.outcome, Some(OccurrenceOutcome::Shortened { .. })))
        })
    })
    .await;
    eventually("the in-focus bar to go", || async {
        app.js("return document.getElementById('focus-now').hidden").await
            == serde_json::json!(true)
    })
    .await;
    drop(app);
}
