//! The code samples of the real site are real code: every JavaScript file
//! passes `node --check` and every Python file compiles.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{files_with_extension, repo_root};

fn content() -> PathBuf {
    repo_root().join("site").join("content")
}

/// Runs every command (one per file) on a few threads; returns the failures.
fn failures(files: &[PathBuf], command: impl Fn(&Path) -> Command + Sync) -> Vec<String> {
    let chunks: Vec<&[PathBuf]> = files.chunks(files.len().div_ceil(4).max(1)).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let command = &command;
                scope.spawn(move || {
                    let mut failed = Vec::new();
                    for file in chunk {
                        let output = command(file)
                            .output()
                            .unwrap_or_else(|e| panic!("run a checker on {}: {e}", file.display()));
                        if !output.status.success() {
                            failed.push(format!(
                                "{}:\n{}{}",
                                file.strip_prefix(repo_root()).unwrap_or(file).display(),
                                String::from_utf8_lossy(&output.stdout),
                                String::from_utf8_lossy(&output.stderr)
                            ));
                        }
                    }
                    failed
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("checker thread"))
            .collect()
    })
}

#[test]
fn javascript_samples_pass_node_check() {
    let files = files_with_extension(&content(), ".js");
    assert!(
        files.len() >= 10,
        "expected at least 10 .js samples, found {}",
        files.len()
    );
    let failed = failures(&files, |file| {
        let mut cmd = Command::new("node");
        cmd.arg("--check").arg(file);
        cmd
    });
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn python_samples_compile() {
    let files = files_with_extension(&content(), ".py");
    assert!(
        files.len() >= 10,
        "expected at least 10 .py samples, found {}",
        files.len()
    );
    // Byte code goes to a temporary folder, not to __pycache__ in the repo.
    let pycache = tempfile::tempdir().expect("temporary folder");
    // One interpreter for all files (py_compile reports every file that
    // fails, by name, and exits 1 if any did).
    let output = Command::new("python3")
        .args(["-m", "py_compile"])
        .args(&files)
        .env("PYTHONPYCACHEPREFIX", pycache.path())
        .output()
        .expect("run python3 -m py_compile");
    assert!(
        output.status.success(),
        "python3 -m py_compile failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let leaked = files
        .iter()
        .filter_map(|f| f.parent())
        .filter(|dir| dir.join("__pycache__").exists())
        .count();
    assert_eq!(leaked, 0, "__pycache__ folders were left in site/content");
}
