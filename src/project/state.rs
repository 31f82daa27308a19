//! What a project keeps per site, report, criterion and conclusion, and the
//! functions that load and transform each unit: the same functions serve a
//! clean build and an incremental rebuild.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::colocated::{Colocated, colocated_files};

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::load::{
    CONTENT_DIR, LoadOptions, ReportHead, assemble_report, load_conclusion, load_criterion,
    load_report_head, report_sources,
};
use crate::model::{Conclusion, Criterion, Report};
use crate::render::context::SiteView;
use crate::render::{OutputFile, Renderer};
use crate::transform::highlight::Highlighter;
use crate::transform::{BodyOutput, transform_conclusion, transform_criterion, transform_intro};
use crate::util::ignore::is_ignored_name;
use crate::util::io::io_error;

/// The loaded site: configuration, theme, reports, static files, and what
/// the last run of each hook said.
pub(super) struct SiteState {
    pub(super) config: SiteConfig,
    pub(super) renderer: Result<Renderer, Diagnostic>,
    pub(super) plugin_errors: Vec<Diagnostic>,
    pub(super) reports: BTreeMap<PathBuf, ReportState>,
    pub(super) statics: Result<Vec<OutputFile>, Diagnostic>,
    pub(super) site_view: Option<SiteView>,
    /// Home and 404 pages: as rendered, and after the pages hook.
    pub(super) site_pages: Vec<(OutputFile, OutputFile)>,
    pub(super) site_page_errors: Vec<Diagnostic>,
    /// What the output hook said last time.
    pub(super) output_diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub(super) struct ReportState {
    pub(super) head: Option<ReportHead>,
    pub(super) head_diagnostics: Vec<Diagnostic>,
    pub(super) sources_error: Option<Diagnostic>,
    pub(super) intro: Option<BodyOutput>,
    pub(super) criteria: BTreeMap<PathBuf, CriterionState>,
    pub(super) conclusion: Option<ConclusionState>,
    /// The assembled report after the reports hook, once built.
    pub(super) built: Option<Report>,
    pub(super) assemble_diagnostics: Vec<Diagnostic>,
    /// What the reports hook said about this report at its last run.
    pub(super) reports_hook_diagnostics: Vec<Diagnostic>,
    /// What the pages hook said about this report's page at its last run.
    pub(super) pages_hook_diagnostics: Vec<Diagnostic>,
    /// The report's page after the pages hook, once rendered.
    pub(super) pages: Option<Result<OutputFile, Diagnostic>>,
    /// The files kept beside the report's Markdown, published with it.
    pub(super) colocated: Option<Result<Colocated, Diagnostic>>,
}

pub(super) struct CriterionState {
    pub(super) criterion: Option<Criterion>,
    pub(super) load_diagnostics: Vec<Diagnostic>,
    pub(super) body: BodyOutput,
}

pub(super) struct ConclusionState {
    pub(super) path: PathBuf,
    pub(super) conclusion: Result<Conclusion, Diagnostic>,
    pub(super) body: BodyOutput,
}

/// The report folders of `content/`, sorted.
pub(super) fn report_dirs(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let content = root.join(CONTENT_DIR);
    let mut dirs = Vec::new();
    let entries =
        std::fs::read_dir(&content).map_err(|source| io_error("list", CONTENT_DIR, source))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_ignored_name(&name) && entry.path().is_dir() {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// Loads a report folder's sources (no rendering yet).
pub(super) fn load_report_sources(root: &Path, dir: &Path, options: &LoadOptions) -> ReportState {
    let (head, head_diagnostics) = load_report_head(root, dir, options);
    let mut state = ReportState {
        head,
        head_diagnostics,
        ..ReportState::default()
    };
    let Some(head) = &state.head else {
        return state;
    };
    let sources = match report_sources(root, dir) {
        Ok(sources) => sources,
        Err(d) => {
            state.sources_error = Some(d);
            return state;
        }
    };
    state.criteria = sources
        .criteria
        .par_iter()
        .map(|source| {
            let (criterion, load_diagnostics) =
                load_criterion(root, source, &head.contenders, options);
            (
                source.path.clone(),
                CriterionState {
                    criterion,
                    load_diagnostics,
                    body: BodyOutput::default(),
                },
            )
        })
        .collect();
    state.conclusion = sources.conclusion.map(|path| ConclusionState {
        conclusion: load_conclusion(root, &path),
        path,
        body: BodyOutput::default(),
    });
    state.colocated = Some(report_colocated(&state, root, dir));
    state
}

/// Lists a report's colocated files; the criteria's samples are published
/// only when linked.
pub(super) fn report_colocated(
    state: &ReportState,
    root: &Path,
    dir: &Path,
) -> Result<Colocated, Diagnostic> {
    let Some(head) = &state.head else {
        return Ok(Colocated::default());
    };
    let samples: std::collections::HashSet<PathBuf> = state
        .criteria
        .values()
        .filter_map(|c| c.criterion.as_ref())
        .flat_map(|c| c.samples.iter().map(|s| s.file.path.clone()))
        .collect();
    colocated_files(root, dir, &head.slug, &samples)
}

/// The colocated files of a report to publish: all but the samples its
/// prose does not link to; and the linked samples that could not be read.
pub(super) fn published_colocated(
    state: &ReportState,
    root: &Path,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let (Some(head), Some(Ok(colocated))) = (&state.head, &state.colocated) else {
        return (Vec::new(), Vec::new());
    };
    let linked: std::collections::HashSet<String> = state
        .criteria
        .values()
        .map(|c| &c.body)
        .chain(state.intro.iter())
        .chain(state.conclusion.iter().map(|c| &c.body))
        .flat_map(|body| body.links.iter().cloned())
        .collect();
    colocated.files(root, &head.slug, &linked)
}

/// Re-lists a report folder and reloads the criteria (and conclusion) that
/// changed, were added, or include a changed file. Returns whether anything
/// did.
pub(super) fn update_report_sources(
    state: &mut ReportState,
    root: &Path,
    dir: &Path,
    changed: &BTreeSet<PathBuf>,
    options: &LoadOptions,
) -> bool {
    let Some(head) = &state.head else {
        return false;
    };
    let sources = match report_sources(root, dir) {
        Ok(sources) => sources,
        Err(d) => {
            state.sources_error = Some(d);
            state.built = None;
            state.pages = None;
            return true;
        }
    };
    state.sources_error = None;
    let touches = |source: &Path| changed.iter().any(|p| p.starts_with(source));
    let mut dirty = false;
    let mut criteria = BTreeMap::new();
    for source in &sources.criteria {
        let path = &source.path;
        let reuse = state
            .criteria
            .remove(path)
            .filter(|old| !touches(path) && !old.body.deps.iter().any(|d| changed.contains(d)));
        let entry = match reuse {
            Some(old) => old,
            None => {
                dirty = true;
                let (criterion, load_diagnostics) =
                    load_criterion(root, source, &head.contenders, options);
                CriterionState {
                    criterion,
                    load_diagnostics,
                    body: BodyOutput::default(),
                }
            }
        };
        criteria.insert(path.clone(), entry);
    }
    // Criteria left in the old map were deleted or renamed.
    dirty |= !state.criteria.is_empty();
    state.criteria = criteria;

    let conclusion_dirty = match (&state.conclusion, &sources.conclusion) {
        (None, None) => false,
        (Some(old), Some(path)) => {
            old.path != *path || touches(path) || old.body.deps.iter().any(|d| changed.contains(d))
        }
        _ => true,
    };
    if conclusion_dirty {
        dirty = true;
        state.conclusion = sources.conclusion.map(|path| ConclusionState {
            conclusion: load_conclusion(root, &path),
            path,
            body: BodyOutput::default(),
        });
    }
    if dirty {
        state.built = None;
        state.pages = None;
    }
    dirty
}

/// Renders the bodies that are not rendered yet: all of them on a fresh
/// state; on an update, those whose body is empty (just reloaded).
pub(super) fn transform_report_state(
    state: &mut ReportState,
    root: &Path,
    highlighter: &Highlighter,
    only_new: Option<&BTreeSet<PathBuf>>,
) {
    let Some(head) = &state.head else {
        return;
    };
    // Bodies render against a report that has the contenders but no
    // criteria: they need names and colours, never each other.
    let (shell, _) = assemble_report(head.clone(), Vec::new(), None);
    if only_new.is_none() || state.intro.is_none() {
        state.intro = Some(transform_intro(&shell, root, highlighter));
    }
    state
        .criteria
        .par_iter_mut()
        .for_each(|(_, criterion_state)| {
            let fresh =
                criterion_state.body.html.is_empty() && criterion_state.body.diagnostics.is_empty();
            if only_new.is_some() && !fresh {
                return;
            }
            if let Some(criterion) = &criterion_state.criterion {
                criterion_state.body = transform_criterion(criterion, &shell, root, highlighter);
            }
        });
    if let Some(conclusion) = &mut state.conclusion {
        let fresh = conclusion.body.html.is_empty() && conclusion.body.diagnostics.is_empty();
        if (only_new.is_none() || fresh)
            && let Ok(c) = &conclusion.conclusion
        {
            let mut with = shell.clone();
            with.conclusion = Some(c.clone());
            if let Some(out) = transform_conclusion(&with, root, highlighter) {
                conclusion.body = out;
            }
        }
    }
    state.built = None;
    state.pages = None;
}

/// Puts a report together from its rendered parts.
pub(super) fn assemble(state: &ReportState) -> (Report, Vec<Diagnostic>) {
    let head = state
        .head
        .clone()
        .expect("only reports with a head are assembled");
    let criteria: Vec<Criterion> = state
        .criteria
        .values()
        .filter_map(|c| {
            c.criterion.as_ref().map(|criterion| {
                let mut criterion = criterion.clone();
                criterion.body.html = c.body.html.clone();
                criterion
            })
        })
        .collect();
    let conclusion = state.conclusion.as_ref().and_then(|c| {
        c.conclusion.as_ref().ok().map(|conclusion| {
            let mut conclusion = conclusion.clone();
            conclusion.body.html = c.body.html.clone();
            conclusion
        })
    });
    let (mut report, diagnostics) = assemble_report(head, criteria, conclusion);
    if let Some(intro) = &state.intro {
        report.intro.html = intro.html.clone();
    }
    (report, diagnostics)
}
