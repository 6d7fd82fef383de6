//! The page's corners, each as a user meets it: Enter in the guided review keeps the answer,
//! Enter in the quick-log box saves each line once, stale states clear (a red box after Escape, an old "Logged" under a new error), Escape
//! cancels forms, counts read as English, and a time of day later than now is last night.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use chrono::{Duration, Timelike, Utc};
use sanctum_core::{IsoWeek, Sanctum, Store};
use sanctum_e2e::{eventually, App, ENTER};

const ESCAPE: &str = "\u{e00c}";

fn utc(store: &Store) {
    store.set_setting("timezone", "UTC").unwrap();
}

async fn is_open(app: &App, dialog: &str) -> bool {
    app.js(&format!("return document.getElementById('{dialog}').open")).await.as_bool().unwrap()
}

#[tokio::test]
async fn enter_in_the_guided_review_saves_the_answer_and_goes_on() {
    let app = App::start_with(|s: &Store| {
        utc(s);
        Sanctum::new(s, Utc::now()).add_win(None, "Closed the audit", None, None).unwrap();
    })
    .await;
    app.find("[data-screen=review]").await.click().await.unwrap();
    app.find("#review-start").await.click().await.unwrap();
    app.wait_text("#review-summary", "1 win").await;
    assert!(!app.text("#review-summary").await.contains("1 wins"));
    app.find("#review-to-2").await.click().await.unwrap();
    app.eventually_focused("#review-change").await;
    app.type_into("#review-change", &format!("Batch the vendor pings{ENTER}")).await;
    app.eventually_focused("#review-next-add").await;
    assert!(is_open(&app, "review-dialog").await, "Enter went on to step 3, not out");
    let week = IsoWeek::containing(Utc::now(), chrono_tz::UTC);
    let note = app.store().review_note(week).unwrap().expect("the answer was saved");
    assert_eq!(note.next_change, "Batch the vendor pings");
    drop(app);
}

#[tokio::test]
async fn the_quick_log_box_forgets_old_states() {
    let app = App::start_with(utc).await;
    app.type_into("#quicklog", &format!("@Sam slack 5m fine{ENTER}")).await;
    app.wait_text("#status", "Logged #1").await;
    // A refused line: the old "Logged #1" must not read as if this one was saved.
    app.type_into("#quicklog", &format!("@Sam 99999m nope{ENTER}")).await;
    app.wait_text("#quicklog-preview", "minutes").await;
    assert_eq!(app.text("#status").await, "", "no stale success under an error");
    let invalid = app.find("#quicklog").await.attr("aria-invalid").await.unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    // Escape: the box is empty and no longer red.
    app.type_into("#quicklog", ESCAPE).await;
    eventually("the red state to clear", || async {
        app.find("#quicklog").await.attr("aria-invalid").await.unwrap().is_none()
    })
    .await;
    assert_eq!(app.js("return document.getElementById('quicklog').value").await, "");
    drop(app);
}

/// Enter saves a line once and changes the screen once: Enter pressed again before the answer
/// saves nothing twice, what is typed after Enter stays in the box, and the list draws only the
/// new fire (the rows it showed are kept, not rebuilt).
#[tokio::test]
async fn enter_saves_each_line_once_and_the_list_draws_only_the_new_fire() {
    let app = App::start_with(utc).await;
    app.type_into("#quicklog", &format!("@Sam slack 5m first{ENTER}")).await;
    app.wait_text("#status", "Logged #1").await;
    eventually("the first fire in the list", || async {
        app.js("return !!document.querySelector('#log-body tr[data-id=\"1\"]')").await == true
    })
    .await;
    // Tag the row on screen: a redraw that rebuilt it would drop the tag.
    app.js("document.querySelector('#log-body tr[data-id=\"1\"]').dataset.kept = 'yes'; return 1")
        .await;
    // Enter twice on one line, then more typed, all before the first answer can come back
    // (one script: the page handles none of the answers until it ends).
    app.js(
        "const q = document.getElementById('quicklog'); const f = document.getElementById('quicklog-form'); \
         q.value = '@Ana call 10m second'; f.requestSubmit(); f.requestSubmit(); \
         q.value += ' @Lee email 2m third'; f.requestSubmit(); q.value += ' not yet'; return 1",
    )
    .await;
    app.wait_text("#status", "Logged #3").await;
    eventually("the box to keep only what was typed after the last Enter", || async {
        app.js("return document.getElementById('quicklog').value").await == "not yet"
    })
    .await;
    let notes: Vec<String> = app
        .store()
        .list_interruptions(&Default::default())
        .unwrap()
        .into_iter()
        .map(|i| i.fields.note)
        .collect();
    assert_eq!(notes, ["third", "second", "first"], "each line saved once, in order");
    eventually("the three fires in the list", || async {
        app.js("return document.querySelectorAll('#log-body tr').length").await == 3
    })
    .await;
    // The refresh after each write brought the same first row: it was kept, not rebuilt.
    let kept = "return document.querySelector('#log-body tr[data-id=\"1\"]').dataset.kept ?? null";
    assert_eq!(app.js(kept).await, "yes", "the row already shown was not drawn again");
    drop(app);
}

#[tokio::test]
async fn a_box_left_alone_rests_its_cursor_and_the_next_key_is_still_typed() {
    let app = App::start_with(utc).await;
    app.eventually_focused("#quicklog").await;
    let resting = "const q = document.getElementById('quicklog'); \
                   return q.dataset.resting !== undefined && document.activeElement !== q";
    // Not before ten seconds without typing (a blinking cursor costs a repaint a blink)...
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    assert_eq!(app.js(resting).await, false, "still blinking after 5 s");
    // ...then the focus is let go (no cursor, no display link), the box still drawn as focused.
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    eventually("the quick-log box to rest", || async { app.js(resting).await == true }).await;
    let outline = "return getComputedStyle(document.getElementById('quicklog')).outlineStyle";
    assert_eq!(app.js(outline).await, "solid", "a resting box still shows where typing goes");
    // The next keys, sent to whatever has the focus now (not to the box), wake it before they
    // are handled: the whole line is typed and logged.
    let focused = app.client.active_element().await.unwrap();
    focused.send_keys(&format!("@Sam slack 5m woke up{ENTER}")).await.unwrap();
    app.wait_text("#status", "Logged #1").await;
    assert_eq!(app.store().interruption(1).unwrap().fields.note, "woke up");
    assert_eq!(app.focused_id().await, "quicklog", "the box has the focus again");
    assert_eq!(app.js(resting).await, false);
    // A click elsewhere while it rests leaves it alone: no focus taken back.
    tokio::time::sleep(std::time::Duration::from_secs(11)).await;
    eventually("the quick-log box to rest again", || async { app.js(resting).await == true }).await;
    app.find(".tab[data-screen=week]").await.click().await.unwrap();
    assert_ne!(app.focused_id().await, "quicklog");
    assert_eq!(
        app.js("return document.getElementById('quicklog').dataset.resting === undefined").await,
        true
    );
    drop(app);
}

#[tokio::test]
async fn escape_cancels_the_block_and_edit_forms() {
    let app = App::start_with(|s: &Store| {
        utc(s);
        Sanctum::new(s, Utc::now()).log_fire("@Sam slack 5m a fire").unwrap();
    })
    .await;
    app.wait_text("#log-body", "a fire").await;
    app.find("#log-body .edit").await.click().await.unwrap();
    app.eventually_focused("[name=minutes]").await;
    app.type_into("[name=minutes]", ESCAPE).await;
    eventually("the edit form to close", || async {
        app.js("return document.querySelector('.edit-form') === null").await
            == serde_json::json!(true)
    })
    .await;

    app.find("[data-screen=planner]").await.click().await.unwrap();
    app.find("#block-new").await.click().await.unwrap();
    app.eventually_focused("#block-form [name=title]").await;
    app.type_into("#block-form [name=title]", &format!("Half typed{ESCAPE}")).await;
    eventually("the block form to close", || async {
        app.js("return document.getElementById('block-form').hidden").await
            == serde_json::json!(true)
    })
    .await;
    app.eventually_focused("#block-new").await;
    assert!(app.store().blocks().unwrap().is_empty(), "nothing was saved");
    drop(app);
}

#[tokio::test]
async fn a_time_of_day_still_to_come_means_the_last_one() {
    let app = App::start_with(utc).await;
    let now = Utc::now();
    // Two hours from now, as a time of day: today's is still to come (unless that wraps past
    // midnight, when it was earlier today); either way, the last such time.
    let later = (now + Duration::hours(2)).time();
    let typed = format!("{:02}:{:02}", later.hour(), later.minute());
    let minute = chrono::NaiveTime::from_hms_opt(later.hour(), later.minute(), 0).unwrap();
    let today = now.date_naive().and_time(minute).and_utc();
    let expected =
        if today > now + Duration::minutes(1) { today - Duration::days(1) } else { today };
    app.type_into("#quicklog", &format!("@Sam call 10m ^{typed} last night{ENTER}")).await;
    app.wait_text("#status", "Logged #1").await;
    let logged = app.store().interruption(1).unwrap();
    assert_eq!(logged.fields.occurred_at, expected, "^{typed} at {now}");
    drop(app);
}

#[tokio::test]
async fn settings_save_as_you_go_with_no_save_buttons() {
    let app = App::start().await;
    app.find("[data-screen=settings]").await.click().await.unwrap();
    let saves = app
        .js("return [...document.querySelectorAll('#settings-form button, #work-form button')].length")
        .await;
    assert_eq!(saves, serde_json::json!(0), "one form, no Save buttons");
    // A field is saved when the user leaves it (Tab), a menu when a choice is made.
    let heads_up = app.find("#set-heads_up").await;
    heads_up.clear().await.unwrap();
    heads_up.send_keys(&format!("25m{}", "\u{e004}")).await.unwrap();
    app.wait_text("#settings-status", "Saved heads_up: 25m").await;
    assert_eq!(app.store().settings().unwrap().heads_up_minutes, 25);
    app.find("#set-notify_end").await.select_by_value("off").await.unwrap();
    app.wait_text("#settings-status", "Saved notify_end: off").await;
    assert!(!app.store().settings().unwrap().notify_end);
    // A refused value is marked and named; the stored one is unchanged.
    let hours = app.find("#set-work_hours").await;
    hours.clear().await.unwrap();
    hours.send_keys(&format!("9 to 5{ENTER}")).await.unwrap();
    app.wait_text("#work-status", "work_hours").await;
    assert_eq!(hours.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(app.store().settings().unwrap().work_hours, "09:00-17:30");
    // Who the user is (for declined invitations) and whether "maybe" is busy: the same way.
    let addresses = app.find("#set-my_addresses").await;
    addresses.send_keys(&format!("Ana@Example.com, ops@corp.example{ENTER}")).await.unwrap();
    app.wait_text("#work-status", "Saved my_addresses").await;
    assert_eq!(app.store().settings().unwrap().my_addresses, "ana@example.com,ops@corp.example");
    assert_eq!(
        addresses.prop("value").await.unwrap().as_deref(),
        Some("ana@example.com, ops@corp.example")
    );
    addresses.send_keys(&format!(", not-an-address{ENTER}")).await.unwrap();
    app.wait_text("#work-status", "'not-an-address' is not an e-mail address").await;
    assert_eq!(app.attr("#set-my_addresses", "aria-invalid").await.as_deref(), Some("true"));
    app.find("#set-tentative_busy").await.select_by_value("off").await.unwrap();
    app.wait_text("#work-status", "Saved tentative_busy: off").await;
    assert!(!app.store().settings().unwrap().tentative_busy);
    drop(app);
}

#[tokio::test]
async fn an_empty_review_explains_what_will_appear_and_leads_there() {
    let app = App::start().await;
    app.find("[data-screen=review]").await.click().await.unwrap();
    app.wait_text("#review-empty", "Nothing to review yet").await;
    assert!(app.text("#review-empty").await.contains("quick-log shortcut"));
    app.find("#review-empty [data-goto=planner]").await.click().await.unwrap();
    eventually("the planner", || async {
        app.js("return document.getElementById('screen-planner').hidden").await
            == serde_json::json!(false)
    })
    .await;
    // Once there is something to review, the explanation goes.
    Sanctum::new(&app.store(), Utc::now()).log_fire("@Sam slack 5m first fire").unwrap();
    app.find("[data-screen=review]").await.click().await.unwrap();
    eventually("the explanation to go", || async {
        app.js("return document.getElementById('review-empty').hidden").await
            == serde_json::json!(true)
    })
    .await;
    drop(app);
}

#[tokio::test]
async fn the_planner_fits_the_users_day_and_draws_a_late_fire() {
    let app = App::start_with(|s: &Store| {
        utc(s);
        s.set_setting("work_hours", "10:00-16:00").unwrap();
        Sanctum::new(s, Utc::now()).log_fire("@Sam call 5m ^21:30 late vendor call").unwrap();
    })
    .await;
    let fire = app.store().interruption(1).unwrap();
    app.find("[data-screen=planner]").await.click().await.unwrap();
    let this_week = IsoWeek::containing(Utc::now(), chrono_tz::UTC);
    if IsoWeek::containing(fire.fields.occurred_at, chrono_tz::UTC) != this_week {
        // Logged last night, and today is Monday: it is on last week's page.
        app.find("#plan-prev").await.click().await.unwrap();
    }
    eventually("the late fire drawn on its day", || async {
        app.js("const m = document.querySelector('#week-grid .mark'); return m && m.title").await
            == serde_json::json!("21:30 Sam call 5m late vendor call")
    })
    .await;
    let hours = app
        .js("return [...document.querySelectorAll('#week-grid .hours span')].map(s => s.textContent)")
        .await;
    let hours: Vec<String> = serde_json::from_value(hours).unwrap();
    assert_eq!(
        hours.first().map(String::as_str),
        Some("10:00"),
        "the working day's start: {hours:?}"
    );
    assert_eq!(hours.last().map(String::as_str), Some("21:00"), "widened to the fire: {hours:?}");
    drop(app);
}

#[tokio::test]
async fn editing_minutes_reads_durations_and_names_the_field_when_wrong() {
    let app = App::start_with(|s: &Store| {
        utc(s);
        Sanctum::new(s, Utc::now()).log_fire("@Sam slack 10m a fire").unwrap();
    })
    .await;
    app.wait_text("#log-body", "a fire").await;
    app.find("#log-body .edit").await.click().await.unwrap();
    let minutes = app.find(".edit-form [name=minutes]").await;
    for (typed, why) in [("-5", "minutes:"), ("", "minutes: give the time it took")] {
        minutes.clear().await.unwrap();
        if !typed.is_empty() {
            minutes.send_keys(typed).await.unwrap();
        }
        app.find(".edit-form .save").await.click().await.unwrap();
        app.wait_text(".edit-form .form-error", why).await;
        let shown = app.text(".edit-form .form-error").await;
        assert!(!shown.contains("invalid args"), "no internal error: {shown}");
        assert_eq!(
            app.store().interruption(1).unwrap().fields.minutes,
            10,
            "{typed:?} saved nothing"
        );
    }
    minutes.clear().await.unwrap();
    minutes.send_keys("1h30m").await.unwrap();
    app.find(".edit-form .save").await.click().await.unwrap();
    app.wait_text("#log-body tr .minutes", "1h30m").await;
    assert_eq!(app.store().interruption(1).unwrap().fields.minutes, 90);
    drop(app);
}

/// Once the first screen is drawn and the user has left the page alone for a moment, the Planner
/// and the Review are drawn and laid out once out of sight (so the first switch to them costs
/// what a later one does): they stay hidden, the quick-log box keeps the focus, and showing them
/// draws what changed since.
#[tokio::test]
async fn the_other_screens_are_drawn_in_advance_and_stay_hidden() {
    let app = App::start_with(|s: &Store| {
        Sanctum::new(s, Utc::now()).log_fire("@Sam slack 10m before the page").unwrap();
    })
    .await;
    // While the user types, nothing is laid out behind their back.
    for _ in 0..6 {
        app.type_into("#quicklog", "x").await;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    }
    assert_eq!(
        app.js("return document.querySelectorAll('#week-grid .day').length").await,
        serde_json::json!(0),
        "the planner waits for a quiet moment"
    );
    let client = &app.client;
    eventually("the planner and the review drawn while hidden", || async {
        client
            .execute(
                "return document.querySelectorAll('#week-grid .day').length === 7 \
                 && document.querySelectorAll('#review-kpis .kpi').length === 6",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    })
    .await;
    let state = app
        .js("return [document.getElementById('screen-planner').hidden, \
             document.getElementById('screen-review').hidden, \
             document.querySelectorAll('.warming').length, \
             document.getElementById('screen-log').hidden]")
        .await;
    assert_eq!(state, serde_json::json!([true, true, 0, false]), "only the list is shown");
    app.eventually_focused("#quicklog").await;
    // A fire logged after the warm-up is in the review when it is shown.
    Sanctum::new(&app.store(), Utc::now()).log_fire("@Ana call 20m after the warm-up").unwrap();
    app.click("[data-screen=review]").await;
    app.wait_text("#review-kpis", "2 fires").await;
    drop(app);
}
