//! versus: a static site generator for technology comparison reports.
//!
//! The pipeline: [`load`] reads a site's reports into the [`model`],
//! [`transform`] renders Markdown and highlights code, [`plugin`]s add the
//! scoreboard, sample pairs, infographic and anything else, [`render`] fills
//! the theme's templates, and [`write`] swaps the finished output folder in.
//! [`project`] keeps a site in memory so that [`serve`] rebuilds only what a
//! change affects; [`build::build`] is one full pass of the same code.

#![warn(missing_docs)]

pub mod build;
pub mod cache;
pub mod check_links;
pub mod colocated;
pub mod config;
pub mod diagnostics;
pub mod evidence;
pub mod init;
pub mod input;
pub mod load;
pub mod model;
pub mod plugin;
pub mod project;
pub mod source;
pub mod transform;
pub mod util;

/// Facts computed by `build.rs`: the embedded default theme and the
/// highlighting engine's version.
pub mod build_info {
    include!(concat!(env!("OUT_DIR"), "/build_info.rs"));
}
pub mod render;
pub mod serve;
pub mod write;

pub use build::{BuildOptions, BuildSummary, build};
