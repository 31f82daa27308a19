//! The built-in `run` and `chart` plugins.
//!
//! `run` runs the samples of every criterion that opts in, checks them
//! against their `.out` files and puts an output panel under each sample
//! (the `samples` plugin, which runs first, leaves a marker there). `chart`
//! draws each criterion's `[chart]` and warns when measured samples changed.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rayon::prelude::*;

use super::chart::{Bar, Chart, chart_html};
use super::data::chart_data;
use super::expected::{bless, difference};
use super::measure::tail;
use super::panel::{PanelState, panel_html};
use super::runner::{OUTPUT_CAP, RunError, RunRecord, RunRequest, run_sample, runtime_version};
use super::{RunOptions, RuntimeCommand, command_for, folder_hash, sample_hash};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::model::Sample;
use crate::plugin::{Context, Diagnostics, Hook, Plugin, ReportEdit};
use crate::source::{display_path, file_name};

/// The cache kind of run results.
const RUN_CACHE: &str = "run-1";

/// Runs samples and shows what they print.
pub struct RunSamples {
    options: RunOptions,
    /// `program --version` per program, or why it could not start.
    versions: Mutex<HashMap<String, Result<String, String>>>,
    /// Runs finished by this process, by cache key.
    finished: Arc<Mutex<HashMap<blake3::Hash, Result<RunRecord, RunError>>>>,
    /// Background runs under way.
    pending: Arc<Mutex<HashSet<blake3::Hash>>>,
    /// Background runs allowed at once: one per core, so a site with many
    /// samples does not start them all together and push each past its
    /// time limit.
    slots: Arc<Slots>,
}

/// A counting semaphore.
struct Slots {
    free: Mutex<usize>,
    freed: std::sync::Condvar,
}

impl Slots {
    fn new(count: usize) -> Self {
        Slots {
            free: Mutex::new(count.max(1)),
            freed: std::sync::Condvar::new(),
        }
    }

    /// Runs `job` once a slot is free.
    fn with<T>(&self, job: impl FnOnce() -> T) -> T {
        let mut free = self.free.lock().expect("slots lock");
        while *free == 0 {
            free = self.freed.wait(free).expect("slots lock");
        }
        *free -= 1;
        drop(free);
        let result = job();
        *self.free.lock().expect("slots lock") += 1;
        self.freed.notify_one();
        result
    }
}

impl RunSamples {
    /// The plugin with a build's run options.
    pub fn new(options: RunOptions) -> Self {
        RunSamples {
            options,
            versions: Mutex::new(HashMap::new()),
            finished: Arc::new(Mutex::new(HashMap::new())),
            pending: Arc::new(Mutex::new(HashSet::new())),
            slots: Arc::new(Slots::new(
                std::thread::available_parallelism().map_or(1, |n| n.get()),
            )),
        }
    }

    fn version(&self, program: &str) -> Result<String, String> {
        if let Some(known) = self.versions.lock().expect("versions lock").get(program) {
            return known.clone();
        }
        let found = match runtime_version(program) {
            Ok(version) => Ok(version),
            Err(RunError::Spawn { reason, .. }) => Err(reason),
            Err(other) => Ok(format!("version unknown ({other})")),
        };
        self.versions
            .lock()
            .expect("versions lock")
            .insert(program.to_string(), found.clone());
        found
    }
}

/// One sample to run.
struct Job {
    report: usize,
    criterion: usize,
    sample: Sample,
    command: RuntimeCommand,
    args: Vec<String>,
    timeout: Duration,
    version: String,
    key: blake3::Hash,
    expected_exit: i32,
}

impl Job {
    fn request(&self) -> RunRequest {
        RunRequest {
            folder: self
                .sample
                .file
                .path
                .parent()
                .unwrap_or(Path::new("."))
                .to_path_buf(),
            file_name: file_name(&self.sample.file.path),
            command: self.command.argv.clone(),
            args: self.args.clone(),
            timeout: self.timeout,
            output_cap: OUTPUT_CAP,
        }
    }

    fn display(&self) -> String {
        self.command
            .display(&file_name(&self.sample.file.path), &self.args)
    }
}

/// How a job stands after looking in memory and the cache.
enum Outcome {
    Finished(Result<RunRecord, RunError>),
    Running,
}

impl Plugin for RunSamples {
    fn name(&self) -> &str {
        "run"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Reports]
    }

    fn reports(&self, context: &Context<'_>, reports: &mut [ReportEdit<'_>]) -> Diagnostics {
        let mut found = Vec::new();
        let mut jobs = Vec::new();
        // Panels for samples that cannot run at all, by (report, criterion).
        let mut failed_panels: Vec<(usize, usize, String, String)> = Vec::new();
        for (r, report) in reports.iter().enumerate() {
            for (c, criterion) in report.criteria.iter().enumerate() {
                let Some(plan) = &criterion.evidence.run else {
                    continue;
                };
                for sample in criterion
                    .samples
                    .iter()
                    .filter(|s| plan.includes(&s.contender))
                {
                    let name = file_name(&sample.file.path);
                    let Some(command) =
                        command_for(context.config, report.contender(&sample.contender), sample)
                    else {
                        found.push(
                            Diagnostic::error(Problem::NoRunCommand {
                                sample: display_path(context.root, &sample.file.path),
                                contender: sample.contender.clone(),
                                language: sample.language.clone(),
                            })
                            .at(plan.at.clone()),
                        );
                        failed_panels.push((
                            r,
                            c,
                            sample.contender.clone(),
                            panel_html(&name, "", PanelState::Failed("no run command")),
                        ));
                        continue;
                    };
                    let version = match self.version(command.program()) {
                        Ok(version) => version,
                        Err(reason) => {
                            found.push(
                                Diagnostic::error(Problem::UnknownRuntime {
                                    program: command.program().to_string(),
                                    reason,
                                })
                                .at(command.declared.clone()),
                            );
                            failed_panels.push((
                                r,
                                c,
                                sample.contender.clone(),
                                panel_html(
                                    &command.display(&name, &plan.args),
                                    "",
                                    PanelState::Failed("the runtime is not installed"),
                                ),
                            ));
                            continue;
                        }
                    };
                    let mut hasher = blake3::Hasher::new();
                    for part in command
                        .argv
                        .iter()
                        .chain(["\u{0}args".to_string()].iter())
                        .chain(&plan.args)
                    {
                        hasher.update(part.as_bytes());
                        hasher.update(&[0]);
                    }
                    hasher.update(version.as_bytes());
                    hasher.update(&[0]);
                    hasher.update(file_name(&sample.file.path).as_bytes());
                    hasher.update(folder_hash(sample).as_bytes());
                    jobs.push(Job {
                        report: r,
                        criterion: c,
                        sample: sample.clone(),
                        command: command.clone(),
                        args: plan.args.clone(),
                        timeout: plan.timeout,
                        version,
                        key: hasher.finalize(),
                        expected_exit: plan.expected_exit(&sample.contender),
                    });
                }
            }
        }

        let outcomes = self.outcomes(context, &jobs);
        for (job, outcome) in jobs.iter().zip(outcomes) {
            let (panel, diagnostics) = self.judge(context, job, &outcome);
            found.extend(diagnostics);
            place_panel(
                &mut reports[job.report],
                job.criterion,
                &job.sample.contender,
                &panel,
            );
        }
        for (r, c, contender, panel) in failed_panels {
            place_panel(&mut reports[r], c, &contender, &panel);
        }
        found
    }
}

impl RunSamples {
    /// Each job's result: from this process's runs, the disk cache, or a
    /// run now (in the background while serving).
    fn outcomes(&self, context: &Context<'_>, jobs: &[Job]) -> Vec<Outcome> {
        let mut known: Vec<Option<Result<RunRecord, RunError>>> = jobs
            .iter()
            .map(|job| {
                if let Some(done) = self.finished.lock().expect("finished lock").get(&job.key) {
                    return Some(done.clone());
                }
                if self.options.rerun {
                    return None;
                }
                let bytes = context.cache?.get(RUN_CACHE, job.key.as_bytes())?;
                serde_json::from_slice::<RunRecord>(&bytes).ok().map(Ok)
            })
            .collect();
        if let Some(notify) = &self.options.background {
            let mut outcomes = Vec::new();
            for (i, job) in jobs.iter().enumerate() {
                if let Some(done) = known[i].take() {
                    outcomes.push(Outcome::Finished(done));
                    continue;
                }
                let fresh = self.pending.lock().expect("pending lock").insert(job.key);
                if fresh {
                    let request = job.request();
                    let key = job.key;
                    let path = job.sample.file.path.clone();
                    let finished = Arc::clone(&self.finished);
                    let pending = Arc::clone(&self.pending);
                    let notify = Arc::clone(notify);
                    let slots = Arc::clone(&self.slots);
                    std::thread::spawn(move || {
                        let result = slots.with(|| run_sample(&request));
                        finished.lock().expect("finished lock").insert(key, result);
                        pending.lock().expect("pending lock").remove(&key);
                        notify(path);
                    });
                }
                outcomes.push(Outcome::Running);
            }
            // Results finished in the background reach the disk cache here.
            self.store(context, jobs, &known_or_finished(&self.finished, jobs));
            return outcomes;
        }
        let missing: Vec<usize> = (0..jobs.len()).filter(|&i| known[i].is_none()).collect();
        let ran: Vec<(usize, Result<RunRecord, RunError>)> = missing
            .par_iter()
            .map(|&i| (i, run_sample(&jobs[i].request())))
            .collect();
        for (i, result) in ran {
            self.finished
                .lock()
                .expect("finished lock")
                .insert(jobs[i].key, result.clone());
            known[i] = Some(result);
        }
        let outcomes: Vec<Outcome> = known
            .into_iter()
            .map(|k| Outcome::Finished(k.expect("every job ran")))
            .collect();
        self.store(context, jobs, &known_or_finished(&self.finished, jobs));
        outcomes
    }

    /// Puts successful runs into the disk cache (failures run again next
    /// time: a timeout may be the machine's fault).
    fn store(&self, context: &Context<'_>, jobs: &[Job], results: &[Option<RunRecord>]) {
        let Some(cache) = context.cache else { return };
        for (job, result) in jobs.iter().zip(results) {
            if let Some(record) = result
                && let Ok(bytes) = serde_json::to_vec(record)
            {
                cache.put(RUN_CACHE, job.key.as_bytes(), &[&bytes]);
            }
        }
    }

    /// The panel of a job and what is wrong with its run.
    fn judge(
        &self,
        context: &Context<'_>,
        job: &Job,
        outcome: &Outcome,
    ) -> (String, Vec<Diagnostic>) {
        let display = job.display();
        let sample_name = display_path(context.root, &job.sample.file.path);
        let at = Location::file(&job.sample.file);
        let record = match outcome {
            Outcome::Running => {
                return (
                    panel_html(&display, &job.version, PanelState::Running),
                    Vec::new(),
                );
            }
            Outcome::Finished(Err(error)) => {
                let diagnostic = match error {
                    RunError::Spawn {
                        not_found: true,
                        reason,
                        ..
                    } => Diagnostic::error(Problem::UnknownRuntime {
                        program: job.command.program().to_string(),
                        reason: reason.clone(),
                    })
                    .at(job.command.declared.clone()),
                    RunError::TimedOut { seconds, .. } => Diagnostic::error(Problem::RunFailed {
                        sample: sample_name.clone(),
                        what: format!("did not finish within {seconds} s and was stopped"),
                    })
                    .at(at)
                    .with_note(
                        "a sample that serves forever needs a mode that answers one request and exits (see `run.args`); a slow one can raise `run.timeout`",
                    ),
                    other => Diagnostic::error(Problem::RunFailed {
                        sample: sample_name.clone(),
                        what: other.to_string(),
                    })
                    .at(at),
                };
                let reason = error.to_string();
                return (
                    panel_html(&display, &job.version, PanelState::Failed(&reason)),
                    vec![diagnostic],
                );
            }
            Outcome::Finished(Ok(record)) => record,
        };
        let mut found = Vec::new();
        if record.exit_code != Some(job.expected_exit) {
            found.push(
                Diagnostic::error(Problem::UnexpectedExit {
                    sample: sample_name.clone(),
                    status: record.status_text(),
                    expected: job.expected_exit,
                })
                .at(at.clone())
                .with_note(format!(
                    "{}; if the status is intended, set `expect_exit` in the criterion's front matter",
                    tail(&record.stderr)
                )),
            );
        }
        let expected_path = job
            .sample
            .file
            .path
            .with_extension(super::expected::EXPECTED_EXTENSION);
        let expected_name = display_path(context.root, &expected_path);
        let expected_text = std::fs::read_to_string(&expected_path).ok();
        let differs = expected_text
            .as_deref()
            .map(|text| difference(text, &record.stdout, &expected_name));
        if self.options.bless {
            if !matches!(differs, Some(None))
                && let Err(e) = bless(&expected_path, &record.stdout)
            {
                found.push(Diagnostic::error(Problem::Io {
                    action: "write",
                    path: expected_name.clone(),
                    source: e.into(),
                }));
            }
        } else if let Some(Some(diff)) = differs {
            found.push(
                Diagnostic::error(Problem::OutputMismatch {
                    sample: sample_name,
                    expected: expected_name,
                    diff,
                })
                .at(at),
            );
        }
        (
            panel_html(&display, &job.version, PanelState::Done(record)),
            found,
        )
    }
}

/// The successful records this process holds for each job.
fn known_or_finished(
    finished: &Mutex<HashMap<blake3::Hash, Result<RunRecord, RunError>>>,
    jobs: &[Job],
) -> Vec<Option<RunRecord>> {
    let finished = finished.lock().expect("finished lock");
    jobs.iter()
        .map(|job| {
            finished
                .get(&job.key)
                .and_then(|r| r.as_ref().ok().cloned())
        })
        .collect()
}

/// Draws each criterion's chart.
pub struct Charts;

/// Puts a sample's output panel under its code, in the criterion at
/// `index` of `report` (nothing when the `samples` plugin drew no pair).
fn place_panel(report: &mut ReportEdit<'_>, index: usize, contender: &str, panel: &str) {
    if let Some(figure) = report
        .criterion(index)
        .as_mut()
        .and_then(|criterion| criterion.pair()?.figure_mut(contender))
    {
        figure.output_html = Some(panel.to_string());
    }
}

impl Plugin for Charts {
    fn name(&self) -> &str {
        "chart"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Reports]
    }

    fn reports(&self, context: &Context<'_>, reports: &mut [ReportEdit<'_>]) -> Diagnostics {
        let mut found = Vec::new();
        for edit in reports.iter_mut() {
            let ids: Vec<String> = edit.contenders.iter().map(|c| c.id.clone()).collect();
            let contenders = edit.contenders.clone();
            for mut criterion in edit.criteria() {
                let Some(plan) = &criterion.evidence.chart else {
                    continue;
                };
                let data = match chart_data(plan, &ids, context.root) {
                    Ok(data) => data,
                    Err(d) => {
                        found.push(d);
                        continue;
                    }
                };
                let series = data
                    .series
                    .iter()
                    .map(|(label, row)| {
                        let bars = contenders
                            .iter()
                            .filter_map(|c| {
                                row.get(&c.id).map(|value| Bar {
                                    id: c.id.clone(),
                                    name: c.name.clone(),
                                    color: c.color.clone(),
                                    value: *value,
                                })
                            })
                            .collect();
                        (label.clone(), bars)
                    })
                    .collect();
                let mut notes = Vec::new();
                if let Some(measured) = &data.measured {
                    notes.push(format!(
                        "Median of {} runs (after {} warm-up runs), each a fresh process, measured by versus measure on {} (UTC date).",
                        measured.runs, measured.warmup, measured.date
                    ));
                    notes.push(format!("Machine: {}.", measured.machine.describe()));
                    for c in &contenders {
                        if let Some(m) = measured.contenders.get(&c.id) {
                            notes.push(format!(
                                "{}: {} ({}).",
                                c.name,
                                m.runtime,
                                m.command.join(" ").replace("{file}", &m.sample)
                            ));
                        }
                    }
                    for sample in &criterion.samples {
                        if let Some(m) = measured.contenders.get(&sample.contender)
                            && m.sample_hash != sample_hash(sample)
                        {
                            let file = match &plan.source {
                                super::ChartSource::Measurements(path) => {
                                    display_path(context.root, path)
                                }
                                _ => String::new(),
                            };
                            found.push(
                                Diagnostic::warning(Problem::StaleMeasurements {
                                    sample: display_path(context.root, &sample.file.path),
                                    file,
                                })
                                .at(Location::file(&sample.file)),
                            );
                        }
                    }
                }
                let chart = Chart {
                    id: format!("chart-{}", criterion.slug),
                    metric: plan.metric.clone(),
                    unit: plan.unit.clone(),
                    better: plan.better,
                    series,
                    notes,
                };
                criterion.set_chart_html(chart_html(&chart));
            }
        }
        found
    }
}
