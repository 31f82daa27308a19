//! Stage 4: write. Puts the output folder in place all at once.
//!
//! The build writes into a fresh temporary folder beside the output and only
//! swaps it in when everything was written, so a failed build leaves the
//! previous output exactly as it was, and a reader never sees half a site.
//! versus writes nowhere else, and refuses output folders where a swap could
//! destroy something that is not its own.
//!
//! Staging folders are named `.<output>.versus-new-…` (the new site) and
//! `.<output>.versus-old-…` (the previous one, while it is swapped out), and
//! carry the [`MARKER`] file from the moment they are made. A build that is
//! killed leaves them behind; the next build into the same output removes
//! those that carry the marker (or are empty), never anything else. Ctrl-C
//! removes them at once ([`remove_staging_on_interrupt`]). Builds into one
//! output take turns through a lock file, `.<output>.versus-lock`.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError, RwLock};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Problem};
use crate::render::{Contents, OutputFile};
use crate::util::paths::absolute;

/// The file that marks a folder as versus output, so it may be replaced.
pub const MARKER: &str = ".versus-output";
const MARKER_TEXT: &str = "This folder is written by versus and replaced whole on every build.\n";

/// Checks that `output` may be written and replaced, and returns it as an
/// absolute path. `root` is the site folder.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, Diagnostic> {
    let output = resolve_output_path(output);
    let root = root.canonicalize().unwrap_or_else(|_| absolute(root));
    let refuse = |reason: &str| {
        Err(Diagnostic::error(Problem::UnsafeOutput {
            path: output.display().to_string(),
            reason: reason.to_string(),
        }))
    };
    if output.parent().is_none() {
        return refuse("it is the file system root");
    }
    if dirs::home_dir().is_some_and(|home| absolute(&home) == output) {
        return refuse("it is the home folder");
    }
    if output == root {
        return refuse("it is the site folder itself");
    }
    if root.starts_with(&output) {
        return refuse("it contains the site folder");
    }
    for source in ["content", "static", "themes"] {
        if output.starts_with(root.join(source)) {
            return refuse(&format!(
                "it is inside the site's `{source}` folder, which versus reads"
            ));
        }
    }
    if output.is_symlink() || (output.exists() && !output.is_dir()) {
        return refuse("it is not a folder");
    }
    // `/dev/null/site`: the first part that exists must be a folder.
    if let Some(existing) = output.ancestors().skip(1).find(|a| a.exists())
        && !existing.is_dir()
    {
        return refuse(&format!("`{}` is not a folder", existing.display()));
    }
    if output.is_dir() && !output.join(MARKER).is_file() {
        let empty = std::fs::read_dir(&output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(Problem::ForeignOutput {
                path: output.display().to_string(),
            }));
        }
    }
    Ok(output)
}

/// Problems that would stop the output from being written, found before
/// writing anything, so that `versus check` finds them too: a path that
/// leaves the output folder, and a file whose path is a folder of another
/// (`static/r`, a file, beside the generated `r/index.html`). Files that
/// come from `static/` are named as such. `root` is the site folder.
pub fn check_output_files(root: &Path, files: &[OutputFile]) -> Vec<Diagnostic> {
    let name_of = |path: &str| {
        if root.join("static").join(path).is_file() {
            format!("static/{path}")
        } else {
            path.to_string()
        }
    };
    let mut problems = Vec::new();
    let paths: std::collections::BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for path in &paths {
        if safe_relative(path).is_none() {
            problems.push(Diagnostic::error(Problem::UnsafeOutput {
                path: path.to_string(),
                reason: "an output file may not leave the output folder".to_string(),
            }));
            continue;
        }
        // Every folder on the way to this file must not be a file itself.
        let mut folder = String::new();
        for part in path.split('/').take(path.split('/').count() - 1) {
            if !folder.is_empty() {
                folder.push('/');
            }
            folder.push_str(part);
            if paths.contains(folder.as_str()) {
                problems.push(Diagnostic::error(Problem::OutputCollision {
                    first: name_of(&folder),
                    second: name_of(path),
                }));
            }
        }
    }
    problems
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes `files` into a temporary folder beside `output`, then swaps it in
/// place of `output`. `output` must have passed [`check_output_dir`]. Waits
/// while another build writes the same output.
pub fn write_atomically(output: &Path, files: &[OutputFile]) -> Result<WriteStats, Diagnostic> {
    let parent = output.parent().unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
    let _lock = OutputLock::acquire(parent, &name)?;
    remove_leftovers(parent, &name);
    let (staging, _registered) = {
        // Made and listed in one step, so Ctrl-C never misses it.
        let _writing = writing(parent)?;
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.versus-new-"))
            .tempdir_in(parent)
            .map_err(|e| io_error("create a temporary folder in", parent, e))?;
        let registered = Staged::register(staging.path());
        (staging, registered)
    };
    // The marker first: a folder left by a killed build is known as ours.
    std::fs::write(staging.path().join(MARKER), MARKER_TEXT)
        .map_err(|e| io_error("write", &staging.path().join(MARKER), e))?;
    // Files that did not change since the previous build are linked from
    // it rather than written again (see `write_file`).
    let previous = output.is_dir().then_some(output);
    let bytes = files
        .par_iter()
        .map(|file| write_file(staging.path(), previous, file))
        .collect::<Result<Vec<u64>, Diagnostic>>()?
        .into_iter()
        .sum();
    swap_in(staging, output, parent, &name)?;
    Ok(WriteStats {
        files: files.len(),
        bytes,
    })
}

/// The staging folders (and lock files) of builds in this process, for
/// Ctrl-C. Also held
/// while the output is swapped, so an interrupt never lands between the
/// two renames.
static STAGED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn staged() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    STAGED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A staging folder listed in [`STAGED`] until it is dropped.
struct Staged(PathBuf);

impl Staged {
    fn register(path: &Path) -> Staged {
        staged().push(path.to_path_buf());
        Staged(path.to_path_buf())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        staged().retain(|p| *p != self.0);
    }
}

/// Removes the staging folders of this process's builds: call on Ctrl-C,
/// before exiting. Waits for a swap in progress, so the output is either
/// the old site or the new one.
pub fn remove_staging_on_interrupt() {
    // No file is being written once this is held, and none will be.
    *INTERRUPTED.write().unwrap_or_else(PoisonError::into_inner) = true;
    let mut staged = staged();
    for path in staged.drain(..) {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
    // Hold the lock until the process exits: no swap may start now.
    std::mem::forget(staged);
}

/// Whether `name` in the output's folder is one of versus's staging folders
/// for the output `output_name`.
fn is_staging_name(name: &str, output_name: &str) -> bool {
    ["new", "old"].iter().any(|kind| {
        name.strip_prefix(&format!(".{output_name}.versus-{kind}-"))
            .is_some_and(|rest| !rest.is_empty())
    })
}

/// Removes staging folders that earlier, killed builds left beside the
/// output: only folders with the marker, or empty ones. Called with the
/// output's lock held, so no running build owns them.
fn remove_leftovers(parent: &Path, output_name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_staging_name(&name, output_name) {
            continue;
        }
        let path = entry.path();
        // A link is never followed into someone else's folder.
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !is_dir {
            continue;
        }
        let ours = path.join(MARKER).is_file()
            || std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
        if ours {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// An exclusive lock on writing one output folder: the file
/// `.<output>.versus-lock` beside it, locked, holding the holder's process
/// id. The file is removed when the lock is released.
struct OutputLock {
    file: std::fs::File,
    path: PathBuf,
    _registered: Staged,
}

impl OutputLock {
    fn acquire(parent: &Path, name: &str) -> Result<OutputLock, Diagnostic> {
        let path = parent.join(format!(".{name}.versus-lock"));
        let mut said = false;
        loop {
            // Ctrl-C waits while the file is made and until it is listed for
            // removal: it never leaves a lock file behind. It does not wait
            // while this build waits for another.
            let mut guard = Some(writing(&path)?);
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| io_error("create the lock file", &path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    guard = None;
                    if !said {
                        let holder = std::fs::read_to_string(&path).unwrap_or_default();
                        let holder = holder.trim();
                        let who = if holder.is_empty() {
                            String::new()
                        } else {
                            format!(" (process {holder})")
                        };
                        anstream::eprintln!(
                            "waiting for another build{who} to finish writing `{}`…",
                            parent.join(name).display()
                        );
                        said = true;
                    }
                    file.lock().map_err(|e| io_error("lock", &path, e))?;
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_error("lock", &path, e)),
            }
            let _guard = match guard {
                Some(guard) => guard,
                None => writing(&path)?,
            };
            // The holder before us removed the file as it finished: our lock
            // is on a file nobody else will open. Take the new one.
            if !same_file(&file, &path) {
                continue;
            }
            let _ = file.set_len(0);
            let _ = (&file).write_all(std::process::id().to_string().as_bytes());
            let registered = Staged::register(&path);
            return Ok(OutputLock {
                file,
                path,
                _registered: registered,
            });
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether the open `file` is the file at `path` now.
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// Set once Ctrl-C is pressed. Every file is written under a read lock of
/// this, so the interrupt handler, taking the write lock, knows that no
/// writer is halfway through a file (and none starts after it) when it
/// removes the staging folders.
static INTERRUPTED: RwLock<bool> = RwLock::new(false);

/// Permission to write one more file, refused after Ctrl-C.
fn writing(path: &Path) -> Result<std::sync::RwLockReadGuard<'static, bool>, Diagnostic> {
    let guard = INTERRUPTED.read().unwrap_or_else(PoisonError::into_inner);
    if *guard {
        return Err(io_error(
            "write",
            path,
            std::io::Error::from(std::io::ErrorKind::Interrupted),
        ));
    }
    Ok(guard)
}

/// Writes one file into the staging folder `dir`. A file that the previous
/// output (`previous`) holds with exactly the same bytes is hard-linked from
/// there instead: a warm build rewrites only what changed, and removing the
/// previous output then frees no data. Where links are not possible (another
/// file system, or one without them), the file is written.
fn write_file(dir: &Path, previous: Option<&Path>, file: &OutputFile) -> Result<u64, Diagnostic> {
    let _writing = writing(dir)?;
    let relative = safe_relative(&file.path).ok_or_else(|| {
        Diagnostic::error(Problem::UnsafeOutput {
            path: file.path.clone(),
            reason: "an output file may not leave the output folder".to_string(),
        })
    })?;
    let target = dir.join(&relative);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
    }
    let Contents::Bytes(bytes) = &file.contents;
    if let Some(old) = previous.map(|previous| previous.join(&relative))
        && holds(&old, bytes)
        && std::fs::hard_link(&old, &target).is_ok()
    {
        return Ok(bytes.len() as u64);
    }
    std::fs::write(&target, bytes).map_err(|e| io_error("write", &target, e))?;
    Ok(bytes.len() as u64)
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`.
/// Its size is compared first, so a changed page is rarely read, and the
/// rest a piece at a time, so nothing the size of a page is allocated.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let same_size = std::fs::symlink_metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64);
    let Some(mut file) = same_size
        .then(|| crate::input::open_regular(path).ok())
        .flatten()
    else {
        return false;
    };
    let mut piece = vec![0; 64 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut piece) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && piece[..n] == rest[..n] => rest = &rest[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            _ => return false,
        }
    }
}

/// Replaces `output` by the staging folder. Between the two renames the
/// output is briefly absent; it is never partial.
fn swap_in(
    staging: tempfile::TempDir,
    output: &Path,
    parent: &Path,
    name: &str,
) -> Result<(), Diagnostic> {
    // Ctrl-C waits for this: the output is never left moved aside.
    let _swapping = staged();
    if !output.exists() {
        let staged = staging.keep();
        return std::fs::rename(&staged, output).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staged);
            io_error("move the new output to", output, e)
        });
    }
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}.versus-old-"))
        .tempdir_in(parent)
        .map_err(|e| io_error("create a temporary folder in", parent, e))?
        .keep();
    // Until the rename below, `old` is empty; after it, it is the previous
    // output, marker and all: either way a leftover is recognised.
    // `old` exists (empty); rename onto an empty folder replaces it.
    std::fs::rename(output, &old).map_err(|e| {
        let _ = std::fs::remove_dir(&old);
        io_error("move aside the previous output", output, e)
    })?;
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, output) {
        // Put the previous output back: a failed build changes nothing.
        let _ = std::fs::rename(&old, output);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(io_error("move the new output to", output, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// `a/b.html` as a relative path with no `..`, root or prefix; `None`
/// otherwise.
pub fn safe_relative(path: &str) -> Option<PathBuf> {
    let path = Path::new(path);
    let ok = path.components().all(|c| matches!(c, Component::Normal(_)));
    (ok && path.components().next().is_some()).then(|| path.to_path_buf())
}

/// `path` made absolute against the current folder, with every symbolic
/// link among the folders leading to it resolved (but not the last part, so
/// that an output that is itself a link can be refused). `..` is applied
/// after the link before it is resolved, as the operating system does, and
/// parts that do not exist yet are kept as written.
///
/// Checks must run on this form: `site/lnk/out`, with `lnk` a link to
/// `site/content`, is `site/content/out`.
pub fn resolve_output_path(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let components: Vec<Component> = joined.components().collect();
    let mut out = PathBuf::new();
    for (i, component) in components.iter().enumerate() {
        let last = i + 1 == components.len();
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if !last && let Ok(real) = out.canonicalize() {
                    out = real;
                }
            }
        }
    }
    out
}

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> Diagnostic {
    crate::util::io::io_error(action, path.display().to_string(), source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        assert!(safe_relative("a/b.html").is_some());
        for bad in ["../x", "/etc/passwd", "a/../../x", ""] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn dangerous_output_folders_are_refused() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            root.to_path_buf(),
            root.parent().unwrap().to_path_buf(),
            PathBuf::from("/"),
            root.join("content/x"),
        ] {
            let err = check_output_dir(root, &bad).unwrap_err();
            assert!(
                matches!(*err.problem, Problem::UnsafeOutput { .. }),
                "{}",
                bad.display()
            );
        }
        assert!(check_output_dir(root, &root.join("public")).is_ok());
    }

    #[test]
    fn a_folder_of_someone_elses_files_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = dir.path().join("docs");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("thesis.tex"), "precious").unwrap();
        let err = check_output_dir(&site, &out).unwrap_err();
        assert!(matches!(*err.problem, Problem::ForeignOutput { .. }));
    }

    #[test]
    fn a_second_write_replaces_the_first_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |path: &str, text: &str| OutputFile::bytes(path, text.as_bytes().to_vec());
        write_atomically(&out, &[file("a.html", "1"), file("old.html", "x")]).unwrap();
        write_atomically(&out, &[file("a.html", "2")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "2");
        assert!(!out.join("old.html").exists());
        // Nothing is left beside the output.
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn unchanged_files_are_kept_and_changed_ones_rewritten_even_at_the_same_size() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |path: &str, text: &str| OutputFile::bytes(path, text.as_bytes().to_vec());
        let first = [file("same.html", "same"), file("d/edited.html", "versus")];
        write_atomically(&out, &first).unwrap();
        // Someone edits the output by hand, keeping its size.
        std::fs::write(out.join("d/edited.html"), "byhand").unwrap();
        #[cfg(unix)]
        let inode =
            |path: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap());
        #[cfg(unix)]
        let kept = inode(&out.join("same.html"));
        write_atomically(&out, &first).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("same.html")).unwrap(),
            "same"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("d/edited.html")).unwrap(),
            "versus",
            "a file whose bytes differ is written again"
        );
        #[cfg(unix)]
        assert_eq!(
            inode(&out.join("same.html")),
            kept,
            "an unchanged file is the previous build's, not a copy"
        );
    }
}
