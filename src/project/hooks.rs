//! Running the hooks: the `reports` hook on the reports that changed, the
//! pages rendered and passed through the `pages` hook, then every file
//! listed and passed to the `output` hook. Each report keeps what the hooks
//! said about it until they run on it again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::state::{SiteState, assemble};
use super::{Project, Timings, same_contents};
use crate::diagnostics::Diagnostic;
use crate::model::Report;
use crate::plugin::{Context, Hook, Page};
use crate::render::context::site_view;
use crate::render::{
    Contents, OutputFile, merge_static, render_home, render_not_found, render_report,
    static_collisions,
};

impl Project {
    /// Assembles, runs plugins on and renders what is not done yet
    /// (everything with `all`), and lists the whole output.
    pub(super) fn render(&mut self, all: bool) -> (BTreeMap<String, OutputFile>, Timings) {
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
        output_diagnostics.extend(static_collisions(&list, &statics));
        // Files beside a report's Markdown are published beside its page;
        // generated files (its page, infographic, social card) win.
        for report in reports.values() {
            let (files, problems) = super::state::published_colocated(report, &self.root);
            statics.extend(files);
            output_diagnostics.extend(problems);
        }
        for file in merge_static(list, statics) {
            files.insert(file.path.clone(), file);
        }
        *last_view = Some(view);
        timings.push(("output", lap.elapsed()));
        (files, timings)
    }
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

fn page_of(file: &OutputFile) -> Page {
    let Contents::Bytes(bytes) = &file.contents;
    Page {
        path: file.path.clone(),
        html: String::from_utf8_lossy(bytes).into_owned(),
    }
}
