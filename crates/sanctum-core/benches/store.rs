//! Store benchmark: logging one interruption (durable commit) and listing a week, with
//! SANCTUM_BENCH_ROWS (default 1,000,000) interruptions and three focus blocks already in a real
//! database file; also a week's focus occurrences, the .ics export, and the weekly review with
//! its 12-week trend (target: under 50 ms).
//!
//! Run: `cargo bench -p sanctum-core --bench store`. Prints p50/p99/max per operation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{figures, time};
use std::time::Instant;

use chrono::{DateTime, Utc};
use sanctum_core::focus::{parse_days, parse_wall_time, NewFocusBlock, Repeat};
use sanctum_core::time::IsoWeek;
use sanctum_core::{Channel, InterruptionFilter, NewInterruption, Outcome, Store, Urgency};

/// A small deterministic generator, so every run measures the same data.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn main() {
    let rows: usize =
        std::env::var("SANCTUM_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite3");
    let store = Store::open(&path).unwrap();
    let now: DateTime<Utc> = "2026-11-25T15:00:00Z".parse().unwrap();
    let ten_years = 10 * 365 * 24 * 3600;

    let sources = ["Sam", "Ana", "Priya", "Bo", "Raj", "Vendor X", "PagerDuty", "CEO", "Finance"];
    let categories = ["vendor", "client", "people", "incident", "grey-area"];
    let words = ["invoices", "outage", "access", "refund", "escalation", "onboarding", "report"];
    let mut rng = Lcg(42);
    let started = Instant::now();
    // Spread evenly over ten years, oldest first with some jitter: the order a real log grows in.
    let step = ten_years as f64 / rows.max(1) as f64;
    let generated = (0..rows).map(|k| {
        let age = ((rows - k) as f64 * step) as u64 - rng.next() % (step as u64).max(1);
        let mut n = NewInterruption::at(now - chrono::Duration::seconds(age as i64));
        n.source = Some(rng.pick(&sources).to_string());
        n.category = Some(rng.pick(&categories).to_string());
        n.channel = Channel::ALL[(rng.next() % 7) as usize];
        n.urgency = [Urgency::Low, Urgency::Normal, Urgency::High][(rng.next() % 3) as usize];
        n.minutes = (rng.next() % 60) as u32;
        n.outcome = match rng.next() % 4 {
            0 => Outcome::Delegated { to: rng.pick(&sources).to_string() },
            1 => Outcome::Deferred { batch: Some("Email".into()) },
            2 => Outcome::Declined,
            _ => Outcome::Handled,
        };
        n.note = format!("{} {} {}", rng.pick(&words), rng.pick(&words), rng.next() % 1000);
        n
    });
    store.log_interruptions_bulk(generated, now).unwrap();
    println!(
        "seeded {rows} interruptions over 10 years in {:.1} s; file {:.0} MiB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&path).unwrap().len() as f64 / 1048576.0
    );

    // Three focus blocks, so listing also derives "during focus" as it does for a real user.
    for (title, days, from, to) in [
        ("Strategy", "tue,thu", "13:00", "17:00"),
        ("Ops review", "mon", "09:00", "10:30"),
        ("Writing", "fri", "14:00", "16:00"),
    ] {
        let block = NewFocusBlock {
            title: title.into(),
            intention: String::new(),
            repeat: Repeat::Weekly { days: parse_days(days).unwrap() },
            start: parse_wall_time("from", from).unwrap(),
            end: parse_wall_time("to", to).unwrap(),
            timezone: "Europe/London".into(),
            active_from: "2016-11-01".parse().unwrap(),
            active_until: None,
            paused: false,
        };
        store.add_block(block, now - chrono::Duration::days(3650)).unwrap();
    }

    let mut rng = Lcg(7);
    figures(
        "log one interruption (durable commit)",
        time(1000, |k| {
            let mut n = NewInterruption::at(now);
            n.source = Some(rng.pick(&sources).to_string());
            n.minutes = 15;
            n.note = format!("bench entry {k}");
            store.log_interruption(n, now).unwrap()
        }),
    );

    let zone = chrono_tz::Europe::London;
    let week = IsoWeek::containing(now, zone).span(zone);
    let in_week = InterruptionFilter { span: Some(week), ..Default::default() };
    let listed = store.list_interruptions(&in_week).unwrap().len();
    figures(
        &format!("list this week ({listed} rows)"),
        time(200, |_| store.list_interruptions(&in_week).unwrap()),
    );

    let past = IsoWeek::containing(now - chrono::Duration::days(400), zone).span(zone);
    let past_filter = InterruptionFilter { span: Some(past), ..Default::default() };
    let listed = store.list_interruptions(&past_filter).unwrap().len();
    figures(
        &format!("list a past week ({listed} rows)"),
        time(200, |_| store.list_interruptions(&past_filter).unwrap()),
    );

    let searched = InterruptionFilter {
        span: Some(week),
        source: Some("sam".into()),
        text: Some("outage".into()),
        ..Default::default()
    };
    figures(
        "week filtered by source + text search",
        time(200, |_| store.list_interruptions(&searched).unwrap()),
    );

    let all_search = InterruptionFilter {
        text: Some("refund 42".into()),
        limit: Some(500),
        ..Default::default()
    };
    figures(
        "search all time, first 500",
        time(20, |_| store.list_interruptions(&all_search).unwrap()),
    );

    // The app's search: the newest 10,000 matches once (then every page from them). Two
    // searches alternate, so each run reads afresh (the last one is cached).
    for (what, a, b, span) in [
        ("a common word (in ~40% of fires), all time", "refund", "access", None),
        ("a rare word (in ~0.1%), all time", "427", "428", None),
        ("a common word, this week", "refund", "access", Some(week)),
    ] {
        let filter =
            |text: &str| InterruptionFilter { text: Some(text.into()), span, ..Default::default() };
        let (fa, fb) = (filter(a), filter(b));
        figures(
            &format!("search: {what}"),
            time(20, |k| store.matching(if k % 2 == 0 { &fa } else { &fb }, 10_000).unwrap()),
        );
    }

    // The "All" list's pages (150 rows, as the app asks): at the top, and deep in it before
    // and after the list is marked. Listing a week's page in between shows another list, so
    // the markers along "All" are dropped and the deep page walks from the top.
    let all = InterruptionFilter { limit: Some(150), ..Default::default() };
    let week_page = InterruptionFilter { limit: Some(150), ..in_week.clone() };
    let oldest = InterruptionFilter {
        offset: Some((store.count_interruptions().unwrap() as u32).saturating_sub(150)),
        ..all.clone()
    };
    figures("All: the first page", time(50, |_| store.list_interruptions(&all).unwrap()));
    figures(
        "All: the oldest page, unmarked (+ a week's page)",
        time(20, |_| {
            store.list_interruptions(&week_page).unwrap();
            store.list_interruptions(&oldest).unwrap()
        }),
    );
    figures(
        "All: marking the whole list (+ a week's page)",
        time(20, |_| {
            store.list_interruptions(&week_page).unwrap();
            store.list_interruptions(&all).unwrap();
            while store.mark_list(&all, 65_536).unwrap() {}
        }),
    );
    figures(
        "All: the oldest page, marked",
        time(50, |_| store.list_interruptions(&oldest).unwrap()),
    );

    let week_span = IsoWeek::containing(now, zone).span(zone);
    figures(
        "focus occurrences of a week (3 blocks)",
        time(200, |_| store.occurrences(week_span).unwrap()),
    );
    figures("focus blocks as .ics", time(20, |_| store.blocks_ics(now).unwrap()));

    let this_week = IsoWeek::containing(now, zone);
    figures(
        "weekly review incl. 12-week trend",
        time(50, |_| store.week_review(this_week, now).unwrap()),
    );
    figures("12-week trend alone", time(50, |_| store.trend(this_week, 12).unwrap()));
    let week_of_2020 = "2020-W10".parse::<IsoWeek>().unwrap();
    figures(
        "weekly review of a week in 2020",
        time(50, |_| store.week_review(week_of_2020, now).unwrap()),
    );

    let since = now - chrono::Duration::days(90);
    figures("recent names (90 days)", time(50, |_| store.recent_names(since).unwrap()));
}
