//! Focus blocks and their occurrences: plan the week, add, edit, pause and delete blocks, move
//! an occurrence, answer "how did it go?", see what runs now, export the blocks.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
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

/// Past blocks nobody said "how did it go?" for: the newest first, and how many older ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Unanswered {
    pub items: Vec<Occurrence>,
    /// How many more, older than the last of `items`, wait for an answer too.
    pub older: u64,
}

/// The fires of one quarter hour of a day, for the planner's grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FireMark {
    /// The local date and the quarter hour's first minute of that day (0, 15, ... 1425).
    pub date: NaiveDate,
    pub minute: u32,
    pub count: u32,
    /// How many of them fell inside a focus block.
    pub during_focus: u32,
    /// Minutes they took in all.
    pub minutes: u32,
    /// The newest few in time order, each as "14:05 Sam slack 15m invoices failing".
    pub samples: Vec<String>,
}

/// How many fires a mark describes in words; the rest are counted.
const MARK_SAMPLES: usize = 3;

/// Groups fires into [`FireMark`]s by local quarter hour.
fn fire_marks(fires: &[Interruption], zone: chrono_tz::Tz) -> Vec<FireMark> {
    let mut marks: std::collections::BTreeMap<(NaiveDate, u32), FireMark> = Default::default();
    for i in fires {
        let local = i.fields.occurred_at.with_timezone(&zone);
        let minute_of_day = local.hour() * 60 + local.minute();
        let key = (local.date_naive(), minute_of_day / 15 * 15);
        let mark = marks.entry(key).or_insert_with(|| FireMark {
            date: key.0,
            minute: key.1,
            count: 0,
            during_focus: 0,
            minutes: 0,
            samples: Vec::new(),
        });
        mark.count += 1;
        mark.during_focus += u32::from(i.during_focus);
        mark.minutes += i.fields.minutes;
        if mark.samples.len() < MARK_SAMPLES {
            let f = &i.fields;
            let words = [
                Some(local.format("%H:%M").to_string()),
                f.source.clone(),
                Some(f.channel.as_str().to_string()),
                Some(crate::text::duration(u64::from(f.minutes))),
                Some(f.note.clone()).filter(|n| !n.is_empty()),
            ];
            mark.samples.push(words.into_iter().flatten().collect::<Vec<_>>().join(" "));
        }
    }
    let mut out: Vec<FireMark> = marks.into_values().collect();
    for m in &mut out {
        m.samples.sort();
    }
    out
}

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
    /// The week's fires, drawn as one mark per quarter hour that had any (a heavy week has
    /// thousands of fires; the planner needs where they fell, not each one).
    pub fire_marks: Vec<FireMark>,
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
            fire_marks: fire_marks(
                &s.list_interruptions(&InterruptionFilter {
                    span: Some(span),
                    ..Default::default()
                })?,
                zone,
            ),
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

    /// Ended occurrences still waiting for "how did it go?": the newest `limit`, newest first.
    pub fn unanswered(&self, limit: Option<u32>) -> Result<Unanswered> {
        let mut all = self.store.unanswered(self.now)?;
        all.sort_by_key(|o| std::cmp::Reverse(o.start));
        let keep = limit.map_or(all.len(), |l| (l as usize).min(all.len()));
        let older = (all.len() - keep) as u64;
        all.truncate(keep);
        Ok(Unanswered { items: all, older })
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

    #[test]
    fn the_planner_gets_one_mark_per_local_quarter_hour_with_counts() {
        let store = store_in("America/New_York");
        let api = Sanctum::new(&store, at("2026-11-24T23:00:00Z"));
        // 19:05, 19:10 and 19:20 New York; 04:59 UTC on the 25th is still the 24th there.
        for (at_utc, line) in [
            ("2026-11-25T00:05:00Z", "@Sam slack 10m first"),
            ("2026-11-25T00:10:00Z", "@Ana call 20m second"),
            ("2026-11-25T00:20:00Z", "email 5m third"),
            ("2026-11-25T04:59:00Z", "alert 1h30m late"),
        ] {
            let api = Sanctum::new(&store, at(at_utc));
            api.log_fire(line).unwrap();
        }
        let plan = api.week_plan(None).unwrap();
        let marks: Vec<(String, u32, u32, u32)> = plan
            .fire_marks
            .iter()
            .map(|m| (m.date.to_string(), m.minute, m.count, m.minutes))
            .collect();
        assert_eq!(
            marks,
            [
                ("2026-11-24".into(), 19 * 60, 2, 30),
                ("2026-11-24".into(), 19 * 60 + 15, 1, 5),
                ("2026-11-24".into(), 23 * 60 + 45, 1, 90),
            ]
        );
        assert_eq!(
            plan.fire_marks[0].samples,
            ["19:05 Sam slack 10m first", "19:10 Ana call 20m second"]
        );
    }
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
    fn unanswered_blocks_come_newest_first_and_the_older_are_counted() {
        let store = store_in("Europe/London");
        // Created before its first day, every day since 1 Nov; asked on the 24th at 18:00.
        Sanctum::new(&store, at("2026-10-30T09:00:00Z"))
            .add_block(block("mon,tue,wed,thu,fri,sat,sun"))
            .unwrap();
        let api = Sanctum::new(&store, at("2026-11-24T18:00:00Z"));
        let all = api.unanswered(None).unwrap();
        assert_eq!((all.items.len(), all.older), (24, 0), "1 to 24 November");
        let some = api.unanswered(Some(3)).unwrap();
        let dates: Vec<String> = some.items.iter().map(|o| o.date.to_string()).collect();
        assert_eq!(dates, ["2026-11-24", "2026-11-23", "2026-11-22"]);
        assert_eq!(some.older, 21);
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
