//! The highlighting floor: how long each engine alone takes to highlight
//! every sample of a site, on all cores, with the grammars versus uses.
//!
//! - syntect: its own `ClassedHTMLGenerator`, the stock way to get classed
//!   HTML, over every sample;
//! - tree-sitter: `tree-sitter-highlight`'s own `HtmlRenderer` with versus's
//!   grammar configurations, over the samples whose language the fast
//!   engine has (the others are measured with syntect, as a build does them).
//!
//! Nothing of versus's is around either; the benchmark reports builds as a
//! ratio to the floor of the engines a build uses.
//!
//! Usage: `cargo run --release --example highlight_floor -- SITE_DIR [syntect|tree-sitter]`
//! Prints: `floor <engine>: <files> files, <lines> lines, load <ms> ms, highlight <ms> ms, total <ms> ms`

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::util::LinesWithEndings;
use versus::transform::highlight::{CLASS_PREFIX, Highlighter};
use versus::transform::syntax_mapping::canonical_token;
use versus::transform::tree_sitter_engine::{TreeSitterLanguage, configuration};

/// The allocator of the `versus` binary, so the two are compared like for
/// like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(site) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: highlight_floor SITE_DIR [syntect|tree-sitter]");
        std::process::exit(2);
    };
    let engine = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "tree-sitter".into());
    let tree_sitter = match engine.as_str() {
        "tree-sitter" => true,
        "syntect" => false,
        other => {
            eprintln!("unknown engine `{other}`: use `syntect` or `tree-sitter`");
            std::process::exit(2);
        }
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
            if tree_sitter && let Some(html) = tree_sitter_floor(syntaxes, &token, code) {
                return html;
            }
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
        "floor {engine}: {} files, {lines} lines, load {:.0} ms, highlight {:.0} ms, total {:.0} ms ({highlighted} bytes of HTML)",
        samples.len(),
        loaded.as_secs_f64() * 1000.0,
        (total - loaded).as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0,
    );
}

/// The fast engine's stock renderer over `code`, when the syntect grammar
/// for `token` has a tree-sitter counterpart: the bytes of HTML.
fn tree_sitter_floor(
    syntaxes: &syntect::parsing::SyntaxSet,
    token: &str,
    code: &str,
) -> Option<usize> {
    let name = if token == "javascript" {
        "JavaScript (Babel)".to_string()
    } else {
        syntaxes.find_syntax_by_token(token)?.name.clone()
    };
    let language = TreeSitterLanguage::for_syntect_grammar(&name)?.for_code(code);
    let config = configuration(language)?;
    thread_local! {
        static HIGHLIGHTER: std::cell::RefCell<tree_sitter_highlight::Highlighter> =
            std::cell::RefCell::new(tree_sitter_highlight::Highlighter::new());
    }
    HIGHLIGHTER.with_borrow_mut(|highlighter| {
        let events = highlighter
            .highlight(config, code.as_bytes(), None, None, |_| None)
            .ok()?;
        let mut renderer = tree_sitter_highlight::HtmlRenderer::new();
        renderer
            .render(events, code.as_bytes(), &|highlight, out: &mut Vec<u8>| {
                out.extend_from_slice(b"class=\"");
                out.extend_from_slice(CLASS_PREFIX.as_bytes());
                out.extend_from_slice(highlight.0.to_string().as_bytes());
                out.push(b'"');
            })
            .ok()?;
        Some(renderer.html.len())
    })
}
