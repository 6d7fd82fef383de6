//! Focus blocks and their occurrences: plan the week, add, edit, pause and delete blocks, move
//! an occurrence, answer "how did it go?", see what runs now, export the blocks.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::{Confirm, Sanctum, Topic, WeekNav};
use crate::calendar::suggest::Clash;
use crate::error::{Error, Result};
use crate::focus::{
    FocusBlock, FocusFigures, FocusNow, NewFocusBlock, Occurrence, OccurrenceOutcome, Repeat,
};
use crate::interruption::Interruption;
use crate::store::{BatchSlotInstance, InterruptionFilter, StoredEvent};
use crate::time::{local_to_utc, IsoWeek, Span};

/// How far back "the latest occurrence" looks when none is named.
pub const LATEST_WITHIN_DAYS: i64 = 14;

/// Everything the week planner draws, and what `sanctum block list` prints.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekPlan {
    #[serde(flatten)]
    pub nav: WeekNav,
    /// Monday to Sunday, local dates.
    pub days: Vec<NaiveDate>,
    pub timezone: String,
    pub blocks: Vec<FocusBlock>,
    pub occurrences: Vec<Occurrence>,
    pub interruptions: Vec<Interruption>,
    pub batch_slots: Vec<BatchSlotInstance>,
    /// Events of the user's calendars (cached), drawn beside the focus blocks.
    pub calendar_events: Vec<StoredEvent>,
    /// Occurrences that overlap a busy calendar event.
    pub clashes: Vec<Clash>,
    pub figures: FocusFigures,
    pub now: DateTime<Utc>,
}

/// A change to a block: `None` leaves a field as it is. `active_until: null` clears the end.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct BlockPatch {
    pub title: Option<String>,
    pub intention: Option<String>,
    pub repeat: Option<Repeat>,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub timezone: Option<String>,
    pub active_from: Option<NaiveDate>,
    #[serde(deserialize_with = "present")]
    #[cfg_attr(feature = "ts", ts(optional, type = "string | null"))]
    pub active_until: Option<Option<NaiveDate>>,
    pub paused: Option<bool>,
}

/// A field that is present (even as `null`) is `Some`.
fn present<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

impl From<NewFocusBlock> for BlockPatch {
    /// Every field given: as a patch, it replaces the whole block.
    fn from(b: NewFocusBlock) -> Self {
        BlockPatch {
            title: Some(b.title),
            intention: Some(b.intention),
            repeat: Some(b.repeat),
            start: Some(b.start),
            end: Some(b.end),
            timezone: Some(b.timezone),
            active_from: Some(b.active_from),
            active_until: Some(b.active_until),
            paused: Some(b.paused),
        }
    }
}

impl BlockPatch {
    fn apply(self, mut to: NewFocusBlock) -> NewFocusBlock {
        to.title = self.title.unwrap_or(to.title);
        to.intention = self.intention.unwrap_or(to.intention);
        to.repeat = self.repeat.unwrap_or(to.repeat);
        to.start = self.start.unwrap_or(to.start);
        to.end = self.end.unwrap_or(to.end);
        to.timezone = self.timezone.unwrap_or(to.timezone);
        to.active_from = self.active_from.unwrap_or(to.active_from);
        to.active_until = self.active_until.unwrap_or(to.active_until);
        to.paused = self.paused.unwrap_or(to.paused);
        to
    }
}

/// Which occurrence an answer is for: both named, or the latest that has started (of `block`,
/// on `date`) in the last [`LATEST_WITHIN_DAYS`] days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct WhichOccurrence {
    pub block_id: Option<i64>,
    pub date: Option<NaiveDate>,
}

/// An .ics file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Exported {
    pub path: String,
    /// How many things it holds (blocks, rows, files — said by the use case).
    pub count: usize,
}

impl Sanctum<'_> {
    /// The week planner: the week's occurrences and figures, fires, batch slots, meetings and
    /// clashes. Without `week`, the current one.
    pub fn week_plan(&self, week: Option<IsoWeek>) -> Result<WeekPlan> {
        let zone = self.zone()?;
        let current = IsoWeek::containing(self.now, zone);
        let week = week.unwrap_or(current);
        let span = week.span(zone);
        let focus = self.store.focus_week(week, self.now)?;
        let s = self.store;
        Ok(WeekPlan {
            nav: WeekNav::new(week, current),
            days: (0..7).map(|n| week.monday() + Duration::days(n)).collect(),
            timezone: zone.name().to_string(),
            blocks: s.blocks()?,
            figures: focus.figures,
            occurrences: focus.occurrences,
            interruptions: s.list_interruptions(&InterruptionFilter {
                span: Some(span),
                ..Default::default()
            })?,
            batch_slots: s.batch_slots(span)?,
            calendar_events: s.calendar_events(span)?,
            clashes: s.clashes(span)?,
            now: self.now,
        })
    }

    /// Adds a block. Title, repeat, start and end are needed (a missing one is named); the
    /// zone defaults to the user's, the first date to today in the block's zone, the intention
    /// to none.
    pub fn add_block(&self, block: BlockPatch) -> Result<FocusBlock> {
        let needed = |field: &'static str| Error::invalid(field, "is needed for a new block");
        let timezone = match block.timezone.filter(|z| !z.trim().is_empty()) {
            Some(z) => z,
            None => self.zone()?.name().to_string(),
        };
        let block_zone = crate::time::parse_zone(&timezone).unwrap_or(self.zone()?);
        let new = NewFocusBlock {
            title: block.title.ok_or_else(|| needed("title"))?,
            intention: block.intention.unwrap_or_default(),
            repeat: block.repeat.ok_or_else(|| needed("repeat"))?,
            start: block.start.ok_or_else(|| needed("start"))?,
            end: block.end.ok_or_else(|| needed("end"))?,
            active_from: block
                .active_from
                .unwrap_or_else(|| self.now.with_timezone(&block_zone).date_naive()),
            timezone,
            active_until: block.active_until.flatten(),
            paused: block.paused.unwrap_or(false),
        };
        Ok(self.wrote(Topic::Focus, self.store.add_block(new, self.now)?))
    }

    /// Changes the fields the patch names; the rest stay.
    pub fn edit_block(&self, id: i64, patch: BlockPatch) -> Result<FocusBlock> {
        let spec = patch.apply(self.store.block(id)?.spec);
        Ok(self.wrote(Topic::Focus, self.store.update_block(id, spec, self.now)?))
    }

    /// A paused block keeps its definition but has no occurrences until resumed.
    pub fn set_block_paused(&self, id: i64, paused: bool) -> Result<FocusBlock> {
        self.edit_block(id, BlockPatch { paused: Some(paused), ..Default::default() })
    }

    /// Deletes a block and its recorded outcomes.
    pub fn delete_block(&self, id: i64) -> Result<FocusBlock> {
        Ok(self.wrote(Topic::Focus, self.store.delete_block(id)?))
    }

    /// The occurrence `which` names (see [`WhichOccurrence`]).
    pub fn occurrence(&self, which: WhichOccurrence) -> Result<Occurrence> {
        if let (Some(block), Some(date)) = (which.block_id, which.date) {
            return self.store.occurrence(block, date);
        }
        let span = Span { start: self.now - Duration::days(LATEST_WITHIN_DAYS), end: self.now };
        self.store
            .occurrences(span)?
            .into_iter()
            .filter(|o| o.start <= self.now)
            .filter(|o| which.block_id.is_none_or(|b| o.block_id == b))
            .filter(|o| which.date.is_none_or(|d| o.date == d))
            .max_by_key(|o| o.start)
            .ok_or_else(|| {
                Error::invalid(
                    "block",
                    format!(
                        "no focus block has started in the last {LATEST_WITHIN_DAYS} days; \
                         name one with its block id and date"
                    ),
                )
            })
    }

    /// Answers "how did it go?" for an occurrence: kept, shortened or broken.
    pub fn answer(&self, which: WhichOccurrence, outcome: OccurrenceOutcome) -> Result<Occurrence> {
        let o = self.occurrence(which)?;
        let answered = self.store.record_outcome(o.block_id, o.date, outcome, self.now)?;
        Ok(self.wrote(Topic::Focus, answered))
    }

    /// Moves one occurrence to `start`–`end`, local wall times (`2026-11-27T09:00`) in the
    /// user's zone.
    pub fn move_occurrence(
        &self,
        block_id: i64,
        date: NaiveDate,
        start: &str,
        end: &str,
    ) -> Result<Occurrence> {
        let zone = self.zone()?;
        let wall = |field: &'static str, text: &str| {
            NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M"))
                .map(|t| local_to_utc(zone, t))
                .map_err(|_| {
                    Error::invalid(
                        field,
                        format!("'{text}' is not a date and time like 2026-11-27T09:00"),
                    )
                })
        };
        let to = Span { start: wall("start", start)?, end: wall("end", end)? };
        Ok(self.wrote(Topic::Focus, self.store.move_occurrence(block_id, date, to)?))
    }

    /// Ended occurrences still waiting for "how did it go?".
    pub fn unanswered(&self) -> Result<Vec<Occurrence>> {
        self.store.unanswered(self.now)
    }

    /// What runs now, or what is next.
    pub fn focus_now(&self) -> Result<FocusNow> {
        self.store.focus_now(self.now)
    }

    /// The active blocks as iCalendar text (busy events) for any calendar app.
    pub fn blocks_ics(&self) -> Result<String> {
        self.store.blocks_ics(self.now)
    }

    /// Writes [`Self::blocks_ics`] to `path` (`~/` is the home folder).
    pub fn export_ics(&self, path: &str, replace: bool) -> Result<Confirm<Exported>> {
        let file = crate::files::user_file("path", path)?;
        super::data::unless_replacing(std::slice::from_ref(&file), replace, || {
            self.store.write_file("path", &file, self.blocks_ics()?.as_bytes())?;
            let count = self.store.blocks()?.iter().filter(|b| !b.spec.paused).count();
            Ok(Exported { path: file.display().to_string(), count })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{at, store_in};
    use crate::focus::parse_days;

    fn block(days: &str) -> BlockPatch {
        let b = NewFocusBlock {
            title: "Strategy".into(),
            intention: String::new(),
            repeat: Repeat::Weekly { days: parse_days(days).unwrap() },
            start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            timezone: "Europe/London".into(),
            active_from: "2026-11-01".parse().unwrap(),
            active_until: Some("2026-12-31".parse().unwrap()),
            paused: false,
        };
        b.into()
    }

    #[test]
    fn a_new_block_names_what_it_lacks_and_defaults_the_rest() {
        // 23:30 UTC on the 24th is already the 25th in Tokyo.
        let store = store_in("Europe/London");
        let api = Sanctum::new(&store, at("2026-11-24T23:30:00Z"));
        let patch = BlockPatch {
            title: Some("Strategy".into()),
            repeat: Some(Repeat::Weekly { days: parse_days("tue").unwrap() }),
            start: Some(NaiveTime::from_hms_opt(13, 0, 0).unwrap()),
            ..Default::default()
        };
        assert_eq!(api.add_block(patch.clone()).unwrap_err().field(), Some("end"));
        let end = Some(NaiveTime::from_hms_opt(15, 0, 0).unwrap());
        let london = api.add_block(BlockPatch { end, ..patch.clone() }).unwrap();
        assert_eq!(london.spec.timezone, "Europe/London");
        assert_eq!(london.spec.active_from.to_string(), "2026-11-24");
        assert_eq!(london.spec.intention, "");
        let tokyo = BlockPatch { end, timezone: Some("Asia/Tokyo".into()), ..patch };
        assert_eq!(api.add_block(tokyo).unwrap().spec.active_from.to_string(), "2026-11-25");
    }

    #[test]
    fn a_patch_changes_only_what_it_names_and_null_clears_the_end() {
        let store = store_in("Europe/London");
        let api = Sanctum::new(&store, at("2026-11-24T10:00:00Z"));
        let b = api.add_block(block("tue,thu")).unwrap();
        let patch: BlockPatch =
            serde_json::from_str(r#"{"title":"Roadmap","active_until":null}"#).unwrap();
        let edited = api.edit_block(b.id, patch).unwrap();
        assert_eq!(edited.spec.title, "Roadmap");
        assert_eq!(edited.spec.active_until, None);
        assert_eq!(edited.spec.repeat, b.spec.repeat);
        let kept: BlockPatch = serde_json::from_str(r#"{"intention":"Q1 plan"}"#).unwrap();
        let edited = api
            .edit_block(
                b.id,
                BlockPatch { active_until: Some(Some("2027-01-31".parse().unwrap())), ..kept },
            )
            .unwrap();
        assert_eq!(edited.spec.title, "Roadmap");
        assert_eq!(edited.spec.intention, "Q1 plan");
        let paused = api.set_block_paused(b.id, true).unwrap();
        assert!(paused.spec.paused);
        assert_eq!(api.changes().topics, vec![Topic::Focus]);
    }

    #[test]
    fn the_answer_goes_to_the_latest_started_occurrence_unless_one_is_named() {
        let store = store_in("Europe/London");
        let b =
            Sanctum::new(&store, at("2026-11-20T10:00:00Z")).add_block(block("tue,thu")).unwrap();
        // Thursday 26 November, 15:00: Thursday's block has started, Tuesday's has ended.
        let api = Sanctum::new(&store, at("2026-11-26T15:00:00Z"));
        let latest = api.answer(WhichOccurrence::default(), OccurrenceOutcome::Kept).unwrap();
        assert_eq!(latest.date.to_string(), "2026-11-26");
        let tuesday =
            WhichOccurrence { block_id: Some(b.id), date: Some("2026-11-24".parse().unwrap()) };
        let named =
            api.answer(tuesday, OccurrenceOutcome::Broken { reason: "incident".into() }).unwrap();
        assert_eq!(named.date.to_string(), "2026-11-24");
        let before = Sanctum::new(&store, at("2026-11-01T10:00:00Z"));
        let e = before.answer(WhichOccurrence::default(), OccurrenceOutcome::Kept).unwrap_err();
        assert_eq!(e.field(), Some("block"));
    }

    #[test]
    fn moving_reads_wall_times_in_the_users_zone_and_names_a_bad_field() {
        let store = store_in("America/New_York");
        let api = Sanctum::new(&store, at("2026-11-20T10:00:00Z"));
        let b = api.add_block(block("tue")).unwrap();
        let date = "2026-11-24".parse().unwrap();
        let moved =
            api.move_occurrence(b.id, date, "2026-11-24T09:00", "2026-11-24 11:00").unwrap();
        assert_eq!(moved.start, at("2026-11-24T14:00:00Z"));
        assert_eq!(moved.end, at("2026-11-24T16:00:00Z"));
        let e = api.move_occurrence(b.id, date, "2026-11-24T09:00", "soon").unwrap_err();
        assert_eq!(e.field(), Some("end"));
    }
}
