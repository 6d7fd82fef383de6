//! The end-to-end harness: starts `tauri-driver` with Debian's WebKitWebDriver, launches the real
//! Sanctum binary against a fresh temporary data folder, and hands the test a WebDriver client.
//! Run under Xvfb and a D-Bus session (scripts/test.sh does), one test at a time.

// A harness: a failed expectation here is a failed test, so panicking is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub mod photo;

pub use fantoccini::{Client, Locator};
use sanctum_core::Store;
pub use sanctum_desktop::stand_in::DesktopBus;
use serde_json::json;

/// The app binary under test: `$SANCTUM_APP_BIN`, else the workspace's debug build.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("SANCTUM_APP_BIN").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/debug/sanctum-app")
    });
    let path = path.canonicalize().unwrap_or_else(|_| {
        panic!("no app binary at {}: run `cargo build -p sanctum-app` first", path.display())
    });
    assert!(path.is_file(), "{} is not a file", path.display());
    path
}

/// Where screenshots go: `target/e2e-screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A running app: its driver, its WebDriver session, and its private data folder.
#[derive(Debug)]
pub struct App {
    pub client: Client,
    driver: Child,
    data_dir: tempfile::TempDir,
    /// Extra environment the app runs with (kept across [`App::relaunch`]).
    env: Vec<(String, String)>,
}

impl App {
    /// Starts the app with an empty database.
    pub async fn start() -> App {
        App::start_with(|_| {}).await
    }

    /// Starts the app after `prepare` has had the (new, empty) store to itself. The current week
    /// counts as planned, so the guided weekly planning does not cover the screen.
    pub async fn start_with(prepare: impl FnOnce(&Store)) -> App {
        App::start_inner(prepare, true).await
    }

    /// Like [`App::start_with`], but the week is not planned yet: the app offers to plan it.
    pub async fn start_unplanned(prepare: impl FnOnce(&Store)) -> App {
        App::start_inner(prepare, false).await
    }

    /// Stops this app (its driver and everything under it) and starts it again on the same data
    /// folder, as a user would after a crash or a restart.
    pub async fn relaunch(mut self) -> App {
        let _ = self.client.clone().close().await;
        stop_driver(&mut self.driver);
        let data_dir = std::mem::replace(&mut self.data_dir, tempfile::tempdir().unwrap());
        App::launch(data_dir, std::mem::take(&mut self.env)).await
    }

    /// Like [`App::start`], on the desktop `desktop` (its `XDG_CURRENT_DESKTOP`, e.g. `XFCE`).
    pub async fn start_on_desktop(desktop: &str) -> App {
        App::start_with_env(&[("XDG_CURRENT_DESKTOP", desktop)]).await
    }

    /// Like [`App::start`], with `env` added to the app's environment.
    pub async fn start_with_env(env: &[(&str, &str)]) -> App {
        let data_dir = tempfile::tempdir().unwrap();
        App::plan_this_week(data_dir.path());
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        App::launch(data_dir, env).await
    }

    /// Like [`App::start`], with the desktop's real file dialogs (not the test stand-in).
    pub async fn start_with_real_dialogs() -> App {
        App::start_with_env(&[("SANCTUM_TEST_CHOOSE_DIR", "")]).await
    }

    /// Starts the app on a copy of the database file `db` (e.g. one seeded with years of fires),
    /// in a fresh private data folder; the original is left alone.
    pub async fn start_on_copy(db: &Path) -> App {
        let data_dir = tempfile::tempdir().unwrap();
        let copy = data_dir.path().join(sanctum_core::store::DB_FILE_NAME);
        std::fs::copy(db, &copy).unwrap_or_else(|e| panic!("copy {}: {e}", db.display()));
        App::plan_this_week(data_dir.path());
        App::launch(data_dir, Vec::new()).await
    }

    fn plan_this_week(data_dir: &Path) {
        let store = Store::open(&data_dir.join(sanctum_core::store::DB_FILE_NAME)).unwrap();
        let week = sanctum_core::IsoWeek::containing(chrono::Utc::now(), store.zone().unwrap());
        store.set_planned_week(week).unwrap();
    }

    async fn start_inner(prepare: impl FnOnce(&Store), planned: bool) -> App {
        let data_dir = tempfile::tempdir().unwrap();
        {
            let store =
                Store::open(&data_dir.path().join(sanctum_core::store::DB_FILE_NAME)).unwrap();
            prepare(&store);
        }
        if planned {
            App::plan_this_week(data_dir.path());
        }
        App::launch(data_dir, Vec::new()).await
    }

    async fn launch(data_dir: tempfile::TempDir, env: Vec<(String, String)>) -> App {
        let port = free_port();
        let native_port = free_port();
        // Its own process group, so stopping it also stops WebKitWebDriver and the app: a left
        // app would make the next one exit at once (single instance per D-Bus session).
        let driver = Command::new(tauri_driver())
            .process_group(0)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("SANCTUM_DATA_DIR", data_dir.path())
            // A native file dialog cannot be driven over WebDriver: the app "picks" each
            // action's suggested name in this folder instead (see choose_file).
            .env("SANCTUM_TEST_CHOOSE_DIR", App::chosen_dir_in(data_dir.path()))
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver --locked --version ^2)");
        let client = tokio::time::timeout(Duration::from_secs(30), connect(port))
            .await
            .expect("a WebDriver session within 30 s");
        let mut app = App { client, driver, data_dir, env };
        app.wait_ready().await;
        app
    }

    async fn wait_ready(&mut self) {
        let client = &self.client;
        eventually("the page to finish starting", || async {
            client
                .execute("return document.body && document.body.dataset.ready === 'true'", vec![])
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
        })
        .await;
    }

    /// The app's process id.
    pub fn pid(&self) -> u32 {
        app_pid(self.data_dir.path()).expect("the app's process")
    }

    /// Where the app's file dialogs "pick" files in tests (each action's suggested name).
    pub fn chosen_dir(&self) -> PathBuf {
        App::chosen_dir_in(self.data_dir.path())
    }

    fn chosen_dir_in(data_dir: &Path) -> PathBuf {
        let dir = data_dir.join("chosen");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Waits for the page's confirmation dialog, checks its question contains `question`, and
    /// answers it: `yes` clicks the button that goes ahead, otherwise Cancel (which has focus).
    pub async fn answer_confirm(&self, question: &str, yes: bool) {
        let client = &self.client;
        eventually("the confirmation dialog", || async {
            client
                .execute("return document.getElementById('confirm-dialog').open", vec![])
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
        })
        .await;
        let asked = self.text("#confirm-text").await;
        assert!(asked.contains(question), "asked {asked:?}, expected {question:?}");
        assert_eq!(self.focused_id().await, "confirm-no", "the safe answer has focus");
        let button = if yes { "#confirm-yes" } else { "#confirm-no" };
        self.find(button).await.click().await.unwrap();
    }

    /// The app's data folder.
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Opens the app's database file (the real one the app writes) from the test.
    pub fn store(&self) -> Store {
        Store::open(&self.data_dir.path().join(sanctum_core::store::DB_FILE_NAME)).unwrap()
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Clicks the element matching `css`, finding it again if the page redrew it between
    /// finding and clicking (a refresh after a change replaces the list it is in).
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.find(css).await.click().await {
                Ok(()) => return,
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference
                        && Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("click {css}: {e}"),
            }
        }
    }

    /// The rendered text of the element matching `css`, finding it again if the page redrew
    /// it in between.
    pub async fn text(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.find(css).await.text().await {
                Ok(text) => return text,
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference
                        && Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("text of {css}: {e}"),
            }
        }
    }

    /// An attribute of the element matching `css` (waiting for one), read in one step so a
    /// redraw in between cannot leave a stale element.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.find(css).await;
        let script = format!("return document.querySelector({css:?})?.getAttribute({name:?})");
        self.js(&script).await.as_str().map(str::to_string)
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Types into the element (appending to what is there).
    pub async fn type_into(&self, css: &str, text: &str) {
        self.find(css).await.send_keys(text).await.unwrap();
    }

    /// The id of the focused element.
    pub async fn focused_id(&self) -> String {
        self.js("return document.activeElement ? document.activeElement.id : ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the element matching `css` has the keyboard focus.
    pub async fn eventually_focused(&self, css: &str) {
        let client = &self.client;
        let script = format!("return document.activeElement === document.querySelector({css:?})");
        eventually(&format!("{css} to have focus"), || async {
            client.execute(&script, vec![]).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
        })
        .await;
    }

    /// Waits until `css` matches exactly `n` elements.
    pub async fn wait_count(&self, css: &str, n: usize) {
        let client = &self.client;
        eventually(&format!("{n} × {css}"), || async {
            client.find_all(Locator::Css(css)).await.map(|v| v.len() == n).unwrap_or(false)
        })
        .await;
    }

    /// Waits until the element's text contains `needle`.
    pub async fn wait_text(&self, css: &str, needle: &str) {
        let client = &self.client;
        eventually(&format!("{css} to show {needle:?}"), || async {
            match client.find(Locator::Css(css)).await {
                Ok(e) => e.text().await.map(|t| t.contains(needle)).unwrap_or(false),
                Err(_) => false,
            }
        })
        .await;
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, self.photo().await).unwrap();
        path
    }

    /// A PNG of the window as the X server shows it (see [`photo`]), once the last frame has had
    /// time to paint.
    pub async fn photo(&self) -> Vec<u8> {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = photo::window_png(self.pid()).unwrap_or_else(|e| panic!("photo: {e}"));
        assert!(png.starts_with(b"\x89PNG"), "the photo is a PNG");
        png
    }

    /// Ends the session and the driver (SIGTERM, so WebKitWebDriver goes too).
    pub async fn stop(self) {
        let _ = self.client.clone().close().await;
        // Drop stops the driver.
    }
}

impl Drop for App {
    fn drop(&mut self) {
        stop_driver(&mut self.driver);
    }
}

/// Stops the driver's whole process group: SIGTERM first (WebKitWebDriver cleans up), SIGKILL
/// for whatever is left after a grace period.
fn stop_driver(driver: &mut Child) {
    let group = format!("-{}", driver.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).stderr(Stdio::null()).status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        let alive = Command::new("kill").args(["-0", "--", &group]).stderr(Stdio::null()).status();
        if !matches!(alive, Ok(s) if s.success()) {
            break;
        }
        let _ = driver.try_wait();
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
    let _ = driver.wait();
}

fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|d| d.join("bin/tauri-driver"));
    match cargo_bin {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

async fn connect(port: u16) -> Client {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver did not listen on {addr}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert("tauri:options".into(), json!({ "application": app_binary() }));
    // tauri-driver listens before its WebKitWebDriver does; a session asked for in between is
    // dropped mid-answer (IncompleteMessage). Ask again for a few seconds.
    let mut attempts = 0;
    loop {
        attempts += 1;
        match fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps.clone())
        .connect(&format!("http://{addr}"))
        .await
        {
            Ok(client) => return client,
            Err(e) if attempts < 8 && Instant::now() < deadline => {
                eprintln!("e2e: WebDriver session attempt {attempts} failed ({e}); trying again");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => panic!("open a WebDriver session on the app: {e}"),
        }
    }
}

/// Polls `check` until it is true, failing the test after 10 s with `what`.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if check().await {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The key WebDriver sends for Enter.
pub const ENTER: &str = "\u{E007}";

/// The pid of the app whose data folder is `data_dir` (the process tauri-driver started).
pub fn app_pid(data_dir: &Path) -> Option<u32> {
    process_for(data_dir, "sanctum-app")
}

/// The pid of the background guard (`sanctum guard`) whose data folder is `data_dir`.
pub fn guard_pid(data_dir: &Path) -> Option<u32> {
    process_for(data_dir, "sanctum")
}

/// A process named `comm` running with `SANCTUM_DATA_DIR` set to `data_dir`.
fn process_for(data_dir: &Path, comm: &str) -> Option<u32> {
    let want = format!("SANCTUM_DATA_DIR={}", data_dir.display());
    std::fs::read_dir("/proc").ok()?.filter_map(Result::ok).find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let name = std::fs::read_to_string(e.path().join("comm")).ok()?;
        if name.trim() != comm {
            return None;
        }
        let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
        if stat.contains(") Z ") {
            return None;
        }
        let environ = std::fs::read(e.path().join("environ")).ok()?;
        environ.split(|b| *b == 0).any(|kv| kv == want.as_bytes()).then_some(pid)
    })
}

/// The pids of `pid`'s child processes named `comm` (as /proc shows it, 15 characters).
pub fn children_named(pid: u32, comm: &str) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return vec![] };
    dir.filter_map(Result::ok)
        .filter_map(|e| {
            let child: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // pid (comm) state ppid ...
            let close = stat.rfind(')')?;
            let name = &stat[stat.find('(')? + 1..close];
            let ppid: u32 = stat[close + 2..].split_whitespace().nth(1)?.parse().ok()?;
            (ppid == pid && name == comm).then_some(child)
        })
        .collect()
}
