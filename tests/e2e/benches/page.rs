//! The page's speed with years of data, measured in the real app's real webview over WebDriver:
//! Enter in the quick-log box until the fire is in the list, switching screens and weeks,
//! scrolling and searching all time. Prints a table; `scripts/bench-page.sh` seeds the database
//! and runs it against the release build.
//!
//! Each figure is taken inside the page, starting from a quiet page (nothing changed for 300 ms):
//! a click (or Enter) is made by a script, a mutation observer notes when what the action shows
//! appeared (or, for a screen redrawn in place, the last change it caused), and a
//! requestAnimationFrame loop notes the next frame after it ("painted") and the longest gap
//! between frames over the next 1.5 s ("longest frame": a long task blocks frames).

// A benchmark harness: a failed expectation is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    clippy::print_stdout
)]

use std::path::PathBuf;

use sanctum_e2e::App;
use serde_json::{json, Value};

/// Runs `action` (statements, put in place of `/*ACTION*/`) in the page and times what it
/// changes under `main`.
/// `until` is a CSS selector whose element must exist before the change counts as done.
const MEASURE: &str = r#"
const [until, done] = arguments;
const root = document.querySelector('main');
const t0 = performance.now();
let last = t0;
let seen = !until;
let seenAt = null;
const observer = new MutationObserver((records) => {
  // The quick-log box resting its cursor (10 s after it was focused) is no action's doing.
  if (records.every((r) => r.attributeName === 'data-resting')) return;
  last = performance.now();
  if (!seen && document.querySelector(until)) { seen = true; seenAt = last; }
});
observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
/*ACTION*/
const frames = [];
function frame() {
  const now = performance.now();
  frames.push(now);
  if ((now - t0 < 1500 || !seen) && now - t0 < 10000) { requestAnimationFrame(frame); return; }
  observer.disconnect();
  let longest = 0;
  for (let i = 1; i < frames.length; i++) longest = Math.max(longest, frames[i] - frames[i - 1]);
  longest = Math.max(longest, frames[0] - t0);
  // Done: the first frame after what was waited for appeared (or after the last change).
  const doneAt = seenAt ?? last;
  const after = frames.find((t) => t > doneAt) ?? now;
  // And the first frame after the last change, for an action that shows its answer in steps.
  const settled = (frames.find((t) => t > last) ?? now) - t0;
  done({ painted: after - t0, longest, seen, settled });
}
requestAnimationFrame(frame);
"#;

struct Figure {
    what: &'static str,
    target: &'static str,
    painted: Vec<f64>,
    longest: Vec<f64>,
}

/// Resolves once the page has not changed for 300 ms (at most 5 s), two frames later: each
/// action starts from a quiet page, as a user's does, so the redraw of what came before (a
/// fire logged by the round trip, the menus' names) is not counted in it.
const SETTLE: &str = r#"
const done = arguments[0];
const t0 = performance.now();
let quietSince = t0;
const observer = new MutationObserver((records) => {
  if (!records.every((r) => r.attributeName === 'data-resting')) quietSince = performance.now();
});
observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
(function check() {
  const now = performance.now();
  if (now - quietSince < 300 && now - t0 < 5000) { setTimeout(check, 50); return; }
  observer.disconnect();
  requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
})();
"#;

async fn measure(app: &App, action: &str, until: Option<&str>) -> (f64, f64) {
    let (painted, longest, _) = measure_steps(app, action, until).await;
    (painted, longest)
}

/// [`measure`], and when the last change was painted (after what `until` waits for).
async fn measure_steps(app: &App, action: &str, until: Option<&str>) -> (f64, f64, f64) {
    app.client.execute_async(SETTLE, vec![]).await.unwrap();
    // The action is part of the script (the page's content security policy forbids eval).
    let script = MEASURE.replace("/*ACTION*/", action);
    let out = app
        .client
        .execute_async(&script, vec![until.map_or(Value::Null, |u| json!(u))])
        .await
        .unwrap();
    assert_eq!(out["seen"], json!(true), "{action}: {until:?} never appeared");
    let ms = |k: &str| out[k].as_f64().unwrap();
    (ms("painted"), ms("longest"), ms("settled"))
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(0.0, f64::max)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let db = PathBuf::from(
        std::env::var("SANCTUM_BENCH_DB")
            .expect("SANCTUM_BENCH_DB: a seeded database file (scripts/bench-page.sh makes one)"),
    );
    let runs: usize =
        std::env::var("SANCTUM_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let fires = sanctum_core::Store::open(&db).unwrap().count_interruptions().unwrap();
    let app = App::start_on_copy(&db).await;
    let mut figures: Vec<Figure> = Vec::new();
    let mut record = |what, target, (painted, longest): (f64, f64)| match figures
        .iter_mut()
        .find(|f| f.what == what)
    {
        Some(f) => {
            f.painted.push(painted);
            f.longest.push(longest);
        }
        None => {
            figures.push(Figure { what, target, painted: vec![painted], longest: vec![longest] })
        }
    };
    let click = |css: &str| format!("document.querySelector({css:?}).click()");
    // The floor under every figure: one command's round trip through Tauri's IPC, and logging
    // a fire (parse, a durable commit, read back) without the page around it.
    let round_trip = |command: &'static str, args: Value| {
        let app = &app;
        async move {
            let script = "const [command, args, done] = arguments; const t0 = performance.now(); \
                window.__TAURI__.core.invoke(command, args).then(() => done(performance.now() - t0), \
                (e) => done(-1));";
            let ms = app.client.execute_async(script, vec![json!(command), args]).await.unwrap();
            let ms = ms.as_f64().unwrap();
            assert!(ms >= 0.0, "{command} failed");
            (ms, 0.0)
        }
    };
    for run in 0..runs {
        record(
            "one command round trip (app status)",
            "—",
            round_trip("app_status", json!({})).await,
        );
        let line = json!({ "text": format!("@Sam slack 5m round trip {run}") });
        record("log a fire, command round trip", "—", round_trip("log_quicklog", line).await);
        // Enter in the quick-log box until the fire is a row of the list. The line is typed
        // first (its preview shown, the page quiet again), as a user's is before Enter.
        let note = format!("bench fire {run} {}", std::process::id());
        let typed = format!(
            "const q = document.getElementById('quicklog'); q.value = '@Sam slack 5m {note}'; \
             q.dispatchEvent(new Event('input'));"
        );
        app.client.execute(&typed, vec![]).await.unwrap();
        let enter = "document.getElementById('quicklog-form').requestSubmit();";
        let row = format!("#log-body td.note[title={note:?}]");
        let f = measure(&app, enter, Some(&row)).await;
        assert_eq!(
            app.text("#log-body tr:first-child td.note").await,
            note,
            "the new fire is first"
        );
        record("Enter → the fire in the list", "≤ 50 ms", f);

        for (screen, prev) in [
            ("planner", "#plan-prev"),
            ("week", "#prio-prev"),
            ("review", "#review-prev"),
            ("settings", ""),
            ("log", "#week-prev"),
        ] {
            let tab = format!(".tab[data-screen={screen}]");
            let what: &'static str = match screen {
                "planner" => "switch to Planner",
                "week" => "switch to Priorities & batches",
                "review" => "switch to Review",
                "settings" => "switch to Settings",
                _ => "switch to Interruptions",
            };
            record(what, "≤ 100 ms", measure(&app, &click(&tab), None).await);
            if !prev.is_empty() {
                let what: &'static str = match screen {
                    "planner" => "Planner: previous week",
                    "week" => "Priorities: previous week",
                    "review" => "Review: previous week",
                    _ => "Interruptions: previous week",
                };
                record(what, "≤ 100 ms", measure(&app, &click(prev), None).await);
            }
        }
        // Back to this week, then all time: the list, scrolled, then searched.
        measure(&app, &click("[data-period=week]"), None).await;
        record(
            "Interruptions: All (years of fires)",
            "≤ 100 ms",
            measure(&app, &click("[data-period=all]"), None).await,
        );
        for (what, at) in [("scroll All to the middle", 0.5), ("scroll All to the oldest", 1.0)] {
            let scroll = format!(
                "const b = document.getElementById('log-scroll'); b.scrollTop = (b.scrollHeight - b.clientHeight) * {at};"
            );
            record(what, "smooth (≤ 50 ms)", measure(&app, &scroll, None).await);
        }
        let word = if run % 2 == 0 { "refund" } else { "payroll" };
        let search = format!(
            "const s = document.getElementById('filter-text'); s.value = '{word}'; \
             s.dispatchEvent(new Event('input'));"
        );
        // Its first matches on screen: the first row is another, and holds the word.
        let before =
            app.js("return document.querySelector('#log-body tr')?.dataset.id ?? ''").await;
        let first = format!(
            "#log-body tr:first-child:not([data-id={:?}]) td.note[title*={word:?}]",
            before.as_str().unwrap_or_default()
        );
        let (painted, longest, settled) = measure_steps(&app, &search, Some(&first)).await;
        record(
            "search all time: first matches (incl. 150 ms typing pause)",
            "≤ 250 ms",
            (painted, longest),
        );
        record("search all time: counted (incl. the pause)", "—", (settled, longest));
        let clear = "const s = document.getElementById('filter-text'); s.value = ''; s.dispatchEvent(new Event('input'));";
        measure(&app, clear, None).await;
        measure(&app, &click("[data-period=week]"), None).await;
    }
    app.stop().await;

    println!("\nThe page with {fires} fires in the database, {runs} runs (ms; painted = the first frame after the last change):\n");
    println!(
        "| action | target | painted p50 | painted max | longest frame max | painted, each run |"
    );
    // (For the two round trips the "painted" columns are the round trip itself.)
    println!("|---|---|---|---|---|---|");
    for f in &figures {
        let each: Vec<String> = f.painted.iter().map(|p| format!("{p:.0}")).collect();
        println!(
            "| {} | {} | {:.0} | {:.0} | {:.0} | {} |",
            f.what,
            f.target,
            median(&f.painted),
            max(&f.painted),
            max(&f.longest),
            each.join(" ")
        );
    }
}
