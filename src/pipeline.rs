//! The build: load → transform → render → write, timed, with every
//! diagnostic of every stage collected.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::cache::{HighlightCache, default_cache_dir};
use crate::diagnostics::Diagnostics;
use crate::load::{LoadOptions, load_site};
use crate::render::theme::resolve_theme;
use crate::render::{Renderer, render_site};
use crate::transform::highlight::Highlighter;
use crate::transform::infographic::InfographicOptions;
use crate::transform::transform;
use crate::write::{check_output_dir, write_atomically};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The output folder; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Where to keep highlighted code between builds; `None` for no cache.
    pub cache_dir: Option<PathBuf>,
    /// Write the output (`false` for `versus check`).
    pub write: bool,
}

impl BuildOptions {
    /// Building `root` into `<root>/public` with the default cache.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            cache_dir: default_cache_dir(),
            write: true,
        }
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    /// Reports built.
    pub reports: usize,
    /// Criteria built.
    pub criteria: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Code samples shown.
    pub samples: usize,
    /// All output files.
    pub files: usize,
    /// The output folder (absolute), when written.
    pub output: Option<PathBuf>,
    /// Time of each stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// Total time.
    pub elapsed: Duration,
    /// Warnings.
    pub warnings: Diagnostics,
}

/// Runs a whole build. On failure, returns every diagnostic found (errors
/// and warnings) and writes nothing.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let started = Instant::now();
    let mut timings = Vec::new();
    let mut diagnostics = Diagnostics::new();
    let mut lap = Instant::now();
    let mut time = |name: &'static str, lap: &mut Instant| {
        timings.push((name, lap.elapsed()));
        *lap = Instant::now();
    };

    let output = if options.write {
        match check_output_dir(&options.root, &options.output_dir()) {
            Ok(output) => Some(output),
            Err(d) => return Err(d.into()),
        }
    } else {
        None
    };

    let load_options = LoadOptions {
        base_url: options.base_url.clone(),
        drafts: options.drafts,
    };
    let (site, found) = load_site(&options.root, &load_options);
    diagnostics.extend(found);
    let Some(mut site) = site else {
        return Err(finish(diagnostics));
    };
    // The theme is checked even when content has errors, so one run shows both.
    let renderer = resolve_theme(&site.root, &site.config)
        .and_then(|theme| Renderer::new(theme, site.config.base_path()));
    time("load", &mut lap);
    let renderer = match renderer {
        Ok(renderer) => Some(renderer),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    if diagnostics.has_errors() {
        return Err(finish(diagnostics));
    }
    let renderer = renderer.expect("no errors means the theme loaded");

    let highlighter = Highlighter::new(options.cache_dir.as_deref().map(HighlightCache::new));
    let (extras, found) = transform(&mut site, &highlighter, InfographicOptions::default());
    diagnostics.extend(found);
    time("transform", &mut lap);

    let (files, found) = render_site(&site, &extras, &renderer);
    diagnostics.extend(found);
    time("render", &mut lap);
    if diagnostics.has_errors() {
        return Err(finish(diagnostics));
    }

    if let Some(output) = &output
        && let Err(d) = write_atomically(output, &files)
    {
        diagnostics.push(d);
        return Err(finish(diagnostics));
    }
    time("write", &mut lap);

    let criteria = site.reports.iter().map(|r| r.criteria.len()).sum();
    let samples = site
        .reports
        .iter()
        .flat_map(|r| &r.criteria)
        .map(|c| c.samples.len())
        .sum();
    Ok(BuildSummary {
        reports: site.reports.len(),
        criteria,
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        samples,
        files: files.len(),
        output,
        timings,
        elapsed: started.elapsed(),
        warnings: finish(diagnostics),
    })
}

fn finish(mut diagnostics: Diagnostics) -> Diagnostics {
    diagnostics.sort();
    diagnostics
}
