//! `versus measure`: times the samples a criterion marks for measuring and
//! writes `measurements.toml` beside it. A build never measures; it only
//! reads what this wrote.
//!
//! Each run is a fresh process (start-up included, as a user of the program
//! would see it). Contenders alternate, and the order flips every round, so
//! that a machine that slows down or speeds up during the session does not
//! favour one of them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::runner::{self, RunError, RunRequest};
use super::{MeasurePlan, RuntimeCommand, command_for, sample_hash};
use crate::config::{SiteConfig, load_config};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Problem};
use crate::load::{CONTENT_DIR, LoadOptions, load_criterion, load_report_head, report_sources};
use crate::model::{Contender, Criterion};
use crate::source::display_path;
use crate::util::ignore::is_ignored_name;

/// The file `versus measure` writes beside a criterion.
pub const MEASUREMENTS_FILE: &str = "measurements.toml";

/// Everything `measurements.toml` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurements {
    /// The day of the measurement, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// Timed runs per contender and case.
    pub runs: u32,
    /// Untimed runs before them.
    pub warmup: u32,
    /// The machine.
    pub machine: Machine,
    /// Per contender: runtime, command, sample and its hash.
    pub contenders: IndexMap<String, MeasuredContender>,
    /// One entry per case.
    pub series: Vec<Series>,
}

/// The machine the numbers come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// CPU model name.
    pub cpu: String,
    /// Logical cores.
    pub cores: usize,
    /// Memory in GiB.
    pub memory_gib: f64,
    /// Operating system and kernel.
    pub os: String,
}

impl Machine {
    /// One line: "Intel Xeon, 2 cores, 23.5 GiB, Debian 13 (Linux 6.1)".
    pub fn describe(&self) -> String {
        format!(
            "{}, {} cores, {:.1} GiB memory, {}",
            self.cpu, self.cores, self.memory_gib, self.os
        )
    }
}

/// How one contender was measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasuredContender {
    /// `node --version` and the like.
    pub runtime: String,
    /// The command, `{file}` in it.
    pub command: Vec<String>,
    /// The sample's file name.
    pub sample: String,
    /// The first 16 hex digits of the sample's BLAKE3 hash.
    pub sample_hash: String,
}

/// One case's numbers, per contender.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// The case (passed as the first argument), or empty for none.
    pub case: String,
    /// Contender id → times.
    pub results: IndexMap<String, Stats>,
}

/// The times of one contender in one case, in milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    /// The median.
    pub median_ms: f64,
    /// The fastest run.
    pub min_ms: f64,
    /// The slowest run.
    pub max_ms: f64,
    /// Every timed run, in order.
    pub runs_ms: Vec<f64>,
}

impl Stats {
    /// Median, min and max of `runs` (milliseconds).
    pub fn of(runs: Vec<f64>) -> Stats {
        let mut sorted = runs.clone();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n == 0 {
            0.0
        } else if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Stats {
            median_ms: round(median),
            min_ms: round(sorted.first().copied().unwrap_or(0.0)),
            max_ms: round(sorted.last().copied().unwrap_or(0.0)),
            runs_ms: runs.into_iter().map(round).collect(),
        }
    }
}

/// Microsecond precision is more than a process's start-up noise allows.
fn round(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

/// Reads a `measurements.toml`.
pub fn read_measurements(path: &Path, root: &Path) -> Result<Measurements, Diagnostic> {
    let file = crate::source::read_source(root, path).map_err(|d| *d)?;
    toml::from_str(&file.text).map_err(|e| {
        let range = e.span().unwrap_or(0..0);
        Diagnostic::error(Problem::BadData {
            message: format!("`{}`: {}", file.display, e.message().trim()),
        })
        .at(Location::span(&file, range))
        .with_note("this file is written by `versus measure`; run it again to replace the file")
    })
}

/// What one `versus measure` wrote.
#[derive(Debug, Clone)]
pub struct MeasureSummary {
    /// The files written.
    pub written: Vec<PathBuf>,
}

/// Measures the criteria under `root` that `target` selects (`REPORT` or
/// `REPORT/CRITERION`, by folder name or slug; every criterion with a
/// `measure` setting when `None`). `progress` hears about each criterion.
pub fn measure(
    root: &Path,
    target: Option<&str>,
    progress: &mut dyn FnMut(&str),
) -> Result<MeasureSummary, Diagnostics> {
    let mut problems = Diagnostics::new();
    let config = match load_config(root, None) {
        Ok(config) => config,
        Err(d) => {
            problems.push(d);
            return Err(problems);
        }
    };
    let (report_filter, criterion_filter) = match target {
        None => (None, None),
        Some(t) => match t.trim_matches('/').split_once('/') {
            Some((r, c)) => (Some(r.to_string()), Some(c.to_string())),
            None => (Some(t.trim_matches('/').to_string()), None),
        },
    };
    let content = root.join(CONTENT_DIR);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&content)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| !is_ignored_name(&e.file_name().to_string_lossy()))
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    let options = LoadOptions {
        base_url: None,
        drafts: true,
    };
    let mut chosen: Vec<(Vec<Contender>, Criterion, PathBuf)> = Vec::new();
    for dir in &dirs {
        let slug = crate::source::file_name(dir);
        if report_filter.as_ref().is_some_and(|r| r != &slug) {
            continue;
        }
        let (head, found) = load_report_head(root, dir, &options);
        problems.extend(found.into_iter().filter(Diagnostic::is_error));
        let Some(head) = head else { continue };
        let sources = match report_sources(root, dir) {
            Ok(s) => s,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        for source in &sources.criteria {
            let path = &source.path;
            let (criterion, found) = load_criterion(root, source, &head.contenders, &options);
            let Some(criterion) = criterion else {
                problems.extend(found.into_iter().filter(Diagnostic::is_error));
                continue;
            };
            let name = crate::source::file_name(path);
            if criterion_filter
                .as_ref()
                .is_some_and(|c| c != &name && c != &criterion.slug)
            {
                continue;
            }
            problems.extend(found.into_iter().filter(Diagnostic::is_error));
            if criterion.evidence.measure.is_some() {
                chosen.push((head.contenders.clone(), criterion, path.clone()));
            }
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    if chosen.is_empty() {
        problems.push(Diagnostic::error(Problem::Measure {
            message: match target {
                Some(t) => format!("nothing to measure under `{t}`: no criterion there has a `measure` setting (or the name is wrong)"),
                None => "nothing to measure: no criterion has a `measure` setting".to_string(),
            },
        }).with_note("add `measure = { runs = 10, warmup = 2 }` to a criterion folder's front matter"));
        return Err(problems);
    }
    let machine = machine();
    let mut written = Vec::new();
    for (contenders, criterion, folder) in &chosen {
        progress(&display_path(root, folder));
        match measure_criterion(&config, contenders, criterion, folder, &machine) {
            Ok(measurements) => {
                let path = folder.join(MEASUREMENTS_FILE);
                let text = format!(
                    "# Written by `versus measure`: numbers measured on the machine below.\n{}",
                    toml::to_string(&measurements).unwrap_or_default()
                );
                if let Err(e) = super::expected::bless(&path, &text) {
                    problems.push(Diagnostic::error(Problem::Io {
                        action: "write",
                        path: display_path(root, &path),
                        source: e.into(),
                    }));
                } else {
                    written.push(path);
                }
            }
            Err(found) => problems.extend(found),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(MeasureSummary { written })
}

/// One contender's sample, ready to time.
struct Subject<'a> {
    id: &'a str,
    command: &'a RuntimeCommand,
    file_name: String,
}

fn measure_criterion(
    config: &SiteConfig,
    contenders: &[Contender],
    criterion: &Criterion,
    folder: &Path,
    machine: &Machine,
) -> Result<Measurements, Vec<Diagnostic>> {
    let plan: &MeasurePlan = criterion.evidence.measure.as_ref().expect("chosen for it");
    let mut problems = Vec::new();
    let mut subjects = Vec::new();
    let mut described = IndexMap::new();
    for sample in &criterion.samples {
        let contender = contenders.iter().find(|c| c.id == sample.contender);
        let file_name = crate::source::file_name(&sample.file.path);
        let Some(command) = command_for(config, contender, sample) else {
            problems.push(
                Diagnostic::error(Problem::NoRunCommand {
                    sample: file_name,
                    contender: sample.contender.clone(),
                    language: sample.language.clone(),
                })
                .at(plan.at.clone()),
            );
            continue;
        };
        let runtime = match runner::runtime_version(command.program()) {
            Ok(version) => version,
            Err(RunError::Spawn { reason, .. }) => {
                problems.push(
                    Diagnostic::error(Problem::UnknownRuntime {
                        program: command.program().to_string(),
                        reason,
                    })
                    .at(command.declared.clone()),
                );
                continue;
            }
            Err(other) => other.to_string(),
        };
        described.insert(
            sample.contender.clone(),
            MeasuredContender {
                runtime,
                command: command.argv.clone(),
                sample: file_name.clone(),
                sample_hash: sample_hash(sample),
            },
        );
        subjects.push(Subject {
            id: &sample.contender,
            command,
            file_name,
        });
    }
    if subjects.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(Problem::Measure {
                message: format!("criterion `{}` has no samples to measure", criterion.name),
            })
            .at(plan.at.clone()),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let timeout = criterion
        .evidence
        .run
        .as_ref()
        .map_or(runner::DEFAULT_TIMEOUT, |r| r.timeout);
    let cases: Vec<String> = if plan.cases.is_empty() {
        vec![String::new()]
    } else {
        plan.cases.clone()
    };
    let mut series = Vec::new();
    for case in &cases {
        let mut times: IndexMap<String, Vec<f64>> = subjects
            .iter()
            .map(|s| (s.id.to_string(), Vec::new()))
            .collect();
        for round in 0..plan.warmup + plan.runs {
            let timed = round >= plan.warmup;
            let order: Vec<&Subject> = if round % 2 == 0 {
                subjects.iter().collect()
            } else {
                subjects.iter().rev().collect()
            };
            for subject in order {
                let request = RunRequest {
                    folder: folder.to_path_buf(),
                    file_name: subject.file_name.clone(),
                    command: subject.command.argv.clone(),
                    args: if case.is_empty() {
                        Vec::new()
                    } else {
                        vec![case.clone()]
                    },
                    timeout,
                    output_cap: runner::OUTPUT_CAP,
                };
                let what = if case.is_empty() {
                    format!("`{}`", subject.file_name)
                } else {
                    format!("`{}` (case `{case}`)", subject.file_name)
                };
                let record = runner::run_sample(&request).map_err(|e| {
                    let message = match &e {
                        RunError::TimedOut { seconds, .. } => format!(
                            "cannot measure {what}: it did not finish within {seconds} s; a measured sample must end by itself"
                        ),
                        other => format!("cannot measure {what}: it {other}"),
                    };
                    vec![Diagnostic::error(Problem::Measure { message }).at(plan.at.clone())]
                })?;
                if record.exit_code != Some(0) {
                    return Err(vec![
                        Diagnostic::error(Problem::Measure {
                            message: format!(
                                "cannot measure {what}: it ended with {}",
                                record.status_text()
                            ),
                        })
                        .at(plan.at.clone())
                        .with_note(tail(&record.stderr)),
                    ]);
                }
                if timed {
                    times[subject.id].push(record.wall().as_secs_f64() * 1000.0);
                }
            }
        }
        series.push(Series {
            case: case.clone(),
            results: times
                .into_iter()
                .map(|(id, runs)| (id, Stats::of(runs)))
                .collect(),
        });
    }
    Ok(Measurements {
        date: today(),
        runs: plan.runs,
        warmup: plan.warmup,
        machine: machine.clone(),
        contenders: described,
        series,
    })
}

/// The last lines of a stream, for a note.
pub fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(6);
    let shown = lines[start..].join("\n");
    if shown.trim().is_empty() {
        "it printed nothing on standard error".to_string()
    } else {
        format!("its standard error ends with:\n{shown}")
    }
}

/// The machine this runs on, from `/proc` and `/etc/os-release` on Linux.
pub fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map(|(_, name)| name.trim().to_string())
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kib: f64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    let release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let name = release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_else(|| std::env::consts::OS.to_string());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| format!(" (Linux {})", k.trim()))
        .unwrap_or_default();
    Machine {
        cpu,
        cores,
        memory_gib: (memory_kib / 1024.0 / 1024.0 * 10.0).round() / 10.0,
        os: format!("{name}{kernel}"),
    }
}

/// Today in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    civil_date((seconds / 86_400) as i64)
}

/// The date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_782), "2024-02-29");
        assert_eq!(civil_date(20_788), "2026-12-01");
    }

    #[test]
    fn stats_take_the_middle() {
        let stats = Stats::of(vec![5.0, 1.0, 3.0, 100.0]);
        assert_eq!(stats.median_ms, 4.0);
        assert_eq!(stats.min_ms, 1.0);
        assert_eq!(stats.max_ms, 100.0);
        assert_eq!(stats.runs_ms, [5.0, 1.0, 3.0, 100.0]);
    }

    #[test]
    fn measurements_round_trip_through_toml() {
        let m = Measurements {
            date: "2026-12-01".into(),
            runs: 3,
            warmup: 1,
            machine: machine(),
            contenders: IndexMap::new(),
            series: vec![Series {
                case: "cpu".into(),
                results: [("node".to_string(), Stats::of(vec![1.0, 2.0, 3.0]))]
                    .into_iter()
                    .collect(),
            }],
        };
        let text = toml::to_string(&m).unwrap();
        let back: Measurements = toml::from_str(&text).unwrap();
        assert_eq!(back, m);
    }
}
