//! Plugins as commands, in any language.
//!
//! versus starts the command in the site folder, writes a JSON
//! [`Request`](super::protocol::Request) to its standard input, and reads a
//! JSON [`Response`](super::protocol::Response) from its standard output. Its
//! standard error is passed through, each line prefixed with the plugin's
//! name. A plugin that fails, hangs, floods its output or answers out of turn
//! fails the build with a message naming it; nothing it did reaches the
//! output folder.
//!
//! Starting a runtime costs more than most plugins' work (Node.js takes
//! around 50–100 ms before it runs a line), so versus starts the process
//! for the next call ahead of time: when a build begins (overlapping with
//! loading and highlighting), after a call when the plugin has a later hook
//! in the same build, and, while serving, after every rebuild. The process
//! then simply waits for its request on standard input. A waiting process
//! that has exited by the time it is needed is replaced by a fresh one; one
//! that is not needed is stopped when versus is done with the plugin.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Map, Value};
use wait_timeout::ChildExt;

use super::protocol::{
    self, DiagnosticData, PROTOCOL_VERSION, PageData, Request, Response, SeverityData, SiteData,
};
use super::{Context, Diagnostics, Hook, Page, Plugin};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::model::Report;
use crate::render::OutputFile;
use crate::source::read_source;

/// The most a plugin may write to standard output.
pub const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;
/// How long a plugin may run, unless `timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// A process started ahead of the next call, waiting for its request.
    pub standby: Mutex<Option<Child>>,
}

impl Drop for External {
    fn drop(&mut self) {
        self.stop_standby();
    }
}

impl External {
    /// Starts the command with its standard streams piped.
    fn spawn(&self, root: &Path) -> Result<Child, Diagnostic> {
        let (program, args) = self
            .command
            .split_first()
            .ok_or_else(|| self.fail("has an empty `command`".into()))?;
        Command::new(program)
            .args(args)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
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

    /// Starts the process of the next call now, unless one is waiting.
    /// A failure to start is left for the call to report.
    fn start_standby(&self, root: &Path) {
        let Ok(mut standby) = self.standby.lock() else {
            return;
        };
        if standby.is_none() {
            *standby = self.spawn(root).ok();
        }
    }

    /// Stops the waiting process, if there is one.
    fn stop_standby(&self) {
        let waiting = self.standby.lock().ok().and_then(|mut s| s.take());
        if let Some(mut child) = waiting {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The waiting process if it is still running, else a new one.
    fn process(&self, root: &Path) -> Result<Child, Diagnostic> {
        let waiting = self.standby.lock().ok().and_then(|mut s| s.take());
        if let Some(mut child) = waiting {
            if matches!(child.try_wait(), Ok(None)) {
                return Ok(child);
            }
            // It ended on its own while waiting: start afresh, so that what
            // is reported is what a call to a new process does.
            let _ = child.wait();
        }
        self.spawn(root)
    }

    /// Whether this plugin has a hook that runs after `hook` in a build
    /// (hooks are ordered as they run).
    fn has_hook_after(&self, hook: Hook) -> bool {
        self.hooks.iter().any(|h| *h > hook)
    }

    fn fail(&self, message: String) -> Diagnostic {
        Diagnostic::error(Problem::Plugin {
            plugin: self.name.clone(),
            message: format!("plugin `{}` {message}", self.name),
        })
        .at_opt(self.location.clone())
    }

    /// Runs the command with `request`, containing every way it can fail.
    pub fn call(&self, root: &Path, request: &Request) -> Result<Response, Diagnostic> {
        let input = serde_json::to_vec(request)
            .map_err(|e| self.fail(format!("could not be sent its input: {e}")))?;
        let mut child = self.process(root)?;
        if self.has_hook_after(request.hook) {
            self.start_standby(root);
        }

        let mut stdin = child.stdin.take().expect("stdin is piped");
        let writer = std::thread::spawn(move || {
            // A plugin may exit without reading: a broken pipe is its business.
            let _ = stdin.write_all(&input);
        });
        let stdout = child.stdout.take().expect("stdout is piped");
        let reader = std::thread::spawn(move || {
            let mut answer = Vec::new();
            let read = stdout.take(MAX_ANSWER_BYTES + 1).read_to_end(&mut answer);
            read.map(|_| answer)
        });
        let stderr = child.stderr.take().expect("stderr is piped");
        let name = self.name.clone();
        let errors = std::thread::spawn(move || {
            let mut tail: Vec<String> = Vec::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                anstream::eprintln!("[{name}] {line}");
                tail.push(line);
                if tail.len() > 5 {
                    tail.remove(0);
                }
            }
            tail
        });

        let status = match child.wait_timeout(self.timeout) {
            Ok(Some(status)) => status,
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(self
                    .fail(format!(
                        "did not answer within {} s and was stopped",
                        self.timeout.as_secs_f64()
                    ))
                    .with_note(
                        "make it faster, or raise `timeout` (seconds) in its `[plugins.…]` table",
                    ));
            }
            Err(e) => return Err(self.fail(format!("could not be waited for: {e}"))),
        };
        let _ = writer.join();
        let answer = reader
            .join()
            .map_err(|_| self.fail("could not be read".into()))?
            .map_err(|e| self.fail(format!("could not be read: {e}")))?;
        let tail = errors.join().unwrap_or_default();
        // Before the exit status: a flooding plugin dies of the closed pipe.
        if answer.len() as u64 > MAX_ANSWER_BYTES {
            return Err(self.fail(format!(
                "wrote more than {} MiB to its standard output and was stopped",
                MAX_ANSWER_BYTES / 1024 / 1024
            )));
        }
        if !status.success() {
            let last = tail.last().map(|l| format!(": {l}")).unwrap_or_default();
            return Err(self.fail(format!("failed ({status}){last}")));
        }
        let value: Value = serde_json::from_slice(&answer).map_err(|e| {
            let start: String = String::from_utf8_lossy(&answer).chars().take(80).collect();
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
            .with_note("see docs/plugins.md, or `versus plugin-schema` for the JSON Schema")
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

    fn diagnostics(&self, root: &Path, found: Vec<DiagnosticData>) -> Diagnostics {
        found
            .into_iter()
            .map(|d| plugin_diagnostic(&self.name, root, d))
            .collect()
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
        self.start_standby(root);
    }

    fn discard_prepared(&self) {
        self.stop_standby();
    }

    fn reports(
        &self,
        context: &Context<'_>,
        reports: &mut [Report],
    ) -> Result<Diagnostics, Diagnostic> {
        let mut request = self.request(context, Hook::Reports);
        request.reports = reports
            .iter()
            .map(|r| protocol::report_data(context.root, r))
            .collect();
        let response = self.call(context.root, &request)?;
        if let Some(changed) = response.reports {
            if changed.len() != request.reports.len() {
                return Err(self.fail(format!(
                    "answered with {} reports for {} sent: a plugin may change reports, not add or remove them",
                    changed.len(),
                    request.reports.len()
                )));
            }
            for (before, after) in request.reports.iter().zip(&changed) {
                if let Some(field) = protocol::forbidden_change(before, after) {
                    return Err(self.fail(format!(
                        "changed `{field}` of report `{}`, which the reports hook may not change (only HTML and `data`)",
                        before.slug
                    )));
                }
            }
            for (report, data) in reports.iter_mut().zip(changed) {
                protocol::apply_report_data(report, data);
            }
        }
        Ok(self.diagnostics(context.root, response.diagnostics))
    }

    fn pages(&self, context: &Context<'_>, pages: &mut [Page]) -> Result<Diagnostics, Diagnostic> {
        let mut request = self.request(context, Hook::Pages);
        request.pages = pages
            .iter()
            .map(|p| PageData {
                path: p.path.clone(),
                html: p.html.clone(),
            })
            .collect();
        let response = self.call(context.root, &request)?;
        if let Some(changed) = response.pages {
            let same = changed.len() == pages.len()
                && changed
                    .iter()
                    .zip(pages.iter())
                    .all(|(a, b)| a.path == b.path);
            if !same {
                return Err(self.fail("answered with other pages than it was sent: a pages hook may change HTML, not add, remove or move pages".into()));
            }
            for (page, data) in pages.iter_mut().zip(changed) {
                page.html = data.html;
            }
        }
        Ok(self.diagnostics(context.root, response.diagnostics))
    }

    fn output(
        &self,
        context: &Context<'_>,
        reports: &[&Report],
        paths: &[&str],
    ) -> Result<(Vec<OutputFile>, Diagnostics), Diagnostic> {
        let mut request = self.request(context, Hook::Output);
        request.reports = reports
            .iter()
            .map(|r| protocol::report_data(context.root, r))
            .collect();
        request.paths = paths.iter().map(|p| p.to_string()).collect();
        let response = self.call(context.root, &request)?;
        let mut files = Vec::new();
        for file in response.files {
            if crate::write::safe_relative(&file.path).is_none() {
                return Err(self.fail(format!(
                    "tried to write `{}`, outside the output folder",
                    file.path
                )));
            }
            files.push(OutputFile::bytes(file.path, file.text.into_bytes()));
        }
        Ok((files, self.diagnostics(context.root, response.diagnostics)))
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
