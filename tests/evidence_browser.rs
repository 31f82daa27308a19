//! Output panels and the measured chart of the real report in a real
//! browser: `versus build` of a copy of site/, served over HTTP on
//! 127.0.0.1, checked by tests/browser/evidence.mjs in the system Chromium
//! (through playwright-core) at 320 and 1280 px in light and dark, and by
//! the Nu HTML checker (vnu.jar from the vnu-jar package) on the built page
//! and on its DOM after the scripts ran.
//!
//! Needs Chromium, Java and the npm packages of tests/browser; .ci/run
//! installs them (the reader's browser test installs the same when missing).

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{TestSite, repo_root, run_in};

/// Serves `root` (a built site) on `listener` until the test ends: `/x/`
/// is `x/index.html`; anything missing is a 404.
fn serve_forever(listener: TcpListener, root: PathBuf) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &root);
            });
        }
    });
}

fn answer(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let safe = !path.split('/').any(|s| s == "..");
    let (status, body) = match std::fs::read(&file) {
        Ok(body) if safe => ("200 OK", body),
        _ => ("404 Not Found", Vec::new()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

fn run_checked(command: &mut Command, what: &str) -> String {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{what} failed:\n{text}");
    text
}

#[test]
fn output_panels_and_the_chart_read_well_in_a_real_browser() {
    let dir = repo_root().join("tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "no /usr/bin/chromium (apt-get install chromium)"
    );
    if !dir
        .join("node_modules/playwright-core/package.json")
        .is_file()
        || !dir
            .join("node_modules/vnu-jar/build/dist/vnu.jar")
            .is_file()
    {
        run_checked(
            Command::new("npm")
                .args([
                    "ci",
                    "--ignore-scripts",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                ])
                .arg(&dir)
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
            "npm ci --prefix tests/browser",
        );
    }
    let site = TestSite::real();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let out = site.dir().join("out");
    let base = format!("http://127.0.0.1:{port}/");
    run_in(
        None,
        &[
            "build",
            "--root",
            site.root.to_str().unwrap(),
            "--base-url",
            &base,
            "--output",
            out.to_str().unwrap(),
        ],
        &[],
    )
    .assert_success();
    serve_forever(listener, out.clone());

    let dumps = site.dir().join("dom");
    std::fs::create_dir_all(&dumps).unwrap();
    let report = run_checked(
        Command::new("node")
            .arg(dir.join("evidence.mjs"))
            .arg(format!("{base}node-vs-python/"))
            .arg(&dumps)
            .current_dir(&dir),
        "evidence.mjs",
    );
    println!("{report}");
    assert!(
        report.contains("ok   320 px dark: smallest chart text"),
        "{report}"
    );

    let jar = dir.join("node_modules/vnu-jar/build/dist/vnu.jar");
    run_checked(
        Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--format", "text"])
            .arg(out.join("node-vs-python/index.html"))
            .arg(dumps.join("evidence-report.html")),
        "vnu on the built report and its DOM",
    );
}
