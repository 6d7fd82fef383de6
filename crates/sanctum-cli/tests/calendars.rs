//! Calendars as a user runs them: .ics files and subscriptions, and CalDAV against a real
//! Radicale server on 127.0.0.1 (PyPI package, installed by scripts/setup.sh) with htpasswd
//! auth, read back by an independent client (Python `caldav`). Passwords go through the real
//! system keyring: scripts/test.sh runs these tests inside scripts/with-keyring.sh.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use sanctum_core::test_servers::{free_port, wait_for, Radicale, PASSWORD};

use chrono::{Datelike, NaiveDate, Utc};
use serde_json::Value;

mod common;
use common::Sandbox;

fn with_stdin(sb: &Sandbox, args: &[&str], input: &str) -> Output {
    let mut child = sb
        .cmd(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout_ok(out: Output) -> String {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// Monday of next week in London.
fn next_monday() -> NaiveDate {
    let today = Utc::now().with_timezone(&chrono_tz::Europe::London).date_naive();
    today + chrono::Duration::days(7 - i64::from(today.weekday().num_days_from_monday()))
}

fn ics(events: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n{events}END:VCALENDAR\r\n")
}

fn meeting(uid: &str, summary: &str, date: NaiveDate, from: &str, to: &str, extra: &str) -> String {
    let d = date.format("%Y%m%d");
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:{summary}\r\n\
         DTSTART;TZID=Europe/London:{d}T{from}00\r\nDTEND;TZID=Europe/London:{d}T{to}00\r\n\
         {extra}END:VEVENT\r\n"
    )
}

/// Sanctum's focus-block series among `events` (moved occurrences left out).
fn ours(events: &[Value]) -> Vec<&Value> {
    let series = |e: &&Value| e["recurrence_id"] == "";
    let sanctum = |e: &&Value| e["uid"].as_str().unwrap().starts_with("sanctum-block-");
    events.iter().filter(sanctum).filter(series).collect()
}

#[test]
fn caldav_busy_time_suggestions_and_publishing_against_radicale() {
    let mut server = Radicale::start();
    let work = server.mkcalendar("work");
    let focus = server.mkcalendar("focus");
    let monday = next_monday();
    let tuesday = monday + chrono::Duration::days(1);
    // The user's meetings: a long one on Tuesday afternoon, a weekly 1:1 on Thursdays.
    server.add(&work, &ics(&meeting("board", "Board prep", tuesday, "1500", "1600", "")));
    let thursday = monday + chrono::Duration::days(3);
    let weekly = "RRULE:FREQ=WEEKLY;COUNT=4\r\n";
    server
        .add(&work, &ics(&meeting("one-to-one", "1:1 with Sam", thursday, "1200", "1300", weekly)));
    // Someone else's event in the shared focus calendar, which Sanctum must never touch.
    let lunch = meeting("lunch@example.com", "Team lunch", monday, "1200", "1300", "");
    server.add(&focus, &ics(&lunch));

    let sb = Sandbox::new();
    sb.ok(&["config", "preferred_days", "tue,thu"]);

    // Wrong password, missing calendar, server down: clear messages, nothing kept.
    let add = |url: &str, password: &str, extra: &[&str]| {
        let mut args = vec!["calendar", "add", url, "--user", "alice", "--password-stdin"];
        args.extend_from_slice(extra);
        with_stdin(&sb, &args, &format!("{password}\n"))
    };
    let out = add(&work, "wrong", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("refused the user name or password"), "{}", stderr_of(&out));
    let out = add(&server.calendar("nothere"), PASSWORD, &[]);
    assert!(
        stderr_of(&out).contains("there is no calendar at this address"),
        "{}",
        stderr_of(&out)
    );
    let down = format!("http://127.0.0.1:{}/alice/work/", free_port());
    let out = add(&server.base(), PASSWORD, &[]);
    let e = stderr_of(&out);
    assert!(e.contains("not a calendar but the account's calendars are there"), "{e}");
    assert!(e.contains(&format!("work {work}")) && e.contains(&format!("focus {focus}")), "{e}");
    let out = add(&down, PASSWORD, &[]);
    assert!(
        stderr_of(&out).contains("check the address and your connection"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(sb.json(&["calendar", "list"]), serde_json::json!([]), "nothing half-added");

    // Busy time from CalDAV.
    let out = stdout_ok(add(&work, PASSWORD, &[]));
    assert!(out.starts_with("Added work (1): 5 events"), "{out}");
    let out = stdout_ok(add(&focus, PASSWORD, &["--publish", "--not-busy"]));
    assert!(out.starts_with("Added focus (2): 1 events"), "{out}");
    // The password is in the keyring, not in the database file or its WAL.
    for f in std::fs::read_dir(sb.dir.path()).unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        assert!(!bytes.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()));
    }
    let week = format!("{}-W{:02}", monday.iso_week().year(), monday.iso_week().week());
    let events = sb.json(&["calendar", "events", "--week", &week]);
    let summaries: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["Board prep", "1:1 with Sam"], "the focus calendar is not busy time");

    // Suggestions around the meetings, preferred days first; accept the best one.
    let suggestions = sb.json(&["suggest", "--weeks", "2"]);
    let first = &suggestions[0];
    let date: NaiveDate = first["date"].as_str().unwrap().parse().unwrap();
    assert!(date.weekday() == chrono::Weekday::Tue || date.weekday() == chrono::Weekday::Thu);
    for s in suggestions.as_array().unwrap() {
        let (start, end) = (s["start"].as_str().unwrap(), s["end"].as_str().unwrap());
        let on = |d: NaiveDate, h: u32| d.and_hms_opt(h, 0, 0).unwrap();
        let (start, end): (chrono::DateTime<Utc>, chrono::DateTime<Utc>) =
            (start.parse().unwrap(), end.parse().unwrap());
        // London is on GMT in these weeks or BST; compare in London wall time.
        let l =
            |t: chrono::DateTime<Utc>| t.with_timezone(&chrono_tz::Europe::London).naive_local();
        assert!(!(l(start) < on(tuesday, 16) && l(end) > on(tuesday, 15)), "over Board prep: {s}");
    }
    // Accepting names the suggestion by its key; a number is refused, and so is a key the
    // calendar no longer leaves room for (a meeting was added over it since it was listed).
    let key = first["key"].as_str().unwrap().to_string();
    let listed = sb.ok(&["suggest", "--weeks", "2"]);
    assert!(listed.contains(&format!(" 1. {key}  ")), "{listed}");
    let err = sb.fails(&["suggest", "--accept", "1"]);
    assert!(err.starts_with("sanctum: accept: give the key listed"), "{err}");
    let accepted = stdout_ok(sb.run(&["suggest", "--accept", &key]));
    assert!(accepted.starts_with("Added: "), "{accepted}");
    let err = sb.fails(&["suggest", "--accept", &key]);
    assert!(err.contains("is not offered now"), "{err}");
    // A colleague books the second suggestion's afternoon after it was listed.
    let second = &suggestions[1];
    let second_key = second["key"].as_str().unwrap().to_string();
    let second_day: NaiveDate = second["date"].as_str().unwrap().parse().unwrap();
    let over = meeting("late", "Vendor escalation", second_day, "1200", "1900", "");
    server.add(&work, &ics(&over));
    sb.ok(&["calendar", "refresh", "1"]);
    let err = sb.fails(&["suggest", "--accept", &second_key]);
    assert!(err.contains("is not offered now"), "{err}");
    assert!(err.contains("changed since"), "{err}");
    server.delete(&work, "late");
    sb.ok(&["calendar", "refresh", "1"]);

    // Publish: a weekly block and the accepted one.
    sb.ok(&[
        "block",
        "add",
        "Strategy",
        "--days",
        "mon",
        "--from",
        "14:00",
        "--to",
        "16:00",
        "--intention",
        "Q1 roadmap <b>not bold</b>",
    ]);
    let out = sb.ok(&["publish"]);
    assert_eq!(out.trim(), "Published to focus: 2 sent, 0 deleted, 0 unchanged");
    let events = server.dump(&focus);
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(events.iter().any(|e| e["uid"] == "lunch@example.com" && e["summary"] == "Team lunch"));
    let published = ours(&events);
    let strategy = published.iter().find(|e| e["summary"] == "Focus time: Strategy").unwrap();
    assert!(strategy["description"].as_str().unwrap().starts_with("Q1 roadmap <b>not bold</b>"));
    assert_eq!(strategy["rrule"], "FREQ=WEEKLY;BYDAY=MO;WKST=MO");
    assert_eq!(strategy["tzid"], "Europe/London");
    assert_eq!(strategy["transp"], "OPAQUE");
    assert!(strategy["start"].as_str().unwrap().contains("T14:00:00"));
    // Sanctum does not read its own published blocks back as meetings.
    sb.ok(&["calendar", "edit", "2", "--busy", "on"]);
    sb.ok(&["calendar", "refresh"]);
    let events = sb.json(&["calendar", "events", "--week", &week]);
    let n = events["events"].as_array().unwrap().len();
    assert_eq!(n, 3, "board, 1:1 and lunch; no focus blocks: {events}");

    // Edit: only the changed block is sent again; delete: its event goes, the lunch stays.
    let block_id = |title: &str| {
        let list = sb.json(&["block", "list"]);
        let blocks = list["blocks"].as_array().unwrap().clone();
        blocks.iter().find(|b| b["title"] == title).unwrap()["id"].as_i64().unwrap().to_string()
    };
    let strategy_id = block_id("Strategy");
    sb.ok(&["block", "edit", &strategy_id, "--from", "13:00"]);
    let out = sb.ok(&["publish"]);
    assert_eq!(out.trim(), "Published to focus: 1 sent, 0 deleted, 1 unchanged");
    let events = server.dump(&focus);
    let strategy = ours(&events).into_iter().find(|e| e["summary"] == "Focus time: Strategy");
    assert!(strategy.unwrap()["start"].as_str().unwrap().contains("T13:00:00"));
    // One occurrence moved (as "Move here" does): the series gains an exception.
    let london = |d: NaiveDate, h: u32| {
        chrono::TimeZone::from_local_datetime(
            &chrono_tz::Europe::London,
            &d.and_hms_opt(h, 0, 0).unwrap(),
        )
        .single()
        .unwrap()
        .with_timezone(&Utc)
    };
    let to = sanctum_core::Span { start: london(tuesday, 9), end: london(tuesday, 11) };
    sb.store().move_occurrence(strategy_id.parse().unwrap(), monday, to).unwrap();
    let out = sb.ok(&["publish"]);
    assert_eq!(out.trim(), "Published to focus: 1 sent, 0 deleted, 1 unchanged");
    let events = server.dump(&focus);
    let moved: Vec<&Value> = events.iter().filter(|e| e["recurrence_id"] != "").collect();
    assert_eq!(moved.len(), 1, "{events:?}");
    assert!(moved[0]["recurrence_id"].as_str().unwrap().starts_with(&monday.to_string()));
    let start: chrono::DateTime<Utc> = moved[0]["start"].as_str().unwrap().parse().unwrap();
    assert_eq!(start, to.start);
    sb.ok(&["block", "delete", &block_id("Focus")]);
    let out = sb.ok(&["publish"]);
    assert_eq!(out.trim(), "Published to focus: 0 sent, 1 deleted, 1 unchanged");
    let events = server.dump(&focus);
    let uids: std::collections::BTreeSet<&str> =
        events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), 2, "the lunch and Strategy (with its moved occurrence): {events:?}");
    assert!(uids.contains("lunch@example.com"));

    // The server is down: the publish says so and nothing changes locally.
    sb.ok(&["block", "edit", &strategy_id, "--to", "17:00"]);
    server.stop();
    let out = sb.run(&["publish"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("check the address and your connection"),
        "{}",
        stderr_of(&out)
    );
    let listed = sb.json(&["calendar", "list"]);
    assert!(listed[1]["last_error"].as_str().unwrap().starts_with("publishing: "));
    // A publish cut off midway (the server refuses the write after the journal has it) is
    // finished on the next run.
    server.run_read_only();
    let out = sb.run(&["publish"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("does not allow this account"), "{}", stderr_of(&out));
    let journal = sb.store().published(2).unwrap();
    assert!(journal.iter().any(|j| j.state == sanctum_core::calendar::PublishState::Sending));
    let strategy = ours(&server.dump(&focus))[0].clone();
    assert!(strategy["start"].as_str().unwrap().contains("T13:00:00"), "old version still there");
    server.stop();
    server.run();
    let out = sb.ok(&["publish"]);
    assert_eq!(out.trim(), "Published to focus: 1 sent, 0 deleted, 0 unchanged");
    let journal = sb.store().published(2).unwrap();
    assert!(journal.iter().all(|j| j.state == sanctum_core::calendar::PublishState::Sent));
    let events = server.dump(&focus);
    assert_eq!(ours(&events).len(), 1);
    assert_eq!(sb.json(&["calendar", "list"])[1]["last_error"], Value::Null);

    // Batch slots are published when asked, and withdrawn when not.
    sb.ok(&["batch", "add", "Vendor calls", "--days", "fri", "--from", "15:00", "--to", "16:00"]);
    assert!(sb.ok(&["publish"]).contains("0 sent, 0 deleted, 1 unchanged"), "off by default");
    sb.ok(&["config", "publish_batches", "on"]);
    let out = sb.ok(&["publish"]);
    assert_eq!(out.trim(), "Published to focus: 1 sent, 0 deleted, 1 unchanged");
    let events = server.dump(&focus);
    let batch = events.iter().find(|e| e["summary"] == "Batch: Vendor calls").unwrap();
    assert_eq!(batch["rrule"], "FREQ=WEEKLY;BYDAY=FR;WKST=MO");
    assert!(batch["uid"].as_str().unwrap().starts_with("sanctum-batch-"));
    sb.ok(&["config", "publish_batches", "off"]);
    let out = sb.ok(&["publish"]);
    assert_eq!(out.trim(), "Published to focus: 0 sent, 1 deleted, 1 unchanged");
    assert!(!server.dump(&focus).iter().any(|e| e["summary"] == "Batch: Vendor calls"));

    // Someone deletes the focus event in the shared calendar: the next publish puts it back.
    let uid = ours(&server.dump(&focus))[0]["uid"].as_str().unwrap().to_string();
    server.delete(&focus, &uid);
    assert_eq!(ours(&server.dump(&focus)).len(), 0);
    let out = sb.ok(&["publish"]);
    assert!(out.starts_with("Published to focus: 0 sent, 0 deleted, 0 unchanged"), "{out}");
    assert!(
        out.contains(
            "Put Sanctum's version back: \"Focus time: Strategy\" was deleted on the calendar"
        ),
        "{out}"
    );
    assert_eq!(ours(&server.dump(&focus)).len(), 1);
    assert!(server.dump(&focus).iter().any(|e| e["uid"] == "lunch@example.com"));
    let listed = sb.json(&["calendar", "list"]);
    let note = listed[1]["last_error"].as_str().unwrap();
    assert!(note.contains("put Sanctum's version back") && note.contains("deleted"), "{note}");
    assert!(sb.ok(&["publish"]).trim().ends_with("0 sent, 0 deleted, 1 unchanged"));
    assert_eq!(sb.json(&["calendar", "list"])[1]["last_error"], Value::Null, "told once");

    // A colleague moves the event, or retitles it, or cancels one occurrence, in the shared
    // calendar: the next publish notices (the ETag changed), says what changed, and puts
    // Sanctum's version back; the same happens when a local edit comes first, so a colleague's
    // change is never overwritten unseen.
    let strategy_start = |events: &[Value]| {
        let s = ours(events).into_iter().find(|e| e["summary"] == "Focus time: Strategy");
        s.unwrap()["start"].as_str().unwrap().to_string()
    };
    let before = strategy_start(&server.dump(&focus));
    for (edit, what) in [
        (&["move", "60"][..], "its time"),
        (&["summary", "Coffee"][..], "its title"),
        (&["cancel-first"][..], "its repeat"),
    ] {
        server.edit(&focus, &uid, edit);
        let out = sb.ok(&["publish"]);
        assert!(
            out.contains(&format!("\"Focus time: Strategy\" was changed on the calendar ({what})")),
            "{edit:?}: {out}"
        );
        let events = server.dump(&focus);
        assert_eq!(strategy_start(&events), before, "{edit:?}: Sanctum's time is back");
        assert!(ours(&events).iter().any(|e| e["summary"] == "Focus time: Strategy"));
    }
    // Edited there, then here: the local edit is sent, and the colleague's change is named.
    server.edit(&focus, &uid, &["move", "30"]);
    sb.ok(&["block", "edit", &strategy_id, "--intention", "Hiring plan"]);
    let out = sb.ok(&["publish"]);
    assert!(out.contains("was changed on the calendar (its time"), "{out}");
    let events = server.dump(&focus);
    assert_eq!(strategy_start(&events), before);
    assert!(ours(&events)[0]["description"].as_str().unwrap().starts_with("Hiring plan"));

    // Two Sanctums on this database publish at once (the app and the command line): each
    // event ends up once, nothing is reported as a colleague's change, and both succeed.
    sb.ok(&["block", "edit", &strategy_id, "--intention", "Board deck"]);
    sb.ok(&["block", "add", "Deep", "--days", "wed", "--from", "09:00", "--to", "11:00"]);
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let mut c = sb.cmd(&["publish"]);
            c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(!String::from_utf8_lossy(&out.stdout).contains("Put Sanctum"), "{out:?}");
    }
    let events = server.dump(&focus);
    let series: Vec<&Value> = ours(&events);
    assert_eq!(series.len(), 2, "Strategy and Deep, once each: {events:?}");
    assert!(series.iter().any(|e| e["description"].as_str().unwrap().starts_with("Board deck")));
    let out = sb.ok(&["publish"]);
    assert!(out.trim().ends_with("0 sent, 0 deleted, 2 unchanged"), "{out}");
    assert_eq!(sb.json(&["calendar", "list"])[1]["last_error"], Value::Null);

    // Removing a calendar forgets its password: reading it again asks for one.
    sb.ok(&["calendar", "remove", "1"]);
    let store = sb.store();
    assert_eq!(store.calendars().unwrap().len(), 1);
    let e = sanctum_core::secrets::password("alice", &work).unwrap_err().to_string();
    assert!(e.contains("no password saved"), "{e}");
}

#[test]
fn ics_files_and_subscriptions() {
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let monday = next_monday();
    let file = dir.path().join("team.ics");
    std::fs::write(&file, ics(&meeting("m1", "Ops sync", monday, "1300", "1400", ""))).unwrap();

    // A file (relative paths are made absolute).
    let out = sb.cmd(&["calendar", "add", "team.ics"]).current_dir(dir.path()).output().unwrap();
    let out = stdout_ok(out);
    assert!(out.starts_with("Added team (1): 1 events"), "{out}");
    let list = sb.json(&["calendar", "list"]);
    assert_eq!(list[0]["location"], file.display().to_string());
    assert_eq!(list[0]["kind"], "file");
    sb.fails(&["calendar", "add", file.to_str().unwrap()]); // the same file twice

    // The file changes: refresh reads the new version; a broken file keeps the cache.
    let two = meeting("m1", "Ops sync", monday, "1300", "1400", "")
        + &meeting("m2", "Vendor call", monday, "1500", "1530", "");
    std::fs::write(&file, ics(&two)).unwrap();
    assert!(sb.ok(&["calendar", "refresh", "1"]).starts_with("Refreshed team (1): 2 events"));
    std::fs::write(&file, "<html>not a calendar</html>").unwrap();
    let err = sb.fails(&["calendar", "refresh", "1"]);
    assert!(err.contains("calendar: not an iCalendar file"), "{err}");
    let list = sb.json(&["calendar", "list"]);
    assert_eq!(list[0]["event_count"], 2, "cache kept");
    assert!(list[0]["last_error"].as_str().unwrap().contains("not an iCalendar file"));

    // A subscription URL, served over HTTP on loopback.
    std::fs::write(dir.path().join("sub.ics"), ics(&two)).unwrap();
    let port = free_port();
    // `.latin1` files are served as `text/calendar; charset=ISO-8859-1`, as old servers do.
    let serve = "import functools, http.server, sys\n\
        H = http.server.SimpleHTTPRequestHandler\n\
        H.extensions_map['.latin1'] = 'text/calendar; charset=ISO-8859-1'\n\
        h = functools.partial(H, directory=sys.argv[2])\n\
        http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), h).serve_forever()";
    let latin1 = ics(&meeting("m3", "R\u{e9}union \u{e0} K\u{f6}ln", monday, "1600", "1700", ""));
    let latin1: Vec<u8> = latin1.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
    std::fs::write(dir.path().join("sub.latin1"), latin1).unwrap();
    let mut http = Command::new("python3")
        .args(["-c", serve, &port.to_string()])
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(port);
    let url = format!("http://127.0.0.1:{port}/sub.ics");
    let out = sb.ok(&["calendar", "add", &url, "--name", "Shared"]);
    assert!(out.starts_with("Added Shared (2): 2 events"), "{out}");
    // A subscription in another charset is read in it.
    let url = format!("http://127.0.0.1:{port}/sub.latin1");
    let out = sb.ok(&["calendar", "add", &url, "--name", "Latin"]);
    assert!(out.starts_with("Added Latin (3): 1 events"), "{out}");
    let week = format!("{}-W{:02}", monday.iso_week().year(), monday.iso_week().week());
    let events = sb.json(&["calendar", "events", "--week", &week]);
    let summaries: Vec<&str> =
        events["events"].as_array().unwrap().iter().filter_map(|e| e["summary"].as_str()).collect();
    assert!(summaries.contains(&"Réunion à Köln"), "{summaries:?}");
    sb.ok(&["calendar", "remove", "3"]);
    let missing = format!("http://127.0.0.1:{port}/missing.ics");
    let err = sb.fails_with(&["calendar", "add", &missing], 1);
    assert!(err.contains("there is no calendar at this address"), "{err}");
    http.kill().ok();
    http.wait().ok();
    let err = sb.fails_with(&["calendar", "refresh", "2"], 1);
    assert!(err.contains("check the address and your connection"), "{err}");
    assert_eq!(sb.json(&["calendar", "list"])[1]["event_count"], 2, "offline: cache kept");

    // Bad input names the field.
    let err = sb.fails(&[
        "calendar",
        "add",
        "ftp://example.com/a.ics",
        "--user",
        "a",
        "--password-stdin",
    ]);
    assert!(err.starts_with("sanctum: location: "), "{err}");
    let err = sb.fails(&["calendar", "edit", "1", "--publish", "on"]);
    assert!(err.starts_with("sanctum: publish: "), "{err}");
    let err = sb.fails(&["suggest", "--weeks", "0"]);
    assert!(err.starts_with("sanctum: weeks: "), "{err}");
    let err = sb.fails(&["suggest", "--accept", "2031-01-07T13:00+180"]);
    assert!(
        err.starts_with("sanctum: accept: \"2031-01-07T13:00+180\" is not offered now"),
        "{err}"
    );
    let err = sb.fails(&["publish"]);
    assert!(err.starts_with("sanctum: publish: no calendar to publish to"), "{err}");
    let err = sb.fails(&["config", "work_hours", "17:00-09:00"]);
    assert!(err.starts_with("sanctum: work_hours: "), "{err}");
    let err = sb.fails(&["config", "preferred_days", "funday"]);
    assert!(err.starts_with("sanctum: preferred_days: 'funday' is not a weekday"), "{err}");

    // Remove.
    assert!(sb.ok(&["calendar", "remove", "1"]).starts_with("Removed calendar 1 (team)"));
    assert_eq!(sb.json(&["calendar", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn declined_invitations_are_free_and_maybe_is_the_users_choice() {
    let sb = Sandbox::new();
    sb.ok(&["config", "timezone", "Europe/London"]);
    sb.ok(&["config", "work_hours", "09:00-17:00"]);
    sb.ok(&["config", "focus_length", "3h"]);
    let dir = tempfile::tempdir().unwrap();
    let monday = next_monday();
    let (tue, wed, thu) = (
        monday + chrono::Duration::days(1),
        monday + chrono::Duration::days(2),
        monday + chrono::Duration::days(3),
    );
    let invited = |answer: &str| {
        format!(
            "ORGANIZER;CN=Sam:mailto:sam@example.com\r\n\
             ATTENDEE;CN=Ana;PARTSTAT={answer};ROLE=REQ-PARTICIPANT:mailto:Ana@Example.com\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:sam@example.com\r\n"
        )
    };
    // Shaped like Google's secret iCal feed: named after its owner, declined events kept.
    let feed = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n\
         X-WR-CALNAME:ana@example.com\r\nX-WR-TIMEZONE:Europe/London\r\n{}{}{}{}END:VCALENDAR\r\n",
        meeting("declined", "Vendor demo", tue, "1200", "1700", &invited("DECLINED")),
        meeting("maybe", "Offsite planning", wed, "1200", "1700", &invited("TENTATIVE")),
        meeting("accepted", "Budget", thu, "1200", "1700", &invited("ACCEPTED")),
        meeting("oof", "Dentist", monday, "1200", "1700", "X-MICROSOFT-CDO-BUSYSTATUS:FREE\r\n"),
    );
    let file = dir.path().join("ana.ics");
    std::fs::write(&file, feed).unwrap();
    sb.ok(&["calendar", "add", file.to_str().unwrap()]);

    // The feed's owner is learned as the user's address, and shown where it can be changed.
    let settings = sb.json(&["config"]);
    assert_eq!(settings["my_addresses"], "ana@example.com", "{settings}");
    assert_eq!(settings["tentative_busy"], true);

    let week = format!("{}-W{:02}", monday.iso_week().year(), monday.iso_week().week());
    let busy = |sb: &Sandbox| -> std::collections::BTreeMap<String, bool> {
        let events = sb.json(&["calendar", "events", "--week", &week]);
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["uid"].as_str().unwrap().to_string(), e["busy"].as_bool().unwrap()))
            .collect()
    };
    let all = busy(&sb);
    assert!(!all["declined"], "declined is free time: {all:?}");
    assert!(!all["oof"], "Outlook's FREE is free time");
    assert!(all["accepted"]);
    assert!(all["maybe"], "maybe counts as busy by default");
    // The declined afternoon is offered for focus; the accepted one is not.
    let suggested_days = |sb: &Sandbox| -> Vec<String> {
        let list = sb.json(&["suggest", "--weeks", "2"]);
        list.as_array().unwrap().iter().map(|s| s["date"].as_str().unwrap().to_string()).collect()
    };
    let days = suggested_days(&sb);
    assert!(days.contains(&tue.to_string()), "{days:?}");
    assert!(!days.contains(&thu.to_string()) && !days.contains(&wed.to_string()), "{days:?}");

    // "Maybe" as free time: a setting, applied at once (no new read needed).
    sb.ok(&["config", "tentative_busy", "off"]);
    assert!(!busy(&sb)["maybe"]);
    let days = suggested_days(&sb);
    assert!(days.contains(&wed.to_string()), "{days:?}");

    // Without the user's address, an invitation is just a meeting: the user can say who they
    // are (or remove an address learned wrongly), and the next read follows.
    sb.ok(&["config", "my_addresses", "none"]);
    let err = sb.fails(&["config", "my_addresses", "ana at example"]);
    assert!(err.starts_with("sanctum: my_addresses: 'ana' is not an e-mail address"), "{err}");
    // An address taken out stays out: the next read does not learn it again.
    sb.ok(&["calendar", "refresh", "1"]);
    assert_eq!(sb.json(&["config"])["my_addresses"], "");
    assert_eq!(sb.json(&["config"])["not_my_addresses"], "ana@example.com");
    assert!(busy(&sb)["declined"], "not the user's: an ordinary meeting");
    sb.ok(&["config", "my_addresses", "mailto:ANA@example.com, ana@corp.example"]);
    assert_eq!(sb.json(&["config"])["my_addresses"], "ana@example.com,ana@corp.example");
    assert_eq!(sb.json(&["config"])["not_my_addresses"], "", "given back");
    sb.ok(&["calendar", "refresh", "1"]);
    assert!(!busy(&sb)["declined"]);
}
