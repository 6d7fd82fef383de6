//! One rule per figure, checked through the API every screen and command uses: the time of a
//! held focus block belongs to the local days (and so the ISO weeks) of the *user's* zone it
//! overlaps, split at midnight and at week boundaries, every minute counted exactly once — in
//! the review's days and balance, its 12-week trend, the planner's figures (which `block list`
//! and `--json` print) and the report.
#![allow(clippy::unwrap_used)] // a failed step is a failed test

use chrono::{DateTime, NaiveTime, Utc};
use sanctum_core::api::focus::WhichOccurrence;
use sanctum_core::api::review::ReportFormat;
use sanctum_core::fixtures::{at, store_in};
use sanctum_core::focus::{NewFocusBlock, OccurrenceOutcome, Repeat};
use sanctum_core::time::IsoWeek;
use sanctum_core::Sanctum;

struct Case {
    what: &'static str,
    user_zone: &'static str,
    block_zone: &'static str,
    date: &'static str,
    from: (u32, u32),
    to: (u32, u32),
    /// (ISO week, weekday index from Monday, minutes) for every day that owns some of it.
    owned: &'static [(&'static str, usize, i64)],
}

const CASES: &[Case] = &[
    Case {
        what: "a user in London, a block in Los Angeles on Sunday afternoon",
        user_zone: "Europe/London",
        block_zone: "America/Los_Angeles",
        date: "2026-11-29",
        from: (15, 0),
        to: (19, 0),
        owned: &[("2026-W48", 6, 60), ("2026-W49", 0, 180)],
    },
    Case {
        what: "a user in New York, a block in Tokyo on Monday morning",
        user_zone: "America/New_York",
        block_zone: "Asia/Tokyo",
        date: "2026-11-30",
        from: (9, 0),
        to: (12, 0),
        owned: &[("2026-W48", 6, 180)],
    },
    Case {
        // Lord Howe is UTC+10:30 and springs forward by half an hour at 02:00 on 4 October.
        what: "a user on Lord Howe, a UTC block over their midnight and the half-hour change",
        user_zone: "Australia/Lord_Howe",
        block_zone: "UTC",
        date: "2026-10-03",
        from: (13, 0),
        to: (16, 0),
        owned: &[("2026-W40", 5, 30), ("2026-W40", 6, 150)],
    },
    Case {
        // London falls back at 02:00 BST on 25 October: 00:30–03:00 on the wall is 3h30.
        what: "a London block over the night the clocks go back",
        user_zone: "Europe/London",
        block_zone: "Europe/London",
        date: "2026-10-25",
        from: (0, 30),
        to: (3, 0),
        owned: &[("2026-W43", 6, 210)],
    },
    Case {
        // New York springs forward at 02:00 on 8 March: 01:00–04:00 on the wall is 2h.
        what: "a New York block over the night the clocks go forward",
        user_zone: "America/New_York",
        block_zone: "America/New_York",
        date: "2026-03-08",
        from: (1, 0),
        to: (4, 0),
        owned: &[("2026-W10", 6, 120)],
    },
];

fn time((h, m): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn every_minute_of_held_focus_is_counted_once_on_the_users_days_everywhere() {
    for case in CASES {
        let store = store_in(case.user_zone);
        let date = case.date.parse().unwrap();
        let setup = Sanctum::new(&store, at("2026-01-01T00:00:00Z"));
        let block = setup
            .add_block(
                NewFocusBlock {
                    title: "Deep work".into(),
                    intention: String::new(),
                    repeat: Repeat::Once { date },
                    start: time(case.from),
                    end: time(case.to),
                    timezone: case.block_zone.into(),
                    active_from: date,
                    active_until: None,
                    paused: false,
                }
                .into(),
            )
            .unwrap();
        // Answered long after, when every week involved has passed.
        let now: DateTime<Utc> = at("2027-01-04T12:00:00Z");
        let api = Sanctum::new(&store, now);
        let which = WhichOccurrence { block_id: Some(block.id), date: Some(date) };
        api.answer(which, OccurrenceOutcome::Kept).unwrap();

        let total: i64 = case.owned.iter().map(|o| o.2).sum();
        let mut weeks: Vec<IsoWeek> = case.owned.iter().map(|o| o.0.parse().unwrap()).collect();
        weeks.dedup();
        let mut counted = 0;
        for week in &weeks {
            let review = api.week_review(Some(*week)).unwrap();
            let plan = api.week_plan(Some(*week)).unwrap();
            let expected_days: Vec<(usize, i64)> =
                case.owned.iter().filter(|o| o.0 == week.to_string()).map(|o| (o.1, o.2)).collect();
            for (day, d) in review.days.iter().enumerate() {
                let want = expected_days.iter().find(|e| e.0 == day).map_or(0, |e| e.1);
                assert_eq!(d.balance.strategic_minutes, want, "{}: {week} day {day}", case.what);
            }
            let week_total: i64 = expected_days.iter().map(|e| e.1).sum();
            assert_eq!(review.balance.strategic_minutes, week_total, "{}: {week}", case.what);
            assert_eq!(review.focus.held_minutes, week_total, "{}: {week} held", case.what);
            assert_eq!(plan.figures, review.focus, "{}: planner and review agree", case.what);
            let report = api.report(Some(*week), ReportFormat::Md).unwrap();
            let shown = sanctum_core::text::duration(week_total as u64);
            assert!(
                report.contains(&format!("**Strategic (focus held):** {shown}")),
                "{}: the report says {shown} for {week}:\n{report}",
                case.what
            );
            counted += week_total;
        }
        assert_eq!(counted, total, "{}: each minute once", case.what);
        // The trend of the last week involved (12 weeks back) counts the same minutes once.
        let last = api.week_review(Some(*weeks.last().unwrap())).unwrap();
        let trend_total: i64 = last.trend.iter().map(|t| t.strategic_minutes).sum();
        assert_eq!(trend_total, total, "{}: the trend counts each minute once", case.what);
        for t in &last.trend {
            let want: i64 =
                case.owned.iter().filter(|o| o.0 == t.week.to_string()).map(|o| o.2).sum();
            assert_eq!(t.strategic_minutes, want, "{}: trend {}", case.what, t.week);
        }
    }
}
