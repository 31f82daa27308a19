//! Runs one sample as a process: in a scratch copy of its folder, with no
//! standard input, a time limit, a cap on output, and its whole process
//! group ended afterwards.
//!
//! On Linux the process may write only inside its scratch folder (and to
//! `/dev/null`): a Landlock rule set, applied between `fork` and `exec`,
//! refuses every other write. Kernels without Landlock run the sample
//! unconfined (the scratch copy still keeps the site's own files safe from
//! relative paths).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// The time limit of a run unless the criterion sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The most output a run may print on either stream.
pub const OUTPUT_CAP: usize = 1024 * 1024;

/// The placeholder in a run command that becomes the sample's path.
pub const FILE_PLACEHOLDER: &str = "{file}";

/// What to run.
#[derive(Debug, Clone)]
pub struct RunRequest {
    /// The folder copied into the scratch folder (the criterion's folder).
    pub folder: PathBuf,
    /// The sample's file name inside `folder`.
    pub file_name: String,
    /// The command, with `{file}` still in it.
    pub command: Vec<String>,
    /// Arguments put after the command.
    pub args: Vec<String>,
    /// The time limit.
    pub timeout: Duration,
    /// The output cap, per stream.
    pub output_cap: usize,
}

/// What a finished run printed and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Standard output (invalid UTF-8 replaced).
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The exit code; `None` when a signal ended the process.
    pub exit_code: Option<i32>,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
    /// From start to exit, in microseconds.
    pub wall_micros: u64,
}

impl RunRecord {
    /// The wall time.
    pub fn wall(&self) -> Duration {
        Duration::from_micros(self.wall_micros)
    }

    /// "exit 0", "exit 3", "killed by signal 9".
    pub fn status_text(&self) -> String {
        match (self.exit_code, self.signal) {
            (Some(code), _) => format!("exit {code}"),
            (None, Some(signal)) => format!("killed by signal {signal}"),
            (None, None) => "ended without a status".to_string(),
        }
    }
}

/// Why a run gave no record.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RunError {
    /// The program could not be started.
    #[error("could not start `{program}`: {reason}")]
    Spawn {
        /// The program, as written in the command.
        program: String,
        /// The operating system's reason.
        reason: String,
        /// Whether the reason is that no such program exists.
        not_found: bool,
    },
    /// The run went past its time limit.
    #[error("did not finish within {seconds} s and was stopped")]
    TimedOut {
        /// The limit, in seconds.
        seconds: f64,
        /// What it had printed on standard output by then.
        stdout: String,
    },
    /// The run printed more than the cap.
    #[error("printed more than {limit} bytes on {stream} and was stopped")]
    Flooded {
        /// The cap, in bytes.
        limit: usize,
        /// `standard output` or `standard error`.
        stream: &'static str,
    },
    /// The scratch folder could not be made.
    #[error("could not prepare a scratch folder: {0}")]
    Scratch(String),
}

/// The argument list of a command with `{file}` replaced by `file`.
pub fn expand(command: &[String], file: &str, args: &[String]) -> Vec<String> {
    command
        .iter()
        .map(|part| part.replace(FILE_PLACEHOLDER, file))
        .chain(args.iter().cloned())
        .collect()
}

/// A run's scratch folder: a copy of the sample's folder that is deleted
/// when dropped.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// Copies the visible files of `folder` (recursively) into a fresh
    /// temporary folder.
    pub fn copy_of(folder: &Path) -> Result<Scratch, RunError> {
        let dir = tempfile::Builder::new()
            .prefix("versus-run-")
            .tempdir()
            .map_err(|e| RunError::Scratch(e.to_string()))?;
        copy_tree(folder, dir.path()).map_err(|e| RunError::Scratch(e.to_string()))?;
        Ok(Scratch { dir })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let target = to.join(&name);
        let kind = entry.file_type()?;
        if kind.is_dir() {
            std::fs::create_dir(&target)?;
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Runs a sample in a scratch copy of its folder.
pub fn run_sample(request: &RunRequest) -> Result<RunRecord, RunError> {
    let scratch = Scratch::copy_of(&request.folder)?;
    let file = scratch.path().join(&request.file_name);
    let argv = expand(&request.command, &file.to_string_lossy(), &request.args);
    run_in(&argv, scratch.path(), request.timeout, request.output_cap)
}

/// Runs `argv` in `dir` (which must be its scratch folder: it is the only
/// place it may write), with no standard input.
pub fn run_in(
    argv: &[String],
    dir: &Path,
    timeout: Duration,
    output_cap: usize,
) -> Result<RunRecord, RunError> {
    let Some((program, rest)) = argv.split_first() else {
        return Err(RunError::Spawn {
            program: String::new(),
            reason: "the command is empty".into(),
            not_found: true,
        });
    };
    let mut command = Command::new(program);
    command
        .args(rest)
        .current_dir(dir)
        .env("TMPDIR", dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    confine(&mut command, dir);
    let started = Instant::now();
    let mut child = command.spawn().map_err(|e| RunError::Spawn {
        program: program.clone(),
        not_found: e.kind() == std::io::ErrorKind::NotFound,
        reason: e.to_string(),
    })?;
    let group = ProcessGroup(child.id() as i32);
    let flooded: Arc<AtomicBool> = Arc::new(AtomicBool::new(false));
    let (events, exits) = mpsc::channel::<Event>();
    let out = read_capped(
        child.stdout.take(),
        output_cap,
        group,
        Arc::clone(&flooded),
        events.clone(),
        "standard output",
    );
    let err = read_capped(
        child.stderr.take(),
        output_cap,
        group,
        Arc::clone(&flooded),
        events.clone(),
        "standard error",
    );
    std::thread::spawn(move || {
        let status = child.wait();
        let _ = events.send(Event::Exited(status.ok(), Instant::now()));
    });
    let deadline = started + timeout;
    let mut flood_stream = None;
    let (status, ended) = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match exits.recv_timeout(left) {
            Ok(Event::Exited(status, at)) => break (status, at),
            Ok(Event::Flooded(stream)) => {
                flood_stream.get_or_insert(stream);
            }
            Err(_) => {
                group.end();
                let stdout = out.finish();
                err.finish();
                return Err(RunError::TimedOut {
                    seconds: timeout.as_secs_f64(),
                    stdout: String::from_utf8_lossy(&stdout).into_owned(),
                });
            }
        }
    };
    // Whatever the sample left running (a server, worker processes) ends
    // with it.
    group.end();
    let stdout = out.finish();
    let stderr = err.finish();
    if let Some(stream) = flood_stream.or_else(|| {
        flooded
            .load(Ordering::SeqCst)
            .then_some(if stdout.len() > output_cap {
                "standard output"
            } else {
                "standard error"
            })
    }) {
        return Err(RunError::Flooded {
            limit: output_cap,
            stream,
        });
    }
    use std::os::unix::process::ExitStatusExt;
    Ok(RunRecord {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        exit_code: status.and_then(|s| s.code()),
        signal: status.and_then(|s| s.signal()),
        wall_micros: ended.duration_since(started).as_micros() as u64,
    })
}

enum Event {
    Exited(Option<std::process::ExitStatus>, Instant),
    Flooded(&'static str),
}

/// A process group, named by its leader's id.
#[derive(Debug, Clone, Copy)]
struct ProcessGroup(i32);

impl ProcessGroup {
    /// Sends SIGKILL to every process of the group.
    fn end(self) {
        if self.0 > 0 {
            // SAFETY: kill(2) with a negative id signals a process group; it
            // touches no memory of ours.
            unsafe {
                libc::kill(-self.0, libc::SIGKILL);
            }
        }
    }
}

/// A thread reading one stream into memory, up to the cap.
struct Reader {
    done: mpsc::Receiver<Vec<u8>>,
}

impl Reader {
    /// What the stream held. A stream still open a second after the group
    /// ended (held by a process that left the group) is given up on.
    fn finish(self) -> Vec<u8> {
        self.done
            .recv_timeout(Duration::from_secs(1))
            .unwrap_or_default()
    }
}

fn read_capped(
    stream: Option<impl Read + Send + 'static>,
    cap: usize,
    group: ProcessGroup,
    flooded: Arc<AtomicBool>,
    events: mpsc::Sender<Event>,
    name: &'static str,
) -> Reader {
    let (tx, done) = mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        if let Some(mut stream) = stream {
            let mut buffer = [0u8; 16 * 1024];
            loop {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        kept.extend_from_slice(&buffer[..n]);
                        if kept.len() > cap {
                            flooded.store(true, Ordering::SeqCst);
                            let _ = events.send(Event::Flooded(name));
                            group.end();
                            break;
                        }
                    }
                }
            }
        }
        let _ = tx.send(kept);
    });
    Reader { done }
}

/// Puts the child in its own process group and, where the kernel has
/// Landlock, lets it write only under `dir` and to `/dev/null`.
fn confine(command: &mut Command, dir: &Path) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
    #[cfg(target_os = "linux")]
    if let Some(fd) = landlock_rules(dir) {
        let raw = std::os::fd::AsRawFd::as_raw_fd(&fd);
        // SAFETY: between fork and exec only async-signal-safe calls are
        // allowed: prctl and a raw syscall allocate nothing. The rule set was
        // built in the parent; `fd` stays open until the command is dropped.
        unsafe {
            command.pre_exec(move || {
                let _keep = &fd;
                if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::syscall(libc::SYS_landlock_restrict_self, raw, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
}

/// A Landlock rule set that handles every kind of write and allows it only
/// beneath `dir` and on `/dev/null`. `None` when the kernel lacks Landlock.
#[cfg(target_os = "linux")]
fn landlock_rules(dir: &Path) -> Option<std::os::fd::OwnedFd> {
    use landlock::{
        ABI, AccessFs, CompatLevel, Compatible, PathBeneath, PathFd, Ruleset, RulesetAttr,
        RulesetCreatedAttr,
    };
    let abi = ABI::V3;
    let write = AccessFs::from_write(abi);
    let file_write = write & AccessFs::from_file(abi);
    let ruleset = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(write)
        .ok()?
        .create()
        .ok()?
        .add_rule(PathBeneath::new(PathFd::new(dir).ok()?, write))
        .ok()?
        .add_rule(PathBeneath::new(PathFd::new("/dev/null").ok()?, file_write))
        .ok()?;
    let fd: Option<std::os::fd::OwnedFd> = ruleset.into();
    fd
}

/// The first line a program prints for `--version` (`v22.11.0`, `Python
/// 3.12.4`), or the error when it cannot be started.
pub fn runtime_version(program: &str) -> Result<String, RunError> {
    let dir = tempfile::Builder::new()
        .prefix("versus-version-")
        .tempdir()
        .map_err(|e| RunError::Scratch(e.to_string()))?;
    let argv = vec![program.to_string(), "--version".to_string()];
    let record = run_in(&argv, dir.path(), Duration::from_secs(10), 64 * 1024)?;
    let text = if record.stdout.trim().is_empty() {
        &record.stderr
    } else {
        &record.stdout
    };
    Ok(text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("unknown version")
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, dir: &Path, timeout: Duration) -> Result<RunRecord, RunError> {
        let argv = vec!["sh".to_string(), "-c".to_string(), script.to_string()];
        run_in(&argv, dir, timeout, 4096)
    }

    #[test]
    fn output_and_status_are_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let record = sh(
            "echo out; echo err >&2; exit 3",
            dir.path(),
            DEFAULT_TIMEOUT,
        )
        .unwrap();
        assert_eq!(record.stdout, "out\n");
        assert_eq!(record.stderr, "err\n");
        assert_eq!(record.exit_code, Some(3));
        assert_eq!(record.status_text(), "exit 3");
    }

    #[test]
    fn a_run_past_its_limit_is_stopped_with_its_children() {
        let dir = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let err = sh(
            "sleep 30 & echo started; sleep 30",
            dir.path(),
            Duration::from_millis(300),
        )
        .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(matches!(err, RunError::TimedOut { ref stdout, .. } if stdout == "started\n"));
    }

    #[test]
    fn a_flood_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let err = sh("yes", dir.path(), DEFAULT_TIMEOUT).unwrap_err();
        assert!(matches!(
            err,
            RunError::Flooded {
                limit: 4096,
                stream: "standard output"
            }
        ));
    }

    #[test]
    fn standard_input_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let record = sh("cat; echo done", dir.path(), DEFAULT_TIMEOUT).unwrap();
        assert_eq!(record.stdout, "done\n");
    }

    #[test]
    fn an_unknown_program_is_reported_as_missing() {
        let dir = tempfile::tempdir().unwrap();
        let argv = vec!["no-such-runtime-here".to_string()];
        let err = run_in(&argv, dir.path(), DEFAULT_TIMEOUT, 10).unwrap_err();
        assert!(matches!(
            err,
            RunError::Spawn {
                not_found: true,
                ..
            }
        ));
    }

    #[test]
    fn the_placeholder_becomes_the_path() {
        let argv = expand(
            &["node".into(), "{file}".into()],
            "/s/node.js",
            &["--once".into()],
        );
        assert_eq!(argv, ["node", "/s/node.js", "--once"]);
    }
}
