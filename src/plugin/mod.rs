//! Plugins: everything a report adds on top of Markdown and templates.
//!
//! A [`Plugin`] implements any of three hooks, which match the pipeline:
//!
//! 1. [`Plugin::reports`], after content is loaded and its Markdown
//!    rendered: reads the reports and may change their HTML and `data`
//!    ([`ReportEdit`] holds every change it can make);
//! 2. [`Plugin::pages`], on rendered pages: may change their HTML;
//! 3. [`Plugin::output`], after the output is listed: may add files.
//!
//! The scoreboard, the sample pairs, the infographic, the sitemap and
//! robots.txt, and Netlify's `_headers` and `_redirects` are built-in plugins
//! ([`builtin`]) registered through this trait like any other. Authors add
//! their own as a command in any language ([`external`]), or in Rust through
//! [`crate::build::BuildOptions::plugins`].

pub mod builtin;
pub mod config;
pub mod external;
pub mod process;
pub mod protocol;
pub mod report_edit;

use std::path::Path;
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::model::Report;
use crate::render::OutputFile;
use crate::transform::highlight::Highlighter;
pub use report_edit::{CriterionEdit, ReportEdit};

/// The three hooks, in the order they run.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Hook {
    /// After content is loaded and rendered to HTML, before pages.
    Reports,
    /// On each rendered HTML page.
    Pages,
    /// After every output file is listed.
    Output,
}

/// What every hook can see besides its own input: the site folder and its
/// configuration. More may be added; nothing will be taken away.
#[non_exhaustive]
pub struct Context<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// `versus.toml`.
    pub config: &'a SiteConfig,
    /// The highlighter of the build, for the built-in plugins that show code.
    pub(crate) highlighter: &'a Highlighter,
    /// The theme's fonts, for the built-in plugins that draw images.
    pub(crate) fonts: &'a [std::borrow::Cow<'static, [u8]>],
    /// The on-disk cache of the build, if it has one.
    pub(crate) cache: Option<&'a crate::cache::Cache>,
}

/// A rendered HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Path under the output folder, e.g. `node-vs-python/index.html`.
    pub path: String,
    /// The HTML.
    pub html: String,
}

/// What a hook reports: warnings and errors in one list. Any error fails
/// the build; a plugin that cannot do its work at all returns one error
/// that says why.
pub type Diagnostics = Vec<Diagnostic>;

/// A report feature. Every hook is optional: the defaults do nothing.
pub trait Plugin: Send + Sync {
    /// The name used in `versus.toml` and in messages.
    fn name(&self) -> &str;

    /// The hooks this plugin implements. versus skips the others.
    fn hooks(&self) -> &[Hook];

    /// Called when a build begins, before any hook, and while serving also
    /// after each rebuild: a chance to start slow work early so that it
    /// overlaps with versus's own. External plugins start their process
    /// here (if it is not running). `root` is the site folder.
    fn prepare(&self, _root: &Path) {}

    /// A file outside the content changed (the plugin's own script, say):
    /// what the plugin keeps between builds may be stale, so it starts
    /// afresh. External plugins stop their process; the next call starts
    /// a new one.
    fn restart(&self) {}

    /// Reads and changes reports after their Markdown is rendered: may set
    /// the HTML of intros, criteria and conclusions, and `data` entries.
    /// The points, the score and the figures can be read, and nothing a
    /// [`ReportEdit`] offers can write them.
    fn reports(&self, _context: &Context<'_>, _reports: &mut [ReportEdit<'_>]) -> Diagnostics {
        Vec::new()
    }

    /// Changes rendered pages.
    fn pages(&self, _context: &Context<'_>, _pages: &mut [Page]) -> Diagnostics {
        Vec::new()
    }

    /// Adds output files, given the final reports and every path already in
    /// the output.
    fn output(
        &self,
        _context: &Context<'_>,
        _reports: &[&Report],
        _paths: &[&str],
    ) -> (Vec<OutputFile>, Diagnostics) {
        (Vec::new(), Vec::new())
    }
}

/// The plugins of a build, in the order they run.
#[derive(Clone, Default)]
pub struct Plugins {
    list: Vec<Arc<dyn Plugin>>,
}

impl Plugins {
    /// A list as given.
    pub fn new(list: Vec<Arc<dyn Plugin>>) -> Self {
        Plugins { list }
    }

    /// Adds one at the end.
    pub fn push(&mut self, plugin: Arc<dyn Plugin>) {
        self.list.push(plugin);
    }

    /// The plugins that implement `hook`, in order.
    pub fn with_hook(&self, hook: Hook) -> impl Iterator<Item = &Arc<dyn Plugin>> {
        self.list.iter().filter(move |p| p.hooks().contains(&hook))
    }

    /// Their names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.list.iter().map(|p| p.name()).collect()
    }

    /// Whether a plugin of this name is on.
    pub fn contains(&self, name: &str) -> bool {
        self.list.iter().any(|p| p.name() == name)
    }

    /// Lets every plugin prepare for a build (see [`Plugin::prepare`]).
    pub fn prepare(&self, root: &Path) {
        for plugin in &self.list {
            plugin.prepare(root);
        }
    }

    /// Lets every plugin start afresh (see [`Plugin::restart`]).
    pub fn restart(&self) {
        for plugin in &self.list {
            plugin.restart();
        }
    }

    /// Runs the `reports` hook of every plugin over `reports`.
    pub fn run_reports(&self, context: &Context<'_>, reports: &mut [Report]) -> Diagnostics {
        let mut found = Vec::new();
        if reports.is_empty() {
            return found;
        }
        let mut edits: Vec<ReportEdit<'_>> = reports.iter_mut().map(ReportEdit::new).collect();
        for plugin in self.with_hook(Hook::Reports) {
            found.extend(plugin.reports(context, &mut edits));
        }
        found
    }

    /// Runs the `pages` hook of every plugin over `pages`.
    pub fn run_pages(&self, context: &Context<'_>, pages: &mut [Page]) -> Diagnostics {
        let mut found = Vec::new();
        if pages.is_empty() {
            return found;
        }
        for plugin in self.with_hook(Hook::Pages) {
            found.extend(plugin.pages(context, pages));
        }
        found
    }

    /// Runs the `output` hook of every plugin; each sees the files added by
    /// those before it.
    pub fn run_output(
        &self,
        context: &Context<'_>,
        reports: &[&Report],
        files: &mut Vec<OutputFile>,
    ) -> Diagnostics {
        let mut found = Vec::new();
        // Who wrote each path, to name both sides of a clash.
        let mut owners: std::collections::HashMap<String, String> = files
            .iter()
            .map(|f| (f.path.clone(), "versus".to_string()))
            .collect();
        for plugin in self.with_hook(Hook::Output) {
            let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            let (added, diagnostics) = plugin.output(context, reports, &paths);
            found.extend(diagnostics);
            if let Some(clash) = added.iter().find(|f| owners.contains_key(&f.path)) {
                let owner = &owners[&clash.path];
                let by = if owner == "versus" {
                    "versus".to_string()
                } else {
                    format!("plugin `{owner}`")
                };
                found.push(Diagnostic::error(crate::diagnostics::Problem::Plugin {
                    plugin: plugin.name().to_string(),
                    message: format!(
                        "plugin `{}` tried to replace `{}`, which {by} already wrote",
                        plugin.name(),
                        clash.path
                    ),
                }));
                continue;
            }
            for file in &added {
                owners.insert(file.path.clone(), plugin.name().to_string());
            }
            files.extend(added);
        }
        found
    }
}
