//! Stage 2: transform. Turns the loaded model into what pages show:
//! Markdown rendered to HTML with highlighted code and sample groups, the
//! scoreboard of each report, and its infographic.

pub mod highlight;
pub mod infographic;
pub mod lines;
pub mod markdown;
pub mod samples;
pub mod scoreboard;
pub mod syntax_mapping;
pub mod tree_sitter_engine;

use std::path::Path;
use std::sync::{Arc, Mutex};

use pulldown_cmark::HeadingLevel;

use crate::diagnostics::{Diagnostic, Location};
use crate::model::{Criterion, Markdown, Report};
use highlight::{Highlighted, Highlighter};
use markdown::Marker;
use markdown::{CHART_SLOT, SAMPLES_SLOT};
use samples::{SampleItem, draw_group, include_path, pair_html, resolve_include};

/// A rendered body, what went wrong, and the files outside its own folder it
/// read (include markers), so a rebuild knows when to render it again.
#[derive(Debug, Default)]
pub struct BodyOutput {
    /// The HTML.
    pub html: String,
    /// Warnings and errors.
    pub diagnostics: Vec<Diagnostic>,
    /// Files included through markers.
    pub deps: Vec<std::path::PathBuf>,
    /// Where the relative links and images of the prose lead, from the
    /// report folder (`01-speed/chart.png`): a sample file linked to is
    /// published.
    pub links: Vec<String>,
    /// The highlighted code blocks in the HTML. While a body holds them the
    /// highlighter remembers them too, so that rendering the body again
    /// re-highlights only code that changed; code that left the site is
    /// forgotten (see [`Highlighter::forget_unused`]).
    pub code: Vec<Arc<Highlighted>>,
}

/// Renders a criterion's prose and samples.
pub fn transform_criterion(
    criterion: &Criterion,
    report: &Report,
    root: &Path,
    highlighter: &Highlighter,
) -> BodyOutput {
    let prefix = format!("{}-", criterion.slug);
    render_body(
        &criterion.body,
        report,
        Some(criterion),
        root,
        highlighter,
        &prefix,
        HeadingLevel::H3,
    )
}

/// Renders a report's introduction.
pub fn transform_intro(report: &Report, root: &Path, highlighter: &Highlighter) -> BodyOutput {
    render_body(
        &report.intro,
        report,
        None,
        root,
        highlighter,
        "intro-",
        HeadingLevel::H2,
    )
}

/// Renders a report's conclusion, if it has one.
pub fn transform_conclusion(
    report: &Report,
    root: &Path,
    highlighter: &Highlighter,
) -> Option<BodyOutput> {
    report.conclusion.as_ref().map(|conclusion| {
        render_body(
            &conclusion.body,
            report,
            None,
            root,
            highlighter,
            "conclusion-",
            HeadingLevel::H3,
        )
    })
}

/// Renders one Markdown body, resolving its include markers. The samples
/// and chart markers stay in the HTML: render puts a criterion's drawn
/// samples and chart there (see [`crate::render::criterion_body_html`]).
fn render_body(
    body: &Markdown,
    report: &Report,
    criterion: Option<&Criterion>,
    root: &Path,
    highlighter: &Highlighter,
    id_prefix: &str,
    min_level: HeadingLevel,
) -> BodyOutput {
    let warnings = Mutex::new(Vec::new());
    let deps = Mutex::new(Vec::new());
    let code = Mutex::new(Vec::new());
    let group = |items: &[SampleItem]| -> String {
        if items.is_empty() {
            return String::new();
        }
        let group = draw_group(items, highlighter);
        warnings.lock().expect("warnings").extend(group.diagnostics);
        code.lock().expect("code").extend(group.code);
        pair_html(&group.pair)
    };
    let on_marker = |marker: &Marker, at: Location| -> Result<String, Diagnostic> {
        match marker {
            // The author's own markers stay in the prose, where render
            // puts the criterion's samples and chart.
            Marker::Samples => Ok(SAMPLES_SLOT.to_string()),
            Marker::Chart => Ok(CHART_SLOT.to_string()),
            Marker::Include(specs, options) => {
                // Recorded before resolving: a file that is missing now must
                // trigger a re-render when it appears.
                deps.lock().expect("deps").extend(specs.iter().map(|spec| {
                    crate::util::paths::normalize_path(&include_path(spec, &body.file, root))
                }));
                let items = specs
                    .iter()
                    .map(|spec| resolve_include(spec, options, &body.file, root, report, &at))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(group(&items))
            }
        }
    };
    // A criterion folder's files are published under the folder's name
    // beside the report page, so its relative links get that prefix.
    let link_prefix = match criterion {
        Some(c) if c.body.file.path.ends_with(crate::load::INDEX_FILE) => format!("{}/", c.name),
        _ => String::new(),
    };
    let rendered = markdown::render_relinked(
        body,
        highlighter,
        id_prefix,
        min_level,
        &link_prefix,
        &on_marker,
    );
    let html = rendered.html;
    let mut diagnostics = rendered.diagnostics;
    diagnostics.extend(warnings.into_inner().expect("warnings"));
    let mut blocks = rendered.code;
    blocks.extend(code.into_inner().expect("code"));
    BodyOutput {
        html,
        diagnostics,
        deps: deps.into_inner().expect("deps"),
        links: rendered.links,
        code: blocks,
    }
}
