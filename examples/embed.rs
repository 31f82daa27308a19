//! versus as a library, with a plugin written in Rust.
//!
//! Builds a site like `versus build` does, with one more plugin: `built-by`,
//! a `pages` hook that adds `<meta name="x-built-by" content="embed-example">`
//! to the head of every page.
//!
//! ```text
//! cargo run --example embed -- SITE_DIR OUT_DIR
//! ```
//!
//! Prints a summary on success; on failure, every diagnostic, and exits 1.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use versus::plugin::{Context, Diagnostics, Hook, Page, Plugin};

/// The tag the plugin adds.
const META: &str = "<meta name=\"x-built-by\" content=\"embed-example\">";

/// Marks every page as built by this program.
struct BuiltBy;

impl Plugin for BuiltBy {
    fn name(&self) -> &str {
        "built-by"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Pages]
    }

    fn pages(&self, _context: &Context<'_>, pages: &mut [Page]) -> Diagnostics {
        for page in pages.iter_mut() {
            if let Some(at) = page.html.find("</head>") {
                page.html.insert_str(at, META);
            }
        }
        Vec::new()
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [site, out] = args.as_slice() else {
        eprintln!("usage: embed SITE_DIR OUT_DIR");
        return ExitCode::from(2);
    };

    let mut options = versus::BuildOptions::new(PathBuf::from(site));
    options.output = Some(PathBuf::from(out));
    options.plugins.push(Arc::new(BuiltBy));

    match versus::build(&options) {
        Ok(summary) => {
            if !summary.warnings.is_empty() {
                eprintln!("{}", summary.warnings.render(false));
            }
            let output = summary
                .output
                .as_ref()
                .map(|o| o.display().to_string())
                .unwrap_or_default();
            println!(
                "Built {} report(s) · {} criteria · {} page(s) · {} sample(s) · {} file(s) in {} ms → {output}",
                summary.reports,
                summary.criteria,
                summary.pages,
                summary.samples,
                summary.files,
                summary.elapsed.as_millis(),
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{}", diagnostics.render(false));
            eprintln!(
                "Build failed: {} error(s); nothing was written",
                diagnostics.error_count()
            );
            ExitCode::FAILURE
        }
    }
}
