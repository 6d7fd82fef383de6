//! Calendars in the real app: subscribe to a local .ics file from Settings, see its meetings on
//! the planner beside the focus blocks with a clash flagged, ask for suggestions and accept one.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use sanctum_core::focus::{NewFocusBlock, Repeat};
use sanctum_e2e::App;

const LONDON: chrono_tz::Tz = chrono_tz::Europe::London;

fn this_monday() -> NaiveDate {
    let today = chrono::Utc::now().with_timezone(&LONDON).date_naive();
    today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
}

/// Two meetings a day for this week and the two after: 12:00–13:00 and 15:00–16:00 London.
fn meetings_ics() -> String {
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nX-WR-CALNAME:Team\r\n",
    );
    for n in 0..21 {
        let d = (this_monday() + Duration::days(n)).format("%Y%m%d");
        for (uid, summary, from, to) in [
            ("sync", "Ops sync", "120000", "130000"),
            ("vendor", "Vendor <escalation>", "150000", "160000"),
        ] {
            out.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{uid}-{d}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:{summary}\r\n\
                 DTSTART;TZID=Europe/London:{d}T{from}\r\nDTEND;TZID=Europe/London:{d}T{to}\r\nEND:VEVENT\r\n"
            ));
        }
    }
    // One more on Monday, overlapping the vendor call: drawn beside it, not over it.
    let d = this_monday().format("%Y%m%d");
    out.push_str(&format!(
        "BEGIN:VEVENT\r\nUID:overlap\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Hiring panel\r\n\
         DTSTART;TZID=Europe/London:{d}T153000\r\nDTEND;TZID=Europe/London:{d}T163000\r\nEND:VEVENT\r\n"
    ));
    out.push_str("END:VCALENDAR\r\n");
    out
}

#[tokio::test]
async fn subscribe_to_a_local_calendar_see_clashes_and_accept_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.ics");
    std::fs::write(&file, meetings_ics()).unwrap();
    let monday = this_monday();
    let app = App::start_with(|store| {
        store.set_setting("timezone", "Europe/London").unwrap();
        store.set_setting("focus_length", "2h").unwrap();
        // A one-off block on Monday 14:00–17:00: it runs into the 15:00 vendor call.
        store
            .add_block(
                NewFocusBlock {
                    title: "Strategy".into(),
                    intention: "Q1 roadmap".into(),
                    repeat: Repeat::Once { date: monday },
                    start: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
                    end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                    timezone: "Europe/London".into(),
                    active_from: monday,
                    active_until: None,
                    paused: false,
                },
                chrono::Utc::now(),
            )
            .unwrap();
    })
    .await;

    // Settings → Calendars: a missing file is refused with its reason, and nothing is kept.
    app.find("[data-screen=settings]").await.click().await.unwrap();
    app.wait_text("#calendar-list", "No calendars yet").await;
    app.type_into("#cal-location", &dir.path().join("nothere.ics").display().to_string()).await;
    app.find("#cal-add").await.click().await.unwrap();
    app.wait_text("#cal-error", "check the file is still there").await;
    assert!(app.store().calendars().unwrap().is_empty());

    // The real file.
    app.js(&format!(
        "document.getElementById('cal-location').value = {};",
        serde_json::to_string(&file.display().to_string()).unwrap()
    ))
    .await;
    app.type_into("#cal-name", "Team").await;
    app.find("#cal-add").await.click().await.unwrap();
    app.wait_text("#calendars-status", "Added Team: 43 events").await;
    app.wait_text("#calendar-list", "43 events cached").await;
    let calendars = app.store().calendars().unwrap();
    assert_eq!(calendars.len(), 1);
    assert_eq!(calendars[0].spec.location, file.display().to_string());

    // The planner shows the meetings beside the block, and flags the clash.
    app.find("[data-screen=planner]").await.click().await.unwrap();
    app.wait_count(".week-grid .event", 15).await;
    let lefts = app
        .js(&format!(
            "const day = document.querySelector(\".day[data-date='{monday}']\"); \
             return [...day.querySelectorAll('.event')].map(e => e.getBoundingClientRect().left)"
        ))
        .await;
    let lefts: Vec<f64> = serde_json::from_value(lefts).unwrap();
    assert_eq!(lefts.len(), 3);
    assert!(lefts[1] != lefts[2], "overlapping meetings side by side: {lefts:?}");
    let titles = app
        .js("return [...document.querySelectorAll('.week-grid .event .event-name')].map(e => e.textContent)")
        .await;
    assert!(
        titles.as_array().unwrap().iter().any(|t| t == "Vendor <escalation>"),
        "as text: {titles}"
    );
    app.wait_count(".week-grid .occurrence.clash", 1).await;
    let clash = app.attr(".week-grid .occurrence.clash", "title").await;
    assert_eq!(clash.as_deref(), Some("Clashes with Vendor <escalation>, Hiring panel"));
    app.screenshot("calendars-planner").await;

    // A narrow meeting is reached by the keyboard and shows its whole text while focused; so
    // does a block whose clash text does not fit.
    let fits = |css: &str| {
        format!(
            "const e = document.querySelector({css:?}); e.focus(); \
             const name = e.querySelector('.event-name') ?? e; \
             return [document.activeElement === e, e.getAttribute('aria-label') ?? e.textContent, \
                     name.scrollWidth <= name.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1];"
        )
    };
    let panel =
        app.js(&fits(&format!(".day[data-date='{monday}'] .event[data-uid=overlap]"))).await;
    assert_eq!(panel[0], true, "the meeting takes the keyboard focus: {panel}");
    assert!(panel[1].as_str().unwrap().contains("Hiring panel, 15:30–16:30"), "{panel}");
    assert_eq!(panel[2], true, "its whole text shows while focused: {panel}");
    let block = app.js(&fits(".week-grid .occurrence.clash")).await;
    assert_eq!(block[0], true);
    assert!(block[1].as_str().unwrap().contains("Clashes with Vendor <escalation>, Hiring panel"));
    assert_eq!(block[2], true, "the clash text shows whole while focused: {block}");
    app.screenshot("calendars-planner-focused").await;

    // Suggest focus time: two free hours between the meetings, nothing over them.
    app.find("#suggest-open").await.click().await.unwrap();
    app.wait_text("#suggest-status", "Best first").await;
    let items = app
        .js("return [...document.querySelectorAll('#suggest-list li')].map(li => [li.dataset.date, \
             li.querySelector('strong').textContent, li.querySelector('button').textContent])")
        .await;
    let items: Vec<(String, String, String)> = serde_json::from_value(items).unwrap();
    assert!(!items.is_empty());
    let today = chrono::Utc::now().with_timezone(&LONDON).date_naive().to_string();
    for (date, text, _) in &items {
        // Later days: the two free hours between the meetings (today may have less left).
        if *date > today {
            assert!(text.ends_with("13:00–15:00"), "{items:?}");
        }
    }
    app.screenshot("calendars-suggestions").await;
    let pick = items.iter().position(|(_, _, button)| button == "Accept").unwrap();
    let date = items[pick].0.clone();
    let buttons =
        app.client.find_all(sanctum_e2e::Locator::Css("#suggest-list li button")).await.unwrap();
    buttons[pick].click().await.unwrap();

    // Accepted: a block on that day, drawn in that day's column of its week.
    let date: NaiveDate = date.parse().unwrap();
    sanctum_e2e::eventually("the accepted block to be saved", || async {
        app.store().blocks().unwrap().iter().any(|b| b.spec.repeat == Repeat::Once { date })
    })
    .await;
    let block =
        app.store().blocks().unwrap().into_iter().find(|b| b.spec.title == "Focus").unwrap();
    if date.to_string() > today {
        let times = (block.spec.start.to_string(), block.spec.end.to_string());
        assert_eq!(times, ("13:00:00".into(), "15:00:00".into()));
    }
    app.wait_count(&format!(".day[data-date='{date}'] .occurrence[data-block='{}']", block.id), 1)
        .await;
    app.screenshot("calendars-accepted").await;
    app.stop().await;
}

/// What the issue calls done: point Sanctum at a CalDAV calendar, get focus afternoons suggested
/// around the meetings, accept one, and see it as a busy event in the team's shared calendar
/// (a real Radicale server, read back by an independent client).
#[tokio::test]
async fn an_accepted_suggestion_shows_as_busy_in_the_shared_caldav_calendar() {
    use sanctum_core::test_servers::{Radicale, PASSWORD};
    let server = Radicale::start();
    let work = server.mkcalendar("work");
    let team = server.mkcalendar("team-focus");
    let d = this_monday().format("%Y%m%d");
    for (uid, summary, from, to) in
        [("sync", "Ops sync", "120000", "130000"), ("vendor", "Vendor call", "150000", "160000")]
    {
        server.add(
            &work,
            &format!(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n\
                 DTSTAMP:20260101T000000Z\r\nSUMMARY:{summary}\r\nDTSTART;TZID=Europe/London:{d}T{from}\r\n\
                 DTEND;TZID=Europe/London:{d}T{to}\r\nRRULE:FREQ=DAILY;COUNT=21\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            ),
        );
    }
    let app = App::start_with(|store| {
        store.set_setting("timezone", "Europe/London").unwrap();
        store.set_setting("focus_length", "2h").unwrap();
    })
    .await;

    app.find("[data-screen=settings]").await.click().await.unwrap();
    let add = |url: String, password: &'static str, publish: bool| {
        let app = &app;
        async move {
            app.js(&format!(
                "const f = document.getElementById('calendar-form').elements; f.kind.value = 'caldav'; \
                 f.kind.dispatchEvent(new Event('change')); f.location.value = {}; \
                 f.read_busy.checked = {}; f.publish.checked = {publish};",
                serde_json::to_string(&url).unwrap(),
                !publish
            ))
            .await;
            app.type_into("#cal-user", "alice").await;
            app.type_into("#cal-password", password).await;
            app.find("#cal-add").await.click().await.unwrap();
        }
    };
    // A wrong password is refused by the server, and nothing is kept.
    add(work.clone(), "wrong", false).await;
    app.wait_text("#cal-error", "refused the user name or password").await;
    assert!(app.store().calendars().unwrap().is_empty());
    app.find("#cal-user").await.clear().await.unwrap();

    add(work.clone(), PASSWORD, false).await;
    app.wait_text("#calendars-status", "Added work: 42 events").await;
    add(team.clone(), PASSWORD, true).await;
    app.wait_text("#calendars-status", "Added team-focus: 0 events").await;
    app.wait_text("#calendar-list", "focus blocks published here").await;
    app.screenshot("calendars-settings").await;

    app.find("[data-screen=planner]").await.click().await.unwrap();
    app.find("#suggest-open").await.click().await.unwrap();
    app.wait_text("#suggest-status", "Best first").await;
    let first = app.find("#suggest-list li").await;
    let date = first.attr("data-date").await.unwrap().unwrap();
    app.find("#suggest-list li .accept").await.click().await.unwrap();

    // The calendar task publishes after the change; the independent client sees it.
    let mut published = Vec::new();
    for _ in 0..100 {
        published = server.dump(&team);
        if !published.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(published.len(), 1, "{published:?}");
    let event = &published[0];
    assert_eq!(event["summary"], "Focus time: Focus");
    assert_eq!(event["transp"], "OPAQUE");
    assert!(event["uid"].as_str().unwrap().starts_with("sanctum-block-"));
    assert!(event["start"].as_str().unwrap().starts_with(&date), "{event} on {date}");

    // A new password is asked for in the page's own dialog, typed as dots; the server checks
    // it before it replaces the saved one.
    app.find("[data-screen=settings]").await.click().await.unwrap();
    let work_item = "#calendar-list li[data-calendar='1']";
    app.click(&format!("{work_item} button.password")).await;
    app.wait_text("#password-text", "New password for alice at").await;
    assert_eq!(app.attr("#password-input", "type").await.as_deref(), Some("password"));
    app.type_into("#password-input", "not-it\u{e007}").await;
    app.wait_text("#calendars-status", "work: opening").await;
    app.wait_text("#calendars-status", "refused the user name or password").await;
    assert_eq!(sanctum_core::secrets::password("alice", &work).unwrap(), PASSWORD, "kept");
    assert!(!app
        .js("return document.getElementById('password-dialog').open")
        .await
        .as_bool()
        .unwrap());
    // Cancel sends nothing.
    app.click(&format!("{work_item} button.password")).await;
    app.type_into("#password-input", "typed, then cancelled").await;
    app.click("#password-cancel").await;
    app.click(&format!("{work_item} button.password")).await;
    app.wait_text("#password-text", "New password").await;
    let typed = app.js("return document.getElementById('password-input').value").await;
    assert_eq!(typed, serde_json::json!(""), "what was typed before Cancel is not kept");
    app.type_into("#password-input", &format!("{PASSWORD}\u{e007}")).await;
    app.wait_text("#calendars-status", "Password saved for work.").await;
    assert_eq!(sanctum_core::secrets::password("alice", &work).unwrap(), PASSWORD);
    app.stop().await;
}
