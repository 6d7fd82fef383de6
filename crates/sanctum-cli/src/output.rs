//! How the CLI prints: one readable line per interruption, or JSON for scripts.

use std::path::Path;

use chrono_tz::Tz;
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
            println!("No interruptions.");
            return;
        }
        for i in list {
            println!("{}", self.line(i));
        }
        let minutes: u64 = list.iter().map(|i| u64::from(i.fields.minutes)).sum();
        println!("{} interruptions, {}", list.len(), hours_minutes(minutes));
    }

    pub fn settings(&self, s: &Settings, db: &Path) {
        if self.json {
            return print_json(&serde_json::json!({
                "timezone": s.timezone, "shortcut": s.shortcut, "database": db,
            }));
        }
        println!(
            "timezone  {}\nshortcut  {}\ndatabase  {}",
            s.timezone,
            s.shortcut,
            db.display()
        );
    }

    fn one(&self, verb: &str, i: &Interruption) {
        if self.json {
            print_json(i)
        } else {
            println!("{verb} {}", self.line(i));
        }
    }

    /// `#12  Wed 25 Nov 14:05  15m  slack  Sam  #vendor  delegated to Priya  invoices failing`
    fn line(&self, i: &Interruption) -> String {
        let f = &i.fields;
        let mut parts = vec![
            format!("#{}", i.id),
            f.occurred_at
                .with_timezone(&self.zone)
                .format("%a %d %b %H:%M")
                .to_string(),
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

fn hours_minutes(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}

fn print_json<T: Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("sanctum: could not write JSON: {e}"),
    }
}
