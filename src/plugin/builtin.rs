//! The built-in plugins. Each is an ordinary [`Plugin`]: the core has no
//! special path for any of them, and a site may turn any of them off.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use serde::Deserialize;

use super::{Context, Diagnostics, Hook, Plugin, ReportEdit};
use crate::diagnostics::{Diagnostic, Problem};
use crate::model::{Figure, Report};
use crate::render::OutputFile;
use crate::render::context::permalink;
use crate::render::og_image::Rasterizer;
use crate::transform::infographic::{BACKGROUND_RGB, InfographicOptions, infographic, social_card};
use crate::transform::samples::{SampleItem, draw_group};
use crate::transform::scoreboard::score;
use crate::util::html::escape_html;

/// Where a built-in plugin runs by default, relative to external plugins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Before them: it prepares what they read (samples, score, infographic).
    BeforeExternal,
    /// After them: it only adds files.
    AfterExternal,
}

/// A built-in plugin as `[plugins.<name>]` knows it.
pub struct BuiltIn {
    /// Its name in `versus.toml`.
    pub name: &'static str,
    /// Where it runs by default.
    pub placement: Placement,
    /// Makes the plugin from its options table and the build's settings;
    /// `None` when the table turns it off. An option the plugin does not
    /// take is an error.
    pub make: fn(&toml::Table, &MakeContext) -> Made,
}

/// What a build tells the built-in plugins besides their options.
#[derive(Debug, Clone, Default)]
pub struct MakeContext {
    /// How samples run (`--rerun`, `--bless`, in the background).
    pub run: crate::evidence::RunOptions,
}

/// What [`BuiltIn::make`] gives: the plugin, `None` when it is turned off,
/// or every option at fault.
pub type Made = Result<Option<Arc<dyn Plugin>>, Vec<OptionError>>;

/// Every built-in plugin, in its default order.
pub const BUILT_IN: &[BuiltIn] = &[
    BuiltIn {
        name: "samples",
        placement: Placement::BeforeExternal,
        make: |table, _| {
            Ok(options::<Switch>(table)?
                .on()
                .then(|| Arc::new(Samples) as Arc<dyn Plugin>))
        },
    },
    BuiltIn {
        name: "run",
        placement: Placement::BeforeExternal,
        make: |table, context| {
            Ok(options::<Switch>(table)?.on().then(|| {
                Arc::new(crate::evidence::plugins::RunSamples::new(
                    context.run.clone(),
                )) as Arc<dyn Plugin>
            }))
        },
    },
    BuiltIn {
        name: "chart",
        placement: Placement::BeforeExternal,
        make: |table, _| {
            Ok(options::<Switch>(table)?
                .on()
                .then(|| Arc::new(crate::evidence::plugins::Charts) as Arc<dyn Plugin>))
        },
    },
    BuiltIn {
        name: "scoreboard",
        placement: Placement::BeforeExternal,
        make: |table, _| {
            Ok(options::<Switch>(table)?
                .on()
                .then(|| Arc::new(Scoreboard) as Arc<dyn Plugin>))
        },
    },
    BuiltIn {
        name: "infographic",
        placement: Placement::BeforeExternal,
        make: |table, _| {
            let options = options::<InfographicConfig>(table)?;
            Ok(options.enabled.then(|| {
                let layout = InfographicOptions {
                    width: options.width.0,
                };
                Arc::new(Infographic::new(layout, options.social_image)) as Arc<dyn Plugin>
            }))
        },
    },
    BuiltIn {
        name: "sitemap",
        placement: Placement::AfterExternal,
        make: |table, _| {
            Ok(options::<Switch>(table)?
                .on()
                .then(|| Arc::new(Sitemap) as Arc<dyn Plugin>))
        },
    },
    BuiltIn {
        name: "netlify",
        placement: Placement::AfterExternal,
        make: |table, _| {
            Ok(options::<Switch>(table)?
                .on()
                .then(|| Arc::new(Netlify) as Arc<dyn Plugin>))
        },
    },
];

/// The options of a built-in that takes none but `enabled`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Switch {
    #[serde(default = "yes")]
    enabled: bool,
}

impl Switch {
    fn on(&self) -> bool {
        self.enabled
    }
}

/// `[plugins.infographic]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct InfographicConfig {
    #[serde(default = "yes")]
    enabled: bool,
    /// Width of the SVG.
    #[serde(default)]
    width: Width,
    /// Draw the social card (`og:image`) too.
    #[serde(default = "yes")]
    social_image: bool,
}

/// An infographic width: 480 to 4096.
#[derive(Debug, Deserialize)]
#[serde(try_from = "toml::Value")]
struct Width(u32);

impl Default for Width {
    fn default() -> Self {
        Width(InfographicOptions::default().width)
    }
}

impl TryFrom<toml::Value> for Width {
    type Error = String;

    fn try_from(value: toml::Value) -> Result<Self, String> {
        value
            .as_integer()
            .and_then(|w| u32::try_from(w).ok())
            .filter(|w| (480..=4096).contains(w))
            .map(Width)
            .ok_or_else(|| {
                format!("`width` must be a whole number from 480 to 4096, found {value}")
            })
    }
}

fn yes() -> bool {
    true
}

/// Why a built-in's options table does not fit its options struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError {
    /// The option at fault, when there is one.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// Reads a built-in's options table into its options struct. The names it
/// takes come from the struct (`deny_unknown_fields`), never from a list.
/// Every option at fault is reported, not only the first.
fn options<T: serde::de::DeserializeOwned>(table: &toml::Table) -> Result<T, Vec<OptionError>> {
    let mut table = table.clone();
    let mut errors = Vec::new();
    loop {
        let value = toml::Value::Table(table.clone());
        let error = match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(options) if errors.is_empty() => return Ok(options),
            Ok(_) => return Err(errors),
            Err(error) => error,
        };
        let message = error.inner().message().to_string();
        let found = match unknown_field(&message) {
            Some((field, expected)) => OptionError {
                key: Some(field.clone()),
                message: format!("has no option `{field}`"),
                help: Some(format!("its options are: {expected}")),
            },
            None => OptionError {
                key: error
                    .path()
                    .iter()
                    .next()
                    .map(|segment| segment.to_string()),
                message,
                help: None,
            },
        };
        // Without the option at fault, the others get their say.
        let retry = found
            .key
            .as_ref()
            .is_some_and(|key| table.remove(key).is_some());
        errors.push(found);
        if !retry {
            return Err(errors);
        }
    }
}

/// The field and the expected names in serde's "unknown field `x`, expected
/// one of `a`, `b`" (or "expected `a`").
fn unknown_field(message: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split_once("expected ")
        .map(|(_, names)| names.replace("one of ", "").replace('`', ""))
        .unwrap_or_default();
    Some((
        field.to_string(),
        expected.trim_end_matches(['\n', '.']).to_string(),
    ))
}

/// Highlights each criterion's samples and draws them side by side, as the
/// criterion's [`SamplePair`](crate::model::SamplePair); render places the
/// pair where the prose asks (`<!-- versus:samples -->`), or after it.
pub struct Samples;

impl Plugin for Samples {
    fn name(&self) -> &str {
        "samples"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Reports]
    }

    fn reports(&self, context: &Context<'_>, reports: &mut [ReportEdit<'_>]) -> Diagnostics {
        // Highlighting is the costliest step of a cold build: every criterion
        // of every report in parallel.
        let found: Vec<Diagnostic> = reports
            .par_iter_mut()
            .flat_map(|edit| {
                let report: &Report = edit;
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
                let mut criteria: Vec<_> = edit.criteria().collect();
                criteria
                    .par_iter_mut()
                    .zip(items)
                    .flat_map(|(criterion, items)| {
                        if items.is_empty() {
                            return Vec::new();
                        }
                        let group = draw_group(&items, context.highlighter);
                        criterion.set_pair(group.pair);
                        group.diagnostics
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

    fn reports(&self, _context: &Context<'_>, reports: &mut [ReportEdit<'_>]) -> Diagnostics {
        reports.par_iter_mut().for_each(|edit| {
            let report = edit.model();
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
        let png = match context.cache.and_then(|c| c.get(SOCIAL, key.as_bytes())) {
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
                    cache.put(SOCIAL, key.as_bytes(), &[&png]);
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

    fn reports(&self, context: &Context<'_>, reports: &mut [ReportEdit<'_>]) -> Diagnostics {
        reports.par_iter_mut().for_each(|edit| {
            let report = edit.model();
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
        // Cards of earlier versions of the reports are not needed again (the
        // disk cache still has them): without this a long `versus serve`
        // keeps a PNG for every score and title it ever showed.
        let current: HashSet<blake3::Hash> = reports
            .iter()
            .filter_map(|report| report.social_image.as_ref())
            .map(|card| blake3::hash(card.svg.as_bytes()))
            .collect();
        self.drawn
            .lock()
            .expect("drawn lock")
            .retain(|key, _| current.contains(key));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Markdown;
    use crate::source::SourceFile;
    use crate::transform::highlight::Highlighter;

    /// A report that holds nothing but an infographic and a social card
    /// drawn from `svg`.
    fn report_with_card(svg: &str) -> Report {
        let figure = || Figure {
            url: String::new(),
            svg: svg.to_string(),
            width: 20,
            height: 10,
        };
        Report {
            slug: "r".into(),
            dir: "content/r".into(),
            title: "R".into(),
            description: String::new(),
            date: "2026-01-01".into(),
            contenders: Vec::new(),
            intro: Markdown {
                file: Arc::new(SourceFile::new(
                    "content/r/index.md",
                    "content/r/index.md",
                    "",
                )),
                offset: 0,
                html: String::new(),
            },
            conclusion: None,
            criteria: Vec::new(),
            extra: serde_json::Value::Null,
            score: None,
            infographic: Some(figure()),
            social_image: Some(figure()),
            data: serde_json::Map::new(),
        }
    }

    #[test]
    fn only_the_current_reports_social_cards_stay_in_memory() {
        let source = SourceFile::new(
            "versus.toml",
            "versus.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        );
        let config = crate::config::parse_config(Arc::new(source), None).unwrap();
        let highlighter = Highlighter::new(None);
        let fonts = [std::borrow::Cow::Borrowed(
            &include_bytes!("../../themes/default/fonts/DejaVuSans.ttf")[..],
        )];
        let context = Context {
            root: std::path::Path::new("."),
            config: &config,
            highlighter: &highlighter,
            fonts: &fonts,
            cache: None,
        };
        let plugin = Infographic::new(InfographicOptions::default(), true);
        // Each save of a long preview can change a report's score or title,
        // and so its card.
        for version in 1..=5 {
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\">\
                 <rect width=\"{version}\" height=\"10\" fill=\"#123456\"/></svg>"
            );
            let report = report_with_card(&svg);
            let (files, found) = plugin.output(&context, &[&report], &[]);
            assert!(found.is_empty(), "{found:?}");
            assert!(files.iter().any(|f| f.path == "r/social.png"));
            let kept = plugin.drawn.lock().unwrap().len();
            assert_eq!(kept, 1, "cards kept after version {version}");
        }
    }

    #[test]
    fn every_wrong_option_is_reported_with_the_names_the_struct_takes() {
        let table: toml::Table =
            toml::from_str("width = 100\ncolour = 1\nsocial-image = true\n").unwrap();
        let errors = options::<InfographicConfig>(&table).unwrap_err();
        let keys: Vec<Option<&str>> = errors.iter().map(|e| e.key.as_deref()).collect();
        assert_eq!(keys, [Some("width"), Some("colour")]);
        assert!(errors[0].message.contains("from 480 to 4096, found 100"));
        assert_eq!(
            errors[1].help.as_deref(),
            Some("its options are: enabled, width, social-image")
        );
        let fine: toml::Table = toml::from_str("width = 1200\n").unwrap();
        let options = options::<InfographicConfig>(&fine).unwrap();
        assert_eq!(
            (options.width.0, options.enabled, options.social_image),
            (1200, true, true)
        );
    }
}
