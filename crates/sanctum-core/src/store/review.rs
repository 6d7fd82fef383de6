//! The weekly review's one query path: gathers a week's rows and hands them to the pure
//! aggregates in [`crate::review`]. The app, the command line and the report all call this.

use super::Store;
use crate::error::Result;
use crate::review::{trend_weeks, week_review, TrendWeek, WeekInputs, WeekReview};
use crate::time::IsoWeek;
use crate::InterruptionFilter;

/// The outcome of a guided weekly review.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewNote {
    pub week: IsoWeek,
    /// The one change the user means to make next week.
    pub next_change: String,
    pub reviewed_at: chrono::DateTime<chrono::Utc>,
}

/// How many weeks the trend covers.
pub const TREND_WEEKS: usize = 12;

impl Store {
    /// The review of `week` in the user's zone as it stands at `now`, with the trend of the weeks
    /// up to it.
    pub fn week_review(
        &self,
        week: IsoWeek,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<WeekReview> {
        let settings = self.settings()?;
        let zone = settings.zone();
        let span = week.span(zone);
        let interruptions = self
            .list_interruptions(&InterruptionFilter { span: Some(span), ..Default::default() })?;
        let occurrences = self.occurrences(span)?;
        let batch_slots = self.batch_slots(span)?;
        Ok(week_review(WeekInputs {
            week,
            zone,
            interruptions: &interruptions,
            occurrences: &occurrences,
            batch_slots: &batch_slots,
            target_minutes: i64::from(settings.weekly_target_minutes),
            now,
            priorities: self.priorities(week)?,
            wins: self.wins(week)?,
            trend: self.trend(week, TREND_WEEKS)?,
        }))
    }

    /// Records that `week` was reviewed, with the one change for next week.
    pub fn save_review_note(
        &self,
        week: IsoWeek,
        next_change: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<ReviewNote> {
        self.write(|| {
            let next_change =
                crate::planning::clean_line("next_change", Some(next_change))?.unwrap_or_default();
            self.conn
                .prepare_cached(
                    "INSERT INTO reviews (week, next_change, reviewed_at) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (week) DO UPDATE SET next_change = excluded.next_change, \
                     reviewed_at = excluded.reviewed_at",
                )?
                .execute(rusqlite::params![week.to_string(), next_change, now.timestamp()])?;
            self.review_note(week)?.ok_or(crate::Error::Migration("review note not saved".into()))
        })
    }

    /// The review note of `week`, if it was reviewed.
    pub fn review_note(&self, week: IsoWeek) -> Result<Option<ReviewNote>> {
        use rusqlite::OptionalExtension;
        let row: Option<(String, i64)> = self
            .conn
            .prepare_cached("SELECT next_change, reviewed_at FROM reviews WHERE week = ?1")?
            .query_row([week.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row.map(|(next_change, at)| ReviewNote {
            week,
            next_change,
            reviewed_at: chrono::DateTime::from_timestamp(at, 0).unwrap_or_default(),
        }))
    }

    /// Strategic and reactive time for the `n` weeks ending with `last`, oldest first.
    pub fn trend(&self, last: IsoWeek, n: usize) -> Result<Vec<TrendWeek>> {
        let zone = self.zone()?;
        trend_weeks(last, n)
            .into_iter()
            .map(|week| {
                let span = week.span(zone);
                let (fires, reactive_minutes, not_mine) = self.interruption_totals(span)?;
                // Held time inside the week only: a block across Sunday midnight adds to both
                // weeks, each minute once (the review's days use the same rule).
                let strategic_minutes = self
                    .occurrences(span)?
                    .iter()
                    .filter_map(crate::focus::Occurrence::held_span)
                    .map(|held| crate::time::minutes_within(held, span))
                    .sum();
                Ok(TrendWeek {
                    week,
                    strategic_minutes,
                    reactive_minutes,
                    fires,
                    not_mine_share: (fires > 0).then(|| f64::from(not_mine) / f64::from(fires)),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// The review is read once the week is over.
    fn after_week() -> DateTime<Utc> {
        t("2026-11-30T09:00:00Z")
    }

    fn fixture() -> Store {
        let s = Store::open_in_memory().unwrap();
        crate::fixtures::review_week(&s);
        s
    }

    #[test]
    fn the_fixture_week_adds_up_to_the_figures_worked_out_by_hand() {
        let r = fixture().week_review("2026-W48".parse().unwrap(), after_week()).unwrap();
        // Strategic: Tue kept 240 + Thu shortened 240-60 = 420; Mon's broken hour holds 0.
        // Reactive: 20 + 15 + 30 + 45 = 110. Batch: Friday's 30-minute Email slot.
        assert_eq!(
            (r.balance.strategic_minutes, r.balance.reactive_minutes, r.balance.batch_minutes),
            (420, 110, 30)
        );
        assert!((r.balance.strategic_per_reactive().unwrap() - 420.0 / 110.0).abs() < 1e-9);
        assert!((r.balance.strategic_share().unwrap() - 0.75).abs() < 1e-9); // 420 / 560
        let per_day: Vec<(i64, i64, i64, u32)> = r
            .days
            .iter()
            .map(|d| {
                (
                    d.balance.strategic_minutes,
                    d.balance.reactive_minutes,
                    d.balance.batch_minutes,
                    d.fires,
                )
            })
            .collect();
        assert_eq!(
            per_day,
            [
                (0, 20, 0, 1),
                (240, 15, 0, 1),
                (0, 30, 0, 1),
                (180, 0, 0, 0),
                (0, 45, 30, 1),
                (0, 0, 0, 0),
                (0, 0, 0, 0)
            ]
        );

        // Planned 4+4+1 = 9 h against 8 h; held 7 h of the 9 answered: a defence rate of 7/9.
        assert_eq!(
            (r.focus.planned_minutes, r.focus.held_minutes, r.focus.target_minutes),
            (540, 420, 480)
        );
        assert_eq!(
            (r.focus.kept, r.focus.shortened, r.focus.broken, r.focus.unanswered),
            (1, 1, 1, 0)
        );
        assert!((r.defence_rate.unwrap() - 420.0 / 540.0).abs() < 1e-9);
        let reasons: Vec<(&str, i64, Option<&str>)> = r
            .not_as_planned
            .iter()
            .map(|b| (b.kind.as_str(), b.minutes_lost, b.reason.as_deref()))
            .collect();
        assert_eq!(
            reasons,
            [("broken", 60, Some("incident")), ("shortened", 60, Some("vendor call"))]
        );

        // Fires: 4 this week, 110 minutes, plus 23 minutes' refocus each = 202.
        let f = &r.fires;
        assert_eq!((f.count, f.minutes, f.cost_minutes), (4, 110, 202));
        let names = |ts: &[crate::review::Tally]| {
            ts.iter().map(|t| (t.name.clone(), t.count, t.minutes)).collect::<Vec<_>>()
        };
        assert_eq!(
            names(&f.by_source),
            [("Ops".into(), 1, 45), ("Sam".into(), 2, 35), ("Ana".into(), 1, 30)]
        );
        assert_eq!(
            names(&f.by_channel),
            [("alert".into(), 1, 45), ("slack".into(), 2, 35), ("call".into(), 1, 30)]
        );
        assert_eq!(names(&f.by_outcome)[0], ("deferred".into(), 1, 45));
        // Monday 09:30 fell in the (broken) Ops hour, Tuesday 14:00 in Strategy: 2 of 4.
        assert_eq!(f.during_focus_share, Some(0.5));
        // Delegated to Priya and declined: 2 of 4 were not the user's.
        assert_eq!(f.not_mine_share, Some(0.5));

        assert_eq!(
            (r.priority_figures.done, r.priority_figures.partly, r.priority_figures.dropped),
            (1, 1, 1)
        );
        assert_eq!(r.wins.len(), 1);

        assert_eq!(r.trend.len(), 12);
        let last = &r.trend[11];
        assert_eq!(
            (last.week.to_string(), last.strategic_minutes, last.reactive_minutes, last.fires),
            ("2026-W48".into(), 420, 110, 4)
        );
        assert_eq!(last.not_mine_share, Some(0.5));
        let before = &r.trend[10];
        assert_eq!(
            (
                before.week.to_string(),
                before.reactive_minutes,
                before.fires,
                before.strategic_minutes
            ),
            ("2026-W47".into(), 10, 1, 0)
        );
        assert_eq!(r.trend[0].week.to_string(), "2026-W37");
    }

    #[test]
    fn the_report_shows_the_same_figures_and_escapes_user_text() {
        let store = fixture();
        store
            .add_win(
                "2026-11-27".parse().unwrap(),
                "<script>alert(1)</script> & | pipes",
                None,
                None,
                t("2026-11-27T09:00:00Z"),
            )
            .unwrap();
        let r = store.week_review("2026-W48".parse().unwrap(), after_week()).unwrap();
        let md = crate::report::markdown(&r);
        for line in [
            "# Week 2026-W48 — where the time went",
            "- **Strategic (focus held):** 7h",
            "- **Reactive (firefighting):** 1h50m across 4 interruptions",
            "- **Batched small tasks:** 30m",
            "defence rate 78%",
            "| Tue 24 Nov | 4h | 0m | 15m | 1 |",
            "| Ops | 1 | 45m |",
            "- Mon 23 Nov Ops review: broken (1h lost) — incident",
            "1. Roadmap — done",
            "| 2026-W48 | 7h | 1h50m | 4 | 50% |",
        ] {
            assert!(md.contains(line), "missing {line:?} in\n{md}");
        }
        assert!(
            md.contains("\\<script\\>alert(1)\\</script\\> & \\| pipes"),
            "markdown escaped: {md}"
        );

        let html = crate::report::html(&r);
        assert!(html.starts_with("<!doctype html>") && html.ends_with("</html>"));
        assert!(!html.contains("<script"), "user text is escaped, and the report has no scripts");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; | pipes"));
        // Self-contained: the only URL is the SVG namespace; no src, no href, no url().
        let without_ns = html.replace("http://www.w3.org/2000/svg", "");
        for needle in ["http:", "https:", "src=", "href=", "url(", "@import"] {
            assert!(!without_ns.contains(needle), "external reference {needle:?}");
        }
        assert_eq!(html.matches("<svg").count(), 2);
        assert!(html.contains(r#"data-date="2026-11-24""#));
        assert!(html.contains("<title>Tue 24 Nov: strategic 4h</title>"));
    }

    /// A kept block in Los Angeles on Sunday 15:00–19:00, for a user in London: Sunday 23:00 to
    /// Monday 03:00 there. Its hour before midnight belongs to the week it starts in, the rest
    /// to the next; the review, the trend, the planner and `block list` agree.
    #[test]
    fn a_block_across_the_users_midnight_is_counted_where_it_was_lived_and_once() {
        use crate::focus::{NewFocusBlock, OccurrenceOutcome, Repeat};
        let store = Store::open_in_memory().unwrap();
        store.set_setting("timezone", "Europe/London").unwrap();
        let created = t("2026-11-01T08:00:00Z");
        let block = store
            .add_block(
                NewFocusBlock {
                    title: "West coast".into(),
                    intention: String::new(),
                    repeat: Repeat::Once { date: "2026-11-29".parse().unwrap() },
                    start: chrono::NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
                    end: chrono::NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
                    timezone: "America/Los_Angeles".into(),
                    active_from: "2026-11-29".parse().unwrap(),
                    active_until: None,
                    paused: false,
                },
                created,
            )
            .unwrap();
        let date = "2026-11-29".parse().unwrap();
        store.record_outcome(block.id, date, OccurrenceOutcome::Kept, created).unwrap();
        let now = t("2026-12-07T09:00:00Z");
        let (w48, w49): (IsoWeek, IsoWeek) =
            ("2026-W48".parse().unwrap(), "2026-W49".parse().unwrap());
        let r48 = store.week_review(w48, now).unwrap();
        let r49 = store.week_review(w49, now).unwrap();
        assert_eq!(r48.balance.strategic_minutes, 60, "Sunday 23:00–24:00 in London");
        assert_eq!(r49.balance.strategic_minutes, 180, "Monday 00:00–03:00");
        assert_eq!(r48.days[6].balance.strategic_minutes, 60);
        assert_eq!(r49.days[0].balance.strategic_minutes, 180);
        assert_eq!((r48.focus.held_minutes, r49.focus.held_minutes), (60, 180));
        assert_eq!((r48.focus.planned_minutes, r49.focus.planned_minutes), (60, 180));
        assert_eq!(r48.focus.kept, 1, "counted as an occurrence in the week it starts");
        assert_eq!(r49.focus.kept, 0);
        let trend = store.trend(w49, 2).unwrap();
        assert_eq!((trend[0].strategic_minutes, trend[1].strategic_minutes), (60, 180));
        for w in [w48, w49] {
            let plan = store.focus_week(w, now).unwrap();
            let review = store.week_review(w, now).unwrap();
            assert_eq!(plan.figures, review.focus, "planner and review agree on {w}");
        }

        // A shortened block is taken to have ended early: 90 minutes lost leave 150 held, 60
        // on Sunday and 90 on Monday.
        store
            .record_outcome(
                block.id,
                date,
                OccurrenceOutcome::Shortened { minutes_lost: 90, reason: None },
                created,
            )
            .unwrap();
        let r48 = store.week_review(w48, now).unwrap();
        let r49 = store.week_review(w49, now).unwrap();
        assert_eq!((r48.balance.strategic_minutes, r49.balance.strategic_minutes), (60, 90));
    }

    #[test]
    fn batch_slots_count_once_they_have_passed_and_only_ended_blocks_wait_for_an_answer() {
        let store = fixture();
        let week: IsoWeek = "2026-W48".parse().unwrap();
        // Thursday morning: the Friday Email slot and Thursday's focus are still to come.
        let thursday = t("2026-11-26T09:00:00Z");
        let r = store.week_review(week, thursday).unwrap();
        assert_eq!(r.balance.batch_minutes, 0, "a slot still to come is not time spent");
        // Friday 16:30: the slot has passed.
        let r = store.week_review(week, t("2026-11-27T16:30:00Z")).unwrap();
        assert_eq!(r.balance.batch_minutes, 30);

        // Two unanswered one-off blocks: Wednesday's has ended, Friday's is still to come.
        for date in ["2026-11-25", "2026-11-27"] {
            let d: chrono::NaiveDate = date.parse().unwrap();
            store
                .add_block(
                    crate::focus::NewFocusBlock {
                        title: format!("Deep work {date}"),
                        intention: String::new(),
                        repeat: crate::focus::Repeat::Once { date: d },
                        start: chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
                        end: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                        timezone: "UTC".into(),
                        active_from: d,
                        active_until: None,
                        paused: false,
                    },
                    t("2026-11-20T08:00:00Z"),
                )
                .unwrap();
        }
        let plan = store.focus_week(week, thursday).unwrap();
        assert_eq!((plan.figures.unanswered, plan.figures.upcoming), (1, 1), "{plan:?}");
        let r = store.week_review(week, thursday).unwrap();
        assert_eq!(r.focus.unanswered, 1, "the review waits for the same one");
    }
}
