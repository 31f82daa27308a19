//! `versus init`: a repository of its own for a new site, which builds as
//! it is and deploys without the versus source code.
//!
//! Besides the starter report it writes the files an author needs to
//! publish: `.gitignore`, a `README.md` with the two commands, a
//! `netlify.toml`, a GitHub Pages workflow, and `scripts/install-versus.sh`,
//! which both deploy routes use to fetch this version of versus once and keep
//! it in the host's build cache. Those files live in `src/starter/`, with
//! `@VERSION@`, `@RELEASES@` and `@HOMEPAGE@` filled in from `Cargo.toml`.

use std::path::Path;

use crate::build_info::DEFAULT_THEME;
use crate::diagnostics::{Diagnostic, Problem};

/// The files that make the site a repository a host can deploy.
const REPOSITORY: &[(&str, &str)] = &[
    (".gitignore", include_str!("starter/.gitignore")),
    ("README.md", include_str!("starter/README.md")),
    ("netlify.toml", include_str!("starter/netlify.toml")),
    (
        ".github/workflows/pages.yml",
        include_str!("starter/.github/workflows/pages.yml"),
    ),
    (
        "scripts/install-versus.sh",
        include_str!("starter/scripts/install-versus.sh"),
    ),
];

/// Where release archives are downloaded from: the releases of the
/// repository named in `Cargo.toml`.
pub fn releases_url() -> String {
    format!("{}/releases/download", env!("CARGO_PKG_REPOSITORY"))
}

/// A starter file with this build's version and addresses filled in.
fn fill(text: &str) -> String {
    text.replace("@VERSION@", env!("CARGO_PKG_VERSION"))
        .replace("@RELEASES@", &releases_url())
        .replace("@HOMEPAGE@", env!("CARGO_PKG_HOMEPAGE"))
}

/// The starter report.
const STARTER: &[(&str, &str)] = &[
    (
        "versus.toml",
        r#"title = "My comparisons"
description = "Technology comparisons, criterion by criterion."
# The address the site is served from: canonical links, the sitemap and
# social cards use it. `versus build --base-url URL` overrides it.
base_url = "https://example.org/"
theme = "default"
language = "en"

[plugins]
"#,
    ),
    (
        "content/deno-vs-bun/index.md",
        r##"+++
title = "Deno vs Bun"
description = "Two modern JavaScript runtimes, compared for a small web service."
date = 2026-01-01

[[contenders]]
id = "deno"
name = "Deno"
color = "#12124b"
[contenders.facts]
"First release" = "2020"
"Written in" = "Rust"

[[contenders]]
id = "bun"
name = "Bun"
color = "#a0522d"
[contenders.facts]
"First release" = "2022"
"Written in" = "Zig"
+++

This is the introduction. Each criterion is a Markdown file or folder next to
this one; points in its front matter add up to the score.
"##,
    ),
    (
        "content/deno-vs-bun/01-hello/index.md",
        r#"+++
title = "Hello, HTTP"
summary = "How little code a web server takes."
[points]
deno = 1
bun = 1
+++

Both runtimes answer a request in a handful of lines. The samples below are the
files `deno.ts` and `bun.ts` in this folder.

![Lines of code of each sample](lines.svg)

Images and other files kept beside a criterion, like `lines.svg` above, are
published with the report.
"#,
    ),
    (
        "content/deno-vs-bun/01-hello/lines.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 64" width="240" height="64" role="img" aria-label="Deno: 1 line, Bun: 6 lines">
  <rect x="48" y="8" width="24" height="20" fill="#12124b"/>
  <rect x="48" y="36" width="144" height="20" fill="#c8a86b"/>
  <text x="0" y="23" font-family="sans-serif" font-size="13">Deno</text>
  <text x="0" y="51" font-family="sans-serif" font-size="13">Bun</text>
</svg>
"##,
    ),
    (
        "content/deno-vs-bun/01-hello/deno.ts",
        "Deno.serve({ port: 8000 }, (_request) => new Response(\"Hello from Deno\"));\n",
    ),
    (
        "content/deno-vs-bun/01-hello/bun.ts",
        "Bun.serve({\n  port: 8000,\n  fetch(_request) {\n    return new Response(\"Hello from Bun\");\n  },\n});\n",
    ),
    (
        "content/deno-vs-bun/02-tooling.md",
        r#"+++
title = "Tooling"
summary = "What comes in the box."
[points]
deno = 1
+++

A criterion can also be a single file. Write your findings here.
"#,
    ),
];

/// Writes a starter site into `dir`, which must be empty or absent; with
/// `with_theme`, also the default theme's files. Returns how many files were
/// written.
pub fn init(dir: &Path, with_theme: bool) -> Result<usize, Diagnostic> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(Problem::InitNotEmpty {
                path: dir.display().to_string(),
            }));
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = STARTER
        .iter()
        .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
        .collect();
    files.extend(
        REPOSITORY
            .iter()
            .map(|(path, text)| (path.to_string(), fill(text).into_bytes())),
    );
    if with_theme {
        files.extend(
            DEFAULT_THEME
                .iter()
                .map(|(path, bytes, _)| (format!("themes/default/{path}"), bytes.to_vec())),
        );
    }
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| io(parent, source))?;
        }
        std::fs::write(&target, bytes).map_err(|source| io(&target, source))?;
    }
    make_executable(&dir.join("scripts/install-versus.sh"))?;
    Ok(files.len())
}

/// Lets the install script run as `./scripts/install-versus.sh` too.
#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Diagnostic> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|source| io(path, source))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), Diagnostic> {
    Ok(())
}

fn io(path: &Path, source: std::io::Error) -> Diagnostic {
    Diagnostic::error(Problem::Io {
        action: "write",
        path: path.display().to_string(),
        source: source.into(),
    })
}
