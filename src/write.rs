//! Stage 4: write. Puts the output folder in place all at once.
//!
//! The build writes into a fresh temporary folder beside the output and only
//! swaps it in when everything was written, so a failed build leaves the
//! previous output exactly as it was, and a reader never sees half a site.
//! versus writes nowhere else, and refuses output folders where a swap could
//! destroy something that is not its own.

use std::path::{Component, Path, PathBuf};

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
    let output = absolute(output);
    let root = absolute(root);
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
    if output.is_symlink() || output.is_file() {
        return refuse("it is not a folder");
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

/// What a write did.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes `files` into a temporary folder beside `output`, then swaps it in
/// place of `output`. `output` must have passed [`check_output_dir`].
pub fn write_atomically(output: &Path, files: &[OutputFile]) -> Result<WriteStats, Diagnostic> {
    let parent = output.parent().unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.versus-new-"))
        .tempdir_in(parent)
        .map_err(|e| io_error("create a temporary folder in", parent, e))?;
    let bytes = files
        .par_iter()
        .map(|file| write_file(staging.path(), file))
        .collect::<Result<Vec<u64>, Diagnostic>>()?
        .into_iter()
        .sum();
    std::fs::write(staging.path().join(MARKER), MARKER_TEXT)
        .map_err(|e| io_error("write", &staging.path().join(MARKER), e))?;
    swap_in(staging, output, parent, &name)?;
    Ok(WriteStats {
        files: files.len(),
        bytes,
    })
}

fn write_file(dir: &Path, file: &OutputFile) -> Result<u64, Diagnostic> {
    let target = dir.join(safe_relative(&file.path).ok_or_else(|| {
        Diagnostic::error(Problem::UnsafeOutput {
            path: file.path.clone(),
            reason: "an output file may not leave the output folder".to_string(),
        })
    })?);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
    }
    let Contents::Bytes(bytes) = &file.contents;
    std::fs::write(&target, bytes).map_err(|e| io_error("write", &target, e))?;
    Ok(bytes.len() as u64)
}

/// Replaces `output` by the staging folder. Between the two renames the
/// output is briefly absent; it is never partial.
fn swap_in(
    staging: tempfile::TempDir,
    output: &Path,
    parent: &Path,
    name: &str,
) -> Result<(), Diagnostic> {
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
        let file = |path: &str, text: &str| OutputFile {
            path: path.to_string(),
            contents: Contents::Bytes(text.as_bytes().to_vec().into()),
        };
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
}
