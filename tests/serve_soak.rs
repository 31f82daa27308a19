//! A bounded soak of `versus serve`: random edits, broken saves, added and
//! deleted criteria, and a removed `content/` folder, one after another;
//! after every step that leaves a valid site, every file the server serves
//! must equal a fresh `versus build` of the site as it is then.
//!
//! Runs for `VERSUS_SERVE_SOAK_SECS` seconds (20 by default, so CI stays
//! quick); docs/testing.md gives the longer run.

mod serve_support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serve_support::*;

const LIVE_TAG: &str = "<script src=\"/__versus/live.js\" defer></script>";

fn soak_time() -> Duration {
    let secs = std::env::var("VERSUS_SERVE_SOAK_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

/// Every file of a fresh build, or `None` when the site does not build.
fn fresh_build(root: &Path, base_url: &str) -> Option<BTreeMap<String, Vec<u8>>> {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let status = Command::new(versus_bin())
        .args(["build", "--no-cache", "--root"])
        .arg(root)
        .args(["--base-url", base_url, "--output"])
        .arg(&output)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    if !status.status.success() {
        return None;
    }
    let mut files = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, files);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    walk(&output, &output, &mut files);
    files.remove(".versus-output");
    Some(files)
}

/// The first served file that differs from the build, if any.
fn first_difference(server: &Server, files: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    for (path, built) in files {
        let reply = server.get(&format!("/{path}"));
        let served = if path.ends_with(".html") {
            reply.text().replacen(LIVE_TAG, "", 1).into_bytes()
        } else {
            reply.body
        };
        if reply.status != 200 || served != *built {
            return Some(format!("/{path} (status {})", reply.status));
        }
    }
    None
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn served_pages_match_a_fresh_build_through_edits_breaks_and_removals() {
    let site = Site::small();
    let server = Server::start(&site.root);
    let _events = server.events();
    let seed = fastrand::u64(..);
    let mut rng = fastrand::Rng::with_seed(seed);
    let deadline = Instant::now() + soak_time();
    let start_rss = rss_kib(server.process.child.id());
    let (mut steps, mut compared, mut broken) = (0u32, 0u32, 0u32);
    let mut extra: Vec<String> = Vec::new();
    while Instant::now() < deadline {
        steps += 1;
        let step = format!("step {steps} (seed {seed})");
        match rng.u8(..6) {
            0 | 1 => write(
                &site.path("content/r/01-first.md"),
                &criterion_md("First", &format!("Prose {}.", rng.u32(..)), rng.u32(..4), 1),
            ),
            2 => {
                let name = format!("content/r/{:02}-added.md", 10 + extra.len());
                write(
                    &site.path(&name),
                    &criterion_md("Added", "Added prose.", 1, 2),
                );
                extra.push(name);
            }
            3 => match extra.pop() {
                Some(name) => std::fs::remove_file(site.path(&name)).unwrap(),
                None => continue,
            },
            4 => write(
                &site.path("content/r/01-first.md"),
                "+++\ntitle = \"Broken\nsummary = \"unclosed\"\n+++\n",
            ),
            _ => {
                let away = site.dir.path().join("content-away");
                std::fs::rename(site.path("content"), &away).unwrap();
                std::thread::sleep(Duration::from_millis(rng.u64(0..400)));
                std::fs::rename(&away, site.path("content")).unwrap();
            }
        }
        let Some(files) = fresh_build(&site.root, &server.base_url()) else {
            broken += 1;
            continue;
        };
        // The server settles within a few rebuild windows.
        let settle = Instant::now() + Duration::from_secs(10);
        let mut difference = first_difference(&server, &files);
        while difference.is_some() && Instant::now() < settle {
            std::thread::sleep(Duration::from_millis(100));
            difference = first_difference(&server, &files);
        }
        if let Some(difference) = difference {
            panic!(
                "{step}: served {difference} differs from a fresh build\nstderr:\n{}",
                server.process.stderr_text()
            );
        }
        compared += 1;
    }
    let end_rss = rss_kib(server.process.child.id());
    eprintln!(
        "serve soak: {steps} steps, {compared} compared with a fresh build, {broken} broken \
         saves, 0 mismatches; RSS {start_rss:?} KiB at start, {end_rss:?} KiB at the end"
    );
    assert!(compared > 0, "no step was compared");
    assert!(!server.process.stderr_text().contains("panicked"));
}
