//! Small helpers that more than one stage needs, kept here so that no stage
//! borrows from another: file names a site never contains, paths, slugs,
//! line ranges, month names, HTML escaping, I/O errors as diagnostics, and contender
//! colours worked out for each colour scheme.

pub mod colour;
pub mod date;
pub mod html;
pub mod ignore;
pub mod io;
pub mod paths;
pub mod ranges;
pub mod slug;
