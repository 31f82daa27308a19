//! Themes: where templates and static assets come from.
//!
//! Templates and assets are looked up file by file, in three layers: the
//! site's own `templates/` folder, then the theme's folder
//! `themes/<name>/` in the site, then the theme built into the binary
//! (`default`, embedded by `build.rs`). A site that only wants another 404
//! page keeps `templates/404.html` and nothing else.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::build_info::DEFAULT_THEME;
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::source::{SourceFile, display_path, read_bytes, read_source};

/// The theme every new site uses.
pub const BUILT_IN: &str = "default";

/// A theme's templates and assets, loaded.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Its name.
    pub name: String,
    /// Its folder, when it comes from the site rather than the binary.
    pub dir: Option<PathBuf>,
    /// Templates, named by their path under `templates/`.
    pub templates: Vec<(String, Arc<SourceFile>)>,
    /// Files of `static/`.
    pub assets: Vec<ThemeAsset>,
    /// Fonts of `fonts/`, for images drawn at build time (never published).
    pub fonts: Vec<Cow<'static, [u8]>>,
    /// Where templates were looked for, first to last, for errors.
    pub searched: Vec<String>,
}

/// The folder of a site's own templates, which override the theme's.
pub const SITE_TEMPLATES: &str = "templates";

/// One file of a theme's `static/` folder.
#[derive(Debug, Clone)]
pub struct ThemeAsset {
    /// Path under `static/`, with `/`.
    pub path: String,
    /// Content.
    pub bytes: Cow<'static, [u8]>,
    /// Content hash, 12 hex digits.
    pub hash: String,
}

impl ThemeAsset {
    /// The file name with the hash before the extension:
    /// `css/style.css` → `css/style.1a2b3c4d5e6f.css`.
    pub fn hashed_path(&self) -> String {
        hashed_name(&self.path, &self.hash)
    }
}

/// `a/b.css` + hash → `a/b.<hash>.css`.
pub fn hashed_name(path: &str, hash: &str) -> String {
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), path),
    };
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => format!("{dir}{stem}.{hash}.{extension}"),
        _ => format!("{dir}{name}.{hash}"),
    }
}

/// The short content hash used in asset names.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..12].to_string()
}

/// Finds the theme named in the configuration and lays the site's own
/// templates over it.
pub fn resolve_theme(root: &Path, config: &SiteConfig) -> Result<Theme, Diagnostic> {
    let local = root.join("themes").join(&config.theme);
    let mut theme = if local.is_dir() {
        let own = load_dir_theme(root, &config.theme, &local)?;
        let mut theme = built_in_theme();
        theme.name = own.name;
        theme.dir = own.dir;
        overlay(&mut theme, own.templates, own.assets);
        if !own.fonts.is_empty() {
            theme.fonts = own.fonts;
        }
        theme
            .searched
            .insert(0, format!("`{}/templates/`", display_path(root, &local)));
        theme
    } else if config.theme == BUILT_IN {
        built_in_theme()
    } else {
        return Err(Diagnostic::error(Problem::UnknownTheme {
            name: config.theme.clone(),
            searched: format!(
                "`{}` and the built-in themes ({BUILT_IN})",
                display_path(root, &local)
            ),
        })
        .at(Location::span(&config.source, config.theme_span.clone())));
    };
    let site_templates = root.join(SITE_TEMPLATES);
    if site_templates.is_dir() {
        let templates = read_templates(root, &site_templates)?;
        overlay(&mut theme, templates, Vec::new());
        theme.searched.insert(0, format!("`{SITE_TEMPLATES}/`"));
    }
    Ok(theme)
}

/// Replaces or adds templates and assets by name.
fn overlay(theme: &mut Theme, templates: Vec<(String, Arc<SourceFile>)>, assets: Vec<ThemeAsset>) {
    for (name, file) in templates {
        theme.templates.retain(|(n, _)| *n != name);
        theme.templates.push((name, file));
    }
    for asset in assets {
        theme.assets.retain(|a| a.path != asset.path);
        theme.assets.push(asset);
    }
    theme.templates.sort_by(|a, b| a.0.cmp(&b.0));
    theme.assets.sort_by(|a, b| a.path.cmp(&b.path));
}

/// The theme embedded in the binary.
pub fn built_in_theme() -> Theme {
    let mut templates = Vec::new();
    let mut assets = Vec::new();
    let mut fonts = Vec::new();
    for (path, bytes, hash) in DEFAULT_THEME {
        if path.starts_with("fonts/") && is_font(path) {
            fonts.push(Cow::Borrowed(*bytes));
        }
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let display = format!("(built-in theme) {BUILT_IN}/{path}");
            templates.push((
                name.to_string(),
                Arc::new(SourceFile::new(
                    format!("themes/{BUILT_IN}/{path}"),
                    display,
                    text,
                )),
            ));
        } else if let Some(name) = path.strip_prefix("static/") {
            assets.push(ThemeAsset {
                path: name.to_string(),
                bytes: Cow::Borrowed(bytes),
                hash: hash.to_string(),
            });
        }
    }
    Theme {
        name: BUILT_IN.to_string(),
        dir: None,
        templates,
        assets,
        fonts,
        searched: vec![format!("the built-in theme `{BUILT_IN}`")],
    }
}

/// The templates of a folder, named by their path in it.
fn read_templates(root: &Path, dir: &Path) -> Result<Vec<(String, Arc<SourceFile>)>, Diagnostic> {
    let mut templates = Vec::new();
    if !dir.is_dir() {
        return Ok(templates);
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| walk_error(root, dir, e))?;
        if !entry.file_type().is_file()
            || crate::util::ignore::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let file = read_source(root, entry.path()).map_err(|d| *d)?;
        templates.push((display_path(dir, entry.path()), file));
    }
    Ok(templates)
}

fn load_dir_theme(root: &Path, name: &str, dir: &Path) -> Result<Theme, Diagnostic> {
    let templates = read_templates(root, &dir.join("templates"))?;
    let mut assets = Vec::new();
    let static_dir = dir.join("static");
    if static_dir.is_dir() {
        for entry in WalkDir::new(&static_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| walk_error(root, &static_dir, e))?;
            if !entry.file_type().is_file()
                || crate::util::ignore::is_ignored_name(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let bytes = read_bytes(root, entry.path())?;
            assets.push(ThemeAsset {
                path: display_path(&static_dir, entry.path()),
                hash: content_hash(&bytes),
                bytes: Cow::Owned(bytes),
            });
        }
    }
    let mut fonts = Vec::new();
    let fonts_dir = dir.join("fonts");
    if fonts_dir.is_dir() {
        for entry in WalkDir::new(&fonts_dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() && is_font(&entry.file_name().to_string_lossy()) {
                fonts.push(Cow::Owned(read_bytes(root, entry.path())?));
            }
        }
    }
    Ok(Theme {
        name: name.to_string(),
        dir: Some(dir.to_path_buf()),
        templates,
        assets,
        fonts,
        searched: Vec::new(),
    })
}

fn is_font(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc"].iter().any(|e| name.ends_with(e))
}

fn walk_error(root: &Path, dir: &Path, error: walkdir::Error) -> Diagnostic {
    let path = error.path().unwrap_or(dir).to_path_buf();
    Diagnostic::error(Problem::Io {
        action: "read",
        path: display_path(root, &path),
        source: std::io::Error::from(error).into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_go_before_the_extension() {
        assert_eq!(hashed_name("style.css", "abc"), "style.abc.css");
        assert_eq!(hashed_name("img/logo.svg", "abc"), "img/logo.abc.svg");
        assert_eq!(hashed_name("LICENSE", "abc"), "LICENSE.abc");
    }

    #[test]
    fn the_built_in_theme_has_its_pages_and_hashes_match_content() {
        let theme = built_in_theme();
        for page in ["base.html", "index.html", "report.html", "404.html"] {
            assert!(
                theme.templates.iter().any(|(name, _)| name == page),
                "{page}"
            );
        }
        for asset in &theme.assets {
            assert_eq!(asset.hash, content_hash(&asset.bytes), "{}", asset.path);
        }
    }
}
