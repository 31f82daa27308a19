//! Successful builds: what the output contains, the scoreboard, the
//! infographic, and the guarantees around the output folder.

mod common;

use std::path::Path;

use scraper::{ElementRef, Html, Selector};

use common::{
    ContenderSpec, Run, TestSite, criterion, report_index, run_in, snapshot, staging_leftovers,
    versus, versus_in,
};

const REPORT: &str = "node-vs-python/index.html";
const BASE_URL: &str = "https://versus-reports.netlify.app/";

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

fn html(site: &TestSite, rel: &str) -> Html {
    Html::parse_document(&site.output(rel))
}

fn real_site_built() -> TestSite {
    let site = TestSite::real();
    site.build_ok(&[]);
    site
}

// ---------------------------------------------------------------- real site

#[test]
fn home_page_lists_the_report() {
    let site = real_site_built();
    let doc = html(&site, "index.html");
    let links: Vec<String> = doc
        .select(&sel("a[href=\"/node-vs-python/\"]"))
        .map(text)
        .collect();
    assert!(
        links
            .iter()
            .any(|t| t == "Node.js vs Python for back-end development"),
        "no link to the report with its title; links: {links:?}"
    );
    let page = text(doc.root_element());
    assert!(
        page.contains("Node.js wins"),
        "the home page shows the verdict: {page}"
    );
}

#[test]
fn report_has_ten_criteria_in_order() {
    let site = real_site_built();
    let doc = html(&site, REPORT);
    let ids: Vec<&str> = doc
        .select(&sel("section.criterion"))
        .map(|s| s.value().attr("id").unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        [
            "architecture",
            "speed",
            "syntax",
            "scalability",
            "extensibility",
            "libraries",
            "universality",
            "learning-curve",
            "community",
            "best-suited-apps",
        ]
    );
    // Every table-of-contents link lands on one of them.
    for id in &ids {
        let anchors = doc.select(&sel(&format!("a[href=\"#{id}\"]"))).count();
        assert!(anchors > 0, "nothing links to #{id}");
    }
}

#[test]
fn report_shows_the_running_tally_after_each_criterion() {
    let site = real_site_built();
    let doc = html(&site, REPORT);
    let expected: Vec<String> = [
        (1, 0),
        (2, 0),
        (2, 1),
        (3, 1),
        (4, 2),
        (5, 3),
        (6, 4),
        (7, 5),
        (8, 6),
        (8, 6),
    ]
    .iter()
    .map(|(n, p)| format!("Node.js {n} – {p} Python"))
    .collect();
    assert_tallies(&doc, &expected);
}

#[test]
fn report_shows_the_verdict() {
    let site = real_site_built();
    let doc = html(&site, REPORT);
    assert_verdict(&doc, "Node.js wins", "Node.js 8 – 6 Python");
    // The score is also near the top of the page, before the first criterion.
    let page = site.output(REPORT);
    let first = page
        .find("id=\"architecture\"")
        .expect("the first criterion");
    assert!(
        page[..first].contains("Node.js 8 – 6 Python"),
        "the final score is shown before the criteria"
    );
}

#[test]
fn every_criterion_shows_two_highlighted_samples() {
    let site = real_site_built();
    let doc = html(&site, REPORT);
    let sections: Vec<ElementRef<'_>> = doc.select(&sel("section.criterion")).collect();
    assert_eq!(sections.len(), 10);
    for section in sections {
        let id = section.value().attr("id").unwrap_or("?");
        let figures: Vec<ElementRef<'_>> = section.select(&sel("figure.vs-sample")).collect();
        assert_eq!(figures.len(), 2, "#{id} should show two samples");
        let contenders: Vec<&str> = figures
            .iter()
            .map(|f| f.value().attr("data-contender").unwrap_or(""))
            .collect();
        assert_eq!(
            contenders,
            ["node", "python"],
            "#{id}: samples in contender order"
        );
        for figure in figures {
            let highlighted = figure
                .select(&sel("pre.vs-code span[class^=\"hl-\"]"))
                .count();
            assert!(highlighted > 3, "#{id}: a sample without highlighting");
            let caption = figure
                .select(&sel("figcaption"))
                .map(text)
                .next()
                .unwrap_or_default();
            assert!(
                caption.contains("JavaScript") || caption.contains("Python"),
                "#{id}: caption names the language: {caption}"
            );
        }
    }
    // Colours come from classes; the only inline style is a line's
    // indentation, which the theme's hanging indent reads.
    let styled: Vec<String> = doc
        .select(&sel("pre.vs-code [style]"))
        .filter(|e| {
            let indent = e
                .value()
                .attr("style")
                .and_then(|s| s.strip_prefix("--i:"))
                .is_some_and(|n| n.parse::<u32>().is_ok());
            !(indent
                && e.value()
                    .has_class("vs-line", scraper::CaseSensitivity::CaseSensitive))
        })
        .map(|e| e.html())
        .collect();
    assert!(
        styled.is_empty(),
        "highlighted code must use classes, not inline styles: {styled:?}"
    );
}

#[test]
fn infographic_is_valid_svg_with_the_score() {
    let site = real_site_built();
    let svg = site.output("node-vs-python/infographic.svg");
    let doc = roxmltree::Document::parse(&svg).expect("infographic.svg is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let child_text = |name: &str| {
        root.children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("<svg> has no <{name}>"))
            .to_string()
    };
    assert_eq!(
        child_text("title"),
        "Node.js vs Python for back-end development"
    );
    let desc = child_text("desc");
    assert!(desc.contains("Node.js wins"), "{desc}");
    assert!(desc.contains("Node.js 8 – 6 Python"), "{desc}");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text())
        .collect();
    for wanted in ["Node.js", "Python", "8", "6"] {
        assert!(
            texts.contains(&wanted),
            "no <text> reading `{wanted}` in the infographic: {texts:?}"
        );
    }
    // The standalone picture stays light and self-contained: fixed colours
    // on white, none taken from a page.
    assert!(svg.contains(r##"<rect width="100%" height="100%" fill="#ffffff"/>"##));
    assert!(
        !svg.contains("var(--"),
        "the standalone SVG uses page colours"
    );
    // The report page links it, and inlines its summary in the page's colours.
    let page = html(&site, REPORT);
    let links = page
        .select(&sel("a[href=\"/node-vs-python/infographic.svg\"]"))
        .count();
    assert_eq!(links, 1);
    assert_eq!(page.select(&sel(".infographic svg.vs-ig")).count(), 2);
}

/// `name` is `<stem>.<12 hex digits>.<ext>`.
fn is_hashed(name: &str, stem: &str, ext: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(ext))
        .and_then(|rest| rest.strip_suffix('.'))
        .is_some_and(|hash| {
            hash.len() == 12
                && hash
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        })
}

#[test]
fn theme_assets_are_hashed_and_referenced() {
    let site = real_site_built();
    // Output-relative paths of every file, wherever the theme puts assets.
    let files: Vec<String> = common::files_with_extension(&site.public(), "")
        .iter()
        .map(|p| {
            p.strip_prefix(site.public())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let file_name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
    let report = site.output(REPORT);
    let home = site.output("index.html");
    for (stem, ext) in [
        ("style", "css"),
        ("highlight", "css"),
        ("versus", "js"),
        ("favicon", "svg"),
    ] {
        let hashed: Vec<&String> = files
            .iter()
            .filter(|path| is_hashed(&file_name(path), stem, ext))
            .collect();
        assert_eq!(hashed.len(), 1, "one {stem}.<hash>.{ext} in {files:?}");
        let url = format!("\"/{}\"", hashed[0]);
        assert!(report.contains(&url), "the report page references {url}");
        assert!(home.contains(&url), "the home page references {url}");
        assert!(
            !files
                .iter()
                .any(|path| file_name(path) == format!("{stem}.{ext}")),
            "unhashed {stem}.{ext} in the output"
        );
    }
}

/// Every `href` and `src` of every HTML page of the output.
fn all_links(site: &TestSite) -> Vec<(String, String, String)> {
    let mut links = Vec::new();
    for path in common::files_with_extension(&site.public(), ".html") {
        let rel = path
            .strip_prefix(site.public())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let doc = Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        for element in doc.select(&sel("[href], [src]")) {
            for attr in ["href", "src"] {
                if let Some(value) = element.value().attr(attr) {
                    let mut tag = element.value().name().to_string();
                    if let Some(rel_attr) = element.value().attr("rel") {
                        tag.push_str(&format!("[rel={rel_attr}]"));
                    }
                    links.push((rel.clone(), tag, value.to_string()));
                }
            }
        }
    }
    links
}

#[test]
fn pages_use_no_absolute_urls_except_canonical() {
    let site = real_site_built();
    let offending: Vec<String> = all_links(&site)
        .into_iter()
        .filter(|(_, tag, value)| {
            let absolute = value.starts_with("http:")
                || value.starts_with("https:")
                || value.starts_with("//");
            absolute && tag != "link[rel=canonical]"
        })
        .map(|(page, tag, value)| format!("{page}: <{tag}> {value}"))
        .collect();
    assert!(
        offending.is_empty(),
        "links and resources must be site-relative (only the canonical link and \
         og: meta may be absolute), or the site breaks in local previews:\n{}",
        offending.join("\n")
    );
}

#[test]
fn every_site_relative_link_resolves_to_a_file() {
    let site = real_site_built();
    let mut broken = Vec::new();
    for (page, tag, value) in all_links(&site) {
        let Some(path) = value.strip_prefix('/') else {
            continue;
        };
        if path.starts_with('/') {
            continue;
        }
        let path = path.split(['#', '?']).next().unwrap();
        let mut target = site.public().join(path);
        if path.is_empty() || path.ends_with('/') {
            target = target.join("index.html");
        }
        if !target.is_file() {
            broken.push(format!("{page}: <{tag}> {value}"));
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn sitemap_and_robots_use_the_base_url() {
    let site = real_site_built();
    let sitemap = site.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        locs,
        [BASE_URL.to_string(), format!("{BASE_URL}node-vs-python/")]
    );
    let robots = site.output("robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE_URL}sitemap.xml")),
        "{robots}"
    );
    let doc = html(&site, REPORT);
    let canonical: Vec<&str> = doc
        .select(&sel("link[rel=canonical]"))
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(canonical, [format!("{BASE_URL}node-vs-python/")]);
}

#[test]
fn base_url_flag_with_a_path_moves_every_link_under_it() {
    let site = TestSite::real();
    site.build_ok(&["--base-url", "https://example.com/reports"]);
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.com/reports/node-vs-python/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("netlify"), "{sitemap}");
    let robots = site.output("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.com/reports/sitemap.xml"),
        "{robots}"
    );
    for (page, tag, value) in all_links(&site) {
        if value.starts_with('/') {
            assert!(
                value.starts_with("/reports/"),
                "{page}: <{tag}> {value} is not under the base path /reports/"
            );
        }
    }
}

// ---------------------------------------------------------- generated sites

fn built(contenders: &[ContenderSpec<'_>], criteria: &[(&str, String)]) -> (TestSite, Html) {
    let site = TestSite::generated(contenders, criteria);
    site.build_ok(&[]);
    let doc = html(&site, "r/index.html");
    (site, doc)
}

/// Each criterion section, in order, shows its running tally.
fn assert_tallies<S: AsRef<str>>(doc: &Html, expected: &[S]) {
    let sections: Vec<(String, String)> = doc
        .select(&sel("section.criterion"))
        .map(|s| (s.value().attr("id").unwrap_or("?").to_string(), text(s)))
        .collect();
    assert_eq!(
        sections.len(),
        expected.len(),
        "criteria: {:?}",
        sections.iter().map(|(id, _)| id).collect::<Vec<_>>()
    );
    for ((id, section), tally) in sections.iter().zip(expected) {
        assert!(
            section.contains(tally.as_ref()),
            "#{id} should show the running tally `{}`: {section}",
            tally.as_ref()
        );
    }
}

/// The verdict section shows this headline and score.
fn assert_verdict(doc: &Html, headline: &str, score: &str) {
    let verdict = texts(doc, "#verdict").join(" ");
    assert!(
        verdict.contains(headline),
        "verdict `{headline}` expected: {verdict}"
    );
    assert!(
        verdict.contains(score),
        "score `{score}` expected: {verdict}"
    );
}

fn svg_desc(site: &TestSite) -> String {
    let svg = site.output("r/infographic.svg");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    doc.descendants()
        .find(|n| n.tag_name().name() == "desc")
        .and_then(|n| n.text())
        .expect("<desc>")
        .to_string()
}

#[test]
fn three_contenders_tally_with_middle_dots() {
    let abc = [("a", "A"), ("b", "B"), ("c", "C")];
    let (site, doc) = built(
        &abc,
        &[
            ("01-one.md", criterion("One", &[("a", 1)])),
            ("02-two.md", criterion("Two", &[("a", 1), ("b", 1)])),
            (
                "03-three.md",
                criterion("Three", &[("a", 1), ("b", 1), ("c", 1)]),
            ),
        ],
    );
    assert_tallies(
        &doc,
        &["A 1 · B 0 · C 0", "A 2 · B 1 · C 0", "A 3 · B 2 · C 1"],
    );
    assert_verdict(&doc, "A wins", "A 3 · B 2 · C 1");
    assert!(
        svg_desc(&site).contains("A 3 · B 2 · C 1"),
        "{}",
        svg_desc(&site)
    );
}

#[test]
fn equal_top_scores_are_a_tie() {
    let (site, doc) = built(
        &[("a", "A"), ("b", "B")],
        &[
            ("01-one.md", criterion("One", &[("a", 1)])),
            ("02-two.md", criterion("Two", &[("b", 1)])),
            ("03-three.md", criterion("Three", &[("a", 1), ("b", 1)])),
        ],
    );
    assert_tallies(&doc, &["A 1 – 0 B", "A 1 – 1 B", "A 2 – 2 B"]);
    assert_verdict(&doc, "A and B tie on 2", "A 2 – 2 B");
    assert!(
        svg_desc(&site).starts_with("A and B tie on 2"),
        "{}",
        svg_desc(&site)
    );
    // The home page says so too.
    let home = text(html(&site, "index.html").root_element());
    assert!(home.contains("A and B tie on 2"), "{home}");
}

#[test]
fn a_tie_of_three_names_all_three() {
    let (_, doc) = built(
        &[("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")],
        &[(
            "01-one.md",
            criterion("One", &[("a", 1), ("b", 1), ("c", 1)]),
        )],
    );
    assert_verdict(&doc, "A, B and C tie on 1", "A 1 · B 1 · C 1 · D 0");
}

#[test]
fn a_criterion_that_awards_nobody_says_no_points() {
    let (site, doc) = built(
        &[("a", "A"), ("b", "B")],
        &[
            ("01-one.md", criterion("One", &[("a", 1)])),
            ("02-nothing.md", criterion("Nothing", &[])),
            ("03-zeros.md", criterion("Zeros", &[("a", 0), ("b", 0)])),
        ],
    );
    assert_tallies(&doc, &["A 1 – 0 B", "A 1 – 0 B", "A 1 – 0 B"]);
    for slug in ["nothing", "zeros"] {
        let item: Vec<String> = doc
            .select(&sel("li"))
            .filter(|li| {
                li.select(&sel(&format!("a[href=\"#{slug}\"]")))
                    .next()
                    .is_some()
            })
            .map(text)
            .collect();
        assert!(!item.is_empty(), "no contents entry for #{slug}");
        assert!(
            item.iter().all(|t| t.contains("No points")),
            "#{slug} awards nobody: {item:?}"
        );
    }
    let desc = svg_desc(&site);
    assert!(desc.contains("Nothing (no points)"), "{desc}");
}

#[test]
fn a_report_where_nobody_scores() {
    let (_, doc) = built(
        &[("a", "A"), ("b", "B")],
        &[("01-nothing.md", criterion("Nothing", &[]))],
    );
    assert_verdict(&doc, "No points awarded", "A 0 – 0 B");
}

#[test]
fn six_contenders_with_long_names_fit_the_infographic() {
    let names = [
        "The First Contender With A Remarkably Long Name",
        "Second Contender Whose Name Goes On And On Forever",
        "Third: Supercalifragilisticexpialidociousframework",
        "Fourth Contender With An Unreasonably Long Title",
        "Fifth Contender Named By A Committee Of Marketers",
        "Sixth Contender, Also Named At Excessive Length",
    ];
    assert!(names.iter().all(|n| n.chars().count() >= 40));
    let ids = ["c1", "c2", "c3", "c4", "c5", "c6"];
    let contenders: Vec<ContenderSpec<'_>> = ids.iter().copied().zip(names).collect();
    let mut index = report_index(
        "A comparison of six contenders whose names are far too long for a column",
        &contenders,
    );
    // A fact per contender, long enough to wrap.
    index = index.replace(
        "color = \"",
        "facts = { \"Description\" = \"A long fact that goes on and on about very little in particular, to wrap\" }\ncolor = \"",
    );
    let site = TestSite::generated(
        &contenders,
        &[
            (
                "01-one.md",
                criterion(
                    "A criterion with a rather long title that must wrap in the label column",
                    &[("c1", 1), ("c2", 2)],
                ),
            ),
            ("02-two.md", criterion("Two", &[("c3", 3), ("c6", 1)])),
            (
                "03-three.md",
                criterion("Three", &[("c4", 1), ("c5", 1), ("c6", 2)]),
            ),
        ],
    );
    site.write("content/r/index.md", index);
    site.build_ok(&[]);

    let svg = site.output("r/infographic.svg");
    let doc = roxmltree::Document::parse(&svg).expect("infographic.svg is well-formed XML");
    let root = doc.root_element();
    let width: f64 = root.attribute("width").unwrap().parse().unwrap();
    let margin = 32.0;
    let inner = width - 2.0 * margin;
    let label = (inner * 0.30).min(300.0);
    let column = (inner - label) / 6.0;
    let desc = root
        .children()
        .find(|n| n.tag_name().name() == "desc")
        .and_then(|n| n.text())
        .unwrap_or_default();
    for name in names {
        assert!(
            desc.contains(name),
            "the description names `{name}`: {desc}"
        );
    }
    let mut problems = Vec::new();
    for node in doc.descendants().filter(|n| n.tag_name().name() == "text") {
        let content = node.text().unwrap_or("");
        let chars = content.chars().count();
        let size: f64 = node.attribute("font-size").unwrap_or("16").parse().unwrap();
        let x: f64 = node.attribute("x").unwrap_or("0").parse().unwrap();
        // Average glyph of a sans-serif: a little over half an em.
        let estimate = chars as f64 * size * 0.56;
        if chars > 60 {
            problems.push(format!("{chars} characters: `{content}`"));
        }
        match node.attribute("text-anchor") {
            Some("middle") => {
                if estimate > column + 1.0 {
                    problems.push(format!(
                        "`{content}` (~{estimate:.0} wide) overflows its {column:.0} column"
                    ));
                }
            }
            _ => {
                if x + estimate > width - margin + 1.0 {
                    problems.push(format!(
                        "`{content}` at x={x} (~{estimate:.0} wide) runs off the {width} image"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The page shows each full name, and the score with middle dots.
    let doc = html(&site, "r/index.html");
    let page = text(doc.root_element());
    for name in names {
        assert!(page.contains(name), "the report page names `{name}`");
    }
    let score = |totals: [u32; 6]| {
        names
            .iter()
            .zip(totals)
            .map(|(name, total)| format!("{name} {total}"))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    assert_tallies(
        &doc,
        &[
            score([1, 2, 0, 0, 0, 0]),
            score([1, 2, 3, 0, 0, 1]),
            score([1, 2, 3, 1, 1, 3]),
        ],
    );
    assert_verdict(
        &doc,
        &format!("{} and {} tie on 3", names[2], names[5]),
        &score([1, 2, 3, 1, 1, 3]),
    );
}

// ------------------------------------------------------------ the output

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let before = snapshot(&site.public());
    assert!(before.contains_key("r/index.html"));

    site.write(
        "content/r/02-speed.md",
        "+++\ntitle = \"Speed\"\nsummary = \"s\"\n[points]\npyhton = 1\n+++\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    assert_eq!(
        snapshot(&site.public()),
        before,
        "the previous output changed after a failed build"
    );
    let leftovers = staging_leftovers(&site.root);
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_replaces_the_output_whole() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/old/index.md",
        report_index("Old report", &[("a", "A"), ("b", "B")]),
    );
    site.build_ok(&[]);
    assert!(site.public().join("old/index.html").is_file());
    std::fs::remove_dir_all(site.root.join("content/old")).unwrap();
    site.write(
        "content/r/02-speed.md",
        criterion("Velocity", &[("node", 1)]),
    );
    site.build_ok(&[]);
    assert!(
        !site.public().join("old").exists(),
        "the page of a deleted report is still published"
    );
    assert!(site.output("r/index.html").contains("Velocity"));
    assert!(staging_leftovers(&site.root).is_empty());
}

fn assert_refused(site: &TestSite, output: &Path, watched: &Path) -> common::Run {
    let before = snapshot(watched);
    let run = site.build(&["--output", output.to_str().unwrap()]);
    run.assert_failure();
    assert_eq!(
        snapshot(watched),
        before,
        "{} changed after a refused build",
        watched.display()
    );
    run
}

#[test]
fn output_equal_to_the_site_root_is_refused() {
    let site = TestSite::fixture("basic");
    let run = assert_refused(&site, &site.root, &site.dir());
    run.assert_stderr_has("refusing to use");
    run.assert_stderr_has("it is the site folder itself");
}

#[test]
fn output_containing_the_site_is_refused() {
    let site = TestSite::fixture("basic");
    let run = assert_refused(&site, &site.dir(), &site.dir());
    run.assert_stderr_has("it contains the site folder");
}

#[test]
fn output_at_the_file_system_root_is_refused() {
    let site = TestSite::fixture("basic");
    let run = assert_refused(&site, Path::new("/"), &site.dir());
    run.assert_stderr_has("refusing to use `/`");
}

#[test]
fn output_inside_content_is_refused() {
    let site = TestSite::fixture("basic");
    let run = assert_refused(&site, &site.root.join("content/out"), &site.dir());
    run.assert_stderr_has("inside the site's `content` folder");
}

#[test]
fn a_folder_of_someone_elses_files_is_not_replaced() {
    let site = TestSite::fixture("basic");
    let docs = site.dir().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("thesis.tex"), "precious").unwrap();
    let run = assert_refused(&site, &docs, &site.dir());
    run.assert_stderr_has("holds files that versus did not write");
    assert_eq!(
        std::fs::read_to_string(docs.join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn an_empty_folder_and_its_own_output_may_be_replaced() {
    let site = TestSite::fixture("basic");
    let out = site.dir().join("dist");
    std::fs::create_dir_all(&out).unwrap();
    site.build_ok(&["--output", out.to_str().unwrap()]);
    assert!(out.join("index.html").is_file());
    assert!(out.join(".versus-output").is_file());
    site.build_ok(&["--output", out.to_str().unwrap()]);
    assert!(out.join("r/index.html").is_file());
    assert!(
        !site.public().exists(),
        "--output must replace the default folder"
    );
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::real();
    let before = snapshot(&site.dir());
    let run = site.check(&[]);
    run.assert_success();
    assert!(run.stdout.contains("Checked 1 report"), "{run}");
    assert_eq!(
        snapshot(&site.dir()),
        before,
        "`versus check` changed files"
    );
}

#[test]
fn init_makes_a_site_that_builds() {
    let site = TestSite::empty();
    let run = versus(&["init", site.root.to_str().unwrap()]);
    run.assert_success();
    assert!(run.stdout.contains("Created a new site"), "{run}");
    site.build_ok(&[]);
    let home = text(html(&site, "index.html").root_element());
    assert!(home.contains("Deno vs Bun"), "{home}");
    assert!(site.public().join("deno-vs-bun/index.html").is_file());
    assert!(site.public().join("deno-vs-bun/infographic.svg").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = TestSite::fixture("basic");
    let before = snapshot(&site.root);
    let run = versus(&["init", site.root.to_str().unwrap()]);
    run.assert_failure();
    assert_eq!(snapshot(&site.root), before);
}

#[test]
fn help_shows_examples_and_version_prints_the_version() {
    let run = versus(&["--help"]);
    run.assert_success();
    assert!(run.stdout.contains("Examples:"), "{run}");
    assert!(run.stdout.contains("versus build --root site"), "{run}");
    for sub in ["build", "check", "init"] {
        let run = versus(&[sub, "--help"]);
        run.assert_success();
        assert!(
            run.stdout.contains("Example"),
            "`versus {sub} --help`: {run}"
        );
    }
    let run = versus(&["--version"]);
    run.assert_success();
    assert_eq!(
        run.stdout.trim(),
        format!("versus {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn piped_output_has_no_colour_codes() {
    let site = TestSite::fixture("basic");
    // A warning (unknown fence language) on a successful build …
    site.write(
        "content/r/02-speed.md",
        "+++\ntitle = \"Speed\"\nsummary = \"s\"\n+++\n\n```klingon\nQapla'\n```\n",
    );
    for no_color in ["1", ""] {
        let root = site.root.to_str().unwrap();
        let run = run_in(
            None,
            &["build", "--root", root, "--no-cache"],
            &[("NO_COLOR", no_color)],
        );
        run.assert_success();
        run.assert_stderr_has("unknown language `klingon`");
        run.assert_points_at("content/r/02-speed.md", 6);
        assert!(run.stdout.contains("1 warning"), "{run}");
        assert!(
            !run.stdout.contains('\x1b') && !run.stderr.contains('\x1b'),
            "ANSI escape codes with NO_COLOR={no_color:?} and piped output:\n{run:?}"
        );
    }
    // … and an error.
    site.write(
        "content/r/02-speed.md",
        "+++\ntitle = \"Speed\"\nsummary = \"s\"\n[points]\nnode = -1\n+++\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    assert!(!run.stderr.contains('\x1b'), "{run:?}");
}

#[test]
fn drafts_are_hidden_unless_asked_for() {
    let draft = criterion("Draft", &[("b", 5)]).replacen("+++\n", "+++\ndraft = true\n", 1);
    let site = TestSite::generated(
        &[("a", "A"), ("b", "B")],
        &[
            ("01-one.md", criterion("One", &[("a", 1)])),
            ("02-draft.md", draft),
            ("03-three.md", criterion("Three", &[("a", 1)])),
        ],
    );
    let mut hidden = report_index("Hidden report", &[("a", "A"), ("b", "B")]);
    hidden = hidden.replacen("+++\n", "+++\ndraft = true\n", 1);
    site.write("content/hidden/index.md", hidden);

    site.build_ok(&[]);
    let doc = html(&site, "r/index.html");
    let ids: Vec<&str> = doc
        .select(&sel("section.criterion"))
        .filter_map(|s| s.value().attr("id"))
        .collect();
    assert_eq!(ids, ["one", "three"]);
    assert_verdict(&doc, "A wins", "A 2 – 0 B");
    assert!(
        !site.public().join("hidden").exists(),
        "a draft report was published"
    );
    assert!(!site.output("index.html").contains("Hidden report"));
    assert!(!site.output("sitemap.xml").contains("hidden"));

    site.build_ok(&["--drafts"]);
    let doc = html(&site, "r/index.html");
    let ids: Vec<&str> = doc
        .select(&sel("section.criterion"))
        .filter_map(|s| s.value().attr("id"))
        .collect();
    assert_eq!(ids, ["one", "draft", "three"]);
    assert_verdict(&doc, "B wins", "A 2 – 5 B");
    assert!(site.public().join("hidden/index.html").is_file());
}

#[test]
fn include_markers_work_with_a_relative_root() {
    // `versus build --root site`, as the help and README show it.
    let site = TestSite::fixture("basic");
    site.write("samples/hello.js", "console.log('hello');\n");
    site.write("samples/hello.py", "print('hello')\n");
    site.write(
        "content/r/02-speed.md",
        "+++\ntitle = \"Speed\"\nsummary = \"s\"\n+++\n\n\
         <!-- versus:include /samples/hello.js, ../../samples/hello.py -->\n",
    );
    let run = versus_in(&site.dir(), &["build", "--root", "site", "--no-cache"]);
    run.assert_success();
    let doc = html(&site, "r/index.html");
    let files = texts(&doc, "#speed figure.vs-sample .vs-sample-file");
    assert_eq!(files, ["samples/hello.js", "samples/hello.py"]);
}

#[test]
fn line_ranges_of_an_include_are_shown() {
    let site = TestSite::fixture("basic");
    site.write(
        "samples/five.py",
        "one = 1\ntwo = 2\nthree = 3\nfour = 4\nfive = 5\n",
    );
    site.write(
        "content/r/02-speed.md",
        "+++\ntitle = \"Speed\"\nsummary = \"s\"\n+++\n\n<!-- versus:include /samples/five.py:2-3 -->\n",
    );
    site.build_ok(&[]);
    let doc = html(&site, "r/index.html");
    let code = texts(&doc, "#speed pre.vs-code").join("\n");
    assert!(
        code.contains("two = 2") && code.contains("three = 3"),
        "{code}"
    );
    assert!(
        !code.contains("one = 1") && !code.contains("four = 4"),
        "{code}"
    );
    let files = texts(&doc, "#speed .vs-sample-file");
    assert_eq!(files, ["samples/five.py:2-3"]);
}

/// Builds `site` into `out` with the cache in `cache`.
fn build_with_cache(site: &TestSite, out: &Path, cache: &Path) -> Run {
    let run = run_in(
        None,
        &[
            "build",
            "--root",
            site.root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        &[("VERSUS_CACHE_DIR", cache.to_str().unwrap())],
    );
    run.assert_success();
    run
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn the_cache_gives_the_same_site_and_one_file_per_build_that_computed_something() {
    let site = TestSite::real();
    let cache = tempfile::tempdir().expect("cache folder");
    let packs = cache.path().join("packs-2");
    let clean = site.dir().join("clean");
    versus(&[
        "build",
        "--root",
        site.root.to_str().unwrap(),
        "--output",
        clean.to_str().unwrap(),
        "--no-cache",
    ])
    .assert_success();

    let cold = site.dir().join("cold");
    build_with_cache(&site, &cold, cache.path());
    let after_cold = files_in(&packs);
    assert_eq!(
        after_cold.len(),
        1,
        "every sample and card of a build goes into one file: {after_cold:?}"
    );
    let warm = site.dir().join("warm");
    build_with_cache(&site, &warm, cache.path());
    assert_eq!(files_in(&packs), after_cold, "a warm build writes nothing");
    assert_eq!(snapshot(&cold), snapshot(&clean), "cold build = no cache");
    assert_eq!(snapshot(&warm), snapshot(&clean), "warm build = no cache");

    // A changed sample adds one small file, and the output follows it.
    let sample = "content/node-vs-python/01-architecture/node.js";
    let edited = format!("{}// cached?\n", site.read(sample));
    site.write(sample, &edited);
    build_with_cache(&site, &warm, cache.path());
    assert_eq!(files_in(&packs).len(), 2, "{:?}", files_in(&packs));
    let page = std::fs::read_to_string(warm.join("node-vs-python/index.html")).unwrap();
    assert!(page.contains("cached?"), "the edited sample is shown");
}
