//! The built-in plugins. Each is an ordinary [`Plugin`]: the core has no
//! special path for any of them, and a site may turn any of them off.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::{Context, Diagnostics, Hook, Plugin};
use crate::diagnostics::{Diagnostic, Problem};
use crate::model::{Figure, Report};
use crate::render::OutputFile;
use crate::render::context::permalink;
use crate::render::og_image::Rasterizer;
use crate::transform::infographic::{BACKGROUND_RGB, InfographicOptions, infographic, social_card};
use crate::transform::samples::{SAMPLES_PLACEHOLDER, SampleItem, group_html};
use crate::transform::scoreboard::score;
use crate::util::html::escape_html;

/// The names of the built-in plugins, in their default order.
pub const BUILT_IN: &[&str] = &["samples", "scoreboard", "infographic", "sitemap", "netlify"];

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

    fn reports(&self, context: &Context<'_>, reports: &mut [Report]) -> Diagnostics {
        // Highlighting is the costliest step of a cold build: every criterion
        // of every report in parallel.
        let found: Vec<Diagnostic> = reports
            .par_iter_mut()
            .flat_map(|report| {
                let items: Vec<Vec<SampleItem>> = report
                    .criteria
                    .iter()
                    .map(|c| {
                        c.samples
                            .iter()
                            .map(|s| SampleItem::from_sample(s, report, c))
                            .collect()
                    })
                    .collect();
                report
                    .criteria
                    .par_iter_mut()
                    .zip(items)
                    .flat_map(|(criterion, items)| {
                        if !criterion.body.html.contains(SAMPLES_PLACEHOLDER) {
                            return Vec::new();
                        }
                        let (html, warnings) = group_html(&items, context.highlighter);
                        criterion.body.html = criterion
                            .body
                            .html
                            .replacen(SAMPLES_PLACEHOLDER, &html, 1)
                            .replace(SAMPLES_PLACEHOLDER, "");
                        warnings
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        found
    }
}

/// Adds up the points: who won each criterion, the running tally, the
/// verdict, kept as the report's [`Scoreboard`](crate::model::Scoreboard).
pub struct Scoreboard;

impl Plugin for Scoreboard {
    fn name(&self) -> &str {
        "scoreboard"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Reports]
    }

    fn reports(&self, _context: &Context<'_>, reports: &mut [Report]) -> Diagnostics {
        reports.par_iter_mut().for_each(|report| {
            report.score = Some(score(report));
        });
        Vec::new()
    }
}

/// Draws each report's infographic (`/<report>/infographic.svg`) and its
/// social card (`/<report>/social.png`, the `og:image`).
pub struct Infographic {
    /// Layout options, from `[plugins.infographic]`.
    pub options: InfographicOptions,
    /// Whether to draw the social card.
    pub social_image: bool,
    /// PNGs drawn so far, by the hash of their SVG.
    drawn: Mutex<HashMap<blake3::Hash, bytes::Bytes>>,
    /// The theme's fonts, loaded on first use.
    rasterizer: OnceLock<Result<Rasterizer, String>>,
}

impl Infographic {
    /// The plugin with these options.
    pub fn new(options: InfographicOptions, social_image: bool) -> Self {
        Infographic {
            options,
            social_image,
            drawn: Mutex::new(HashMap::new()),
            rasterizer: OnceLock::new(),
        }
    }

    /// The PNG of a card: from memory, the disk cache, or drawn now.
    fn png(&self, context: &Context<'_>, svg: &str) -> Result<bytes::Bytes, String> {
        let key = blake3::hash(svg.as_bytes());
        if let Some(png) = self.drawn.lock().expect("drawn lock").get(&key) {
            return Ok(png.clone());
        }
        let png = match context.cache.and_then(|c| c.get(SOCIAL, &key)) {
            Some(png) => png,
            None => {
                let rasterizer = self
                    .rasterizer
                    .get_or_init(|| {
                        let fonts: Vec<&[u8]> = context.fonts.iter().map(|f| f.as_ref()).collect();
                        Rasterizer::new(&fonts)
                    })
                    .as_ref()
                    .map_err(Clone::clone)?;
                let png = rasterizer.render_opaque(svg, SOCIAL_WIDTH, BACKGROUND_RGB)?;
                if let Some(cache) = context.cache {
                    cache.put(SOCIAL, &key, &[&png]);
                }
                png
            }
        };
        let png = bytes::Bytes::from(png);
        self.drawn
            .lock()
            .expect("drawn lock")
            .insert(key, png.clone());
        Ok(png)
    }
}

/// The cache kind of drawn social cards.
const SOCIAL: &str = "social";

/// Width of the social card in pixels: what link previews ask for.
const SOCIAL_WIDTH: u32 = 1200;

impl Plugin for Infographic {
    fn name(&self) -> &str {
        "infographic"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Reports, Hook::Output]
    }

    fn reports(&self, context: &Context<'_>, reports: &mut [Report]) -> Diagnostics {
        reports.par_iter_mut().for_each(|report| {
            // The scoreboard's score when it ran first (the default order);
            // the infographic draws a score either way.
            let board = report.score.clone().unwrap_or_else(|| score(report));
            let drawn = infographic(report, &board, self.options);
            report.infographic = Some(Figure {
                url: format!(
                    "{}{}/infographic.svg",
                    context.config.base_path(),
                    report.slug
                ),
                svg: drawn.svg,
                width: drawn.width,
                height: drawn.height,
            });
            report.social_image = (self.social_image && !context.fonts.is_empty()).then(|| {
                let card = social_card(report, &board);
                Figure {
                    url: permalink(context.config, &format!("{}/social.png", report.slug)),
                    svg: card.svg,
                    width: card.width,
                    height: card.height,
                }
            });
        });
        Vec::new()
    }

    fn output(
        &self,
        context: &Context<'_>,
        reports: &[&Report],
        _paths: &[&str],
    ) -> (Vec<OutputFile>, Diagnostics) {
        let drawn: Vec<Result<Vec<OutputFile>, Diagnostic>> = reports
            .par_iter()
            .filter_map(|report| {
                let drawn = report.infographic.as_ref()?;
                let mut files = vec![OutputFile::bytes(
                    format!("{}/infographic.svg", report.slug),
                    drawn.svg.as_bytes().to_vec(),
                )];
                if let Some(svg) = report.social_image.as_ref().map(|card| card.svg.as_str()) {
                    match self.png(context, svg) {
                        Ok(png) => files.push(OutputFile::bytes(
                            format!("{}/social.png", report.slug),
                            png,
                        )),
                        Err(message) => {
                            return Some(Err(Diagnostic::error(Problem::Plugin {
                                plugin: self.name().to_string(),
                                message: format!(
                                    "could not draw the social image of `{}`: {message}",
                                    report.slug
                                ),
                            })));
                        }
                    }
                }
                Some(Ok(files))
            })
            .collect();
        let mut files = Vec::new();
        let mut found = Vec::new();
        for result in drawn {
            match result {
                Ok(more) => files.extend(more),
                Err(d) => found.push(d),
            }
        }
        (files, found)
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
    ) -> (Vec<OutputFile>, Diagnostics) {
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
        (
            vec![
                OutputFile::bytes("sitemap.xml", xml.into_bytes()),
                OutputFile::bytes("robots.txt", robots.into_bytes()),
            ],
            Vec::new(),
        )
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
    ) -> (Vec<OutputFile>, Diagnostics) {
        let base = context.config.base_path();
        let headers = format!(
            "{base}{assets}/*\n  Cache-Control: public, max-age=31536000, immutable\n\n{base}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n",
            assets = crate::render::ASSETS_DIR
        );
        let redirects = format!("{base}*  {base}404.html  404\n");
        (
            vec![
                OutputFile::bytes("_headers", headers.into_bytes()),
                OutputFile::bytes("_redirects", redirects.into_bytes()),
            ],
            Vec::new(),
        )
    }
}
