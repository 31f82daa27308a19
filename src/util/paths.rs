//! Path normalisation, written once.
//!
//! Paths are compared in several places (changed files against loaded ones,
//! an output folder against the site, an include against its root); each
//! goes through [`lexical`] so that `.` and `..` mean the same everywhere.

use std::path::{Component, Path, PathBuf};

/// `path` with `.` and `..` resolved without touching the file system.
/// `None` when a relative path climbs above its start (`a/../../b`); on an
/// absolute path `..` stops at the root, as the kernel's does.
pub fn lexical(path: &Path) -> Option<PathBuf> {
    let mut clean = PathBuf::new();
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if depth > 0 {
                    clean.pop();
                    depth -= 1;
                } else if !path.has_root() {
                    return None;
                }
            }
            Component::Normal(name) => {
                clean.push(name);
                depth += 1;
            }
            root @ (Component::RootDir | Component::Prefix(_)) => clean.push(root),
        }
    }
    Some(clean)
}

/// `path` made absolute against the current folder.
fn from_current_dir(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    }
}

/// `path` made absolute with its folder's symbolic links resolved but not
/// the file's own name, so that a changed link is reported as the link (the
/// watcher's view) and two spellings of one folder compare equal. The file
/// need not exist.
pub fn normalize_path(path: &Path) -> PathBuf {
    let absolute = from_current_dir(path);
    let clean = lexical(&absolute).unwrap_or(absolute);
    match (clean.parent(), clean.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map_or_else(|_| clean.clone(), |parent| parent.join(name)),
        _ => clean,
    }
}

/// `path` made absolute with every symbolic link resolved when it exists,
/// and `.` and `..` resolved lexically when it does not (a folder that is
/// yet to be created).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = from_current_dir(path);
    let joined = joined.canonicalize().unwrap_or(joined);
    lexical(&joined).unwrap_or(joined)
}

/// Whether `path`, with `.` and `..` resolved lexically, leaves `root`.
pub fn escapes(root: &Path, path: &Path) -> bool {
    match path.strip_prefix(root) {
        Ok(relative) => relative.has_root() || lexical(relative).is_none(),
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_resolve_lexically() {
        let cases = [
            ("/a/./b/../c", Some("/a/c")),
            ("/../a", Some("/a")),
            ("a/b/..", Some("a")),
            ("a/../../b", None),
        ];
        for (path, clean) in cases {
            assert_eq!(lexical(Path::new(path)), clean.map(PathBuf::from), "{path}");
        }
    }

    #[test]
    fn escapes_catch_climbs_out_of_the_root() {
        let root = Path::new("/site");
        assert!(escapes(root, Path::new("/site/content/../../etc/passwd")));
        assert!(escapes(root, Path::new("/elsewhere/x")));
        assert!(!escapes(root, Path::new("/site/content/r/../samples/a.js")));
    }

    #[test]
    fn normalized_paths_of_one_file_compare_equal() {
        let dir = tempfile::tempdir().unwrap();
        let a = normalize_path(&dir.path().join("x/../f.md"));
        let b = normalize_path(&dir.path().join("./f.md"));
        assert_eq!(a, b);
        assert!(a.is_absolute() && a.ends_with("f.md"));
    }
}
