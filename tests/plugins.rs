//! The plugin system: the built-in plugins through the `Plugin` trait, the
//! `[plugins]` table of versus.toml, external plugins (the JSON protocol,
//! their diagnostics, their standard error, and everything a misbehaving one
//! can do), the example plugins of `site/`, `versus serve`, and versus
//! embedded as a library (`examples/embed.rs`).
//!
//! Every site is built in a temporary folder, with the highlight cache off
//! (`--no-cache`) or in a temporary folder. The plugins these tests run are
//! the small scripts in `tests/fixtures/plugins/`, copied into each site's
//! `plugins/` folder.

mod common;
mod serve_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{ElementRef, Html, Selector};

use common::{Run, TestSite, run_in, snapshot, staging_leftovers, versus};

/// The start of every `versus.toml` here.
const BASE: &str = "title = \"Plugin tests\"\nbase_url = \"https://example.org/\"\n";
/// The report page of the `basic` fixture.
const REPORT: &str = "r/index.html";
/// Its first criterion's file.
const ARCHITECTURE: &str = "content/r/01-architecture/index.md";
/// Every hook, for the failures any hook can meet.
const ALL_HOOKS: [&str; 3] = ["reports", "pages", "output"];

// ------------------------------------------------------------------ helpers

fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e:?}"))
}

/// The element's text with runs of white space collapsed.
fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector)).map(text).collect()
}

fn count(doc: &Html, selector: &str) -> usize {
    doc.select(&sel(selector)).count()
}

/// The `basic` fixture (one report `r`, two criteria, two samples) with this
/// `versus.toml` after [`BASE`], and these scripts of
/// `tests/fixtures/plugins/` in its `plugins/` folder.
fn site_with(config: &str, scripts: &[&str]) -> TestSite {
    let site = TestSite::fixture("basic");
    site.write("versus.toml", format!("{BASE}{config}"));
    for script in scripts {
        install(&site, script);
    }
    site
}

/// Copies `tests/fixtures/plugins/<script>` to `<site>/plugins/<script>`.
fn install(site: &TestSite, script: &str) {
    let from = common::fixture_dir("plugins").join(script);
    let text = std::fs::read(&from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    site.write(&format!("plugins/{script}"), text);
}

/// `["a", "b"]` as TOML.
fn toml_list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    format!("[{}]", items.join(", "))
}

/// A `[plugins.<name>]` table.
fn plugin_table(
    name: &str,
    enabled: bool,
    command: &[&str],
    hooks: &[&str],
    extra: &str,
) -> String {
    format!(
        "\n[plugins.{name}]\nenabled = {enabled}\ncommand = {}\nhooks = {}\n{extra}",
        toml_list(command),
        toml_list(hooks)
    )
}

/// The 1-based number of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
        + 1
}

/// Asserts that a diagnostic points exactly at `file:line:column`.
fn assert_position(run: &Run, file: &str, line: usize, column: usize) {
    let wanted = format!("{file}:{line}:{column}");
    assert!(
        run.locations().contains(&wanted),
        "expected a diagnostic at `{wanted}`, found locations {:?}\n{run}",
        run.locations()
    );
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".to_string())
}

/// Runs `check` once per hook, and fails with the hooks it failed for (all
/// of them are tried, so one run reports every hook that misbehaves).
fn for_each_hook(hooks: &[&str], check: impl Fn(&str)) {
    let mut failed = Vec::new();
    for hook in hooks {
        if let Err(panic) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(hook))) {
            failed.push(format!(
                "=== with hooks = [\"{hook}\"]:\n{}",
                panic_text(&*panic)
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "failed for {} of {} hooks:\n{}",
        failed.len(),
        hooks.len(),
        failed.join("\n\n")
    );
}

/// Local URLs (`/…`) that a page links to or loads.
fn local_urls(doc: &Html) -> Vec<String> {
    let mut urls = Vec::new();
    for (selector, attribute) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("img[src]", "src"),
        ("script[src]", "src"),
        ("source[srcset]", "srcset"),
    ] {
        for element in doc.select(&sel(selector)) {
            let url = element.value().attr(attribute).unwrap_or("");
            if url.starts_with('/') && !url.starts_with("//") {
                urls.push(url.to_string());
            }
        }
    }
    urls
}

/// Whether a local URL names a file of the output folder `out`.
fn resolves(out: &Path, url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    let file = if path.is_empty() || path.ends_with('/') {
        out.join(path).join("index.html")
    } else {
        out.join(path)
    };
    file.is_file()
}

/// The width attribute of an SVG document.
fn svg_width(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("bad SVG ({e}):\n{svg}"));
    doc.root_element()
        .attribute("width")
        .expect("the SVG has a width")
        .to_string()
}

// ------------------------------------------------------- 1. built-in plugins

#[test]
fn the_default_built_ins_add_scoreboard_samples_infographic_sitemap_and_netlify_files() {
    let site = site_with("", &[]);
    site.build_ok(&[]);
    let out = site.public();
    let doc = Html::parse_document(&site.output(REPORT));

    // scoreboard
    let verdict = texts(&doc, ".verdict-headline");
    assert_eq!(verdict, ["Node.js wins"], "the verdict of the scoreboard");
    assert_eq!(
        texts(&doc, ".verdict-score"),
        ["Node.js 2 – 1 Python"],
        "the final score"
    );
    // samples
    let figures: Vec<String> = doc
        .select(&sel("figure.vs-sample"))
        .map(|f| f.value().attr("data-contender").unwrap_or("").to_string())
        .collect();
    assert_eq!(figures, ["node", "python"], "one sample per contender");
    // infographic
    let svg = site.output("r/infographic.svg");
    assert_eq!(svg_width(&svg), "960", "the default width");
    assert_eq!(
        count(&doc, "a[href=\"/r/infographic.svg\"]"),
        1,
        "the page links the infographic"
    );
    // sitemap and robots.txt
    let sitemap = site.output("sitemap.xml");
    let xml = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is XML");
    let locs: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        locs,
        ["https://example.org/", "https://example.org/r/"],
        "{sitemap}"
    );
    assert!(
        site.output("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml"),
        "robots.txt points at the sitemap"
    );
    // netlify
    assert!(site.output("_headers").contains("Cache-Control"));
    assert!(site.output("_redirects").contains("/404.html  404"));
    assert!(out.join("404.html").is_file());
}

#[test]
fn with_every_built_in_off_the_site_is_a_plain_complete_site() {
    let off: String = ["samples", "scoreboard", "infographic", "sitemap", "netlify"]
        .iter()
        .map(|name| format!("\n[plugins.{name}]\nenabled = false\n"))
        .collect();
    let site = site_with(&off, &[]);
    let run = site.build_ok(&[]);
    assert!(
        !run.stderr.contains("warning"),
        "turning plugins off is no reason to warn\n{run}"
    );
    let out = site.public();
    for gone in [
        "r/infographic.svg",
        "sitemap.xml",
        "robots.txt",
        "_headers",
        "_redirects",
    ] {
        assert!(!out.join(gone).exists(), "{gone} is not written");
    }
    let html = site.output(REPORT);
    let doc = Html::parse_document(&html);
    assert_eq!(count(&doc, "figure.vs-sample"), 0, "no sample figures");
    assert_eq!(count(&doc, ".vs-samples"), 0, "no sample groups");
    assert!(!html.contains("Node.js wins"), "no verdict");
    assert_eq!(count(&doc, ".verdict-headline"), 0, "no verdict");
    assert_eq!(count(&doc, ".tally"), 0, "no running score");
    assert!(!html.contains("infographic"), "no infographic");

    // Still a complete page.
    assert!(
        html.trim_start()
            .to_lowercase()
            .starts_with("<!doctype html>")
    );
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(count(&doc, "main"), 1, "one <main>");
    assert_eq!(texts(&doc, "h1"), ["Node.js vs Python"]);
    let titles = texts(&doc, "section.criterion h2");
    assert_eq!(titles, ["1. Architecture", "2. Speed"], "criteria titles");
    assert!(html.contains("Some prose about architecture."));
    assert!(html.contains("Some prose about speed."));
    // And nothing it links to is missing.
    for page in ["index.html", REPORT, "404.html"] {
        let doc = Html::parse_document(&site.output(page));
        for url in local_urls(&doc) {
            assert!(resolves(&out, &url), "{page} links to missing {url}");
        }
    }
}

#[test]
fn the_infographic_width_option_sets_the_svg_width() {
    let site = site_with("\n[plugins.infographic]\nwidth = 1200\n", &[]);
    site.build_ok(&[]);
    assert_eq!(svg_width(&site.output("r/infographic.svg")), "1200");
    let doc = Html::parse_document(&site.output(REPORT));
    assert_eq!(
        count(&doc, "a[href=\"/r/infographic.svg\"]"),
        1,
        "the page links the infographic"
    );
}

#[test]
fn a_built_in_can_be_turned_off_with_a_plain_boolean() {
    let site = site_with("\n[plugins]\nnetlify = false\nsitemap = true\n", &[]);
    site.build_ok(&[]);
    assert!(!site.public().join("_headers").exists());
    assert!(site.public().join("sitemap.xml").is_file());
}

// ----------------------------------------------------------- 2. config errors

/// Builds with this `versus.toml` (after [`BASE`]): it must fail with
/// `message`, pointing at the first line of versus.toml holding `needle`,
/// and write nothing.
fn assert_config_error(config: &str, needle: &str, message: &str) {
    let site = site_with(config, &["annotate.py"]);
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has(message);
    let line = line_of(&site.read("versus.toml"), needle);
    run.assert_points_at("versus.toml", line);
    assert!(!site.public().exists(), "nothing is written\n{run}");
}

#[test]
fn an_unknown_plugin_is_an_error_at_its_table() {
    assert_config_error(
        "\n[plugins.nope]\nenabled = true\n",
        "[plugins.nope]",
        "unknown plugin `nope`",
    );
}

#[test]
fn an_unknown_option_of_a_built_in_is_an_error_at_its_line() {
    let site = site_with("\n[plugins.infographic]\nwidth = 960\ncolour = 1\n", &[]);
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("plugin `infographic` has no option `colour`");
    run.assert_stderr_has("its options are: enabled, width");
    run.assert_points_at("versus.toml", line_of(&site.read("versus.toml"), "colour"));
    assert!(!site.public().exists());
}

#[test]
fn a_bad_infographic_width_is_an_error_at_its_line() {
    for width in ["100", "5000", "\"wide\"", "960.5"] {
        assert_config_error(
            &format!("\n[plugins.infographic]\nwidth = {width}\n"),
            "width =",
            "`width` must be a whole number from 480 to 4096",
        );
    }
}

#[test]
fn an_unknown_setting_of_an_external_plugin_is_an_error_at_its_line() {
    assert_config_error(
        "\n[plugins.annotate]\ncommand = [\"python3\", \"plugins/annotate.py\"]\nhookz = [\"pages\"]\n",
        "hookz",
        "plugin `annotate` has no setting `hookz`",
    );
}

#[test]
fn bad_hooks_are_an_error_at_their_line() {
    for hooks in ["[\"bogus\"]", "[]", "\"reports\""] {
        assert_config_error(
            &format!(
                "\n[plugins.annotate]\ncommand = [\"python3\", \"plugins/annotate.py\"]\nhooks = {hooks}\n"
            ),
            "hooks =",
            "`hooks` must be a list of \"reports\", \"pages\" and \"output\"",
        );
    }
}

#[test]
fn bad_command_and_timeout_are_errors_at_their_lines() {
    assert_config_error(
        "\n[plugins.annotate]\ncommand = []\n",
        "command =",
        "`command` must be a non-empty list of strings",
    );
    assert_config_error(
        "\n[plugins.annotate]\ncommand = [\"python3\", \"plugins/annotate.py\"]\ntimeout = 0\n",
        "timeout =",
        "`timeout` must be a number of seconds above 0",
    );
}

#[test]
fn order_naming_an_unknown_plugin_is_an_error_at_its_line() {
    assert_config_error(
        "\n[plugins]\norder = [\"samples\", \"nope\"]\n",
        "order =",
        "`order` names `nope`, which is not a plugin of this site",
    );
}

/// The markers `marker.py` left in the first criterion, in page order.
fn markers(site: &TestSite) -> Vec<String> {
    let doc = Html::parse_document(&site.output(REPORT));
    let criterion = doc
        .select(&sel("section.criterion#architecture"))
        .next()
        .expect("the first criterion");
    criterion.select(&sel("i.vs-marker")).map(text).collect()
}

#[test]
fn order_changes_the_order_plugins_run_in() {
    let tables = format!(
        "{}{}",
        plugin_table(
            "first",
            true,
            &["python3", "plugins/marker.py", "first"],
            &["reports"],
            ""
        ),
        plugin_table(
            "second",
            true,
            &["python3", "plugins/marker.py", "second"],
            &["reports"],
            ""
        ),
    );
    let site = site_with(&tables, &["marker.py"]);
    site.build_ok(&[]);
    assert_eq!(
        markers(&site),
        ["first", "second"],
        "table order by default"
    );

    site.write(
        "versus.toml",
        format!("{BASE}\n[plugins]\norder = [\"second\", \"first\"]\n{tables}"),
    );
    site.build_ok(&[]);
    assert_eq!(markers(&site), ["second", "first"], "`order` first");

    // A disabled plugin may stay in `order`.
    site.write(
        "versus.toml",
        format!(
            "{BASE}\n[plugins]\norder = [\"second\", \"first\"]\n{}",
            tables.replacen("enabled = true", "enabled = false", 1)
        ),
    );
    site.build_ok(&[]);
    assert_eq!(markers(&site), ["second"], "only `second` runs");
}

// ----------------------------------------------- 3. external plugins at work

fn annotate_table(extra_options: &str) -> String {
    format!(
        "\n[plugins.annotate]\ncommand = [\"python3\", \"plugins/annotate.py\"]\n\
         [plugins.annotate.options]\n{extra_options}\n\
         \n[plugins.files]\ncommand = [\"python3\", \"plugins/files.py\"]\nhooks = [\"output\"]\n"
    )
}

#[test]
fn a_reports_plugin_adds_html_and_data_and_its_stderr_is_prefixed() {
    let site = site_with(&annotate_table(""), &["annotate.py", "files.py"]);
    let run = site.build_ok(&[]);
    let doc = Html::parse_document(&site.output(REPORT));
    assert_eq!(
        texts(&doc, "section.criterion p.vs-annotate"),
        [
            "annotated architecture: 4 words",
            "annotated speed: 4 words"
        ],
        "its HTML is in each criterion"
    );
    // Its `data` reaches later plugins: the output plugin lists it.
    let humans = site.output("humans.txt");
    assert!(humans.contains("report r: data ['annotate']"), "{humans}");
    assert!(
        humans.contains("criterion architecture: data ['annotate']"),
        "{humans}"
    );
    // Standard error comes through, each line prefixed with the plugin's name.
    assert!(
        run.stderr
            .lines()
            .any(|l| l == "[annotate] annotated 2 criteria"),
        "stderr line prefixed with [annotate]\n{run}"
    );
    assert!(!run.stderr.contains("warning"), "{run}");
}

#[test]
fn a_plugin_warning_is_printed_at_its_file_line_and_column_and_the_build_succeeds() {
    let site = site_with(
        &annotate_table("severity = \"warning\"\nmessage = \"too short\""),
        &["annotate.py", "files.py"],
    );
    let run = site.build_ok(&[]);
    run.assert_stderr_has("warning: [annotate] too short in architecture");
    run.assert_stderr_has("this is what the annotate plugin says");
    // annotate.py reports at the first line of prose (line 10), column 3.
    assert_position(&run, ARCHITECTURE, 10, 3);
    assert!(run.stdout.contains("1 warning"), "{run}");
    assert!(site.output(REPORT).contains("vs-annotate"));
}

#[test]
fn a_plugin_error_fails_the_build_at_its_file_and_line() {
    let site = site_with(
        &annotate_table("severity = \"error\"\nmessage = \"too short\""),
        &["annotate.py", "files.py"],
    );
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("error: [annotate] too short in architecture");
    assert_position(&run, ARCHITECTURE, 10, 3);
    run.assert_stderr_has("Build failed: 1 error");
    assert!(!site.public().exists(), "nothing is written");
}

/// A site whose `diag` plugin, on `hook`, answers with one diagnostic of
/// these TOML fields.
fn diagnose(hook: &str, fields: &str) -> (TestSite, Run) {
    let config = format!(
        "{}[[plugins.diag.options.diagnostics]]\n{fields}\n",
        plugin_table(
            "diag",
            true,
            &["python3", "plugins/diagnose.py"],
            &[hook],
            ""
        )
    );
    let site = site_with(&config, &["diagnose.py"]);
    let run = site.build(&[]);
    (site, run)
}

#[test]
fn a_plugin_error_without_a_file_fails_the_build_whatever_the_hook() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let (site, run) = diagnose(hook, "severity = \"error\"\nmessage = \"fileless trouble\"");
        run.assert_failure();
        run.assert_stderr_has("[diag] fileless trouble");
        assert!(!site.public().exists(), "nothing is written");
    });
}

#[test]
fn a_plugin_diagnostic_about_a_file_outside_content_is_reported_whatever_the_hook() {
    // An error about versus.toml fails the build…
    for_each_hook(&ALL_HOOKS, |hook| {
        let (_, run) = diagnose(
            hook,
            "severity = \"error\"\nmessage = \"about the config\"\nfile = \"versus.toml\"\nline = 2",
        );
        run.assert_failure();
        run.assert_stderr_has("[diag] about the config");
        run.assert_points_at("versus.toml", 2);
    });
    // …and a warning about the plugin's own file is shown.
    for_each_hook(&ALL_HOOKS, |hook| {
        let (_, run) = diagnose(
            hook,
            "severity = \"warning\"\nmessage = \"about myself\"\nfile = \"plugins/diagnose.py\"\nline = 1",
        );
        run.assert_success();
        run.assert_stderr_has("[diag] about myself");
        run.assert_points_at("plugins/diagnose.py", 1);
    });
}

#[test]
fn a_plugin_diagnostic_stays_on_the_line_it_names() {
    // Line 9 of 02-speed.md is empty (between the front matter and the
    // prose): a column past its end must not move the mark to line 10.
    let (site, run) = diagnose(
        "reports",
        "severity = \"warning\"\nmessage = \"on a blank line\"\nfile = \"content/r/02-speed.md\"\nline = 9\ncolumn = 3",
    );
    assert_eq!(site.read("content/r/02-speed.md").lines().nth(8), Some(""));
    run.assert_success();
    run.assert_stderr_has("[diag] on a blank line");
    run.assert_points_at("content/r/02-speed.md", 9);
}

#[test]
fn a_pages_plugin_changes_every_page() {
    let config = format!(
        "{}[plugins.meta.options]\nvalue = \"from-node\"\n",
        plugin_table("meta", true, &["node", "plugins/meta.mjs"], &["pages"], "")
    );
    let site = site_with(&config, &["meta.mjs"]);
    let run = site.build_ok(&[]);
    for page in ["index.html", REPORT, "404.html"] {
        let doc = Html::parse_document(&site.output(page));
        let metas: Vec<&str> = doc
            .select(&sel("head meta[name=\"x-pages-plugin\"]"))
            .filter_map(|m| m.value().attr("content"))
            .collect();
        assert_eq!(metas, ["from-node"], "{page}");
    }
    assert!(
        run.stderr.lines().any(|l| l == "[meta] tagged 3 pages"),
        "{run}"
    );
}

#[test]
fn an_output_plugin_adds_a_file() {
    let config = plugin_table(
        "files",
        true,
        &["python3", "plugins/files.py"],
        &["output"],
        "",
    );
    let site = site_with(&config, &["files.py"]);
    site.build_ok(&[]);
    let humans = site.output("humans.txt");
    assert!(humans.starts_with("site: Plugin tests\n"), "{humans}");
    // It was sent every path written before it: the three pages, the
    // infographic and the theme's assets at least.
    let paths: usize = humans
        .lines()
        .find_map(|l| l.strip_prefix("paths: "))
        .and_then(|n| n.parse().ok())
        .expect("a paths line");
    assert!(paths >= 5, "{humans}");
    // The score and the infographic are typed fields of the report, not
    // entries of `data`.
    assert!(humans.contains("report r: data []"), "{humans}");
    assert!(humans.contains("  totals [2, 1] verdict win"), "{humans}");
    assert!(
        humans.contains("  infographic /r/infographic.svg"),
        "{humans}"
    );
    // Also in a sub-folder.
    let config = plugin_table(
        "files",
        true,
        &["python3", "plugins/files.py", "credits/humans.txt"],
        &["output"],
        "",
    );
    site.write("versus.toml", format!("{BASE}{config}"));
    site.build_ok(&[]);
    assert!(site.output("credits/humans.txt").starts_with("site: "));
}

// ---------------------------------------------------------- 4. containment

/// What a misbehaving plugin did to a build.
struct Contained {
    site: TestSite,
    run: Run,
    elapsed: Duration,
}

impl Contained {
    /// The line of `command` in versus.toml.
    fn command_line(&self) -> usize {
        line_of(&self.site.read("versus.toml"), "command =")
    }
}

/// Builds the `basic` site into `<tmp>/out` with plugin `bad` turned off,
/// then with it on: the second build must fail, name the plugin and leave
/// the first build's output as it was.
fn contained(command: &[&str], hooks: &[&str], extra: &str) -> Contained {
    let site = site_with("", &["misbehave.sh", "tamper.py", "files.py"]);
    let out = site.dir().join("out");
    let out_arg = out.to_str().expect("utf-8 path").to_string();
    site.write(
        "versus.toml",
        format!(
            "{BASE}{}",
            plugin_table("bad", false, command, hooks, extra)
        ),
    );
    site.build_ok(&["--output", &out_arg]);
    let before = snapshot(&out);
    assert!(before.contains_key("index.html"), "the first build wrote");

    site.write(
        "versus.toml",
        format!("{BASE}{}", plugin_table("bad", true, command, hooks, extra)),
    );
    let started = Instant::now();
    let run = site.build(&["--output", &out_arg]);
    let elapsed = started.elapsed();
    run.assert_failure();
    run.assert_stderr_has("plugin `bad`");
    run.assert_stderr_has("nothing was written");
    let after = snapshot(&out);
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "the previous output is untouched; changed: {changed:?}"
    );
    assert!(
        staging_leftovers(&site.dir()).is_empty(),
        "no temporary folders left: {:?}",
        staging_leftovers(&site.dir())
    );
    Contained { site, run, elapsed }
}

fn misbehave(mode: &str) -> Vec<&str> {
    vec!["sh", "plugins/misbehave.sh", mode]
}

#[test]
fn a_plugin_that_exits_non_zero_fails_the_build() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let c = contained(&misbehave("fail"), &[hook], "");
        c.run
            .assert_stderr_has("plugin `bad` failed (exit status: 3): the last straw");
        c.run.assert_stderr_has("[bad] starting up");
        c.run.assert_points_at("versus.toml", c.command_line());
    });
}

#[test]
fn a_plugin_that_answers_something_else_than_json_fails_the_build() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let c = contained(&misbehave("not-json"), &[hook], "");
        c.run
            .assert_stderr_has("plugin `bad` answered with something that is not JSON");
        c.run.assert_stderr_has("\"hello");
        c.run.assert_stderr_has("print logs to standard error");
    });
}

#[test]
fn a_plugin_that_answers_json_of_another_shape_fails_the_build() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let c = contained(&misbehave("unknown-field"), &[hook], "");
        c.run
            .assert_stderr_has("plugin `bad` answered with JSON that does not match the protocol");
        c.run.assert_stderr_has("surprise");
    });
}

#[test]
fn a_plugin_that_answers_another_protocol_version_fails_the_build() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let c = contained(&misbehave("version"), &[hook], "");
        c.run.assert_stderr_has(
            "plugin `bad` answered with protocol version 1, but versus speaks version 3",
        );
    });
}

#[test]
fn a_plugin_answer_cannot_express_a_change_to_points_titles_or_the_score() {
    for (what, field) in [("points", "points"), ("title", "title"), ("score", "score")] {
        let c = contained(&["python3", "plugins/tamper.py", what], &["reports"], "");
        c.run
            .assert_stderr_has("plugin `bad` answered with JSON that does not match the protocol");
        c.run.assert_stderr_has(&format!("unknown field `{field}`"));
        c.run
            .assert_stderr_has("an answer holds only what its hook may change");
    }
}

#[test]
fn a_plugin_that_answers_for_a_report_it_was_not_sent_fails_the_build() {
    let c = contained(
        &["python3", "plugins/tamper.py", "unknown"],
        &["reports"],
        "",
    );
    c.run.assert_stderr_has(
        "plugin `bad` answered a change to report `no-such-report`, which it was not sent",
    );
}

#[test]
fn an_output_plugin_cannot_write_outside_the_output_folder() {
    for path in [
        "../escape.txt",
        "sub/../../escape.txt",
        "/tmp/versus-escape.txt",
    ] {
        let c = contained(&["python3", "plugins/files.py", path], &["output"], "");
        c.run.assert_stderr_has(&format!(
            "plugin `bad` tried to write `{path}`, outside the output folder"
        ));
        assert!(!c.site.dir().join("escape.txt").exists(), "{path}");
        assert!(!c.site.root.join("escape.txt").exists(), "{path}");
    }
}

#[test]
fn an_output_plugin_cannot_replace_a_file_already_written() {
    for (path, owner) in [
        ("index.html", "versus"),
        ("r/infographic.svg", "plugin `infographic`"),
    ] {
        let c = contained(&["python3", "plugins/files.py", path], &["output"], "");
        c.run.assert_stderr_has(&format!(
            "plugin `bad` tried to replace `{path}`, which {owner} already wrote"
        ));
    }
}

#[test]
fn an_output_plugin_file_is_never_silently_replaced_by_a_later_plugin() {
    // External plugins run before `sitemap` and `netlify`: a file they add
    // at a path those write later must not be silently dropped (or silently
    // replace theirs) — two plugins claiming one path is an error.
    let c = contained(
        &["python3", "plugins/files.py", "sitemap.xml"],
        &["output"],
        "",
    );
    c.run.assert_stderr_has("sitemap.xml");
}

#[test]
fn a_plugin_that_runs_past_its_timeout_is_stopped() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let c = contained(&misbehave("sleep"), &[hook], "timeout = 1\n");
        assert!(
            c.elapsed < Duration::from_secs(5),
            "stopped after about 1 s, not {:?}",
            c.elapsed
        );
        c.run
            .assert_stderr_has("plugin `bad` did not answer within 1 s and was stopped");
        c.run.assert_stderr_has("raise `timeout`");
    });
}

#[test]
fn a_plugin_that_floods_its_output_is_stopped_at_the_limit() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let c = contained(&misbehave("flood"), &[hook], "");
        assert!(
            c.elapsed < Duration::from_secs(20),
            "stopped, not left running: {:?}",
            c.elapsed
        );
        c.run.assert_stderr_has("64 MiB");
    });
}

#[test]
fn a_plugin_whose_program_does_not_exist_says_so_at_its_command() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let c = contained(
            &["versus-test-no-such-program", "plugins/x.py"],
            &[hook],
            "",
        );
        c.run.assert_stderr_has(
            "plugin `bad` could not start: there is no program `versus-test-no-such-program`",
        );
        c.run.assert_stderr_has("runs from the site folder");
        c.run.assert_stderr_has("give its path");
        c.run.assert_points_at("versus.toml", c.command_line());
    });
}

// ------------------------------------------- 5. protocol version, both ways

/// Runs a plugin of `site/plugins` directly with `request` twice on stdin.
fn run_example_plugin(program: &str, script: &str, request: &serde_json::Value) -> Run {
    let script = common::repo_root().join("site/plugins").join(script);
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(program)
        .arg(&script)
        .current_dir(tmp.path())
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {program}: {e}"));
    // Two requests, one per line: a plugin answers each.
    let mut input = serde_json::to_vec(request).unwrap();
    input.push(b'\n');
    let input = input.repeat(2);
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("wait");
    writer.join().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn request(protocol: u32, plugin: &str) -> serde_json::Value {
    serde_json::json!({
        "protocol": protocol,
        "hook": "reports",
        "plugin": plugin,
        "options": {},
        "site": {
            "title": "t",
            "description": "d",
            "base_url": "https://example.org/",
            "language": "en"
        },
        "reports": [],
        "pages": [],
        "paths": []
    })
}

#[test]
fn the_example_plugins_refuse_another_protocol_version() {
    for (program, script, name) in [
        ("node", "reading-time.mjs", "reading-time"),
        ("python3", "check_samples.py", "check-samples"),
    ] {
        let run = run_example_plugin(program, script, &request(1, name));
        assert!(
            run.code.is_some_and(|c| c != 0),
            "{script} exits non-zero on protocol 1\n{run}"
        );
        assert!(
            run.stderr.contains("protocol 3") && run.stderr.contains("sent 1"),
            "{script} says which versions\n{run}"
        );
        assert!(
            run.stdout.trim().is_empty(),
            "{script} answers nothing\n{run}"
        );

        // The version they know, they answer: one line per request, until
        // their standard input closes.
        let run = run_example_plugin(program, script, &request(3, name));
        assert_eq!(run.code, Some(0), "{script} on protocol 3\n{run}");
        let answers: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(answers.len(), 2, "one answer per request\n{run}");
        for answer in answers {
            let answer: serde_json::Value =
                serde_json::from_str(answer).unwrap_or_else(|e| panic!("{e}\n{run}"));
            assert_eq!(answer["protocol"], 3, "{run}");
        }
    }
}

// ------------------------------------------------ 6. the example plugins

/// `versus build` of a copy of `site/`, the plugins' temporary files in a
/// temporary folder.
fn build_real(site: &TestSite) -> Run {
    let tmp = site.dir().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    run_in(
        None,
        &["build", "--root", site.root.to_str().unwrap(), "--no-cache"],
        &[("TMPDIR", tmp.to_str().unwrap())],
    )
}

#[test]
fn the_example_plugins_mark_every_criterion_and_sample() {
    let site = TestSite::real();
    let run = build_real(&site);
    run.assert_success();
    let doc = Html::parse_document(&site.output("node-vs-python/index.html"));
    let criteria: Vec<ElementRef<'_>> = doc.select(&sel("section.criterion")).collect();
    assert!(criteria.len() >= 10, "{} criteria", criteria.len());
    for criterion in &criteria {
        let id = criterion.value().attr("id").unwrap_or("?");
        let times: Vec<String> = criterion
            .select(&sel("p.vs-reading-time"))
            .map(text)
            .collect();
        assert_eq!(times.len(), 1, "criterion {id}: {times:?}");
        assert!(times[0].contains("min read"), "criterion {id}: {times:?}");
    }
    let figures: Vec<ElementRef<'_>> = doc.select(&sel("figure.vs-sample")).collect();
    assert!(figures.len() >= 20, "{} samples", figures.len());
    for figure in &figures {
        let file = figure
            .select(&sel(".vs-sample-file"))
            .next()
            .map(text)
            .unwrap_or_default();
        assert_eq!(
            count_in(figure, ".vs-sample-note"),
            1,
            "sample {file} has the checker's note"
        );
    }
}

fn count_in(element: &ElementRef<'_>, selector: &str) -> usize {
    element.select(&sel(selector)).count()
}

/// Appends `line` to a file of the site on a line of its own; returns that
/// line's number.
fn append_line(site: &TestSite, rel: &str, line: &str) -> usize {
    let mut text = site.read(rel);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    site.write(rel, &text);
    text.lines().count()
}

#[test]
fn the_sample_checker_fails_the_build_at_each_broken_sample() {
    let site = TestSite::real();
    let js = "content/node-vs-python/02-speed/node.js";
    let py = "content/node-vs-python/04-scalability/python.py";
    let js_line = append_line(&site, js, "const = ;");
    let py_line = append_line(&site, py, "def (:");
    let run = build_real(&site);
    run.assert_failure();
    run.assert_points_at(js, js_line);
    run.assert_points_at(py, py_line);
    run.assert_stderr_has("node.js does not compile");
    run.assert_stderr_has("python.py does not compile");
    assert!(!site.public().exists(), "nothing is written");
}

// ------------------------------------------------------ 7. plugin-schema

#[test]
fn plugin_schema_prints_the_committed_schema() {
    let run = versus(&["plugin-schema"]);
    run.assert_success();
    let printed: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e})\n{run}"));
    let path = common::repo_root().join("docs/plugin-protocol.schema.json");
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .expect("the committed schema is JSON");
    assert!(
        printed == committed,
        "docs/plugin-protocol.schema.json is out of date: run `versus plugin-schema > docs/plugin-protocol.schema.json`"
    );
    assert!(printed["$defs"]["Request"].is_object());
    assert!(printed["$defs"]["Response"].is_object());
}

// ------------------------------------------------------------- 8. serve

/// A small served site with `plugins/guard.py` on `hook`.
fn guarded_site(hook: &str) -> serve_support::Site {
    let site = serve_support::Site::small();
    let script = common::fixture_dir("plugins").join("guard.py");
    serve_support::write(
        &site.path("plugins/guard.py"),
        &serve_support::read(&script),
    );
    let config = site.path("versus.toml");
    let text = serve_support::read(&config);
    serve_support::write(
        &config,
        &format!(
            "{text}\n[plugins.guard]\ncommand = [\"python3\", \"plugins/guard.py\"]\nhooks = [\"{hook}\"]\n"
        ),
    );
    site
}

/// The first `error` or `reload` event.
fn outcome(events: &serve_support::Events, why: &str) -> serve_support::LiveEvent {
    events
        .until(serve_support::WAIT, why, |e| {
            e.kind == "error" || e.kind == "reload"
        })
        .pop()
        .expect("at least one event")
}

fn serve_crash_and_recover(hook: &str) {
    const PAGE: &str = "/r/";
    const FIRST: &str = "content/r/01-first.md";
    let site = guarded_site(hook);
    let server = serve_support::Server::start(&site.root);
    let events = server.events();
    let good = server.get(PAGE);
    assert_eq!(good.status, 200);
    if hook == "reports" {
        assert!(good.text().contains("guard-stamp-1"), "the plugin ran");
    }

    serve_support::write(
        &site.path(FIRST),
        &serve_support::criterion_md("First", "This one says CRASH.", 1, 0),
    );
    let event = outcome(&events, "an edit that crashes the plugin");
    assert_eq!(event.kind, "error", "the crash is an error: {event:?}");
    let message = event.message();
    assert!(
        message.contains("plugin `guard` failed") && message.contains("cannot stand first"),
        "the error names the plugin and says what it said: {message}"
    );
    let still = server.get(PAGE);
    assert_eq!(still.status, 200);
    assert_eq!(still.body, good.body, "the last good page is served");

    let sentence = "Fixed, with sentence 9917.";
    serve_support::write(
        &site.path(FIRST),
        &serve_support::criterion_md("First", sentence, 1, 0),
    );
    let event = outcome(&events, "fixing the edit");
    assert_eq!(event.kind, "reload", "{event:?}");
    let page = server.page(PAGE);
    assert!(page.contains(sentence), "the fixed page is served");
}

#[test]
fn serve_a_reports_plugin_crash_is_an_error_event_and_the_last_good_page_stays() {
    serve_crash_and_recover("reports");
}

#[test]
fn serve_an_output_plugin_crash_is_an_error_event_and_the_last_good_page_stays() {
    serve_crash_and_recover("output");
}

#[test]
fn serve_editing_a_plugin_script_runs_the_plugins_again() {
    let site = guarded_site("reports");
    let server = serve_support::Server::start(&site.root);
    let events = server.events();
    assert!(server.page("/r/").contains("guard-stamp-1"));

    let script = site.path("plugins/guard.py");
    let text = serve_support::read(&script);
    serve_support::write(&script, &text.replace("guard-stamp-1", "guard-stamp-2"));
    let event = outcome(&events, "editing plugins/guard.py");
    assert_eq!(event.kind, "reload", "{event:?}");
    assert!(
        event.pages().contains(&"/r/".to_string()),
        "the report page reloads: {event:?}"
    );
    let page = server.page("/r/");
    assert!(page.contains("guard-stamp-2"), "the edited plugin ran");
    assert!(!page.contains("guard-stamp-1"));
}

// ------------------------------------------------- versus as a library

/// `target/<profile>/examples/embed`, (re)built first.
fn embed_binary() -> PathBuf {
    example_binary("embed")
}

/// `target/<profile>/examples/<name>`, (re)built first: `cargo test --test
/// plugins` does not build examples, and an old binary would test old code.
fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/plugins-HASH
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>")
        .to_path_buf();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .args(["build", "--quiet", "--example", name])
        .current_dir(common::repo_root());
    if profile_dir.file_name().is_some_and(|n| n == "release") {
        command.arg("--release");
    }
    let status = command.status().expect("run cargo build --example");
    assert!(status.success(), "cargo build --example {name} failed");
    let binary = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.is_file(), "{} exists", binary.display());
    binary
}

#[test]
fn a_rust_plugin_given_by_an_embedding_program_runs() {
    let site = site_with("", &[]);
    let out = site.dir().join("embed-out");
    let cache = tempfile::tempdir().expect("cache dir");
    let embed = embed_binary();
    let output = Command::new(&embed)
        .arg(&site.root)
        .arg(&out)
        .env("VERSUS_CACHE_DIR", cache.path())
        .output()
        .expect("run the embed example");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    run.assert_success();
    assert!(run.stdout.starts_with("Built 1 report(s)"), "{run}");
    for page in ["index.html", REPORT, "404.html"] {
        let html = std::fs::read_to_string(out.join(page)).expect("page written");
        let doc = Html::parse_document(&html);
        let metas: Vec<&str> = doc
            .select(&sel("head meta[name=\"x-built-by\"]"))
            .filter_map(|m| m.value().attr("content"))
            .collect();
        assert_eq!(metas, ["embed-example"], "{page}");
    }
    // The built-ins ran too.
    assert!(out.join("r/infographic.svg").is_file());

    // A site with an error: the diagnostics, and exit 1.
    site.write("versus.toml", format!("{BASE}\n[plugins.nope]\nx = 1\n"));
    let output = Command::new(&embed)
        .arg(&site.root)
        .arg(&out)
        .env("VERSUS_CACHE_DIR", cache.path())
        .output()
        .expect("run the embed example");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown plugin `nope`"), "{stderr}");
    assert!(stderr.contains("versus.toml:"), "{stderr}");
}

// ------------------------------------------- processes started ahead

/// The process ids `standby.py` recorded in `starts.txt` beside `root`.
fn standby_starts(root: &Path) -> Vec<u32> {
    let file = root.parent().expect("site in a folder").join("starts.txt");
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

/// Whether process `pid` still runs (a zombie does not count).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        !stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

/// Waits up to ten seconds for `check`.
fn eventually(what: &str, check: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !check() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting: {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_build_runs_each_plugin_as_one_process_and_leaves_none_behind() {
    let site = site_with(
        &plugin_table(
            "standby",
            true,
            &["python3", "plugins/standby.py"],
            &["reports", "pages"],
            "",
        ),
        &["standby.py"],
    );
    site.build_ok(&[]);
    assert!(
        site.output(REPORT).contains("standby-stamp-1"),
        "the plugin ran"
    );
    let starts = standby_starts(&site.root);
    assert_eq!(
        starts.len(),
        1,
        "one process answers both hooks: {starts:?}"
    );
    for pid in starts {
        assert!(!alive(pid), "process {pid} was left running");
    }
}

#[test]
fn serve_a_plugin_process_lives_across_rebuilds_and_is_replaced_when_its_script_changes() {
    let site = serve_support::Site::small();
    serve_support::write(
        &site.path("plugins/standby.py"),
        &serve_support::read(&common::fixture_dir("plugins").join("standby.py")),
    );
    let config = site.path("versus.toml");
    let text = serve_support::read(&config);
    serve_support::write(
        &config,
        &format!(
            "{text}\n[plugins.standby]\ncommand = [\"python3\", \"plugins/standby.py\"]\nhooks = [\"reports\"]\n"
        ),
    );
    let server = serve_support::Server::start(&site.root);
    let events = server.events();
    assert!(server.page("/r/").contains("standby-stamp-1"));
    let first = standby_starts(&site.root);
    assert_eq!(first.len(), 1, "one process: {first:?}");

    // An edit of content is answered by the same process.
    serve_support::write(
        &site.path("content/r/01-first.md"),
        &serve_support::criterion_md("First", "Edited with sentence 4412.", 1, 0),
    );
    let event = outcome(&events, "editing a criterion");
    assert_eq!(event.kind, "reload", "{event:?}");
    assert!(server.page("/r/").contains("sentence 4412"));
    assert_eq!(standby_starts(&site.root), first, "no process was started");
    assert!(alive(first[0]), "the process runs on");

    // An edit of its script starts a new one, and stops the old.
    let script = site.path("plugins/standby.py");
    let text = serve_support::read(&script);
    serve_support::write(&script, &text.replace("standby-stamp-1", "standby-stamp-2"));
    let event = outcome(&events, "editing plugins/standby.py");
    assert_eq!(event.kind, "reload", "{event:?}");
    let page = server.page("/r/");
    assert!(
        page.contains("standby-stamp-2"),
        "the edited script ran, not the old one"
    );
    eventually("the stale process is stopped", || !alive(first[0]));

    let pids = standby_starts(&site.root);
    assert_eq!(pids.len(), 2, "{pids:?}");
    drop(server);
    for pid in pids {
        eventually("no plugin process outlives the server", || !alive(pid));
    }
}

// ------------------------------------- plugins that cannot hang versus

/// The running processes whose command line contains `token`.
fn processes_with(token: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains(token) && alive(pid) {
            found.push(pid);
        }
    }
    found
}

/// A token no other test uses, for [`processes_with`].
fn unique_tag() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}{:03}",
        std::process::id() % 1000,
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Builds the `basic` site with plugin `bad` running `command` on `hooks`,
/// and checks that the build ends within `limit` and that no process whose
/// command line holds `token` is left.
fn build_ends_in_time(
    command: &[&str],
    hooks: &[&str],
    extra: &str,
    token: &str,
    limit: Duration,
) -> Run {
    let site = site_with(
        &plugin_table("bad", true, command, hooks, extra),
        &["misbehave.sh"],
    );
    let started = Instant::now();
    let run = site.build(&[]);
    let elapsed = started.elapsed();
    assert!(
        elapsed < limit,
        "the build ended within {limit:?}, not {elapsed:?}\n{run}"
    );
    // Killing a group is immediate, but the kernel may take a moment to
    // take the processes out of the table.
    eventually("no process of the plugin is left", || {
        processes_with(token).is_empty()
    });
    run
}

#[test]
fn a_plugin_that_leaves_a_child_holding_its_output_cannot_keep_the_build_waiting() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let tag = unique_tag();
        let token = format!("sleep 90.{tag}");
        let run = build_ends_in_time(
            &["sh", "plugins/misbehave.sh", "fork-and-answer", &tag],
            &[hook],
            "timeout = 5\n",
            &token,
            Duration::from_secs(6),
        );
        run.assert_success();
    });
}

#[test]
fn a_plugin_that_exits_without_answering_while_a_child_holds_its_output_fails_at_once() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let tag = unique_tag();
        let token = format!("sleep 90.{tag}");
        let run = build_ends_in_time(
            &["sh", "plugins/misbehave.sh", "fork-and-exit", &tag],
            &[hook],
            "timeout = 5\n",
            &token,
            Duration::from_secs(6),
        );
        run.assert_failure();
        run.assert_stderr_has("plugin `bad` ended without answering");
    });
}

#[test]
fn a_plugin_that_ignores_its_input_closing_is_ended_with_the_build() {
    let tag = unique_tag();
    let token = format!("sleep 90.{tag}");
    let run = build_ends_in_time(
        &["sh", "plugins/misbehave.sh", "ignore-eof", &tag],
        &["reports", "output"],
        "timeout = 5\n",
        &token,
        Duration::from_secs(6),
    );
    run.assert_success();
}

#[test]
fn a_timeout_ends_every_process_of_a_sh_c_wrapper() {
    for_each_hook(&ALL_HOOKS, |hook| {
        let tag = unique_tag();
        let token = format!("sleep 30.{tag}");
        let script = format!("sleep 30.{tag}; echo never");
        let run = build_ends_in_time(
            &["sh", "-c", &script],
            &[hook],
            "timeout = 1\n",
            &token,
            Duration::from_secs(2) + Duration::from_millis(900),
        );
        run.assert_failure();
        run.assert_stderr_has("plugin `bad` did not answer within 1 s and was stopped");
    });
}

#[test]
fn a_plugin_that_floods_its_standard_error_is_stopped_at_the_limit() {
    let tag = unique_tag();
    let run = build_ends_in_time(
        &["sh", "plugins/misbehave.sh", "flood-log", &tag],
        &["reports"],
        "",
        "print(never-matches)",
        Duration::from_secs(20),
    );
    run.assert_failure();
    run.assert_stderr_has("plugin `bad` wrote more than 4 MiB to its standard error");
    assert!(
        run.stderr.len() < 1024 * 1024,
        "what it wrote is cut, not passed through: {} bytes",
        run.stderr.len()
    );
}

#[test]
fn serve_ctrl_c_ends_a_plugin_that_ignores_its_input_closing() {
    let tag = unique_tag();
    let token = format!("sleep 90.{tag}");
    let site = serve_support::Site::small();
    serve_support::write(
        &site.path("plugins/misbehave.sh"),
        &serve_support::read(&common::fixture_dir("plugins").join("misbehave.sh")),
    );
    let config = site.path("versus.toml");
    let text = serve_support::read(&config);
    serve_support::write(
        &config,
        &format!(
            "{text}\n[plugins.stubborn]\ncommand = [\"sh\", \"plugins/misbehave.sh\", \"ignore-eof\", \"{tag}\"]\nhooks = [\"reports\"]\n"
        ),
    );
    let server = serve_support::Server::start(&site.root);
    assert_eq!(server.get("/r/").status, 200);
    let shell = processes_with(&format!("ignore-eof {tag}"));
    assert_eq!(shell.len(), 1, "the plugin runs: {shell:?}");
    let status = Command::new("kill")
        .args(["-INT", &server.process.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    eventually("versus stops", || !alive(server.process.child.id()));
    eventually("no process of the plugin is left", || {
        processes_with(&token).is_empty() && processes_with(&format!("ignore-eof {tag}")).is_empty()
    });
}

// ------------------------------------------ the plugins docs/plugins.md shows

/// The first code block in `language` after `heading` in docs/plugins.md.
fn docs_block(heading: &str, language: &str) -> String {
    let docs = std::fs::read_to_string(common::repo_root().join("docs/plugins.md"))
        .expect("read docs/plugins.md");
    let at = docs
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no heading {heading:?} in docs/plugins.md"));
    let fence = format!("```{language}\n");
    let start = docs[at..].find(&fence).expect("a code block") + at + fence.len();
    let end = docs[start..].find("```").expect("the block ends") + start;
    docs[start..end].to_string()
}

#[test]
fn the_python_and_node_plugins_shown_in_the_docs_work_as_shown() {
    for (heading, language, file, program) in [
        (
            "## A complete plugin in Python",
            "python",
            "wordcount.py",
            "python3",
        ),
        (
            "## The same plugin in Node.js",
            "js",
            "wordcount.mjs",
            "node",
        ),
    ] {
        let config = format!(
            "\n[plugins.wordcount]\ncommand = [\"{program}\", \"plugins/{file}\"]\n\n[plugins.wordcount.options]\nminimum = 80\n"
        );
        let site = site_with(&config, &[]);
        site.write(&format!("plugins/{file}"), docs_block(heading, language));
        let run = site.build_ok(&[]);
        let doc = Html::parse_document(&site.output(REPORT));
        assert_eq!(
            texts(&doc, "section.criterion p.wordcount"),
            ["4 words", "4 words"],
            "{file}: the count above each criterion's prose\n{run}"
        );
        run.assert_stderr_has("only 4 words");
        run.assert_stderr_has(&format!("{ARCHITECTURE}:"));
    }
}

#[test]
fn the_rust_plugin_shown_in_the_docs_is_the_wordcount_example_and_it_runs() {
    let shown = docs_block("## Plugins in Rust", "rust");
    let example = std::fs::read_to_string(common::repo_root().join("examples/wordcount.rs"))
        .expect("read examples/wordcount.rs");
    assert!(
        example.ends_with(&shown),
        "docs/plugins.md shows examples/wordcount.rs as it is"
    );
    let site = site_with("", &[]);
    let cache = tempfile::tempdir().expect("cache dir");
    let output = Command::new(example_binary("wordcount"))
        .arg(&site.root)
        .env("VERSUS_CACHE_DIR", cache.path())
        .output()
        .expect("run the wordcount example");
    assert!(output.status.success(), "{output:?}");
    let doc = Html::parse_document(&site.output(REPORT));
    assert_eq!(
        texts(&doc, "section.criterion p.wordcount"),
        ["4 words", "4 words"]
    );
}

#[test]
fn a_plugin_can_add_before_and_after_a_criterion_without_sending_it_back() {
    let plugin = r#"import json, sys
for line in sys.stdin:
    request = json.loads(line)
    reports = []
    for report in request["reports"]:
        first = report["criteria"][0]["slug"]
        reports.append({"slug": report["slug"], "criteria": [
            {"slug": first, "html": "<p class=\"middle\">replaced</p>",
             "prepend_html": "<p class=\"before\">before</p>",
             "append_html": "<p class=\"after\">after</p>"}]})
    print(json.dumps({"protocol": 3, "reports": reports}), flush=True)
"#;
    let site = site_with(
        "\n[plugins.around]\ncommand = [\"python3\", \"plugins/around.py\"]\n",
        &[],
    );
    site.write("plugins/around.py", plugin);
    site.build_ok(&[]);
    let doc = Html::parse_document(&site.output(REPORT));
    let first = first_criterion(&doc);
    let order: Vec<String> = first
        .select(&sel("p.before, p.middle, p.after"))
        .map(text)
        .collect();
    assert_eq!(order, ["before", "replaced", "after"]);
    assert_eq!(
        count(&doc, "p.before"),
        1,
        "only the criterion named changed"
    );
}

/// A plugin that reports what it saw of the criterion's HTML, rewrites its
/// prose (marker included), and notes each sample with markup in the text.
const NOTE_PLUGIN: &str = r#"import json, sys
for line in sys.stdin:
    request = json.loads(line)
    reports, diagnostics = [], []
    for report in request["reports"]:
        criteria = []
        for c in report["criteria"]:
            if "vs-samples" in c["html"] or "<pre" in c["html"]:
                diagnostics.append({"severity": "error", "message": "saw the samples in " + c["slug"]})
            notes = [{"contender": s["contender"], "text": "<b>ok</b> " + s["contender"]} for s in c["samples"]]
            if sys.argv[1] == "stranger" and notes:
                notes.append({"contender": "stranger", "text": "who?"})
            criteria.append({"slug": c["slug"], "html": "<p class=\"mine\">mine</p>", "sample_notes": notes})
        reports.append({"slug": report["slug"], "criteria": criteria})
    print(json.dumps({"protocol": 3, "reports": reports, "diagnostics": diagnostics}), flush=True)
"#;

#[test]
fn plugins_see_the_prose_without_the_samples_and_can_only_add_notes_to_them() {
    // The samples go where the author's marker is; the plugin rewrites the
    // prose, marker and all, and the samples are still drawn, after it.
    let site = site_with(
        "\n[plugins.notes]\ncommand = [\"python3\", \"plugins/notes.py\", \"friend\"]\n",
        &[],
    );
    site.write("plugins/notes.py", NOTE_PLUGIN);
    site.write(
        ARCHITECTURE,
        "+++\ntitle = \"Architecture\"\nsummary = \"How each runtime is built.\"\n\n[points]\nnode = 1\npython = 0\n+++\n\nBefore.\n\n<!-- versus:samples -->\n\nAfter.\n",
    );
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("saw the samples"), "{run}");
    let doc = Html::parse_document(&site.output(REPORT));
    let first = first_criterion(&doc);
    assert_eq!(texts_in(&first, "p.mine"), ["mine"]);
    let figures: Vec<ElementRef<'_>> = first.select(&sel("figure.vs-sample")).collect();
    assert_eq!(figures.len(), 2, "both samples are drawn");
    for figure in &figures {
        let contender = figure.value().attr("data-contender").unwrap_or("?");
        assert_eq!(
            texts_in(figure, ".vs-sample-note"),
            [format!("<b>ok</b> {contender}")],
            "the note is text, escaped"
        );
        assert_eq!(count_in(figure, "b"), 0, "no markup from a note");
        assert_eq!(count_in(figure, "pre.vs-code"), 1, "the code is intact");
    }

    // A note for a contender without a drawn sample is the plugin's error.
    let site = site_with(
        "\n[plugins.notes]\ncommand = [\"python3\", \"plugins/notes.py\", \"stranger\"]\n",
        &[],
    );
    site.write("plugins/notes.py", NOTE_PLUGIN);
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("plugin `notes`");
    run.assert_stderr_has("no drawn sample of that contender");
    run.assert_stderr_has("`stranger`");
}

/// The texts of the elements under `element` that `selector` picks.
fn texts_in(element: &ElementRef<'_>, selector: &str) -> Vec<String> {
    element.select(&sel(selector)).map(text).collect()
}

#[test]
fn the_samples_go_where_the_author_put_the_marker_or_after_the_prose() {
    let site = site_with("", &[]);
    let with_marker = "+++\ntitle = \"Architecture\"\nsummary = \"How each runtime is built.\"\n\n[points]\nnode = 1\npython = 0\n+++\n\nBefore.\n\n<!-- versus:samples -->\n\nAfter.\n\n<!-- versus:samples -->\n";
    for (body, expected) in [
        (with_marker, ["Before.", "samples", "After."]),
        (
            &with_marker.replace("<!-- versus:samples -->", "")[..],
            ["Before.", "After.", "samples"],
        ),
    ] {
        site.write(ARCHITECTURE, body);
        site.build_ok(&[]);
        let doc = Html::parse_document(&site.output(REPORT));
        let first = first_criterion(&doc);
        let order: Vec<String> = first
            .select(&sel("p, div.vs-samples"))
            .filter(|e| {
                e.value().name() == "div" || ["Before.", "After."].contains(&text(*e).as_str())
            })
            .map(|e| match e.value().name() {
                "div" => "samples".to_string(),
                _ => text(e),
            })
            .collect();
        assert_eq!(order, expected, "{body}");
        assert_eq!(count(&doc, "div.vs-samples"), 1, "drawn once: {body}");
        assert!(
            !site.output(REPORT).contains("versus:samples"),
            "no marker is left in the page"
        );
    }
}

/// The first criterion's section of a report page.
fn first_criterion(doc: &Html) -> ElementRef<'_> {
    doc.select(&sel("section.criterion"))
        .next()
        .expect("a criterion")
}
