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
