//! Live reload in a real browser: `versus serve` on a copy of site/, and
//! tests/browser/live-reload.mjs driving the system Chromium through
//! playwright-core (which never downloads a browser).
//!
//! Installs what it needs when missing: Chromium from Debian's packages,
//! playwright-core from tests/browser/package-lock.json.

mod serve_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serve_support::*;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs a command to completion; panics with its output when it fails.
fn run(command: &mut Command, what: &str) {
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
}

fn ensure_chromium() {
    if Path::new(CHROMIUM).exists() {
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
            .args(["install", "-y", "--no-install-recommends", "chromium"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install chromium",
    );
    assert!(
        Path::new(CHROMIUM).exists(),
        "no {CHROMIUM} after installing"
    );
}

fn ensure_playwright(dir: &Path) {
    if dir
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
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
        "npm ci --prefix tests/browser",
    );
}

#[test]
fn live_reload_patches_the_open_page() {
    let dir: PathBuf = repo_root().join("tests/browser");
    ensure_chromium();
    ensure_playwright(&dir);

    let site = Site::copy_of_repo_site();
    let server = Server::start(&site.root);
    // Waiting for the hello means the watcher is running.
    let _events = server.events();

    let mut script = Running::spawn_command(
        Command::new("node")
            .arg(dir.join("live-reload.mjs"))
            .arg(server.base_url())
            .arg(&site.root)
            .current_dir(&dir),
    );
    let status = script.wait_exit(Duration::from_secs(60));
    // Let the output threads catch the last lines.
    std::thread::sleep(Duration::from_millis(100));
    let stdout = script.stdout.lock().expect("lock").join("\n");
    let stderr = script.stderr_text();
    let Some(status) = status else {
        panic!("live-reload.mjs did not finish within 60 s\n{stdout}\n{stderr}");
    };
    assert!(
        status.success(),
        "live-reload.mjs failed ({status}):\n{stdout}\n{stderr}\nversus serve said:\n{}\n{}",
        server.process.stdout.lock().expect("lock").join("\n"),
        server.process.stderr_text()
    );
    println!("{stdout}");
}
