//! Stage 2: transform. Turns the loaded model into what pages show:
//! Markdown rendered to HTML with highlighted code and sample groups, the
//! scoreboard of each report, and its infographic.

pub mod highlight;
pub mod infographic;
pub mod markdown;
pub mod samples;
pub mod scoreboard;

use std::path::Path;
use std::sync::Mutex;

use pulldown_cmark::HeadingLevel;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Location};
use crate::model::{Criterion, Markdown, Report, Site};
use highlight::Highlighter;
use infographic::{Infographic, InfographicOptions, infographic};
use markdown::Marker;
use samples::{SampleItem, group_html, resolve_include};
use scoreboard::{Scoreboard, score};

/// What the transform stage adds to each report.
#[derive(Debug, Clone)]
pub struct ReportExtras {
    /// Points added up.
    pub scoreboard: Scoreboard,
    /// The infographic.
    pub infographic: Infographic,
}

/// Renders every body of the site in place and computes each report's
/// extras, in the same order as `site.reports`.
pub fn transform(
    site: &mut Site,
    highlighter: &Highlighter,
    infographic_options: InfographicOptions,
) -> (Vec<ReportExtras>, Vec<Diagnostic>) {
    let root = site
        .root
        .canonicalize()
        .unwrap_or_else(|_| site.root.clone());
    let results: Vec<(ReportExtras, Vec<Diagnostic>)> = site
        .reports
        .par_iter_mut()
        .map(|report| transform_report(report, &root, highlighter, infographic_options))
        .collect();
    let mut diagnostics = Vec::new();
    let mut extras = Vec::with_capacity(results.len());
    for (extra, found) in results {
        extras.push(extra);
        diagnostics.extend(found);
    }
    (extras, diagnostics)
}

/// Transforms one report.
pub fn transform_report(
    report: &mut Report,
    root: &Path,
    highlighter: &Highlighter,
    infographic_options: InfographicOptions,
) -> (ReportExtras, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let scoreboard = score(report);

    // Rendering needs the report read-only (for contender names) while the
    // bodies are written: render into new strings, then store them.
    let snapshot: &Report = report;
    let intro = render_body(
        &snapshot.intro,
        snapshot,
        None,
        root,
        highlighter,
        "intro-",
        HeadingLevel::H2,
    );
    let criteria: Vec<(String, Vec<Diagnostic>)> = snapshot
        .criteria
        .par_iter()
        .map(|criterion| {
            let prefix = format!("{}-", criterion.slug);
            render_body(
                &criterion.body,
                snapshot,
                Some(criterion),
                root,
                highlighter,
                &prefix,
                HeadingLevel::H3,
            )
        })
        .collect();
    let conclusion = snapshot.conclusion.as_ref().map(|conclusion| {
        render_body(
            &conclusion.body,
            snapshot,
            None,
            root,
            highlighter,
            "conclusion-",
            HeadingLevel::H3,
        )
    });

    let (html, found) = intro;
    report.intro.html = html;
    diagnostics.extend(found);
    for (criterion, (html, found)) in report.criteria.iter_mut().zip(criteria) {
        criterion.body.html = html;
        diagnostics.extend(found);
    }
    if let (Some(target), Some((html, found))) = (report.conclusion.as_mut(), conclusion) {
        target.body.html = html;
        diagnostics.extend(found);
    }
    let infographic = infographic(report, &scoreboard, infographic_options);
    (
        ReportExtras {
            scoreboard,
            infographic,
        },
        diagnostics,
    )
}

/// Renders one Markdown body, resolving its markers; a criterion's samples
/// go where `<!-- versus:samples -->` says, or after the prose.
fn render_body(
    body: &Markdown,
    report: &Report,
    criterion: Option<&Criterion>,
    root: &Path,
    highlighter: &Highlighter,
    id_prefix: &str,
    min_level: HeadingLevel,
) -> (String, Vec<Diagnostic>) {
    let warnings = Mutex::new(Vec::new());
    let own_samples = || -> Vec<SampleItem> {
        criterion
            .map(|c| {
                c.samples
                    .iter()
                    .map(|s| SampleItem::from_sample(s, report))
                    .collect()
            })
            .unwrap_or_default()
    };
    let group = |items: &[SampleItem]| -> String {
        if items.is_empty() {
            return String::new();
        }
        let (html, found) = group_html(items, highlighter);
        warnings.lock().expect("warnings").extend(found);
        html
    };
    let on_marker = |marker: &Marker, at: Location| -> Result<String, Diagnostic> {
        match marker {
            Marker::Samples => Ok(group(&own_samples())),
            Marker::Include(specs) => {
                let items = specs
                    .iter()
                    .map(|spec| resolve_include(spec, &body.file, root, report, &at))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(group(&items))
            }
        }
    };
    let rendered = markdown::render(body, highlighter, id_prefix, min_level, &on_marker);
    let mut html = rendered.html;
    if !rendered.placed_samples {
        html.push_str(&group(&own_samples()));
    }
    let mut diagnostics = rendered.diagnostics;
    diagnostics.extend(warnings.into_inner().expect("warnings"));
    (html, diagnostics)
}
