//! What a changed path means to the site, said once.
//!
//! [`classify`] turns each path the watcher reports into a [`ChangeKind`];
//! [`Project::update`](super::Project::update) then redoes what each kind
//! invalidates, as its variant's documentation says.

use std::path::{Component, Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::load::{CONTENT_DIR, INDEX_FILE};
use crate::util::ignore::is_ignored_name;

/// The folder of files copied to the output as they are.
const STATIC_DIR: &str = "static";

/// What a changed path is, and so what it invalidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// `versus.toml`. Redoes everything.
    Config,
    /// A file of the site's theme or of its own `templates/`. Reloads the
    /// templates and renders every page again; no Markdown is parsed again.
    Theme,
    /// A file under `static/`. Lists the static files again.
    Static,
    /// `content/` itself. Lists the report folders again.
    Content,
    /// A report folder itself (added, removed, renamed) or its `index.md`.
    /// Reloads that report, whole.
    ReportHead(PathBuf),
    /// Anything else inside a report folder: a criterion file or folder, a
    /// sample, `conclusion.md`. Lists that report again and reloads the
    /// criteria (or conclusion) it touches; the report's plugins and page
    /// run again.
    ReportPart(PathBuf),
    /// A file outside `content/` that an include marker reads. Renders the
    /// bodies that include it again.
    Included,
    /// Any other file of the site (a plugin's script, say). Plugins start
    /// afresh and run on every report, and every page is rendered again,
    /// without reading content again.
    Other,
    /// Not part of the site: outside its folder, or hidden or an editor's
    /// leftover ([`is_ignored_name`]). Redoes nothing.
    Ignored,
}

/// Where the parts of a site are, for [`classify`].
#[derive(Debug, Clone)]
pub struct SiteLayout<'a> {
    /// The site folder (canonical).
    pub root: &'a Path,
    /// The folder of the theme the site uses, `themes/<name>`.
    pub theme_dir: &'a Path,
}

/// What `path` (absolute and normalised) means to the site laid out as
/// `layout`. `is_included` says whether an include marker reads a file.
pub fn classify(
    layout: &SiteLayout<'_>,
    path: &Path,
    is_included: impl Fn(&Path) -> bool,
) -> ChangeKind {
    let Ok(relative) = path.strip_prefix(layout.root) else {
        return ChangeKind::Ignored;
    };
    let ignored = relative
        .components()
        .any(|c| matches!(c, Component::Normal(name) if is_ignored_name(&name.to_string_lossy())));
    if ignored {
        return ChangeKind::Ignored;
    }
    if relative == Path::new(CONFIG_FILE) {
        return ChangeKind::Config;
    }
    if path.starts_with(layout.theme_dir)
        || relative.starts_with(crate::render::theme::SITE_TEMPLATES)
    {
        return ChangeKind::Theme;
    }
    if relative.starts_with(STATIC_DIR) {
        return ChangeKind::Static;
    }
    if let Ok(in_content) = relative.strip_prefix(CONTENT_DIR) {
        let mut parts = in_content.components();
        let Some(report) = parts.next() else {
            return ChangeKind::Content;
        };
        let dir = layout.root.join(CONTENT_DIR).join(report);
        let rest = parts.as_path();
        return if rest.as_os_str().is_empty() || rest == Path::new(INDEX_FILE) {
            ChangeKind::ReportHead(dir)
        } else {
            ChangeKind::ReportPart(dir)
        };
    }
    if is_included(path) {
        ChangeKind::Included
    } else {
        ChangeKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_of_a_site_has_one_meaning() {
        let root = Path::new("/site");
        let theme = root.join("themes/mine");
        let layout = SiteLayout {
            root,
            theme_dir: &theme,
        };
        let report = || root.join("content/node-vs-python");
        let cases: Vec<(&str, ChangeKind)> = vec![
            ("versus.toml", ChangeKind::Config),
            ("themes/mine/templates/report.html", ChangeKind::Theme),
            ("themes/mine", ChangeKind::Theme),
            ("templates/404.html", ChangeKind::Theme),
            ("themes/other/style.css", ChangeKind::Other),
            ("static/logo.svg", ChangeKind::Static),
            ("static/x.bak", ChangeKind::Ignored),
            ("content", ChangeKind::Content),
            ("content/node-vs-python", ChangeKind::ReportHead(report())),
            (
                "content/node-vs-python/index.md",
                ChangeKind::ReportHead(report()),
            ),
            (
                "content/node-vs-python/01-speed.md",
                ChangeKind::ReportPart(report()),
            ),
            (
                "content/node-vs-python/02-io/node.js",
                ChangeKind::ReportPart(report()),
            ),
            (
                "content/node-vs-python/02-io/index.md",
                ChangeKind::ReportPart(report()),
            ),
            (
                "content/node-vs-python/.01-speed.md.swp",
                ChangeKind::Ignored,
            ),
            ("content/node-vs-python/01-speed.md~", ChangeKind::Ignored),
            (
                "content/node-vs-python/01-speed.md___jb_tmp___",
                ChangeKind::Ignored,
            ),
            ("shared/hello.js", ChangeKind::Included),
            ("plugins/reading-time.mjs", ChangeKind::Other),
            (".git/index", ChangeKind::Ignored),
        ];
        for (relative, expected) in cases {
            let kind = classify(&layout, &root.join(relative), |p| {
                p == Path::new("/site/shared/hello.js")
            });
            assert_eq!(kind, expected, "{relative}");
        }
        assert_eq!(
            classify(&layout, Path::new("/elsewhere/versus.toml"), |_| false),
            ChangeKind::Ignored
        );
    }
}
