//! How the app looks and whether everyone can use it: axe-core (the npm package, injected over
//! WebDriver into the real webview) on every screen and dialog in both themes must find no
//! serious or critical problem, and screenshots of each at 1280×800 and 900×600, light and dark,
//! land in target/e2e-screenshots/look/ for review.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::path::Path;

use chrono::{Duration, Utc};
use sanctum_core::Store;
use sanctum_e2e::{eventually, App};
use serde_json::{json, Value};

/// A week with something on every screen: last week's reviewed figures and this week's fires,
/// blocks, priorities, a batch and a win.
fn lived_in(s: &Store) {
    sanctum_core::fixtures::review_week(s);
    let now = Utc::now();
    // Spread over the last 30 hours, or over what has passed of this week when less has (early
    // on a Monday): the log opens on this week, and the photos need its rows.
    let week_start =
        sanctum_core::IsoWeek::containing(now, chrono_tz::UTC).span(chrono_tz::UTC).start;
    let span = (now - week_start).num_seconds().clamp(0, 30 * 3600);
    for (hours_ago, line) in [
        (1, "@Sam slack 15m #vendor >Priya invoices failing again, and the vendor portal is down"),
        (3, "@Ana call 30m #people 1:1 ran over"),
        (26, "@Ops alert 45m #incident ! pager noise from the warehouse sensors"),
        (30, "@Finance email 10m ~Email quarterly numbers"),
    ] {
        let at = now - Duration::seconds(span * hours_ago / 30);
        let fire = sanctum_core::quicklog::parse_new(line, at, chrono_tz::UTC).unwrap();
        s.log_interruption(fire, at).unwrap();
    }
    let week = sanctum_core::IsoWeek::containing(now, chrono_tz::UTC);
    for title in ["Hire a vendor manager", "Ship the Q1 ops roadmap", "Cut pager noise by half"] {
        s.add_priority(week, title, false, now).unwrap();
    }
}

const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then((r) => done(r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.failureSummary) }))))
  .catch((e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));
"#;

/// axe-core's serious and critical findings on what is shown now.
async fn axe(app: &App) -> Vec<Value> {
    let loaded = app.js("return typeof axe !== 'undefined'").await;
    if loaded != json!(true) {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (npm ci installs axe-core)", path.display()));
        app.client.execute(&source, vec![]).await.unwrap();
    }
    let found = app.client.execute_async(AXE_RUN, vec![]).await.unwrap();
    found.as_array().unwrap().clone()
}

async fn shown(app: &App, css: &str) {
    let client = &app.client;
    let script =
        format!("const e = document.querySelector({css:?}); return !!e && (e.open ?? !e.hidden);");
    eventually(&format!("{css} to show"), || async {
        client.execute(&script, vec![]).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
    })
    .await;
    // Let the screen's data arrive and paint.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
}

async fn snap(app: &App, name: &str) {
    for (w, h) in [(1280, 800), (900, 600)] {
        app.client.set_window_size(w, h).await.unwrap();
        let png = app.photo().await;
        let dir = sanctum_e2e::screenshot_dir().join("look");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}-{w}x{h}.png")), png).unwrap();
    }
    app.client.set_window_size(1280, 800).await.unwrap();
}

#[tokio::test]
async fn every_screen_and_dialog_passes_axe_in_both_themes_and_is_photographed() {
    let app = App::start_with(lived_in).await;
    let mut problems: Vec<String> = Vec::new();
    for theme in ["light", "dark"] {
        app.find("[data-screen=settings]").await.click().await.unwrap();
        app.find("#set-theme").await.select_by_value(theme).await.unwrap();
        let client = &app.client;
        eventually("the theme to apply", || async {
            client
                .execute("return document.documentElement.dataset.theme", vec![])
                .await
                .ok()
                .is_some_and(|v| v == json!(theme))
        })
        .await;
        // Each screen, then the dialogs and panels opened from them.
        let views: [(&str, &str, &str); 12] = [
            ("interruptions", "[data-screen=log]", "#screen-log"),
            ("interruptions-edit", "#log-body tr .edit", "#edit-panel"),
            ("planner", "[data-screen=planner]", "#screen-planner"),
            ("planner-block-form", "#block-new", "#block-form"),
            ("planner-suggestions", "#suggest-open", "#suggest-panel"),
            ("planner-confirm", "#block-list li .delete", "#confirm-dialog"),
            ("priorities", "[data-screen=week]", "#screen-week"),
            ("plan-the-week", "#plan-week-open", "#plan-dialog"),
            ("review", "[data-screen=review]", "#screen-review"),
            ("weekly-review", "#review-start", "#review-dialog"),
            ("settings", "[data-screen=settings]", "#screen-settings"),
            ("settings-calendar-form", "#cal-kind", "#calendar-form"),
        ];
        for (name, open, check) in views {
            // Close what the previous view opened (a dialog, a form) before moving on.
            app.js("for (const d of document.querySelectorAll('dialog[open]')) d.close(); \
                    document.getElementById('block-form').hidden = true;")
                .await;
            app.find(open).await.click().await.unwrap();
            shown(&app, check).await;
            for v in axe(&app).await {
                problems.push(format!("{theme} {name}: {v}"));
            }
            snap(&app, &format!("{name}-{theme}")).await;
        }
    }
    assert!(
        problems.is_empty(),
        "axe-core found serious or critical problems:\n{}",
        problems.join("\n")
    );
    app.stop().await;
}
