//! The highlighting floor: how long syntect alone takes to highlight every
//! sample of a site, on all cores, with the grammars versus uses. This is
//! syntect's own `ClassedHTMLGenerator`, the stock way to get classed HTML,
//! with nothing of versus's around it; the benchmark reports builds as a
//! ratio to it.
//!
//! Usage: `cargo run --release --example highlight_floor -- SITE_DIR`
//! Prints: `floor: <files> files, <lines> lines, load <ms> ms, highlight <ms> ms, total <ms> ms`

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::util::LinesWithEndings;
use versus::transform::highlight::{CLASS_PREFIX, Highlighter};
use versus::transform::syntax_mapping::canonical_token;

/// The allocator of the `versus` binary, so the two are compared like for
/// like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(site) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: highlight_floor SITE_DIR");
        std::process::exit(2);
    };
    let samples: Vec<(String, String)> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let extension = e.path().extension()?.to_str()?.to_string();
            if extension == "md" {
                return None;
            }
            let code = std::fs::read_to_string(e.path()).ok()?;
            Some((extension, code))
        })
        .collect();
    let lines: usize = samples.iter().map(|(_, code)| code.lines().count()).sum();

    let started = Instant::now();
    let highlighter = Highlighter::new(None);
    let syntaxes = highlighter.syntaxes();
    let loaded = started.elapsed();
    let highlighted: usize = samples
        .par_iter()
        .map(|(extension, code)| {
            let token = canonical_token(extension);
            let name = if token == "javascript" {
                "JavaScript (Babel)"
            } else {
                ""
            };
            let syntax = syntaxes
                .find_syntax_by_name(name)
                .or_else(|| syntaxes.find_syntax_by_token(&token))
                .unwrap_or_else(|| syntaxes.find_syntax_plain_text());
            let style = ClassStyle::SpacedPrefixed {
                prefix: CLASS_PREFIX,
            };
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, style);
            for line in LinesWithEndings::from(code.as_str()) {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .expect("a grammar of the set parses any text");
            }
            generator.finalize().len()
        })
        .sum();
    let total = started.elapsed();
    println!(
        "floor: {} files, {lines} lines, load {:.0} ms, highlight {:.0} ms, total {:.0} ms ({highlighted} bytes of HTML)",
        samples.len(),
        loaded.as_secs_f64() * 1000.0,
        (total - loaded).as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0,
    );
}
