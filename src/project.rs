//! A site kept in memory between builds, so that a change rebuilds only
//! what it affects.
//!
//! `versus build` opens a project once and writes its output; `versus serve`
//! keeps it open and calls [`Project::update`] with the paths that changed.
//! Both go through the same per-unit functions (load a criterion, render a
//! body, render a page), so an incremental rebuild gives byte for byte the
//! output of a clean build.
//!
//! What each kind of change redoes:
//!
//! | change | redone |
//! | --- | --- |
//! | `versus.toml` | everything |
//! | a theme file | the templates; every page re-rendered, no Markdown re-parsed |
//! | a report's `index.md` | that report, whole |
//! | a criterion file or folder | that criterion; its report's score, infographic and page |
//! | a file included by a marker | the bodies that include it |
//! | `static/` | the list of static files |
//!
//! Highlighted code is memoised by content for the project's lifetime, so a
//! re-rendered body re-highlights only code that changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::HighlightCache;
use crate::config::{CONFIG_FILE, SiteConfig, load_config};
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::load::{
    CONTENT_DIR, INDEX_FILE, LoadOptions, ReportHead, assemble_report, is_ignored_name,
    load_conclusion, load_criterion, load_report_head, report_sources,
};
use crate::model::{Conclusion, Criterion, Report};
use crate::pipeline::BuildOptions;
use crate::render::context::{SiteView, site_view};
use crate::render::theme::resolve_theme;
use crate::render::{
    Contents, OutputFile, Renderer, merge_static, render_home, render_not_found, render_report,
    site_files, static_files,
};
use crate::transform::highlight::Highlighter;
use crate::transform::infographic::InfographicOptions;
use crate::transform::{
    BodyOutput, ReportExtras, report_extras, transform_conclusion, transform_criterion,
    transform_intro,
};

/// The site in memory.
pub struct Project {
    options: BuildOptions,
    root: PathBuf,
    highlighter: Highlighter,
    site: Option<SiteState>,
    /// Problems that stop everything: no config, no content folder.
    global: Vec<Diagnostic>,
    /// The output as of the last update, by path.
    files: BTreeMap<String, OutputFile>,
    timings: Vec<(&'static str, Duration)>,
}

struct SiteState {
    config: SiteConfig,
    renderer: Result<Renderer, Diagnostic>,
    reports: BTreeMap<PathBuf, ReportState>,
    statics: Result<Vec<OutputFile>, Diagnostic>,
    site_view: Option<SiteView>,
    /// Home, 404, sitemap, robots.txt.
    site_pages: Vec<OutputFile>,
    site_page_errors: Vec<Diagnostic>,
}

#[derive(Default)]
struct ReportState {
    head: Option<ReportHead>,
    head_diagnostics: Vec<Diagnostic>,
    sources_error: Option<Diagnostic>,
    intro: Option<BodyOutput>,
    criteria: BTreeMap<PathBuf, CriterionState>,
    conclusion: Option<ConclusionState>,
    /// Assembled report and its extras, once built.
    built: Option<(Report, ReportExtras)>,
    assemble_diagnostics: Vec<Diagnostic>,
    /// The report's page and infographic, once rendered.
    pages: Option<Result<Vec<OutputFile>, Diagnostic>>,
}

struct CriterionState {
    criterion: Option<Criterion>,
    load_diagnostics: Vec<Diagnostic>,
    body: BodyOutput,
}

struct ConclusionState {
    path: PathBuf,
    conclusion: Result<Conclusion, Diagnostic>,
    body: BodyOutput,
}

/// What an update changed in the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    /// Output paths added or changed.
    pub changed: Vec<String>,
    /// Output paths that are gone.
    pub removed: Vec<String>,
    /// Whether this update reloaded everything.
    pub full: bool,
}

impl Project {
    /// Loads and renders the whole site.
    pub fn open(options: BuildOptions) -> Project {
        let root = options
            .root
            .canonicalize()
            .unwrap_or_else(|_| options.root.clone());
        let cache = options.cache_dir.as_deref().map(HighlightCache::new);
        let mut project = Project {
            options,
            root,
            highlighter: Highlighter::new(cache),
            site: None,
            global: Vec::new(),
            files: BTreeMap::new(),
            timings: Vec::new(),
        };
        project.reload_all();
        project
    }

    /// The site folder (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration, when it loaded.
    pub fn config(&self) -> Option<&SiteConfig> {
        self.site.as_ref().map(|s| &s.config)
    }

    /// The theme folder being watched, when the theme comes from the site.
    pub fn theme_dir(&self) -> Option<PathBuf> {
        self.site
            .as_ref()
            .and_then(|s| s.renderer.as_ref().ok())
            .and_then(|r| r.theme().dir.clone())
    }

    /// Time spent in each stage by the last full load.
    pub fn timings(&self) -> &[(&'static str, Duration)] {
        &self.timings
    }

    /// Every diagnostic of the current state, sorted.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend(self.global.iter().cloned());
        if let Some(site) = &self.site {
            if let Err(d) = &site.renderer {
                all.push(d.clone());
            }
            if let Err(d) = &site.statics {
                all.push(d.clone());
            }
            all.extend(site.site_page_errors.iter().cloned());
            for report in site.reports.values() {
                all.extend(report.head_diagnostics.iter().cloned());
                all.extend(report.sources_error.iter().cloned());
                all.extend(
                    report
                        .intro
                        .iter()
                        .flat_map(|b| b.diagnostics.iter().cloned()),
                );
                for criterion in report.criteria.values() {
                    all.extend(criterion.load_diagnostics.iter().cloned());
                    all.extend(criterion.body.diagnostics.iter().cloned());
                }
                if let Some(conclusion) = &report.conclusion {
                    all.extend(conclusion.conclusion.as_ref().err().cloned());
                    all.extend(conclusion.body.diagnostics.iter().cloned());
                }
                all.extend(report.assemble_diagnostics.iter().cloned());
                if let Some(Err(d)) = &report.pages {
                    all.push(d.clone());
                }
            }
        }
        all.sort();
        all
    }

    /// The output files, in path order.
    pub fn files(&self) -> impl Iterator<Item = &OutputFile> {
        self.files.values()
    }

    /// Counts for the build summary: reports, criteria, samples.
    pub fn counts(&self) -> (usize, usize, usize) {
        let Some(site) = &self.site else {
            return (0, 0, 0);
        };
        let built: Vec<&Report> = site
            .reports
            .values()
            .filter_map(|r| r.built.as_ref().map(|(report, _)| report))
            .collect();
        let criteria = built.iter().map(|r| r.criteria.len()).sum();
        let samples = built
            .iter()
            .flat_map(|r| &r.criteria)
            .map(|c| c.samples.len())
            .sum();
        (built.len(), criteria, samples)
    }

    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            base_url: self.options.base_url.clone(),
            drafts: self.options.drafts,
        }
    }

    /// Reloads everything from disk.
    pub fn reload_all(&mut self) -> Update {
        let started = Instant::now();
        self.global.clear();
        self.timings.clear();
        let config = match load_config(&self.root, self.options.base_url.as_deref()) {
            Ok(config) => config,
            Err(d) => {
                self.global.push(d);
                self.site = None;
                return self.replace_files(BTreeMap::new(), true);
            }
        };
        let content = self.root.join(CONTENT_DIR);
        if !content.is_dir() {
            self.global.push(Diagnostic::error(Problem::NoContent));
            self.site = None;
            return self.replace_files(BTreeMap::new(), true);
        }
        let renderer = resolve_theme(&self.root, &config)
            .and_then(|theme| Renderer::new(theme, config.base_path()));
        let dirs = match report_dirs(&self.root) {
            Ok(dirs) => dirs,
            Err(d) => {
                self.global.push(d);
                Vec::new()
            }
        };
        let options = self.load_options();
        let root = self.root.clone();
        let mut reports: BTreeMap<PathBuf, ReportState> = dirs
            .par_iter()
            .map(|dir| (dir.clone(), load_report_sources(&root, dir, &options)))
            .collect();
        let statics = static_files(&self.root);
        self.timings.push(("load", started.elapsed()));

        let lap = Instant::now();
        reports
            .par_iter_mut()
            .for_each(|(_, report)| transform_report_state(report, &root, &self.highlighter, None));
        self.timings.push(("transform", lap.elapsed()));

        self.site = Some(SiteState {
            config,
            renderer,
            reports,
            statics,
            site_view: None,
            site_pages: Vec::new(),
            site_page_errors: Vec::new(),
        });
        let lap = Instant::now();
        let files = self.render(true);
        self.timings.push(("render", lap.elapsed()));
        self.replace_files(files, true)
    }

    /// Applies changes to the given paths (absolute; created, modified or
    /// deleted) and rebuilds what they affect.
    pub fn update(&mut self, changed: &[PathBuf]) -> Update {
        let changed: BTreeSet<PathBuf> = changed
            .iter()
            .map(|p| crate::write::absolute(p))
            .filter(|p| p.starts_with(&self.root))
            .collect();
        if changed.is_empty() {
            return Update::default();
        }
        let config_path = self.root.join(CONFIG_FILE);
        if self.site.is_none() || changed.contains(&config_path) {
            return self.reload_all();
        }
        let root = self.root.clone();
        let options = self.load_options();
        let site = self.site.as_mut().expect("checked above");
        let mut rerender_all = false;

        // Theme.
        let theme_dir = root.join("themes").join(&site.config.theme);
        if changed.iter().any(|p| p.starts_with(&theme_dir)) {
            site.renderer = resolve_theme(&root, &site.config)
                .and_then(|theme| Renderer::new(theme, site.config.base_path()));
            rerender_all = true;
        }

        // Static files.
        if changed.iter().any(|p| p.starts_with(root.join("static"))) {
            site.statics = static_files(&root);
        }

        // Reports: new, removed, changed, or depending on a changed file.
        let dirs = match report_dirs(&root) {
            Ok(dirs) => dirs,
            Err(d) => {
                self.global = vec![d];
                Vec::new()
            }
        };
        site.reports.retain(|dir, _| dirs.contains(dir));
        for dir in &dirs {
            let touched: Vec<&PathBuf> = changed.iter().filter(|p| p.starts_with(dir)).collect();
            let state = site.reports.get(dir);
            let whole = state.is_none()
                || touched
                    .iter()
                    .any(|p| *p == dir || **p == dir.join(INDEX_FILE))
                || state.is_some_and(|s| {
                    s.intro
                        .as_ref()
                        .is_some_and(|b| b.deps.iter().any(|d| changed.contains(d)))
                });
            if whole {
                let mut fresh = load_report_sources(&root, dir, &options);
                transform_report_state(&mut fresh, &root, &self.highlighter, None);
                site.reports.insert(dir.clone(), fresh);
                continue;
            }
            let state = site.reports.get_mut(dir).expect("present unless whole");
            let dirty = update_report_sources(state, &root, dir, &changed, &options);
            if dirty {
                transform_report_state(state, &root, &self.highlighter, Some(&changed));
            }
        }
        let files = self.render(rerender_all);
        self.replace_files(files, false)
    }

    /// Assembles and renders what is not rendered yet (everything with
    /// `all`), and lists the whole output.
    fn render(&mut self, all: bool) -> BTreeMap<String, OutputFile> {
        let Some(site) = self.site.as_mut() else {
            return BTreeMap::new();
        };
        let infographic_options = InfographicOptions::default();
        for report in site.reports.values_mut() {
            if report.built.is_none() {
                build_report(report, infographic_options);
            }
        }
        let built: Vec<(&Report, &ReportExtras)> = site
            .reports
            .values()
            .filter_map(|r| r.built.as_ref().map(|(report, extras)| (report, extras)))
            .collect();
        let view = site_view(&site.config, &built);
        let all = all || site.site_view.as_ref() != Some(&view);
        let mut files = BTreeMap::new();
        let Ok(renderer) = &site.renderer else {
            site.site_view = None;
            return files;
        };
        // Pages of reports.
        let config = &site.config;
        site.reports.par_iter_mut().for_each(|(_, report)| {
            if all || report.pages.is_none() {
                report.pages = report
                    .built
                    .as_ref()
                    .map(|(r, extras)| render_report(renderer, config, &view, r, extras));
            }
        });
        // Site-wide pages are cheap: always redone.
        let built: Vec<(&Report, &ReportExtras)> = site
            .reports
            .values()
            .filter_map(|r| r.built.as_ref().map(|(report, extras)| (report, extras)))
            .collect();
        site.site_page_errors.clear();
        site.site_pages.clear();
        for page in [
            render_home(renderer, config, &view),
            render_not_found(renderer, config, &view),
        ] {
            match page {
                Ok(file) => site.site_pages.push(file),
                Err(d) => site.site_page_errors.push(d),
            }
        }
        site.site_pages.extend(site_files(config, &built));
        let mut list: Vec<OutputFile> = site.site_pages.clone();
        for report in site.reports.values() {
            if let Some(Ok(pages)) = &report.pages {
                list.extend(pages.iter().cloned());
            }
        }
        list.extend(renderer.asset_files().iter().cloned());
        let statics = site.statics.as_ref().map(Vec::clone).unwrap_or_default();
        for file in merge_static(list, statics) {
            files.insert(file.path.clone(), file);
        }
        site.site_view = Some(view);
        files
    }

    fn replace_files(&mut self, files: BTreeMap<String, OutputFile>, full: bool) -> Update {
        let mut update = Update {
            full,
            ..Update::default()
        };
        for (path, file) in &files {
            if self
                .files
                .get(path)
                .is_none_or(|old| !same_contents(old, file))
            {
                update.changed.push(path.clone());
            }
        }
        for path in self.files.keys() {
            if !files.contains_key(path) {
                update.removed.push(path.clone());
            }
        }
        self.files = files;
        update
    }
}

fn same_contents(a: &OutputFile, b: &OutputFile) -> bool {
    let Contents::Bytes(x) = &a.contents;
    let Contents::Bytes(y) = &b.contents;
    x == y
}

/// The report folders of `content/`, sorted.
fn report_dirs(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let content = root.join(CONTENT_DIR);
    let mut dirs = Vec::new();
    let entries = std::fs::read_dir(&content).map_err(|source| {
        Diagnostic::error(Problem::Io {
            action: "list",
            path: CONTENT_DIR.to_string(),
            source: source.into(),
        })
    })?;
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
fn load_report_sources(root: &Path, dir: &Path, options: &LoadOptions) -> ReportState {
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
        .map(|path| {
            let (criterion, load_diagnostics) =
                load_criterion(root, path, &head.contenders, options);
            (
                path.clone(),
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
    state
}

/// Re-lists a report folder and reloads the criteria (and conclusion) that
/// changed, were added, or include a changed file. Returns whether anything
/// did.
fn update_report_sources(
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
    for path in &sources.criteria {
        let reuse = state
            .criteria
            .remove(path)
            .filter(|old| !touches(path) && !old.body.deps.iter().any(|d| changed.contains(d)));
        let entry = match reuse {
            Some(old) => old,
            None => {
                dirty = true;
                let (criterion, load_diagnostics) =
                    load_criterion(root, path, &head.contenders, options);
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
fn transform_report_state(
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

/// Puts a report together from its rendered parts and scores it.
fn build_report(state: &mut ReportState, infographic_options: InfographicOptions) {
    let Some(head) = &state.head else {
        state.assemble_diagnostics.clear();
        return;
    };
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
    let (mut report, diagnostics) = assemble_report(head.clone(), criteria, conclusion);
    if let Some(intro) = &state.intro {
        report.intro.html = intro.html.clone();
    }
    state.assemble_diagnostics = diagnostics;
    let extras = report_extras(&report, infographic_options);
    state.built = Some((report, extras));
    state.pages = None;
}
