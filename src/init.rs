//! `versus init`: a starter site that builds as it is.

use std::path::Path;

use crate::build_info::DEFAULT_THEME;
use crate::diagnostics::{Diagnostic, Problem};

const STARTER: &[(&str, &str)] = &[
    (
        "versus.toml",
        r#"title = "My comparisons"
description = "Technology comparisons, criterion by criterion."
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
color = "#f9f1e1"
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
"#,
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
            return Err(Diagnostic::error(Problem::UnsafeOutput {
                path: dir.display().to_string(),
                reason: "it is not empty; `versus init` only writes into a new folder".to_string(),
            }));
        }
    }
    let mut files: Vec<(String, &[u8])> = STARTER
        .iter()
        .map(|(path, text)| (path.to_string(), text.as_bytes()))
        .collect();
    if with_theme {
        files.extend(
            DEFAULT_THEME
                .iter()
                .map(|(path, bytes, _)| (format!("themes/default/{path}"), *bytes)),
        );
    }
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| io(parent, source))?;
        }
        std::fs::write(&target, bytes).map_err(|source| io(&target, source))?;
    }
    Ok(files.len())
}

fn io(path: &Path, source: std::io::Error) -> Diagnostic {
    Diagnostic::error(Problem::Io {
        action: "write",
        path: path.display().to_string(),
        source: source.into(),
    })
}
