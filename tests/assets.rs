//! Colocated assets and the link check of `versus build` and `versus
//! serve`: files beside a report's Markdown are published beside its page,
//! and a link or image that leads nowhere stops the build at the Markdown
//! line that wrote it.

mod serve_support;

use std::time::Duration;

use serve_support::{Events, Server, Site, criterion_md, read, write};

const CHART: &[u8] = b"\x89PNG\r\n\x1a\n a stand-in for a chart";
const LOGO: &[u8] = b"<svg xmlns='http://www.w3.org/2000/svg'/>";

/// The small site with a logo beside the report and a criterion folder
/// holding an image, a PDF and both samples.
fn site_with_assets() -> Site {
    let site = Site::small();
    let index = read(&site.path("content/r/index.md"));
    write(
        &site.path("content/r/index.md"),
        &index.replacen(
            "color = \"#417e38\"\n",
            "color = \"#417e38\"\nlogo = \"node.svg\"\n",
            1,
        ),
    );
    std::fs::write(site.path("content/r/node.svg"), LOGO).unwrap();
    write(
        &site.path("content/r/02-speed/index.md"),
        &criterion_md(
            "Speed",
            "![Requests per second](chart.png)\n\nThe [raw numbers](data/numbers.csv) \
             and [the Node.js sample](node.js).\n\n<!-- versus:samples -->",
            1,
            1,
        ),
    );
    std::fs::write(site.path("content/r/02-speed/chart.png"), CHART).unwrap();
    write(
        &site.path("content/r/02-speed/data/numbers.csv"),
        "node,python\n1,2\n",
    );
    write(
        &site.path("content/r/02-speed/node.js"),
        "console.log(1);\n",
    );
    write(&site.path("content/r/02-speed/python.py"), "print(1)\n");
    site
}

fn build(site: &Site, command: &str) -> std::process::Output {
    let cache = tempfile::tempdir().unwrap();
    std::process::Command::new(serve_support::versus_bin())
        .args([command, "--root", site.root.to_str().unwrap()])
        .env("VERSUS_CACHE_DIR", cache.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run versus")
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn files_beside_the_markdown_are_published_beside_the_report_page() {
    let site = site_with_assets();
    let output = build(&site, "build");
    assert!(output.status.success(), "{}", stderr(&output));
    let public = site.path("public");
    assert_eq!(
        std::fs::read(public.join("r/02-speed/chart.png")).unwrap(),
        CHART
    );
    assert_eq!(std::fs::read(public.join("r/node.svg")).unwrap(), LOGO);
    assert!(public.join("r/02-speed/data/numbers.csv").is_file());
    // A sample is published because the prose links to it; the other is not.
    assert_eq!(
        std::fs::read(public.join("r/02-speed/node.js")).unwrap(),
        b"console.log(1);\n",
        "a linked sample is published as it is on disk"
    );
    assert!(
        !public.join("r/02-speed/python.py").exists(),
        "a sample nobody links to stays unpublished"
    );
    assert!(
        !public.join("r/02-speed/index.md").exists(),
        "Markdown is never copied"
    );
    // Links read from the Markdown file's folder and resolve from the page.
    let page = read(&public.join("r/index.html"));
    assert!(page.contains(r#"src="02-speed/chart.png""#), "{page}");
    assert!(page.contains(r#"href="02-speed/data/numbers.csv""#));
    assert!(page.contains(r#"src="/r/node.svg""#), "the logo: {page}");
}

#[test]
fn a_missing_image_fails_the_build_at_its_line_and_writes_nothing() {
    let site = site_with_assets();
    std::fs::remove_file(site.path("content/r/02-speed/chart.png")).unwrap();
    let output = build(&site, "build");
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    // `criterion_md` puts the prose on line 10.
    assert!(
        text.contains("content/r/02-speed/index.md:10:"),
        "the Markdown line that wrote it: {text}"
    );
    assert!(
        text.contains("no file r/02-speed/chart.png in the output"),
        "{text}"
    );
    assert!(text.contains("help:"), "a fix is suggested: {text}");
    assert!(text.contains("nothing was written"), "{text}");
    assert!(!site.path("public").exists(), "no output on failure");
}

#[test]
fn a_missing_anchor_fails_the_build_and_check_stays_a_dry_run() {
    let site = Site::small();
    write(
        &site.path("content/r/01-first.md"),
        &criterion_md("First", "See [the verdict](#verdikt).", 1, 0),
    );
    let check = build(&site, "check");
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("content/r/01-first.md:10:"),
        "{}",
        stderr(&check)
    );
    assert!(!site.path("public").exists(), "check writes nothing");
    let output = build(&site, "build");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no element with id \"verdikt\""));
    assert!(!site.path("public").exists());
}

#[test]
fn external_links_are_never_fetched() {
    let site = Site::small();
    // Nothing listens on port 9 of a reserved test address: fetching it
    // would fail or hang, and the build must do neither.
    write(
        &site.path("content/r/01-first.md"),
        &criterion_md(
            "First",
            "![remote](http://192.0.2.1:9/chart.png) [docs](https://192.0.2.1/x)",
            1,
            0,
        ),
    );
    let started = std::time::Instant::now();
    let output = build(&site, "build");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn serve_shows_a_broken_image_and_keeps_the_last_good_site() {
    let site = site_with_assets();
    let server = Server::start(&site.root);
    let events = server.events();
    let good = server.get("/r/");
    assert_eq!(good.status, 200);
    assert_eq!(server.get("/r/02-speed/chart.png").status, 200);

    let path = site.path("content/r/02-speed/index.md");
    let text = read(&path);
    write(&path, &text.replace("(chart.png)", "(chrat.png)"));
    let event = events.expect_kind("error", "linking a missing image");
    let message = event.message();
    assert!(
        message.contains("content/r/02-speed/index.md:10:") && message.contains("chrat.png"),
        "the overlay names the line: {message}"
    );
    let still = server.get("/r/");
    assert_eq!(still.body, good.body, "the last good page is still served");

    write(&path, &text);
    events.expect_kind("reload", "fixing the link");
    let late = Events::connect(&server.url("/__versus/events")).expect_hello();
    assert!(late.data["message"].is_null(), "{late:?}");
}

#[test]
fn a_new_image_beside_a_criterion_is_served_after_a_save() {
    let site = site_with_assets();
    let server = Server::start(&site.root);
    let events = server.events();
    std::fs::write(site.path("content/r/02-speed/second.png"), CHART).unwrap();
    let path = site.path("content/r/02-speed/index.md");
    let text = read(&path);
    write(&path, &format!("{text}\n![Second](second.png)\n"));
    events.until(
        Duration::from_secs(20),
        "the page with the new image",
        |e| e.kind == "reload" && e.pages().contains(&"/r/".to_string()),
    );
    let image = server.get("/r/02-speed/second.png");
    assert_eq!(image.status, 200);
    assert_eq!(image.body, CHART);
}
