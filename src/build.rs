//! The build: load → transform → render → write, timed, with every
//! diagnostic of every stage collected.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::sync::Arc;

use crate::cache::default_cache_dir;
use crate::diagnostics::Diagnostics;
use crate::plugin::Plugin;
use crate::project::Project;
use crate::render::OutputFile;
use crate::write::{check_output_dir, check_output_files, write_atomically};

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
    /// Plugins given in Rust, run after those of `versus.toml`.
    pub plugins: Vec<Arc<dyn Plugin>>,
    /// More builds will follow (`versus serve`): plugins get ready for the
    /// next one as soon as one is done.
    pub watching: bool,
    /// How samples run: `--rerun`, `--bless`, in the background.
    pub run: crate::evidence::RunOptions,
}

impl std::fmt::Debug for dyn Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Plugin({})", self.name())
    }
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
            plugins: Vec::new(),
            watching: false,
            run: crate::evidence::RunOptions::default(),
        }
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
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
    let output = if options.write {
        match check_output_dir(&options.root, &options.output_dir()) {
            Ok(output) => Some(output),
            Err(d) => return Err(d.into()),
        }
    } else {
        None
    };
    let project = Project::open(options.clone());
    let mut timings = project.timings().to_vec();
    let lap = Instant::now();
    let mut diagnostics = project.diagnostics_with_links();
    let files: Vec<OutputFile> = project.files().cloned().collect();
    // What would stop the write, found before it (and by `versus check`).
    diagnostics.extend(check_output_files(project.root(), &files));
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    timings.push(("checks", lap.elapsed()));
    let lap = Instant::now();
    if let Some(output) = &output {
        write_atomically(output, &files).map_err(|d| {
            let mut all = diagnostics.clone();
            all.push(d);
            all
        })?;
    }
    timings.push(("write", lap.elapsed()));
    let (reports, criteria, samples) = project.counts();
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let file_count = files.len();
    project.finish(files);
    Ok(BuildSummary {
        reports,
        criteria,
        pages,
        samples,
        files: file_count,
        output,
        timings,
        elapsed: started.elapsed(),
        warnings: diagnostics,
    })
}
