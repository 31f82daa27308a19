//! Source files as read from the site folder, with the line and column
//! arithmetic that diagnostics need.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::input::{MAX_TEXT_BYTES, ReadError, human_size, read_regular};

/// One text file of the site, read whole and known to be UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Where the file is on disk.
    pub path: PathBuf,
    /// The path shown to the author: relative to the site root, with `/`.
    pub display: String,
    /// The whole text.
    pub text: String,
}

impl SourceFile {
    /// Makes a source file from text already in memory.
    pub fn new(
        path: impl Into<PathBuf>,
        display: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        SourceFile {
            path: path.into(),
            display: display.into(),
            text: text.into(),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, offset)
    }

    /// The byte offset where 1-based `line` starts, if the file has it.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        if line == 0 {
            return None;
        }
        if line == 1 {
            return Some(0);
        }
        self.text
            .match_indices('\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)
            .filter(|&i| i <= self.text.len())
    }
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The path of `path` relative to `root`, with forward slashes, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The last component of a path, as text (empty for `/`).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether `path`, with every symbolic link resolved, is inside `root`. A
/// path that does not exist is not.
pub fn is_inside(root: &Path, path: &Path) -> bool {
    let Ok(target) = path.canonicalize() else {
        return false;
    };
    // The root is usually given canonical already (the project's is):
    // resolving it again for each of thousands of files doubled a build's
    // system calls.
    target.starts_with(root)
        || root
            .canonicalize()
            .is_ok_and(|root| target.starts_with(root))
}

/// Reads a file's bytes, with an error naming it relative to `root`. Only
/// regular files are read (a named pipe would block the build forever).
pub fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_regular(path, None).map_err(|e| read_problem(root, path, e))
}

/// The diagnostic for a file that could not be read.
pub fn read_problem(root: &Path, path: &Path, error: ReadError) -> Diagnostic {
    let path = display_path(root, path);
    Diagnostic::error(match error {
        ReadError::Io(source) => Problem::Io {
            action: "read",
            path,
            source: source.into(),
        },
        ReadError::NotRegular { kind } => Problem::NotRegularFile { path, kind },
        ReadError::TooLarge { size, limit } => Problem::FileTooLarge {
            path,
            size,
            limit: human_size(limit),
        },
    })
}

/// Reads a file that must be UTF-8 text, a regular file of at most
/// [`MAX_TEXT_BYTES`]. A file that is not gets an error
/// pointing at the first byte that is not, so the author can find it.
pub fn read_source(root: &Path, path: &Path) -> Result<Arc<SourceFile>, Box<Diagnostic>> {
    let display = display_path(root, path);
    let bytes = read_regular(path, Some(MAX_TEXT_BYTES))
        .map_err(|e| Box::new(read_problem(root, path, e)))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::new(SourceFile::new(path, display, text))),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            // The lossy text has the same bytes up to the first bad one.
            let file = Arc::new(SourceFile::new(path, display, text));
            Err(Box::new(
                Diagnostic::error(Problem::NotUtf8 { byte: valid })
                    .at(Location::span(&file, valid..valid + 1)),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "ab\nçd\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'd' comes after a two-byte character: column 2, not 3.
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_col(text, 100), (3, 1));
    }

    #[test]
    fn line_start_finds_each_line() {
        let file = SourceFile::new("x", "x", "one\ntwo\nthree");
        assert_eq!(file.line_start(1), Some(0));
        assert_eq!(file.line_start(2), Some(4));
        assert_eq!(file.line_start(3), Some(8));
        assert_eq!(file.line_start(4), None);
    }
}
