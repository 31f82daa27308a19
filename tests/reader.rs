//! What the reader's side needs from the generator: link checking, social
//! images and sharing metadata.

mod common;

use common::TestSite;

#[test]
fn check_reports_broken_links_at_the_line_that_wrote_them() {
    let site = TestSite::real();
    let criterion = "content/node-vs-python/01-architecture/index.md";
    let text = site.read(criterion);
    let line = text.lines().count() + 2;
    site.write(
        criterion,
        format!("{text}\nSee [speed](#sped) and [elsewhere](/nope/).\n"),
    );
    let run = site.check(&[]);
    run.assert_failure();
    run.assert_stderr_has("broken link `#sped`");
    run.assert_stderr_has("broken link `/nope/`");
    run.assert_points_at(criterion, line);
    assert!(!site.public().exists(), "check writes nothing");
}

#[test]
fn the_real_site_has_no_broken_links() {
    TestSite::real().check(&[]).assert_success();
}

#[test]
fn each_report_has_a_social_image_and_sharing_metadata() {
    let site = TestSite::real();
    site.build_ok(&[]);
    let png = std::fs::read(site.public().join("node-vs-python/social.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
    // Width and height from the IHDR chunk.
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 630));
    let html = site.output("node-vs-python/index.html");
    for needle in [
        r#"<meta property="og:image" content="https://versus-reports.netlify.app/node-vs-python/social.png">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
        r#"<link rel="canonical" href="https://versus-reports.netlify.app/node-vs-python/">"#,
        r#"<meta property="og:title""#,
        r#"<meta name="description""#,
        r#"rel="icon""#,
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
}

#[test]
fn the_social_image_can_be_turned_off() {
    let site = TestSite::real();
    let config = site.read("versus.toml");
    site.write(
        "versus.toml",
        format!("{config}\n[plugins.infographic]\nsocial-image = false\n"),
    );
    site.build_ok(&[]);
    assert!(!site.public().join("node-vs-python/social.png").exists());
    assert!(
        !site
            .output("node-vs-python/index.html")
            .contains("og:image\"")
    );
}

#[test]
fn samples_and_code_blocks_can_show_line_numbers_and_highlighted_lines() {
    let site = TestSite::real();
    let criterion = "content/node-vs-python/01-architecture/index.md";
    let text = site.read(criterion).replacen(
        "[points]",
        "line_numbers = true\n\n[highlight]\nnode = \"3-4\"\n\n[points]",
        1,
    );
    let text = format!(
        "{text}\n<!-- versus:include node.js:2-5 numbers hl=3 -->\n\n```python numbers hl=2\nx = 1\ny = 2\n```\n"
    );
    site.write(criterion, text);
    site.build_ok(&[]);
    let html = scraper::Html::parse_document(&site.output("node-vs-python/index.html"));
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let section = html.select(&select("#architecture")).next().unwrap();
    let numbered: Vec<_> = section.select(&select("pre.vs-code.vs-numbered")).collect();
    // Two samples, one include, one fenced block.
    assert_eq!(numbered.len(), 4);
    // A sample: numbered from 1, lines 3 and 4 of node.js highlighted, and
    // its text is exactly the file (numbers are drawn by CSS).
    let node = section
        .select(&select(
            ".vs-samples[data-count=\"2\"] figure[data-contender=node] pre",
        ))
        .next()
        .unwrap();
    let lines: Vec<_> = node.select(&select(".vs-line")).collect();
    assert_eq!(lines[0].value().attr("data-n"), Some("1"));
    let marked: Vec<&str> = node
        .select(&select(".vs-line-hl"))
        .filter_map(|l| l.value().attr("data-n"))
        .collect();
    assert_eq!(marked, ["3", "4"]);
    let file = site.read("content/node-vs-python/01-architecture/node.js");
    let code: String = node
        .select(&select("code"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(code, file);
    assert_eq!(lines.len(), file.lines().count());
    // The include of lines 2–5 is numbered from 2, with line 3 marked.
    let include = section
        .select(&select(".vs-samples[data-count=\"1\"] pre"))
        .next()
        .unwrap();
    let numbers: Vec<&str> = include
        .select(&select(".vs-line"))
        .filter_map(|l| l.value().attr("data-n"))
        .collect();
    assert_eq!(numbers, ["2", "3", "4", "5"]);
    assert_eq!(include.select(&select(".vs-line-hl")).count(), 1);
}

#[test]
fn a_bad_highlight_range_is_an_error_at_its_line() {
    let site = TestSite::real();
    let criterion = "content/node-vs-python/01-architecture/index.md";
    let text =
        site.read(criterion)
            .replacen("[points]", "[highlight]\nnode = \"5-2\"\n\n[points]", 1);
    let line = text
        .lines()
        .position(|l| l.starts_with("node = \"5-2\""))
        .unwrap()
        + 1;
    site.write(criterion, text);
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at(criterion, line);
}
