//! I/O errors as diagnostics.

use crate::diagnostics::{Diagnostic, Problem};

/// The error "could not `action` `path`: `source`". `path` is written as the
/// reader should see it (usually relative to the site folder).
pub fn io_error(
    action: &'static str,
    path: impl Into<String>,
    source: std::io::Error,
) -> Diagnostic {
    Diagnostic::error(Problem::Io {
        action,
        path: path.into(),
        source: source.into(),
    })
}
