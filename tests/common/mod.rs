//! Helpers shared by the integration tests: sites in temporary folders,
//! running the `versus` binary, and comparing folders before and after.
//!
//! Every site a test builds lives in a temporary folder, so nothing is ever
//! written inside the repository, and every run points the highlight cache
//! at a temporary folder too, so nothing is written to the user's home.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The repository (the crate root).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site under `tests/fixtures/`.
pub fn fixture_dir(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// Copies `src` into `dst` recursively (files and folders; symbolic links
/// are copied as the files they point to). Entries whose path relative to
/// `src` is in `skip` are left out, with everything under them.
pub fn copy_dir(src: &Path, dst: &Path, skip: &[&str]) {
    fn walk(src: &Path, dst: &Path, rel: &Path, skip: &[&str]) {
        std::fs::create_dir_all(dst).unwrap_or_else(|e| panic!("create {}: {e}", dst.display()));
        let mut entries: Vec<_> = std::fs::read_dir(src)
            .unwrap_or_else(|e| panic!("list {}: {e}", src.display()))
            .map(|e| e.unwrap())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let rel = rel.join(&name);
            let rel_text = rel.to_string_lossy().replace('\\', "/");
            if skip.contains(&rel_text.as_str()) {
                continue;
            }
            let from = entry.path();
            let to = dst.join(&name);
            if from.is_dir() {
                walk(&from, &to, &rel, skip);
            } else {
                std::fs::copy(&from, &to)
                    .unwrap_or_else(|e| panic!("copy {} to {}: {e}", from.display(), to.display()));
            }
        }
    }
    walk(src, dst, Path::new(""), skip);
}

/// One contender of a generated report: id and display name.
pub type ContenderSpec<'a> = (&'a str, &'a str);

const COLORS: [&str; 6] = [
    "#417e38", "#3572a5", "#dea584", "#00add8", "#f7df1e", "#701516",
];

/// The front matter and body of a criterion file.
pub fn criterion(title: &str, points: &[(&str, u32)]) -> String {
    let mut text = format!("+++\ntitle = \"{title}\"\nsummary = \"What {title} measures.\"\n");
    if !points.is_empty() {
        text.push_str("\n[points]\n");
        for (id, p) in points {
            text.push_str(&format!("{id} = {p}\n"));
        }
    }
    text.push_str(&format!("+++\n\nProse about {title}.\n"));
    text
}

/// The `index.md` of a report with these contenders (each with one fact).
pub fn report_index(title: &str, contenders: &[ContenderSpec<'_>]) -> String {
    let mut text = format!(
        "+++\ntitle = \"{title}\"\ndescription = \"A generated report.\"\ndate = 2026-01-01\n"
    );
    for (i, (id, name)) in contenders.iter().enumerate() {
        text.push_str(&format!(
            "\n[[contenders]]\nid = \"{id}\"\nname = \"{name}\"\ncolor = \"{}\"\n",
            COLORS[i % COLORS.len()]
        ));
    }
    text.push_str("+++\n\nThe introduction.\n");
    text
}

/// A minimal `versus.toml`.
pub const CONFIG: &str = "title = \"Generated\"\nbase_url = \"https://example.org/\"\n";

/// A site in a temporary folder: `<tmp>/site`, built by default into
/// `<tmp>/site/public`.
pub struct TestSite {
    /// Deleted (with the site) when the test ends.
    _tmp: TempDir,
    /// The site root.
    pub root: PathBuf,
}

impl TestSite {
    /// An empty site folder (nothing written yet).
    pub fn empty() -> Self {
        let tmp = tempfile::Builder::new()
            .prefix("versus-test-")
            .tempdir()
            .expect("temporary folder");
        // Canonical, so paths in messages and checks compare equal.
        let base = tmp.path().canonicalize().expect("canonical temp folder");
        let root = base.join("site");
        std::fs::create_dir_all(&root).unwrap();
        TestSite { _tmp: tmp, root }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let site = Self::empty();
        copy_dir(&fixture_dir(name), &site.root, &["public"]);
        site
    }

    /// A copy of the repository's real `site/`, without `site/public`.
    pub fn real() -> Self {
        let site = Self::empty();
        copy_dir(&repo_root().join("site"), &site.root, &["public"]);
        site
    }

    /// A valid site with one report, `content/r/`, with these contenders and
    /// criteria (file name under `content/r/` → text, see [`criterion`]).
    pub fn generated(contenders: &[ContenderSpec<'_>], criteria: &[(&str, String)]) -> Self {
        let site = Self::empty();
        site.write("versus.toml", CONFIG);
        site.write(
            "content/r/index.md",
            report_index("Generated report", contenders),
        );
        for (name, text) in criteria {
            site.write(&format!("content/r/{name}"), text);
        }
        site
    }

    /// The temporary folder holding the site (the site root's parent).
    pub fn dir(&self) -> PathBuf {
        self.root.parent().unwrap().to_path_buf()
    }

    /// Writes a file under the site root, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
    }

    /// Removes a file under the site root.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root.join(rel)).unwrap();
    }

    /// Reads a file under the site root.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Reads a file of the default output folder.
    pub fn output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public().join(rel))
            .unwrap_or_else(|e| panic!("read output {rel}: {e}"))
    }

    /// `versus build --root <root> --no-cache <extra…>`.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "--root", self.root.to_str().unwrap(), "--no-cache"];
        args.extend_from_slice(extra);
        versus(&args)
    }

    /// `versus check --root <root> --no-cache <extra…>`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check", "--root", self.root.to_str().unwrap(), "--no-cache"];
        args.extend_from_slice(extra);
        versus(&args)
    }

    /// A build that must succeed; returns its run.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let run = self.build(extra);
        run.assert_success();
        run
    }
}

/// What one run of `versus` did.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Exit code 0, or panics with the output.
    pub fn assert_success(&self) {
        assert_eq!(self.code, Some(0), "expected success\n{self}");
    }

    /// Exit code 1 and no panic, or panics with the output.
    pub fn assert_failure(&self) {
        assert!(
            !self.stderr.contains("panicked"),
            "versus panicked instead of reporting an error\n{self}"
        );
        assert_eq!(self.code, Some(1), "expected exit code 1\n{self}");
    }

    /// The places that diagnostics point at: the text after each ` --> `.
    pub fn locations(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("--> "))
            .map(|s| s.trim().to_string())
            .collect()
    }

    /// Asserts that a diagnostic points at `file`, line `line`: stderr names
    /// `file:line:`.
    pub fn assert_points_at(&self, file: &str, line: usize) {
        let wanted = format!("{file}:{line}:");
        assert!(
            self.locations().iter().any(|l| l.starts_with(&wanted)),
            "expected a diagnostic at `{wanted}…`, found locations {:?}\n{self}",
            self.locations()
        );
    }

    /// Asserts that stderr says `text`.
    pub fn assert_stderr_has(&self, text: &str) {
        assert!(
            self.stderr.contains(text),
            "expected `{text}` in stderr\n{self}"
        );
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--- exit code: {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `versus` with `args` in the current folder.
pub fn versus(args: &[&str]) -> Run {
    run_in(None, args, &[])
}

/// Runs `versus` with `args` in `dir`.
pub fn versus_in(dir: &Path, args: &[&str]) -> Run {
    run_in(Some(dir), args, &[])
}

/// Runs `versus`, optionally in `dir`, with extra environment variables.
/// Colours are off and the highlight cache is a fresh temporary folder.
pub fn run_in(dir: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Run {
    let cache = tempfile::tempdir().expect("cache folder");
    let mut cmd = Command::cargo_bin("versus").expect("the versus binary");
    cmd.args(args)
        .env("VERSUS_CACHE_DIR", cache.path())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_BACKTRACE")
        .timeout(std::time::Duration::from_secs(60));
    for (key, value) in env {
        cmd.env(key, value);
    }
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let output = cmd.output().expect("run versus");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every entry under `dir`: relative path → file bytes (`None` for a
/// folder, the link target for a symbolic link). Two equal snapshots mean
/// nothing was added, removed or changed.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(rel, Some(target.to_string_lossy().as_bytes().to_vec()));
            } else if meta.is_dir() {
                out.insert(rel, None);
                walk(base, &path, out);
            } else {
                out.insert(rel, Some(std::fs::read(&path).unwrap()));
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// Names in `dir` that look like versus's temporary output folders
/// (`.<name>.versus-new-…`, `.<name>.versus-old-…`).
pub fn staging_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with('.') && name.contains(".versus-"))
                .collect()
        })
        .unwrap_or_default()
}

/// All files under `dir` whose name ends with `ext`, sorted.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    fn walk(dir: &Path, ext: &str, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, ext, found);
            } else if path.to_string_lossy().ends_with(ext) {
                found.push(path);
            }
        }
    }
    walk(dir, ext, &mut found);
    found.sort();
    found
}
