//! The weekly review: the figures, the one change for next week, and the shareable report.

use serde::{Deserialize, Serialize};

use super::{Confirm, Exported, Sanctum, Topic, WeekNav};
use crate::error::Result;
use crate::report;
use crate::review::WeekReview;
use crate::store::ReviewNote;
use crate::time::IsoWeek;

/// The review screen: the figures, the charts (made by the report's code), the week's note.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewScreen {
    pub review: WeekReview,
    pub daily_svg: String,
    pub trend_svg: String,
    pub note: Option<ReviewNote>,
    #[serde(flatten)]
    pub nav: WeekNav,
    /// This week's review time has passed and the week is not reviewed yet.
    pub review_due: bool,
}

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// Markdown, to paste into Slack or Confluence.
    Md,
    /// One self-contained HTML file, charts included.
    Html,
}

impl Sanctum<'_> {
    /// A week's review figures (default: this week).
    pub fn week_review(&self, week: Option<IsoWeek>) -> Result<WeekReview> {
        let week = self.week_or_current(week)?;
        self.store.week_review(week, self.now)
    }

    /// The review screen of a week (default: this week).
    pub fn review_screen(&self, week: Option<IsoWeek>) -> Result<ReviewScreen> {
        let settings = self.store.settings()?;
        let current = IsoWeek::containing(self.now, settings.zone());
        let week = week.unwrap_or(current);
        let review = self.store.week_review(week, self.now)?;
        let review_due = settings.review_due(current).is_some_and(|due| due <= self.now)
            && self.store.review_note(current)?.is_none();
        Ok(ReviewScreen {
            daily_svg: report::daily_chart_svg(&review),
            trend_svg: report::trend_chart_svg(&review),
            note: self.store.review_note(week)?,
            nav: WeekNav::new(week, current),
            review,
            review_due,
        })
    }

    /// Saves the week's one change for next week.
    pub fn save_review_note(&self, week: IsoWeek, next_change: &str) -> Result<ReviewNote> {
        let note = self.store.save_review_note(week, next_change, self.now)?;
        Ok(self.wrote(Topic::Review, note))
    }

    /// The week's report as text (default: this week).
    pub fn report(&self, week: Option<IsoWeek>, format: ReportFormat) -> Result<String> {
        let review = self.week_review(week)?;
        Ok(match format {
            ReportFormat::Md => report::markdown(&review),
            ReportFormat::Html => report::html(&review),
        })
    }

    /// Writes the week's report to `path` (`~/` is the home folder).
    pub fn export_report(
        &self,
        week: IsoWeek,
        format: ReportFormat,
        path: &str,
        replace: bool,
    ) -> Result<Confirm<Exported>> {
        let file = crate::files::user_file("path", path)?;
        super::data::unless_replacing(std::slice::from_ref(&file), replace, || {
            let text = self.report(Some(week), format)?;
            self.store.write_file("path", &file, text.as_bytes())?;
            Ok(Exported { path: file.display().to_string(), count: 1 })
        })
    }
}
