//! A site kept in memory between builds, so that a change rebuilds only
//! what it affects.
//!
//! `versus build` opens a project once and writes its output; `versus serve`
//! keeps it open and calls [`Project::update`] with the paths that changed.
//! Both go through the same per-unit functions (load a criterion, render a
//! body, render a page), so an incremental rebuild gives byte for byte the
//! output of a clean build.
//!
//! What each changed path means, and what it redoes, is said once, by
//! [`ChangeKind`]. The parts live in their own files: the per-unit state and
//! its load and transform functions (`state.rs`), running the hooks and
//! rendering (`hooks.rs`), and gathering diagnostics (`diagnostics.rs`).
//!
//! Highlighted code is memoised by content while some body holds it, so a
//! re-rendered body re-highlights only code that changed, and code that left
//! the site is forgotten: a long preview's memory stays flat.

mod change;
mod diagnostics;
mod hooks;
mod state;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use change::{ChangeKind, SiteLayout, classify};
use state::{
    ReportState, SiteState, load_report_sources, report_dirs, transform_report_state,
    update_report_sources,
};

use crate::build::BuildOptions;
use crate::cache::{Cache, HighlightCache};
use crate::check_links::PageLinks;
use crate::config::{SiteConfig, load_config};
use crate::diagnostics::{Diagnostic, Problem};
use crate::load::{CONTENT_DIR, LoadOptions};
use crate::model::Report;
use crate::plugin::Plugins;
use crate::plugin::config::plugins_from_config;
use crate::render::theme::resolve_theme;
use crate::render::{Contents, OutputFile, Renderer, static_files};
use crate::transform::highlight::Highlighter;

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
    /// The links and fragments of each HTML page of `files`, taken when the
    /// page changed: checking links after a rebuild parses only new pages.
    page_links: BTreeMap<String, PageLinks>,
    timings: Vec<(&'static str, Duration)>,
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
        let highlighter = Highlighter::new(cache.clone().map(HighlightCache::new));
        let highlighter = if options.watching {
            highlighter
        } else {
            highlighter.for_one_build()
        };
        let mut project = Project {
            options,
            root,
            highlighter,
            cache,
            plugins: Plugins::default(),
            site: None,
            global: Vec::new(),
            files: BTreeMap::new(),
            page_links: BTreeMap::new(),
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

    /// The output files, in path order.
    pub fn files(&self) -> impl Iterator<Item = &OutputFile> {
        self.files.values()
    }

    /// Ends the project as dropping it does, but frees the site's data (the
    /// model, every output file, the links of every page) on a thread of its
    /// own: a one-shot build that is about to exit does not wait the few
    /// milliseconds that takes at a thousand criteria. `also` is freed with
    /// it: the caller's own handles to the same output files, which would
    /// otherwise free the buffers whichever drop comes last. Plugins and the
    /// cache are closed here, before this returns, as a drop closes them.
    pub fn finish(mut self, also: impl Send + 'static) {
        let data = (
            self.site.take(),
            std::mem::take(&mut self.files),
            std::mem::take(&mut self.page_links),
            also,
        );
        // Should no thread start, the data is freed here, when the closure
        // that owns it is dropped.
        let _ = std::thread::Builder::new()
            .name("free".into())
            .spawn(move || drop(data));
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
        self.highlighter
            .set_site_languages(config.languages.clone());
        let content = self.root.join(CONTENT_DIR);
        if !content.is_dir() {
            self.global.push(Diagnostic::error(Problem::NoContent));
            self.site = None;
            return self.replace_files(BTreeMap::new(), true);
        }
        self.highlighter.set_schemes(&config.style.code);
        let renderer = resolve_theme(&self.root, &config)
            .and_then(|theme| Renderer::new(theme, &config, &self.root));
        let plugin_errors = match plugins_from_config(
            &config,
            &self.options.plugins,
            &crate::plugin::builtin::MakeContext {
                run: self.options.run.clone(),
            },
        ) {
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
        let update = self.replace_files(files, true);
        self.timings.push(("links", lap.elapsed()));
        let lap = Instant::now();
        self.finish_build();
        self.timings.push(("cache", lap.elapsed()));
        update
    }

    /// Applies changes to the given paths (absolute; created, modified or
    /// deleted) and rebuilds what they affect (see [`ChangeKind`]).
    pub fn update(&mut self, changed: &[PathBuf]) -> Update {
        let changed: BTreeSet<PathBuf> = changed
            .iter()
            .map(|p| crate::util::paths::normalize_path(p))
            .filter(|p| p.starts_with(&self.root))
            .collect();
        let options = self.load_options();
        let Some(site) = self.site.as_mut() else {
            return if changed.is_empty() {
                Update::default()
            } else {
                self.reload_all()
            };
        };
        let root = self.root.clone();
        let theme_dir = root.join("themes").join(&site.config.theme);
        let layout = SiteLayout {
            root: &root,
            theme_dir: &theme_dir,
        };
        let is_included = |p: &Path| {
            site.reports.values().any(|r| {
                r.criteria
                    .values()
                    .any(|c| c.body.deps.iter().any(|d| d == p))
                    || r.intro
                        .as_ref()
                        .is_some_and(|b| b.deps.iter().any(|d| d == p))
                    || r.conclusion
                        .as_ref()
                        .is_some_and(|c| c.body.deps.iter().any(|d| d == p))
            })
        };
        let kinds: Vec<ChangeKind> = changed
            .iter()
            .map(|p| classify(&layout, p, is_included))
            .filter(|k| *k != ChangeKind::Ignored)
            .collect();
        if kinds.is_empty() {
            return Update::default();
        }
        if kinds.contains(&ChangeKind::Config) {
            return self.reload_all();
        }
        // With a site loaded, the only site-wide problem is a `content/` that
        // could not be listed: it is listed again below.
        self.global.clear();
        let mut rerender_all = false;

        // The stylesheets of `extra_css` live in `static/` but are hashed
        // with the theme's assets.
        let restyled =
            kinds.contains(&ChangeKind::Static) && !site.config.style.extra_css.is_empty();
        if kinds.contains(&ChangeKind::Theme) || restyled {
            site.renderer = resolve_theme(&root, &site.config)
                .and_then(|theme| Renderer::new(theme, &site.config, &root));
            rerender_all = true;
        }
        if kinds.contains(&ChangeKind::Static) {
            site.statics = static_files(&root);
        }
        if kinds.contains(&ChangeKind::Other) {
            self.plugins.restart();
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
            let head_changed = kinds.contains(&ChangeKind::ReportHead(dir.clone()));
            let part_changed = kinds.contains(&ChangeKind::ReportPart(dir.clone()));
            let state = site.reports.get(dir);
            let whole = state.is_none()
                || head_changed
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
            if !part_changed && !includes_changed {
                continue;
            }
            let dirty = update_report_sources(state, &root, dir, &changed, &options);
            if part_changed {
                state.colocated = Some(state::report_colocated(state, &root, dir));
            }
            if dirty {
                transform_report_state(state, &root, &self.highlighter, Some(&changed));
            }
        }
        let (files, _) = self.render(rerender_all);
        let update = self.replace_files(files, false);
        self.finish_build();
        update
    }

    /// Keeps what this build computed for the next one and, when more
    /// builds follow, gets plugins ready for the next.
    fn finish_build(&self) {
        self.highlighter.forget_unused();
        if let Some(cache) = &self.cache {
            cache.flush();
        }
        if self.options.watching {
            self.plugins.prepare(&self.root);
        }
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
        for path in &update.removed {
            self.page_links.remove(path);
        }
        // While serving, the pages of a rebuild are new; only a full load
        // finds pages an earlier build read.
        let cache = self.cache.as_deref().filter(|_| full);
        let parsed: Vec<(String, PageLinks)> = update
            .changed
            .par_iter()
            .filter(|path| path.ends_with(".html"))
            .map(|path| {
                let Contents::Bytes(bytes) = &files[path].contents;
                (path.clone(), page_links(cache, bytes))
            })
            .collect();
        self.page_links.extend(parsed);
        self.files = files;
        update
    }
}

/// The cache kind of a page's links; the number changes with what
/// [`PageLinks::of`] reads.
const LINKS_CACHE: &str = "links-1";

/// A page's links and ids, from the cache when an earlier build read the
/// same bytes: reading every page of a large site is a third of a warm
/// build's time. The key is the page's XXH3-128 hash: every page of every
/// build is hashed, and a cryptographic hash of them took a warm build of
/// 1,000 criteria several milliseconds.
fn page_links(cache: Option<&Cache>, bytes: &[u8]) -> PageLinks {
    let Some(cache) = cache else {
        return PageLinks::of(&String::from_utf8_lossy(bytes));
    };
    let key = xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes();
    if let Some(links) = cache
        .get(LINKS_CACHE, &key)
        .and_then(|stored| serde_json::from_slice(&stored).ok())
    {
        return links;
    }
    let links = PageLinks::of(&String::from_utf8_lossy(bytes));
    if let Ok(stored) = serde_json::to_vec(&links) {
        cache.put(LINKS_CACHE, &key, &[&stored]);
    }
    links
}

fn same_contents(a: &OutputFile, b: &OutputFile) -> bool {
    a.contents.same_as(&b.contents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Contents;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("inside the site")).expect("create folder");
        std::fs::write(path, text).expect("write");
    }

    fn edited(version: usize) -> String {
        format!(
            "+++\ntitle = \"Edited\"\nsummary = \"S\"\n+++\nSave {version}.\n\n\
             ```js\nconst save{version} = {version};\n```\n"
        )
    }

    fn report_page(project: &Project) -> String {
        let page = project
            .files()
            .find(|f| f.path == "r/index.html")
            .expect("the report page");
        let Contents::Bytes(bytes) = &page.contents;
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[test]
    fn saving_new_code_again_and_again_keeps_only_the_code_on_the_site() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        write(
            &root.join("versus.toml"),
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        );
        write(
            &root.join("content/r/index.md"),
            "+++\ntitle = \"R\"\ndescription = \"D\"\ndate = \"2026-01-01\"\n\
             [[contenders]]\nid = \"node\"\nname = \"Node.js\"\ncolor = \"#417e38\"\n\
             [[contenders]]\nid = \"python\"\nname = \"Python\"\ncolor = \"#3572a5\"\n+++\nIntro.\n",
        );
        let criterion = root.join("content/r/01-edited.md");
        write(&criterion, &edited(0));
        // A criterion that is never edited: a block in its prose and a
        // sample file, which the samples plugin highlights.
        write(
            &root.join("content/r/02-still/index.md"),
            "+++\ntitle = \"Still\"\nsummary = \"S\"\n+++\n\
             ```py\nstill = True\n```\n",
        );
        write(
            &root.join("content/r/02-still/node.js"),
            "console.log('still');\n",
        );
        let mut options = BuildOptions::new(&root);
        options.cache_dir = None;
        options.write = false;
        options.watching = true;
        let mut project = Project::open(options);
        assert!(!project.diagnostics().has_errors());
        // The edited block, the other criterion's block, and its sample.
        assert_eq!(project.highlighter.remembered(), 3);

        for version in 1..=20 {
            write(&criterion, &edited(version));
            let update = project.update(std::slice::from_ref(&criterion));
            assert!(update.changed.contains(&"r/index.html".to_string()));
            assert_eq!(
                project.highlighter.remembered(),
                3,
                "after save {version}, the memo holds code that left the site"
            );
        }
        let page = report_page(&project);
        assert!(page.contains("save20"), "the last save is on the page");
        assert!(!page.contains("save19"), "an earlier save is gone");
        assert!(
            page.contains("still"),
            "the untouched criterion is still there"
        );
    }
}
