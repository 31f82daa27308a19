//! A complete plugin in Rust: counts each criterion's words into `data`,
//! shows the count above its prose, and warns about short criteria. The same
//! program is shown in docs/plugins.md, and a test checks that both agree.
//!
//! ```text
//! cargo run --example wordcount -- SITE_DIR
//! ```

use std::process::ExitCode;
use std::sync::Arc;

use versus::diagnostics::{Diagnostic, Location, Problem};
use versus::plugin::{Context, Diagnostics, Hook, Plugin, ReportEdit};

/// Counts each criterion's words into `data` and warns about short ones.
struct WordCount {
    minimum: usize,
}

impl Plugin for WordCount {
    fn name(&self) -> &str {
        "wordcount"
    }

    fn hooks(&self) -> &[Hook] {
        &[Hook::Reports]
    }

    fn reports(&self, _context: &Context<'_>, reports: &mut [ReportEdit<'_>]) -> Diagnostics {
        let mut found = Vec::new();
        for report in reports {
            // Everything can be read; only HTML and `data` can be changed.
            for mut criterion in report.criteria() {
                let words = criterion.body.text().split_whitespace().count();
                criterion.data().insert("words".into(), words.into());
                let count = format!("<p class=\"wordcount\">{words} words</p>");
                criterion.html().insert_str(0, &count);
                if words < self.minimum {
                    found.push(
                        Diagnostic::warning(Problem::Plugin {
                            plugin: self.name().into(),
                            message: format!("only {words} words"),
                        })
                        .at(Location::file(&criterion.body.file)),
                    );
                }
            }
        }
        found
    }
}

fn main() -> ExitCode {
    let site = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "site".to_string());
    let mut options = versus::BuildOptions::new(site);
    options.plugins.push(Arc::new(WordCount { minimum: 50 }));
    match versus::build(&options) {
        Ok(summary) => {
            println!("built {} pages", summary.pages);
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{}", diagnostics.render(false));
            ExitCode::FAILURE
        }
    }
}
