//! From file system events to the set of site paths that changed.
//!
//! Editors save in different ways, and notify reports each differently:
//!
//! - in place (VS Code's default, nano): `Modify(Data)` on the file;
//! - vim (`backupcopy=auto`): creates and deletes `4913` to test the folder,
//!   renames the file to `file~`, creates the file anew, writes it, deletes
//!   `file~`; meanwhile `.file.swp` changes constantly;
//! - "safe write" (JetBrains, VS Code with atomic save, many tools): writes a
//!   temporary file (`file___jb_tmp___`, `.file.tmp`), renames it over the
//!   file;
//! - delete then create (some sync tools, `git checkout`).
//!
//! Events arrive debounced in batches. [`changed_paths`] keeps the paths that
//! matter and drops editor leftovers, so each save is exactly one rebuild of
//! the file the author saved, whatever the editor, and a save that touches
//! only swap files is none.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use notify::EventKind;

use crate::util::ignore::is_ignored_name;

/// Folders under the site root whose changes never affect the site: the
/// default output folder, tool folders.
const IGNORED_DIRS: &[&str] = &["public", "node_modules", "target"];

/// The site paths that changed in a batch of events. `output` is a folder to
/// ignore (where `versus build` writes), if it is inside the root.
pub fn changed_paths<'a>(
    root: &Path,
    output: Option<&Path>,
    events: impl IntoIterator<Item = (&'a EventKind, &'a [PathBuf])>,
) -> BTreeSet<PathBuf> {
    let mut changed = BTreeSet::new();
    for (kind, paths) in events {
        if !matters(kind) {
            continue;
        }
        for path in paths {
            if is_site_path(root, output, path) {
                changed.insert(path.clone());
            }
        }
    }
    changed
}

/// More files than this in one go is a burst, not a save (vim touches four:
/// the file, its backup, its swap file and a test file).
const BURST_PATHS: usize = 6;

/// The quiet a burst must reach before its one rebuild.
pub const BURST_QUIET: Duration = Duration::from_millis(250);

/// How long the whole site must be quiet, after the events so far, before a
/// rebuild starts.
///
/// The debouncer settles each file on its own; a burst over many files goes
/// on until the whole tree has been quiet for a moment, and becomes one
/// rebuild. An editor's save touches a file or two; more means a branch
/// switch or a generator, which may pause between files (a slow disk, a busy
/// machine): then the quiet must be longer. Reads are not changes: versus
/// reads many files while it rebuilds (a sample run copies its folder), and
/// counting those made every save wait as long as a burst.
pub fn quiet_after<'a>(
    events: impl IntoIterator<Item = (&'a EventKind, &'a [PathBuf])>,
) -> Duration {
    let paths: BTreeSet<&PathBuf> = events
        .into_iter()
        .filter(|(kind, _)| matters(kind))
        .flat_map(|(_, paths)| paths)
        .collect();
    if paths.len() > BURST_PATHS {
        BURST_QUIET
    } else {
        super::QUIET
    }
}

/// Reads and metadata-only touches (`Access`, and `Modify(Metadata)` for
/// atime) change nothing an author sees.
pub fn matters(kind: &EventKind) -> bool {
    use notify::event::ModifyKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Any => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// Whether `path` is a file of the site rather than an editor's or tool's.
pub fn is_site_path(root: &Path, output: Option<&Path>, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    if output.is_some_and(|o| path.starts_with(o)) {
        return false;
    }
    let mut components = relative.components().peekable();
    if let Some(Component::Normal(first)) = components.peek()
        && IGNORED_DIRS.iter().any(|d| first.to_str() == Some(d))
    {
        return false;
    }
    relative.components().all(|c| match c {
        Component::Normal(name) => !is_ignored_name(&name.to_string_lossy()),
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind, RenameMode};

    const ROOT: &str = "/site";

    fn p(relative: &str) -> PathBuf {
        Path::new(ROOT).join(relative)
    }

    /// The events of one save, as notify reports them.
    type Save = Vec<(EventKind, Vec<PathBuf>)>;

    fn run(events: &[(EventKind, Vec<PathBuf>)]) -> BTreeSet<PathBuf> {
        changed_paths(
            Path::new(ROOT),
            Some(&p("public")),
            events.iter().map(|(k, paths)| (k, paths.as_slice())),
        )
    }

    #[test]
    fn each_editor_save_is_one_change_to_the_saved_file() {
        let file = "content/r/01-a/index.md";
        let create = EventKind::Create(CreateKind::File);
        let remove = EventKind::Remove(RemoveKind::File);
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let rename_both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let cases: Vec<(&str, Save)> = vec![
            ("in place", vec![(write, vec![p(file)])]),
            (
                "vim",
                vec![
                    (create, vec![p("content/r/01-a/4913")]),
                    (remove, vec![p("content/r/01-a/4913")]),
                    (rename_both, vec![p(file), p("content/r/01-a/index.md~")]),
                    (create, vec![p(file)]),
                    (write, vec![p(file)]),
                    (write, vec![p("content/r/01-a/.index.md.swp")]),
                    (remove, vec![p("content/r/01-a/index.md~")]),
                ],
            ),
            (
                "VS Code atomic save",
                vec![
                    (create, vec![p("content/r/01-a/.index.md.tmp")]),
                    (write, vec![p("content/r/01-a/.index.md.tmp")]),
                    (
                        rename_both,
                        vec![p("content/r/01-a/.index.md.tmp"), p(file)],
                    ),
                ],
            ),
            (
                "JetBrains safe write",
                vec![
                    (create, vec![p("content/r/01-a/index.md___jb_tmp___")]),
                    (
                        rename_both,
                        vec![p(file), p("content/r/01-a/index.md___jb_old___")],
                    ),
                    (
                        rename_both,
                        vec![p("content/r/01-a/index.md___jb_tmp___"), p(file)],
                    ),
                    (remove, vec![p("content/r/01-a/index.md___jb_old___")]),
                ],
            ),
            (
                "delete then create",
                vec![(remove, vec![p(file)]), (create, vec![p(file)])],
            ),
        ];
        for (editor, events) in cases {
            let changed = run(&events);
            assert_eq!(changed, BTreeSet::from([p(file)]), "{editor}");
        }
    }

    #[test]
    fn leftovers_output_and_reads_change_nothing() {
        let read = EventKind::Access(notify::event::AccessKind::Read);
        let touch = EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime));
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let events = vec![
            (write, vec![p("content/r/.index.md.swp")]),
            (write, vec![p("content/r/.#index.md")]),
            (write, vec![p("content/r/index.md~")]),
            (write, vec![p("content/r/4913")]),
            (write, vec![p("public/index.html")]),
            (write, vec![p(".git/index")]),
            (read, vec![p("content/r/index.md")]),
            (touch, vec![p("content/r/index.md")]),
            (write, vec![PathBuf::from("/elsewhere/file.md")]),
        ];
        assert!(run(&events).is_empty());
    }

    #[test]
    fn a_checkout_of_many_files_is_one_batch() {
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let events: Vec<_> = (0..200)
            .map(|i| (write, vec![p(&format!("content/r/{i:03}-c.md"))]))
            .collect();
        assert_eq!(run(&events).len(), 200);
    }

    #[test]
    fn only_changes_to_many_files_wait_for_a_burst_to_end() {
        use notify::event::{AccessKind, AccessMode};
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let read = EventKind::Access(AccessKind::Open(AccessMode::Read));
        let atime = EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime));
        let many = |kind: EventKind, n: usize| -> Save {
            (0..n)
                .map(|i| (kind, vec![p(&format!("content/r/01-a/file-{i}.txt"))]))
                .collect()
        };
        let save = vec![(write, vec![p("content/r/01-a/index.md")])];
        let cases: Vec<(&str, Save, Duration)> = vec![
            ("one save", save.clone(), crate::serve::QUIET),
            (
                "a save of vim's four files",
                many(write, 4),
                crate::serve::QUIET,
            ),
            (
                "a save while versus reads forty files",
                [save.clone(), many(read, 40)].concat(),
                crate::serve::QUIET,
            ),
            (
                "a save while forty files get a new access time",
                [save, many(atime, 40)].concat(),
                crate::serve::QUIET,
            ),
            (
                "a branch switch of forty files",
                many(write, 40),
                BURST_QUIET,
            ),
            (
                "the same file written forty times",
                (0..40)
                    .map(|_| (write, vec![p("content/r/01-a/index.md")]))
                    .collect(),
                crate::serve::QUIET,
            ),
        ];
        for (name, events, expected) in cases {
            let quiet = quiet_after(events.iter().map(|(k, paths)| (k, paths.as_slice())));
            assert_eq!(quiet, expected, "{name}");
        }
    }
}
