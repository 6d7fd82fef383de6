//! The interruption log: log a fire, edit it, delete it (and undo), list and search.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Sanctum, Topic, WeekNav};
use crate::error::{Error, Result};
use crate::interruption::{Interruption, InterruptionPatch, NewInterruption};
use crate::quicklog;
use crate::store::{InterruptionFilter, RecentNames};
use crate::time::{parse_when, IsoWeek, Span};

/// A text search over years of fires counts (and lets the list scroll through) at most this
/// many matches, the newest: counting every match of a common word costs a read of each.
pub const SEARCH_COUNT_CAP: u32 = 10_000;

/// How far back the names offered as suggestions go.
const RECENT_NAMES_DAYS: i64 = 90;

/// Which stretch of time a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Today,
    #[default]
    Week,
    All,
}

/// A list of the log: a period (and for `week`, which one) plus the filter's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct FireQuery {
    pub period: Period,
    /// For `week`: which ISO week (default: the current one).
    pub week: Option<IsoWeek>,
    /// The span is set from the period; any span given here is ignored.
    #[serde(flatten)]
    pub filter: InterruptionFilter,
    /// For a text search's first page: answer with the page alone, as soon as it is found,
    /// without counting every match (`counted` is then false when more may match). The
    /// screen shows the page at once and asks again, without `quick`, for the count.
    pub quick: bool,
}

/// What a list shows: one page of it (the filter's `offset` and `limit`) and the whole list's
/// size, so a screen can show years of fires while holding only what is visible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Listing {
    pub items: Vec<Interruption>,
    /// Where `items` starts in the whole list (newest first).
    pub offset: u32,
    /// How many fires the whole list has (a text search counts at most [`SEARCH_COUNT_CAP`]).
    pub total: u64,
    /// Minutes of all the listed fires (every page; a capped search: of those counted).
    pub total_minutes: u64,
    /// A text search matched more than [`SEARCH_COUNT_CAP`]: `total` is the newest that many.
    pub capped: bool,
    /// False for a `quick` answer with more matches past the page: `total` and
    /// `total_minutes` are then only the page's, and the count is still to ask for.
    pub counted: bool,
    /// For a week: the week shown and its neighbours.
    pub nav: Option<WeekNav>,
}

/// The minutes of these fires, all together.
fn minutes_of(items: &[Interruption]) -> u64 {
    items.iter().map(|i| u64::from(i.fields.minutes)).sum()
}

/// A change to a fire: quick-log text (only what it mentions changes), then explicit fields,
/// then `minutes` as typed (`45`, `45m`, `1h30m`: the quick-log rule), then `when` (`14:30`,
/// `2026-11-24 14:30`, `2026-11-24T14:30`, `-20m`) in the user's zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct FireEdit {
    pub text: Option<String>,
    pub patch: InterruptionPatch,
    pub minutes: Option<String>,
    pub when: Option<String>,
}

impl Sanctum<'_> {
    /// What a quick-log line would store, without storing it (the live preview).
    pub fn preview_fire(&self, text: &str) -> Result<NewInterruption> {
        quicklog::parse_new(text, self.now, self.zone()?)
    }

    /// Logs a fire written in quick-log syntax.
    pub fn log_fire(&self, text: &str) -> Result<Interruption> {
        let new = self.preview_fire(text)?;
        Ok(self.wrote(Topic::Fires, self.store.log_interruption(new, self.now)?))
    }

    /// Edits a fire; an edit that changes nothing is refused, naming what to give.
    pub fn edit_fire(&self, id: i64, edit: FireEdit) -> Result<Interruption> {
        let zone = self.zone()?;
        let mut patch = match edit.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => quicklog::parse(text)?.into_patch(self.now, zone)?,
            None => InterruptionPatch::default(),
        };
        let given = edit.patch;
        patch.source = given.source.or(patch.source);
        patch.category = given.category.or(patch.category);
        patch.channel = given.channel.or(patch.channel);
        patch.urgency = given.urgency.or(patch.urgency);
        patch.minutes = given.minutes.or(patch.minutes);
        patch.outcome = given.outcome.or(patch.outcome);
        patch.note = given.note.or(patch.note);
        patch.occurred_at = given.occurred_at.or(patch.occurred_at);
        if let Some(minutes) = edit.minutes.as_deref() {
            // An emptied field is a mistake to name, not 0 minutes.
            if minutes.trim().is_empty() {
                return Err(Error::invalid("minutes", "give the time it took, e.g. 15 or 1h30m"));
            }
            patch.minutes = Some(quicklog::parse_minutes("minutes", minutes)?);
        }
        if let Some(when) = edit.when.as_deref().filter(|w| !w.trim().is_empty()) {
            patch.occurred_at = Some(parse_when(when, self.now, zone)?);
        }
        if patch.is_empty() {
            return Err(Error::invalid(
                "edit",
                "nothing to change; give quick-log text or a field such as minutes",
            ));
        }
        Ok(self.wrote(Topic::Fires, self.store.update_interruption(id, patch, self.now)?))
    }

    /// Deletes a fire; returns it, so it can be put back.
    pub fn delete_fire(&self, id: i64) -> Result<Interruption> {
        Ok(self.wrote(Topic::Fires, self.store.delete_interruption(id)?))
    }

    /// Puts a deleted fire back (undo), with its id.
    pub fn restore_fire(&self, fire: &Interruption) -> Result<Interruption> {
        Ok(self.wrote(Topic::Fires, self.store.restore_interruption(fire)?))
    }

    /// The log for a period, newest first, filtered.
    pub fn fires(&self, query: FireQuery) -> Result<Listing> {
        let quick = query.quick;
        let (filter, nav) = self.fire_filter(query)?;
        let offset = filter.offset.unwrap_or(0);
        let searching = filter.text.as_deref().is_some_and(|t| !t.trim().is_empty());
        if let (true, true, 0, Some(limit)) = (searching, quick, offset, filter.limit) {
            // The page and one more, to know whether more match: a scan that stops there
            // instead of counting up to the cap (for a common word, 1 ms against 50).
            let probe = InterruptionFilter { limit: Some(limit.saturating_add(1)), ..filter };
            let mut items = self.store.list_interruptions(&probe)?;
            let more = items.len() > limit as usize;
            items.truncate(limit as usize);
            return Ok(Listing {
                total: items.len() as u64,
                total_minutes: minutes_of(&items),
                items,
                offset,
                capped: false,
                counted: !more,
                nav,
            });
        }
        if searching {
            // A search: its newest matches once, then each page from them.
            let matched = self.store.matching(&filter, SEARCH_COUNT_CAP)?;
            let (ids, capped) = (&matched.0, matched.1);
            let from = (offset as usize).min(ids.len());
            let to = filter.limit.map_or(ids.len(), |l| (from + l as usize).min(ids.len()));
            let page: Vec<i64> = ids[from..to].iter().map(|&(id, _)| id).collect();
            return Ok(Listing {
                items: self.store.interruptions_by_ids(&page)?,
                offset,
                total: ids.len() as u64,
                total_minutes: ids.iter().map(|&(_, m)| u64::from(m)).sum(),
                capped,
                counted: true,
                nav,
            });
        }
        let items = self.store.list_interruptions(&filter)?;
        let whole = filter.limit.is_none_or(|limit| items.len() < limit as usize);
        let (total, total_minutes) = if whole && offset == 0 {
            // The page holds the whole list: nothing more to count.
            (items.len() as u64, minutes_of(&items))
        } else {
            self.store.interruption_summary(&filter)?
        };
        Ok(Listing { items, offset, total, total_minutes, capped: false, counted: true, nav })
    }

    /// Prepares the list shown last (`query`, page aside) for a jump deep into it: marks
    /// its rows, walking at most about `rows` of them (a few milliseconds for 100,000). Returns
    /// whether more is to do; call again, letting other work through in between, until not.
    pub fn prepare_fires(&self, query: FireQuery, rows: u64) -> Result<bool> {
        let (filter, _) = self.fire_filter(query)?;
        self.store.mark_list(&filter, rows)
    }

    /// The store's filter for a list query (its span from the period), and the week's
    /// neighbours for a week.
    fn fire_filter(&self, query: FireQuery) -> Result<(InterruptionFilter, Option<WeekNav>)> {
        let zone = self.zone()?;
        let FireQuery { period, week, mut filter, quick: _ } = query;
        let current = IsoWeek::containing(self.now, zone);
        let nav = match period {
            Period::Week => Some(WeekNav::new(week.unwrap_or(current), current)),
            Period::Today | Period::All => None,
        };
        filter.span = match period {
            Period::Today => Some(Span::day_containing(self.now, zone)),
            Period::Week => nav.map(|n| n.week.span(zone)),
            Period::All => None,
        };
        Ok((filter, nav))
    }

    /// The fires of one local day (behind a bar of the review's chart).
    pub fn day_fires(&self, date: NaiveDate) -> Result<Vec<Interruption>> {
        let span = Span::day(date, self.zone()?);
        self.store
            .list_interruptions(&InterruptionFilter { span: Some(span), ..Default::default() })
    }

    /// Sources, categories and delegates used lately, for suggestions and filter menus.
    pub fn recent_names(&self) -> Result<RecentNames> {
        self.store.recent_names(self.now - Duration::days(RECENT_NAMES_DAYS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{at, store_in};

    #[test]
    fn an_edit_merges_quicklog_text_fields_and_when_and_refuses_nothing() {
        let store = store_in("Europe/London");
        let api = Sanctum::new(&store, at("2026-11-24T15:00:00Z"));
        let fire = api.log_fire("@Sam slack 10m invoices").unwrap();
        let edit = FireEdit {
            text: Some("25m".into()),
            patch: InterruptionPatch { note: Some("vendor".into()), ..Default::default() },
            minutes: None,
            when: Some("14:30".into()),
        };
        let edited = api.edit_fire(fire.id, edit).unwrap();
        assert_eq!(edited.fields.minutes, 25);
        assert_eq!(edited.fields.note, "vendor");
        assert_eq!(edited.fields.source.as_deref(), Some("Sam"));
        assert_eq!(edited.fields.occurred_at, at("2026-11-24T14:30:00Z"));
        let e = api.edit_fire(fire.id, FireEdit::default()).unwrap_err();
        assert_eq!(e.field(), Some("edit"));
        assert_eq!(api.changes().topics, vec![Topic::Fires]);
    }

    #[test]
    fn minutes_as_typed_follow_the_quick_log_rule_and_name_the_field() {
        let store = store_in("Europe/London");
        let api = Sanctum::new(&store, at("2026-11-24T15:00:00Z"));
        let fire = api.log_fire("@Sam slack 10m invoices").unwrap();
        let typed = |m: &str| FireEdit { minutes: Some(m.into()), ..Default::default() };
        assert_eq!(api.edit_fire(fire.id, typed("1h30m")).unwrap().fields.minutes, 90);
        assert_eq!(api.edit_fire(fire.id, typed(" 45 ")).unwrap().fields.minutes, 45);
        for bad in ["-5", "", "  ", "lots", "2000"] {
            let e = api.edit_fire(fire.id, typed(bad)).unwrap_err();
            assert_eq!(e.field(), Some("minutes"), "{bad:?}: {e}");
        }
        assert_eq!(
            store.interruption(fire.id).unwrap().fields.minutes,
            45,
            "refusals change nothing"
        );
    }

    #[test]
    fn a_search_counts_at_most_the_cap_newest_matches() {
        let store = store_in("Europe/London");
        let now = at("2026-11-24T15:00:00Z");
        let rows = (0..SEARCH_COUNT_CAP + 5).map(|n| {
            let mut fire = NewInterruption::at(now - Duration::minutes(i64::from(n)));
            fire.note = format!("vendor match {n}");
            fire.minutes = 1;
            fire
        });
        store.log_interruptions_bulk(rows, now).unwrap();
        let api = Sanctum::new(&store, now);
        let search = |text: &str| {
            let filter = InterruptionFilter {
                text: Some(text.into()),
                limit: Some(50),
                ..Default::default()
            };
            api.fires(FireQuery { period: Period::All, filter, ..Default::default() }).unwrap()
        };
        let many = search("match");
        assert_eq!((many.items.len(), many.total, many.capped), (50, 10_000, true));
        assert!(many.counted);
        // Quick: the first page alone, as the full answer has it, and "not counted yet".
        let quick = |text: &str, offset: Option<u32>| {
            let filter = InterruptionFilter {
                text: Some(text.into()),
                limit: Some(50),
                offset,
                ..Default::default()
            };
            api.fires(FireQuery { period: Period::All, filter, quick: true, ..Default::default() })
                .unwrap()
        };
        let first = quick("match", None);
        assert_eq!(first.items, many.items);
        assert_eq!(
            (first.total, first.total_minutes, first.capped, first.counted),
            (50, 50, false, false)
        );
        let few = quick("match 1000", None); // 1000 and 10000..=10004
        assert_eq!((few.items.len(), few.total, few.counted), (6, 6, true), "all found: counted");
        let later = quick("match", Some(50));
        assert_eq!((later.total, later.counted), (10_000, true), "past the first page: counted");
        assert_eq!(many.total_minutes, 10_000, "minutes of the counted ones");
        let one = search("match 10004");
        assert_eq!((one.items.len(), one.total, one.capped), (1, 1, false));
        let all = api.fires(FireQuery { period: Period::All, ..Default::default() }).unwrap();
        assert_eq!((all.total, all.capped), (u64::from(SEARCH_COUNT_CAP) + 5, false));
        // A search is not marked for jumps (its pages come from its matches); "All" is, in
        // slices, once shown, and then a page anywhere in it is as it would be unmarked.
        let query = |text: Option<&str>, offset: Option<u32>| FireQuery {
            period: Period::All,
            week: None,
            quick: false,
            filter: InterruptionFilter {
                text: text.map(Into::into),
                offset,
                limit: Some(50),
                ..Default::default()
            },
        };
        api.fires(query(Some("match"), None)).unwrap();
        assert!(!api.prepare_fires(query(Some("match"), None), 4096).unwrap());
        api.fires(query(None, None)).unwrap();
        assert!(api.prepare_fires(query(None, None), 4096).unwrap(), "one slice, more to do");
        while api.prepare_fires(query(None, None), 4096).unwrap() {}
        let page = api.fires(query(None, Some(9_000))).unwrap();
        assert_eq!(page.items[0].fields.note, "vendor match 9000");
        assert_eq!(page.items.len(), 50);
    }

    #[test]
    fn periods_set_the_span_and_a_week_has_neighbours() {
        let store = store_in("Europe/London");
        let api = Sanctum::new(&store, at("2026-11-24T15:00:00Z"));
        api.log_fire("slack 10m today").unwrap();
        let week = api.fires(FireQuery::default()).unwrap();
        let nav = week.nav.unwrap();
        assert_eq!(nav.week.to_string(), "2026-W48");
        assert_eq!(nav.previous_week.to_string(), "2026-W47");
        assert_eq!(week.total_minutes, 10);
        let last =
            api.fires(FireQuery { week: Some(nav.previous_week), ..Default::default() }).unwrap();
        assert!(last.items.is_empty());
        let all = api.fires(FireQuery { period: Period::All, ..Default::default() }).unwrap();
        assert_eq!(all.items.len(), 1);
        assert!(all.nav.is_none());
        assert!(api.changes().topics.contains(&Topic::Fires));
        api.log_fire("email 5m second").unwrap();
        let filter = InterruptionFilter { offset: Some(1), limit: Some(1), ..Default::default() };
        let page =
            api.fires(FireQuery { period: Period::All, filter, ..Default::default() }).unwrap();
        assert_eq!(page.items[0].fields.note, "today", "the second newest");
        assert_eq!((page.items.len(), page.offset, page.total, page.total_minutes), (1, 1, 2, 15));
        let filter = InterruptionFilter { limit: Some(5), ..Default::default() };
        let short =
            api.fires(FireQuery { period: Period::All, filter, ..Default::default() }).unwrap();
        assert_eq!((short.items.len(), short.total, short.total_minutes), (2, 2, 15));
        assert!(!short.capped);
    }
}
