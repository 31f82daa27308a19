//! Live-preview latency: the time from saving a criterion to the rebuilt page
//! being served and the reload event sent, over many edits.
//!
//! Usage: `cargo run --release --example serve_latency -- SITE_DIR [EDITS]`
//! (the site is edited in place: point it at a copy). Prints p50 and p95, the
//! same with the debounce window taken out, and the memory the server holds.
//! It runs the release binary `target/release/versus` (or the one
//! `VERSUS_BIN` names): build it first.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("usage: serve_latency SITE_DIR [EDITS]"));
    let edits: usize = args
        .next()
        .map_or(60, |n| n.parse().expect("EDITS is a number"));
    let target = first_criterion(&site).expect("the site has a criterion");
    // Another binary (an earlier commit's, say) can be measured the same way.
    let versus = std::env::var_os("VERSUS_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/versus"),
        PathBuf::from,
    );

    let started = Instant::now();
    let mut child = Command::new(&versus)
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start versus serve (build it with cargo build --release first)");
    let stdout = child.stdout.take().expect("piped");
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let banner = lines.next().expect("a banner").expect("readable");
    let startup = started.elapsed();
    let url = banner
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the banner has the address")
        .to_string();
    std::thread::spawn(move || for _ in lines {});

    let (tx, rx) = mpsc::channel();
    let events = format!("{url}__versus/events");
    std::thread::spawn(move || {
        let response = ureq::get(&events).call().expect("event stream");
        let reader = BufReader::new(response.into_body().into_reader());
        let mut event = String::new();
        for line in reader.lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if line.starts_with("data: ")
                && tx.send((event.clone(), Instant::now())).is_err()
            {
                return;
            }
        }
    });
    let (hello, _) = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("hello event");
    assert_eq!(hello, "hello");
    // Let the first background work (sample runs) finish before timing.
    while rx.recv_timeout(Duration::from_secs(3)).is_ok() {}

    let original = std::fs::read_to_string(&target).expect("criterion is readable");
    let report_url = format!("{url}{}/", report_slug(&site, &target));
    let mut latencies = Vec::with_capacity(edits);
    for i in 0..edits {
        let token = format!("latency-probe-{i}-{}", std::process::id());
        let saved = Instant::now();
        std::fs::write(&target, format!("{original}\n{token}\n")).expect("write");
        // A reload can also come from something other than this save (a
        // sample run finishing in the background), so wait for the reload
        // whose page shows the edit.
        loop {
            let (name, _) = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("an event after a save");
            if name == "reload" && fetch(&report_url).contains(&token) {
                break;
            }
        }
        latencies.push(saved.elapsed());
        // Let the watcher settle so edits do not merge.
        std::thread::sleep(Duration::from_millis(60));
    }
    std::fs::write(&target, &original).expect("restore");
    std::thread::sleep(Duration::from_millis(300));
    let (rss, peak) = memory(server.0.id());

    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    // The watcher waits this long before any rebuild can start.
    let debounce = versus::serve::DEBOUNCE + versus::serve::QUIET;
    println!(
        "{} edits of {}: p50 {:.1} ms, p95 {:.1} ms (save → page served with the edit); without the {} ms debounce window: p50 {:.1} ms, p95 {:.1} ms; startup {:.0} ms; server memory {} MiB (peak {} MiB)",
        edits,
        target.display(),
        ms(pct(0.5)),
        ms(pct(0.95)),
        debounce.as_millis(),
        ms(pct(0.5).saturating_sub(debounce)),
        ms(pct(0.95).saturating_sub(debounce)),
        ms(startup),
        rss / 1024,
        peak / 1024,
    );
}

/// The body of a page, as text.
fn fetch(url: &str) -> String {
    ureq::get(url)
        .call()
        .expect("page")
        .into_body()
        .read_to_string()
        .expect("text")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Resident and peak memory of a process, in KiB, from /proc.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The `index.md` of the first criterion folder of the first report.
fn first_criterion(site: &Path) -> Option<PathBuf> {
    let mut reports: Vec<PathBuf> = std::fs::read_dir(site.join("content"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    reports.sort();
    for report in reports {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&report)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        if let Some(dir) = entries.into_iter().find(|p| p.join("index.md").is_file()) {
            return Some(dir.join("index.md"));
        }
    }
    None
}

fn report_slug(site: &Path, criterion: &Path) -> String {
    let relative = criterion
        .strip_prefix(site.join("content"))
        .expect("under content");
    relative
        .components()
        .next()
        .expect("a report folder")
        .as_os_str()
        .to_string_lossy()
        .into_owned()
}
