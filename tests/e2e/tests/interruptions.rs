//! The interruption log in the real app: quick-log, list, edit, delete and undo, filters, the
//! global shortcut, and user text shown as text.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use sanctum_core::{Channel, InterruptionFilter, Outcome};
use sanctum_e2e::{App, ENTER};

#[tokio::test]
async fn a_quicklog_line_is_stored_listed_and_in_the_database() {
    let app = App::start().await;
    assert_eq!(app.focused_id().await, "quicklog", "the quick-log box has focus on open");

    app.type_into("#quicklog", "@Sam #vendor slack 15m >Priya invoices failing").await;
    app.wait_text("#quicklog-preview", "delegated to Priya").await;
    app.type_into("#quicklog", ENTER).await;

    app.wait_count("#log-body tr", 1).await;
    assert_eq!(app.text("#log-body tr .source").await, "Sam");
    assert_eq!(app.text("#log-body tr .category").await, "#vendor");
    assert_eq!(app.text("#log-body tr .channel").await, "slack");
    assert_eq!(app.text("#log-body tr .minutes").await, "15m");
    assert_eq!(app.text("#log-body tr .outcome").await, "delegated to Priya");
    assert_eq!(app.text("#log-body tr .note").await, "invoices failing");
    assert!(app.text("#status").await.starts_with("Logged #1"));
    assert_eq!(app.find("#quicklog").await.prop("value").await.unwrap().as_deref(), Some(""));
    assert_eq!(app.focused_id().await, "quicklog", "ready for the next fire");

    let stored = app.store().list_interruptions(&InterruptionFilter::default()).unwrap();
    assert_eq!(stored.len(), 1);
    let f = &stored[0].fields;
    assert_eq!(f.source.as_deref(), Some("Sam"));
    assert_eq!(f.category.as_deref(), Some("vendor"));
    assert_eq!(f.channel, Channel::Slack);
    assert_eq!(f.minutes, 15);
    assert_eq!(f.outcome, Outcome::Delegated { to: "Priya".into() });
    assert_eq!(f.note, "invoices failing");

    app.type_into("#quicklog", "@Ana call 30m 1:1 ran over").await;
    app.type_into("#quicklog", ENTER).await;
    app.wait_count("#log-body tr", 2).await;
    app.wait_text("#summary", "2 interruptions, 45m spent").await;
    let shot = app.screenshot("main-window").await;
    assert!(std::fs::metadata(shot).unwrap().len() > 10_000);
    app.stop().await;
}

#[tokio::test]
async fn bad_input_is_refused_with_the_field_named_and_the_text_kept() {
    let app = App::start().await;
    app.type_into("#quicklog", "@Sam slack -5m").await;
    app.wait_text("#quicklog-preview", "minutes: -5 is negative").await;
    app.type_into("#quicklog", ENTER).await;
    app.wait_text("#quicklog-preview", "minutes:").await;
    let input = app.find("#quicklog").await;
    assert_eq!(input.prop("value").await.unwrap().as_deref(), Some("@Sam slack -5m"));
    assert_eq!(input.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(app.store().count_interruptions().unwrap(), 0);
    app.stop().await;
}

#[tokio::test]
async fn an_entry_can_be_edited_deleted_and_restored() {
    let app = App::start().await;
    app.type_into("#quicklog", format!("@Sam email 10m budget question{ENTER}").as_str()).await;
    app.wait_count("#log-body tr", 1).await;

    app.find("#log-body tr .edit").await.click().await.unwrap();
    let minutes = app.find(".edit-form [name=minutes]").await;
    minutes.clear().await.unwrap();
    minutes.send_keys("2000").await.unwrap();
    app.find(".edit-form .save").await.click().await.unwrap();
    app.wait_text(".edit-form .form-error", "minutes: 2000 is more than a day").await;
    assert_eq!(app.store().list_interruptions(&Default::default()).unwrap()[0].fields.minutes, 10);

    minutes.clear().await.unwrap();
    minutes.send_keys("25").await.unwrap();
    app.find(".edit-form [name=outcome]").await.select_by_value("delegated").await.unwrap();
    app.find(".edit-form [name=target]").await.send_keys("Priya").await.unwrap();
    let note = app.find(".edit-form [name=note]").await;
    note.clear().await.unwrap();
    note.send_keys("budget question for Q1").await.unwrap();
    app.find(".edit-form .save").await.click().await.unwrap();
    app.wait_text("#log-body tr .minutes", "25m").await;
    assert_eq!(app.text("#log-body tr .outcome").await, "delegated to Priya");
    assert_eq!(app.text("#log-body tr .note").await, "budget question for Q1");
    let stored = app.store().list_interruptions(&Default::default()).unwrap();
    assert_eq!(stored[0].fields.minutes, 25);
    assert_eq!(stored[0].fields.outcome, Outcome::Delegated { to: "Priya".into() });
    assert_eq!(stored[0].fields.note, "budget question for Q1");

    app.find("#log-body tr .delete").await.click().await.unwrap();
    app.wait_count("#log-body tr", 0).await;
    assert_eq!(app.store().count_interruptions().unwrap(), 0);
    app.wait_text("#toast-text", "Deleted #1").await;
    app.find("#toast-undo").await.click().await.unwrap();
    app.wait_count("#log-body tr", 1).await;
    let back = app.store().interruption(stored[0].id).unwrap();
    assert_eq!(back, stored[0], "undo restores the entry exactly");
    app.stop().await;
}

#[tokio::test]
async fn html_in_a_note_is_shown_as_text() {
    let app = App::start().await;
    let evil = "<img src=x onerror=alert(1)>";
    app.type_into("#quicklog", &format!("@Mallory {evil}{ENTER}")).await;
    app.wait_count("#log-body tr", 1).await;
    assert_eq!(app.text("#log-body tr .note").await, evil);
    assert_eq!(app.js("return document.querySelectorAll('#log-body img').length").await, 0);
    assert!(app.client.get_alert_text().await.is_err(), "no alert was raised");
    assert_eq!(app.store().list_interruptions(&Default::default()).unwrap()[0].fields.note, evil);
    app.stop().await;
}

#[tokio::test]
async fn the_list_filters_by_field_and_searches_text() {
    let app = App::start().await;
    for line in [
        "@Sam #vendor slack 15m >Priya invoices failing",
        "@Ana #people call 30m 1:1 ran over",
        "@Sam #vendor email 5m =no refund request",
    ] {
        app.type_into("#quicklog", &format!("{line}{ENTER}")).await;
    }
    app.wait_count("#log-body tr", 3).await;

    app.find("#filter-channel").await.select_by_value("call").await.unwrap();
    app.wait_count("#log-body tr", 1).await;
    assert_eq!(app.text("#log-body tr .source").await, "Ana");
    app.find("#filter-channel").await.select_by_value("").await.unwrap();
    app.wait_count("#log-body tr", 3).await;

    app.find("#filter-source").await.select_by_value("Sam").await.unwrap();
    app.wait_count("#log-body tr", 2).await;
    app.find("#filter-outcome").await.select_by_value("declined").await.unwrap();
    app.wait_count("#log-body tr", 1).await;
    assert_eq!(app.text("#log-body tr .note").await, "refund request");
    app.find("#filter-source").await.select_by_value("").await.unwrap();
    app.find("#filter-outcome").await.select_by_value("").await.unwrap();

    app.type_into("#filter-text", "invoices").await;
    app.wait_count("#log-body tr", 1).await;
    assert_eq!(app.text("#log-body tr .note").await, "invoices failing");

    app.find("#filter-text").await.clear().await.unwrap();
    app.find("#filter-category").await.select_by_value("people").await.unwrap();
    app.wait_count("#log-body tr", 1).await;
    app.find("#filter-category").await.select_by_value("").await.unwrap();
    app.find("[data-period=today]").await.click().await.unwrap();
    app.wait_count("#log-body tr", 3).await;
    app.find("#week-prev").await.click().await.ok(); // hidden outside the week view
    app.find("[data-period=week]").await.click().await.unwrap();
    app.wait_count("#log-body tr", 3).await;
    app.find("#week-prev").await.click().await.unwrap();
    app.wait_count("#log-body tr", 0).await;
    app.wait_text("#empty", "Nothing logged here yet").await;
    app.stop().await;
}

#[tokio::test]
async fn the_global_shortcut_brings_up_the_quicklog_box() {
    let app = App::start().await;
    assert!(
        app.js("return document.getElementById('banner').hidden").await.as_bool().unwrap(),
        "the shortcut registered without complaint"
    );
    app.find("[data-screen=settings]").await.click().await.unwrap();
    assert!(app.js("return document.getElementById('screen-log').hidden").await.as_bool().unwrap());
    assert_ne!(app.focused_id().await, "quicklog");

    press("ctrl+shift+space");
    sanctum_e2e::eventually("the quick-log box to be focused", || quicklog_up(&app)).await;
    app.type_into("#quicklog", &format!("alert 10m pager went off{ENTER}")).await;
    app.wait_count("#log-body tr", 1).await;
    assert_eq!(app.store().count_interruptions().unwrap(), 1);
    app.stop().await;
}

/// The list and the planner keep what they drew only while it would look the same: after the
/// time zone changes, a fire's time and a block's place are drawn in the new zone.
#[tokio::test]
async fn a_new_time_zone_redraws_times_already_on_screen() {
    let app = App::start_with(|s: &sanctum_core::Store| {
        s.set_setting("timezone", "UTC").unwrap();
    })
    .await;
    app.type_into("#quicklog", &format!("@Sam slack 5m zone check{ENTER}")).await;
    app.wait_text("#status", "Logged #1").await;
    let at = app.store().interruption(1).unwrap().fields.occurred_at;
    let shown = |zone: chrono_tz::Tz| at.with_timezone(&zone).format("%H:%M").to_string();
    app.wait_text("#log-body tr[data-id='1'] td.when", &shown(chrono_tz::UTC)).await;
    app.find("[data-screen=settings]").await.click().await.unwrap();
    let zone = app.find("#set-timezone").await;
    zone.clear().await.unwrap();
    zone.send_keys(&format!("Asia/Kathmandu{ENTER}")).await.unwrap();
    app.wait_text("#settings-status", "Saved timezone: Asia/Kathmandu").await;
    app.find("[data-screen=log]").await.click().await.unwrap();
    // UTC+5:45: no minute of the day reads the same in both zones.
    app.wait_text("#log-body tr[data-id='1'] td.when", &shown(chrono_tz::Asia::Kathmandu)).await;
    assert!(!app.text("#log-body tr[data-id='1'] td.when").await.contains(&shown(chrono_tz::UTC)));
    drop(app);
}

#[tokio::test]
async fn settings_refuse_bad_values_and_keep_good_ones() {
    let app = App::start().await;
    app.find("[data-screen=settings]").await.click().await.unwrap();
    let zone = app.find("#set-timezone").await;
    zone.clear().await.unwrap();
    zone.send_keys("Mars/Olympus").await.unwrap();
    zone.send_keys(ENTER).await.unwrap();
    app.wait_text("#settings-status", "timezone: 'Mars/Olympus' is not an IANA time zone").await;
    zone.clear().await.unwrap();
    zone.send_keys("Asia/Tokyo").await.unwrap();
    zone.send_keys(ENTER).await.unwrap();
    app.wait_text("#settings-status", "Saved timezone: Asia/Tokyo").await;
    assert_eq!(app.store().settings().unwrap().timezone, "Asia/Tokyo");

    let shortcut = app.find("#set-shortcut").await;
    shortcut.clear().await.unwrap();
    shortcut.send_keys("Ctrl+Banana").await.unwrap();
    shortcut.send_keys(ENTER).await.unwrap();
    app.wait_text("#settings-status", "'Ctrl+Banana' is not a key combination").await;
    assert_eq!(app.store().settings().unwrap().shortcut, "CommandOrControl+Shift+Space");
    shortcut.clear().await.unwrap();
    shortcut.send_keys("Alt+Shift+L").await.unwrap();
    shortcut.send_keys(ENTER).await.unwrap();
    app.wait_text("#settings-status", "Saved shortcut: Alt+Shift+L").await;
    assert_eq!(app.store().settings().unwrap().shortcut, "Alt+Shift+L");
    // The desktop has the new combination, and no longer the old one.
    press("ctrl+shift+space");
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(!quicklog_up(&app).await, "the old shortcut was let go");
    press("alt+shift+l");
    sanctum_e2e::eventually("the new shortcut to bring up the quick-log box", || quicklog_up(&app))
        .await;
    app.stop().await;
}

fn press(keys: &str) {
    let status = std::process::Command::new("xdotool").args(["key", keys]).status().unwrap();
    assert!(status.success(), "xdotool ran");
}

/// Whether the quick-log box is on screen and focused.
async fn quicklog_up(app: &App) -> bool {
    app.client
        .execute(
            "return document.activeElement && document.activeElement.id === 'quicklog' \
             && !document.getElementById('screen-log').hidden",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

#[tokio::test]
async fn a_refused_shortcut_is_explained_and_logging_still_works() {
    let app = App::start_with(|store| {
        store.set_setting("shortcut", "Ctrl+Banana").unwrap();
    })
    .await;
    app.wait_text("#banner", "'Ctrl+Banana' is not a key combination").await;
    assert!(
        app.text("#banner").await.contains("CommandOrControl+Shift+Space"),
        "says what to write"
    );
    app.type_into("#quicklog", &format!("@Sam 5m still works{ENTER}")).await;
    app.wait_count("#log-body tr", 1).await;

    app.find("[data-screen=settings]").await.click().await.unwrap();
    let shortcut = app.find("#set-shortcut").await;
    assert_eq!(shortcut.prop("value").await.unwrap().as_deref(), Some("Ctrl+Banana"));
    shortcut.clear().await.unwrap();
    shortcut.send_keys("Alt+Shift+K").await.unwrap();
    shortcut.send_keys(ENTER).await.unwrap();
    app.wait_text("#settings-status", "Saved shortcut: Alt+Shift+K").await;
    assert!(app.js("return document.getElementById('banner').hidden").await.as_bool().unwrap());
    app.stop().await;
}

/// A fire logged from the terminal (another process, another connection) shows up in the open
/// app without touching it; so does one on the planner.
#[tokio::test]
async fn what_the_command_line_writes_shows_up_in_the_open_app() {
    let app = App::start().await;
    let from_terminal = |text: &str| {
        let now = chrono::Utc::now();
        let other = app.store();
        let new = sanctum_core::quicklog::parse_new(text, now, chrono_tz::UTC).unwrap();
        other.log_interruption(new, now).unwrap();
    };
    // At once after the window is up, then after a fire logged in the app.
    from_terminal("@Ops alert 20m first from the terminal");
    app.wait_count("#log-body tr", 1).await;
    app.type_into("#quicklog", &format!("@Sam slack 5m from the app{ENTER}")).await;
    app.wait_count("#log-body tr", 2).await;
    from_terminal("@Ops alert 10m again from the terminal");
    app.wait_count("#log-body tr", 3).await;
    app.wait_text("#log-body", "again from the terminal").await;
    app.stop().await;
}

#[tokio::test]
async fn years_of_fires_scroll_and_search_with_only_the_visible_rows_drawn() {
    let now = chrono::Utc::now();
    let app = App::start_with(|s| {
        let rows = (0..5_000i64).map(|n| {
            // One a day for years, the oldest first; #0 is the oldest.
            let mut fire =
                sanctum_core::NewInterruption::at(now - chrono::Duration::days(5_000 - n));
            fire.note = format!("fire number {n}");
            fire.minutes = 1;
            fire
        });
        s.log_interruptions_bulk(rows, now).unwrap();
    })
    .await;
    app.find("[data-period=all]").await.click().await.unwrap();
    app.wait_text("#summary", "5000 interruptions, 83h20m spent").await;
    let drawn = app.js("return document.querySelectorAll('#log-body tr').length").await;
    assert!(drawn.as_u64().unwrap() < 80, "only the rows on screen are drawn: {drawn}");
    assert_eq!(app.text("#log-body tr:first-child .note").await, "fire number 4999");

    // Scrolled to the end: the oldest, still with only a screenful drawn.
    app.js("const b = document.getElementById('log-scroll'); b.scrollTop = b.scrollHeight;").await;
    app.wait_text("#log-body", "fire number 0").await;
    let drawn = app.js("return document.querySelectorAll('#log-body tr').length").await;
    assert!(drawn.as_u64().unwrap() < 80, "{drawn}");
    let last = app.js("const r = [...document.querySelectorAll('#log-body tr')].pop(); \
        const b = document.getElementById('log-scroll').getBoundingClientRect(); \
        const e = r.getBoundingClientRect(); return [r.querySelector('.note').textContent, e.bottom <= b.bottom + 1];").await;
    assert_eq!(
        last,
        serde_json::json!(["fire number 0", true]),
        "the oldest is the last row, in view"
    );

    // A search over all time, through the index: mid-word, and the short word by a scan.
    app.type_into("#filter-text", "mber 123").await;
    app.wait_text("#summary", "15 interruptions").await;
    assert_eq!(app.text("#log-body tr:first-child .note").await, "fire number 4123");
    app.find("#filter-text").await.clear().await.unwrap();
    app.type_into("#filter-text", "r 4999").await;
    app.wait_text("#summary", "1 interruption,").await;
    app.wait_text("#log-body tr:first-child .note", "fire number 4999").await;

    // A search with years of matches: its first page is shown alone, before the matches are
    // counted, and then the count, which sizes the list; scrolling reaches the oldest match.
    app.js(
        "window.__said = []; new MutationObserver(() => window.__said.push(\
         document.getElementById('summary').textContent)).observe(document.getElementById('summary'), \
         { childList: true, characterData: true, subtree: true });",
    )
    .await;
    app.find("#filter-text").await.clear().await.unwrap();
    app.type_into("#filter-text", "number").await;
    app.wait_text("#summary", "5000 interruptions, 83h20m spent").await;
    let said: Vec<String> = serde_json::from_value(app.js("return window.__said").await).unwrap();
    let counting = said.iter().rposition(|s| s.starts_with("Counting the matches"));
    let counting = counting.unwrap_or_else(|| panic!("no first page before the count: {said:?}"));
    assert_eq!(said[counting], "Counting the matches… the newest 150 are listed.");
    assert_eq!(said[counting + 1..], ["5000 interruptions, 83h20m spent"], "{said:?}");
    assert_eq!(app.text("#log-body tr:first-child .note").await, "fire number 4999");
    app.js("const b = document.getElementById('log-scroll'); b.scrollTop = b.scrollHeight;").await;
    app.wait_text("#log-body", "fire number 0").await;
    app.stop().await;
}
