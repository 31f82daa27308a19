//! The reader's side of built sites in a real browser: `versus build` of a
//! copy of site/ (Node.js vs Python) and of tests/fixtures/three (Go vs Rust
//! vs Zig), each served by a small static server on 127.0.0.1, checked by
//! tests/browser/reader.mjs in the system Chromium (through playwright-core,
//! which never downloads a browser) and by the Nu HTML checker (vnu.jar from
//! the vnu-jar package, run with the machine's Java), on the built files and
//! on the report's DOM after its scripts ran.
//!
//! Takes the report's screenshots into a temporary folder (checking that
//! they can be made; `node tests/browser/screenshots.mjs` refreshes the ones
//! in docs/screenshots/). Installs what it needs when missing: Chromium, a Java
//! runtime and poppler-utils (pdftotext) from Debian's packages, and the npm
//! packages of tests/browser/package-lock.json (with `--ignore-scripts`:
//! vnu-jar's install script would download a Java runtime).

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{TestSite, files_with_extension, repo_root, run_in};

const CHROMIUM: &str = "/usr/bin/chromium";
/// The longest one reader.mjs run may take.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(420);

/// Runs a command to completion; panics with its output when it fails.
fn run(command: &mut Command, what: &str) -> Output {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Whether `program args…` runs and exits 0.
fn works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Installs Debian packages (after one `apt-get update`).
fn apt_install(packages: &[&str]) {
    if packages.is_empty() {
        return;
    }
    run(
        Command::new("apt-get")
            .arg("update")
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get update",
    );
    run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
        &format!("apt-get install {}", packages.join(" ")),
    );
}

/// Chromium, a Java runtime for vnu.jar and pdftotext.
fn ensure_system_tools() {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push("chromium");
    }
    if !works("java", &["-version"]) {
        missing.push("default-jre-headless");
    }
    if !works("pdftotext", &["-v"]) {
        missing.push("poppler-utils");
    }
    apt_install(&missing);
    assert!(Path::new(CHROMIUM).exists(), "no {CHROMIUM}");
    assert!(works("java", &["-version"]), "no working `java`");
    assert!(works("pdftotext", &["-v"]), "no working `pdftotext`");
}

/// playwright-core, axe-core and vnu-jar under tests/browser/node_modules.
fn ensure_npm_packages(dir: &Path) {
    let needed = [
        "node_modules/playwright-core/package.json",
        "node_modules/axe-core/axe.min.js",
        "node_modules/vnu-jar/build/dist/vnu.jar",
    ];
    if needed.iter().all(|p| dir.join(p).is_file()) {
        return;
    }
    run(
        Command::new("npm")
            .args([
                "ci",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        "npm ci --ignore-scripts --prefix tests/browser",
    );
    for p in needed {
        assert!(dir.join(p).is_file(), "no {p} after npm ci");
    }
}

/// A static file server on 127.0.0.1 for a built site, like a host: `/dir/`
/// serves `dir/index.html`, `/dir` redirects to `/dir/`, and a missing path
/// answers 404 with the site's `404.html`. Stopped on drop.
struct StaticServer {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// A listener on a free port, bound before the build that needs its URL.
    fn bind() -> TcpListener {
        TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1")
    }

    /// Serves `root` on `listener`.
    fn start(listener: TcpListener, root: PathBuf) -> StaticServer {
        let port = listener.local_addr().expect("local address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &root);
                });
            }
        });
        StaticServer {
            port,
            stop,
            thread: Some(thread),
        }
    }

    fn base_url(&self) -> String {
        base_url(self.port)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn base_url(port: u16) -> String {
    format!("http://127.0.0.1:{port}/")
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// Answers one request on `stream` (then closes the connection).
fn serve(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next().unwrap_or("").split(' ');
    let method = request_line.next().unwrap_or("");
    let target = request_line.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let reply = |stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]| {
        let mut out = format!(
            "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        if method != "HEAD" {
            out.extend_from_slice(body);
        }
        stream.write_all(&out)
    };
    if method != "GET" && method != "HEAD" {
        return reply(&mut stream, "405 Method Not Allowed", "", b"");
    }
    let rel = path.trim_start_matches('/');
    let mut file = root.join(rel);
    let safe = !rel.split('/').any(|s| s == "..");
    if safe && !rel.is_empty() && !path.ends_with('/') && file.is_dir() {
        let location = format!("Location: {path}/\r\n");
        return reply(&mut stream, "301 Moved Permanently", &location, b"");
    }
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, file) = if safe && file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", root.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let headers = format!("Content-Type: {}\r\n", content_type(&file));
    reply(&mut stream, status, &headers, &body)
}

/// A built site: its source copy, its output folder and its server.
struct Built {
    site: TestSite,
    out: PathBuf,
    server: StaticServer,
}

/// Builds `site` with `versus build` into a folder next to it, for the URL
/// of a server started on it.
fn build_and_serve(site: TestSite) -> Built {
    let listener = StaticServer::bind();
    let port = listener.local_addr().expect("local address").port();
    let out = site.dir().join("out");
    let run = run_in(
        None,
        &[
            "build",
            "--root",
            site.root.to_str().expect("utf-8 path"),
            "--base-url",
            &base_url(port),
            "--output",
            out.to_str().expect("utf-8 path"),
        ],
        &[],
    );
    run.assert_success();
    let server = StaticServer::start(listener, out.clone());
    Built { site, out, server }
}

/// A child process whose output goes to files, read when it ends.
struct Job {
    what: String,
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
    started: Instant,
}

impl Job {
    fn spawn(what: &str, command: &mut Command, logs: &Path) -> Job {
        let name: String = what
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let stdout = logs.join(format!("{name}.out"));
        let stderr = logs.join(format!("{name}.err"));
        let child = command
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).expect("log file"))
            .stderr(std::fs::File::create(&stderr).expect("log file"))
            .spawn()
            .unwrap_or_else(|e| panic!("start {what}: {e}"));
        Job {
            what: what.to_string(),
            child,
            stdout,
            stderr,
            started: Instant::now(),
        }
    }

    /// Its output so far, under a heading with `status`.
    fn output(&self, status: &str) -> String {
        format!(
            "=== {} ({status})\n{}\n{}",
            self.what,
            std::fs::read_to_string(&self.stdout).unwrap_or_default(),
            std::fs::read_to_string(&self.stderr).unwrap_or_default()
        )
    }
}

/// Waits for every job (killing those still running after `timeout`);
/// returns, in order, whether each succeeded and its output.
fn wait_all(mut jobs: Vec<Job>, timeout: Duration) -> Vec<(bool, String)> {
    let deadline = Instant::now() + timeout;
    let mut results: Vec<Option<(bool, String)>> = jobs.iter().map(|_| None).collect();
    while results.iter().any(Option::is_none) {
        for (job, result) in jobs.iter_mut().zip(results.iter_mut()) {
            if result.is_some() {
                continue;
            }
            if let Some(status) = job.child.try_wait().expect("try_wait") {
                let took = job.started.elapsed().as_secs_f64();
                *result = Some((
                    status.success(),
                    job.output(&format!("{status}, {took:.1} s")),
                ));
            } else if Instant::now() >= deadline {
                let _ = job.child.kill();
                let _ = job.child.wait();
                *result = Some((
                    false,
                    job.output(&format!("did not finish within {timeout:?}")),
                ));
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    results.into_iter().map(Option::unwrap).collect()
}

/// `java -jar vnu.jar --errors-only --format text FILES…`.
fn vnu(jar: &Path, files: &[PathBuf], what: &str, logs: &Path) -> Job {
    assert!(!files.is_empty(), "{what}: no files to check");
    Job::spawn(
        what,
        Command::new("java")
            .arg("-jar")
            .arg(jar)
            .args(["--errors-only", "--format", "text"])
            .args(files),
        logs,
    )
}

#[test]
fn built_sites_read_well_in_a_real_browser() {
    let started = Instant::now();
    // Allow for file systems that store coarse modification times.
    let written_after = std::time::SystemTime::now() - Duration::from_secs(2);
    let dir = repo_root().join("tests/browser");
    ensure_system_tools();
    ensure_npm_packages(&dir);
    let jar = dir.join("node_modules/vnu-jar/build/dist/vnu.jar");
    let work = tempfile::Builder::new()
        .prefix("versus-reader-")
        .tempdir()
        .expect("temporary folder");
    let screenshots = work.path().join("screenshots");
    let logs = work.path().join("logs");
    let dumps = work.path().join("dom");
    std::fs::create_dir_all(&logs).expect("create logs folder");

    let sites = [
        ("node-python", build_and_serve(TestSite::real())),
        ("three", build_and_serve(TestSite::fixture("three"))),
    ];
    for (kind, built) in &sites {
        let pages = files_with_extension(&built.out, ".html");
        assert!(pages.len() >= 3, "{kind}: built only {pages:?}");
    }

    // The built files, while the browser runs.
    let static_files: Vec<PathBuf> = sites
        .iter()
        .flat_map(|(_, b)| files_with_extension(&b.out, ".html"))
        .collect();
    let built_check = vnu(&jar, &static_files, "vnu on the built pages", &logs);
    let scripts: Vec<Job> = sites
        .iter()
        .map(|(kind, built)| {
            Job::spawn(
                &format!("reader.mjs {kind}"),
                Command::new("node")
                    .arg(dir.join("reader.mjs"))
                    .arg(built.server.base_url())
                    .arg(kind)
                    .arg(&screenshots)
                    .arg(&built.site.root)
                    .arg(&dumps)
                    .current_dir(&dir),
                &logs,
            )
        })
        .collect();

    let mut jobs = scripts;
    jobs.push(built_check);
    let mut failed = Vec::new();
    let mut report = Vec::new();
    for (ok, output) in wait_all(jobs, SCRIPT_TIMEOUT) {
        if !ok {
            failed.push(output.lines().next().unwrap_or_default().to_string());
        }
        report.push(output);
    }
    // The DOM after the scripts ran (written by reader.mjs).
    let dom_files = files_with_extension(&dumps, ".html");
    if dom_files.len() == 4 {
        let check = vnu(&jar, &dom_files, "vnu on the DOM after scripts", &logs);
        let (ok, output) = wait_all(vec![check], Duration::from_secs(120)).remove(0);
        if !ok {
            failed.push("vnu found errors in the DOM after the scripts ran".to_string());
        }
        report.push(output);
    } else {
        failed.push(format!(
            "reader.mjs saved {} DOM snapshots, not 4: {dom_files:?}",
            dom_files.len()
        ));
    }
    for name in [
        "report-1280-light.png",
        "report-1280-dark.png",
        "report-390-light.png",
        "report-390-dark.png",
    ] {
        let path = screenshots.join(name);
        let png = std::fs::read(&path).unwrap_or_default();
        let fresh = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= written_after);
        if !png.starts_with(b"\x89PNG\r\n\x1a\n") || !fresh {
            failed.push(format!("this run took no screenshot {name}"));
        }
    }
    let report = report.join("\n");
    assert!(
        failed.is_empty(),
        "{}\n\n{report}",
        failed
            .iter()
            .map(|f| format!("FAILED: {f}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    println!("{report}");
    println!("all in {:.1} s", started.elapsed().as_secs_f64());
    drop(sites);
}
