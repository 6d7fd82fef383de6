//! The weekly review in the real app: a fixture week worked out by hand shows its figures,
//! a bar lists its entries, the guided review saves a change and plans next week, the report
//! is saved; screenshots in the light and the dark theme.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use chrono::Utc;
use sanctum_core::{IsoWeek, Store};
use sanctum_e2e::{App, ENTER};

/// The hand-computed week of the core's review test, in the light theme.
fn fixture(s: &Store) {
    sanctum_core::fixtures::review_week(s);
    s.set_setting("theme", "light").unwrap();
}

/// Steps the review screen to `week` with its ‹ › buttons.
async fn go_to(app: &App, week: &str) {
    for _ in 0..200 {
        let shown = app.text("#review-week").await;
        if shown == week {
            return;
        }
        let button = if shown.as_str() > week { "#review-prev" } else { "#review-next" };
        app.find(button).await.click().await.unwrap();
        let before = shown.clone();
        let client = &app.client;
        sanctum_e2e::eventually("the week to change", || async {
            client
                .find(sanctum_e2e::Locator::Css("#review-week"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
                != before
        })
        .await;
    }
    panic!("could not reach {week}");
}

async fn kpis(app: &App) -> Vec<String> {
    let v = app
        .js("return [...document.querySelectorAll('#review-kpis .kpi')].map(k => k.textContent)")
        .await;
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn the_review_of_a_fixture_week_shows_the_hand_computed_figures() {
    let app = App::start_with(fixture).await;
    app.find("[data-screen=review]").await.click().await.unwrap();
    app.wait_text("#review-week", "W").await;
    go_to(&app, "2026-W48").await;
    app.wait_text("#review-kpis", "7h").await;
    assert_eq!(
        kpis(&app).await,
        [
            "7hstrategic (focus held)",
            "1h50mreactive, 4 fires",
            "30mbatched small tasks",
            "78%of planned focus defended",
            "50%fires not mine",
            "3h22mfires cost, with refocus",
        ]
    );
    assert_eq!(
        app.js("return document.querySelectorAll('#daily-chart svg g.bar').length").await,
        7
    );
    assert!(app
        .text("#focus-record")
        .await
        .contains("Planned 9h of 8h; held 7h. Kept 1, shortened 1, broken 1"));
    assert!(app.text("#review-priorities").await.contains("Hiring — partly done"));
    assert!(app.text("#review-wins").await.contains("Closed the vendor audit — no findings"));
    let sources = app.text("#sources-table").await;
    assert!(sources.contains("Ops145m") && sources.contains("Sam235m"), "{sources}");
    // The text equivalent of the chart.
    let table = app.js("return document.querySelector('#daily-table').textContent").await;
    assert!(table.as_str().unwrap().contains("Tue, 24 Nov4h0m15m1"), "{table}");

    // WebKitWebDriver does not click SVG shapes; the bar gets the click event a mouse sends.
    app.js("document.querySelector(\"#daily-chart g.bar[data-date='2026-11-24'] .hit\").dispatchEvent(new MouseEvent('click', { bubbles: true }))").await;
    app.wait_text("#day-detail h4", "Tue, 24 Nov: 1 fire, strategic 4h").await;
    assert!(app.text("#day-detail").await.contains("invoices again"));
    app.screenshot("review-light").await;

    // Dark theme, chosen in Settings.
    app.find("[data-screen=settings]").await.click().await.unwrap();
    app.find("#set-theme").await.select_by_value("dark").await.unwrap();
    app.wait_text("#settings-status", "Saved theme: dark").await;
    assert_eq!(app.js("return document.documentElement.dataset.theme").await, "dark");
    let bg = app.js("return getComputedStyle(document.body).backgroundColor").await;
    assert_eq!(bg, "rgb(23, 25, 28)", "the dark background is applied");
    app.find("[data-screen=review]").await.click().await.unwrap();
    go_to(&app, "2026-W48").await;
    app.wait_text("#review-kpis", "7h").await;
    app.screenshot("review-dark").await;

    // The report is named after the week it shows.
    let path = app.chosen_dir().join("sanctum-review-2026-W48.html");
    app.find("#report-form [data-format=html]").await.click().await.unwrap();
    app.wait_text("#report-status", "Saved").await;
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("Week 2026-W48") && html.contains("<svg"));
    app.stop().await;
}

#[tokio::test]
async fn the_guided_review_saves_one_change_and_plans_next_week() {
    let app = App::start_with(fixture).await;
    app.find("[data-screen=review]").await.click().await.unwrap();
    app.find("#review-start").await.click().await.unwrap();
    let client = &app.client;
    sanctum_e2e::eventually("the review dialog to open", || async {
        client
            .execute("return document.getElementById('review-dialog').open", vec![])
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    })
    .await;
    app.wait_text("#review-summary", "Strategic").await;
    app.find("#review-to-2").await.click().await.unwrap();
    app.eventually_focused("#review-change").await;
    app.type_into("#review-change", "Send vendor pings to the Friday batch").await;
    app.find("#review-to-3").await.click().await.unwrap();
    app.eventually_focused("#review-next-add").await;
    app.type_into("#review-next-add", &format!("Hire a vendor manager{ENTER}")).await;
    app.wait_text("#review-next-list", "Hire a vendor manager").await;
    app.find("#review-done").await.click().await.unwrap();

    let current = IsoWeek::containing(Utc::now(), chrono_tz::UTC);
    let note = app.store().review_note(current).unwrap().unwrap();
    assert_eq!(note.next_change, "Send vendor pings to the Friday batch");
    let next = app.store().priorities(current.next()).unwrap();
    assert_eq!(next[0].title, "Hire a vendor manager");
    assert!(!app
        .js("return document.getElementById('review-dialog').open")
        .await
        .as_bool()
        .unwrap());
    app.wait_text("#focus-record", "Change for next week: Send vendor pings to the Friday batch")
        .await;
    app.stop().await;
}

#[tokio::test]
async fn your_data_is_backed_up_exported_and_imported_without_replacing_anything_unasked() {
    let app = App::start_with(fixture).await;
    app.find("[data-screen=settings]").await.click().await.unwrap();
    let dir = app.chosen_dir();
    let store = app.store();
    let today = Utc::now().with_timezone(&store.zone().unwrap()).date_naive();
    let click = |action: &'static str| {
        let app = &app;
        async move {
            app.find(&format!("#data-form [data-action={action}]")).await.click().await.unwrap();
        }
    };
    // Each action offers a name of its own: an export never lands on the backup.
    click("backup").await;
    app.wait_text("#data-status", "Backed up to").await;
    let backup = dir.join(format!("sanctum-backup-{today}.sqlite3"));
    let copy = Store::open(&backup).unwrap();
    copy.integrity_check().unwrap();
    assert_eq!(copy.count_interruptions().unwrap(), 5);
    drop(copy);
    let backup_bytes = std::fs::read(&backup).unwrap();

    click("export_json").await;
    app.wait_text("#data-status", "Exported everything").await;
    let json = dir.join(format!("sanctum-export-{today}.json"));
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let tables = Store::open_in_memory().unwrap().exported_tables().unwrap();
    assert_eq!(export["tables"].as_array().unwrap().len(), tables.len());
    assert!(tables.iter().any(|t| t == "reviews"), "review notes are exported");
    assert_eq!(std::fs::read(&backup).unwrap(), backup_bytes, "the backup is untouched");

    // The same export again asks first; Cancel (which has focus) writes nothing.
    std::fs::write(&json, "mine").unwrap();
    click("export_json").await;
    app.answer_confirm(&format!("{} already exists; replace it?", json.display()), false).await;
    app.wait_text("#data-status", "Nothing was written.").await;
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "mine");
    // Replace does.
    click("export_json").await;
    app.answer_confirm("already exists; replace it?", true).await;
    app.wait_text("#data-status", "Exported everything").await;
    assert!(std::fs::read_to_string(&json).unwrap().starts_with('{'));

    click("export_csv").await;
    app.wait_text("#data-status", "one CSV file per table").await;
    assert!(dir.join(format!("sanctum-csv-{today}/wins.csv")).is_file());
    click("export_csv").await;
    app.answer_confirm(".csv already exists; replace it?", false).await;
    app.wait_text("#data-status", "Nothing was written.").await;

    // Import reads the export just made (the open dialog's pick, here).
    click("import").await;
    app.wait_text("#data-status", "Imported 0 rows from").await;
    std::fs::remove_file(&json).unwrap();
    click("import").await;
    app.wait_text("#data-status", "file: cannot read").await;
    assert!(!app.text("#data-status").await.contains("os error"), "no raw OS error text");
    app.stop().await;
}

#[tokio::test]
async fn export_opens_the_desktops_own_save_dialog_with_a_dated_name() {
    let app = App::start_with_real_dialogs().await;
    app.find("[data-screen=settings]").await.click().await.unwrap();
    app.find("#data-form [data-action=export_json]").await.click().await.unwrap();
    // GTK's file chooser, a window of its own titled by the action (it waits for the user; the
    // test ends the app with it open).
    let found = || {
        let out = std::process::Command::new("xdotool")
            .args(["search", "--name", "^Export everything as JSON$"])
            .output()
            .unwrap();
        out.status.success() && !out.stdout.is_empty()
    };
    sanctum_e2e::eventually("the save dialog", || async { found() }).await;
    assert!(
        !std::path::Path::new(&app.chosen_dir()).read_dir().unwrap().any(|_| true),
        "nothing written"
    );
    app.stop().await;
}
