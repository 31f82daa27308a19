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

use walkdir::WalkDir;

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
    let mut colocated = Colocated::default();
    let walk = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    let mut containment = WalkContainment::new(root, dir);
    for entry in walk {
        let entry = entry.map_err(|e| {
            Diagnostic::error(Problem::Io {
                action: "read",
                path: display_path(root, e.path().unwrap_or(dir)),
                source: std::io::Error::from(e).into(),
            })
        })?;
        let path = entry.path();
        // A link in the content folder must not publish a file from
        // outside the site.
        let inside = containment.is_inside(&entry);
        if !entry.file_type().is_file() || is_markdown(path) {
            continue;
        }
        if !inside {
            return Err(Diagnostic::error(Problem::OutsideRoot {
                path: display_path(root, path),
            }));
        }
        let output = format!("{slug}/{}", display_path(dir, path));
        if samples.contains(path) {
            colocated.on_link.push(LinkedSample {
                output,
                path: path.to_path_buf(),
                bytes: OnceLock::new(),
            });
        } else {
            let bytes = read_bytes(root, path)?;
            colocated.published.push(OutputFile::bytes(output, bytes));
        }
    }
    Ok(colocated)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}
