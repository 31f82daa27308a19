//! `versus serve` end to end: the real binary serves a copy of a site on an
//! ephemeral port, the test edits files like an author (and like their
//! editor), and checks what the server prints, what its event stream says
//! and what it serves.

mod serve_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serve_support::*;

const SPEED: &str = "content/node-vs-python/02-speed/index.md";

/// Appends a paragraph to a file, writing it in place.
fn append(path: &Path, paragraph: &str) {
    let mut text = read(path);
    text.push('\n');
    text.push_str(paragraph);
    text.push('\n');
    write(path, &text);
}

/// The `id`s on a page.
fn ids(html: &str) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("[id]").expect("selector");
    doc.select(&selector)
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect()
}

/// A rebuild line: `PATH changed · WHAT · N ms`.
fn assert_rebuild_line(line: &str, file: &str, what: &str) {
    let prefix = format!("{file} changed · {what} · ");
    assert!(
        line.starts_with(&prefix) && line.ends_with(" ms"),
        "expected a line `{prefix}N ms`, got {line:?}"
    );
}

// 1 ------------------------------------------------------------------------

#[test]
fn editing_a_criterion_reloads_its_report() {
    let site = Site::copy_of_repo_site();
    let server = Server::start(&site.root);
    assert!(
        server.banner.starts_with("Serving ")
            && server
                .banner
                .contains(&format!(" on {} · built in ", server.base_url()))
            && server.banner.ends_with(" ms · Ctrl-C to stop"),
        "banner: {:?}",
        server.banner
    );
    let events = Events::connect(&server.url("/__versus/events"));
    let hello = events.expect_hello();
    assert!(hello.data["message"].is_null(), "hello: {hello:?}");
    assert_eq!(
        hello.data["pages"],
        serde_json::json!([]),
        "hello: {hello:?}"
    );
    assert!(hello.data["assets"].is_object(), "hello: {hello:?}");
    let before = server.page(REPORT);
    let sentence = "Prose written by the serve test, sentence 7421.";
    assert!(!before.contains(sentence));

    append(&site.path(SPEED), sentence);

    let line = server.expect_line();
    assert_rebuild_line(&line, SPEED, "1 page");
    let event = events.expect_kind("reload", "editing a criterion");
    assert_eq!(event.pages(), vec![REPORT.to_string()], "{event:?}");
    assert_ne!(event.data["build"], hello.data["build"], "a new build id");
    let after = server.page(REPORT);
    assert!(after.contains(sentence), "the page has the new prose");
    assert!(
        after.contains("<script src=\"/__versus/live.js\" defer></script></head>"),
        "the live script is injected into the head"
    );
    // One edit, one rebuild.
    server.expect_no_line(Duration::from_millis(200), "one edit");
}

// 2 ------------------------------------------------------------------------

#[test]
fn a_broken_front_matter_keeps_the_last_good_site() {
    let site = Site::copy_of_repo_site();
    let server = Server::start(&site.root);
    let events = server.events();
    let good = server.get(REPORT);
    assert_eq!(good.status, 200);

    let path = site.path(SPEED);
    let original = read(&path);
    let broken = original.replacen("title = \"Speed\"", "title = \"Speed", 1);
    assert_ne!(broken, original);
    write(&path, &broken);

    let line = server.expect_line();
    assert!(
        line.starts_with(&format!("{SPEED} changed · build failed: 1 error · "))
            && line.ends_with(" ms · still serving the last good site"),
        "{line:?}"
    );
    let event = events.expect_kind("error", "breaking the front matter");
    let message = event.message();
    assert!(
        message.contains(&format!("{SPEED}:2")),
        "the error names the file and line 2: {message}"
    );
    // The last good site is still served, unchanged.
    let still = server.get(REPORT);
    assert_eq!(still.status, 200);
    assert_eq!(still.body, good.body, "the last good page is served");
    // A page opened now learns about the error from its hello.
    let late = Events::connect(&server.url("/__versus/events"));
    let hello = late.expect_hello();
    assert!(
        hello.message().contains(&format!("{SPEED}:2")),
        "hello carries the error: {hello:?}"
    );

    let sentence = "Fixed, with a sentence only the fix has: 5580.";
    write(&path, &format!("{original}\n{sentence}\n"));
    let line = server.expect_line();
    assert!(line.starts_with(&format!("{SPEED} changed · ")), "{line:?}");
    assert!(!line.contains("failed"), "{line:?}");
    let event = events.expect_kind("reload", "fixing the front matter");
    assert!(event.pages().contains(&REPORT.to_string()), "{event:?}");
    assert!(server.page(REPORT).contains(sentence));
    let hello = Events::connect(&server.url("/__versus/events")).expect_hello();
    assert!(
        hello.data["message"].is_null(),
        "no error any more: {hello:?}"
    );
}

// 3 ------------------------------------------------------------------------

#[test]
fn criteria_can_be_added_deleted_and_renamed() {
    let site = Site::copy_of_repo_site();
    let server = Server::start(&site.root);
    let events = server.events();
    let report = site.path("content/node-vs-python");
    let wait_until = |why: &str, done: &dyn Fn(&str) -> bool| {
        events.until(WAIT, why, |event| {
            event.kind == "reload" && done(&server.page(REPORT))
        });
    };

    // Add a criterion folder with a sample per contender.
    let dir = report.join("11-testing");
    write(
        &dir.join("index.md"),
        &criterion_md("Testing", "How each one is tested: added-9012.", 1, 1),
    );
    write(
        &dir.join("node.js"),
        "// node-sample-9012\nconsole.log(1);\n",
    );
    write(&dir.join("python.py"), "# python-sample-9012\nprint(1)\n");
    wait_until("adding a criterion folder", &|page| {
        ids(page).contains("testing")
            && page.contains("added-9012")
            && page.contains("node-sample-9012")
            && page.contains("python-sample-9012")
    });

    // Delete one.
    assert!(ids(&server.page(REPORT)).contains("best-suited-apps"));
    std::fs::remove_dir_all(report.join("10-best-suited-apps")).expect("delete");
    wait_until("deleting a criterion", &|page| {
        !ids(page).contains("best-suited-apps")
    });

    // Rename a folder: the anchor follows the name.
    std::fs::rename(report.join("02-speed"), report.join("02-pace")).expect("rename");
    wait_until("renaming a criterion folder", &|page| {
        let ids = ids(page);
        ids.contains("pace") && !ids.contains("speed")
    });

    // Rename a one-file criterion.
    write(
        &report.join("12-docs.md"),
        &criterion_md("Docs", "Documentation: docs-3345.", 0, 1),
    );
    wait_until("adding a one-file criterion", &|page| {
        ids(page).contains("docs")
    });
    std::fs::rename(report.join("12-docs.md"), report.join("12-manuals.md")).expect("rename");
    wait_until("renaming a one-file criterion", &|page| {
        let ids = ids(page);
        ids.contains("manuals") && !ids.contains("docs") && page.contains("docs-3345")
    });
}

// 4 ------------------------------------------------------------------------

/// After a save: exactly one rebuild line and one `reload` event, then
/// silence; the page has `sentence`.
fn expect_one_rebuild(server: &Server, events: &Events, editor: &str, sentence: &str) {
    let line = server.expect_line();
    assert_rebuild_line(&line, SPEED, "1 page");
    let event = events.expect_kind("reload", editor);
    assert_eq!(
        event.pages(),
        vec![REPORT.to_string()],
        "{editor}: {event:?}"
    );
    events.expect_none(QUIET, &format!("one save by {editor}"));
    server.expect_no_line(Duration::from_millis(50), &format!("one save by {editor}"));
    assert!(
        server.page(REPORT).contains(sentence),
        "{editor}: the page has the saved text"
    );
}

#[test]
fn each_editor_save_is_exactly_one_rebuild() {
    let site = Site::copy_of_repo_site();
    let server = Server::start(&site.root);
    let events = server.events();
    let file = site.path(SPEED);
    let dir = file.parent().expect("folder").to_path_buf();
    let original = read(&file);

    // vim (backupcopy=auto): test the folder with 4913, move the file to a
    // backup, write it anew, drop the backup; the swap file changes too.
    let sentence = "Saved by vim: 1101.";
    write(&dir.join(".index.md.swp"), "swap 1");
    write(&dir.join("4913"), "");
    std::fs::remove_file(dir.join("4913")).expect("rm 4913");
    std::fs::rename(&file, dir.join("index.md~")).expect("backup");
    write(&file, &format!("{original}\n{sentence}\n"));
    std::fs::remove_file(dir.join("index.md~")).expect("rm backup");
    write(&dir.join(".index.md.swp"), "swap 2");
    expect_one_rebuild(&server, &events, "vim", sentence);

    // VS Code atomic save: a temporary file renamed over the file.
    let sentence = "Saved by VS Code: 2202.";
    let tmp = dir.join(".index.md.tmp");
    write(&tmp, &format!("{original}\n{sentence}\n"));
    std::fs::rename(&tmp, &file).expect("rename over");
    expect_one_rebuild(&server, &events, "VS Code", sentence);

    // JetBrains safe write: write a temporary file, move the old one
    // aside, move the new one in, delete the old one.
    let sentence = "Saved by JetBrains: 3303.";
    let tmp = dir.join("index.md___jb_tmp___");
    let old = dir.join("index.md___jb_old___");
    write(&tmp, &format!("{original}\n{sentence}\n"));
    std::fs::rename(&file, &old).expect("move aside");
    std::fs::rename(&tmp, &file).expect("move in");
    std::fs::remove_file(&old).expect("rm old");
    expect_one_rebuild(&server, &events, "JetBrains", sentence);

    // In place, like nano.
    let sentence = "Saved in place: 4404.";
    write(&file, &format!("{original}\n{sentence}\n"));
    expect_one_rebuild(&server, &events, "an in-place save", sentence);
}

// 5 ------------------------------------------------------------------------

#[test]
fn swap_and_backup_files_change_nothing() {
    let site = Site::copy_of_repo_site();
    let server = Server::start(&site.root);
    let events = server.events();
    let dir = site.path("content/node-vs-python/02-speed");
    let report = site.path("content/node-vs-python");
    for folder in [&dir, &report] {
        for name in [".index.md.swp", "index.md~", "4913", ".#index.md"] {
            write(&folder.join(name), "not part of the site");
        }
    }
    write(&dir.join(".index.md.swp"), "written again");
    events.expect_none(QUIET, "writing swap and backup files");
    server.expect_no_line(Duration::from_millis(50), "writing swap and backup files");
    for folder in [&dir, &report] {
        for name in [".index.md.swp", "index.md~", "4913", ".#index.md"] {
            std::fs::remove_file(folder.join(name)).expect("rm");
        }
    }
    events.expect_none(QUIET, "deleting swap and backup files");
    server.expect_no_line(Duration::from_millis(50), "deleting swap and backup files");
}

// 6 ------------------------------------------------------------------------

#[test]
fn a_burst_of_two_hundred_files_is_one_rebuild() {
    let site = Site::small();
    let server = Server::start(&site.root);
    let events = server.events();
    let report = site.path("content/r");
    let texts: Vec<(std::path::PathBuf, String)> = (0..200)
        .map(|i| {
            (
                report.join(format!("{:03}-burst-{i}.md", i + 2)),
                criterion_md(&format!("Burst {i}"), &format!("burst-prose-{i}"), 1, 0),
            )
        })
        .collect();
    let started = std::time::Instant::now();
    for (path, text) in &texts {
        std::fs::write(path, text).expect("write");
    }
    let took = started.elapsed();

    let line = server.expect_line();
    let event = events.expect("a burst of 200 files");
    // The debounce must let the burst settle: one rebuild, not several.
    std::thread::sleep(Duration::from_secs(1));
    let mut lines = vec![line];
    while let Some(line) = server.next_line(Duration::from_millis(10)) {
        lines.push(line);
    }
    let mut all = vec![event];
    all.extend(events.settle(Duration::from_millis(10)));
    assert_eq!(
        lines.len(),
        1,
        "a burst of 200 new files (written in {took:?}) must be one rebuild, \
         got {} lines: {lines:#?}",
        lines.len()
    );
    assert!(
        lines[0].starts_with("200 files changed · ") && !lines[0].contains("failed"),
        "{:?}",
        lines[0]
    );
    let kinds: Vec<&str> = all.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["reload"], "one reload event: {all:#?}");
    let page = server.page("/r/");
    let ids = ids(&page);
    for i in 0..200 {
        assert!(
            ids.contains(&format!("burst-{i}")),
            "criterion {i} is shown"
        );
    }
}

// 7 ------------------------------------------------------------------------

/// Files of a folder, relative, with `/` separators.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("inside");
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// `versus build` of the site as it is now, into a fresh folder.
fn clean_build(root: &Path, base_url: &str) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("temp dir");
    let output = out.path().join("public");
    let result = Command::new(versus_bin())
        .args(["build", "--root"])
        .arg(root)
        .args(["--base-url", base_url, "--output"])
        .arg(&output)
        .arg("--no-cache")
        .env("VERSUS_CACHE_DIR", cache.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run versus build");
    assert!(
        result.status.success(),
        "versus build failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let mut files = files_under(&output);
    files.remove(".versus-output");
    files
}

/// The URL paths a page links to on this site (`href` and `src`).
fn local_links(html: &str) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("[href], [src]").expect("selector");
    doc.select(&selector)
        .flat_map(|e| [e.value().attr("href"), e.value().attr("src")])
        .flatten()
        .filter(|l| l.starts_with('/') && !l.starts_with("//") && !l.starts_with("/__versus/"))
        .map(|l| l.split(['#', '?']).next().unwrap_or(l).to_string())
        .collect()
}

/// The output file a URL path is served from.
fn output_key(url_path: &str) -> String {
    let key = url_path.trim_start_matches('/');
    if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_string()
    }
}

/// Compares what the server serves with a clean build, byte for byte.
/// Returns the paths of the clean build, or what differs.
fn compare_with_clean(
    server: &Server,
    step: &str,
    previous: &BTreeSet<String>,
) -> Result<BTreeSet<String>, String> {
    let clean = clean_build(&server.root, &server.base_url());
    let sitemap = clean.get("sitemap.xml").expect("a sitemap");
    let sitemap = String::from_utf8_lossy(sitemap).into_owned();
    let mut paths = BTreeSet::new();
    for url in sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
    {
        let Some(path) = url.strip_prefix(&server.origin) else {
            return Err(format!("{step}: sitemap URL {url} is not on the server"));
        };
        paths.insert(path.to_string());
    }
    if paths.len() < 2 {
        return Err(format!("{step}: the sitemap lists no report: {sitemap}"));
    }
    paths.insert("/404.html".to_string());
    paths.insert("/sitemap.xml".to_string());
    paths.insert("/robots.txt".to_string());
    // The pages, and everything they link to on the site.
    let mut served = BTreeMap::new();
    let mut queue: Vec<String> = paths.iter().cloned().collect();
    while let Some(path) = queue.pop() {
        if served.contains_key(&path) {
            continue;
        }
        let reply = server.get(&path);
        if reply.status != 200 {
            return Err(format!("{step}: GET {path} answered {}", reply.status));
        }
        let mut body = reply.body;
        if path.ends_with('/') || path.ends_with(".html") {
            let html = String::from_utf8(body).expect("utf-8 page");
            queue.extend(local_links(&html));
            body = strip_live_script(&html).into_bytes();
        }
        served.insert(path, body);
    }
    // Every file of the clean build, too.
    for key in clean.keys() {
        let path = format!("/{key}");
        if served.contains_key(&path)
            || served.contains_key(&format!("/{}", key.trim_end_matches("index.html")))
        {
            continue;
        }
        let reply = server.get(&path);
        if reply.status != 200 {
            return Err(format!("{step}: GET {path} answered {}", reply.status));
        }
        let body = if key.ends_with(".html") {
            strip_live_script(&reply.text()).into_bytes()
        } else {
            reply.body
        };
        served.insert(path, body);
    }
    for (path, body) in &served {
        let key = output_key(path);
        let Some(expected) = clean.get(&key) else {
            return Err(format!(
                "{step}: {path} is served (or linked) but a clean build has no {key}"
            ));
        };
        if body != expected {
            return Err(format!(
                "{step}: {path} differs from a clean build\n--- served ---\n{}\n--- clean ---\n{}",
                String::from_utf8_lossy(body),
                String::from_utf8_lossy(expected)
            ));
        }
    }
    // What was served before and a clean build no longer has is gone.
    let now: BTreeSet<String> = clean.keys().map(|k| format!("/{k}")).collect();
    for path in previous.difference(&now) {
        let status = server.get(path).status;
        if status != 404 {
            return Err(format!(
                "{step}: {path} should be gone, but answers {status}"
            ));
        }
    }
    Ok(now)
}

#[test]
fn incremental_rebuilds_match_a_clean_build() {
    let site = Site::copy_of_repo_site();
    let server = Server::start(&site.root);
    let events = server.events();
    let report = site.path("content/node-vs-python");
    let mut served = compare_with_clean(&server, "the first build", &BTreeSet::new())
        .unwrap_or_else(|e| panic!("{e}"));

    type Step = Box<dyn Fn(&Path, &Path)>;
    let steps: Vec<(&str, Step)> = vec![
        (
            "editing prose",
            Box::new(|_, r| append(&r.join("03-syntax/index.md"), "More about syntax.")),
        ),
        (
            "changing points",
            Box::new(|_, r| {
                let path = r.join("04-scalability/index.md");
                let text = read(&path);
                let text = text.replacen("python = 0", "python = 2", 1);
                write(&path, &text);
            }),
        ),
        (
            "editing a sample",
            Box::new(|_, r| append(&r.join("01-architecture/node.js"), "// one more line")),
        ),
        (
            "adding a criterion folder",
            Box::new(|_, r| {
                let dir = r.join("11-testing");
                write(
                    &dir.join("index.md"),
                    &criterion_md("Testing", "Tests.", 1, 1),
                );
                write(&dir.join("node.js"), "console.log('test');\n");
                write(&dir.join("python.py"), "print('test')\n");
            }),
        ),
        (
            "adding a one-file criterion",
            Box::new(|_, r| write(&r.join("12-docs.md"), &criterion_md("Docs", "Docs.", 0, 1))),
        ),
        (
            "deleting a criterion",
            Box::new(|_, r| std::fs::remove_dir_all(r.join("09-community")).expect("rm")),
        ),
        (
            "renaming a one-file criterion",
            Box::new(|_, r| {
                std::fs::rename(r.join("12-docs.md"), r.join("12-manuals.md")).expect("mv")
            }),
        ),
        (
            "renaming a criterion folder",
            Box::new(|_, r| {
                std::fs::rename(r.join("05-extensibility"), r.join("05-plugins")).expect("mv")
            }),
        ),
        (
            "editing the report's introduction and description",
            Box::new(|_, r| {
                let path = r.join("index.md");
                let text = read(&path).replacen(
                    "description = \"",
                    "description = \"Changed by a test. ",
                    1,
                );
                write(&path, &format!("{text}\nOne more introductory sentence.\n"));
            }),
        ),
        (
            "editing the conclusion",
            Box::new(|_, r| append(&r.join("conclusion.md"), "A closing thought.")),
        ),
        (
            "deleting the conclusion",
            Box::new(|_, r| std::fs::remove_file(r.join("conclusion.md")).expect("rm")),
        ),
        (
            "adding a report",
            Box::new(|root, _| {
                let dir = root.join("content/go-vs-rust");
                write(
                    &dir.join("index.md"),
                    "+++\ntitle = \"Go vs Rust\"\ndescription = \"Two compiled languages.\"\n\
                     date = 2026-02-02\n\n[[contenders]]\nid = \"node\"\nname = \"Go\"\n\
                     color = \"#00add8\"\n\n[[contenders]]\nid = \"python\"\nname = \"Rust\"\n\
                     color = \"#dea584\"\n+++\n\nGo and Rust.\n",
                );
                write(
                    &dir.join("01-speed.md"),
                    &criterion_md("Speed", "Both fast.", 1, 1),
                );
            }),
        ),
        (
            "adding a static file",
            Box::new(|root, _| write(&root.join("static/notes.txt"), "static notes\n")),
        ),
        (
            "deleting a report",
            Box::new(|root, _| {
                std::fs::remove_dir_all(root.join("content/go-vs-rust")).expect("rm")
            }),
        ),
        (
            "changing the site title",
            Box::new(|root, _| {
                let path = root.join("versus.toml");
                let text = read(&path).replacen("title = \"versus\"", "title = \"Versus!\"", 1);
                write(&path, &text);
            }),
        ),
    ];
    for (step, apply) in steps {
        apply(&site.root, &report);
        let first = events.expect(step);
        let mut all = vec![first];
        all.extend(events.settle(Duration::from_millis(200)));
        // A step of several files may be seen as more than one rebuild: when
        // the output differs, give a rebuild still under way time to land.
        served = loop {
            let last = all.last().expect("an event");
            assert_eq!(last.kind, "reload", "{step}: the site builds: {all:#?}");
            match compare_with_clean(&server, step, &served) {
                Ok(now) => break now,
                Err(difference) => match events.next(Duration::from_secs(2)) {
                    Some(event) => {
                        all.push(event);
                        all.extend(events.settle(Duration::from_millis(200)));
                    }
                    None => panic!("{difference}"),
                },
            }
        };
    }
}

// 8 ------------------------------------------------------------------------

#[test]
fn http_types_redirects_not_found_and_escapes() {
    let site = Site::copy_of_repo_site();
    let server = Server::start(&site.root);

    let page = server.get(REPORT);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    let html = page.text();
    let doc = scraper::Html::parse_document(&html);
    let attr = |selector: &str, name: &str| -> String {
        let selector = scraper::Selector::parse(selector).expect("selector");
        doc.select(&selector)
            .next()
            .and_then(|e| e.value().attr(name))
            .unwrap_or_else(|| panic!("no {name} on the page"))
            .to_string()
    };

    // base_url is the server's.
    let canonical = attr("link[rel=canonical]", "href");
    assert_eq!(canonical, server.url(REPORT), "the canonical link");

    let stylesheet = attr("link[rel=stylesheet]", "href");
    let script = attr("script[src^='/assets/']", "src");
    let cases = [
        (stylesheet.as_str(), "text/css"),
        (script.as_str(), "javascript"),
        ("/node-vs-python/infographic.svg", "image/svg+xml"),
        ("/__versus/live.js", "javascript"),
        ("/", "text/html"),
        ("/sitemap.xml", "xml"),
    ];
    for (path, expected) in cases {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "GET {path}");
        assert!(
            reply.header("content-type").contains(expected),
            "GET {path}: Content-Type {:?}, expected {expected}",
            reply.header("content-type")
        );
    }
    let live = server.get("/__versus/live.js").text();
    assert!(live.contains("EventSource"), "the live script");

    // A folder without its slash is redirected.
    let reply = server.get("/node-vs-python");
    assert_eq!(reply.status, 301, "GET /node-vs-python");
    assert_eq!(reply.header("location"), "/node-vs-python/");

    // Unknown paths get the theme's 404 page.
    let not_found = server.get("/no-such-page/");
    assert_eq!(not_found.status, 404);
    assert_eq!(not_found.header("content-type"), "text/html; charset=utf-8");
    let page_404 = server.get("/404.html");
    assert_eq!(page_404.status, 200);
    assert_eq!(
        not_found.body, page_404.body,
        "the 404 body is the theme's 404 page"
    );
    assert!(not_found.text().contains("/__versus/live.js"));

    // The sources are not served: the site is served from memory.
    for path in [
        "/versus.toml",
        "/content/node-vs-python/index.md",
        "/public/index.html",
    ] {
        assert_eq!(server.get(path).status, 404, "GET {path}");
    }

    // Paths that try to leave the site.
    for target in [
        "/../etc/passwd",
        "/../../../../../../etc/passwd",
        "/node-vs-python/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2fetc%2fpasswd",
        "/..%5c..%5cetc",
        "/..%5c..%5cetc%5cpasswd",
        "/..\\..\\etc\\passwd",
        "//etc/passwd",
        "/%2f%2fetc%2fpasswd",
        "/./versus.toml",
        "/%00/etc/passwd",
    ] {
        let (status, answer) = raw_get(server.port, target);
        assert!(
            status == 403 || status == 404 || status == 400,
            "GET {target}: status {status}\n{answer}"
        );
        assert!(
            !answer.contains("root:") && !answer.contains("base_url"),
            "GET {target} leaked a file:\n{answer}"
        );
    }
    for target in [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%5c..%5cetc",
    ] {
        let (status, answer) = raw_get(server.port, target);
        assert_eq!(status, 403, "GET {target}:\n{answer}");
    }
}

#[test]
fn a_symlink_out_of_the_site_made_while_serving_is_an_error() {
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("secret.txt");
    write(&secret, "SECRET-8842\n");

    // The rebuild must fail, naming the link (static files may not come
    // from outside the site); nothing leaks.
    let site = Site::copy_of_repo_site();
    write(&site.path("static/ok.txt"), "fine\n");
    let server = Server::start(&site.root);
    let events = server.events();
    assert_eq!(server.get("/ok.txt").text(), "fine\n");
    std::os::unix::fs::symlink(&secret, site.path("static/secret.txt")).expect("symlink");
    let event = events.expect("linking a file from outside the site");
    let reply = server.get("/secret.txt");
    assert!(
        !reply.text().contains("SECRET-8842"),
        "a linked file from outside the site is served"
    );
    assert_eq!(
        event.kind, "error",
        "a symlink in static/ to a file outside the site must fail the rebuild; \
         got {event:?}"
    );
    assert!(
        event.message().contains("static/secret.txt"),
        "the error names the link: {}",
        event.message()
    );
    let line = server.expect_line();
    assert!(line.contains("build failed"), "{line:?}");
    let reply = server.get("/secret.txt");
    assert_eq!(reply.status, 404);
    assert!(!reply.text().contains("SECRET-8842"));
}

#[test]
fn a_symlink_out_of_the_site_at_start_is_never_served() {
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("secret.txt");
    write(&secret, "SECRET-8842\n");
    let site = Site::copy_of_repo_site();
    std::fs::create_dir_all(site.path("static")).expect("mkdir");
    std::os::unix::fs::symlink(&secret, site.path("static/secret.txt")).expect("symlink");
    let server = Server::start(&site.root);
    let hello = Events::connect(&server.url("/__versus/events")).expect_hello();
    for path in ["/secret.txt", "/static/secret.txt"] {
        let reply = server.get(path);
        assert_ne!(reply.status, 200, "GET {path}");
        assert!(!reply.text().contains("SECRET-8842"), "GET {path} leaked");
    }
    // The build must fail, naming the link.
    assert!(
        hello.message().contains("static/secret.txt"),
        "a symlink in static/ to a file outside the site must be an error naming it; \
         hello: {hello:?}"
    );
    assert!(
        server.process.stderr_text().contains("static/secret.txt"),
        "stderr names the link: {}",
        server.process.stderr_text()
    );
    // With no good build yet, no page is served, only the error.
    for path in ["/", REPORT] {
        let reply = server.get(path);
        assert_eq!(reply.status, 503, "GET {path}");
        assert!(reply.text().contains("static/secret.txt"), "GET {path}");
    }
}

// 9 ------------------------------------------------------------------------

#[test]
fn a_taken_port_is_refused_and_a_public_bind_warns() {
    let site = Site::small();
    let server = Server::start(&site.root);
    let port = server.port.to_string();
    let root = site.root.to_str().expect("utf-8");

    let cache = tempfile::tempdir().expect("temp dir");
    let mut second = Running::spawn(&["serve", "--root", root, "--port", &port], cache.path());
    let status = second
        .wait_exit(Duration::from_secs(10))
        .expect("a second server on a taken port exits");
    assert!(!status.success(), "exit status {status:?}");
    let stderr = second.stderr_text();
    // The stderr thread may lag the exit by a moment.
    let stderr = if stderr.contains("already in use") {
        stderr
    } else {
        std::thread::sleep(Duration::from_millis(200));
        second.stderr_text()
    };
    assert!(stderr.contains("already in use"), "stderr: {stderr}");
    assert!(stderr.contains(&port), "stderr names the port: {stderr}");

    let public = Server::start_with(&site.root, &["--bind", "0.0.0.0"]);
    let deadline = std::time::Instant::now() + WAIT;
    while !public.process.stderr_text().contains("warning") && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let stderr = public.process.stderr_text();
    assert!(
        stderr.contains("warning") && stderr.contains("0.0.0.0"),
        "a public bind warns: {stderr:?}"
    );
    assert_eq!(public.get("/r/").status, 200);
}

// 10 -----------------------------------------------------------------------

#[test]
fn a_stylesheet_change_swaps_the_stylesheet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("mine");
    let cache = tempfile::tempdir().expect("temp dir");
    let init = Command::new(versus_bin())
        .arg("init")
        .arg(&root)
        .arg("--with-theme")
        .env("VERSUS_CACHE_DIR", cache.path())
        .output()
        .expect("versus init");
    assert!(
        init.status.success(),
        "versus init: {}",
        String::from_utf8_lossy(&init.stderr)
    );
    let css = root.join("themes/default/static/style.css");
    assert!(css.is_file(), "init --with-theme writes the theme");

    let server = Server::start(&root);
    let events = server.events();
    let home = server.page("/");
    let old = local_links(&home)
        .into_iter()
        .find(|l| l.starts_with("/assets/style.") && l.ends_with(".css"))
        .expect("the stylesheet");

    append(&css, ".serve-test-rule { color: #123456; }");

    let event = events.expect("editing the stylesheet");
    assert_eq!(
        event.kind, "css",
        "a stylesheet change is a css event: {event:?}"
    );
    let assets = event.assets();
    let new = assets.get("style.css").expect("style.css in the assets");
    assert!(
        new.starts_with("/assets/style.") && new.ends_with(".css"),
        "{new}"
    );
    assert_ne!(new, &old, "the stylesheet has a new name");
    let reply = server.get(new);
    assert_eq!(reply.status, 200);
    assert!(reply.header("content-type").starts_with("text/css"));
    assert!(reply.text().contains(".serve-test-rule"));
    assert!(
        server.page("/").contains(new.as_str()),
        "pages link the new one"
    );
    let line = server.expect_line();
    assert_rebuild_line(&line, "themes/default/static/style.css", "stylesheet");
    events.expect_none(Duration::from_millis(300), "one stylesheet change");
}

// 11 -----------------------------------------------------------------------

/// Sends SIGINT, as Ctrl-C does, and waits up to 5 s for the exit.
fn ctrl_c(server: &mut Server) -> std::process::ExitStatus {
    let pid = server.process.child.id().to_string();
    let kill = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(kill.success());
    let status = server.process.wait_exit(Duration::from_secs(5));
    status.unwrap_or_else(|| {
        panic!(
            "versus serve did not stop within 5 s of Ctrl-C (SIGINT); stdout: {:?}",
            server.process.stdout.lock().expect("lock")
        )
    })
}

#[test]
fn ctrl_c_stops_cleanly_and_writes_nothing() {
    let site = Site::copy_of_repo_site();
    let before = tree(site.dir.path());
    let mut server = Server::start(&site.root);
    assert_eq!(server.get(REPORT).status, 200);
    assert_eq!(server.get("/").status, 200);
    let status = ctrl_c(&mut server);
    assert!(status.success(), "Ctrl-C exits with 0: {status:?}");
    let after = tree(site.dir.path());
    assert_eq!(
        before, after,
        "versus serve wrote nothing next to or into the site"
    );
}

#[test]
fn ctrl_c_stops_while_a_page_is_open() {
    let site = Site::copy_of_repo_site();
    let before = tree(site.dir.path());
    let mut server = Server::start(&site.root);
    // An open page keeps its event stream connected.
    let _events = server.events();
    assert_eq!(server.get(REPORT).status, 200);
    let status = ctrl_c(&mut server);
    assert!(status.success(), "Ctrl-C exits with 0: {status:?}");
    let after = tree(site.dir.path());
    assert_eq!(
        before, after,
        "versus serve wrote nothing next to or into the site"
    );
}

#[test]
fn a_redirect_to_the_folder_keeps_the_query() {
    let site = Site::small();
    let server = Server::start(&site.root);
    let (status, answer) = raw_get(server.port, "/r?w=390");
    assert_eq!(status, 301, "{answer}");
    assert!(
        answer
            .lines()
            .any(|l| l.eq_ignore_ascii_case("location: /r/?w=390")),
        "the width asked for survives the redirect: {answer}"
    );
    let (_, answer) = raw_get(server.port, "/r");
    assert!(
        answer
            .lines()
            .any(|l| l.eq_ignore_ascii_case("location: /r/")),
        "{answer}"
    );
}
