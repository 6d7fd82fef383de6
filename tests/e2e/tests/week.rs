//! Priorities, batches, tasks and wins in the real app: plan three priorities and reorder them
//! by keyboard, defer a logged fire into a batch and work through it, record a win, see a batch
//! slot on the planner; and the guided planning on the first start of a week.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use chrono::Utc;
use sanctum_core::planning::PriorityStatus;
use sanctum_core::IsoWeek;
use sanctum_e2e::{App, ENTER};

const ALT: &str = "\u{E00A}";
const UP: &str = "\u{E013}";
const RELEASE: &str = "\u{E000}";

fn this_week() -> IsoWeek {
    IsoWeek::containing(Utc::now(), chrono_tz::UTC)
}

async fn titles(app: &App) -> Vec<String> {
    let v = app.js("return [...document.querySelectorAll('#priority-list .title')].map(e => e.textContent)").await;
    v.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn priorities_batches_tasks_and_wins() {
    let app = App::start_with(|s| {
        s.set_setting("timezone", "UTC").unwrap();
    })
    .await;
    app.find("[data-screen=week]").await.click().await.unwrap();
    for title in ["Hire a vendor manager", "Fix onboarding", "Q1 roadmap"] {
        app.type_into("#priority-title", &format!("{title}{ENTER}")).await;
        app.wait_text("#priority-status", title).await;
    }
    app.wait_count("#priority-list li", 3).await;

    // Keyboard reorder: the third to the top with Alt+↑ twice.
    let third = app.find("#priority-list li:nth-child(3)").await;
    third.send_keys(&format!("{ALT}{UP}{RELEASE}")).await.unwrap();
    app.wait_text("#priority-list li:nth-child(2) .title", "Q1 roadmap").await;
    app.find("#priority-list li:nth-child(2)")
        .await
        .send_keys(&format!("{ALT}{UP}{RELEASE}"))
        .await
        .unwrap();
    app.wait_text("#priority-list li:nth-child(1) .title", "Q1 roadmap").await;
    assert_eq!(titles(&app).await, ["Q1 roadmap", "Hire a vendor manager", "Fix onboarding"]);
    let stored = app.store().priorities(this_week()).unwrap();
    let stored: Vec<(&str, u32)> = stored.iter().map(|p| (p.title.as_str(), p.rank)).collect();
    assert_eq!(stored, [("Q1 roadmap", 1), ("Hire a vendor manager", 2), ("Fix onboarding", 3)]);

    app.find("#priority-list li:nth-child(3) select.status")
        .await
        .select_by_value("partly")
        .await
        .unwrap();
    app.wait_count("#priority-list li.partly", 1).await;
    app.eventually_focused("#priority-list li:nth-child(3) input.outcome").await;
    let outcome = app.find("#priority-list li:nth-child(3) input.outcome").await;
    outcome.send_keys(&format!("flow fixed, docs left{ENTER}")).await.unwrap();
    app.find("#priority-title").await.click().await.unwrap(); // blur: the change is saved
    let app_ref = &app;
    sanctum_e2e::eventually("the outcome to be stored", || async {
        app_ref.store().priorities(this_week()).unwrap()[2].outcome.as_deref()
            == Some("flow fixed, docs left")
    })
    .await;
    assert_eq!(app.store().priorities(this_week()).unwrap()[2].status, PriorityStatus::Partly);
    app.screenshot("priorities").await;

    // A fire deferred in the log becomes a task in the Email batch, worked through from there.
    app.find("[data-screen=log]").await.click().await.unwrap();
    app.type_into("#quicklog", &format!("@Sam email 5m ~Email reply to legal{ENTER}")).await;
    app.wait_count("#log-body tr", 1).await;
    app.find("#log-body tr .to-batch").await.click().await.unwrap();
    app.wait_text("#status", "\"Sam: reply to legal\" is in its batch").await;
    let fire = app.store().list_interruptions(&Default::default()).unwrap().remove(0);

    app.find("[data-screen=week]").await.click().await.unwrap();
    app.wait_text("#batch-list", "Email").await;
    app.wait_text("#batch-list", "1 open").await;
    app.find("#batch-list li .start").await.click().await.unwrap();
    app.wait_text("#batch-run h3", "Email: 1 to go").await;
    app.wait_text("#batch-run", "Sam: reply to legal").await;
    app.screenshot("batch").await;
    app.find("#batch-run input[type=checkbox]").await.click().await.unwrap();
    app.wait_text("#batch-run", "All done").await;
    let store = app.store();
    let batch = store.batch_named("Email").unwrap().unwrap();
    let tasks = store
        .tasks(&sanctum_core::store::TaskFilter { batch_id: Some(batch.id), ..Default::default() })
        .unwrap();
    assert_eq!(tasks.len(), 1);
    assert!(tasks[0].done_at.is_some());
    assert_eq!(tasks[0].interruption_id, Some(fire.id));

    // A batch with a daily slot shows on the planner.
    app.type_into("#batch-form [name=name]", "Vendor calls").await;
    app.type_into("#batch-form [name=days]", "daily").await;
    app.js("document.querySelector('#batch-form [name=start]').value = '15:00'; document.querySelector('#batch-form [name=end]').value = '16:00';").await;
    app.find("#batch-form button").await.click().await.unwrap();
    app.wait_text("#tasks-status", "Added batch Vendor calls").await;

    // A win, linked to the top priority.
    app.type_into("#win-form [name=title]", "Cut vendor cost 12%").await;
    app.type_into("#win-form [name=impact]", "€40k a year").await;
    let top = app.store().priorities(this_week()).unwrap()[0].id;
    app.find("#win-form [name=priority]").await.select_by_value(&top.to_string()).await.unwrap();
    app.find("#win-form button").await.click().await.unwrap();
    app.wait_text("#win-list", "Cut vendor cost 12%").await;
    let wins = app.store().wins(this_week()).unwrap();
    assert_eq!(
        (wins[0].title.as_str(), wins[0].impact.as_deref(), wins[0].priority_id),
        ("Cut vendor cost 12%", Some("€40k a year"), Some(top))
    );

    app.find("[data-screen=planner]").await.click().await.unwrap();
    app.wait_count(".week-grid .slot", 7).await;
    app.stop().await;
}

#[tokio::test]
async fn the_first_start_of_a_week_offers_to_plan_it() {
    let app = App::start_unplanned(|s| {
        s.set_setting("timezone", "UTC").unwrap();
        let last = this_week().previous();
        let now = Utc::now();
        let open = s.add_priority(last, "Vendor contract", false, now).unwrap();
        let done = s.add_priority(last, "Audit", false, now).unwrap();
        s.set_priority_status(done.id, PriorityStatus::Done, Some("passed"), now).unwrap();
        let _ = open;
    })
    .await;
    app.wait_text("#plan-dialog-title", &format!("Plan {}", this_week())).await;
    assert!(app.js("return document.getElementById('plan-dialog').open").await.as_bool().unwrap());
    app.wait_text("#plan-last", "Audit — done: passed").await;
    app.find("#plan-carry").await.click().await.unwrap();
    app.wait_text("#plan-this", "Vendor contract").await;
    app.type_into("#plan-add", &format!("Hire a vendor manager{ENTER}")).await;
    app.wait_text("#plan-this", "Hire a vendor manager").await;
    app.find("#plan-done").await.click().await.unwrap();
    let app_ref = &app;
    sanctum_e2e::eventually("the week to be marked planned", || async {
        app_ref.store().planned_week().unwrap() == Some(this_week())
    })
    .await;
    assert!(!app.js("return document.getElementById('plan-dialog').open").await.as_bool().unwrap());
    let ps = app.store().priorities(this_week()).unwrap();
    let titles: Vec<&str> = ps.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Vendor contract", "Hire a vendor manager"]);
    assert!(ps[0].carried_from.is_some());
    app.stop().await;
}

#[tokio::test]
async fn tasks_are_delegated_landed_and_things_deleted() {
    let app = App::start_with(|s| {
        s.set_setting("timezone", "UTC").unwrap();
    })
    .await;
    app.find("[data-screen=week]").await.click().await.unwrap();
    app.type_into("#batch-form [name=name]", &format!("Approvals{ENTER}")).await;
    app.wait_text("#batch-list", "Approvals").await;
    let batch = app.store().batch_named("Approvals").unwrap().unwrap();

    app.type_into("#task-form [name=title]", "Approve PO 4411").await;
    app.find("#task-form [name=batch]").await.select_by_value(&batch.id.to_string()).await.unwrap();
    app.type_into("#task-form [name=estimate]", "lots").await;
    app.find("#task-form button").await.click().await.unwrap();
    app.wait_text("#tasks-status", "estimate: 'lots' is not a duration").await;
    let estimate = app.find("#task-form [name=estimate]").await;
    estimate.clear().await.unwrap();
    estimate.send_keys("15m").await.unwrap();
    app.type_into("#task-form [name=owner]", "delegated:Priya").await;
    app.find("#task-form button").await.click().await.unwrap();
    app.wait_text("#delegated-list", "Approve PO 4411 → Priya").await;
    let task = app.store().tasks(&Default::default()).unwrap().remove(0);
    assert_eq!((task.estimate_minutes, task.batch_id), (Some(15), Some(batch.id)));
    app.find("#delegated-list .landed").await.click().await.unwrap();
    app.wait_text("#delegated-list", "Nothing is out with other people").await;
    assert!(app.store().task(task.id).unwrap().done_at.is_some());

    app.type_into("#priority-title", &format!("Vendor contract{ENTER}")).await;
    app.wait_count("#priority-list li", 1).await;
    app.find("#carry-next").await.click().await.unwrap();
    app.wait_text("#priority-status", "Carried 1 into").await;
    assert_eq!(app.store().priorities(this_week().next()).unwrap().len(), 1);
    // The carry's change redraws the list: the button may be replaced under the click.
    app.click("#priority-list li .delete").await;
    app.wait_count("#priority-list li", 0).await;
    assert!(app.store().priorities(this_week()).unwrap().is_empty());

    app.type_into("#win-form [name=title]", &format!("Quick win{ENTER}")).await;
    app.wait_text("#win-list", "Quick win").await;
    app.find("#win-list .delete").await.click().await.unwrap();
    app.wait_text("#win-list", "No wins yet this week").await;
    assert!(app.store().wins(this_week()).unwrap().is_empty());

    app.find("#batch-list li .delete").await.click().await.unwrap();
    app.answer_confirm("Delete the batch \"Approvals\"?", true).await;
    app.wait_count("#batch-list li[data-batch]", 0).await;
    assert!(app.store().batch_named("Approvals").unwrap().is_none());
    assert_eq!(
        app.store().task(task.id).unwrap().batch_id,
        None,
        "the task stays, without a batch"
    );
    app.stop().await;
}

/// The contract with the page, in the real app: every write announces one `data:changed` naming
/// what it changed; a visible screen refreshes itself from it (no screen is refreshed by hand);
/// a sixth priority comes back as a question, not an error; an error carries a stable code.
#[tokio::test]
async fn every_write_announces_what_it_changed_and_a_question_is_an_answer() {
    let app = App::start().await;
    app.js(
        "window.__seen = []; \
         window.__TAURI__.event.listen('data:changed', (e) => window.__seen.push(e.payload.topics.join(','))); \
         return true;",
    )
    .await;
    app.type_into("#quicklog", &format!("@Sam slack 5m invoices{ENTER}")).await;
    app.wait_count("#log-body tr", 1).await;
    let seen = || async { app.js("return window.__seen").await };
    sanctum_e2e::eventually("the fire's change event", || async {
        seen().await == serde_json::json!(["fires"])
    })
    .await;

    // The week screen is shown; a priority added behind its back (through the API, as another
    // part of the page would) appears without the screen being told.
    app.find(".tab[data-screen=week]").await.click().await.unwrap();
    let week = this_week().to_string();
    let add = |title: &str, confirmed: bool| {
        format!(
            "return window.__TAURI__.core.invoke('add_priority', \
             {{ week: '{week}', title: '{title}', confirmed: {confirmed} }});"
        )
    };
    for n in 1..=5 {
        let done = app.js(&add(&format!("P{n}"), false)).await;
        assert_eq!(done["status"], "done", "{done}");
    }
    app.wait_count("#priority-list li[data-id]", 5).await;
    sanctum_e2e::eventually("the planning change event", || async {
        seen().await.as_array().is_some_and(|a| a.contains(&serde_json::json!("planning")))
    })
    .await;
    let ask = app.js(&add("P6", false)).await;
    assert_eq!(ask["status"], "ask", "{ask}");
    assert!(ask["question"].as_str().unwrap().contains("already has 5"), "{ask}");
    assert_eq!(app.store().priorities(this_week()).unwrap().len(), 5, "a question changes nothing");

    // An error is { code, message, field }.
    let error = app
        .js("return window.__TAURI__.core.invoke('delete_priority', { id: 999 }).catch((e) => e);")
        .await;
    assert_eq!(error["code"], "not_found", "{error}");
    assert!(error["message"].as_str().unwrap().contains("999"), "{error}");
    app.stop().await;
}
