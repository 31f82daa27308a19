//! Helpers for the `versus serve` tests: sites in temporary folders, a
//! running server that is always killed, its output lines, its event stream
//! and plain HTTP requests.
//!
//! Every wait here has a timeout: a test never sleeps and hopes.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The longest a test waits for something that should happen.
pub const WAIT: Duration = Duration::from_secs(5);
/// How long a test listens to make sure nothing more happens.
pub const QUIET: Duration = Duration::from_millis(500);

/// The `versus` binary under test.
pub fn versus_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_versus"))
}

/// The repository (the crate root).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The URL path of the sample report of `site/`.
pub const REPORT: &str = "/node-vs-python/";

/// A temporary folder holding a site at `<tmp>/site`.
pub struct Site {
    /// Holds the site; removed on drop.
    pub dir: TempDir,
    /// The site folder.
    pub root: PathBuf,
}

impl Site {
    /// A copy of the repository's `site/`, without `site/public`.
    pub fn copy_of_repo_site() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_dir(&repo_root().join("site"), &root, &["public"]);
        Site { dir, root }
    }

    /// A small site: one report `r` with two contenders (`node`, `python`),
    /// its introduction and one criterion `01-first.md`.
    pub fn small() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        write(
            &root.join("versus.toml"),
            "title = \"Small\"\nbase_url = \"https://example.org/\"\n",
        );
        write(
            &root.join("content/r/index.md"),
            "+++\ntitle = \"Node.js vs Python\"\ndescription = \"A small report.\"\n\
             date = 2026-01-01\n\n[[contenders]]\nid = \"node\"\nname = \"Node.js\"\n\
             color = \"#417e38\"\n\n[[contenders]]\nid = \"python\"\nname = \"Python\"\n\
             color = \"#3572a5\"\n+++\n\nThe introduction.\n",
        );
        write(
            &root.join("content/r/01-first.md"),
            &criterion_md("First", "The first criterion.", 1, 0),
        );
        Site { dir, root }
    }

    /// A path inside the site.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }
}

/// A criterion file's text.
pub fn criterion_md(title: &str, prose: &str, node: u32, python: u32) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"What {title} measures.\"\n\n[points]\n\
         node = {node}\npython = {python}\n+++\n\n{prose}\n"
    )
}

/// Writes a file, creating its folder.
pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Reads a file as text.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Copies `src` into `dst` recursively; top-level entries named in `skip`
/// are left out.
pub fn copy_dir(src: &Path, dst: &Path, skip: &[&str]) {
    std::fs::create_dir_all(dst).unwrap_or_else(|e| panic!("create {}: {e}", dst.display()));
    let mut entries: Vec<_> = std::fs::read_dir(src)
        .unwrap_or_else(|e| panic!("list {}: {e}", src.display()))
        .map(|e| e.expect("dir entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if skip.iter().any(|s| name.to_str() == Some(s)) {
            continue;
        }
        let from = entry.path();
        let to = dst.join(&name);
        if from.is_dir() {
            copy_dir(&from, &to, &[]);
        } else {
            std::fs::copy(&from, &to)
                .unwrap_or_else(|e| panic!("copy {} to {}: {e}", from.display(), to.display()));
        }
    }
}

/// Every file and folder under `dir`, relative, with file sizes and
/// modification times: to show that nothing was written.
pub fn tree(dir: &Path) -> BTreeMap<String, (bool, u64, Option<std::time::SystemTime>)> {
    fn walk(
        base: &Path,
        dir: &Path,
        out: &mut BTreeMap<String, (bool, u64, Option<std::time::SystemTime>)>,
    ) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            let rel = path
                .strip_prefix(base)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            out.insert(
                rel,
                (
                    meta.is_dir(),
                    if meta.is_dir() { 0 } else { meta.len() },
                    if meta.is_dir() {
                        None
                    } else {
                        meta.modified().ok()
                    },
                ),
            );
            if meta.is_dir() {
                walk(base, &path, out);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A running `versus` process, killed on drop.
pub struct Running {
    pub child: Child,
    lines: Receiver<String>,
    /// Everything printed to stderr so far.
    pub stderr: Arc<Mutex<String>>,
    /// Every stdout line so far.
    pub stdout: Arc<Mutex<Vec<String>>>,
}

impl Running {
    /// Starts `versus` with these arguments, the highlight cache pointed
    /// at `cache`.
    pub fn spawn(args: &[&str], cache: &Path) -> Running {
        Running::spawn_command(
            Command::new(versus_bin())
                .args(args)
                .env("VERSUS_CACHE_DIR", cache)
                .env("NO_COLOR", "1"),
        )
    }

    /// Starts any command, its output read on threads.
    pub fn spawn_command(command: &mut Command) -> Running {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {command:?}: {e}"));
        let (tx, lines) = mpsc::channel();
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let out = child.stdout.take().expect("stdout");
        let all = Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                all.lock().expect("lock").push(line.clone());
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .expect("lock")
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Running {
            child,
            lines,
            stderr,
            stdout,
        }
    }

    /// The next stdout line, if one comes within `timeout`.
    pub fn next_line(&self, timeout: Duration) -> Option<String> {
        self.lines.recv_timeout(timeout).ok()
    }

    /// The stderr text so far.
    pub fn stderr_text(&self) -> String {
        self.stderr.lock().expect("lock").clone()
    }

    /// Waits for the process to exit, for at most `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `versus serve`.
pub struct Server {
    pub process: Running,
    pub port: u16,
    /// `http://127.0.0.1:PORT`, without the trailing slash.
    pub origin: String,
    /// The first line it printed.
    pub banner: String,
    /// The site root it serves.
    pub root: PathBuf,
    /// The highlight cache.
    pub cache: TempDir,
}

impl Server {
    /// `versus serve --root ROOT --port 0`, after it printed its address.
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    /// Like [`Server::start`], with more arguments.
    pub fn start_with(root: &Path, extra: &[&str]) -> Server {
        let cache = tempfile::tempdir().expect("cache dir");
        let root_text = root.to_str().expect("utf-8 path");
        let mut args = vec!["serve", "--root", root_text, "--port", "0"];
        args.extend_from_slice(extra);
        let mut process = Running::spawn(&args, cache.path());
        let banner = match process.next_line(Duration::from_secs(20)) {
            Some(line) => line,
            None => {
                let status = process.wait_exit(Duration::from_millis(200));
                panic!(
                    "versus serve printed no address (exit: {status:?}); stderr:\n{}",
                    process.stderr_text()
                );
            }
        };
        let port = parse_port(&banner)
            .unwrap_or_else(|| panic!("no http://127.0.0.1:PORT/ in the banner: {banner:?}"));
        let server = Server {
            process,
            port,
            origin: format!("http://127.0.0.1:{port}"),
            banner,
            root: root.to_path_buf(),
            cache,
        };
        server.settle_runs();
        server
    }

    /// Samples that run do so in the background after the first build:
    /// waits until no page shows a run under way, then for the rebuild
    /// lines those runs printed, so that a test sees only its own changes.
    pub fn settle_runs(&self) {
        let started = std::time::Instant::now();
        let running = |path: &str| {
            let reply = self.get(path);
            reply.status == 200 && reply.text().contains("data-state=\"running\"")
        };
        let mut waited = false;
        while started.elapsed() < Duration::from_secs(60) && (running(REPORT) || running("/r/")) {
            waited = true;
            std::thread::sleep(Duration::from_millis(100));
        }
        if waited {
            while let Some(line) = self.next_line(Duration::from_millis(500)) {
                assert!(
                    line.starts_with("sample output ready"),
                    "expected only rebuilds for finished runs, got {line:?}"
                );
            }
        }
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn base_url(&self) -> String {
        format!("{}/", self.origin)
    }

    /// The absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Connects to the event stream and waits for its `hello`: from then on
    /// the watcher is running, so edits are seen.
    pub fn events(&self) -> Events {
        let events = Events::connect(&self.url("/__versus/events"));
        events.expect_hello();
        events
    }

    /// The next stdout line within `timeout`.
    pub fn next_line(&self, timeout: Duration) -> Option<String> {
        self.process.next_line(timeout)
    }

    /// The next stdout line; panics if none comes within [`WAIT`].
    pub fn expect_line(&self) -> String {
        self.next_line(WAIT).unwrap_or_else(|| {
            panic!(
                "versus serve printed no line within {WAIT:?}; stderr:\n{}",
                self.process.stderr_text()
            )
        })
    }

    /// Asserts that no stdout line comes within `quiet`.
    pub fn expect_no_line(&self, quiet: Duration, why: &str) {
        if let Some(line) = self.next_line(quiet) {
            panic!("{why}: unexpected output line {line:?}");
        }
    }

    /// GET a path (status, headers with lowercase names, body).
    pub fn get(&self, path: &str) -> Reply {
        get(&self.url(path))
    }

    /// GET a path that must answer 200; its body as text.
    pub fn page(&self, path: &str) -> String {
        let reply = self.get(path);
        assert_eq!(reply.status, 200, "GET {path}: {}", reply.text());
        reply.text()
    }
}

/// The port in `… on http://127.0.0.1:PORT/ …`.
pub fn parse_port(line: &str) -> Option<u16> {
    let at = line.find("http://127.0.0.1:")? + "http://127.0.0.1:".len();
    let digits: String = line[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if !line[at + digits.len()..].starts_with('/') {
        return None;
    }
    digits.parse().ok()
}

/// An HTTP answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header by lowercase name ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// GET a URL without following redirects; any status is an answer.
pub fn get(url: &str) -> Reply {
    let response = agent()
        .get(url)
        .call()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut body = response.into_body();
    let body = body
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_else(|e| panic!("GET {url}: reading the body: {e}"));
    Reply {
        status,
        headers,
        body,
    }
}

/// Sends `request_line` (e.g. `GET /../x HTTP/1.1`) as is, over a plain
/// socket, so no client normalises the path; returns the status and the
/// whole answer as text.
pub fn raw_get(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// One server-sent event: its name and its JSON data.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    pub kind: String,
    pub data: serde_json::Value,
}

impl LiveEvent {
    /// `data.pages` as strings.
    pub fn pages(&self) -> Vec<String> {
        self.data["pages"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `data.message` ("" when null).
    pub fn message(&self) -> String {
        self.data["message"].as_str().unwrap_or("").to_string()
    }

    /// `data.assets` as name → URL.
    pub fn assets(&self) -> BTreeMap<String, String> {
        self.data["assets"]
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A connection to `/__versus/events`, read on a thread.
pub struct Events {
    rx: Receiver<LiveEvent>,
}

impl Events {
    /// Opens the stream.
    pub fn connect(url: &str) -> Events {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_connect(Some(Duration::from_secs(5)))
            .build()
            .into();
        let response = agent
            .get(url)
            .header("Accept", "text/event-stream")
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        assert_eq!(response.status().as_u16(), 200, "GET {url}");
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert!(
            content_type.starts_with("text/event-stream"),
            "the event stream's type is {content_type:?}"
        );
        let (tx, rx) = mpsc::channel();
        let reader = BufReader::new(response.into_body().into_reader());
        std::thread::spawn(move || {
            let mut kind = String::new();
            let mut data = String::new();
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if line.is_empty() {
                    if !data.is_empty() {
                        let json = serde_json::from_str(&data)
                            .unwrap_or_else(|e| panic!("event data is not JSON ({e}): {data:?}"));
                        let event = LiveEvent {
                            kind: if kind.is_empty() {
                                "message".to_string()
                            } else {
                                kind.clone()
                            },
                            data: json,
                        };
                        if tx.send(event).is_err() {
                            break;
                        }
                    }
                    kind.clear();
                    data.clear();
                } else if let Some(rest) = line.strip_prefix("event:") {
                    kind = rest.trim_start().to_string();
                } else if let Some(rest) = line.strip_prefix("data:") {
                    if !data.is_empty() {
                        data.push('\n');
                    }
                    data.push_str(rest.strip_prefix(' ').unwrap_or(rest));
                }
            }
        });
        Events { rx }
    }

    /// The next event within `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<LiveEvent> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// The next event; panics if none comes within [`WAIT`].
    pub fn expect(&self, why: &str) -> LiveEvent {
        self.next(WAIT)
            .unwrap_or_else(|| panic!("no event within {WAIT:?} after {why}"))
    }

    /// The next event, which must be of this kind.
    pub fn expect_kind(&self, kind: &str, why: &str) -> LiveEvent {
        let event = self.expect(why);
        assert_eq!(
            event.kind, kind,
            "after {why}: expected a `{kind}` event, got {event:?}"
        );
        event
    }

    /// The first event, `hello`.
    pub fn expect_hello(&self) -> LiveEvent {
        let event = self
            .next(Duration::from_secs(10))
            .expect("no hello event on connecting");
        assert_eq!(event.kind, "hello", "the first event: {event:?}");
        assert!(
            event.data["build"].as_str().is_some_and(|b| !b.is_empty()),
            "hello has a build id: {event:?}"
        );
        event
    }

    /// Asserts that no event comes within `quiet`.
    pub fn expect_none(&self, quiet: Duration, why: &str) {
        if let Some(event) = self.next(quiet) {
            panic!("{why}: unexpected event {event:?}");
        }
    }

    /// Takes events until `done` holds (checked after each), for at most
    /// `timeout`; returns them all.
    pub fn until(
        &self,
        timeout: Duration,
        why: &str,
        mut done: impl FnMut(&LiveEvent) -> bool,
    ) -> Vec<LiveEvent> {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(event) = self.next(left) else {
                panic!("{why}: not done within {timeout:?}; events: {seen:#?}");
            };
            let finished = done(&event);
            seen.push(event);
            if finished {
                return seen;
            }
        }
    }

    /// Takes events until none comes for `quiet`; returns them.
    pub fn settle(&self, quiet: Duration) -> Vec<LiveEvent> {
        let mut seen = Vec::new();
        while let Some(event) = self.next(quiet) {
            seen.push(event);
        }
        seen
    }
}

/// Removes the live-reload script tag that `versus serve` injects.
pub fn strip_live_script(html: &str) -> String {
    html.replace("<script src=\"/__versus/live.js\" defer></script>", "")
}
