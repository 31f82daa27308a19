//! Evidence: samples that run and show what they print, expected output
//! checked on every build, numbers measured by `versus measure`, and charts
//! drawn from them.
//!
//! - [`runner`] runs one sample as a confined, time-limited process;
//! - [`expected`] compares its output with `<contender>.out` and blesses;
//! - [`measure`] times samples for `versus measure` and keeps the numbers in
//!   `measurements.toml`;
//! - [`data`] reads a chart's numbers (measurements, front matter, CSV);
//! - [`chart`] draws them as accessible inline SVG;
//! - [`panel`] writes the output panel shown under a sample;
//! - [`plugins`] are the built-in `run` and `chart` plugins that put it all
//!   on the page.
//!
//! This module also holds the typed settings that front matter and
//! `versus.toml` give it ([`RunPlan`], [`MeasurePlan`], [`ChartPlan`],
//! [`RuntimeCommand`]).

pub mod chart;
pub mod data;
pub mod expected;
pub mod front;
pub mod measure;
pub mod panel;
pub mod plugins;
pub mod runner;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use indexmap::IndexMap;

use crate::config::SiteConfig;
use crate::diagnostics::Location;
use crate::model::{Contender, Sample};

/// How a runtime is started: `["node", "{file}"]`, and where that was
/// written (a contender in `index.md`, or `[run]` in `versus.toml`).
#[derive(Debug, Clone)]
pub struct RuntimeCommand {
    /// The arguments, `{file}` among them.
    pub argv: Vec<String>,
    /// Where it is declared, for errors.
    pub declared: Location,
}

impl PartialEq for RuntimeCommand {
    fn eq(&self, other: &Self) -> bool {
        self.argv == other.argv
    }
}

impl Eq for RuntimeCommand {}

impl RuntimeCommand {
    /// The program: the first argument.
    pub fn program(&self) -> &str {
        self.argv.first().map_or("", String::as_str)
    }

    /// The command as a reader would type it, for a sample file name.
    pub fn display(&self, file: &str, args: &[String]) -> String {
        runner::expand(&self.argv, file, args)
            .iter()
            .map(|a| {
                if a.contains(' ') {
                    format!("'{a}'")
                } else {
                    a.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A criterion's `run` setting: which samples run, and how.
#[derive(Debug, Clone)]
pub struct RunPlan {
    /// The contenders whose samples run; `None` for all.
    pub contenders: Option<Vec<String>>,
    /// Arguments after the command (`["--once"]`).
    pub args: Vec<String>,
    /// The time limit of one run.
    pub timeout: Duration,
    /// The exit status each contender's sample must end with (0 if absent).
    pub expect_exit: IndexMap<String, i32>,
    /// Where `run` is written.
    pub at: Location,
}

impl RunPlan {
    /// Whether this contender's sample runs.
    pub fn includes(&self, contender: &str) -> bool {
        self.contenders
            .as_ref()
            .is_none_or(|list| list.iter().any(|c| c == contender))
    }

    /// The exit status expected of a contender's sample.
    pub fn expected_exit(&self, contender: &str) -> i32 {
        self.expect_exit.get(contender).copied().unwrap_or(0)
    }
}

/// A criterion's `measure` setting, read by `versus measure` only.
#[derive(Debug, Clone)]
pub struct MeasurePlan {
    /// Timed runs per contender and case.
    pub runs: u32,
    /// Untimed runs first, per contender and case.
    pub warmup: u32,
    /// Each case is one series: its name is passed to the sample as its
    /// first argument. Empty: one series, no argument.
    pub cases: Vec<String>,
    /// Where `measure` is written.
    pub at: Location,
}

/// Which way a metric is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Smaller numbers are better (times).
    Lower,
    /// Larger numbers are better (throughput).
    Higher,
}

/// Where a chart's numbers come from.
#[derive(Debug, Clone)]
pub enum ChartSource {
    /// `measurements.toml` beside the criterion, written by `versus measure`.
    Measurements(PathBuf),
    /// A CSV file beside the criterion.
    Csv(PathBuf),
    /// A table in front matter: series label → contender id → number.
    Table(IndexMap<String, IndexMap<String, f64>>),
}

/// A criterion's `[chart]` setting.
#[derive(Debug, Clone)]
pub struct ChartPlan {
    /// The numbers.
    pub source: ChartSource,
    /// What is measured ("wall time", "requests per second").
    pub metric: String,
    /// The unit ("ms", "req/s").
    pub unit: String,
    /// Which way is better.
    pub better: Better,
    /// Where `chart` is written.
    pub at: Location,
}

/// What a criterion asks of the evidence plugins.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Run the samples and show their output.
    pub run: Option<RunPlan>,
    /// Time them with `versus measure`.
    pub measure: Option<MeasurePlan>,
    /// Draw a chart.
    pub chart: Option<ChartPlan>,
}

/// The command that runs a sample: its contender's own `run`, else the
/// `[run]` entry of `versus.toml` for its extension.
pub fn command_for<'a>(
    config: &'a SiteConfig,
    contender: Option<&'a Contender>,
    sample: &Sample,
) -> Option<&'a RuntimeCommand> {
    contender
        .and_then(|c| c.run.as_ref())
        .or_else(|| config.run.get(&sample.language))
}

/// A hash of what a run of `sample` depends on besides its command: the
/// bytes of every file in its folder that is not prose, expected output or
/// measurements (a sample may read a data file beside it).
pub fn folder_hash(sample: &Sample) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(sample.file.text.as_bytes());
    let Some(folder) = sample.file.path.parent() else {
        return hasher.finalize();
    };
    // Every file the run's scratch copy gets, subfolders included (a sample
    // may import `lib/helper.py`), in a stable order, named by its path
    // inside the folder. Hidden entries are not copied, so they do not count.
    let files = walkdir::WalkDir::new(folder)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p != &sample.file.path && counts_for_runs(p));
    for file in files {
        let relative = file.strip_prefix(folder).unwrap_or(&file);
        hasher.update(relative.as_os_str().as_encoded_bytes());
        hasher.update(&[0]);
        if let Ok(bytes) = std::fs::read(&file) {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(&bytes);
        }
    }
    hasher.finalize()
}

/// Whether a file of a sample's folder can change what the sample prints.
fn counts_for_runs(path: &std::path::Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    !(name.starts_with('.')
        || name.ends_with(".md")
        || name.ends_with(".out")
        || name == measure::MEASUREMENTS_FILE)
}

/// A sample's own hash, as `measurements.toml` records it.
pub fn sample_hash(sample: &Sample) -> String {
    blake3::hash(sample.file.text.as_bytes()).to_hex()[..16].to_string()
}

/// Options of a build that concern running samples.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Run every sample again, ignoring cached results (`--rerun`).
    pub rerun: bool,
    /// Write each sample's output as its expected output (`--bless`).
    pub bless: bool,
    /// Run in the background (`versus serve`): the build does not wait, and
    /// this is called with the sample's path when a run finishes.
    pub background: Option<Arc<dyn Fn(PathBuf) + Send + Sync>>,
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("rerun", &self.rerun)
            .field("bless", &self.bless)
            .field("background", &self.background.is_some())
            .finish()
    }
}
