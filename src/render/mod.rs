//! Stage 3: render. Fills the theme's templates with the transformed model
//! and lists every file of the output: pages, infographics, hashed theme
//! assets, the site's own static files, the sitemap.

pub mod code_theme;
pub mod context;
pub mod og_image;
pub mod theme;

use std::borrow::Cow;
use std::path::Path;

use indexmap::IndexMap;
use serde::Serialize;
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::model::Report;
use crate::source::{WalkContainment, display_path, read_bytes};
use context::{PageView, ReportView, SiteView, permalink, report_view};
use theme::{Theme, content_hash, hashed_name};

/// The output folder of theme assets, whose names carry a content hash and
/// may be cached forever.
pub const ASSETS_DIR: &str = "assets";

/// One file of the output, by its path under the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path under the output folder, with `/`.
    pub path: String,
    /// What to write there.
    pub contents: Contents,
}

/// The bytes of an output file: shared, so that keeping a site in memory
/// between rebuilds and serving it copies nothing.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Bytes in memory (static for the built-in theme's assets).
    Bytes(bytes::Bytes),
}

impl Contents {
    /// Whether two contents hold the same bytes (the same buffer is
    /// recognised without reading it).
    pub fn same_as(&self, other: &Contents) -> bool {
        let (Contents::Bytes(a), Contents::Bytes(b)) = (self, other);
        same_bytes(a, b)
    }
}

/// Whether two buffers hold the same bytes; a shared buffer is recognised
/// without reading it, which keeps comparing a large unchanged site cheap.
pub fn same_bytes(a: &bytes::Bytes, b: &bytes::Bytes) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

impl OutputFile {
    /// A file with these bytes.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<bytes::Bytes>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes.into()),
        }
    }
}

/// Shares static bytes, copies owned ones.
pub fn shared_bytes(cow: Cow<'static, [u8]>) -> bytes::Bytes {
    match cow {
        Cow::Borrowed(b) => bytes::Bytes::from_static(b),
        Cow::Owned(v) => bytes::Bytes::from(v),
    }
}

/// A theme ready to render: compiled templates and the URLs of its assets.
pub struct Renderer {
    tera: Tera,
    theme: Theme,
    /// Logical asset name → URL, as templates see it in `assets`.
    pub assets: IndexMap<String, String>,
    /// The site's own stylesheets (accent colours, `extra_css`), linked
    /// after the theme's, as templates see them in `stylesheets`.
    pub stylesheets: Vec<String>,
    asset_files: Vec<OutputFile>,
}

impl Renderer {
    /// Compiles the theme's templates and names its assets under the base
    /// path, with the style `versus.toml` sets: code colour schemes, accent
    /// colours and the stylesheets of `extra_css` (read from `root/static/`).
    pub fn new(theme: Theme, config: &SiteConfig, root: &Path) -> Result<Renderer, Diagnostic> {
        let base_path = config.base_path();
        let style = &config.style;
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
        tera.register_filter("safe", SafeWithoutCopy);
        let sources: Vec<(String, String)> = theme
            .templates
            .iter()
            .map(|(name, file)| (name.clone(), file.text.clone()))
            .collect();
        if let Some(missing) = missing_templates(&theme).into_iter().next() {
            return Err(missing);
        }
        tera.add_raw_templates(sources)
            .map_err(|err| template_error(&err, &theme, None))?;
        for required in ["index.html", "report.html", "404.html"] {
            if !tera.contains_template(required) {
                return Err(Diagnostic::error(Problem::Template {
                    name: required.to_string(),
                    message: format!(
                        "versus renders every site with `{required}`, and there is none in {}",
                        theme.searched.join(", ")
                    ),
                }));
            }
        }
        let mut assets = IndexMap::new();
        let mut asset_files = Vec::new();
        for asset in &theme.assets {
            let hashed = format!("{ASSETS_DIR}/{}", asset.hashed_path());
            assets.insert(asset.path.clone(), format!("{base_path}{hashed}"));
            asset_files.push(OutputFile::bytes(hashed, shared_bytes(asset.bytes.clone())));
        }
        let mut add = |name: &str, bytes: Vec<u8>| -> String {
            let hashed = format!("{ASSETS_DIR}/{}", hashed_name(name, &content_hash(&bytes)));
            let url = format!("{base_path}{hashed}");
            assets.insert(name.to_string(), url.clone());
            asset_files.push(OutputFile::bytes(hashed, bytes));
            url
        };
        add(
            "highlight.css",
            code_theme::scheme_css(&style.code).into_bytes(),
        );
        let mut stylesheets = Vec::new();
        if let Some(css) = accent_css(style.accent.as_deref(), style.accent_dark.as_deref()) {
            stylesheets.push(add("accent.css", css.into_bytes()));
        }
        for (name, span) in &style.extra_css {
            let path = root.join("static").join(name);
            if !path.is_file() {
                return Err(
                    Diagnostic::error(Problem::MissingExtraCss { name: name.clone() })
                        .at(Location::span(&config.source, span.clone())),
                );
            }
            stylesheets.push(add(name, read_bytes(root, &path)?));
        }
        Ok(Renderer {
            tera,
            theme,
            assets,
            stylesheets,
            asset_files,
        })
    }

    /// The theme's assets and the generated highlight stylesheet.
    pub fn asset_files(&self) -> &[OutputFile] {
        &self.asset_files
    }

    /// The theme being rendered.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Renders `template` with `data` into the bytes of a page (UTF-8: the
    /// templates and every value are text).
    fn render(&self, template: &str, data: PageData<'_>) -> Result<Vec<u8>, Diagnostic> {
        // Sized for the page's big pieces up front: a page of a large
        // report is hundreds of kilobytes, and growing the buffer to it
        // copied the page again at each doubling.
        let mut page = Vec::with_capacity(data.report.map_or(0, ReportView::html_len) + 64 * 1024);
        let context = PageContext {
            site: data.site,
            page: data.page,
            report: data.report,
            assets: &self.assets,
            stylesheets: &self.stylesheets,
            versus_version: env!("CARGO_PKG_VERSION"),
        };
        let context = Context::from_serialize(&context)
            .map_err(|err| template_error(&err, &self.theme, Some(template)))?;
        self.tera
            .render_to(template, &context, &mut page)
            .map_err(|err| template_error(&err, &self.theme, Some(template)))?;
        Ok(page)
    }
}

/// Tera's `safe` filter, without the copy: the built-in one copies the
/// string it marks, and every criterion's HTML goes through it, so a page
/// of a large report was copied once more whole. A string comes back as it
/// is (its text is shared), marked safe; anything else is written out as
/// the built-in filter writes it.
struct SafeWithoutCopy;

impl tera::Filter<tera::Value, tera::Value> for SafeWithoutCopy {
    fn call(&self, value: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
        if value.as_str().is_some() {
            value
        } else {
            tera::Value::safe_string(&value.to_string())
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// What a page passes to its template.
struct PageData<'a> {
    site: &'a SiteView,
    page: &'a PageView,
    report: Option<&'a ReportView>,
}

/// The template context, serialized once, straight into Tera's values.
#[derive(Serialize)]
struct PageContext<'a> {
    site: &'a SiteView,
    page: &'a PageView,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a ReportView>,
    assets: &'a IndexMap<String, String>,
    stylesheets: &'a [String],
    versus_version: &'static str,
}

/// The stylesheet that sets the accent colours: `--accent` of the light
/// scheme, and of the dark one (on screens, as the theme's own rules).
fn accent_css(light: Option<&str>, dark: Option<&str>) -> Option<String> {
    if light.is_none() && dark.is_none() {
        return None;
    }
    let mut css = String::from("/* Accent colours from versus.toml. */\n");
    if let Some(light) = light {
        css.push_str(&format!(":root{{--accent:{light}}}\n"));
    }
    if let Some(dark) = dark {
        css.push_str(&format!(
            "@media screen{{:root[data-theme=\"dark\"]{{--accent:{dark}}}}}\n\
             @media screen and (prefers-color-scheme:dark){{:root:not([data-theme=\"light\"]){{--accent:{dark}}}}}\n"
        ));
    }
    Some(css)
}

/// Adds the site's static files; generated files win over a static file of
/// the same name.
pub fn merge_static(mut files: Vec<OutputFile>, statics: Vec<OutputFile>) -> Vec<OutputFile> {
    let taken: std::collections::HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    files.extend(statics.into_iter().filter(|f| !taken.contains(&f.path)));
    files
}

/// Static files whose path is one versus generates (`static/index.html`):
/// errors, since one of the two would be lost.
pub fn static_collisions(generated: &[OutputFile], statics: &[OutputFile]) -> Vec<Diagnostic> {
    let taken: std::collections::HashSet<&str> =
        generated.iter().map(|f| f.path.as_str()).collect();
    statics
        .iter()
        .filter(|f| taken.contains(f.path.as_str()))
        .map(|f| {
            Diagnostic::error(Problem::StaticReplacesPage {
                path: format!("static/{}", f.path),
                page: f.path.clone(),
            })
        })
        .collect()
}

/// The home page.
pub fn render_home(
    renderer: &Renderer,
    config: &SiteConfig,
    site_view: &SiteView,
) -> Result<OutputFile, Diagnostic> {
    let home = PageView {
        kind: "home",
        url: config.base_url.to_string(),
        path: config.base_path().to_string(),
        title: config.title.clone(),
        description: config.description.clone(),
    };
    let html = renderer.render(
        "index.html",
        PageData {
            site: site_view,
            page: &home,
            report: None,
        },
    )?;
    Ok(OutputFile::bytes("index.html", html))
}

/// The page shown for unknown paths.
pub fn render_not_found(
    renderer: &Renderer,
    config: &SiteConfig,
    site_view: &SiteView,
) -> Result<OutputFile, Diagnostic> {
    let not_found = PageView {
        kind: "404",
        url: permalink(config, "404.html"),
        path: format!("{}404.html", config.base_path()),
        title: "Page not found".to_string(),
        description: config.description.clone(),
    };
    let html = renderer.render(
        "404.html",
        PageData {
            site: site_view,
            page: &not_found,
            report: None,
        },
    )?;
    Ok(OutputFile::bytes("404.html", html))
}

/// A report's page.
pub fn render_report(
    renderer: &Renderer,
    config: &SiteConfig,
    site_view: &SiteView,
    report: &Report,
) -> Result<OutputFile, Diagnostic> {
    let logo_url = |logo: &str| match logo.strip_prefix('/') {
        Some(rest) => format!("{}{rest}", config.base_path()),
        None => format!("{}{}/{logo}", config.base_path(), report.slug),
    };
    let view: ReportView = report_view(config, report, &logo_url);
    let page = PageView {
        kind: "report",
        url: view.permalink.clone(),
        path: view.url.clone(),
        title: report.title.clone(),
        description: report.description.clone(),
    };
    let html = renderer.render(
        "report.html",
        PageData {
            site: site_view,
            page: &page,
            report: Some(&view),
        },
    )?;
    Ok(OutputFile::bytes(
        format!("{}/index.html", report.slug),
        html,
    ))
}

/// The files of the site's `static/` folder, copied as they are.
pub fn static_files(root: &Path) -> Result<Vec<OutputFile>, Diagnostic> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    // Links are followed so that a link to a file outside the site is caught
    // below rather than silently skipped.
    let mut containment = WalkContainment::new(root, &dir);
    for entry in WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(Problem::Io {
                action: "read",
                path: display_path(root, e.path().unwrap_or(&dir)),
                source: std::io::Error::from(e).into(),
            })
        })?;
        // A link in static/ must not publish a file from outside the site.
        let inside = containment.is_inside(&entry);
        if !entry.file_type().is_file()
            || crate::util::ignore::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        if !inside {
            return Err(Diagnostic::error(Problem::OutsideRoot {
                path: display_path(root, entry.path()),
            }));
        }
        let bytes = read_bytes(root, entry.path())?;
        files.push(OutputFile::bytes(display_path(&dir, entry.path()), bytes));
    }
    Ok(files)
}

/// Every `{% extends "x" %}` and `{% include "x" %}` that names a template
/// no layer has, at the name, saying where versus looked.
fn missing_templates(theme: &Theme) -> Vec<Diagnostic> {
    let known = |name: &str| theme.templates.iter().any(|(n, _)| n == name);
    let mut missing = Vec::new();
    for (name, file) in &theme.templates {
        let text = file.text.as_str();
        let mut from = 0;
        while let Some(open) = text[from..].find("{%").map(|i| from + i) {
            from = open + 2;
            let tag = text[from..].trim_start_matches(['-', ' ', '\t', '\n', '\r']);
            let Some(rest) = ["extends", "include"]
                .iter()
                .find_map(|word| tag.strip_prefix(word).map(|rest| (*word, rest)))
            else {
                continue;
            };
            let (word, rest) = rest;
            let quoted = rest.trim_start();
            let Some(quote) = quoted.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(len) = quoted[1..].find(quote) else {
                continue;
            };
            let wanted = &quoted[1..1 + len];
            if known(wanted) {
                continue;
            }
            let start = text.len() - quoted.len();
            missing.push(
                Diagnostic::error(Problem::MissingTemplate {
                    name: wanted.to_string(),
                    wanted_by: name.clone(),
                    how: if word == "extends" {
                        "extends"
                    } else {
                        "includes"
                    },
                    searched: theme.searched.join(", "),
                })
                .at(Location::span(file, start..start + len + 2)),
            );
        }
    }
    missing
}

/// A Tera error as a diagnostic pointing into the template.
fn template_error(err: &tera::Error, theme: &Theme, rendering: Option<&str>) -> Diagnostic {
    use tera::ErrorKind;
    let report = match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => Some(report),
        _ => None,
    };
    let Some(report) = report else {
        let mut message = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        return Diagnostic::error(Problem::Template {
            name: rendering.unwrap_or("?").to_string(),
            message,
        });
    };
    let name = report.filename().to_string();
    let file = theme
        .templates
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| f);
    let location = file.map(|file| Location::span(file, report.span().range.clone()));
    Diagnostic::error(Problem::Template {
        name: if name.is_empty() {
            rendering.unwrap_or("?").to_string()
        } else {
            name
        },
        message: report.message().to_string(),
    })
    .at_opt(location)
}

/// A criterion's body as its page shows it: the prose, with the drawn
/// samples where it says `<!-- versus:samples -->` (else after it) and the
/// chart where it says `<!-- versus:chart -->` (else after the samples).
/// Render is the one place the typed parts become HTML; a marker with
/// nothing to show is dropped.
pub fn criterion_body_html(criterion: &crate::model::Criterion) -> String {
    use crate::transform::markdown::{CHART_SLOT, SAMPLES_SLOT};
    use crate::transform::samples::{pair_size, write_at_slot, write_pair};
    let prose = &criterion.body.html;
    let chart = criterion.chart_html.as_deref().unwrap_or_default();
    let pair = |out: &mut String| {
        if let Some(pair) = &criterion.pair {
            write_pair(out, pair);
        }
    };
    let size = prose.len() + criterion.pair.as_ref().map_or(0, pair_size) + chart.len();
    let mut html = String::with_capacity(size);
    // Markers are looked for in the prose only, never in the code of the
    // samples (most of a page's bytes).
    if !prose.contains(CHART_SLOT) {
        write_at_slot(&mut html, prose, SAMPLES_SLOT, pair);
        html.push_str(chart);
        return html;
    }
    let mut with_chart = String::with_capacity(prose.len() + chart.len());
    write_at_slot(&mut with_chart, prose, CHART_SLOT, |out| {
        out.push_str(chart)
    });
    write_at_slot(&mut html, &with_chart, SAMPLES_SLOT, pair);
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Criterion, Markdown, SampleFigure, SamplePair};
    use crate::source::SourceFile;

    #[test]
    fn safe_marks_without_copying_and_writes_other_values_as_tera_does() {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.register_filter("safe", SafeWithoutCopy);
        tera.add_raw_template(
            "t.html",
            "{{ long | safe }}|{{ long }}|{{ short | safe }}|{{ n | safe }}|{{ list | safe }}",
        )
        .unwrap();
        let mut context = Context::new();
        let long = "<b>a string longer than twenty-one bytes</b>";
        context.insert("long", long);
        context.insert("short", "<i>x</i>");
        context.insert("n", &3.5);
        context.insert("list", &["<a>"]);
        let out = tera.render("t.html", &context).unwrap();
        let mut builtin = Tera::new();
        builtin.autoescape_on([".html"]);
        builtin
            .add_raw_template("t.html", "{{ n | safe }}|{{ list | safe }}")
            .unwrap();
        let theirs = builtin.render("t.html", &context).unwrap();
        assert_eq!(
            out,
            format!(
                "{long}|&lt;b&gt;a string longer than twenty-one bytes&lt;/b&gt;|<i>x</i>|{theirs}"
            )
        );
    }

    fn criterion(prose: &str) -> Criterion {
        Criterion {
            slug: "speed".into(),
            name: "02-speed".into(),
            position: 2,
            title: "Speed".into(),
            summary: String::new(),
            points: Default::default(),
            body: Markdown {
                file: std::sync::Arc::new(SourceFile::new("a.md", "a.md", "")),
                offset: 0,
                html: prose.into(),
            },
            samples: Vec::new(),
            line_numbers: false,
            highlight: Default::default(),
            extra: serde_json::Value::Null,
            evidence: Default::default(),
            data: Default::default(),
            pair: Some(SamplePair {
                figures: vec![SampleFigure {
                    contender: Some("node".into()),
                    code_html: "<pre>CODE</pre>".into(),
                    ..Default::default()
                }],
            }),
            chart_html: Some("<svg>CHART</svg>".into()),
        }
    }

    /// The order in which the prose's paragraphs (`P1`, `P2`), the samples
    /// and the chart come out.
    fn order(html: &str) -> Vec<&'static str> {
        let mut found: Vec<(usize, &'static str)> = [
            ("P1", "P1"),
            ("P2", "P2"),
            ("CODE", "samples"),
            ("CHART", "chart"),
        ]
        .into_iter()
        .flat_map(|(needle, name)| html.match_indices(needle).map(move |(at, _)| (at, name)))
        .collect();
        found.sort();
        found.into_iter().map(|(_, name)| name).collect()
    }

    #[test]
    fn samples_and_chart_go_to_their_markers_or_after_the_prose() {
        let cases = [
            ("<p>P1</p><p>P2</p>", vec!["P1", "P2", "samples", "chart"]),
            (
                "<p>P1</p><!-- versus:samples --><p>P2</p>",
                vec!["P1", "samples", "P2", "chart"],
            ),
            (
                "<p>P1</p><!-- versus:chart --><p>P2</p><!-- versus:samples -->",
                vec!["P1", "chart", "P2", "samples"],
            ),
            (
                "<!-- versus:samples --><p>P1</p><!-- versus:samples --><!-- versus:chart --><p>P2</p><!-- versus:chart -->",
                vec!["samples", "P1", "chart", "P2"],
            ),
        ];
        for (prose, expected) in cases {
            let html = criterion_body_html(&criterion(prose));
            assert_eq!(order(&html), expected, "{prose}\n{html}");
            assert!(!html.contains("versus:"), "no marker is left: {html}");
        }
        // Nothing to show: the markers are dropped all the same.
        let mut bare = criterion("<p>P1</p><!-- versus:samples --><!-- versus:chart -->");
        bare.pair = None;
        bare.chart_html = None;
        assert_eq!(criterion_body_html(&bare), "<p>P1</p>");
    }
}
