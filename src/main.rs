//! The `versus` command line: parses arguments and calls the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use versus::diagnostics::Diagnostics;
use versus::{BuildOptions, BuildSummary, build};

/// mimalloc instead of the system allocator: syntect allocates small objects
/// at a high rate, and rendering moves strings of hundreds of kilobytes,
/// which glibc hands back to the kernel and faults in again each time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "versus",
    version,
    about = "Build technology comparison reports into fast static websites",
    after_help = "Examples:\n  versus build --root site            build site/ into site/public\n  versus build --output dist --base-url https://example.org/\n  versus check                        find every problem, write nothing\n  versus init my-report               start a new site\n  versus serve --root site            preview with live reload\n  versus measure --root site          time the samples that ask for it"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder.
    #[command(
        after_help = "Examples:\n  versus build\n  versus build --root site --output dist --timings"
    )]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default: <root>/public). It is replaced whole.
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print the time of each stage.
        #[arg(long)]
        timings: bool,
        /// Write what each running sample printed into its `.out` file.
        #[arg(long)]
        bless: bool,
    },
    /// Do everything a build does, but write nothing.
    #[command(after_help = "Example:\n  versus check --root site")]
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Build the site into memory, serve it, and rebuild on every save.
    #[command(
        after_help = "Examples:\n  versus serve --root site\n  versus serve --port 8080 --open"
    )]
    Serve {
        /// The site folder, holding versus.toml.
        #[arg(long, short, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Port to listen on (default: 1111, or a free one if 1111 is taken).
        #[arg(long, short)]
        port: Option<u16>,
        /// Address to listen on. Anything but loopback shares the preview with your network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include reports and criteria marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Time the samples of criteria that set `measure`, and write
    /// measurements.toml beside each.
    #[command(
        after_help = "Examples:\n  versus measure --root site\n  versus measure --root site node-vs-python/speed"
    )]
    Measure {
        /// The site folder, holding versus.toml.
        #[arg(long, short, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// A report, or one criterion of it (REPORT/CRITERION, by folder name or slug).
        #[arg(value_name = "REPORT[/CRITERION]")]
        target: Option<String>,
    },
    /// Print the JSON Schema of the external plugin protocol.
    PluginSchema,
    /// List the bundled code colour schemes, for `code_theme_light` and
    /// `code_theme_dark` in versus.toml.
    #[command(after_help = "Example:\n  versus themes")]
    Themes,
    /// Start a new site, with a sample report, in DIR.
    #[command(after_help = "Example:\n  versus init my-report && versus build --root my-report")]
    Init {
        /// The folder to create (it must be empty or absent).
        dir: PathBuf,
        /// Also copy the default theme into DIR/themes/default to change it.
        #[arg(long)]
        with_theme: bool,
    },
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder, holding versus.toml.
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Use this base URL instead of the one in versus.toml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include reports and criteria marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Do not read or write the highlight cache.
    #[arg(long)]
    no_cache: bool,
    /// Run every sample again instead of using cached results.
    #[arg(long)]
    rerun: bool,
}

impl SiteArgs {
    fn options(&self) -> BuildOptions {
        let mut options = BuildOptions::new(&self.root);
        options.base_url = self.base_url.clone();
        options.drafts = self.drafts;
        options.run.rerun = self.rerun;
        if self.no_cache {
            options.cache_dir = None;
        }
        options
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Plugins run in process groups of their own, which a terminal's Ctrl-C
    // does not reach: versus ends them itself. `serve` handles Ctrl-C on its
    // own, to shut down gracefully.
    #[cfg(unix)]
    {
        let interrupt: &[i32] = match cli.command {
            Command::Serve { .. } => &[],
            _ => &[libc::SIGINT],
        };
        let mut signals = vec![libc::SIGTERM, libc::SIGHUP];
        signals.extend_from_slice(interrupt);
        versus::plugin::process::stop_plugins_on_signals(&signals);
    }
    let code = run(cli);
    versus::plugin::process::stop_all();
    code
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            site,
            output,
            timings,
            bless,
        } => {
            let mut options = site.options();
            options.output = output;
            options.run.bless = bless;
            // Ctrl-C (or a kill) while writing leaves no temporary folder.
            let _ = ctrlc::set_handler(|| {
                versus::write::remove_staging_on_interrupt();
                anstream::eprintln!("Interrupted; no temporary folder is left behind.");
                std::process::exit(130);
            });
            report(build(&options), timings, "Built")
        }
        Command::Check { site } => {
            let mut options = site.options();
            options.write = false;
            report(build(&options), false, "Checked")
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let options = versus::serve::ServeOptions {
                root,
                port,
                bind,
                open,
                drafts,
                cache_dir: versus::cache::default_cache_dir(),
            };
            match versus::serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(diagnostic) => {
                    anstream::eprintln!("{}", diagnostic.render(colour()));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Measure { root, target } => {
            let result =
                versus::evidence::measure::measure(&root, target.as_deref(), &mut |what| {
                    anstream::println!("Measuring {what} …");
                });
            match result {
                Ok(summary) => {
                    for path in &summary.written {
                        anstream::println!("Wrote {}", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => {
                    anstream::eprintln!("{}", diagnostics.render(colour()));
                    anstream::eprintln!(
                        "Measuring failed: {}; nothing was written for the criteria in error",
                        plural(diagnostics.error_count(), "error")
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::PluginSchema => {
            let schema = versus::plugin::protocol::schema();
            anstream::println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Command::Themes => {
            use versus::render::code_theme::{DEFAULT_DARK, DEFAULT_LIGHT, scheme_names};
            anstream::println!("Code colour schemes (set them in versus.toml):");
            for name in scheme_names() {
                let note = match name {
                    DEFAULT_LIGHT => "  (default code_theme_light)",
                    DEFAULT_DARK => "  (default code_theme_dark)",
                    _ => "",
                };
                anstream::println!("  {name}{note}");
            }
            ExitCode::SUCCESS
        }
        Command::Init { dir, with_theme } => match versus::init::init(&dir, with_theme) {
            Ok(written) => {
                anstream::println!(
                    "Created a new site in {} ({written} files). Next: cd {} && versus serve",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(diagnostic) => {
                anstream::eprintln!("{}", diagnostic.render(colour()));
                ExitCode::FAILURE
            }
        },
    }
}

/// Whether to style diagnostics; anstream also strips styles when stderr is
/// not a terminal or NO_COLOR is set.
fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn report(result: Result<BuildSummary, Diagnostics>, timings: bool, verb: &str) -> ExitCode {
    match result {
        Ok(summary) => {
            if !summary.warnings.is_empty() {
                anstream::eprintln!("{}", summary.warnings.render(colour()));
            }
            let warnings = match summary.warnings.warning_count() {
                0 => String::new(),
                1 => " · 1 warning".to_string(),
                n => format!(" · {n} warnings"),
            };
            let target = summary
                .output
                .as_ref()
                .map(|o| format!(" → {}", o.display()))
                .unwrap_or_default();
            anstream::println!(
                "{verb} {} · {} · {} · {} in {} ms{warnings}{target}",
                plural(summary.reports, "report"),
                plural(summary.criteria, "criterion"),
                plural(summary.pages, "page"),
                plural(summary.samples, "sample"),
                summary.elapsed.as_millis()
            );
            if timings {
                for (stage, time) in &summary.timings {
                    anstream::println!("  {stage:<10} {:>8.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            anstream::eprintln!("{}", diagnostics.render(colour()));
            let errors = diagnostics.error_count();
            anstream::eprintln!(
                "{verb_failed}: {}{}; nothing was written",
                plural(errors, "error"),
                match diagnostics.warning_count() {
                    0 => String::new(),
                    n => format!(", {}", plural(n, "warning")),
                },
                verb_failed = if verb == "Built" {
                    "Build failed"
                } else {
                    "Check failed"
                }
            );
            ExitCode::FAILURE
        }
    }
}

fn plural(count: usize, word: &str) -> String {
    match (count, word) {
        (1, _) => format!("1 {word}"),
        (_, "criterion") => format!("{count} criteria"),
        _ => format!("{count} {word}s"),
    }
}
