//! Build script: embeds the default theme and records the highlighting
//! engine's version.
//!
//! 1. Every file of `themes/default/` is embedded in the binary with its
//!    content hash computed here, so an installed `versus` builds sites that
//!    have no `themes/` folder, `versus init` can write the theme out, and no
//!    build ever hashes the built-in assets again.
//! 2. The exact versions of both highlighting engines (syntect with
//!    two-face, tree-sitter with its grammar crates) are read from
//!    `Cargo.lock` into `HIGHLIGHT_ENGINE`: it is part of every highlight
//!    cache key, so upgrading a grammar can never serve stale colours from
//!    the cache.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let theme_dir = manifest_dir.join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=Cargo.lock");

    let mut files = Vec::new();
    collect_files(&theme_dir, &mut files);
    files.sort();

    let mut code = String::new();
    code.push_str("/// The files of the built-in default theme: path, bytes, content hash.\n");
    code.push_str("pub static DEFAULT_THEME: &[(&str, &[u8], &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(&theme_dir)
            .expect("collected under the theme folder")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(file).expect("theme file is readable");
        let hash = content_hash(&bytes);
        writeln!(
            code,
            "    ({relative:?}, include_bytes!({:?}), {hash:?}),",
            file.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n\n");

    let lock = std::fs::read_to_string(manifest_dir.join("Cargo.lock")).unwrap_or_default();
    // Both engines and every grammar crate: a new version of any of them
    // may colour the same code differently.
    let engine = HIGHLIGHT_CRATES
        .iter()
        .map(|name| {
            format!(
                "{name}-{}",
                locked_version(&lock, name).unwrap_or("unknown")
            )
        })
        .collect::<Vec<_>>()
        .join("+");
    code.push_str("/// The highlighting engine's exact version: part of every cache key.\n");
    writeln!(code, "pub const HIGHLIGHT_ENGINE: &str = {engine:?};").expect("write to String");

    std::fs::write(out_dir.join("build_info.rs"), code).expect("OUT_DIR is writable");
}

/// The crates whose exact versions make up `HIGHLIGHT_ENGINE`.
const HIGHLIGHT_CRATES: &[&str] = &[
    "syntect",
    "two-face",
    "onig",
    "tree-sitter",
    "tree-sitter-highlight",
    "tree-sitter-javascript",
    "tree-sitter-typescript",
    "tree-sitter-python",
    "tree-sitter-rust",
    "tree-sitter-go",
    "tree-sitter-java",
    "tree-sitter-c",
    "tree-sitter-php",
    "tree-sitter-bash",
    "tree-sitter-json",
    "tree-sitter-toml-ng",
    "tree-sitter-yaml",
    "tree-sitter-html",
    "tree-sitter-css",
    "tree-sitter-cpp",
    "tree-sitter-c-sharp",
    "tree-sitter-ruby",
    "tree-sitter-sequel",
];

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The first 12 hex digits of the BLAKE3 hash: the same name
/// `content_hash` in `src/render/theme.rs` gives a site's own theme files.
fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..12].to_string()
}

/// The version of `name` in a Cargo.lock text.
fn locked_version<'a>(lock: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!("name = \"{name}\"\nversion = \"");
    let start = lock.find(&needle)? + needle.len();
    let end = lock[start..].find('"')? + start;
    Some(&lock[start..end])
}
