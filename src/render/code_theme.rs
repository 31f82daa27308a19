//! Code colour schemes: which of the bundled syntect themes colour code in
//! the light and the dark scheme, and the stylesheet that applies them.
//!
//! Highlighted code carries classes, never colours, and keeps only the
//! classes the site's two schemes style ([`styled_classes`]): every
//! highlighting engine asks this module for them, and `highlight.css` is
//! [`scheme_css`] of the same pair.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use syntect::highlighting::Theme;
use syntect::html::css_for_theme_with_class_style;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

use crate::transform::highlight::{CLASS_PREFIX, CLASS_STYLE};

/// The light scheme unless `versus.toml` names another.
pub const DEFAULT_LIGHT: &str = "Coldark-Cold";
/// The dark scheme unless `versus.toml` names another.
pub const DEFAULT_DARK: &str = "Coldark-Dark";

/// The light and dark code colour schemes of a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSchemes {
    /// Name of the light scheme (one of [`scheme_names`]).
    pub light: String,
    /// Name of the dark scheme.
    pub dark: String,
}

impl Default for CodeSchemes {
    fn default() -> Self {
        CodeSchemes {
            light: DEFAULT_LIGHT.to_string(),
            dark: DEFAULT_DARK.to_string(),
        }
    }
}

fn themes() -> &'static EmbeddedLazyThemeSet {
    static THEMES: OnceLock<EmbeddedLazyThemeSet> = OnceLock::new();
    THEMES.get_or_init(two_face::theme::extra)
}

/// The names of the bundled schemes, as `versus.toml` spells them. The
/// terminal-only ones (`ansi`, `base16`, `base16-256`) colour nothing on a
/// web page and are left out.
pub fn scheme_names() -> Vec<&'static str> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .filter(|name| {
            !matches!(
                name,
                EmbeddedThemeName::Ansi | EmbeddedThemeName::Base16 | EmbeddedThemeName::Base16_256
            )
        })
        .map(|name| name.as_name())
        .collect()
}

/// The bundled scheme of that name.
pub fn scheme(name: &str) -> Option<&'static Theme> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .find(|n| n.as_name() == name && scheme_names().contains(&name))
        .map(|n| themes().get(*n))
}

/// The classes a pair of schemes styles: what highlighted code keeps (a
/// class no rule mentions only makes pages bigger).
#[derive(Debug)]
pub struct StyledClasses {
    /// Tells sets apart in cache keys: a hash of the scheme names.
    pub id: u64,
    /// `hl-keyword`, `hl-string`, …
    pub set: HashSet<String>,
    /// The two schemes, light and dark.
    pub schemes: Vec<&'static Theme>,
}

impl StyledClasses {
    /// Whether a span of this one class (`hl-punctuation`), inside no other
    /// span, draws its text exactly as the code block draws plain text, in
    /// both schemes: such a span changes nothing a reader sees. Coldark
    /// gives punctuation the text colour, and every bracket, comma and
    /// semicolon of a page had a span of its own.
    pub fn looks_like_text(&self, class: &str) -> bool {
        let Some(atom) = class.strip_prefix(CLASS_PREFIX) else {
            return false;
        };
        if atom.is_empty() || atom.contains([' ', '.']) {
            return false;
        }
        let Ok(scope) = syntect::parsing::Scope::new(atom) else {
            return false;
        };
        !self.schemes.is_empty()
            && self.schemes.iter().all(|theme| {
                let highlighter = syntect::highlighting::Highlighter::new(theme);
                highlighter.style_for_stack(&[scope]) == highlighter.get_default()
            })
    }
}

/// The classes that `schemes` style, worked out once per pair of schemes
/// for the life of the process (a site uses one pair).
pub fn styled_classes(schemes: &CodeSchemes) -> &'static StyledClasses {
    static KNOWN: Mutex<Vec<(CodeSchemes, &'static StyledClasses)>> = Mutex::new(Vec::new());
    let mut known = KNOWN.lock().expect("styled classes");
    if let Some((_, classes)) = known.iter().find(|(s, _)| s == schemes) {
        return classes;
    }
    let mut set = HashSet::new();
    let themes: Vec<&'static Theme> = [&schemes.light, &schemes.dark]
        .into_iter()
        .filter_map(|n| scheme(n))
        .collect();
    for theme in themes.iter().copied() {
        let css = css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
        for piece in css.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
            if piece.starts_with(CLASS_PREFIX) {
                set.insert(piece.to_string());
            }
        }
    }
    let digest = blake3::hash(format!("{}\0{}", schemes.light, schemes.dark).as_bytes());
    let id = u64::from_le_bytes(digest.as_bytes()[..8].try_into().expect("8 bytes"));
    // Leaked on purpose: one small set per pair of schemes a process uses.
    let classes: &'static StyledClasses = Box::leak(Box::new(StyledClasses {
        id,
        set,
        schemes: themes,
    }));
    known.push((schemes.clone(), classes));
    classes
}

/// The stylesheet of a scheme's classes, its `.code` rule pointed at
/// versus's code blocks and every selector under `scope`.
pub fn theme_css(theme: &Theme, scope: &str) -> String {
    let css = css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
    crate::transform::highlight::scope_css(&css, scope)
}

/// The code stylesheet (`highlight.css`): the light scheme, and the dark one
/// under `data-theme="dark"` or the system's dark preference. Unknown names
/// fall back to the defaults (`versus.toml` is checked before this).
pub fn scheme_css(schemes: &CodeSchemes) -> String {
    let light = scheme(&schemes.light).or_else(|| scheme(DEFAULT_LIGHT));
    let dark = scheme(&schemes.dark).or_else(|| scheme(DEFAULT_DARK));
    let (Some(light), Some(dark)) = (light, dark) else {
        return String::new();
    };
    let mut css = format!(
        "/* Code colours, generated by versus: {} (light) and {} (dark). */\n",
        schemes.light, schemes.dark
    );
    css.push_str(&theme_css(light, ""));
    css.push_str(&theme_css(dark, ":root[data-theme=\"dark\"] "));
    css.push_str("@media (prefers-color-scheme: dark) {\n");
    css.push_str(&theme_css(dark, ":root:not([data-theme=\"light\"]) "));
    css.push_str("}\n");
    css
}
