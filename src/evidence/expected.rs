//! Expected output: `<contender id>.out` beside a sample holds what the
//! sample must print. A difference is shown as a unified diff; `versus build
//! --bless` writes the new output instead, as snapshot tools do.

use std::path::Path;

/// The extension of expected-output files.
pub const EXPECTED_EXTENSION: &str = "out";

/// The unified diff from `expected` to `actual`, or `None` when they are
/// the same. Line endings are compared as written: a sample that prints
/// `\r\n` must say so in its `.out` file.
pub fn difference(expected: &str, actual: &str, expected_name: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let diff = similar::TextDiff::from_lines(expected, actual);
    let mut text = diff
        .unified_diff()
        .context_radius(3)
        .header(expected_name, "actual output")
        .to_string();
    if text.trim().is_empty() {
        // Only a missing final newline differs.
        text = format!("--- {expected_name}\n+++ actual output\n(the final newline differs)\n");
    }
    Some(text)
}

/// Writes `actual` as the expected output at `path`, through a temporary
/// file so that a failure never leaves half a file.
pub fn bless(path: &Path, actual: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temporary, actual.as_bytes())?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_output_has_no_diff() {
        assert_eq!(difference("a\nb\n", "a\nb\n", "node.out"), None);
    }

    #[test]
    fn a_changed_line_is_a_unified_diff() {
        let diff = difference("1\n2\n3\n", "1\ntwo\n3\n", "node.out").unwrap();
        assert!(
            diff.starts_with("--- node.out\n+++ actual output\n"),
            "{diff}"
        );
        assert!(diff.contains("-2\n+two\n"), "{diff}");
    }

    #[test]
    fn blessing_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("node.out");
        std::fs::write(&path, "old\n").unwrap();
        bless(&path, "new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
    }
}
