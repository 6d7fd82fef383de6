//! The contract with the page: the types it receives and sends are generated from the Rust
//! types into `ui/types/api.d.ts`, and its vocabulary and duration examples into
//! `ui/generated.js`. This test fails when either file is stale (run it with
//! `UPDATE_UI_TYPES=1` to write them), and when `ui/api.js` calls a command the app does not
//! register. `tsc` (run by scripts/test.sh) then checks the page's JavaScript against the
//! declarations, so a field renamed in Rust fails CI until the page follows.

#![allow(clippy::unwrap_used)] // a failed step is a failed test

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use sanctum_core::api::calendars::{Accepted, CalendarPatch, RefreshOutcome, WeekEvents};
use sanctum_core::api::data::{ChosenFile, FileAction};
use sanctum_core::api::fires::{FireEdit, FireQuery, Listing};
use sanctum_core::api::focus::{BlockPatch, Unanswered, WeekPlan, WhichOccurrence};
use sanctum_core::api::guard::Navigation;
use sanctum_core::api::planning::{BatchInput, Carried, TaskInput, TasksOverview, WeekPriorities};
use sanctum_core::api::review::{ReportFormat, ReviewScreen};
use sanctum_core::api::{ApiError, AppStatus, Confirm, DataChanged, Exported};
use sanctum_core::calendar::suggest::Suggestion;
use sanctum_core::calendar::sync::{PublishReport, Refreshed};
use sanctum_core::calendar::{Calendar, NewCalendar};
use sanctum_core::focus::{FocusBlock, FocusNow, NewFocusBlock, Occurrence, OccurrenceOutcome};
use sanctum_core::interruption::{Channel, Outcome, Urgency};
use sanctum_core::planning::{Batch, BatchSlot, Ownership, Priority, PriorityStatus};
use sanctum_core::store::{ImportReport, RecentNames, ReviewNote};
use sanctum_core::{Interruption, NewInterruption, Settings};
use ts_rs::{Config, TypeVisitor, TS};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Collects the declaration of a type and of everything it refers to, once each.
struct Collect<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        self.decls.insert(T::ident(self.cfg), format!("export {}", T::decl(self.cfg)));
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

fn declarations() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut c = Collect { cfg: &cfg, seen: HashSet::new(), decls: BTreeMap::new() };
    macro_rules! roots { ($($t:ty),* $(,)?) => { $( c.visit::<$t>(); )* } }
    roots!(
        Accepted,
        ApiError,
        AppStatus,
        Batch,
        BatchInput,
        BatchSlot,
        BlockPatch,
        Calendar,
        CalendarPatch,
        Carried,
        ChosenFile,
        Confirm<Priority>,
        DataChanged,
        Exported,
        FileAction,
        FireEdit,
        FireQuery,
        FocusBlock,
        FocusNow,
        ImportReport,
        Interruption,
        Listing,
        Navigation,
        NewCalendar,
        NewFocusBlock,
        NewInterruption,
        Occurrence,
        OccurrenceOutcome,
        Ownership,
        Priority,
        PriorityStatus,
        PublishReport,
        RecentNames,
        Refreshed,
        RefreshOutcome,
        ReportFormat,
        ReviewNote,
        ReviewScreen,
        Settings,
        Suggestion,
        TasksOverview,
        Unanswered,
        WeekEvents,
        WeekPlan,
        WeekPriorities,
        WhichOccurrence,
        TaskInput,
    );
    let mut out = String::from(
        "// Generated from Sanctum's Rust types by crates/sanctum-core/tests/ui_contract.rs;\n\
         // do not edit. Regenerate: UPDATE_UI_TYPES=1 cargo test -p sanctum-core --test ui_contract\n\n",
    );
    for decl in c.decls.values() {
        out.push_str(decl.trim_end());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn list(words: impl IntoIterator<Item = String>) -> String {
    let quoted: Vec<String> = words.into_iter().map(|w| format!("'{w}'")).collect();
    format!("[{}]", quoted.join(", "))
}

fn vocabulary() -> String {
    let durations: Vec<String> = sanctum_core::text::DURATION_EXAMPLES
        .iter()
        .map(|m| format!("[{m}, '{}']", sanctum_core::text::duration(*m)))
        .collect();
    format!(
        "// Generated from Sanctum's Rust types by crates/sanctum-core/tests/ui_contract.rs;\n\
         // do not edit. The vocabulary the page offers, and how durations are written.\n\n\
         export const CHANNELS = {};\n\
         export const URGENCIES = {};\n\
         export const OUTCOMES = {};\n\
         /** Minutes and how the core writes them; format.js's `duration` is tested against these. */\n\
         export const DURATION_EXAMPLES = [{}];\n",
        list(Channel::ALL.iter().map(|c| c.as_str().to_string())),
        list(Urgency::ALL.iter().map(|u| u.as_str().to_string())),
        list(Outcome::KINDS.iter().map(|o| o.to_string())),
        durations.join(", "),
    )
}

/// Compares `file` with what it should hold; writes it instead under `UPDATE_UI_TYPES=1`.
fn check(file: &str, wanted: &str) {
    let path = root().join(file);
    if std::env::var("UPDATE_UI_TYPES").is_ok_and(|v| v == "1") {
        std::fs::write(&path, wanted).unwrap();
        return;
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == wanted,
        "{file} is stale: the Rust types changed. Regenerate it with \
         `UPDATE_UI_TYPES=1 cargo test -p sanctum-core --test ui_contract`, then make the page \
         follow (scripts/test.sh runs tsc over it)."
    );
}

#[test]
fn the_page_declarations_are_generated_from_the_rust_types() {
    check("ui/types/api.d.ts", &declarations());
    check("ui/generated.js", &vocabulary());
}

#[test]
fn every_command_the_page_calls_is_registered_by_the_app() {
    let api = std::fs::read_to_string(root().join("ui/api.js")).unwrap();
    let lib = std::fs::read_to_string(root().join("src-tauri/src/lib.rs")).unwrap();
    let registered: HashSet<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("commands::"))
        .filter_map(|l| l.trim_end_matches(',').rsplit("::").next())
        .collect();
    let called: Vec<&str> =
        api.split("invoke('").skip(1).filter_map(|rest| rest.split('\'').next()).collect();
    assert!(called.len() > 40, "found only {} commands in ui/api.js", called.len());
    for name in &called {
        assert!(
            registered.contains(name),
            "ui/api.js calls '{name}', which the app does not register"
        );
    }
    for name in &registered {
        assert!(called.contains(name), "the app registers '{name}', which ui/api.js never calls");
    }
}

#[test]
fn a_renamed_field_changes_the_declarations() {
    // The generated text names the fields the page reads; a sample, so a generator that lost
    // them would fail here and not only in tsc.
    let d = declarations();
    for needle in [
        "export type WeekPlan = {",
        "previous_week: IsoWeek",
        "export type Confirm<T> =",
        "\"status\": \"ask\"",
        "export type Channel = \"slack\"",
        "code: string, message: string, field: string | null",
        "export type DataChanged = { topics: Array<Topic>",
    ] {
        assert!(d.contains(needle), "missing {needle:?} in:\n{d}");
    }
}
