//! How the CLI prints: one readable line per interruption, or JSON for scripts.
//!
//! Everything goes through [`emit`]: control characters (from a note, a calendar's summary) are
//! shown escaped, never sent to the terminal, and a reader that goes away (`sanctum list | head`)
//! ends the command quietly instead of a panic.

use std::path::Path;

use chrono_tz::Tz;
use sanctum_core::api::focus::WeekPlan;
use sanctum_core::api::planning::{BatchTasks, TasksOverview};
use sanctum_core::focus::{FocusBlock, FocusNow, Occurrence, OccurrenceOutcome, Repeat};
use sanctum_core::planning::{Batch, Ownership, Priority, PriorityStatus, Task, Win};
use sanctum_core::store::Delegated;
use sanctum_core::time::IsoWeek;
use sanctum_core::{Interruption, Settings};
use serde::Serialize;

#[derive(Debug)]
pub struct Printer {
    pub json: bool,
    pub zone: Tz,
}

impl Printer {
    pub fn logged(&self, i: &Interruption) {
        self.one("Logged", i);
    }

    pub fn updated(&self, i: &Interruption) {
        self.one("Updated", i);
    }

    pub fn deleted(&self, i: &Interruption) {
        self.one("Deleted", i);
    }

    pub fn list(&self, list: &[Interruption]) {
        if self.json {
            return print_json(&list);
        }
        if list.is_empty() {
            say!("No interruptions.");
            return;
        }
        for i in list {
            say!("{}", self.line(i));
        }
        let minutes: u64 = list.iter().map(|i| u64::from(i.fields.minutes)).sum();
        say!("{} interruptions, {}", list.len(), sanctum_core::text::duration(minutes));
    }

    pub fn settings(&self, s: &Settings, db: &Path) {
        let mut value = serde_json::to_value(s).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.insert("database".into(), serde_json::json!(db));
        }
        if self.json {
            return print_json(&value);
        }
        for (key, v) in value.as_object().into_iter().flatten() {
            let text = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
            say!("{key:<24} {text}");
        }
    }

    pub fn calendars(&self, list: &[sanctum_core::calendar::Calendar]) {
        if self.json {
            return print_json(list);
        }
        if list.is_empty() {
            say!("No calendars. Add one: sanctum calendar add FILE-OR-URL");
            return;
        }
        for c in list {
            let mut flags = vec![c.spec.kind.as_str().to_string()];
            if c.spec.read_busy {
                flags.push("busy".into());
            }
            if c.spec.publish {
                flags.push("publish".into());
            }
            let read = match c.refreshed_at {
                Some(t) => format!("read {}", t.with_timezone(&self.zone).format("%Y-%m-%d %H:%M")),
                None => "never read".to_string(),
            };
            let user = c.spec.username.as_deref().map(|u| format!(" as {u}")).unwrap_or_default();
            say!(
                "{:>3}  {}  [{}]  {}{user}  {} events, {read}",
                c.id,
                c.spec.name,
                flags.join(", "),
                c.spec.location,
                c.event_count
            );
            if let Some(e) = &c.last_error {
                say!("     last error: {e}");
            }
        }
    }

    pub fn events(&self, week: &sanctum_core::api::calendars::WeekEvents) {
        let (events, clashes) = (&week.events, &week.clashes);
        if self.json {
            return print_json(&serde_json::json!({ "events": events, "clashes": clashes }));
        }
        if events.is_empty() {
            say!("No calendar events this week.");
        }
        for e in events {
            let e = &e.event;
            let (start, end) = (e.start.with_timezone(&self.zone), e.end.with_timezone(&self.zone));
            let when = if e.all_day {
                format!("{} all day", start.format("%a %d %b"))
            } else {
                format!(
                    "{} {}–{}",
                    start.format("%a %d %b"),
                    start.format("%H:%M"),
                    end.format("%H:%M")
                )
            };
            let free = if e.busy { "" } else { " (free)" };
            say!("{when:<24} {}{free}", e.summary);
        }
        for c in clashes {
            say!(
                "Clash: focus block {} on {} overlaps {}",
                c.block_id,
                c.date,
                c.meetings.join(", ")
            );
        }
    }

    pub fn suggestions(&self, list: &[sanctum_core::calendar::suggest::Suggestion]) {
        if self.json {
            return print_json(list);
        }
        if list.is_empty() {
            say!("No free afternoon of an hour or more in your working hours; try --weeks 4.");
            return;
        }
        for (i, s) in list.iter().enumerate() {
            let (start, end) = (s.start.with_timezone(&self.zone), s.end.with_timezone(&self.zone));
            say!(
                "{:>2}. {}  {} {}–{}  {}",
                i + 1,
                s.key,
                start.format("%a %d %b"),
                start.format("%H:%M"),
                end.format("%H:%M"),
                s.reason
            );
        }
        say!("Accept one by its key: sanctum suggest --accept KEY");
    }

    pub fn published(&self, reports: &[sanctum_core::calendar::sync::PublishReport]) {
        if self.json {
            return print_json(reports);
        }
        for r in reports {
            say!(
                "Published to {}: {} sent, {} deleted, {} unchanged",
                r.calendar,
                r.sent,
                r.deleted,
                r.unchanged
            );
            for restored in &r.restored {
                say!("  Put Sanctum's version back: {restored}");
            }
        }
    }

    pub fn block(&self, verb: &str, b: &FocusBlock) {
        if self.json {
            return print_json(b);
        }
        say!("{verb} {}", block_line(b));
    }

    pub fn blocks(&self, plan: &WeekPlan) {
        let (blocks, week) = (&plan.blocks, plan.nav.week);
        let (occurrences, figures) = (&plan.occurrences, &plan.figures);
        if self.json {
            return print_json(plan);
        }
        if blocks.is_empty() {
            say!("No focus blocks. Add one: sanctum block add Strategy --days tue,thu --from 13:00 --to 17:00");
            return;
        }
        for b in blocks {
            say!("{}", block_line(b));
        }
        say!("\n{week}");
        for o in occurrences {
            say!("  {}", self.occurrence_line(o));
        }
        say!(
            "planned {} of {} target · held {} · kept {} · shortened {} · broken {} · unanswered {}",
            sanctum_core::text::duration(figures.planned_minutes.max(0) as u64),
            sanctum_core::text::duration(figures.target_minutes.max(0) as u64),
            sanctum_core::text::duration(figures.held_minutes.max(0) as u64),
            figures.kept,
            figures.shortened,
            figures.broken,
            figures.unanswered
        );
    }

    pub fn occurrence(&self, verb: &str, o: &Occurrence) {
        if self.json {
            return print_json(o);
        }
        say!("{verb}: {}", self.occurrence_line(o));
    }

    pub fn exported(&self, path: &str, blocks: usize) {
        if self.json {
            return print_json(&serde_json::json!({ "file": path, "blocks": blocks }));
        }
        say!("Wrote {blocks} focus block(s) to {path}; import it into any calendar app.");
    }

    pub fn now(&self, now: &FocusNow) {
        if self.json {
            return print_json(now);
        }
        match (&now.running, &now.next) {
            (Some(o), _) => {
                say!(
                    "In focus: {} until {} ({} min left)",
                    o.title,
                    o.end.with_timezone(&self.zone).format("%H:%M"),
                    now.minutes_left.unwrap_or(0)
                );
                if !o.intention.is_empty() {
                    say!("Intention: {}", o.intention);
                }
                if let Some(line) = &now.status_line {
                    say!("Status: {line}");
                }
            }
            (None, Some(o)) => say!("Next: {}", self.occurrence_line(o)),
            (None, None) => say!("No focus block running or coming up this week."),
        }
    }

    fn occurrence_line(&self, o: &Occurrence) -> String {
        let start = o.start.with_timezone(&self.zone);
        let end = o.end.with_timezone(&self.zone);
        let outcome = match &o.outcome {
            None => "not answered".to_string(),
            Some(OccurrenceOutcome::Kept) => "kept".to_string(),
            Some(OccurrenceOutcome::Shortened { minutes_lost, .. }) => {
                format!("shortened by {minutes_lost}m")
            }
            Some(OccurrenceOutcome::Broken { reason }) => format!("broken: {reason}"),
        };
        format!(
            "{} {}–{}  {}  [block {}]  {}{}",
            start.format("%a %d %b"),
            start.format("%H:%M"),
            end.format("%H:%M"),
            o.title,
            o.block_id,
            outcome,
            if o.moved { " (moved)" } else { "" }
        )
    }

    pub fn priority(&self, p: &Priority) {
        if self.json {
            return print_json(p);
        }
        say!("{}", priority_line(p));
    }

    pub fn priorities(&self, week: IsoWeek, ps: &[Priority]) {
        if self.json {
            return print_json(&serde_json::json!({ "week": week, "priorities": ps }));
        }
        if ps.is_empty() {
            say!("No priorities for {week}. Add one: sanctum priority add \"…\"");
        }
        for p in ps {
            say!("{}", priority_line(p));
        }
    }

    pub fn carried(&self, carried: &sanctum_core::api::planning::Carried) {
        let ps = &carried.priorities;
        if self.json {
            return print_json(ps);
        }
        say!(
            "Carried {} unfinished priorit{} from {} into {}",
            ps.len(),
            if ps.len() == 1 { "y" } else { "ies" },
            carried.from,
            carried.into
        );
        for p in ps {
            say!("{}", priority_line(p));
        }
    }

    pub fn task(&self, verb: &str, t: &Task) {
        if self.json {
            return print_json(t);
        }
        say!("{verb} {}", task_line(t, None));
    }

    pub fn tasks(&self, tasks: &[Task], overview: &TasksOverview) {
        if self.json {
            return print_json(tasks);
        }
        if tasks.is_empty() {
            say!("No tasks.");
        }
        for t in tasks {
            let batch =
                t.batch_id.and_then(|id| overview.batches.iter().find(|b| b.batch.id == id));
            say!("{}", task_line(t, batch.map(|b| b.batch.name.as_str())));
        }
    }

    pub fn batch(&self, b: &Batch) {
        if self.json {
            return print_json(b);
        }
        say!("{}", batch_line(b, None));
    }

    pub fn batches(&self, overview: &TasksOverview) {
        let batches: Vec<&Batch> = overview.batches.iter().map(|b| &b.batch).collect();
        if self.json {
            return print_json(&batches);
        }
        if batches.is_empty() {
            say!("No batches. Add one: sanctum batch add \"Vendor calls\" --days fri --from 15:00 --to 16:00");
        }
        for b in &overview.batches {
            say!("{}", batch_line(&b.batch, Some(b.tasks.len())));
        }
    }

    pub fn batch_start(&self, started: &BatchTasks) {
        let (b, tasks) = (&started.batch, &started.tasks);
        if self.json {
            return print_json(&serde_json::json!({ "batch": b, "tasks": tasks }));
        }
        let minutes: u32 = tasks.iter().filter_map(|t| t.estimate_minutes).sum();
        say!(
            "{} — {} open task(s), about {}",
            b.name,
            tasks.len(),
            sanctum_core::text::duration(u64::from(minutes))
        );
        for t in tasks {
            say!("  [ ] {}", task_line(t, None));
        }
        if !tasks.is_empty() {
            say!("Tick them off with: sanctum task done ID");
        }
    }

    pub fn win(&self, w: &Win) {
        if self.json {
            return print_json(w);
        }
        say!(
            "Win #{} on {}: {}{}",
            w.id,
            w.date,
            w.title,
            w.impact.as_ref().map(|i| format!(" ({i})")).unwrap_or_default()
        );
    }

    pub fn wins(&self, week: IsoWeek, wins: &[Win]) {
        if self.json {
            return print_json(wins);
        }
        if wins.is_empty() {
            say!("No wins recorded in {week} yet. Add one: sanctum win \"…\"");
        }
        for w in wins {
            self.win(w);
        }
    }

    pub fn message(&self, text: &str) {
        if self.json {
            return print_json(&serde_json::json!({ "message": text }));
        }
        say!("{text}");
    }

    pub fn imported(&self, report: &sanctum_core::store::ImportReport) {
        if self.json {
            return print_json(report);
        }
        for (table, added, skipped) in &report.tables {
            say!("{table:<14} {added} added, {skipped} already there");
        }
    }

    pub fn review(&self, r: &sanctum_core::review::WeekReview) {
        print_json(r);
    }

    pub fn delegated(&self, d: &Delegated) {
        if self.json {
            return print_json(d);
        }
        if d.tasks.is_empty() && d.interruptions.is_empty() {
            say!("Nothing out with other people.");
        }
        for t in &d.tasks {
            say!("task {}", task_line(t, None));
        }
        for i in &d.interruptions {
            say!("fire {}", self.line(i));
        }
        if d.more_interruptions > 0 {
            say!(
                "and {} more delegated fires (sanctum list --all --outcome delegated)",
                d.more_interruptions
            );
        }
    }

    fn one(&self, verb: &str, i: &Interruption) {
        if self.json {
            print_json(i)
        } else {
            say!("{verb} {}", self.line(i));
        }
    }

    /// `#12  Wed 25 Nov 14:05  15m  slack  Sam  #vendor  delegated to Priya  invoices failing`
    fn line(&self, i: &Interruption) -> String {
        let f = &i.fields;
        let mut parts = vec![
            format!("#{}", i.id),
            f.occurred_at.with_timezone(&self.zone).format("%a %d %b %H:%M").to_string(),
            format!("{}m", f.minutes),
            f.channel.to_string(),
        ];
        parts.extend(f.source.clone());
        parts.extend(f.category.as_ref().map(|c| format!("#{c}")));
        if f.urgency != sanctum_core::Urgency::Normal {
            parts.push(format!("!{}", f.urgency));
        }
        parts.push(f.outcome.to_string());
        if !f.note.is_empty() {
            parts.push(f.note.clone());
        }
        parts.join("  ")
    }
}

/// `#4 1. Hire a vendor manager  [done: signed]`
fn priority_line(p: &Priority) -> String {
    let mut line = format!("#{} {}. {}", p.id, p.rank, p.title);
    if p.status != PriorityStatus::Open {
        line.push_str(&format!("  [{}", p.status.as_str()));
        if let Some(o) = &p.outcome {
            line.push_str(&format!(": {o}"));
        }
        line.push(']');
    }
    if p.carried_from.is_some() {
        line.push_str("  (carried)");
    }
    line
}

/// `#7 Reply to legal  ~15m  delegated to Priya  (Email)  done`
fn task_line(t: &Task, batch: Option<&str>) -> String {
    let mut line = format!("#{} {}", t.id, t.title);
    if let Some(m) = t.estimate_minutes {
        line.push_str(&format!("  ~{}", sanctum_core::text::duration(u64::from(m))));
    }
    match &t.ownership {
        Ownership::Mine => {}
        Ownership::Delegated { to } => line.push_str(&format!("  delegated to {to}")),
        Ownership::Declined => line.push_str("  declined"),
    }
    if let Some(b) = batch {
        line.push_str(&format!("  ({b})"));
    }
    if t.done_at.is_some() {
        line.push_str("  done");
    }
    line
}

fn batch_line(b: &Batch, open: Option<usize>) -> String {
    let mut line = format!("#{} {}", b.id, b.name);
    if let Some(s) = &b.slot {
        let days: Vec<String> = s.days.iter().map(|d| d.to_string()).collect();
        line.push_str(&format!(
            "  {} {}–{} {}",
            days.join(", "),
            s.start.format("%H:%M"),
            s.end.format("%H:%M"),
            s.timezone
        ));
    }
    if let Some(n) = open {
        line.push_str(&format!("  · {n} open"));
    }
    line
}

/// `#3 Strategy  Tue, Thu 13:00–17:00 Europe/London  — roadmap`
fn block_line(b: &FocusBlock) -> String {
    let s = &b.spec;
    let when = match &s.repeat {
        Repeat::Weekly { days } => {
            days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
        }
        Repeat::Once { date } => date.format("%a %d %b %Y").to_string(),
    };
    let mut line = format!(
        "#{} {}  {} {}–{} {}",
        b.id,
        s.title,
        when,
        s.start.format("%H:%M"),
        s.end.format("%H:%M"),
        s.timezone
    );
    if let Some(until) = s.active_until.filter(|_| matches!(s.repeat, Repeat::Weekly { .. })) {
        line.push_str(&format!(" until {until}"));
    }
    if s.paused {
        line.push_str("  (paused)");
    }
    if !s.intention.is_empty() {
        line.push_str(&format!("  — {}", s.intention));
    }
    line
}

pub(crate) fn print_json<T: Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => say!("{s}"),
        Err(e) => crate::output::warn(&format!("could not write JSON: {e}")),
    }
}

/// Writes `text` to standard output with control characters (but new lines) escaped. A closed
/// pipe ends the process quietly: whatever was asked has been done and stored already.
pub fn emit(text: &str) {
    use std::io::Write;
    let shown = sanctum_core::text::escaped(text);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(shown.as_bytes()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        // Nowhere left to say it but standard error.
        warn(&format!("could not write the output: {e}"));
        std::process::exit(1);
    }
}

/// One line to standard error, prefixed `sanctum:`, control characters escaped.
pub fn warn(text: &str) {
    use std::io::Write;
    let line = format!("sanctum: {}\n", sanctum_core::text::escaped(&text.replace('\n', " ")));
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
