//! Stand-ins for the desktop's side of the session bus, for tests here and in the end-to-end
//! crate (feature `stand-ins`).

// Test support: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A stand-in for a piece of the desktop on the session bus (`tests/oracle/desktop_bus.py`): a
/// notification server that can press a notification's buttons, or a tray host that reads and
/// clicks a tray icon's menu. It prints what it sees as JSON lines and takes commands.
#[derive(Debug)]
pub struct DesktopBus {
    child: Child,
    stdin: std::process::ChildStdin,
    lines: std::sync::mpsc::Receiver<serde_json::Value>,
    seen: Vec<serde_json::Value>,
}

impl DesktopBus {
    /// Starts `role` (`notifications` or `tray`) and waits until it owns its bus name.
    pub fn start(role: &str) -> DesktopBus {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let python = root.join("target/oracle-venv/bin/python");
        let mut child = Command::new(&python)
            .arg(root.join("tests/oracle/desktop_bus.py"))
            .arg(role)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("start {} (scripts/setup.sh test): {e}", python.display()));
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str(&line) {
                    if tx.send(v).is_err() {
                        break;
                    }
                }
            }
        });
        let mut bus = DesktopBus { child, stdin, lines, seen: Vec::new() };
        bus.wait_for(&format!("the {role} stand-in to be ready"), Duration::from_secs(20), |v| {
            v.get("ready").is_some()
        });
        bus
    }

    /// Sends one command line.
    pub fn send(&mut self, command: &str) {
        use std::io::Write;
        writeln!(self.stdin, "{command}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// The first line (seen before or arriving within `within`) for which `check` holds.
    pub fn wait_for(
        &mut self,
        what: &str,
        within: Duration,
        check: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        if let Some(v) = self.seen.iter().find(|v| check(v)) {
            return v.clone();
        }
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(v) => {
                    self.seen.push(v.clone());
                    if check(&v) {
                        return v;
                    }
                }
                Err(_) => panic!("timed out waiting for {what}; seen: {:?}", self.seen),
            }
        }
    }

    /// Forgets what was seen so far (so the next wait sees only new lines).
    pub fn clear(&mut self) {
        while let Ok(v) = self.lines.try_recv() {
            drop(v);
        }
        self.seen.clear();
    }
}

impl Drop for DesktopBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A private session bus (`dbus-daemon`) for one test, made this process's session bus; it
/// stops when dropped. Only for a test binary with a single test: it sets
/// `DBUS_SESSION_BUS_ADDRESS`, which would race other tests in the same process.
#[derive(Debug)]
pub struct PrivateBus {
    daemon: Child,
}

impl PrivateBus {
    pub fn start() -> PrivateBus {
        use std::io::BufRead;
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (scripts/setup.sh installs dbus)");
        let mut address = String::new();
        std::io::BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut address).unwrap();
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", address.trim());
        PrivateBus { daemon }
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
