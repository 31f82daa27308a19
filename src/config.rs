//! The site configuration, `versus.toml`.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::render::code_theme::{CodeSchemes, scheme, scheme_names};
use crate::source::{SourceFile, read_source};
use crate::transform::syntax_mapping::SiteLanguages;

/// The file name of the configuration at the site root.
pub const CONFIG_FILE: &str = "versus.toml";

/// The parsed `versus.toml`.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Default meta description.
    pub description: String,
    /// Where the site is served from; always ends with `/`.
    pub base_url: Url,
    /// Theme name.
    pub theme: String,
    /// Byte range of the theme value, for errors.
    pub theme_span: std::ops::Range<usize>,
    /// `lang` attribute of every page.
    pub language: String,
    /// The `[plugins]` table, as written.
    pub plugins: toml::Table,
    /// The `[languages]` table: file name, glob or extension → language,
    /// for files the built-in rules do not recognise.
    pub languages: SiteLanguages,
    /// How the site restyles its theme.
    pub style: SiteStyle,
    /// `[run]`: how samples run, by file extension (`py = ["python3", "{file}"]`).
    pub run: indexmap::IndexMap<String, crate::evidence::RuntimeCommand>,
    /// The file itself, for diagnostics.
    pub source: Arc<SourceFile>,
}

/// The look a site sets in `versus.toml` without a theme of its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteStyle {
    /// Stylesheets of `static/`, linked after the theme's (`extra_css`),
    /// each with the byte range of its name, for errors.
    pub extra_css: Vec<(String, std::ops::Range<usize>)>,
    /// The accent colour of the light scheme (`accent_color`), `#rrggbb`.
    pub accent: Option<String>,
    /// The accent colour of the dark scheme (`accent_color_dark`).
    pub accent_dark: Option<String>,
    /// The code colour schemes (`code_theme_light`, `code_theme_dark`).
    pub code: CodeSchemes,
}

impl SiteConfig {
    /// The path part of `base_url`, e.g. `/` or `/reports/`: every internal
    /// link starts with it.
    pub fn base_path(&self) -> &str {
        self.base_url.path()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: Spanned<String>,
    #[serde(default = "default_theme")]
    theme: Spanned<String>,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    plugins: toml::Table,
    #[serde(default)]
    languages: indexmap::IndexMap<String, String>,
    #[serde(default)]
    extra_css: Vec<Spanned<String>>,
    #[serde(default)]
    accent_color: Option<Spanned<String>>,
    #[serde(default)]
    accent_color_dark: Option<Spanned<String>>,
    #[serde(default)]
    code_theme_light: Option<Spanned<String>>,
    #[serde(default)]
    code_theme_dark: Option<Spanned<String>>,
    #[serde(default)]
    run: indexmap::IndexMap<String, Spanned<Vec<String>>>,
}

fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "default".to_string())
}

fn default_language() -> String {
    "en".to_string()
}

/// Reads and checks `versus.toml` in `root`. `base_url_override` replaces
/// the configured `base_url` (from `--base-url`).
pub fn load_config(root: &Path, base_url_override: Option<&str>) -> Result<SiteConfig, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    // Only a missing file is "missing"; a folder or a named pipe in its
    // place is reported as what it is when it is read.
    if std::fs::metadata(&path).is_err() {
        return Err(Diagnostic::error(Problem::MissingConfig {
            root: root.display().to_string(),
        }));
    }
    let source = read_source(root, &path).map_err(|d| *d)?;
    let config = parse_config(source, base_url_override)?;
    // A theme folder that is a link out of the site is refused like a path.
    let folder = root.join("themes").join(&config.theme);
    if folder.exists() && !crate::source::is_inside(root, &folder) {
        return Err(Diagnostic::error(Problem::ThemeOutsideSite {
            value: config.theme.clone(),
        })
        .at(Location::span(&config.source, config.theme_span.clone())));
    }
    Ok(config)
}

/// Parses the text of a `versus.toml`.
pub fn parse_config(
    source: Arc<SourceFile>,
    base_url_override: Option<&str>,
) -> Result<SiteConfig, Diagnostic> {
    let raw: RawConfig = toml::from_str(&source.text).map_err(|err| {
        let location = err.span().map(|span| Location::span(&source, span));
        let message = err.message().trim().to_string();
        let note = unknown_key_hint(&message);
        let diagnostic = Diagnostic::error(Problem::TomlSyntax { message })
            .at(location.unwrap_or_else(|| Location::span(&source, 0..0)));
        match note {
            Some(note) => diagnostic.with_note(note),
            None => diagnostic,
        }
    })?;
    if !is_theme_name(raw.theme.get_ref()) {
        return Err(Diagnostic::error(Problem::ThemeOutsideSite {
            value: raw.theme.get_ref().clone(),
        })
        .at(Location::span(&source, raw.theme.span())));
    }
    let (base_url, url_span) = match base_url_override {
        Some(url) => (url.to_string(), None),
        None => (raw.base_url.get_ref().clone(), Some(raw.base_url.span())),
    };
    let base_url = parse_base_url(&base_url).map_err(|reason| {
        let diagnostic = Diagnostic::error(Problem::BaseUrl {
            value: base_url.clone(),
            reason,
        });
        match url_span {
            Some(span) => diagnostic.at(Location::span(&source, span)),
            None => diagnostic.with_note("check the value given to `--base-url`"),
        }
    })?;
    let style = site_style(&raw, &source)?;
    let mut run = indexmap::IndexMap::new();
    for (extension, command) in &raw.run {
        let declared = Location::span(&source, command.span());
        let command = crate::evidence::front::check_command(command.get_ref(), declared)?;
        run.insert(extension.trim_start_matches('.').to_string(), command);
    }
    Ok(SiteConfig {
        style,
        run,
        title: raw.title,
        description: raw.description,
        base_url,
        theme_span: raw.theme.span(),
        theme: raw.theme.into_inner(),
        language: raw.language,
        plugins: raw.plugins,
        languages: SiteLanguages::new(raw.languages),
        source,
    })
}

/// Checks the style keys: colours must be colours, schemes must be bundled.
fn site_style(raw: &RawConfig, source: &Arc<SourceFile>) -> Result<SiteStyle, Diagnostic> {
    let colour = |value: &Option<Spanned<String>>| -> Result<Option<String>, Diagnostic> {
        let Some(value) = value else { return Ok(None) };
        crate::load::normalize_color(value.get_ref())
            .map(Some)
            .ok_or_else(|| {
                Diagnostic::error(Problem::InvalidColor {
                    value: value.get_ref().clone(),
                })
                .at(Location::span(source, value.span()))
            })
    };
    let code_scheme = |value: &Option<Spanned<String>>, default: &str| match value {
        None => Ok(default.to_string()),
        Some(name) if scheme(name.get_ref()).is_some() => Ok(name.get_ref().clone()),
        Some(name) => {
            let names = scheme_names();
            let close = crate::diagnostics::closest(name.get_ref(), names.iter().copied());
            Err(Diagnostic::error(Problem::UnknownCodeTheme {
                name: name.get_ref().clone(),
                suggestion: close.map(str::to_string),
            })
            .at(Location::span(source, name.span())))
        }
    };
    let defaults = CodeSchemes::default();
    Ok(SiteStyle {
        extra_css: raw
            .extra_css
            .iter()
            .map(|css| {
                (
                    css.get_ref().trim_start_matches('/').to_string(),
                    css.span(),
                )
            })
            .collect(),
        accent: colour(&raw.accent_color)?,
        accent_dark: colour(&raw.accent_color_dark)?,
        code: CodeSchemes {
            light: code_scheme(&raw.code_theme_light, &defaults.light)?,
            dark: code_scheme(&raw.code_theme_dark, &defaults.dark)?,
        },
    })
}

/// Whether `name` names a theme folder under `themes/` (or a built-in
/// theme): one plain folder name, no path. `theme = "/elsewhere"` would
/// otherwise publish the files of any folder on the machine.
fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':'])
        && !Path::new(name).is_absolute()
}

/// Parses a base URL; it must be absolute http(s), and gets a trailing `/`
/// so that joining page paths onto it never drops a segment.
pub fn parse_base_url(text: &str) -> Result<Url, String> {
    let mut url = Url::parse(text).map_err(|e| e.to_string())?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(format!("the scheme is `{}`", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it has no host".to_string());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it must not have a query or fragment".to_string());
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// serde's "unknown field `x`, expected one of …" gets a "did you mean".
pub(crate) fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    crate::diagnostics::closest(field, expected.iter().copied())
        .map(|close| format!("did you mean `{close}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        parse_config(
            Arc::new(SourceFile::new("versus.toml", "versus.toml", text)),
            None,
        )
    }

    #[test]
    fn base_url_gets_a_trailing_slash() {
        let config = parse("title = \"t\"\nbase_url = \"https://example.org/reports\"\n").unwrap();
        assert_eq!(config.base_url.as_str(), "https://example.org/reports/");
        assert_eq!(config.base_path(), "/reports/");
        assert_eq!(config.theme, "default");
    }

    #[test]
    fn a_relative_base_url_is_refused_on_its_line() {
        let err = parse("title = \"t\"\nbase_url = \"example.org\"\n").unwrap_err();
        assert!(matches!(*err.problem, Problem::BaseUrl { .. }));
        assert_eq!(err.position().unwrap(), "versus.toml:2:12");
    }

    #[test]
    fn a_theme_must_be_a_name_not_a_path() {
        for theme in ["/etc", "../other-site/themes/x", "a/b", "..", "C:\\\\x"] {
            let text = format!("title = \"t\"\nbase_url = \"https://x.org\"\ntheme = {theme:?}\n");
            let err = parse(&text).unwrap_err();
            assert!(
                matches!(*err.problem, Problem::ThemeOutsideSite { .. }),
                "{theme}"
            );
            assert_eq!(err.position().unwrap(), "versus.toml:3:9", "{theme}");
        }
        assert!(parse("title = \"t\"\nbase_url = \"https://x.org\"\ntheme = \"house\"\n").is_ok());
    }

    #[test]
    fn every_error_has_a_line() {
        for text in [
            "",
            "title = \"t\"\n",
            "base_url = \"https://x.org\"\n",
            "title = 1\nbase_url = \"https://x.org\"\n",
            "title = \"t\"\nbase_url = \"https://x.org\"\n[plugins\n",
            "title = \"t\"\nbase_url = \"https://x.org\"\ntitle = \"again\"\n",
        ] {
            let err = parse(text).unwrap_err();
            let position = err.position().unwrap_or_default();
            assert!(
                position.starts_with("versus.toml:") && position.matches(':').count() == 2,
                "{text:?}: {position:?}"
            );
        }
    }

    #[test]
    fn a_misspelt_key_gets_a_suggestion() {
        let err = parse("title = \"t\"\nbase_url = \"https://x.org\"\nthem = \"x\"\n").unwrap_err();
        assert_eq!(err.help().unwrap(), "did you mean `theme`?");
        assert!(err.position().unwrap().starts_with("versus.toml:3"));
    }
}
