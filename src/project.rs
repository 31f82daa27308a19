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
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::{Cache, HighlightCache};
use crate::colocated::{Colocated, colocated_files};
use crate::config::{CONFIG_FILE, SiteConfig, load_config};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Problem};
use crate::load::{
    CONTENT_DIR, INDEX_FILE, LoadOptions, ReportHead, assemble_report, is_ignored_name,
    load_conclusion, load_criterion, load_report_head, report_sources,
};
use crate::model::{Conclusion, Criterion, Report};
use crate::pipeline::BuildOptions;
use crate::plugin::config::plugins_from_config;
use crate::plugin::{Context, Hook, Page, Plugins};
use crate::render::context::{SiteView, site_view};
use crate::render::theme::resolve_theme;
use crate::render::{
    Contents, OutputFile, Renderer, merge_static, render_home, render_not_found, render_report,
    static_files,
};
use crate::transform::highlight::Highlighter;
use crate::transform::{BodyOutput, transform_conclusion, transform_criterion, transform_intro};

/// The site in memory.
pub struct Project {
    options: BuildOptions,
    root: PathBuf,
    highlighter: Highlighter,
    /// The on-disk cache shared by the highlighter and plugins.
    cache: Option<Arc<Cache>>,
    plugins: Plugins,
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
    plugin_errors: Vec<Diagnostic>,
    reports: BTreeMap<PathBuf, ReportState>,
    statics: Result<Vec<OutputFile>, Diagnostic>,
    site_view: Option<SiteView>,
    /// Home and 404 pages: as rendered, and after the pages hook.
    site_pages: Vec<(OutputFile, OutputFile)>,
    site_page_errors: Vec<Diagnostic>,
    /// What the output hook said last time.
    output_diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
struct ReportState {
    head: Option<ReportHead>,
    head_diagnostics: Vec<Diagnostic>,
    sources_error: Option<Diagnostic>,
    intro: Option<BodyOutput>,
    criteria: BTreeMap<PathBuf, CriterionState>,
    conclusion: Option<ConclusionState>,
    /// The assembled report after the reports hook, once built.
    built: Option<Report>,
    assemble_diagnostics: Vec<Diagnostic>,
    /// What the reports hook said about this report at its last run.
    reports_hook_diagnostics: Vec<Diagnostic>,
    /// What the pages hook said about this report's page at its last run.
    pages_hook_diagnostics: Vec<Diagnostic>,
    /// The report's page after the pages hook, once rendered.
    pages: Option<Result<OutputFile, Diagnostic>>,
    /// The files kept beside the report's Markdown, published with it.
    colocated: Option<Result<Colocated, Diagnostic>>,
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

/// Time spent in each stage.
type Timings = Vec<(&'static str, Duration)>;

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
        let cache = options.cache_dir.as_deref().map(Cache::open);
        let mut project = Project {
            options,
            root,
            highlighter: Highlighter::new(cache.clone().map(HighlightCache::new)),
            cache,
            plugins: Plugins::default(),
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
            all.extend(site.plugin_errors.iter().cloned());
            all.extend(site.site_page_errors.iter().cloned());
            all.extend(site.output_diagnostics.iter().cloned());
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
                all.extend(report.reports_hook_diagnostics.iter().cloned());
                all.extend(report.pages_hook_diagnostics.iter().cloned());
                if let Some(Err(d)) = &report.pages {
                    all.push(d.clone());
                }
                if let Some(Err(d)) = &report.colocated {
                    all.push(d.clone());
                }
            }
        }
        all.sort();
        all.dedup();
        all
    }

    /// Every diagnostic, and, when there is no other error, every internal
    /// link or image of the output that leads nowhere: what `versus build`,
    /// `versus check` and `versus serve` refuse to publish.
    pub fn diagnostics_with_links(&self) -> Diagnostics {
        let mut diagnostics = self.diagnostics();
        if !diagnostics.has_errors() {
            diagnostics.extend(self.link_problems());
            diagnostics.sort();
        }
        diagnostics
    }

    /// The output files, in path order.
    pub fn files(&self) -> impl Iterator<Item = &OutputFile> {
        self.files.values()
    }

    /// Every internal link of the output that leads nowhere, pointed at the
    /// source line that wrote it when a criterion or introduction did, else
    /// at the report (or, for site pages, at `versus.toml`).
    pub fn link_problems(&self) -> Vec<Diagnostic> {
        let Some(site) = &self.site else {
            return Vec::new();
        };
        let pages: Vec<(String, String)> = self
            .files
            .values()
            .filter(|f| f.path.ends_with(".html"))
            .map(|f| {
                let Contents::Bytes(bytes) = &f.contents;
                (f.path.clone(), String::from_utf8_lossy(bytes).into_owned())
            })
            .collect();
        let paths: std::collections::HashSet<String> = self.files.keys().cloned().collect();
        crate::check_links::broken_links(&pages, &paths, site.config.base_path())
            .into_iter()
            .map(|broken| {
                let report = site
                    .reports
                    .values()
                    .filter_map(|r| r.built.as_ref())
                    .find(|r| broken.page.starts_with(&format!("{}/", r.slug)));
                let location = report.map(|report| {
                    // A criterion folder's links were given its name as a
                    // prefix; its Markdown has them without.
                    let bodies = std::iter::once((&report.intro, None))
                        .chain(report.criteria.iter().map(|c| (&c.body, Some(&c.name))))
                        .chain(report.conclusion.iter().map(|c| (&c.body, None)));
                    let written = bodies
                        .filter_map(|(body, folder)| {
                            let href = folder
                                .and_then(|f| broken.href.strip_prefix(f.as_str()))
                                .and_then(|rest| rest.strip_prefix('/'))
                                .filter(|rest| {
                                    !body.text().contains(broken.href.as_str()) && !rest.is_empty()
                                })
                                .unwrap_or(broken.href.as_str());
                            let at = body.text().find(href)?;
                            Some(Location::span(
                                &body.file,
                                body.offset + at..body.offset + at + href.len(),
                            ))
                        })
                        .next();
                    written.unwrap_or_else(|| Location::file(&report.intro.file))
                });
                Diagnostic::error(Problem::BrokenLink {
                    page: broken.page,
                    href: broken.href,
                    reason: broken.reason,
                })
                .at(location.unwrap_or_else(|| Location::file(&site.config.source)))
            })
            .collect()
    }

    /// Counts for the build summary: reports, criteria, samples.
    pub fn counts(&self) -> (usize, usize, usize) {
        let Some(site) = &self.site else {
            return (0, 0, 0);
        };
        let built: Vec<&Report> = site
            .reports
            .values()
            .filter_map(|r| r.built.as_ref())
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
        self.highlighter.set_schemes(&config.style.code);
        let renderer = resolve_theme(&self.root, &config)
            .and_then(|theme| Renderer::new(theme, &config, &self.root));
        let plugin_errors = match plugins_from_config(&config, &self.options.plugins) {
            Ok(plugins) => {
                self.plugins = plugins;
                // Plugin processes start while versus loads and highlights.
                self.plugins.prepare(&self.root);
                Vec::new()
            }
            Err(errors) => errors,
        };
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
            plugin_errors,
            reports,
            statics,
            site_view: None,
            site_pages: Vec::new(),
            site_page_errors: Vec::new(),
            output_diagnostics: Vec::new(),
        });
        let (files, timings) = self.render(true);
        self.timings.extend(timings);
        let lap = Instant::now();
        self.finish_build();
        self.timings.push(("cache", lap.elapsed()));
        self.replace_files(files, true)
    }

    /// Applies changes to the given paths (absolute; created, modified or
    /// deleted) and rebuilds what they affect.
    pub fn update(&mut self, changed: &[PathBuf]) -> Update {
        let changed: BTreeSet<PathBuf> = changed
            .iter()
            .map(|p| crate::source::normalize_path(p))
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

        // Theme: its folder, the site's own templates, and the stylesheets
        // of `static/` that `extra_css` names.
        let theme_dir = root.join("themes").join(&site.config.theme);
        let templates_dir = root.join(crate::render::theme::SITE_TEMPLATES);
        let extra_css = &site.config.style.extra_css;
        if changed.iter().any(|p| {
            p.starts_with(&theme_dir)
                || p.starts_with(&templates_dir)
                || extra_css
                    .iter()
                    .any(|(name, _)| *p == root.join("static").join(name))
        }) {
            site.renderer = resolve_theme(&root, &site.config)
                .and_then(|theme| Renderer::new(theme, &site.config, &root));
            rerender_all = true;
        }

        // Static files.
        if changed.iter().any(|p| p.starts_with(root.join("static"))) {
            site.statics = static_files(&root);
        }

        // A change outside content, static files and the theme (a plugin's
        // script, say) may change what plugins do: run them on everything
        // again, without re-reading content. Files included by markers are
        // handled with the bodies that include them.
        let is_dep = |p: &PathBuf| {
            site.reports.values().any(|r| {
                r.criteria.values().any(|c| c.body.deps.contains(p))
                    || r.intro.as_ref().is_some_and(|b| b.deps.contains(p))
                    || r.conclusion
                        .as_ref()
                        .is_some_and(|c| c.body.deps.contains(p))
            })
        };
        let elsewhere = changed.iter().any(|p| {
            !p.starts_with(root.join(CONTENT_DIR))
                && !p.starts_with(root.join("static"))
                && !p.starts_with(&theme_dir)
                && !p.starts_with(&templates_dir)
                && !is_dep(p)
        });
        if elsewhere {
            self.plugins.discard_prepared();
            for report in site.reports.values_mut() {
                report.built = None;
                report.pages = None;
            }
        }

        // Reports: new, removed, changed, or depending on a changed file.
        let dirs = match report_dirs(&root) {
            Ok(dirs) => dirs,
            Err(d) => {
                self.global = vec![d];
                Vec::new()
            }
        };
        let present: BTreeSet<&PathBuf> = dirs.iter().collect();
        site.reports.retain(|dir, _| present.contains(dir));
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
            // Only reports that hold or include a changed file are looked at
            // again: listing every report folder would cost a large site more
            // than the rebuild itself.
            let includes_changed = state
                .criteria
                .values()
                .map(|c| &c.body.deps)
                .chain(state.conclusion.iter().map(|c| &c.body.deps))
                .any(|deps| deps.iter().any(|d| changed.contains(d)));
            if touched.is_empty() && !includes_changed {
                continue;
            }
            let dirty = update_report_sources(state, &root, dir, &changed, &options);
            if !touched.is_empty() {
                state.colocated = Some(report_colocated(state, &root, dir));
            }
            if dirty {
                transform_report_state(state, &root, &self.highlighter, Some(&changed));
            }
        }
        let (files, _) = self.render(rerender_all);
        self.finish_build();
        self.replace_files(files, false)
    }

    /// Keeps what this build computed for the next one and, when more
    /// builds follow, gets plugins ready for the next.
    fn finish_build(&self) {
        if let Some(cache) = &self.cache {
            cache.flush();
        }
        if self.options.watching {
            self.plugins.prepare(&self.root);
        }
    }

    /// Assembles, runs plugins on and renders what is not done yet
    /// (everything with `all`), and lists the whole output.
    fn render(&mut self, all: bool) -> (BTreeMap<String, OutputFile>, Timings) {
        let mut timings = Vec::new();
        let mut lap = Instant::now();
        let Some(site) = self.site.as_mut() else {
            return (BTreeMap::new(), timings);
        };
        let SiteState {
            config,
            renderer,
            reports,
            statics,
            site_view: last_view,
            site_pages,
            site_page_errors,
            output_diagnostics,
            ..
        } = site;
        let fonts = match &*renderer {
            Ok(renderer) => renderer.theme().fonts.as_slice(),
            Err(_) => &[],
        };
        let context = Context {
            root: &self.root,
            config,
            highlighter: &self.highlighter,
            fonts,
            cache: self.cache.as_deref(),
        };

        // 1. Reports hook, on the reports that changed, as one batch.
        let dirty: Vec<PathBuf> = reports
            .iter()
            .filter(|(_, r)| r.built.is_none() && r.head.is_some())
            .map(|(dir, _)| dir.clone())
            .collect();
        let mut batch: Vec<Report> = dirty
            .iter()
            .map(|dir| {
                let state = reports.get_mut(dir).expect("listed above");
                let (report, found) = assemble(state);
                state.assemble_diagnostics = found;
                report
            })
            .collect();
        let found = self.plugins.run_reports(&context, &mut batch);
        for (dir, report) in dirty.iter().zip(batch) {
            let state = reports.get_mut(dir).expect("listed above");
            state.reports_hook_diagnostics = owned_by(&found, dir, &dirty);
            state.built = Some(report);
            state.pages = None;
        }

        timings.push(("plugins", lap.elapsed()));
        lap = Instant::now();

        // 2. Pages, and the pages hook on those that changed.
        let built: Vec<&Report> = reports.values().filter_map(|r| r.built.as_ref()).collect();
        let view = site_view(config, &built);
        let all = all || last_view.as_ref() != Some(&view);
        let mut files = BTreeMap::new();
        let Ok(renderer) = &*renderer else {
            *last_view = None;
            return (files, timings);
        };
        let rendered: Vec<(PathBuf, Result<OutputFile, Diagnostic>)> = reports
            .par_iter()
            .filter(|(_, r)| all || r.pages.is_none())
            .filter_map(|(dir, r)| {
                r.built
                    .as_ref()
                    .map(|report| (dir.clone(), render_report(renderer, config, &view, report)))
            })
            .collect();
        // Home and 404 show only the site view: when it did not change and
        // they rendered before, they stay as they are.
        let mut site_raw = Vec::new();
        if all || site_pages.is_empty() || !site_page_errors.is_empty() {
            site_page_errors.clear();
            for page in [
                render_home(renderer, config, &view),
                render_not_found(renderer, config, &view),
            ] {
                match page {
                    Ok(file) => site_raw.push(file),
                    Err(d) => site_page_errors.push(d),
                }
            }
        } else {
            site_raw = site_pages.iter().map(|(raw, _)| raw.clone()).collect();
        }
        // Pages are copied out for the pages hook only when a plugin has
        // one: a page of a big report is hundreds of kilobytes.
        let mut pages: Vec<Page> = Vec::new();
        if self.plugins.with_hook(Hook::Pages).next().is_some() {
            for (_, result) in &rendered {
                if let Ok(file) = result {
                    pages.push(page_of(file));
                }
            }
            for raw in &site_raw {
                let unchanged = site_pages
                    .iter()
                    .any(|(old, _)| old.path == raw.path && same_contents(old, raw));
                if all || !unchanged {
                    pages.push(page_of(raw));
                }
            }
        }
        let found = self.plugins.run_pages(&context, &mut pages);
        let processed: BTreeMap<String, String> =
            pages.into_iter().map(|p| (p.path, p.html)).collect();
        let finish = |file: OutputFile| match processed.get(&file.path) {
            Some(html) => OutputFile::bytes(file.path, html.clone().into_bytes()),
            None => file,
        };
        let page_dirs: Vec<PathBuf> = rendered.iter().map(|(dir, _)| dir.clone()).collect();
        for (dir, result) in rendered {
            let state = reports.get_mut(&dir).expect("rendered from the map");
            state.pages_hook_diagnostics = owned_by(&found, &dir, &page_dirs);
            state.pages = Some(result.map(&finish));
        }
        let previous: Vec<(OutputFile, OutputFile)> = std::mem::take(site_pages);
        for raw in site_raw {
            let done = match processed.get(&raw.path) {
                Some(html) => OutputFile::bytes(raw.path.clone(), html.clone().into_bytes()),
                None => previous
                    .iter()
                    .find(|(old, _)| old.path == raw.path && same_contents(old, &raw))
                    .map_or_else(|| raw.clone(), |(_, done)| done.clone()),
            };
            site_pages.push((raw, done));
        }
        // Problems not about one report's files concern the whole run.
        site_page_errors.extend(
            found
                .into_iter()
                .filter(|d| !page_dirs.iter().any(|dir| is_about(d, dir))),
        );

        timings.push(("templates", lap.elapsed()));
        lap = Instant::now();

        // 3. Every file, then the output hook.
        let mut list: Vec<OutputFile> = site_pages.iter().map(|(_, done)| done.clone()).collect();
        for report in reports.values() {
            if let Some(Ok(page)) = &report.pages {
                list.push(page.clone());
            }
        }
        list.extend(renderer.asset_files().iter().cloned());
        let built: Vec<&Report> = reports.values().filter_map(|r| r.built.as_ref()).collect();
        *output_diagnostics = self.plugins.run_output(&context, &built, &mut list);
        let mut statics = statics.as_ref().map(Vec::clone).unwrap_or_default();
        // Files beside a report's Markdown are published beside its page;
        // generated files (its page, infographic, social card) win.
        for report in reports.values() {
            statics.extend(published_colocated(report));
        }
        for file in merge_static(list, statics) {
            files.insert(file.path.clone(), file);
        }
        *last_view = Some(view);
        timings.push(("output", lap.elapsed()));
        (files, timings)
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
    a.contents.same_as(&b.contents)
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
    state.colocated = Some(report_colocated(&state, root, dir));
    state
}

/// Lists a report's colocated files; the criteria's samples are published
/// only when linked.
fn report_colocated(state: &ReportState, root: &Path, dir: &Path) -> Result<Colocated, Diagnostic> {
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
/// prose does not link to.
fn published_colocated(state: &ReportState) -> Vec<OutputFile> {
    let (Some(head), Some(Ok(colocated))) = (&state.head, &state.colocated) else {
        return Vec::new();
    };
    let linked: std::collections::HashSet<String> = state
        .criteria
        .values()
        .map(|c| &c.body)
        .chain(state.intro.iter())
        .chain(state.conclusion.iter().map(|c| &c.body))
        .flat_map(|body| body.links.iter().cloned())
        .collect();
    colocated.files(&head.slug, &linked).cloned().collect()
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

/// Whether a diagnostic points into a report's folder.
fn is_about(diagnostic: &Diagnostic, dir: &Path) -> bool {
    diagnostic
        .location
        .as_ref()
        .is_some_and(|l| l.file.path.starts_with(dir))
}

/// The diagnostics of a hook run that belong to the report in `dir`: those
/// about its files, and those about no report of the run (a plugin that
/// crashed, say), which every report of the run keeps until it reruns.
fn owned_by(found: &[Diagnostic], dir: &Path, run: &[PathBuf]) -> Vec<Diagnostic> {
    found
        .iter()
        .filter(|d| is_about(d, dir) || !run.iter().any(|other| is_about(d, other)))
        .cloned()
        .collect()
}

/// Puts a report together from its rendered parts.
fn assemble(state: &ReportState) -> (Report, Vec<Diagnostic>) {
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

fn page_of(file: &OutputFile) -> Page {
    let Contents::Bytes(bytes) = &file.contents;
    Page {
        path: file.path.clone(),
        html: String::from_utf8_lossy(bytes).into_owned(),
    }
}
