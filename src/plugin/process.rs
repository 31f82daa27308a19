//! One external plugin's process: started in a process group of its own,
//! asked one request per line, and never waited on past a deadline.
//!
//! Three threads serve each process, so that no pipe can block versus: one
//! writes requests to its standard input (a plugin that does not read would
//! otherwise block the write), one reads answers from its standard output,
//! one passes its standard error through. The caller only ever waits on a
//! channel, with a deadline. When a process has to go (it overran its
//! timeout, crashed, flooded a pipe, or versus is done with it), its whole
//! process group is killed: a `sh -c` wrapper's children and anything the
//! plugin forked go with it, and a child that keeps a pipe open cannot keep
//! versus waiting.
//!
//! Every live group is also listed in a table that [`stop_all`] and the
//! signal handlers of [`stop_plugins_on_signals`] read, so that Ctrl-C or a
//! `kill` of versus ends its plugins too.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStderr, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// The most a plugin may write to standard output in one answer.
pub const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;
/// The most a plugin may write to standard error during one call.
pub const MAX_LOG_BYTES: u64 = 4 * 1024 * 1024;
/// The longest line of standard error shown; the rest of it is dropped.
const MAX_LOG_LINE: usize = 4096;
/// How many of the last lines of standard error a failure quotes from.
const LOG_TAIL: usize = 5;
/// How long a process that exited may still deliver an answer or its last
/// words on standard error, which its pipes may hold after it is gone.
const EXIT_GRACE: Duration = Duration::from_millis(200);
/// How often a call checks whether the process is still alive.
const POLL: Duration = Duration::from_millis(25);

/// What the reader threads report.
enum Event {
    /// One line of standard output, without its newline.
    Line(Vec<u8>),
    /// A line of standard output longer than [`MAX_ANSWER_BYTES`].
    TooLong,
    /// Standard output was closed.
    Closed,
    /// Standard error passed [`MAX_LOG_BYTES`] in one call.
    LogFlood,
}

/// How a call failed. The process is stopped after any of these.
#[derive(Debug)]
pub enum CallError {
    /// No answer within the timeout.
    Timeout,
    /// The answer was longer than [`MAX_ANSWER_BYTES`].
    AnswerTooLong,
    /// Standard error passed [`MAX_LOG_BYTES`].
    LogFlood,
    /// The process wrote to standard output while no request was waiting.
    Unasked,
    /// The process ended, or closed its standard output, without answering.
    Exited {
        /// Its exit status, if it was seen.
        status: Option<ExitStatus>,
        /// The last line it wrote to standard error, if any.
        last_log: Option<String>,
    },
}

/// What the standard error thread shares with calls.
#[derive(Default)]
struct Log {
    /// Bytes written during the current call.
    bytes: AtomicU64,
    /// The last lines, for failure messages.
    tail: Mutex<VecDeque<String>>,
    /// Set when standard error is closed.
    closed: std::sync::atomic::AtomicBool,
}

/// A running plugin process.
pub struct PluginProcess {
    child: Child,
    /// Its process group (its own process id).
    group: i32,
    /// Requests for the writer thread; dropping it closes standard input.
    requests: Option<mpsc::Sender<Vec<u8>>>,
    events: mpsc::Receiver<Event>,
    log: Arc<Log>,
}

impl PluginProcess {
    /// Starts `program` with `args` in `dir`, in a new process group, with
    /// its standard error passed through prefixed with `[name]`.
    pub fn spawn(
        name: &str,
        program: &str,
        args: &[String],
        dir: &Path,
    ) -> std::io::Result<PluginProcess> {
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let mut child = command.spawn()?;
        let group = i32::try_from(child.id()).unwrap_or(0);
        register(group);

        let mut stdin = child.stdin.take().expect("stdin is piped");
        let (requests, pending) = mpsc::channel::<Vec<u8>>();
        spawn_thread("plugin-stdin", move || {
            for request in pending {
                // A plugin that exits without reading is its own business:
                // the call sees it go.
                if stdin
                    .write_all(&request)
                    .and_then(|()| stdin.flush())
                    .is_err()
                {
                    break;
                }
            }
        });
        let (events, receiver) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        let answers = events.clone();
        spawn_thread("plugin-stdout", move || read_answers(stdout, &answers));
        let log = Arc::new(Log::default());
        let stderr = child.stderr.take().expect("stderr is piped");
        let (shared, prefix) = (Arc::clone(&log), format!("[{name}]"));
        spawn_thread("plugin-stderr", move || {
            pass_log_through(stderr, &prefix, &shared, &events)
        });
        Ok(PluginProcess {
            child,
            group,
            requests: Some(requests),
            events: receiver,
            log,
        })
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends one request (a line of JSON, without its newline) and waits at
    /// most `timeout` for the one line that answers it.
    pub fn call(&mut self, request: &[u8], timeout: Duration) -> Result<Vec<u8>, CallError> {
        let deadline = Instant::now() + timeout;
        // Whatever arrived between calls is out of turn.
        if let Ok(event) = self.events.try_recv() {
            match event {
                Event::Line(_) | Event::TooLong => return Err(CallError::Unasked),
                Event::LogFlood => return Err(CallError::LogFlood),
                Event::Closed => return Err(self.exited(deadline)),
            }
        }
        self.log.bytes.store(0, Ordering::Relaxed);
        let mut line = Vec::with_capacity(request.len() + 1);
        line.extend_from_slice(request);
        line.push(b'\n');
        if let Some(requests) = &self.requests {
            // The writer thread is gone only when the pipe broke, which the
            // loop below sees as the process ending.
            let _ = requests.send(line);
        }
        let mut exited_at: Option<Instant> = None;
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Err(CallError::Timeout);
            }
            match self.events.recv_timeout(POLL.min(deadline - now)) {
                Ok(Event::Line(answer)) => return Ok(answer),
                Ok(Event::TooLong) => return Err(CallError::AnswerTooLong),
                Ok(Event::LogFlood) => return Err(CallError::LogFlood),
                Ok(Event::Closed) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(self.exited(deadline));
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // A process that is gone but whose standard output a
                    // child of it still holds would never close it: give it
                    // a moment to deliver an answer, then call it ended.
                    if exited_at.is_none() && !self.is_running() {
                        exited_at = Some(Instant::now());
                    }
                    if exited_at.is_some_and(|at| at.elapsed() > EXIT_GRACE) {
                        return Err(self.exited(deadline));
                    }
                }
            }
        }
    }

    /// The error for a process that ended: its status once it is seen (by
    /// `deadline` at the latest) and its last words.
    fn exited(&mut self, deadline: Instant) -> CallError {
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                _ => break None,
            }
        };
        let grace = Instant::now() + EXIT_GRACE;
        while !self.log.closed.load(Ordering::Acquire) && Instant::now() < grace {
            std::thread::sleep(Duration::from_millis(5));
        }
        let last_log = self.log.tail.lock().ok().and_then(|t| t.back().cloned());
        CallError::Exited { status, last_log }
    }

    /// Ends the process: closes its standard input, gives it `grace` to exit
    /// on its own, then kills its whole group.
    pub fn stop(mut self, grace: Duration) {
        self.requests = None;
        let until = Instant::now() + grace;
        while self.is_running() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        // Even when the plugin itself has exited, what it forked may run on.
        kill_group(self.group);
        let _ = self.child.kill();
        let _ = self.child.wait();
        unregister(self.group);
    }
}

fn spawn_thread(name: &str, work: impl FnOnce() + Send + 'static) {
    // Failing to start a thread leaves its pipe unread: the call then times
    // out and names the plugin, which is the best that can be done.
    let _ = std::thread::Builder::new().name(name.into()).spawn(work);
}

/// Reads answers, one per line, until the pipe closes or a line is too long.
fn read_answers(stdout: ChildStdout, events: &mpsc::Sender<Event>) {
    let mut reader = BufReader::with_capacity(64 * 1024, stdout);
    loop {
        let mut line = Vec::new();
        let read = (&mut reader)
            .take(MAX_ANSWER_BYTES + 1)
            .read_until(b'\n', &mut line);
        let event = match read {
            Ok(0) | Err(_) => Event::Closed,
            Ok(_) if line.last() == Some(&b'\n') => {
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                Event::Line(line)
            }
            Ok(_) if line.len() as u64 > MAX_ANSWER_BYTES => Event::TooLong,
            // The last line, without a newline: the pipe closes next.
            Ok(_) => Event::Line(line),
        };
        let last = matches!(event, Event::Closed | Event::TooLong);
        if events.send(event).is_err() || last {
            // Returning drops the pipe: a plugin still writing gets EPIPE.
            return;
        }
    }
}

/// Passes standard error through line by line, each prefixed, long lines
/// cut, until it closes or passes [`MAX_LOG_BYTES`] in one call.
fn pass_log_through(stderr: ChildStderr, prefix: &str, log: &Log, events: &mpsc::Sender<Event>) {
    let mut reader = BufReader::with_capacity(16 * 1024, stderr);
    let mut line: Vec<u8> = Vec::new();
    let mut cut = false;
    let show = |line: &[u8], cut: bool| {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches('\r');
        let shown = if cut {
            format!("{text}…")
        } else {
            text.to_string()
        };
        anstream::eprintln!("{prefix} {shown}");
        if let Ok(mut tail) = log.tail.lock() {
            if tail.len() == LOG_TAIL {
                tail.pop_front();
            }
            tail.push_back(shown);
        }
    };
    loop {
        let chunk = match reader.fill_buf() {
            Ok([]) | Err(_) => break,
            Ok(chunk) => chunk,
        };
        let taken = chunk.len();
        let written = log.bytes.fetch_add(taken as u64, Ordering::Relaxed) + taken as u64;
        let mut rest = chunk;
        while !rest.is_empty() {
            let (part, more) = match rest.iter().position(|&b| b == b'\n') {
                Some(i) => (&rest[..i], Some(&rest[i + 1..])),
                None => (rest, None),
            };
            let room = MAX_LOG_LINE.saturating_sub(line.len());
            line.extend_from_slice(&part[..part.len().min(room)]);
            cut |= part.len() > room;
            match more {
                Some(after) => {
                    show(&line, cut);
                    line.clear();
                    cut = false;
                    rest = after;
                }
                None => rest = &[],
            }
        }
        reader.consume(taken);
        if written > MAX_LOG_BYTES {
            let _ = events.send(Event::LogFlood);
            break;
        }
    }
    if !line.is_empty() {
        show(&line, cut);
    }
    log.closed.store(true, Ordering::Release);
}

// ------------------------------------------------ every live process group

/// Room for the process groups of all plugins of a site, many times over.
const SLOTS: usize = 256;
/// The live process groups; 0 is a free slot. Atomics, so that a signal
/// handler may read them.
static GROUPS: [AtomicI32; SLOTS] = [const { AtomicI32::new(0) }; SLOTS];

fn register(group: i32) {
    if group <= 0 {
        return;
    }
    for slot in &GROUPS {
        if slot
            .compare_exchange(0, group, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            return;
        }
    }
}

fn unregister(group: i32) {
    for slot in &GROUPS {
        let _ = slot.compare_exchange(group, 0, Ordering::AcqRel, Ordering::Acquire);
    }
}

/// Kills a process group, everything in it, at once.
fn kill_group(group: i32) {
    #[cfg(unix)]
    if group > 0 {
        // SAFETY: killpg has no memory effects; a group that is gone is ESRCH.
        unsafe {
            libc::killpg(group, libc::SIGKILL);
        }
    }
    #[cfg(not(unix))]
    let _ = group;
}

/// Kills every plugin process group still running. For a program that is
/// about to exit without dropping its plugins (`versus serve` after Ctrl-C).
pub fn stop_all() {
    for slot in &GROUPS {
        let group = slot.swap(0, Ordering::AcqRel);
        kill_group(group);
    }
}

/// Makes the given signals (`libc::SIGINT`, `SIGTERM`, …) kill every plugin
/// process group before versus itself ends as the signal says. Plugins run
/// in groups of their own, so a terminal's Ctrl-C does not reach them.
#[cfg(unix)]
pub fn stop_plugins_on_signals(signals: &[i32]) {
    extern "C" fn on_signal(signal: libc::c_int) {
        // Only async-signal-safe calls: atomics, killpg, signal, raise.
        for slot in &GROUPS {
            let group = slot.load(Ordering::Acquire);
            if group > 0 {
                // SAFETY: async-signal-safe, no memory effects.
                unsafe {
                    libc::killpg(group, libc::SIGKILL);
                }
            }
        }
        // SAFETY: restores the default action and re-raises, so that versus
        // ends with the status the signal means.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
    for &signal in signals {
        // SAFETY: installs a handler that only makes async-signal-safe calls.
        unsafe {
            libc::signal(
                signal,
                on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
    }
}
