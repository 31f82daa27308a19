//! The built-in plugins. Each is an ordinary [`Plugin`]: the core has no
//! special path for any of them, and a site may turn any of them off.

use serde_json::{Value, json};

use super::{Context, Diagnostics, Hook, Plugin};
use crate::diagnostics::Diagnostic;
use crate::model::Report;
use crate::render::OutputFile;
use crate::render::context::permalink;
use crate::transform::highlight::escape_html;
use crate::transform::infographic::{InfographicOptions, infographic};
use crate::transform::samples::{SAMPLES_PLACEHOLDER, SampleItem, group_html};
use crate::transform::scoreboard::score;

/// The names of the built-in plugins, in their default order.
pub const BUILT_IN: &[&str] = &["samples", "scoreboard", "infographic", "sitemap", "netlify"];

/// The key under `report.data` where the scoreboard is kept.
pub const SCOREBOARD_KEY: &str = "scoreboard";
/// The key under `report.data` where the infographic is kept.
pub const INFOGRAPHIC_KEY: &str = "infographic";

/// Puts each criterion's samples side by side where the prose asks
/// (`<!-- versus:samples -->`), or after the prose.
pub struct Samples;

impl Plugin for Samples {
    fn name(&self) -> &str {
        "samples"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Reports]
    }

    fn reports(
        &self,
        context: &Context<'_>,
        reports: &mut [Report],
    ) -> Result<Diagnostics, Diagnostic> {
        let mut found = Vec::new();
        for report in reports.iter_mut() {
            let items: Vec<Vec<SampleItem>> = report
                .criteria
                .iter()
                .map(|c| {
                    c.samples
                        .iter()
                        .map(|s| SampleItem::from_sample(s, report))
                        .collect()
                })
                .collect();
            for (criterion, items) in report.criteria.iter_mut().zip(items) {
                if !criterion.body.html.contains(SAMPLES_PLACEHOLDER) {
                    continue;
                }
                let (html, warnings) = group_html(&items, context.highlighter);
                found.extend(warnings);
                criterion.body.html = criterion
                    .body
                    .html
                    .replacen(SAMPLES_PLACEHOLDER, &html, 1)
                    .replace(SAMPLES_PLACEHOLDER, "");
            }
        }
        Ok(found)
    }
}

/// Adds up the points: who won each criterion, the running tally, the
/// verdict. Kept in `report.data.scoreboard`.
pub struct Scoreboard;

impl Plugin for Scoreboard {
    fn name(&self) -> &str {
        "scoreboard"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Reports]
    }

    fn reports(
        &self,
        _context: &Context<'_>,
        reports: &mut [Report],
    ) -> Result<Diagnostics, Diagnostic> {
        for report in reports.iter_mut() {
            let scoreboard = serde_json::to_value(score(report)).unwrap_or(Value::Null);
            report.data.insert(SCOREBOARD_KEY.to_string(), scoreboard);
        }
        Ok(Vec::new())
    }
}

/// Draws each report's infographic (`/<report>/infographic.svg`).
pub struct Infographic {
    /// Layout options, from `[plugins.infographic]`.
    pub options: InfographicOptions,
}

impl Plugin for Infographic {
    fn name(&self) -> &str {
        "infographic"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Reports, Hook::Output]
    }

    fn reports(
        &self,
        context: &Context<'_>,
        reports: &mut [Report],
    ) -> Result<Diagnostics, Diagnostic> {
        for report in reports.iter_mut() {
            let drawn = infographic(report, &score(report), self.options);
            let url = format!(
                "{}{}/infographic.svg",
                context.config.base_path(),
                report.slug
            );
            report.data.insert(
                INFOGRAPHIC_KEY.to_string(),
                json!({ "url": url, "width": drawn.width, "height": drawn.height, "svg": drawn.svg }),
            );
        }
        Ok(Vec::new())
    }

    fn output(
        &self,
        _context: &Context<'_>,
        reports: &[&Report],
        _paths: &[&str],
    ) -> Result<(Vec<OutputFile>, Diagnostics), Diagnostic> {
        let files = reports
            .iter()
            .filter_map(|report| {
                let svg = report.data.get(INFOGRAPHIC_KEY)?.get("svg")?.as_str()?;
                Some(OutputFile::bytes(
                    format!("{}/infographic.svg", report.slug),
                    svg.as_bytes().to_vec(),
                ))
            })
            .collect();
        Ok((files, Vec::new()))
    }
}

/// `sitemap.xml` and `robots.txt`, with absolute URLs from `base_url`.
pub struct Sitemap;

impl Plugin for Sitemap {
    fn name(&self) -> &str {
        "sitemap"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Output]
    }

    fn output(
        &self,
        context: &Context<'_>,
        reports: &[&Report],
        _paths: &[&str],
    ) -> Result<(Vec<OutputFile>, Diagnostics), Diagnostic> {
        let config = context.config;
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape_html(config.base_url.as_str())
        ));
        for report in reports {
            xml.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                escape_html(&permalink(config, &format!("{}/", report.slug))),
                escape_html(&report.date)
            ));
        }
        xml.push_str("</urlset>\n");
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            permalink(config, "sitemap.xml")
        );
        Ok((
            vec![
                OutputFile::bytes("sitemap.xml", xml.into_bytes()),
                OutputFile::bytes("robots.txt", robots.into_bytes()),
            ],
            Vec::new(),
        ))
    }
}

/// Netlify's `_headers` (hashed assets cached forever) and `_redirects` (the
/// site's 404 page), for deploys that do not use `netlify.toml`.
pub struct Netlify;

impl Plugin for Netlify {
    fn name(&self) -> &str {
        "netlify"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Output]
    }

    fn output(
        &self,
        context: &Context<'_>,
        _reports: &[&Report],
        _paths: &[&str],
    ) -> Result<(Vec<OutputFile>, Diagnostics), Diagnostic> {
        let base = context.config.base_path();
        let headers = format!(
            "{base}{assets}/*\n  Cache-Control: public, max-age=31536000, immutable\n\n{base}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n",
            assets = crate::render::ASSETS_DIR
        );
        let redirects = format!("{base}*  {base}404.html  404\n");
        Ok((
            vec![
                OutputFile::bytes("_headers", headers.into_bytes()),
                OutputFile::bytes("_redirects", redirects.into_bytes()),
            ],
            Vec::new(),
        ))
    }
}
