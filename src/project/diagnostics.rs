//! Every problem of a project's current state, gathered from the units that
//! found them, and the links of its output that lead nowhere.

use super::Project;
use crate::check_links::PageLinks;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Problem};

impl Project {
    /// Every diagnostic of the current state, sorted.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend(self.global.iter().cloned());
        if let Some(cache) = &self.cache {
            let problems = cache.problems();
            if !problems.is_empty() {
                all.push(Diagnostic::warning(Problem::CacheUnusable {
                    reason: problems.join("; "),
                }));
            }
        }
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

    /// Every internal link of the output that leads nowhere, pointed at the
    /// source line that wrote it when a criterion or introduction did, else
    /// at the report (or, for site pages, at `versus.toml`).
    pub fn link_problems(&self) -> Vec<Diagnostic> {
        let Some(site) = &self.site else {
            return Vec::new();
        };
        let pages: Vec<(&str, &PageLinks)> = self
            .page_links
            .iter()
            .map(|(path, links)| (path.as_str(), links))
            .collect();
        let paths: std::collections::HashSet<String> = self.files.keys().cloned().collect();
        crate::check_links::broken_links_among(&pages, &paths, site.config.base_path())
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
}
