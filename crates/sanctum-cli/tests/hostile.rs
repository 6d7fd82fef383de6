//! The command line against hostile and unlucky input, as a real process: a closed pipe, a
//! far-off week, bad arguments, escape sequences in calendar text, files that are not files,
//! calendars cut off or built to hang the reader (from a file and from a hostile HTTP server on
//! 127.0.0.1), simultaneous first runs, and the modes of every file Sanctum writes.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Datelike, Utc};

mod common;
use common::Sandbox;

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let sb = Sandbox::new();
    for _ in 0..3 {
        sb.ok(&["log", "@Sam", "slack", "5m", "pipe", "test"]);
    }
    for args in [vec!["config"], vec!["list", "--all"], vec!["review"], vec!["--json", "list"]] {
        let mut child =
            sb.cmd(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        // Read one byte, then hang up, like `| head -c1`.
        let mut out = child.stdout.take().unwrap();
        let mut one = [0u8; 1];
        out.read_exact(&mut one).unwrap();
        drop(out);
        let status = child.wait().unwrap();
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(status.code().is_some(), "{args:?} was killed by a signal: {status}");
        assert!(matches!(status.code(), Some(0)), "{args:?}: {status} {err}");
    }
}

#[test]
fn far_off_weeks_and_dates_are_refused_in_one_line() {
    let sb = Sandbox::new();
    for week in ["262142-W52", "-5000-W01", "99999-W10", "0-W01"] {
        let err = sb.fails(&["review", &format!("--week={week}")]);
        assert!(err.starts_with("sanctum: week: "), "{week}: {err}");
        let err = sb.fails(&["list", &format!("--week={week}")]);
        assert!(err.starts_with("sanctum: week: "), "{week}: {err}");
    }
    // The edges of the range work.
    sb.ok(&["review", "--week", "9999-W52"]);
    sb.ok(&["review", "--week", "1900-W01"]);
    let err = sb.fails(&["log", "^262142-01-01T00:00", "far"]);
    assert!(err.starts_with("sanctum: when: "), "{err}");
}

#[test]
fn bad_arguments_are_one_line_naming_them_with_exit_2() {
    let sb = Sandbox::new();
    for args in [
        vec!["list", "--limit", "abc"],
        vec!["delete", "x"],
        vec!["edit"],
        vec!["list", "--bogus"],
        vec!["export", "xml", "/tmp/x"],
        vec!["nosuchcommand"],
        vec!["suggest", "--weeks", "-1"],
    ] {
        let err = sb.fails(&args);
        assert!(err.starts_with("sanctum: "), "{args:?}: {err}");
        assert!(err.contains("see sanctum --help"), "{args:?}: {err}");
    }
    let out = sb.run(&["--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"));
}

#[test]
fn files_that_are_not_files_are_refused_at_once() {
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let started = Instant::now();
    for args in [
        vec!["import", fifo.to_str().unwrap()],
        vec!["import", "/dev/zero"],
        vec!["import", dir.path().to_str().unwrap()],
        vec!["calendar", "add", fifo.to_str().unwrap()],
        vec!["calendar", "add", "/dev/zero"],
        vec!["restore", "/dev/zero", "--yes"],
    ] {
        let err = sb.fails(&args);
        assert!(
            err.contains("not a regular file") || err.contains("is a folder; give a file name"),
            "{args:?}: {err}"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(20), "nothing waited on the FIFO");
}

#[test]
fn a_restore_of_a_foreign_file_leaves_everything_and_says_so() {
    let sb = Sandbox::new();
    sb.ok(&["log", "@Sam", "slack", "15m", "kept", "safe"]);
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("x.db");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE interruptions(x); PRAGMA user_version = 5;").unwrap();
    drop(conn);
    let err = sb.fails(&["restore", foreign.to_str().unwrap(), "--yes"]);
    assert!(err.contains("nothing was changed"), "{err}");
    let list = sb.json(&["list", "--all"]);
    assert_eq!(list[0]["note"], "kept safe");
}

fn calendar_text(summary: &str) -> String {
    let monday = next_monday();
    let d = monday.format("%Y%m%d");
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:m1\r\n\
         SUMMARY:{summary}\r\nDTSTART;TZID=Europe/London:{d}T130000\r\n\
         DTEND;TZID=Europe/London:{d}T140000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:m2\r\n\
         SUMMARY:Later\r\nDTSTART;TZID=Europe/London:{d}T150000\r\n\
         DTEND;TZID=Europe/London:{d}T160000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

fn next_monday() -> chrono::NaiveDate {
    let today = Utc::now().with_timezone(&chrono_tz::Europe::London).date_naive();
    today + chrono::Duration::days(7 - i64::from(today.weekday().num_days_from_monday()))
}

#[test]
fn cut_off_and_empty_calendar_files_never_replace_what_was_read() {
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.ics");
    let whole = calendar_text("Ops sync");

    // Adding: only a header, a file cut mid-event, a calendar with no events, unreadable events.
    let header_only = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n";
    let cut = &whole[..whole.len() / 2];
    let empty = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    let unreadable = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    for (what, text) in
        [("header", header_only), ("cut", cut), ("empty", empty), ("unreadable", unreadable)]
    {
        std::fs::write(&file, text).unwrap();
        let out = sb.run(&["calendar", "add", file.to_str().unwrap()]);
        assert!(!out.status.success(), "{what} was added");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{what}: {err}");
        assert_eq!(
            sb.json(&["calendar", "list"]).as_array().unwrap().len(),
            0,
            "{what}: half-added"
        );
    }

    std::fs::write(&file, &whole).unwrap();
    assert!(sb
        .ok(&["calendar", "add", file.to_str().unwrap()])
        .starts_with("Added team (1): 2 events"));
    for (what, text) in [
        ("header", header_only.to_string()),
        ("cut", cut.to_string()),
        ("empty", empty.to_string()),
        ("unreadable", unreadable.to_string()),
    ] {
        std::fs::write(&file, text).unwrap();
        let out = sb.run(&["calendar", "refresh", "1"]);
        assert!(!out.status.success(), "{what}: the refresh reported success");
        let list = sb.json(&["calendar", "list"]);
        assert_eq!(list[0]["event_count"], 2, "{what}: the cache was replaced");
        assert!(!list[0]["last_error"].is_null(), "{what}: the problem is shown");
    }
    // Suggestions still avoid the meetings read before.
    let suggestions = sb.json(&["suggest"]);
    let monday = next_monday().to_string();
    for s in suggestions.as_array().unwrap() {
        let start = s["start"].as_str().unwrap();
        if start.starts_with(&monday) {
            assert!(!(start < "T14:00" && s["end"].as_str().unwrap() > "T13:00"), "{s}");
        }
    }
}

#[test]
fn escape_sequences_from_a_calendar_are_shown_escaped() {
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil.ics");
    std::fs::write(&file, calendar_text("Pwn\u{1b}]0;owned\u{7}\u{1b}[2J")).unwrap();
    sb.ok(&["calendar", "add", file.to_str().unwrap()]);
    let week = {
        let m = next_monday().iso_week();
        format!("{}-W{:02}", m.year(), m.week())
    };
    let out = sb.run(&["calendar", "events", "--week", &week]);
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "raw escape reached the terminal");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Pwn\\u{1b}]0;owned\\u{7}\\u{1b}[2J"), "{text}");
    // A note cannot carry one in the first place.
    let err = sb.fails(&["edit", "1", "--note", "a\u{1b}[2Jb"]);
    assert!(err.starts_with("sanctum: "), "{err}");
}

#[test]
fn six_first_runs_at_once_on_a_new_data_folder_all_log() {
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("new");
        let children: Vec<_> = (0..6)
            .map(|i| {
                Command::new(env!("CARGO_BIN_EXE_sanctum"))
                    .args(["log", "@Sam", "slack", "5m", &format!("first run {i}")])
                    .env("SANCTUM_DATA_DIR", &data)
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        let sb = Sandbox { dir: tempfile::tempdir().unwrap() };
        let list: serde_json::Value = serde_json::from_slice(
            &Command::new(env!("CARGO_BIN_EXE_sanctum"))
                .args(["--json", "list", "--all"])
                .env("SANCTUM_DATA_DIR", &data)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 6);
        drop(sb);
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn every_file_sanctum_writes_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sb = Sandbox { dir: tempfile::TempDir::new_in(dir.path()).unwrap() };
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_sanctum"))
            .args(args)
            .env("SANCTUM_DATA_DIR", &data)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["log", "@Sam", "slack", "15m", "private", "note"]);
    run(&["block", "add", "Strategy", "--days", "tue,thu", "--from", "13:00", "--to", "17:00"]);
    assert_eq!(mode(&data), 0o700, "data folder");
    for f in ["sanctum.sqlite3", "sanctum.sqlite3-wal", "sanctum.sqlite3-shm"] {
        let p = data.join(f);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{f}");
        }
    }
    assert_eq!(mode(&data.join("sanctum.sqlite3")), 0o600);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let p = |name: &str| out.join(name).display().to_string();
    run(&["backup", &p("backup.sqlite3")]);
    run(&["export", "json", &p("all.json")]);
    run(&["export", "csv", &p("csv")]);
    run(&["block", "export", "--ics", &p("focus.ics")]);
    run(&["restore", &p("backup.sqlite3"), "--yes"]);
    for f in ["backup.sqlite3", "all.json", "focus.ics"] {
        assert_eq!(mode(&out.join(f)), 0o600, "{f}");
    }
    assert_eq!(mode(&out.join("csv")), 0o700);
    for e in std::fs::read_dir(out.join("csv")).unwrap() {
        let e = e.unwrap();
        assert_eq!(mode(&e.path()), 0o600, "{}", e.path().display());
    }
    let mut kept = 0;
    for e in std::fs::read_dir(&data).unwrap() {
        let e = e.unwrap();
        assert_eq!(mode(&e.path()), 0o600, "{}", e.path().display());
        kept += usize::from(e.file_name().to_string_lossy().starts_with("sanctum-before-restore-"));
    }
    assert_eq!(kept, 1, "the replaced database is kept");

    // A database from before, readable by all, is made private when opened.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(data.join("sanctum.sqlite3"), std::fs::Permissions::from_mode(0o644))
        .unwrap();
    run(&["list"]);
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("sanctum.sqlite3")), 0o600);
    drop(sb);
}

// ---- a hostile calendar server on loopback -------------------------------------------------

/// What the hostile server does with a request for `/NAME.ics`.
fn respond(name: &str, flaky_calls: usize, mut stream: std::net::TcpStream) {
    let whole = calendar_text("Ops sync");
    let send = |stream: &mut std::net::TcpStream, body: &[u8], length: usize| {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {length}\r\n\
             Connection: close\r\n\r\n"
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match name {
        "whole" => send(&mut stream, whole.as_bytes(), whole.len()),
        // Whole the first time; then only the header, then cut off mid-event.
        "flaky" => match flaky_calls {
            0 => send(&mut stream, whole.as_bytes(), whole.len()),
            1 => {
                let header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
                send(&mut stream, header.as_bytes(), header.len())
            }
            _ => send(&mut stream, &whole.as_bytes()[..whole.len() / 2], whole.len()),
        },
        // Says it is longer than it is, then hangs up mid-file.
        "truncated" => send(&mut stream, &whole.as_bytes()[..whole.len() / 2], whole.len()),
        // A whole HTTP answer whose calendar is cut off (the server's own bug).
        "cut" => {
            let body = &whole.as_bytes()[..whole.len() - 40];
            send(&mut stream, body, body.len())
        }
        // Drips the calendar out over about two seconds: slow but whole.
        "slow" => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n",
                whole.len()
            );
            let _ = stream.write_all(head.as_bytes());
            for chunk in whole.as_bytes().chunks(whole.len() / 10 + 1) {
                let _ = stream.write_all(chunk);
                let _ = stream.flush();
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        "nesting" => {
            let depth = 100_000;
            let mut body = String::from("BEGIN:VCALENDAR\r\n");
            body.push_str(&"BEGIN:VEVENT\r\n".repeat(depth));
            body.push_str(&"END:VEVENT\r\n".repeat(depth));
            body.push_str(&whole["BEGIN:VCALENDAR\r\n".len()..]);
            send(&mut stream, body.as_bytes(), body.len())
        }
        "huge-rule" => {
            let body = whole.replace("UID:m2\r\n", "UID:m2\r\nRRULE:FREQ=SECONDLY\r\n").replace(
                "SUMMARY:Ops sync\r\nDTSTART;TZID=Europe/London",
                "SUMMARY:Ops sync\r\nRRULE:FREQ=MINUTELY;BYMONTH=2\r\nDTSTART;TZID=Europe/London",
            );
            let body = body.replacen(&next_monday().format("%Y%m%d").to_string(), "19700105", 2);
            send(&mut stream, body.as_bytes(), body.len())
        }
        _ => {
            let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        }
    }
}

/// A server on 127.0.0.1 answering `requests` requests, each on its own thread.
fn hostile_server(requests: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let flaky = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let flaky = flaky.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let name = path.trim_start_matches('/').trim_end_matches(".ics").to_string();
                let calls = if name == "flaky" {
                    flaky.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                } else {
                    0
                };
                respond(&name, calls, stream);
            });
        }
    });
    port
}

#[test]
fn a_hostile_calendar_server_cannot_hang_crash_or_blank_the_calendar() {
    let sb = Sandbox::new();
    let port = hostile_server(64);
    let url = |name: &str| format!("http://127.0.0.1:{port}/{name}.ics");

    // Adding: a cut-off body is refused, whole and slow ones are read.
    for name in ["truncated", "cut"] {
        let out = sb.run(&["calendar", "add", &url(name)]);
        assert!(!out.status.success(), "{name} was added");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
    }
    assert_eq!(sb.json(&["calendar", "list"]).as_array().unwrap().len(), 0);
    let started = Instant::now();
    assert!(sb.ok(&["calendar", "add", &url("slow")]).contains(": 2 events"));
    assert!(started.elapsed() >= Duration::from_millis(1500), "it was slow");

    // A nesting bomb and rules built to run for minutes are read quickly, the rest named.
    for name in ["nesting", "huge-rule"] {
        let started = Instant::now();
        let out = sb.run(&["calendar", "add", &url(name), "--name", name]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(out.status.success(), "{name}: {err}");
        assert!(started.elapsed() < Duration::from_secs(20), "{name}: {:?}", started.elapsed());
    }
    let list = sb.json(&["calendar", "list"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "nesting" && c["event_count"].as_i64() >= Some(2)),
        "{list}"
    );

    // A subscription whose server starts cutting its answers off keeps what it read.
    let added = sb.json(&["calendar", "add", &url("flaky"), "--name", "Flaky"]);
    let id = added["calendar"]["id"].as_i64().unwrap().to_string();
    for attempt in ["header only", "cut mid-event"] {
        let out = sb.run(&["calendar", "refresh", &id]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{attempt}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let list = sb.json(&["calendar", "list"]);
        let flaky = list.as_array().unwrap().iter().find(|c| c["name"] == "Flaky").unwrap();
        assert_eq!(flaky["event_count"], 2, "{attempt}: cache replaced");
        assert!(!flaky["last_error"].is_null(), "{attempt}");
    }
}

/// A server on 127.0.0.1 that serves a calendar only to alice:s3cret (Basic), `requests` times.
fn private_server(requests: usize) -> u16 {
    use base64::Engine as _;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let expected =
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("alice:s3cret"));
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let authorized = request.lines().any(|l| {
                l.to_ascii_lowercase().starts_with("authorization:") && l.ends_with(&expected)
            });
            if authorized {
                let body = calendar_text("Board prep");
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body.as_bytes());
            } else {
                let _ = stream.write_all(
                    b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"cal\"\r\n\
                      Content-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        }
    });
    port
}

/// Every byte Sanctum keeps in its data folder, to look for a secret in.
fn data_bytes(sb: &Sandbox) -> Vec<u8> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(sb.dir.path()).unwrap() {
        all.extend(std::fs::read(e.unwrap().path()).unwrap_or_default());
    }
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn a_password_in_a_subscription_address_goes_to_the_keyring_and_is_never_shown() {
    let sb = Sandbox::new();
    let port = private_server(20);
    let url = format!("http://alice:s3cret@127.0.0.1:{port}/private.ics");
    let clean = format!("http://127.0.0.1:{port}/private.ics");
    let out = sb.ok(&["calendar", "add", &url, "--name", "Private"]);
    assert!(out.contains(": 2 events"), "{out}");
    assert!(!out.contains("s3cret"));
    let list = sb.ok(&["--json", "calendar", "list"]);
    assert!(!list.contains("s3cret") && list.contains(&clean), "{list}");
    assert!(
        sb.ok(&["calendar", "refresh", "1"]).contains(": 2 events"),
        "the keyring's login is used"
    );
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("all.json");
    sb.ok(&["export", "json", export.to_str().unwrap()]);
    assert!(!std::fs::read_to_string(&export).unwrap().contains("s3cret"));
    assert!(!contains(&data_bytes(&sb), "s3cret"), "the password is in the data folder");
    let login = sanctum_core::secrets::subscription_login(&clean).unwrap();
    assert_eq!(login, Some(("alice".into(), "s3cret".into())));

    // A wrong password in the address is refused and nothing is kept.
    let wrong = format!("http://alice:nope@127.0.0.1:{port}/other.ics");
    let out = sb.run(&["calendar", "add", &wrong]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("nope"), "{err}");
    assert_eq!(sb.json(&["calendar", "list"]).as_array().unwrap().len(), 1);

    // Removing the calendar forgets the login.
    sb.ok(&["calendar", "remove", "1"]);
    assert_eq!(sanctum_core::secrets::subscription_login(&clean).unwrap(), None);

    // A subscription kept by an older Sanctum with the login in its address: the next refresh
    // moves it to the keyring.
    let conn = rusqlite::Connection::open(sb.dir.path().join("sanctum.sqlite3")).unwrap();
    conn.execute(
        "INSERT INTO calendars (name, kind, location, read_busy, publish, created_at) \
         VALUES ('Old', 'url', ?1, 1, 0, 1795000000)",
        [&url],
    )
    .unwrap();
    drop(conn);
    let listed = sb.json(&["calendar", "list"]);
    let id = listed[0]["id"].as_i64().unwrap().to_string();
    assert!(sb.ok(&["calendar", "refresh", &id]).contains(": 2 events"));
    let listed = sb.json(&["calendar", "list"]);
    assert_eq!(listed[0]["location"], clean.as_str());
    sb.ok(&["list"]); // checkpoints the WAL
    assert_eq!(
        sanctum_core::secrets::subscription_login(&clean).unwrap(),
        Some(("alice".into(), "s3cret".into()))
    );
    sb.ok(&["calendar", "remove", &id]);
}
