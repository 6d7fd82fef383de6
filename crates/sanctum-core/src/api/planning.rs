//! Weekly priorities, batches of small tasks and their ownership, delegated work, and wins.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Confirm, Sanctum, Topic, WeekNav};
use crate::error::{Error, Result};
use crate::focus::{parse_days, parse_wall_time};
use crate::planning::{Batch, BatchSlot, NewTask, Ownership, Priority, PriorityStatus, Task, Win};
use crate::quicklog::parse_minutes;
use crate::store::{Delegated, TaskFilter};
use crate::time::IsoWeek;

/// How far back the delegated list shows fires handed to someone else.
pub const DELEGATED_WITHIN_DAYS: i64 = 30;

/// The week screen: priorities, last week's (for planning), wins, and whether to ask for a plan.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekPriorities {
    #[serde(flatten)]
    pub nav: WeekNav,
    pub priorities: Vec<Priority>,
    pub previous: Vec<Priority>,
    pub wins: Vec<Win>,
    /// True on the first start in a week that has not been planned yet.
    pub planning_due: bool,
}

/// A task as the user types it: the estimate (`15m`, `1h`) and the owner (`mine`,
/// `delegated:Name`, `declined`) as text, read by the same rules everywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct TaskInput {
    pub title: String,
    pub batch_id: Option<i64>,
    pub priority_id: Option<i64>,
    pub estimate: Option<String>,
    pub owner: Option<String>,
}

/// A batch as the user types it: an optional weekly slot, days (`fri`, `mon-fri`,
/// `weekdays`) and wall times (`15:00`) as text, in `timezone` (default: the user's zone).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct BatchInput {
    pub name: String,
    pub days: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub timezone: Option<String>,
}

/// Priorities carried from one week into the next.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Carried {
    pub from: IsoWeek,
    pub into: IsoWeek,
    /// The new priorities, in `into`.
    pub priorities: Vec<Priority>,
}

/// A batch with its open tasks.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchTasks {
    #[serde(flatten)]
    pub batch: Batch,
    pub tasks: Vec<Task>,
}

/// Batches with their open tasks, loose tasks, and what is out with other people.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TasksOverview {
    pub batches: Vec<BatchTasks>,
    /// Open tasks in no batch.
    pub loose: Vec<Task>,
    pub delegated: Delegated,
}

impl Sanctum<'_> {
    /// A week's priorities (default: this week), last week's, its wins, and whether to plan.
    pub fn week_priorities(&self, week: Option<IsoWeek>) -> Result<WeekPriorities> {
        let current = self.week_or_current(None)?;
        let week = week.unwrap_or(current);
        let s = self.store;
        Ok(WeekPriorities {
            nav: WeekNav::new(week, current),
            priorities: s.priorities(week)?,
            previous: s.priorities(week.previous())?,
            wins: s.wins(week)?,
            planning_due: s.planned_week()? != Some(current),
        })
    }

    /// Records that the week was planned, so the guided planning is not offered again.
    pub fn mark_week_planned(&self, week: IsoWeek) -> Result<()> {
        self.store.set_planned_week(week)?;
        self.wrote(Topic::Planning, ());
        Ok(())
    }

    /// Adds a priority at the bottom of the week's list (default: this week). Past the soft
    /// limit it asks first, unless `confirmed`.
    pub fn add_priority(
        &self,
        week: Option<IsoWeek>,
        title: &str,
        confirmed: bool,
    ) -> Result<Confirm<Priority>> {
        let week = self.week_or_current(week)?;
        match self.store.add_priority(week, title, confirmed, self.now) {
            Ok(p) => Ok(Confirm::Done { value: self.wrote(Topic::Planning, p) }),
            Err(Error::Invalid { field: "confirm", message }) => {
                Ok(Confirm::Ask { question: message })
            }
            Err(e) => Err(e),
        }
    }

    /// Puts the week's priorities in the order of `ids`.
    pub fn reorder_priorities(&self, week: IsoWeek, ids: &[i64]) -> Result<Vec<Priority>> {
        let ordered = self.store.reorder_priorities(week, ids, self.now)?;
        Ok(self.wrote(Topic::Planning, ordered))
    }

    /// Moves a priority to position `to` (from 1) in its week.
    pub fn move_priority(&self, id: i64, to: u32) -> Result<Vec<Priority>> {
        let week = self.store.priority(id)?.week;
        let mut ids: Vec<i64> =
            self.store.priorities(week)?.iter().map(|p| p.id).filter(|p| *p != id).collect();
        if to == 0 || to as usize > ids.len() + 1 {
            return Err(Error::invalid(
                "to",
                format!("give a position from 1 to {}", ids.len() + 1),
            ));
        }
        ids.insert(to as usize - 1, id);
        self.reorder_priorities(week, &ids)
    }

    /// Done, partly done, dropped or open again, with an optional one-line outcome.
    pub fn set_priority_status(
        &self,
        id: i64,
        status: PriorityStatus,
        outcome: Option<&str>,
    ) -> Result<Priority> {
        let p = self.store.set_priority_status(id, status, outcome, self.now)?;
        Ok(self.wrote(Topic::Planning, p))
    }

    pub fn delete_priority(&self, id: i64) -> Result<Priority> {
        Ok(self.wrote(Topic::Planning, self.store.delete_priority(id, self.now)?))
    }

    /// Carries a week's unfinished priorities into the next (default: last week into this).
    pub fn carry_priorities(&self, from: Option<IsoWeek>) -> Result<Carried> {
        let from = match from {
            Some(w) => w,
            None => self.week_or_current(None)?.previous(),
        };
        let priorities = self.store.carry_priorities(from, self.now)?;
        Ok(self.wrote(Topic::Planning, Carried { from, into: from.next(), priorities }))
    }

    /// The batch called `name` (case-insensitive).
    pub fn batch_named(&self, name: &str) -> Result<Batch> {
        self.store.batch_named(name)?.ok_or_else(|| {
            Error::invalid("batch", format!("no batch named '{name}'; see the list of batches"))
        })
    }

    /// Batches with their open tasks, loose open tasks, and the delegated list.
    pub fn tasks_overview(&self) -> Result<TasksOverview> {
        let open = self.store.tasks(&TaskFilter { open: true, ..Default::default() })?;
        let batches = self
            .store
            .batches()?
            .into_iter()
            .map(|b| {
                let tasks = open.iter().filter(|t| t.batch_id == Some(b.id)).cloned().collect();
                BatchTasks { batch: b, tasks }
            })
            .collect();
        Ok(TasksOverview {
            batches,
            loose: open.into_iter().filter(|t| t.batch_id.is_none()).collect(),
            delegated: self.delegated()?,
        })
    }

    /// Tasks, open ones unless `all`, of one batch if named.
    pub fn tasks(&self, batch: Option<&str>, all: bool) -> Result<Vec<Task>> {
        let batch_id = batch.map(|b| self.batch_named(b).map(|b| b.id)).transpose()?;
        self.store.tasks(&TaskFilter { batch_id, open: !all, ..Default::default() })
    }

    /// Starts a batch: the batch and its open tasks, in one list to work through.
    pub fn start_batch(&self, name: &str) -> Result<BatchTasks> {
        let batch = self.batch_named(name)?;
        let tasks = self.tasks(Some(&batch.name), false)?;
        Ok(BatchTasks { batch, tasks })
    }

    /// Adds a batch; a slot needs days, a start and an end (any of them alone is refused,
    /// naming what is missing).
    pub fn add_batch(&self, input: BatchInput) -> Result<Batch> {
        let blank = |v: Option<String>| v.filter(|t| !t.trim().is_empty());
        let (days, start, end) = (blank(input.days), blank(input.start), blank(input.end));
        let slot = match (days, start, end) {
            (None, None, None) => None,
            (Some(days), Some(start), Some(end)) => Some(BatchSlot {
                days: parse_days(&days)?,
                start: parse_wall_time("start", &start)?,
                end: parse_wall_time("end", &end)?,
                timezone: match blank(input.timezone) {
                    Some(z) => z,
                    None => self.zone()?.name().to_string(),
                },
            }),
            (None, _, _) => {
                return Err(Error::invalid("days", "a slot needs days, e.g. fri or mon-fri"))
            }
            (_, None, _) => return Err(Error::invalid("start", "a slot needs a start time")),
            (_, _, None) => return Err(Error::invalid("end", "a slot needs an end time")),
        };
        Ok(self.wrote(Topic::Planning, self.store.add_batch(&input.name, slot, self.now)?))
    }

    pub fn delete_batch(&self, id: i64) -> Result<Batch> {
        Ok(self.wrote(Topic::Planning, self.store.delete_batch(id)?))
    }

    pub fn add_task(&self, input: TaskInput) -> Result<Task> {
        let blank = |v: Option<String>| v.filter(|t| !t.trim().is_empty());
        let task = NewTask {
            title: input.title,
            batch_id: input.batch_id,
            priority_id: input.priority_id,
            estimate_minutes: blank(input.estimate)
                .map(|e| parse_minutes("estimate", &e))
                .transpose()?,
            ownership: blank(input.owner).map(|o| Ownership::parse(&o)).transpose()?,
        };
        Ok(self.wrote(Topic::Planning, self.store.add_task(task, self.now)?))
    }

    pub fn set_task_done(&self, id: i64, done: bool) -> Result<Task> {
        Ok(self.wrote(Topic::Planning, self.store.set_task_done(id, done, self.now)?))
    }

    pub fn set_task_ownership(&self, id: i64, ownership: Ownership) -> Result<Task> {
        let t = self.store.set_task_ownership(id, ownership, self.now)?;
        Ok(self.wrote(Topic::Planning, t))
    }

    pub fn delete_task(&self, id: i64) -> Result<Task> {
        Ok(self.wrote(Topic::Planning, self.store.delete_task(id)?))
    }

    /// Turns a logged fire into a task in a batch (default: the batch it was deferred to).
    pub fn defer_to_batch(&self, fire_id: i64, batch: Option<&str>) -> Result<Task> {
        let t = self.store.defer_to_batch(fire_id, batch, self.now)?;
        self.wrote(Topic::Fires, ());
        Ok(self.wrote(Topic::Planning, t))
    }

    /// Open delegated tasks and fires delegated in the last [`DELEGATED_WITHIN_DAYS`] days.
    pub fn delegated(&self) -> Result<Delegated> {
        self.store.delegated(self.now - Duration::days(DELEGATED_WITHIN_DAYS), self.now)
    }

    /// Records a win on `date` (default: today in the user's zone).
    pub fn add_win(
        &self,
        date: Option<NaiveDate>,
        title: &str,
        impact: Option<&str>,
        priority_id: Option<i64>,
    ) -> Result<Win> {
        let date = match date {
            Some(d) => d,
            None => self.now.with_timezone(&self.zone()?).date_naive(),
        };
        let w = self.store.add_win(date, title, impact, priority_id, self.now)?;
        Ok(self.wrote(Topic::Planning, w))
    }

    /// A week's wins (default: this week).
    pub fn wins(&self, week: Option<IsoWeek>) -> Result<(IsoWeek, Vec<Win>)> {
        let week = self.week_or_current(week)?;
        Ok((week, self.store.wins(week)?))
    }

    pub fn delete_win(&self, id: i64) -> Result<Win> {
        Ok(self.wrote(Topic::Planning, self.store.delete_win(id)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{at, store_in};

    #[test]
    fn a_sixth_priority_is_a_question_not_an_error_and_nothing_is_added() {
        let store = store_in("Pacific/Auckland");
        let api = Sanctum::new(&store, at("2026-11-24T10:00:00Z"));
        for n in 1..=5 {
            assert!(matches!(
                api.add_priority(None, &format!("P{n}"), false).unwrap(),
                Confirm::Done { .. }
            ));
        }
        let Confirm::Ask { question } = api.add_priority(None, "P6", false).unwrap() else {
            panic!("a sixth priority should ask first");
        };
        assert!(question.contains("already has 5"), "{question}");
        assert_eq!(api.week_priorities(None).unwrap().priorities.len(), 5);
        assert!(matches!(api.add_priority(None, "P6", true).unwrap(), Confirm::Done { .. }));
        let moved = api.move_priority(api.week_priorities(None).unwrap().priorities[5].id, 1);
        assert_eq!(moved.unwrap()[0].title, "P6");
        assert_eq!(api.move_priority(1, 9).unwrap_err().field(), Some("to"));
    }

    #[test]
    fn a_win_without_a_date_is_today_in_the_users_zone() {
        // 2026-11-24 20:00 UTC is already the 25th in Auckland.
        let store = store_in("Pacific/Auckland");
        let api = Sanctum::new(&store, at("2026-11-24T20:00:00Z"));
        let w = api.add_win(None, "Shipped", None, None).unwrap();
        assert_eq!(w.date.to_string(), "2026-11-25");
        assert_eq!(api.changes().topics, vec![Topic::Planning]);
    }
}

#[cfg(test)]
mod input_tests {
    use super::*;
    use crate::fixtures::{at, store_in};

    #[test]
    fn typed_estimates_owners_and_slots_are_read_by_the_core_rules() {
        let store = store_in("Europe/Berlin");
        let api = Sanctum::new(&store, at("2026-11-24T10:00:00Z"));
        let t = api
            .add_task(TaskInput {
                title: "Reply to legal".into(),
                estimate: Some("1h30m".into()),
                owner: Some("delegated:Priya".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(t.estimate_minutes, Some(90));
        assert_eq!(t.ownership, Ownership::Delegated { to: "Priya".into() });
        let bad =
            TaskInput { title: "x".into(), estimate: Some("-5".into()), ..Default::default() };
        assert_eq!(api.add_task(bad).unwrap_err().field(), Some("estimate"));
        let b = api
            .add_batch(BatchInput {
                name: "Email".into(),
                days: Some("mon-wed".into()),
                start: Some("16:00".into()),
                end: Some("16:30".into()),
                timezone: None,
            })
            .unwrap();
        let slot = b.slot.unwrap();
        assert_eq!(slot.days.len(), 3);
        assert_eq!(slot.timezone, "Europe/Berlin");
        let half =
            BatchInput { name: "Calls".into(), days: Some("fri".into()), ..Default::default() };
        assert_eq!(api.add_batch(half).unwrap_err().field(), Some("start"));
        assert!(api
            .add_batch(BatchInput { name: "Loose".into(), ..Default::default() })
            .unwrap()
            .slot
            .is_none());
    }
}
