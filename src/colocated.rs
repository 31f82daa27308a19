//! Colocated assets: the images, PDFs and data files an author keeps beside
//! a report's Markdown.
//!
//! Every file of a report folder that is not Markdown is published at the
//! same path under the report's page: `content/r/logo.png` becomes
//! `r/logo.png`, `content/r/01-speed/chart.png` becomes
//! `r/01-speed/chart.png`. The URL of a file follows from where it lives, so
//! it stays the same from build to build. A criterion's code samples are
//! published only when its prose links to them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use walkdir::{DirEntry, WalkDir};

use crate::diagnostics::{Diagnostic, Problem};
use crate::render::OutputFile;
use crate::source::{WalkContainment, display_path, read_bytes};
use crate::util::ignore::is_ignored_name;

/// The colocated files of one report.
#[derive(Debug, Clone, Default)]
pub struct Colocated {
    /// Always published.
    pub published: Vec<OutputFile>,
    /// Code samples: published only when a link of the report leads to them.
    pub on_link: Vec<LinkedSample>,
}

/// A code sample beside a report, published only when the prose links to
/// it. Its bytes are read the first time it is published, not when the
/// folder is listed: loading the criteria has read it as text already, and
/// most samples are never linked to. The listing is made again whenever the
/// report's folder changes, so bytes read once stay current.
#[derive(Debug, Clone)]
pub struct LinkedSample {
    /// The output path (`r/01-speed/node.js`).
    pub output: String,
    /// The file.
    pub path: PathBuf,
    bytes: OnceLock<bytes::Bytes>,
}

impl LinkedSample {
    /// The sample as an output file, read from disk the first time.
    fn file(&self, root: &Path) -> Result<OutputFile, Diagnostic> {
        let bytes = match self.bytes.get() {
            Some(bytes) => bytes.clone(),
            None => {
                let bytes = bytes::Bytes::from(read_bytes(root, &self.path)?);
                self.bytes.get_or_init(|| bytes).clone()
            }
        };
        Ok(OutputFile::bytes(self.output.clone(), bytes))
    }
}

impl Colocated {
    /// The files to publish, given where the report's prose links to (output
    /// paths under the report, like `01-speed/node.js`); a linked sample
    /// that cannot be read is an error.
    pub fn files(
        &self,
        root: &Path,
        slug: &str,
        linked: &HashSet<String>,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let mut files = self.published.clone();
        let mut problems = Vec::new();
        let linked_samples = self.on_link.iter().filter(|sample| {
            sample
                .output
                .strip_prefix(slug)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|rest| linked.contains(rest))
        });
        for sample in linked_samples {
            match sample.file(root) {
                Ok(file) => files.push(file),
                Err(problem) => problems.push(problem),
            }
        }
        (files, problems)
    }
}

/// Lists and reads the colocated files of the report folder `dir`, whose
/// page lives at `slug/`. `samples` are the paths of the criteria's sample
/// files.
pub fn colocated_files(
    root: &Path,
    dir: &Path,
    slug: &str,
    samples: &HashSet<PathBuf>,
) -> Result<Colocated, Diagnostic> {
    let mut listing = Listing {
        root,
        dir,
        slug,
        samples,
        containment: WalkContainment::new(root, dir),
        colocated: Colocated::default(),
    };
    // The listing says what an entry is; only a link needs asking the file
    // system, so only links are followed: a walk that follows every entry
    // asks once per file, and the report's criteria were listed already.
    for entry in walk(dir, false) {
        let entry = listing.entry(entry)?;
        // The report folder itself is followed by the walk even when it is
        // a link (walkdir follows the folder it starts from).
        if entry.depth() == 0 || !entry.path_is_symlink() {
            listing.add(&entry)?;
            continue;
        }
        for linked in walk(entry.path(), true) {
            let linked = listing.entry(linked)?;
            listing.add(&linked)?;
        }
    }
    Ok(listing.colocated)
}

/// The visible entries under `dir` (itself first), sorted by name.
fn walk(dir: &Path, follow_links: bool) -> impl Iterator<Item = walkdir::Result<DirEntry>> {
    WalkDir::new(dir)
        .follow_links(follow_links)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
}

/// A report folder being listed for its colocated files.
struct Listing<'a> {
    root: &'a Path,
    dir: &'a Path,
    slug: &'a str,
    samples: &'a HashSet<PathBuf>,
    containment: WalkContainment<'a>,
    colocated: Colocated,
}

impl Listing<'_> {
    /// An entry of the walk, or the error naming where it failed.
    fn entry(&self, entry: walkdir::Result<DirEntry>) -> Result<DirEntry, Diagnostic> {
        entry.map_err(|e| {
            Diagnostic::error(Problem::Io {
                action: "read",
                path: display_path(self.root, e.path().unwrap_or(self.dir)),
                source: std::io::Error::from(e).into(),
            })
        })
    }

    /// Adds an entry, if it is a file to publish.
    fn add(&mut self, entry: &DirEntry) -> Result<(), Diagnostic> {
        let path = entry.path();
        // A link in the content folder must not publish a file from
        // outside the site.
        let inside = self.containment.is_inside(entry);
        if !entry.file_type().is_file() || is_markdown(path) {
            return Ok(());
        }
        if !inside {
            return Err(Diagnostic::error(Problem::OutsideRoot {
                path: display_path(self.root, path),
            }));
        }
        let output = format!("{}/{}", self.slug, display_path(self.dir, path));
        if self.samples.contains(path) {
            self.colocated.on_link.push(LinkedSample {
                output,
                path: path.to_path_buf(),
                bytes: OnceLock::new(),
            });
        } else {
            let bytes = read_bytes(self.root, path)?;
            self.colocated
                .published
                .push(OutputFile::bytes(output, bytes));
        }
        Ok(())
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A site with a report folder `content/r`, and a folder beside the site.
    fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let top = tempfile::tempdir().unwrap();
        let root = top.path().join("site");
        let report = root.join("content/r");
        std::fs::create_dir_all(report.join("01-speed")).unwrap();
        std::fs::write(report.join("index.md"), "+++\n+++\n").unwrap();
        std::fs::write(report.join("logo.png"), b"png").unwrap();
        std::fs::write(report.join("01-speed/chart.svg"), b"<svg/>").unwrap();
        std::fs::create_dir_all(top.path().join("outside")).unwrap();
        std::fs::write(top.path().join("outside/secret.txt"), b"secret").unwrap();
        let root = root.canonicalize().unwrap();
        let report = root.join("content/r");
        (top, root, report)
    }

    fn published(colocated: &Colocated) -> Vec<(String, Vec<u8>)> {
        colocated
            .published
            .iter()
            .map(|file| {
                let crate::render::Contents::Bytes(bytes) = &file.contents;
                (file.path.clone(), bytes.to_vec())
            })
            .collect()
    }

    #[test]
    fn files_and_linked_files_inside_the_site_are_published_in_name_order() {
        let (_top, root, report) = site();
        std::fs::create_dir_all(root.join("shared/img")).unwrap();
        std::fs::write(root.join("shared/img/a.png"), b"a").unwrap();
        symlink(root.join("shared/img"), report.join("img")).unwrap();
        symlink(
            report.join("logo.png"),
            report.join("01-speed/logo-again.png"),
        )
        .unwrap();
        let colocated = colocated_files(&root, &report, "r", &HashSet::new()).unwrap();
        let paths: Vec<String> = published(&colocated).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "r/01-speed/chart.svg",
                "r/01-speed/logo-again.png",
                "r/img/a.png",
                "r/logo.png",
            ]
        );
        assert_eq!(published(&colocated)[2].1, b"a");
    }

    #[test]
    fn a_report_folder_that_is_a_link_is_listed_once() {
        let (_top, root, report) = site();
        let linked = root.join("content/again");
        symlink(&report, &linked).unwrap();
        let colocated = colocated_files(&root, &linked, "again", &HashSet::new()).unwrap();
        let paths: Vec<String> = published(&colocated).into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, ["again/01-speed/chart.svg", "again/logo.png"]);
    }

    #[test]
    fn a_link_to_a_file_or_folder_outside_the_site_is_refused() {
        let (top, root, report) = site();
        let outside = top.path().join("outside");
        for (link, target) in [
            ("secret.txt", outside.join("secret.txt")),
            ("leak", outside.clone()),
        ] {
            let path = report.join(link);
            symlink(&target, &path).unwrap();
            let error = colocated_files(&root, &report, "r", &HashSet::new()).unwrap_err();
            assert!(
                matches!(*error.problem, Problem::OutsideRoot { .. }),
                "{link}: {error:?}"
            );
            std::fs::remove_file(&path).unwrap();
        }
    }

    #[test]
    fn samples_wait_for_a_link_and_markdown_is_never_published() {
        let (_top, root, report) = site();
        let sample = report.join("01-speed/node.js");
        std::fs::write(&sample, "let a = 1;\n").unwrap();
        let samples = HashSet::from([sample.clone()]);
        let colocated = colocated_files(&root, &report, "r", &samples).unwrap();
        assert_eq!(colocated.on_link.len(), 1);
        assert_eq!(colocated.on_link[0].output, "r/01-speed/node.js");
        assert!(
            published(&colocated)
                .iter()
                .all(|(p, _)| !p.ends_with(".md"))
        );
    }
}
