//! The fast engine: tree-sitter grammars for the languages comparison
//! reports use most, through `tree-sitter-highlight`.
//!
//! A tree-sitter grammar parses a whole file in one pass of generated C
//! code, then queries pick out the tokens; that is several times faster than
//! syntect's line-by-line regular expressions, and the grammars are those
//! editors such as Zed, Helix and Neovim use. Every other language stays with
//! syntect (see [`super::highlight`]).
//!
//! Colours are shared with syntect: each capture name of the queries
//! (`comment`, `function.method`, `string.special.key` …) is written as the
//! `hl-` classes of the syntect scope that means the same thing
//! (`hl-comment`, `hl-entity hl-name hl-function`, …), so one stylesheet
//! colours both engines' output alike.

use std::cell::RefCell;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

use crate::render::code_theme::StyledClasses;

/// A language the fast engine highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeSitterLanguage {
    /// JavaScript, with JSX.
    JavaScript,
    /// TypeScript.
    TypeScript,
    /// TypeScript with JSX.
    Tsx,
    /// Python.
    Python,
    /// Rust.
    Rust,
    /// Go.
    Go,
    /// Java.
    Java,
    /// C.
    C,
    /// PHP, in a file that starts in HTML and opens `<?php` tags.
    Php,
    /// PHP code without an opening tag, as in most snippets.
    PhpOnly,
    /// Bash and POSIX shell.
    Bash,
    /// JSON.
    Json,
    /// TOML.
    Toml,
    /// YAML.
    Yaml,
    /// HTML, with its scripts and stylesheets.
    Html,
    /// CSS.
    Css,
    /// C++.
    Cpp,
    /// C#.
    CSharp,
    /// Ruby.
    Ruby,
    /// SQL.
    Sql,
}

use TreeSitterLanguage as L;

/// Every language, in the order of [`TreeSitterLanguage`].
pub const ALL: [TreeSitterLanguage; 20] = [
    L::JavaScript,
    L::TypeScript,
    L::Tsx,
    L::Python,
    L::Rust,
    L::Go,
    L::Java,
    L::C,
    L::Php,
    L::PhpOnly,
    L::Bash,
    L::Json,
    L::Toml,
    L::Yaml,
    L::Html,
    L::Css,
    L::Cpp,
    L::CSharp,
    L::Ruby,
    L::Sql,
];

impl TreeSitterLanguage {
    /// The language that stands in for a syntect grammar of this name,
    /// when there is one. Detection runs on syntect's name lists (the
    /// largest); this swaps in the fast engine afterwards.
    pub fn for_syntect_grammar(name: &str) -> Option<Self> {
        Some(match name {
            "JavaScript (Babel)" | "JavaScript" => L::JavaScript,
            "TypeScript" => L::TypeScript,
            "TypeScriptReact" => L::Tsx,
            "Python" => L::Python,
            "Rust" => L::Rust,
            "Go" => L::Go,
            "Java" => L::Java,
            "C" => L::C,
            "PHP" => L::Php,
            "Bourne Again Shell (bash)" => L::Bash,
            "JSON" => L::Json,
            "TOML" => L::Toml,
            "YAML" => L::Yaml,
            "HTML" => L::Html,
            "CSS" => L::Css,
            "C++" => L::Cpp,
            "C#" => L::CSharp,
            "Ruby" => L::Ruby,
            "SQL" => L::Sql,
            _ => return None,
        })
    }

    /// The language a canonical token (see
    /// [`super::syntax_mapping::canonical_token`]) or a file extension
    /// names, without asking syntect: a build whose samples are all in these
    /// languages never loads syntect's grammar set.
    pub fn for_token(token: &str) -> Option<Self> {
        Some(match token {
            "javascript" | "jsx" | "mjs" | "cjs" => L::JavaScript,
            "typescript" | "mts" | "cts" => L::TypeScript,
            "tsx" => L::Tsx,
            "python" | "pyi" | "pyw" => L::Python,
            "rust" => L::Rust,
            "go" => L::Go,
            "java" => L::Java,
            "c" | "h" => L::C,
            "php" => L::Php,
            "bash" => L::Bash,
            "json" => L::Json,
            "toml" => L::Toml,
            "yaml" => L::Yaml,
            "html" | "htm" => L::Html,
            "css" => L::Css,
            "cpp" | "c++" | "cxx" | "cc" | "hpp" | "hh" | "hxx" | "h++" => L::Cpp,
            "c#" | "cs" | "csharp" => L::CSharp,
            "ruby" | "rb" | "rake" | "gemspec" => L::Ruby,
            "sql" => L::Sql,
            _ => return None,
        })
    }

    /// The language an injection names (`javascript` inside HTML's
    /// `<script>`, `html` around PHP).
    fn for_injection(name: &str) -> Option<Self> {
        Some(match name {
            "javascript" | "js" => L::JavaScript,
            "typescript" | "ts" => L::TypeScript,
            "css" => L::Css,
            "html" => L::Html,
            "php" => L::PhpOnly,
            "json" => L::Json,
            "bash" | "sh" => L::Bash,
            "python" => L::Python,
            "rust" => L::Rust,
            "cpp" => L::Cpp,
            "ruby" => L::Ruby,
            "sql" => L::Sql,
            _ => return None,
        })
    }

    /// The proper name readers see.
    pub fn label(self) -> &'static str {
        match self {
            L::JavaScript => "JavaScript",
            L::TypeScript => "TypeScript",
            L::Tsx => "TSX",
            L::Python => "Python",
            L::Rust => "Rust",
            L::Go => "Go",
            L::Java => "Java",
            L::C => "C",
            L::Php | L::PhpOnly => "PHP",
            L::Bash => "Shell",
            L::Json => "JSON",
            L::Toml => "TOML",
            L::Yaml => "YAML",
            L::Html => "HTML",
            L::Css => "CSS",
            L::Cpp => "C++",
            L::CSharp => "C#",
            L::Ruby => "Ruby",
            L::Sql => "SQL",
        }
    }

    /// A name for cache keys and messages.
    pub fn key(self) -> &'static str {
        match self {
            L::JavaScript => "javascript",
            L::TypeScript => "typescript",
            L::Tsx => "tsx",
            L::Python => "python",
            L::Rust => "rust",
            L::Go => "go",
            L::Java => "java",
            L::C => "c",
            L::Php => "php",
            L::PhpOnly => "php-only",
            L::Bash => "bash",
            L::Json => "json",
            L::Toml => "toml",
            L::Yaml => "yaml",
            L::Html => "html",
            L::Css => "css",
            L::Cpp => "cpp",
            L::CSharp => "c-sharp",
            L::Ruby => "ruby",
            L::Sql => "sql",
        }
    }

    /// PHP code without `<?php` is PHP all through; with it, the text
    /// around the tags is HTML.
    pub fn for_code(self, code: &str) -> Self {
        match self {
            L::Php if !code.contains("<?php") && !code.contains("<?=") => L::PhpOnly,
            other => other,
        }
    }

    fn index(self) -> usize {
        ALL.iter()
            .position(|l| *l == self)
            .expect("ALL lists every language")
    }

    /// The grammar and its queries: `(language, highlights, injections,
    /// locals)`. Languages that extend another (TypeScript extends
    /// JavaScript) put the base queries first, as the
    /// grammars' own configuration does.
    ///
    /// No grammar gets its locals query. Locals only give each use of a
    /// parameter the colour of its definition, which syntect's grammars
    /// (whose colours both engines share) never do either, and the pages of
    /// `site/` come out byte for byte the same without them; for JavaScript
    /// they cost a tenth of the highlighting time of a cold build
    /// (`highlight_floor` on the 5,000-criteria benchmark site: 1.80 s with
    /// them, 1.60 s without).
    fn grammar(self) -> (tree_sitter::Language, String, String, String) {
        use tree_sitter_javascript as js;
        let jsx = || format!("{}\n{}", js::HIGHLIGHT_QUERY, js::JSX_HIGHLIGHT_QUERY);
        let own = |language: tree_sitter_language::LanguageFn, highlights: &str| {
            (
                language.into(),
                highlights.to_string(),
                String::new(),
                String::new(),
            )
        };
        match self {
            L::JavaScript => (
                js::LANGUAGE.into(),
                jsx(),
                js::INJECTIONS_QUERY.into(),
                String::new(),
            ),
            L::TypeScript => (
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                format!(
                    "{}\n{}",
                    js::HIGHLIGHT_QUERY,
                    tree_sitter_typescript::HIGHLIGHTS_QUERY
                ),
                js::INJECTIONS_QUERY.into(),
                String::new(),
            ),
            L::Tsx => (
                tree_sitter_typescript::LANGUAGE_TSX.into(),
                format!("{}\n{}", jsx(), tree_sitter_typescript::HIGHLIGHTS_QUERY),
                js::INJECTIONS_QUERY.into(),
                String::new(),
            ),
            L::Python => own(
                tree_sitter_python::LANGUAGE,
                tree_sitter_python::HIGHLIGHTS_QUERY,
            ),
            L::Rust => (
                tree_sitter_rust::LANGUAGE.into(),
                tree_sitter_rust::HIGHLIGHTS_QUERY.into(),
                tree_sitter_rust::INJECTIONS_QUERY.into(),
                String::new(),
            ),
            L::Go => own(tree_sitter_go::LANGUAGE, tree_sitter_go::HIGHLIGHTS_QUERY),
            L::Java => own(
                tree_sitter_java::LANGUAGE,
                tree_sitter_java::HIGHLIGHTS_QUERY,
            ),
            L::C => own(tree_sitter_c::LANGUAGE, tree_sitter_c::HIGHLIGHT_QUERY),
            L::Php => (
                tree_sitter_php::LANGUAGE_PHP.into(),
                tree_sitter_php::HIGHLIGHTS_QUERY.into(),
                tree_sitter_php::INJECTIONS_QUERY.into(),
                String::new(),
            ),
            L::PhpOnly => own(
                tree_sitter_php::LANGUAGE_PHP_ONLY,
                tree_sitter_php::HIGHLIGHTS_QUERY,
            ),
            L::Bash => own(
                tree_sitter_bash::LANGUAGE,
                tree_sitter_bash::HIGHLIGHT_QUERY,
            ),
            L::Json => own(
                tree_sitter_json::LANGUAGE,
                tree_sitter_json::HIGHLIGHTS_QUERY,
            ),
            L::Toml => own(
                tree_sitter_toml_ng::LANGUAGE,
                tree_sitter_toml_ng::HIGHLIGHTS_QUERY,
            ),
            L::Yaml => own(
                tree_sitter_yaml::LANGUAGE,
                tree_sitter_yaml::HIGHLIGHTS_QUERY,
            ),
            L::Html => (
                tree_sitter_html::LANGUAGE.into(),
                tree_sitter_html::HIGHLIGHTS_QUERY.into(),
                tree_sitter_html::INJECTIONS_QUERY.into(),
                String::new(),
            ),
            L::Css => own(tree_sitter_css::LANGUAGE, tree_sitter_css::HIGHLIGHTS_QUERY),
            // C++'s queries extend C's, as its grammar extends C's.
            L::Cpp => (
                tree_sitter_cpp::LANGUAGE.into(),
                format!(
                    "{}\n{}",
                    tree_sitter_c::HIGHLIGHT_QUERY,
                    tree_sitter_cpp::HIGHLIGHT_QUERY
                ),
                String::new(),
                String::new(),
            ),
            L::CSharp => own(
                tree_sitter_c_sharp::LANGUAGE,
                tree_sitter_c_sharp::HIGHLIGHTS_QUERY,
            ),
            L::Ruby => own(
                tree_sitter_ruby::LANGUAGE,
                tree_sitter_ruby::HIGHLIGHTS_QUERY,
            ),
            L::Sql => own(
                tree_sitter_sequel::LANGUAGE,
                tree_sitter_sequel::HIGHLIGHTS_QUERY,
            ),
        }
    }
}

/// Capture names of the queries, with the syntect-scope classes that mean
/// the same. tree-sitter matches a capture to the longest name here that is
/// a prefix of it by dotted parts (`function.method.call` → `function.method`).
/// A name mapped to nothing draws no span.
const CAPTURES: &[(&str, &str)] = &[
    ("attribute", "hl-entity hl-other hl-attribute-name"),
    ("boolean", "hl-constant hl-language"),
    ("charset", "hl-keyword"),
    ("comment", "hl-comment"),
    ("conditional", "hl-keyword"),
    ("constant", "hl-constant hl-other"),
    ("constant.builtin", "hl-constant hl-language"),
    ("constructor", "hl-entity hl-name hl-type"),
    ("delimiter", "hl-punctuation"),
    ("embedded", ""),
    ("escape", "hl-constant hl-character hl-escape"),
    ("field", "hl-variable hl-other hl-property"),
    ("float", "hl-constant hl-numeric"),
    ("function", "hl-entity hl-name hl-function"),
    ("function.builtin", "hl-support hl-function"),
    ("import", "hl-keyword"),
    ("keyframes", "hl-keyword"),
    ("keyword", "hl-keyword"),
    ("label", "hl-entity hl-name hl-label"),
    ("media", "hl-keyword"),
    ("module", "hl-entity hl-name hl-namespace"),
    ("namespace", "hl-entity hl-name hl-namespace"),
    ("number", "hl-constant hl-numeric"),
    ("operator", "hl-keyword hl-operator"),
    ("parameter", "hl-variable hl-parameter"),
    ("property", "hl-variable hl-other hl-property"),
    ("punctuation", "hl-punctuation"),
    ("storageclass", "hl-storage hl-modifier"),
    ("string", "hl-string"),
    ("string.escape", "hl-constant hl-character hl-escape"),
    ("string.special.key", "hl-support hl-type hl-property-name"),
    ("string.special.regex", "hl-string hl-regexp"),
    ("string.special.symbol", "hl-constant hl-other hl-symbol"),
    ("supports", "hl-keyword"),
    ("tag", "hl-entity hl-name hl-tag"),
    ("type", "hl-entity hl-name hl-type"),
    ("type.builtin", "hl-support hl-type"),
    ("variable", ""),
    ("variable.builtin", "hl-variable hl-language"),
    ("variable.parameter", "hl-variable hl-parameter"),
];

/// The compiled configuration of `language`, built on first use and shared
/// by every thread. `None` if its queries do not compile (a grammar crate
/// update gone wrong): the caller then falls back to syntect.
pub fn configuration(language: TreeSitterLanguage) -> Option<&'static HighlightConfiguration> {
    static CONFIGS: [OnceLock<Option<HighlightConfiguration>>; ALL.len()] =
        [const { OnceLock::new() }; ALL.len()];
    CONFIGS[language.index()]
        .get_or_init(|| {
            let (grammar, highlights, injections, locals) = language.grammar();
            let highlights = adapt_highlights(language, &highlights);
            let mut config = HighlightConfiguration::new(
                grammar,
                language.key(),
                &highlights,
                &injections,
                &locals,
            )
            .ok()?;
            let names: Vec<&str> = CAPTURES.iter().map(|(name, _)| *name).collect();
            config.configure(&names);
            Some(config)
        })
        .as_ref()
}

/// How a capture is written: its `class` attribute under a set of styled
/// classes, and whether a span of it alone looks like plain text.
#[derive(Debug)]
struct CaptureSpan {
    class: Box<str>,
    /// Left out when no other span is open (see
    /// [`StyledClasses::looks_like_text`]); inside another span it still
    /// sets its own colour.
    plain_alone: bool,
}

/// The span of each of [`CAPTURES`] under `styled` (`None` where it styles
/// none of the classes), worked out once per set of styled classes for the
/// life of the process (a site uses one).
fn capture_spans(styled: &StyledClasses) -> &'static [Option<CaptureSpan>] {
    type Known = Vec<(u64, &'static [Option<CaptureSpan>])>;
    static KNOWN: Mutex<Known> = Mutex::new(Vec::new());
    let mut known = KNOWN.lock().expect("capture attributes");
    if let Some((_, attributes)) = known.iter().find(|(id, _)| *id == styled.id) {
        return attributes;
    }
    let attributes: Vec<Option<CaptureSpan>> = CAPTURES
        .iter()
        .map(|(_, classes)| {
            let kept: Vec<&str> = classes
                .split(' ')
                .filter(|class| styled.set.contains(*class))
                .collect();
            (!kept.is_empty()).then(|| {
                let class = kept.join(" ");
                CaptureSpan {
                    plain_alone: styled.looks_like_text(&class),
                    class: class.into_boxed_str(),
                }
            })
        })
        .collect();
    // Leaked on purpose, like the styled classes themselves: one small
    // table per pair of colour schemes a process uses.
    let attributes: &'static [Option<CaptureSpan>] = Box::leak(attributes.into_boxed_slice());
    known.push((styled.id, attributes));
    attributes
}

/// Makes a grammar's highlight query fit `tree-sitter-highlight`, where
/// the last pattern that matches a node decides its colour:
///
/// - a catch-all `(identifier) @variable` line gives no colour, but written
///   last (as Go writes it) it would undo every function name before it;
/// - a second capture that styles nothing (`@comment @spell`) would undo
///   the first the same way;
/// - a `#match?` written as a Lua pattern (SQL's numbers) would never match.
fn adapt_highlights(language: TreeSitterLanguage, query: &str) -> String {
    let mut adapted = String::with_capacity(query.len() + 64);
    for line in query.lines() {
        if line.trim() == "(identifier) @variable" {
            continue;
        }
        adapted.push_str(&line.replace(" @spell", "").replace(" @nospell", ""));
        adapted.push('\n');
    }
    match language {
        // The quotes around an attribute's value belong to the string.
        L::Html => adapted + "(quoted_attribute_value) @string\n",
        // The SQL grammar's number patterns are written for Neovim, in Lua's
        // pattern syntax (`%d`); tree-sitter takes regular expressions.
        L::Sql => adapted.replace("%d", "[0-9]"),
        _ => adapted,
    }
}

/// Highlights `code` as `language` into `hl-` spans, keeping the classes
/// in `styled`, with `escape` writing text. `None` when `limit` runs out or
/// the engine fails; the caller shows the block plain.
pub fn highlight(
    language: TreeSitterLanguage,
    code: &str,
    limit: Duration,
    styled: &StyledClasses,
    escape: &dyn Fn(&mut String, &str),
) -> Option<String> {
    thread_local! {
        static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::new());
    }
    let config = configuration(language)?;
    let started = Instant::now();
    let classes = capture_spans(styled);
    HIGHLIGHTER.with_borrow_mut(|highlighter| {
        let events = highlighter
            .highlight(config, code.as_bytes(), None, None, |name| {
                TreeSitterLanguage::for_injection(name).and_then(configuration)
            })
            .ok()?;
        let mut html = String::with_capacity(code.len() * 2);
        // For each open highlight: whether it wrote a span.
        let mut opened: Vec<bool> = Vec::new();
        let mut spans_open = 0usize;
        for (count, event) in events.enumerate() {
            if count % 512 == 0 && started.elapsed() > limit {
                return None;
            }
            match event.ok()? {
                HighlightEvent::Source { start, end } => escape(&mut html, code.get(start..end)?),
                HighlightEvent::HighlightStart(highlight) => {
                    match classes.get(highlight.0).and_then(Option::as_ref) {
                        Some(span) if !(span.plain_alone && spans_open == 0) => {
                            html.push_str("<span class=\"");
                            html.push_str(&span.class);
                            html.push_str("\">");
                            opened.push(true);
                            spans_open += 1;
                        }
                        _ => opened.push(false),
                    }
                }
                HighlightEvent::HighlightEnd => {
                    if opened.pop().unwrap_or(false) {
                        html.push_str("</span>");
                        spans_open -= 1;
                    }
                }
            }
        }
        for _ in opened.iter().filter(|open| **open) {
            html.push_str("</span>");
        }
        (started.elapsed() <= limit).then_some(html)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_and_its_queries_compile() {
        for language in ALL {
            assert!(
                configuration(language).is_some(),
                "{language:?}: the queries do not compile against the grammar"
            );
        }
    }

    #[test]
    fn php_snippets_without_an_opening_tag_are_php() {
        assert_eq!(L::Php.for_code("echo $x;"), L::PhpOnly);
        assert_eq!(L::Php.for_code("<p><?php echo $x; ?></p>"), L::Php);
    }
}
