//! Memory of a long preview: starts `versus serve` on a small site of its
//! own, saves one criterion again and again, each save with code blocks no
//! earlier save had, and prints the server's resident memory as it goes.
//!
//! Usage: `cargo run --release --example serve_memory -- [EDITS] [EVERY]`
//! (1,600 edits by default, a line every 100). It runs the release binary
//! `target/release/versus` (or the one `VERSUS_BIN` names): build it first.
//! The site and the highlight cache live in a temporary folder. Environment
//! variables reach the server, so allocator options (`MIMALLOC_…`) can be
//! tried without a rebuild.
//!
//! Each save replaces the code blocks, so the site itself stays the same
//! size: memory that keeps growing is memory the server keeps for versions
//! of the site that are gone.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The server, killed when the measurement ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let edits: usize = args
        .next()
        .map_or(1600, |n| n.parse().expect("EDITS is a number"));
    let every: usize = args
        .next()
        .map_or(100, |n| n.parse().expect("EVERY is a number"));
    // Another binary (an earlier commit's, say) can be measured the same way.
    let versus = std::env::var_os("VERSUS_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/versus"),
        PathBuf::from,
    );

    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join("site");
    let criterion = write_site(&site);

    let mut child = Command::new(&versus)
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .env("VERSUS_CACHE_DIR", dir.path().join("cache"))
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start versus serve (build it with cargo build --release first)");
    let stdout = child.stdout.take().expect("piped");
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    // The banner names the address; a wrapper (a heap profiler) may print
    // lines of its own first.
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split_whitespace()
                .find(|w| w.starts_with("http://"))
                .map(str::to_string)
        })
        .expect("the banner has the address");
    std::thread::spawn(move || for _ in lines {});

    let (tx, rx) = mpsc::channel();
    let events = format!("{url}__versus/events");
    std::thread::spawn(move || {
        let response = ureq::get(&events).call().expect("event stream");
        let reader = BufReader::new(response.into_body().into_reader());
        for line in reader.lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ")
                && tx.send(name.to_string()).is_err()
            {
                return;
            }
        }
    });
    let hello = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("hello event");
    assert_eq!(hello, "hello");

    let pid = server.0.id();
    let started = Instant::now();
    println!("edits  RSS MiB  peak MiB  seconds");
    print_row(0, pid, started);
    for edit in 1..=edits {
        std::fs::write(&criterion, criterion_text(edit)).expect("save the criterion");
        loop {
            let name = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("an event after a save");
            match name.as_str() {
                "reload" => break,
                "error" => panic!("edit {edit} did not build"),
                _ => {}
            }
        }
        // Let the watcher settle so that saves do not merge.
        std::thread::sleep(Duration::from_millis(20));
        if edit % every == 0 || edit == edits {
            print_row(edit, pid, started);
        }
    }
}

fn print_row(edits: usize, pid: u32, started: Instant) {
    let (rss, peak) = memory(pid);
    println!(
        "{edits:>5}  {:>7.1}  {:>8.1}  {:>7.1}",
        rss as f64 / 1024.0,
        peak as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    );
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

/// Writes a one-report site and returns the criterion that is edited.
fn write_site(site: &Path) -> PathBuf {
    let write = |relative: &str, text: &str| {
        let path = site.join(relative);
        std::fs::create_dir_all(path.parent().expect("inside the site")).expect("create folder");
        std::fs::write(&path, text).expect("write");
        path
    };
    write(
        "versus.toml",
        "title = \"Memory\"\nbase_url = \"https://example.org/\"\n",
    );
    write(
        "content/r/index.md",
        "+++\ntitle = \"Node.js vs Python\"\ndescription = \"Edited again and again.\"\n\
         date = 2026-01-01\n\n[[contenders]]\nid = \"node\"\nname = \"Node.js\"\n\
         color = \"#417e38\"\n\n[[contenders]]\nid = \"python\"\nname = \"Python\"\n\
         color = \"#3572a5\"\n+++\n\nThe introduction.\n",
    );
    write("content/r/02-still.md", &criterion_with("Still", 0));
    write("content/r/01-edited.md", &criterion_text(0))
}

/// The edited criterion after `edit` saves: three code blocks that hold the
/// edit's number, so that none was highlighted before.
fn criterion_text(edit: usize) -> String {
    criterion_with("Edited", edit)
}

fn criterion_with(title: &str, edit: usize) -> String {
    let mut text = format!(
        "+++\ntitle = \"{title}\"\nsummary = \"What {title} measures.\"\n\n[points]\n\
         node = 1\npython = 0\n+++\n\nSave number {edit}.\n"
    );
    text.push_str("\n```js\n");
    for line in 0..30 {
        text.push_str(&format!(
            "const value{line} = await fetch(`/items/{edit}/{line}`).then((r) => r.json());\n"
        ));
    }
    text.push_str("```\n\n```python\n");
    for line in 0..30 {
        text.push_str(&format!(
            "value_{line} = requests.get(f\"/items/{edit}/{line}\").json()  # save {edit}\n"
        ));
    }
    text.push_str("```\n\n```rust\n");
    for line in 0..30 {
        text.push_str(&format!(
            "let value_{line}: Vec<u32> = (0..{edit}).map(|n| n * {line}).collect();\n"
        ));
    }
    text.push_str("```\n");
    text
}
