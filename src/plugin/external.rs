//! Plugins as commands, in any language.
//!
//! An external plugin is one process for the life of a build, or of
//! `versus serve`: versus starts the command in the site folder when the
//! build begins (so that a runtime's start overlaps with loading and
//! highlighting), then, for each hook call, writes one JSON
//! [`Request`](super::protocol::Request) as a line to its standard input and
//! reads one JSON [`Response`](super::protocol::Response) line from its
//! standard output. Its standard error is passed through, each line prefixed
//! with the plugin's name.
//!
//! The process is started again when it crashed, when a file outside the
//! content changed (its own script, say), and after it overran its timeout,
//! flooded a pipe or answered out of turn; each of these fails the call that
//! met it with a message naming the plugin, and nothing it did reaches the
//! output folder. How the process is kept from ever blocking versus is
//! [`process`](super::process)'s job.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Map, Value};

use super::process::{CallError, MAX_ANSWER_BYTES, MAX_LOG_BYTES, PluginProcess};
use super::protocol::{
    self, DiagnosticData, PROTOCOL_VERSION, PageData, Request, Response, SeverityData, SiteData,
};
use super::{Context, Diagnostics, Hook, Page, Plugin, ReportEdit};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::model::Report;
use crate::render::OutputFile;
use crate::source::read_source;

/// How long one call may take, unless `timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a plugin has to exit on its own once its standard input is
/// closed, before its process group is killed.
const EXIT_WAIT: Duration = Duration::from_millis(200);

/// A plugin that is a command.
pub struct External {
    /// Its name in `versus.toml`.
    pub name: String,
    /// Program and arguments, run from the site folder.
    pub command: Vec<String>,
    /// The hooks it subscribes to.
    pub hooks: Vec<Hook>,
    /// How long one call may take.
    pub timeout: Duration,
    /// Its options table.
    pub options: Map<String, Value>,
    /// Where `command` is written in `versus.toml`, for errors.
    pub location: Option<Location>,
    /// Its process, once started.
    process: Mutex<Option<PluginProcess>>,
}

impl Drop for External {
    fn drop(&mut self) {
        self.stop();
    }
}

impl External {
    /// The plugin, not started yet.
    pub fn new(
        name: String,
        command: Vec<String>,
        hooks: Vec<Hook>,
        timeout: Duration,
        options: Map<String, Value>,
        location: Option<Location>,
    ) -> External {
        External {
            name,
            command,
            hooks,
            timeout,
            options,
            location,
            process: Mutex::new(None),
        }
    }

    /// Starts the command, in a process group of its own.
    fn spawn(&self, root: &Path) -> Result<PluginProcess, Diagnostic> {
        let (program, args) = self
            .command
            .split_first()
            .ok_or_else(|| self.fail("has an empty `command`".into()))?;
        PluginProcess::spawn(&self.name, program, args, root).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                self.fail(format!("could not start: there is no program `{program}`"))
                    .with_note(format!(
                        "`command` runs from the site folder `{}`: install `{program}`, or give its path",
                        root.display()
                    ))
            } else {
                self.fail(format!("could not start `{program}`: {e}"))
            }
        })
    }

    /// Stops the process, if there is one.
    fn stop(&self) {
        let process = match self.process.lock() {
            Ok(mut process) => process.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(process) = process {
            process.stop(EXIT_WAIT);
        }
    }

    fn fail(&self, message: String) -> Diagnostic {
        Diagnostic::error(Problem::Plugin {
            plugin: self.name.clone(),
            message: format!("plugin `{}` {message}", self.name),
        })
        .at_opt(self.location.clone())
    }

    /// Sends `request` to the process (started first when it is not
    /// running) and reads its answer, containing every way that can fail.
    /// After a failure the process is stopped; the next call starts another.
    pub fn call(&self, root: &Path, request: &Request) -> Result<Response, Diagnostic> {
        let input = serde_json::to_vec(request)
            .map_err(|e| self.fail(format!("could not be sent its input: {e}")))?;
        let mut guard = match self.process.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(mut old) = guard.take() {
            if old.is_running() {
                *guard = Some(old);
            } else {
                // It ended since the last call: a crash between calls is
                // not this call's fault, so start afresh.
                old.stop(Duration::ZERO);
            }
        }
        if guard.is_none() {
            *guard = Some(self.spawn(root)?);
        }
        let process = guard.as_mut().expect("started above");
        let answer = match process.call(&input, self.timeout) {
            Ok(answer) => answer,
            Err(error) => {
                if let Some(process) = guard.take() {
                    process.stop(Duration::ZERO);
                }
                return Err(self.call_failed(error));
            }
        };
        drop(guard);
        self.parse(&answer)
    }

    /// The diagnostic of a failed call.
    fn call_failed(&self, error: CallError) -> Diagnostic {
        match error {
            CallError::Timeout => self
                .fail(format!(
                    "did not answer within {} s and was stopped",
                    self.timeout.as_secs_f64()
                ))
                .with_note(format!(
                    "make it faster, or raise `timeout` (seconds) in its `[plugins.…]` table; a plugin answers each request line with one line (protocol {PROTOCOL_VERSION}, see docs/plugins.md)"
                )),
            CallError::AnswerTooLong => self.fail(format!(
                "wrote more than {} MiB to its standard output and was stopped",
                MAX_ANSWER_BYTES / 1024 / 1024
            )),
            CallError::LogFlood => self.fail(format!(
                "wrote more than {} MiB to its standard error in one call and was stopped",
                MAX_LOG_BYTES / 1024 / 1024
            )),
            CallError::Unasked => self
                .fail("wrote to its standard output when it was not asked anything".into())
                .with_note("a plugin writes exactly one line of JSON per request; print logs to standard error"),
            CallError::Exited { status, last_log } => {
                let last = last_log.map(|l| format!(": {l}")).unwrap_or_default();
                match status {
                    Some(status) if !status.success() => {
                        self.fail(format!("failed ({status}){last}"))
                    }
                    _ => self
                        .fail(format!("ended without answering{last}"))
                        .with_note("a plugin answers every request line with one line of JSON, and keeps reading until its standard input closes"),
                }
            }
        }
    }

    /// Reads an answer line.
    fn parse(&self, answer: &[u8]) -> Result<Response, Diagnostic> {
        let value: Value = serde_json::from_slice(answer).map_err(|e| {
            let start: String = String::from_utf8_lossy(answer).chars().take(80).collect();
            self.fail(format!("answered with something that is not JSON ({e}); it began: {start:?}"))
                .with_note("a plugin writes only its JSON answer to standard output; print logs to standard error")
        })?;
        let version = value.get("protocol").and_then(Value::as_u64);
        if version != Some(u64::from(PROTOCOL_VERSION)) {
            return Err(self.fail(format!(
                "answered with protocol version {}, but versus speaks version {PROTOCOL_VERSION}",
                version.map_or("(none)".to_string(), |v| v.to_string())
            )));
        }
        serde_json::from_value(value).map_err(|e| {
            self.fail(format!(
                "answered with JSON that does not match the protocol: {e}"
            ))
            .with_note("an answer holds only what its hook may change; see docs/plugins.md, or `versus plugin-schema` for the JSON Schema")
        })
    }

    fn request(&self, context: &Context<'_>, hook: Hook) -> Request {
        Request {
            protocol: PROTOCOL_VERSION,
            hook,
            plugin: self.name.clone(),
            options: self.options.clone(),
            site: SiteData {
                title: context.config.title.clone(),
                description: context.config.description.clone(),
                base_url: context.config.base_url.to_string(),
                language: context.config.language.clone(),
            },
            reports: Vec::new(),
            pages: Vec::new(),
            paths: Vec::new(),
        }
    }

    /// The plugin's diagnostics, and an error for each field of the answer
    /// that belongs to another hook.
    fn diagnostics(&self, root: &Path, hook: Hook, response: &mut Response) -> Diagnostics {
        let mut found: Diagnostics = std::mem::take(&mut response.diagnostics)
            .into_iter()
            .map(|d| plugin_diagnostic(&self.name, root, d))
            .collect();
        let stray = [
            (Hook::Reports, "reports", !response.reports.is_empty()),
            (Hook::Pages, "pages", !response.pages.is_empty()),
            (Hook::Output, "files", !response.files.is_empty()),
        ];
        for (owner, field, present) in stray {
            if present && owner != hook {
                found.push(self.fail(format!(
                    "answered `{field}` to the {} hook; only the {} hook may",
                    hook_name(hook),
                    hook_name(owner)
                )));
            }
        }
        found
    }
}

fn hook_name(hook: Hook) -> &'static str {
    match hook {
        Hook::Reports => "reports",
        Hook::Pages => "pages",
        Hook::Output => "output",
    }
}

impl Plugin for External {
    fn name(&self) -> &str {
        &self.name
    }

    fn hooks(&self) -> &[Hook] {
        &self.hooks
    }

    fn prepare(&self, root: &Path) {
        let mut guard = match self.process.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let running = guard.as_mut().is_some_and(PluginProcess::is_running);
        if !running {
            if let Some(old) = guard.take() {
                old.stop(Duration::ZERO);
            }
            // A failure to start is left for the call to report.
            *guard = self.spawn(root).ok();
        }
    }

    fn restart(&self) {
        self.stop();
    }

    fn reports(&self, context: &Context<'_>, reports: &mut [ReportEdit<'_>]) -> Diagnostics {
        let mut request = self.request(context, Hook::Reports);
        request.reports = reports
            .iter()
            .map(|r| protocol::report_data(context.root, r))
            .collect();
        let mut response = match self.call(context.root, &request) {
            Ok(response) => response,
            Err(error) => return vec![error],
        };
        let mut found = self.diagnostics(context.root, Hook::Reports, &mut response);
        if let Err(message) = protocol::apply_report_changes(reports, response.reports) {
            found.push(self.fail(message));
        }
        found
    }

    fn pages(&self, context: &Context<'_>, pages: &mut [Page]) -> Diagnostics {
        let mut request = self.request(context, Hook::Pages);
        request.pages = pages
            .iter()
            .map(|p| PageData {
                path: p.path.clone(),
                html: p.html.clone(),
            })
            .collect();
        let mut response = match self.call(context.root, &request) {
            Ok(response) => response,
            Err(error) => return vec![error],
        };
        let mut found = self.diagnostics(context.root, Hook::Pages, &mut response);
        for changed in response.pages {
            match pages.iter_mut().find(|p| p.path == changed.path) {
                Some(page) => page.html = changed.html,
                None => found.push(self.fail(format!(
                    "answered with page `{}`, which it was not sent: a pages hook may change HTML, not add or move pages",
                    changed.path
                ))),
            }
        }
        found
    }

    fn output(
        &self,
        context: &Context<'_>,
        reports: &[&Report],
        paths: &[&str],
    ) -> (Vec<OutputFile>, Diagnostics) {
        let mut request = self.request(context, Hook::Output);
        request.reports = reports
            .iter()
            .map(|r| protocol::report_data(context.root, r))
            .collect();
        request.paths = paths.iter().map(|p| p.to_string()).collect();
        let mut response = match self.call(context.root, &request) {
            Ok(response) => response,
            Err(error) => return (Vec::new(), vec![error]),
        };
        let mut found = self.diagnostics(context.root, Hook::Output, &mut response);
        let mut files = Vec::new();
        for file in response.files {
            if crate::write::safe_relative(&file.path).is_none() {
                found.push(self.fail(format!(
                    "tried to write `{}`, outside the output folder",
                    file.path
                )));
                continue;
            }
            files.push(OutputFile::bytes(file.path, file.text.into_bytes()));
        }
        (files, found)
    }
}

/// A plugin's diagnostic as one of versus's own, pointing into the file it
/// names when that file is in the site.
pub fn plugin_diagnostic(plugin: &str, root: &Path, data: DiagnosticData) -> Diagnostic {
    let problem = Problem::Plugin {
        plugin: plugin.to_string(),
        message: format!("[{plugin}] {}", data.message),
    };
    let mut diagnostic = match data.severity {
        SeverityData::Error => Diagnostic::error(problem),
        SeverityData::Warning => Diagnostic::warning(problem),
    };
    if let Some(help) = data.help {
        diagnostic = diagnostic.with_note(help);
    }
    let Some(file) = data.file else {
        return diagnostic;
    };
    let path: PathBuf = root.join(&file);
    match (
        crate::source::is_inside(root, &path),
        read_source(root, &path),
    ) {
        (true, Ok(source)) => {
            let offset = data
                .line
                .and_then(|line| source.line_start(line))
                .map(|start| {
                    // A column past the end of the line stays on the line.
                    let line = source.text[start..].split('\n').next().unwrap_or("");
                    let column = data.column.unwrap_or(1).saturating_sub(1);
                    line.char_indices()
                        .nth(column)
                        .map_or(start + line.len(), |(i, _)| start + i)
                });
            match offset {
                Some(offset) => diagnostic.at(Location::span(&source, offset..offset)),
                None => diagnostic.at(Location::file(&source)),
            }
        }
        _ => diagnostic.with_note(format!("in {file}")),
    }
}
