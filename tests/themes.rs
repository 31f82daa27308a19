//! Restyling a site one file at a time: the site's `templates/` over the
//! theme's over the built-in one, extra stylesheets, the accent colour and
//! the code colour schemes of `versus.toml`, and the errors of each.

mod common;

use common::{TestSite, versus};

/// The basic fixture with these lines added to `versus.toml` (before any
/// table).
fn with_config(lines: &str) -> TestSite {
    let site = TestSite::fixture("basic");
    let config = site.read("versus.toml");
    site.write("versus.toml", format!("{lines}\n{config}"));
    site
}

/// The stylesheet links of a page, in order.
fn stylesheets(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(r#"link[rel="stylesheet"]"#).unwrap();
    doc.select(&selector)
        .filter_map(|l| l.value().attr("href").map(str::to_string))
        .collect()
}

#[test]
fn a_site_template_changes_only_its_own_page() {
    let plain = TestSite::fixture("basic");
    plain.build_ok(&[]);
    let site = TestSite::fixture("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1>Nothing here, friend</h1>{% endblock main %}\n",
    );
    site.build_ok(&[]);
    assert!(site.output("404.html").contains("Nothing here, friend"));
    assert!(
        site.output("404.html").contains("class=\"site-header\""),
        "the built-in base.html still frames it"
    );
    assert_ne!(site.output("404.html"), plain.output("404.html"));
    for page in ["index.html", "r/index.html"] {
        assert_eq!(site.output(page), plain.output(page), "{page} is unchanged");
    }
}

#[test]
fn a_theme_folder_with_one_template_takes_the_rest_from_the_built_in_theme() {
    let site = TestSite::fixture("basic");
    let base = String::from_utf8(
        std::fs::read(common::repo_root().join("themes/default/templates/base.html")).unwrap(),
    )
    .unwrap();
    site.write(
        "themes/default/templates/base.html",
        base.replace("<body class=", "<body data-restyled=\"yes\" class="),
    );
    site.build_ok(&[]);
    for page in ["index.html", "r/index.html", "404.html"] {
        assert!(
            site.output(page).contains("data-restyled=\"yes\""),
            "{page} uses the site's base.html"
        );
    }
}

#[test]
fn extra_css_is_hashed_and_linked_after_the_theme() {
    let site = with_config("extra_css = [\"custom.css\"]");
    site.write(
        "static/custom.css",
        ".vs-criterion h3 { letter-spacing: .02em }\n",
    );
    site.build_ok(&[]);
    let links = stylesheets(&site.output("r/index.html"));
    let custom = links.last().expect("a stylesheet").clone();
    assert!(
        custom.starts_with("/assets/custom.") && custom.ends_with(".css"),
        "{links:?}"
    );
    assert!(links[0].starts_with("/assets/style."), "{links:?}");
    assert!(
        site.output(custom.trim_start_matches('/'))
            .contains("letter-spacing")
    );
    // The name follows the content, so hosts may cache it forever.
    site.write(
        "static/custom.css",
        ".vs-criterion h3 { letter-spacing: .05em }\n",
    );
    site.build_ok(&[]);
    let again = stylesheets(&site.output("r/index.html"));
    assert_ne!(again.last().unwrap(), &custom);
}

#[test]
fn the_accent_colour_and_code_schemes_come_from_versus_toml() {
    let site = with_config(
        "accent_color = \"#7C3AED\"\naccent_color_dark = \"#c4b5fd\"\ncode_theme_light = \"GitHub\"\ncode_theme_dark = \"Dracula\"",
    );
    site.build_ok(&[]);
    let links = stylesheets(&site.output("r/index.html"));
    let accent = links
        .iter()
        .find(|l| l.contains("/accent."))
        .expect("an accent stylesheet");
    let css = site.output(accent.trim_start_matches('/'));
    assert!(css.contains("--accent:#7c3aed"), "{css}");
    assert!(css.contains("--accent:#c4b5fd"), "{css}");
    let highlight = links.iter().find(|l| l.contains("/highlight.")).unwrap();
    let code = site.output(highlight.trim_start_matches('/'));
    assert!(code.contains("GitHub (light) and Dracula (dark)"), "{code}");
    // GitHub's comment grey and Dracula's background.
    assert!(code.contains("#969896"), "{code}");
    assert!(code.to_ascii_lowercase().contains("#282a36"), "{code}");
    // The default schemes give another stylesheet.
    let plain = TestSite::fixture("basic");
    plain.build_ok(&[]);
    let default_links = stylesheets(&plain.output("r/index.html"));
    assert!(!default_links.iter().any(|l| l.contains("/accent.")));
    assert!(!default_links.contains(highlight));
}

#[test]
fn versus_themes_lists_schemes_that_versus_toml_accepts() {
    let run = versus(&["themes"]);
    run.assert_success();
    assert!(
        run.stdout
            .contains("Coldark-Cold  (default code_theme_light)"),
        "{run}"
    );
    let names: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.trim().split("  (").next().unwrap())
        .collect();
    assert!(names.len() > 10, "{names:?}");
    assert!(names.contains(&"Solarized (light)"));
    let last = names.last().unwrap();
    let site = with_config(&format!("code_theme_dark = \"{last}\""));
    site.build_ok(&[]);
}

#[test]
fn an_unknown_code_scheme_is_an_error_at_its_line_with_a_suggestion() {
    let site = with_config("code_theme_light = \"Solarized light\"");
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at("versus.toml", 1);
    run.assert_stderr_has("unknown code colour scheme `Solarized light`");
    run.assert_stderr_has("did you mean `Solarized (light)`?");
    run.assert_stderr_has("`versus themes` lists the bundled schemes");
}

#[test]
fn a_missing_extra_stylesheet_is_an_error_at_its_name() {
    let site = with_config("extra_css = [\n  \"site.css\",\n  \"custom.css\",\n]");
    site.write("static/site.css", "p{}\n");
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at("versus.toml", 3);
    run.assert_stderr_has("stylesheet `custom.css` of `extra_css` is not in `static/`");
    run.assert_stderr_has("put the file at `static/custom.css`");
    assert!(!site.public().exists());
}

#[test]
fn an_accent_that_is_not_a_colour_is_an_error_at_its_line() {
    let site = with_config("accent_color = \"purple\"");
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at("versus.toml", 1);
    run.assert_stderr_has("`purple` is not a colour");
}

#[test]
fn a_missing_template_names_who_wanted_it_and_where_versus_looked() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/report.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% include \"parts/score.html\" %}\n{% endblock main %}\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at("templates/report.html", 3);
    run.assert_stderr_has(
        "template `report.html` includes `parts/score.html`, which no template folder has",
    );
    run.assert_stderr_has("looked in `templates/`, the built-in theme `default`");
    run.assert_stderr_has("add `templates/parts/score.html`");
}

#[test]
fn a_template_error_names_the_site_template_and_line() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.titel }}</p>\n{% endblock main %}\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at("templates/404.html", 3);
    run.assert_stderr_has("template `404.html`");
    run.assert_stderr_has("titel");
}

/// The fenced blocks of `docs/themes.md` that follow a line naming `file`
/// (like "`static/custom.css`:"), in its example section.
fn doc_block(doc: &str, file: &str) -> String {
    let example = doc
        .split("## Example")
        .nth(1)
        .expect("docs/themes.md has an example section");
    let after = example
        .split(&format!("`{file}`:"))
        .nth(1)
        .unwrap_or_else(|| panic!("the example shows {file}"));
    let body = after.split("```").nth(1).expect("a fenced block");
    body.split_once('\n').expect("an info string").1.to_string()
}

#[test]
fn the_example_of_docs_themes_builds_and_restyles_the_report_page() {
    let doc = std::fs::read_to_string(common::repo_root().join("docs/themes.md"))
        .expect("docs/themes.md");
    let site = TestSite::fixture("basic");
    site.write("versus.toml", doc_block(&doc, "versus.toml"));
    let css = doc_block(&doc, "static/custom.css");
    assert!(css.contains("--sans"), "{css}");
    site.write("static/custom.css", &css);
    site.build_ok(&[]);
    let links = stylesheets(&site.output("r/index.html"));
    let custom = links.last().unwrap();
    assert_eq!(site.output(custom.trim_start_matches('/')), css);
    let accent = links.iter().find(|l| l.contains("/accent.")).unwrap();
    assert!(
        site.output(accent.trim_start_matches('/'))
            .contains("--accent:#7c3aed")
    );
    // The class rules of the example name elements the report page has.
    let page = site.output("r/index.html");
    assert!(page.contains("class=\"page-report\""));
    assert!(page.contains("criterion-title"));
}

mod serve_support;

#[test]
fn serve_picks_up_a_new_site_template() {
    use std::time::Duration;
    let site = serve_support::Site::small();
    let server = serve_support::Server::start(&site.root);
    let events = server.events();
    assert!(!server.get("/404.html").text().contains("Nothing to see"));
    serve_support::write(
        &site.path("templates/404.html"),
        "{% extends \"base.html\" %}\n{% block main %}<h1>Nothing to see</h1>{% endblock main %}\n",
    );
    events.until(Duration::from_secs(20), "the new 404 page", |e| {
        e.kind == "reload"
    });
    assert!(server.get("/404.html").text().contains("Nothing to see"));
    // Its removal brings the built-in page back.
    std::fs::remove_file(site.path("templates/404.html")).unwrap();
    events.until(Duration::from_secs(20), "the built-in 404 page", |e| {
        e.kind == "reload"
    });
    assert!(!server.get("/404.html").text().contains("Nothing to see"));
}
