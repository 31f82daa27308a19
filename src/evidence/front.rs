//! The evidence settings as written in front matter (`run`, `expect_exit`,
//! `measure`, `chart`) and in `versus.toml` (`[run]`), and their checks.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use indexmap::IndexMap;
use serde::Deserialize;

use super::{Better, ChartPlan, ChartSource, Evidence, MeasurePlan, RunPlan, RuntimeCommand};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::load::front_matter::{FrontMatter, key_path};
use crate::source::SourceFile;

/// `run = true`, `run = ["node"]` (these contenders), or a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RunFront {
    /// All samples, or none.
    Switch(bool),
    /// The samples of these contenders.
    Contenders(Vec<String>),
    /// Everything spelt out.
    Table(RunTable),
}

/// `[run]` of a criterion.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunTable {
    /// Which contenders' samples run (default: all).
    #[serde(default)]
    pub contenders: Option<Vec<String>>,
    /// Arguments after the command.
    #[serde(default)]
    pub args: Vec<String>,
    /// Time limit in seconds.
    #[serde(default)]
    pub timeout: Option<f64>,
}

/// `expect_exit = 1`, or per contender.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ExpectExitFront {
    /// Every sample.
    All(i32),
    /// Contender id → status.
    PerContender(IndexMap<String, i32>),
}

/// `measure = { runs = 10, warmup = 2, cases = ["cpu", "json"] }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureFront {
    /// Timed runs.
    #[serde(default = "default_runs")]
    pub runs: u32,
    /// Untimed runs first.
    #[serde(default = "default_warmup")]
    pub warmup: u32,
    /// Cases, each passed as the first argument.
    #[serde(default)]
    pub cases: Vec<String>,
}

fn default_runs() -> u32 {
    10
}

fn default_warmup() -> u32 {
    2
}

/// `[chart]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartFront {
    /// `"measurements.toml"`, `"results.csv"`, or a table.
    pub data: Option<ChartDataFront>,
    /// What is measured.
    #[serde(default)]
    pub metric: Option<String>,
    /// Its unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// `"lower"` or `"higher"`.
    #[serde(default)]
    pub better: Option<Better>,
}

/// A file name or a table of numbers.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ChartDataFront {
    /// A file beside the criterion.
    File(String),
    /// Series label → contender id → number.
    Table(IndexMap<String, IndexMap<String, f64>>),
}

/// The most a criterion may ask a run to take.
const MAX_TIMEOUT: f64 = 600.0;

/// Checks a criterion's evidence settings against its contenders and
/// folder. `folder` is `None` for a single-file criterion.
#[allow(clippy::too_many_arguments)]
pub fn evidence_from_front(
    run: Option<RunFront>,
    expect_exit: Option<ExpectExitFront>,
    measure: Option<MeasureFront>,
    chart: Option<ChartFront>,
    ids: &[String],
    folder: Option<&Path>,
    file: &Arc<SourceFile>,
    fm: &FrontMatter,
    diagnostics: &mut Vec<Diagnostic>,
) -> Evidence {
    let at = |keys: &[&str]| fm.location(file, &key_path(keys));
    let error = |message: String| Diagnostic::error(Problem::BadField { message });
    let check_ids = |list: &[String], key: &str, diagnostics: &mut Vec<Diagnostic>| {
        for id in list {
            if !ids.contains(id) {
                diagnostics.push(
                    Diagnostic::error(Problem::UnknownContender {
                        id: id.clone(),
                        known: ids.to_vec(),
                        table: key.to_string(),
                    })
                    .at(at(&[key])),
                );
            }
        }
    };
    let mut evidence = Evidence::default();
    let run_table = match run {
        None | Some(RunFront::Switch(false)) => None,
        Some(RunFront::Switch(true)) => Some(RunTable {
            contenders: None,
            args: Vec::new(),
            timeout: None,
        }),
        Some(RunFront::Contenders(list)) => Some(RunTable {
            contenders: Some(list),
            args: Vec::new(),
            timeout: None,
        }),
        Some(RunFront::Table(table)) => Some(table),
    };
    if let Some(table) = run_table {
        if folder.is_none() {
            diagnostics.push(
                error("`run` needs samples: make the criterion a folder with one sample per contender".into())
                    .at(at(&["run"])),
            );
        }
        if let Some(list) = &table.contenders {
            check_ids(list, "run", diagnostics);
        }
        let timeout = match table.timeout {
            None => super::runner::DEFAULT_TIMEOUT,
            Some(seconds) if seconds > 0.0 && seconds <= MAX_TIMEOUT => {
                Duration::from_secs_f64(seconds)
            }
            Some(seconds) => {
                diagnostics.push(
                    error(format!(
                        "`run.timeout` must be above 0 and at most {MAX_TIMEOUT} seconds, found {seconds}"
                    ))
                    .at(at(&["run", "timeout"])),
                );
                super::runner::DEFAULT_TIMEOUT
            }
        };
        let expect_exit = match expect_exit {
            None => IndexMap::new(),
            Some(ExpectExitFront::All(code)) => ids.iter().map(|id| (id.clone(), code)).collect(),
            Some(ExpectExitFront::PerContender(map)) => {
                let keys: Vec<String> = map.keys().cloned().collect();
                check_ids(&keys, "expect_exit", diagnostics);
                map
            }
        };
        evidence.run = Some(RunPlan {
            contenders: table.contenders,
            args: table.args,
            timeout,
            expect_exit,
            at: at(&["run"]),
        });
    } else if expect_exit.is_some() {
        diagnostics.push(
            Diagnostic::warning(Problem::BadField {
                message: "`expect_exit` has no effect without `run`".into(),
            })
            .at(at(&["expect_exit"])),
        );
    }
    if let Some(measure) = measure {
        if measure.runs == 0 || measure.runs > 1000 {
            diagnostics.push(
                error(format!(
                    "`measure.runs` must be from 1 to 1000, found {}",
                    measure.runs
                ))
                .at(at(&["measure", "runs"])),
            );
        }
        if folder.is_none() {
            diagnostics.push(
                error("`measure` needs samples: make the criterion a folder with one sample per contender".into())
                    .at(at(&["measure"])),
            );
        }
        evidence.measure = Some(MeasurePlan {
            runs: measure.runs.clamp(1, 1000),
            warmup: measure.warmup.min(100),
            cases: measure.cases,
            at: at(&["measure"]),
        });
    }
    if let Some(chart) = chart {
        let source = match chart.data {
            None => {
                diagnostics.push(
                    error("`chart` has no `data`: give a file beside the criterion (`data = \"measurements.toml\"` or `\"results.csv\"`) or a table of numbers".into())
                        .at(at(&["chart"])),
                );
                None
            }
            Some(ChartDataFront::Table(table)) => {
                for row in table.values() {
                    let keys: Vec<String> = row.keys().cloned().collect();
                    check_ids(&keys, "chart", diagnostics);
                }
                Some(ChartSource::Table(table))
            }
            Some(ChartDataFront::File(name)) => match folder {
                None => {
                    diagnostics.push(
                        error(format!("`chart.data` names `{name}`, but a single-file criterion has no folder to hold it: make the criterion a folder"))
                            .at(at(&["chart", "data"])),
                    );
                    None
                }
                Some(_) if name.contains('/') || name.contains('\\') || name.starts_with('.') => {
                    diagnostics.push(
                        error(format!(
                            "`chart.data` must name a file beside the criterion, found `{name}`"
                        ))
                        .at(at(&["chart", "data"])),
                    );
                    None
                }
                Some(folder) if name.ends_with(".toml") => {
                    Some(ChartSource::Measurements(folder.join(name)))
                }
                Some(folder) if name.ends_with(".csv") => Some(ChartSource::Csv(folder.join(name))),
                Some(_) => {
                    diagnostics.push(
                        error(format!(
                            "`chart.data` must be a `.csv` file or `measurements.toml`, found `{name}`"
                        ))
                        .at(at(&["chart", "data"])),
                    );
                    None
                }
            },
        };
        if let Some(source) = source {
            let measured = matches!(source, ChartSource::Measurements(_));
            evidence.chart = Some(ChartPlan {
                metric: chart.metric.unwrap_or_else(|| {
                    if measured {
                        "wall time".into()
                    } else {
                        "value".into()
                    }
                }),
                unit: chart
                    .unit
                    .unwrap_or_else(|| if measured { "ms".into() } else { String::new() }),
                better: chart.better.unwrap_or(Better::Lower),
                source,
                at: at(&["chart"]),
            });
        }
    }
    evidence
}

/// Checks one run command: a non-empty list whose arguments hold `{file}`.
pub fn check_command(argv: &[String], declared: Location) -> Result<RuntimeCommand, Diagnostic> {
    if argv.is_empty() || argv[0].trim().is_empty() {
        return Err(Diagnostic::error(Problem::BadField {
            message: "a run command must name a program, like [\"node\", \"{file}\"]".into(),
        })
        .at(declared));
    }
    if !argv
        .iter()
        .any(|a| a.contains(super::runner::FILE_PLACEHOLDER))
    {
        return Err(Diagnostic::error(Problem::NoFilePlaceholder {
            command: argv.join(" "),
        })
        .at(declared));
    }
    Ok(RuntimeCommand {
        argv: argv.to_vec(),
        declared,
    })
}
