//! The one list of file names that are never part of a site: hidden files
//! and the swap, backup and temporary files of editors. Loading skips them
//! and the watcher ignores them, so a file is published exactly when
//! changing it rebuilds.

/// Whether a file or folder name is hidden or an editor's leftover.
///
/// - hidden: `.git`, `.index.md.swp`, `.#index.md` (Emacs locks);
/// - vim: `index.md~`, `*.swp`, `*.swx`, and `4913` (its probe file);
/// - JetBrains safe write: `*___jb_tmp___`, `*___jb_old___`;
/// - others: `*.tmp`, `*.bak`, `*.orig` (merge tools), `*.crswap` (Chrome),
///   `*.kate-swp`.
pub fn is_ignored_name(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swx",
        ".tmp",
        ".bak",
        ".orig",
        ".crswap",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name.starts_with('.') || name == "4913" || SUFFIXES.iter().any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored_and_site_files_are_not() {
        for name in [
            ".git",
            ".index.md.swp",
            ".#index.md",
            "index.md~",
            "a.swp",
            "4913",
            "x.tmp",
            "x.bak",
            "x.orig",
            "x.crswap",
            "x.kate-swp",
            "index.md___jb_tmp___",
            "index.md___jb_old___",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["index.md", "node.js", "logo.svg", "backup.md", "49130"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }
}
