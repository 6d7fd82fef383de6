//! Real servers for tests (feature `fixtures`): a throwaway Radicale CalDAV server on 127.0.0.1
//! with htpasswd auth, and an independent client (Python `caldav`) to set it up and read back
//! what Sanctum published. Both come from the venv scripts/setup.sh installs in
//! target/oracle-venv.

// Test support: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// alice's password on the test server.
pub const PASSWORD: &str = "s3cret-Pa55";

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn python() -> PathBuf {
    root().join("target/oracle-venv/bin/python")
}

/// A port nothing listens on (yet).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Waits until something accepts connections on `port`.
pub fn wait_for(port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "server on {port} did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A Radicale server with a temporary storage folder and one user, alice.
#[derive(Debug)]
pub struct Radicale {
    dir: tempfile::TempDir,
    port: u16,
    child: Option<Child>,
}

impl Radicale {
    pub fn start() -> Radicale {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("users"), format!("alice:{PASSWORD}\n")).unwrap();
        let mut r = Radicale { dir, port: free_port(), child: None };
        r.run();
        r
    }

    /// Starts (again) on the same port and storage; each user owns their collections.
    pub fn run(&mut self) {
        self.spawn(&["--rights-type", "owner_only"]);
    }

    /// Starts (again) with every collection read-only: reads work, writes are refused (403).
    pub fn run_read_only(&mut self) {
        let rights = self.dir.path().join("rights");
        let rules = "[read]\nuser: .+\ncollection: .*\npermissions: Rr\n";
        std::fs::write(&rights, rules).unwrap();
        self.spawn(&["--rights-type", "from_file", "--rights-file", rights.to_str().unwrap()]);
    }

    fn spawn(&mut self, rights: &[&str]) {
        let d = self.dir.path();
        let child = Command::new(root().join("target/oracle-venv/bin/radicale"))
            .args(["-C", "/dev/null", "--server-hosts", &format!("127.0.0.1:{}", self.port)])
            .args(["--auth-type", "htpasswd", "--auth-htpasswd-encryption", "plain"])
            .arg("--auth-htpasswd-filename")
            .arg(d.join("users"))
            .args(rights)
            .arg("--storage-filesystem-folder")
            .arg(d.join("collections"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("radicale (run scripts/setup.sh test)");
        self.child = Some(child);
        wait_for(self.port);
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().ok();
            c.wait().ok();
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    pub fn calendar(&self, id: &str) -> String {
        format!("{}alice/{id}/", self.base())
    }

    /// Runs the independent client.
    pub fn client(&self, args: &[&str]) -> String {
        let out = Command::new(python())
            .args(["-W", "ignore"])
            .arg(root().join("tests/oracle/caldav_client.py"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn mkcalendar(&self, id: &str) -> String {
        self.client(&["mkcalendar", &self.base(), "alice", PASSWORD, id]);
        self.calendar(id)
    }

    pub fn add(&self, calendar: &str, ics: &str) {
        let file = self.dir.path().join("event.ics");
        std::fs::write(&file, ics).unwrap();
        self.client(&["add", calendar, "alice", PASSWORD, file.to_str().unwrap()]);
    }

    pub fn delete(&self, calendar: &str, uid: &str) {
        self.client(&["delete", calendar, "alice", PASSWORD, uid]);
    }

    /// Changes an event in place as a colleague's calendar app would: `what` is `summary TEXT`,
    /// `move MINUTES` or `cancel-first`.
    pub fn edit(&self, calendar: &str, uid: &str, what: &[&str]) {
        let mut args = vec!["edit", calendar, "alice", PASSWORD, uid];
        args.extend_from_slice(what);
        self.client(&args);
    }

    pub fn dump(&self, calendar: &str) -> Vec<Value> {
        let text = self.client(&["dump", calendar, "alice", PASSWORD]);
        serde_json::from_str::<Vec<Value>>(&text).unwrap()
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        self.stop();
    }
}
