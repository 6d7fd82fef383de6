//! A temporary SANCTUM_DATA_DIR and helpers to run the `sanctum` binary against it.

// Each test file compiles this module on its own and uses part of it.
#![allow(dead_code)]

use std::process::{Command, Output, Stdio};

use sanctum_core::store::DB_FILE_NAME;
use sanctum_core::Store;
use serde_json::Value;

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    /// A fresh data folder with the time zone set to Europe/London.
    pub fn new() -> Sandbox {
        let sb = Sandbox { dir: tempfile::tempdir().unwrap() };
        sb.ok(&["config", "timezone", "Europe/London"]);
        sb
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sanctum"));
        c.args(args).env("SANCTUM_DATA_DIR", self.dir.path()).stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs with `--json` first and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Runs and expects failure with exit `code`, nothing on stdout and one line on stderr.
    pub fn fails_with(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "nothing on stdout when refusing");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        err
    }

    /// Bad input: exit 2.
    pub fn fails(&self, args: &[&str]) -> String {
        self.fails_with(args, 2)
    }

    pub fn store(&self) -> Store {
        Store::open(&self.dir.path().join(DB_FILE_NAME)).unwrap()
    }
}
