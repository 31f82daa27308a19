//! `versus serve`: builds the site into memory, serves it on localhost,
//! watches the site folder, rebuilds what changed on every save, and tells
//! open pages to update.

pub mod http;
pub mod watch;

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::new_debouncer;

use crate::build::BuildOptions;
use crate::diagnostics::{Diagnostic, Problem};
use crate::project::{Project, Update};
use crate::render::{ASSETS_DIR, Contents, OutputFile, same_bytes};
use crate::source::display_path;
use http::{Live, LiveEvent, Served, Snapshot, inject_live_script};

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;

/// How long the watcher waits for an editor to finish saving a file. Editors
/// write a save as several events within a millisecond or two (vim's rename,
/// write and delete; a rename over the file); this window turns them into
/// one change. It is most of the time from a save to the page: 10 ms here
/// and [`QUIET`] after it took the preview of `site/` from a p95 of 46 ms
/// to 30 ms (`examples/serve_latency.rs`).
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How long requests in flight may take to finish after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// How long the whole site must be quiet before a rebuild starts, so that
/// the files of one save that settle a tick of the debouncer apart are one
/// rebuild. A burst of many files waits longer ([`watch::BURST_QUIET`]).
pub const QUIET: Duration = Duration::from_millis(5);

/// The tag of the events that say a sample's background run finished (not
/// a file saved by the author).
const RUN_FINISHED: &str = "versus-run-finished";

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The port; `None` tries 1111, then any free one.
    pub port: Option<u16>,
    /// The address to listen on.
    pub bind: IpAddr,
    /// Open the site in a browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// The highlight cache.
    pub cache_dir: Option<PathBuf>,
}

/// Serves until Ctrl-C. Errors are returned only when serving cannot start.
pub fn serve(options: ServeOptions) -> Result<(), Diagnostic> {
    // Without a configuration there is no site to watch: say how to start
    // one instead of serving an empty preview.
    if !options.root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Diagnostic::error(Problem::MissingConfig {
            root: options.root.display().to_string(),
        }));
    }
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| io_problem("read the address of", "the listener", e))?;
    let host = if address.ip().is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        address.ip()
    };
    let base_url = format!("http://{}/", SocketAddr::new(host, address.port()));
    if !options.bind.is_loopback() {
        anstream::eprintln!(
            "warning: listening on {} — other machines on the network can see this preview",
            options.bind
        );
    }

    let started = Instant::now();
    let mut build_options = BuildOptions::new(&options.root);
    build_options.base_url = Some(base_url.clone());
    build_options.drafts = options.drafts;
    build_options.cache_dir = options.cache_dir.clone();
    build_options.write = false;
    build_options.watching = true;
    // Samples run in the background: when one finishes, its file is handed
    // to the rebuild loop as if it had been saved, and the rebuild shows the
    // output (or the failure, in the overlay).
    let (tx, rx) = mpsc::channel::<Batch>();
    let finished = std::sync::Mutex::new(tx.clone());
    build_options.run.background = Some(Arc::new(move |path: PathBuf| {
        let event = notify::Event::new(notify::EventKind::Modify(notify::event::ModifyKind::Data(
            notify::event::DataChange::Content,
        )))
        .add_path(path)
        .set_info(RUN_FINISHED);
        let batch = vec![notify_debouncer_full::DebouncedEvent::new(
            event,
            Instant::now(),
        )];
        if let Ok(tx) = finished.lock() {
            let _ = tx.send(Ok(batch));
        }
    }));
    let project = Project::open(build_options);
    let live = Live::new();
    let session = format!(
        "{:x}",
        std::process::id() as u64 ^ started.elapsed().as_nanos() as u64
    );
    let mut state = LoopState {
        session,
        build: 0,
        last_warnings: String::new(),
    };
    publish(&project, &live, &mut state, &Update::default(), None, None);
    let (reports, criteria, _) = project.counts();
    anstream::println!(
        "Serving {} · {} on {base_url} · built in {} ms · Ctrl-C to stop",
        plural(reports, "report"),
        plural(criteria, "criterion"),
        started.elapsed().as_millis()
    );
    if options.open
        && let Err(e) = opener::open(&base_url)
    {
        anstream::eprintln!("warning: could not open a browser: {e}");
    }

    let root = project.root().to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx).map_err(|e| notify_problem(&root, e))?;
    debouncer
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| notify_problem(&root, e))?;
    let watch_live = Arc::clone(&live);
    std::thread::Builder::new()
        .name("versus-watch".into())
        .spawn(move || {
            let mut watcher = Watcher {
                project,
                debouncer,
                rx,
                state,
                broken: false,
                root_seen: root_identity(&root),
            };
            watcher.run(&watch_live);
        })
        .map_err(|e| io_problem("start", "the watcher", e))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| io_problem("start", "the server", e))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| io_problem("configure", "the listener", e))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| io_problem("configure", "the listener", e))?;
        let stop = Arc::new(tokio::sync::Notify::new());
        let stopping = Arc::clone(&stop);
        let server = axum::serve(listener, http::router(live)).with_graceful_shutdown(async move {
            stopping.notified().await;
        });
        let server = tokio::spawn(server.into_future());
        let _ = tokio::signal::ctrl_c().await;
        stop.notify_one();
        // Open pages hold their event streams forever: give requests in
        // flight a moment to finish, then stop regardless.
        match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
            Ok(Ok(result)) => result.map_err(|e| io_problem("serve", "the site", e)),
            _ => Ok(()),
        }
    })?;
    // The watcher thread owns the project and its plugins and is never
    // joined: end their processes here.
    crate::plugin::process::stop_all();
    anstream::println!("Stopped.");
    Ok(())
}

/// Binds the port asked for, or 1111, or any free port when 1111 is taken.
fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener, Diagnostic> {
    match port {
        Some(port) => TcpListener::bind((ip, port)).map_err(|e| {
            let reason = if e.kind() == std::io::ErrorKind::AddrInUse {
                format!("port {port} is already in use; pick another with `--port`, or leave it out to get a free one")
            } else {
                format!("could not listen on {ip}:{port}: {e}")
            };
            Diagnostic::error(Problem::Serve { message: reason })
        }),
        None => TcpListener::bind((ip, DEFAULT_PORT))
            .or_else(|_| TcpListener::bind((ip, 0)))
            .map_err(|e| Diagnostic::error(Problem::Serve { message: format!("could not listen on {ip}: {e}") })),
    }
}

struct LoopState {
    session: String,
    build: u64,
    last_warnings: String,
}

type Batch = Result<Vec<notify_debouncer_full::DebouncedEvent>, Vec<notify::Error>>;

/// How often the watcher checks that the site folder is still the one it
/// watches: a deleted, renamed or replaced folder sends no event inside it.
const ROOT_CHECK: Duration = Duration::from_millis(300);

/// Identifies a folder across renames: its device and inode (on other
/// systems, only whether it is a folder). `None` when it is not a folder.
fn root_identity(root: &Path) -> Option<(u64, u64)> {
    let metadata = std::fs::metadata(root).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        Some((0, 0))
    }
}

/// The watcher thread: batches of events in, rebuilds and published
/// results out. Nothing that happens to the site folder stops it.
struct Watcher<W: notify::Watcher> {
    project: Project,
    debouncer: notify_debouncer_full::Debouncer<W, notify_debouncer_full::RecommendedCache>,
    rx: mpsc::Receiver<Batch>,
    state: LoopState,
    /// A rebuild panicked, and so did the reload after it: the project
    /// may be half updated, so the next change reloads everything.
    broken: bool,
    /// The site folder as last seen; `None` while it is missing.
    root_seen: Option<(u64, u64)>,
}

impl<W: notify::Watcher> Watcher<W> {
    fn run(&mut self, live: &Live) {
        let root = self.project.root().to_path_buf();
        let output = root.join("public");
        loop {
            let first = match self.rx.recv_timeout(ROOT_CHECK) {
                Ok(batch) => batch,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    self.check_root(live, &root);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            };
            let mut events: Vec<notify_debouncer_full::DebouncedEvent> = first.unwrap_or_default();
            let quiet_for = |events: &[notify_debouncer_full::DebouncedEvent]| {
                watch::quiet_after(events.iter().map(|e| (&e.kind, e.paths.as_slice())))
            };
            let mut quiet = quiet_for(&events);
            while let Ok(more) = self.rx.recv_timeout(quiet) {
                events.extend(more.unwrap_or_default());
                quiet = quiet_for(&events);
            }
            if self.check_root(live, &root) || self.root_seen.is_none() {
                // Reloaded whole, or waiting for the folder to come back.
                continue;
            }
            let changed = watch::changed_paths(
                &root,
                Some(&output),
                events.iter().map(|e| (&e.kind, e.paths.as_slice())),
            );
            if changed.is_empty() {
                continue;
            }
            let started = Instant::now();
            let paths: Vec<PathBuf> = changed.iter().cloned().collect();
            let (update, incident) = rebuild(&mut self.project, &paths, &mut self.broken);
            // Reads (a run copying its folder) are not the author's changes.
            let runs_finished = events
                .iter()
                .filter(|e| watch::matters(&e.event.kind))
                .all(|e| e.event.info() == Some(RUN_FINISHED));
            let what = if runs_finished {
                "sample output ready".to_string()
            } else {
                format!("{} changed", describe(&root, &changed))
            };
            publish(
                &self.project,
                live,
                &mut self.state,
                &update,
                Some((what, started)),
                incident.as_ref(),
            );
        }
    }

    /// Notices the site folder going away, coming back, or being replaced
    /// by another folder; watches the new one and reloads. Returns whether
    /// it reloaded.
    fn check_root(&mut self, live: &Live, root: &Path) -> bool {
        let now = root_identity(root);
        if now == self.root_seen {
            return false;
        }
        let before = std::mem::replace(&mut self.root_seen, now);
        if now.is_none() {
            let message = format!(
                "the site folder `{}` is gone (deleted, renamed or replaced by a file); \
                 still serving the last good site until it is back",
                root.display()
            );
            anstream::println!("site folder removed · waiting for it to come back");
            send_error(live, &mut self.state, message);
            return false;
        }
        // Back, or a new folder in its place: the old watch may point at a
        // deleted folder, or follow the old one wherever it was moved.
        let _ = self.debouncer.unwatch(root);
        if let Err(e) = self.debouncer.watch(root, RecursiveMode::Recursive) {
            self.root_seen = None;
            send_error(
                live,
                &mut self.state,
                notify_problem(root, e).problem.to_string(),
            );
            return false;
        }
        let started = Instant::now();
        let (update, incident) = reload_guarded(&mut self.project, &mut self.broken);
        let what = if before.is_none() {
            "the site folder came back and changed"
        } else {
            "the site folder was replaced and changed"
        };
        publish(
            &self.project,
            live,
            &mut self.state,
            &update,
            Some((what.to_string(), started)),
            incident.as_ref(),
        );
        true
    }
}

/// Something that went wrong in a rebuild besides the site's own problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incident {
    /// A rebuild panicked; reloading the whole site worked.
    Recovered(String),
    /// Reloading panicked too: the last good site stays.
    Broken(String),
}

impl Incident {
    /// What to tell the author.
    pub fn message(&self) -> &str {
        match self {
            Incident::Recovered(message) | Incident::Broken(message) => message,
        }
    }
}

/// The text of a panic's payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an unknown internal error".to_string())
}

/// Rebuilds after a change, never letting a panic escape: a bug in versus
/// or a plugin must not stop the preview. After a panic the whole site is
/// reloaded (also guarded); if that panics too, the project is marked
/// broken and the next change reloads it whole. Returns the update and,
/// when something went wrong, what to tell the author.
pub fn rebuild(
    project: &mut Project,
    paths: &[PathBuf],
    broken: &mut bool,
) -> (Update, Option<Incident>) {
    if *broken {
        return reload_guarded(project, broken);
    }
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| project.update(paths)));
    match attempt {
        Ok(update) => (update, None),
        Err(payload) => {
            let first = panic_message(&*payload);
            anstream::eprintln!(
                "error: versus failed while rebuilding ({first}); reloading the whole site"
            );
            let (update, again) = reload_guarded(project, broken);
            let incident = match again {
                None => Incident::Recovered(format!(
                    "versus failed while rebuilding ({first}); the whole site was reloaded"
                )),
                Some(again) => Incident::Broken(format!(
                    "versus failed while rebuilding ({first}), and again: {}",
                    again.message()
                )),
            };
            (update, Some(incident))
        }
    }
}

/// Reloads the whole site under a panic guard. On a panic the project is
/// marked broken and the message says so.
fn reload_guarded(project: &mut Project, broken: &mut bool) -> (Update, Option<Incident>) {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| project.reload_all())) {
        Ok(update) => {
            *broken = false;
            (update, None)
        }
        Err(payload) => {
            *broken = true;
            let message = panic_message(&*payload);
            anstream::eprintln!("error: versus failed while reloading the whole site ({message})");
            (
                Update {
                    full: true,
                    ..Update::default()
                },
                Some(Incident::Broken(format!(
                    "versus failed while reloading the whole site ({message}); \
                     still serving the last good site, and the next save reloads everything"
                ))),
            )
        }
    }
}

/// Tells the server and every open page about an error that is not in the
/// project's diagnostics (the site folder is gone, a rebuild panicked).
fn send_error(live: &Live, state: &mut LoopState, message: String) {
    state.build += 1;
    let build = format!("{}-{}", state.session, state.build);
    anstream::eprintln!("error: {message}");
    announce_error(live, build, message);
}

/// Makes `message` the server's status for `build` and sends it to every
/// open page, which shows it in the overlay.
fn announce_error(live: &Live, build: String, message: String) {
    *live.status.write().unwrap_or_else(PoisonError::into_inner) =
        (build.clone(), Some(message.clone()));
    let _ = live.events.send(LiveEvent {
        kind: "error",
        build,
        pages: Vec::new(),
        assets: BTreeMap::new(),
        message: Some(message),
    });
}

/// Sends the result of a (re)build to the server and the open pages, and
/// prints one line about it.
fn publish(
    project: &Project,
    live: &Live,
    state: &mut LoopState,
    update: &Update,
    cause: Option<(String, Instant)>,
    incident: Option<&Incident>,
) {
    match incident {
        // A reload that panicked leaves a project that cannot be trusted:
        // say so, and keep serving the last good site.
        Some(Incident::Broken(message)) => {
            send_error(live, state, message.clone());
            return;
        }
        Some(Incident::Recovered(message)) => anstream::eprintln!("warning: {message}"),
        None => {}
    }
    state.build += 1;
    let build = format!("{}-{}", state.session, state.build);
    let diagnostics = project.diagnostics_with_links();
    let elapsed = cause.as_ref().map(|(_, started)| started.elapsed());
    let what = cause.map(|(what, _)| what);
    if diagnostics.has_errors() {
        let message = diagnostics.render(false);
        anstream::eprintln!(
            "{}",
            diagnostics.render(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        );
        if let (Some(what), Some(elapsed)) = (&what, elapsed) {
            anstream::println!(
                "{what} · build failed: {} · {} ms · still serving the last good site",
                plural(diagnostics.error_count(), "error"),
                elapsed.as_millis()
            );
        }
        announce_error(live, build, message);
        return;
    }
    let warnings = diagnostics.render(false);
    if !warnings.is_empty() && warnings != state.last_warnings {
        anstream::eprintln!(
            "{}",
            diagnostics.render(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        );
    }
    state.last_warnings = warnings;

    let previous = Arc::clone(&live.snapshot.read().unwrap_or_else(PoisonError::into_inner));
    let snapshot = Arc::new(snapshot_of(project, &previous));
    let was_error = live
        .status
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .1
        .is_some();
    *live
        .snapshot
        .write()
        .unwrap_or_else(PoisonError::into_inner) = Arc::clone(&snapshot);
    *live.status.write().unwrap_or_else(PoisonError::into_inner) = (build.clone(), None);

    let pages = changed_pages(&previous, &snapshot);
    let css_only = !pages.is_empty() && is_css_only(&previous, &snapshot, &pages);
    let page_urls: Vec<String> = pages
        .iter()
        .filter(|p| p.ends_with(".html"))
        .map(|p| url_of(p))
        .collect();
    if let (Some(what), Some(elapsed)) = (&what, elapsed) {
        let rebuilt = if css_only {
            "stylesheet".to_string()
        } else if page_urls.is_empty() && !update.full {
            "nothing to update".to_string()
        } else {
            plural(page_urls.len(), "page")
        };
        anstream::println!("{what} · {rebuilt} · {} ms", elapsed.as_millis());
    }
    if what.is_none() || (page_urls.is_empty() && !css_only && !was_error && pages.is_empty()) {
        return;
    }
    let event = if css_only {
        let assets = snapshot
            .files
            .keys()
            .filter(|k| k.starts_with(&format!("{ASSETS_DIR}/")) && k.ends_with(".css"))
            .map(|k| (logical_asset_name(k), format!("/{k}")))
            .collect();
        LiveEvent {
            kind: "css",
            build,
            pages: Vec::new(),
            assets,
            message: None,
        }
    } else {
        LiveEvent {
            kind: "reload",
            build,
            // After an error, every page reloads: it shows the overlay.
            pages: if was_error {
                all_pages(&snapshot)
            } else {
                page_urls
            },
            assets: BTreeMap::new(),
            message: None,
        }
    };
    let _ = live.events.send(event);
}

/// The served files: the project's output, pages with the live script.
/// Files the build did not change keep their served bytes from `previous`.
fn snapshot_of(project: &Project, previous: &Snapshot) -> Snapshot {
    let files = project
        .files()
        .map(|OutputFile { path, contents }| {
            let Contents::Bytes(built) = contents;
            let served = match previous.files.get(path) {
                Some(old) if same_bytes(&old.built, built) => old.clone(),
                _ => Served {
                    built: built.clone(),
                    body: if path.ends_with(".html") {
                        inject_live_script(built).into()
                    } else {
                        built.clone()
                    },
                },
            };
            (path.clone(), served)
        })
        .collect();
    Snapshot { files }
}

/// Output paths whose bytes differ between two snapshots.
fn changed_pages(old: &Snapshot, new: &Snapshot) -> Vec<String> {
    new.files
        .iter()
        .filter(|(path, served)| {
            old.files
                .get(*path)
                .is_none_or(|before| !same_bytes(&before.built, &served.built))
        })
        .map(|(path, _)| path.clone())
        .collect()
}

/// Whether the only changes are stylesheets (and pages whose only change is
/// a stylesheet's hashed name).
fn is_css_only(old: &Snapshot, new: &Snapshot, changed: &[String]) -> bool {
    changed.iter().all(|path| {
        if path.starts_with(&format!("{ASSETS_DIR}/")) {
            return path.ends_with(".css");
        }
        if !path.ends_with(".html") {
            return false;
        }
        match old.files.get(path) {
            Some(before) => {
                without_asset_hashes(&before.built) == without_asset_hashes(&new.files[path].built)
            }
            None => false,
        }
    })
}

/// `/assets/style.1a2b3c4d5e6f.css` → `/assets/style.css`, everywhere.
fn without_asset_hashes(html: &[u8]) -> String {
    let text = String::from_utf8_lossy(html);
    let marker = format!("/{ASSETS_DIR}/");
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(at) = rest.find(&marker) {
        let (before, after) = rest.split_at(at + marker.len());
        out.push_str(before);
        let end = after
            .find(|c: char| c == '"' || c == '\'' || c.is_whitespace())
            .unwrap_or(after.len());
        out.push_str(&logical_asset_name(&after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `assets/style.1a2b3c4d5e6f.css` → `style.css`.
fn logical_asset_name(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    let kept: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| !(p.len() == 12 && p.chars().all(|c| c.is_ascii_hexdigit())))
        .collect();
    kept.join(".")
}

fn all_pages(snapshot: &Snapshot) -> Vec<String> {
    snapshot
        .files
        .keys()
        .filter(|k| k.ends_with(".html"))
        .map(|k| url_of(k))
        .collect()
}

/// `r/index.html` → `/r/`; `404.html` → `/404.html`.
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{path}"),
    }
}

fn describe(root: &Path, changed: &BTreeSet<PathBuf>) -> String {
    match changed.iter().collect::<Vec<_>>().as_slice() {
        [one] => display_path(root, one),
        many => format!("{} files", many.len()),
    }
}

fn plural(count: usize, word: &str) -> String {
    match (count, word) {
        (1, _) => format!("1 {word}"),
        (_, "criterion") => format!("{count} criteria"),
        _ => format!("{count} {word}s"),
    }
}

fn io_problem(action: &'static str, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Problem::Io {
        action,
        path: what.to_string(),
        source: e.into(),
    })
}

fn notify_problem(root: &Path, e: notify::Error) -> Diagnostic {
    Diagnostic::error(Problem::Serve {
        message: format!("could not watch `{}` for changes: {e}", root.display()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::{Context, Hook, Plugin};
    use crate::render::OutputFile;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A plugin that panics in its output hook while `panics` is above 0.
    struct Panicky {
        panics: AtomicUsize,
    }

    impl Plugin for Panicky {
        fn name(&self) -> &str {
            "panicky"
        }
        fn hooks(&self) -> &[Hook] {
            &[Hook::Output]
        }
        fn output(
            &self,
            _context: &Context<'_>,
            _reports: &[&crate::model::Report],
            _paths: &[&str],
        ) -> (Vec<OutputFile>, crate::plugin::Diagnostics) {
            if self
                .panics
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
            {
                panic!("a bug in a plugin");
            }
            (Vec::new(), Vec::new())
        }
    }

    fn small_site(root: &Path) {
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "versus.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        );
        write(
            "content/r/index.md",
            "+++\ntitle = \"R\"\ndescription = \"D\"\ndate = \"2026-01-01\"\n\
             [[contenders]]\nid = \"a\"\nname = \"A\"\ncolor = \"#111111\"\n\
             [[contenders]]\nid = \"b\"\nname = \"B\"\ncolor = \"#222222\"\n+++\nIntro.\n",
        );
        write(
            "content/r/01-x.md",
            "+++\ntitle = \"X\"\nsummary = \"S\"\n+++\nFirst text.\n",
        );
    }

    #[test]
    fn a_panic_twice_in_a_row_keeps_the_preview_and_the_next_save_is_built() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        small_site(&root);
        let plugin = Arc::new(Panicky {
            panics: AtomicUsize::new(0),
        });
        let mut options = BuildOptions::new(&root);
        options.cache_dir = None;
        options.write = false;
        options.plugins = vec![plugin.clone()];
        let mut project = Project::open(options);
        assert!(!project.diagnostics().has_errors());
        let criterion = root.join("content/r/01-x.md");
        let page = |project: &Project| {
            project
                .files()
                .find(|f| f.path == "r/index.html")
                .map(|f| {
                    let Contents::Bytes(bytes) = &f.contents;
                    String::from_utf8_lossy(bytes).into_owned()
                })
                .unwrap_or_default()
        };

        // The rebuild panics, and so does the reload after it.
        plugin.panics.store(2, Ordering::SeqCst);
        std::fs::write(
            &criterion,
            "+++\ntitle = \"X\"\nsummary = \"S\"\n+++\nSecond text.\n",
        )
        .unwrap();
        let mut broken = false;
        let (_, incident) = rebuild(&mut project, std::slice::from_ref(&criterion), &mut broken);
        assert!(broken);
        match incident {
            Some(Incident::Broken(message)) => {
                assert!(message.contains("a bug in a plugin"), "{message}");
                assert!(message.contains("still serving"), "{message}");
            }
            other => panic!("expected a broken project, got {other:?}"),
        }

        // The bug is gone: the next save is built, whole.
        std::fs::write(
            &criterion,
            "+++\ntitle = \"X\"\nsummary = \"S\"\n+++\nThird text.\n",
        )
        .unwrap();
        let (update, incident) =
            rebuild(&mut project, std::slice::from_ref(&criterion), &mut broken);
        assert_eq!(incident, None);
        assert!(!broken && update.full);
        assert!(page(&project).contains("Third text."));

        // One panic: the reload after it recovers at once.
        plugin.panics.store(1, Ordering::SeqCst);
        std::fs::write(
            &criterion,
            "+++\ntitle = \"X\"\nsummary = \"S\"\n+++\nFourth text.\n",
        )
        .unwrap();
        let (_, incident) = rebuild(&mut project, std::slice::from_ref(&criterion), &mut broken);
        assert!(
            matches!(incident, Some(Incident::Recovered(_))),
            "{incident:?}"
        );
        assert!(page(&project).contains("Fourth text."));
    }

    #[test]
    fn asset_hashes_are_ignored_when_comparing_pages() {
        let a = b"<link href=\"/assets/style.0123456789ab.css\"><p>x</p>";
        let b = b"<link href=\"/assets/style.ba9876543210.css\"><p>x</p>";
        assert_eq!(without_asset_hashes(a), without_asset_hashes(b));
        assert_eq!(
            logical_asset_name("assets/style.0123456789ab.css"),
            "style.css"
        );
    }

    #[test]
    fn output_paths_become_urls() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("r/index.html"), "/r/");
        assert_eq!(url_of("404.html"), "/404.html");
    }
}
