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
    if let Some(inside) = inside_without_links(root, path) {
        return inside;
    }
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

/// [`is_inside`] without resolving every component of `path` from `/`:
/// when `path` is written under `root` (canonical) with plain names only and
/// none of the entries from `root` down to it is a symbolic link, it is
/// inside. One `lstat` per level below the root, where resolving the path
/// reads every component's link (a criterion folder of a site under
/// `/home/me/sites/` cost ten system calls, a thousand times per build).
/// `None` when that cannot tell: a link on the way, a `..`, a path not
/// written under `root`.
fn inside_without_links(root: &Path, path: &Path) -> Option<bool> {
    let relative = path.strip_prefix(root).ok()?;
    if !relative
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
    {
        return None;
    }
    let mut entry = path;
    while entry != root {
        let metadata = std::fs::symlink_metadata(entry);
        match metadata {
            Ok(metadata) if !metadata.file_type().is_symlink() => {}
            Ok(_) => return None,
            Err(_) => return Some(false),
        }
        entry = entry.parent()?;
    }
    Some(true)
}

/// Answers [`is_inside`] for the entries of one folder walk while resolving
/// only links: an entry that is no link, under no linked folder of the walk,
/// is wherever the walk's start is. Resolving every file's path cost a build
/// of 1,000 criteria tens of thousands of system calls.
pub struct WalkContainment<'a> {
    root: &'a Path,
    start: &'a Path,
    start_inside: Option<bool>,
    /// Linked folders met so far: what is under them is resolved.
    linked: Vec<PathBuf>,
}

impl<'a> WalkContainment<'a> {
    /// For a walk of `start`, judged against `root`.
    pub fn new(root: &'a Path, start: &'a Path) -> Self {
        WalkContainment {
            root,
            start,
            start_inside: None,
            linked: Vec::new(),
        }
    }

    /// Whether `entry` is inside the root. Call it for every entry the
    /// walk yields, folders included, in the walk's order (a folder comes
    /// before what is in it).
    pub fn is_inside(&mut self, entry: &walkdir::DirEntry) -> bool {
        let path = entry.path();
        if entry.path_is_symlink() {
            if entry.file_type().is_dir() {
                self.linked.push(path.to_path_buf());
            }
            return is_inside(self.root, path);
        }
        if self.linked.iter().any(|linked| path.starts_with(linked)) {
            return is_inside(self.root, path);
        }
        *self
            .start_inside
            .get_or_insert_with(|| is_inside(self.root, self.start))
    }
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
    match decode_text(bytes) {
        Ok(text) => Ok(Arc::new(SourceFile::new(path, display, text))),
        Err(TextDecodeError::NotUtf8 { valid_up_to, lossy }) => {
            // The lossy text has the same bytes up to the first bad one.
            let file = Arc::new(SourceFile::new(path, display, lossy));
            Err(Box::new(
                Diagnostic::error(Problem::NotUtf8 { byte: valid_up_to })
                    .at(Location::span(&file, valid_up_to..valid_up_to + 1)),
            ))
        }
        Err(TextDecodeError::BadUtf16 { byte }) => {
            Err(Box::new(Diagnostic::error(Problem::BadUtf16 {
                path: display,
                byte,
            })))
        }
    }
}

/// Why bytes are not text versus can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextDecodeError {
    /// Neither a byte-order mark nor valid UTF-8.
    NotUtf8 {
        /// The offset of the first byte that is not UTF-8.
        valid_up_to: usize,
        /// The text with invalid bytes replaced, for pointing at the spot.
        lossy: String,
    },
    /// A UTF-16 byte-order mark, then something that is not UTF-16.
    BadUtf16 {
        /// The offset of the unit that breaks it.
        byte: usize,
    },
}

/// Decodes a text file as editors save it: UTF-8, with or without a
/// byte-order mark, or UTF-16 (little or big endian) with one, as Windows
/// tools save PowerShell scripts and .NET project files. The mark itself is
/// dropped. Anything else is an error: guessing a legacy code page would
/// show readers the wrong characters.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, TextDecodeError> {
    let utf16 = |body: &[u8], from_bytes: fn([u8; 2]) -> u16| {
        if !body.len().is_multiple_of(2) {
            return Err(TextDecodeError::BadUtf16 {
                byte: body.len() + 1,
            });
        }
        let units = body
            .chunks_exact(2)
            .map(|pair| from_bytes([pair[0], pair[1]]));
        let mut text = String::with_capacity(body.len() / 2);
        for (i, decoded) in char::decode_utf16(units).enumerate() {
            match decoded {
                Ok(c) => text.push(c),
                // Offsets count the two bytes of the mark.
                Err(_) => return Err(TextDecodeError::BadUtf16 { byte: 2 + 2 * i }),
            }
        }
        Ok(text)
    };
    match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8(rest.to_vec()).map_err(|err| {
            let valid_up_to = err.utf8_error().valid_up_to();
            TextDecodeError::NotUtf8 {
                valid_up_to,
                lossy: String::from_utf8_lossy(err.as_bytes()).into_owned(),
            }
        }),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes).map_err(|err| {
            let valid_up_to = err.utf8_error().valid_up_to();
            TextDecodeError::NotUtf8 {
                valid_up_to,
                lossy: String::from_utf8_lossy(err.as_bytes()).into_owned(),
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn inside_is_answered_alike_with_and_without_resolving_links() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("site");
        let outside = base.join("elsewhere");
        std::fs::create_dir_all(root.join("content/r/01-a")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("content/r/02-link")).unwrap();
        std::os::unix::fs::symlink(root.join("content/r"), root.join("content/again")).unwrap();
        for (path, inside) in [
            ("content/r/01-a", true),
            ("content/r", true),
            ("content/r/02-link", false),
            ("content/again/01-a", true),
            ("content/r/../r/01-a", true),
            ("content/r/missing", false),
        ] {
            let path = root.join(path);
            assert_eq!(is_inside(&root, &path), inside, "{}", path.display());
            let resolved = path.canonicalize().is_ok_and(|p| p.starts_with(&root));
            assert_eq!(resolved, inside, "resolving {} agrees", path.display());
        }
    }

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
    fn byte_order_marks_are_decoded_and_dropped() {
        let text = "Write-Host \"héllo\"\r\n";
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let utf8_bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
        for (name, bytes) in [
            ("UTF-16LE", utf16le),
            ("UTF-16BE", utf16be),
            ("UTF-8", utf8_bom),
        ] {
            assert_eq!(
                decode_text(bytes).as_deref(),
                Ok(text),
                "{name} with a mark"
            );
        }
        assert_eq!(decode_text(text.as_bytes().to_vec()).as_deref(), Ok(text));
    }

    #[test]
    fn other_encodings_are_errors_that_say_where() {
        // Latin-1 "é" without a mark is not UTF-8.
        let latin1 = b"caf\xe9\n".to_vec();
        assert!(matches!(
            decode_text(latin1),
            Err(TextDecodeError::NotUtf8 { valid_up_to: 3, .. })
        ));
        // A lone high surrogate after a UTF-16 mark.
        let broken = vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        assert_eq!(
            decode_text(broken),
            Err(TextDecodeError::BadUtf16 { byte: 4 })
        );
        assert_eq!(
            decode_text(vec![0xFF, 0xFE, b'a']),
            Err(TextDecodeError::BadUtf16 { byte: 2 })
        );
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
