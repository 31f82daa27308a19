//! Syntax highlighting with syntect, at build time, emitting CSS classes.
//!
//! Grammars come from `two-face` (bat's curated set: it has TypeScript, TOML
//! and a JavaScript grammar that does not hang like syntect's stock one).
//! Each distinct (language, code) pair is highlighted once per build, and
//! results are kept in an on-disk [`HighlightCache`] so that a rebuild whose
//! code did not change never loads a grammar at all.

use crate::util::html::escape_html;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use syntect::html::ClassStyle;
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeError, ScopeStack, ScopeStackOp, SyntaxReference,
    SyntaxSet,
};
use syntect::util::LinesWithEndings;

use crate::cache::HighlightCache;
use crate::render::code_theme::{CodeSchemes, StyledClasses, styled_classes};

/// Every highlighted token's classes start with this.
pub const CLASS_PREFIX: &str = "hl-";
/// How syntect names a scope's classes (`hl-keyword hl-control`).
pub(crate) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

/// The longest time one code block may take before it is shown plain.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(2);

/// A line longer than this is not highlighted: minified code is the usual
/// cause of pathological regex times, and nobody reads it anyway.
const MAX_LINE_BYTES: usize = 8 * 1024;

/// How a block came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Highlighted with a grammar.
    Highlighted,
    /// Plain text because the language is not known.
    UnknownLanguage,
    /// Plain text because highlighting took too long.
    TimedOut,
    /// Plain text on purpose (`text`, `plain`, no language).
    Plain,
}

/// A highlighted block: the HTML inside `<code>`, and how it came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted {
    /// HTML spans (or escaped text).
    pub html: String,
    /// How it came out.
    pub outcome: Outcome,
}

/// Highlights code, remembering results for as long as they are in use.
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    memo: Mutex<Memo>,
    cache: Option<HighlightCache>,
    time_limit: Duration,
    /// The classes the site's code colour schemes style: the only ones kept.
    classes: &'static StyledClasses,
}

impl Highlighter {
    /// A highlighter with an optional on-disk cache.
    pub fn new(cache: Option<HighlightCache>) -> Self {
        Highlighter {
            syntaxes: OnceLock::new(),
            memo: Mutex::new(Memo::default()),
            cache,
            time_limit: DEFAULT_TIME_LIMIT,
            classes: styled_classes(&CodeSchemes::default()),
        }
    }

    /// Keeps the classes that these colour schemes style; what was
    /// highlighted for other schemes is forgotten.
    pub fn set_schemes(&mut self, schemes: &CodeSchemes) {
        let classes = styled_classes(schemes);
        if !std::ptr::eq(classes, self.classes) {
            self.classes = classes;
            self.memo.lock().expect("highlight memo").blocks.clear();
        }
    }

    /// Changes the time limit of one block.
    pub fn with_time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = limit;
        self
    }

    /// The time limit of one block.
    pub fn time_limit(&self) -> Duration {
        self.time_limit
    }

    /// The grammars, loaded on first use.
    pub fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(two_face::syntax::extra_newlines)
    }

    /// Highlights `code` as `language` (a name or file extension).
    pub fn highlight(&self, language: &str, code: &str) -> Arc<Highlighted> {
        let language = normalize_language(language);
        let key = cache_key(&language, code, self.classes);
        if let Some(hit) = self.memo.lock().expect("highlight memo").get(&key) {
            return hit;
        }
        let result = self
            .cache
            .as_ref()
            .and_then(|cache| cache.get(&key))
            .unwrap_or_else(|| {
                let fresh = self.highlight_uncached(&language, code);
                if let Some(cache) = &self.cache
                    && fresh.outcome != Outcome::TimedOut
                {
                    cache.put(&key, &fresh);
                }
                fresh
            });
        let result = Arc::new(result);
        self.memo
            .lock()
            .expect("highlight memo")
            .insert(key, Arc::clone(&result));
        result
    }

    /// Ends a build: forgets every block that this build did not ask for
    /// and that no rendered body holds any more (see
    /// [`BodyOutput::code`](crate::transform::BodyOutput::code)).
    ///
    /// Without this a long `versus serve` keeps every version of every code
    /// block ever saved. What is forgotten is code that left the site, or
    /// that only a plugin's output holds (a report's sample files, which
    /// come back from the disk cache when that report is built again).
    pub fn forget_unused(&self) {
        self.memo.lock().expect("highlight memo").forget_unused();
    }

    /// How many highlighted blocks are remembered.
    pub fn remembered(&self) -> usize {
        self.memo.lock().expect("highlight memo").blocks.len()
    }

    fn highlight_uncached(&self, language: &str, code: &str) -> Highlighted {
        if matches!(language, "" | "text" | "plain" | "txt" | "plaintext") {
            return plain(code, Outcome::Plain);
        }
        let Some(syntax) = find_syntax(self.syntaxes(), language) else {
            return plain(code, Outcome::UnknownLanguage);
        };
        highlight_with(self.syntaxes(), syntax, code, self.time_limit, self.classes)
            .unwrap_or_else(|| plain(code, Outcome::TimedOut))
    }
}

/// Highlighted blocks by key, each with the last build that asked for it.
#[derive(Default)]
struct Memo {
    blocks: HashMap<blake3::Hash, (Arc<Highlighted>, u64)>,
    /// The build under way: how many builds have ended before it.
    build: u64,
}

impl Memo {
    fn get(&mut self, key: &blake3::Hash) -> Option<Arc<Highlighted>> {
        let build = self.build;
        self.blocks.get_mut(key).map(|(block, used)| {
            *used = build;
            Arc::clone(block)
        })
    }

    fn insert(&mut self, key: blake3::Hash, block: Arc<Highlighted>) {
        self.blocks.insert(key, (block, self.build));
    }

    fn forget_unused(&mut self) {
        let build = self.build;
        // A count above one means a rendered body still holds the block.
        self.blocks
            .retain(|_, (block, used)| *used == build || Arc::strong_count(block) > 1);
        self.build += 1;
    }
}

/// Highlights with a time budget, checked between lines: `None` when the
/// budget runs out. (A single regex match is bounded by Oniguruma's own
/// retry limit, so a line cannot spin forever.)
pub fn highlight_with(
    syntaxes: &SyntaxSet,
    syntax: &SyntaxReference,
    code: &str,
    limit: Duration,
    classes: &StyledClasses,
) -> Option<Highlighted> {
    let started = Instant::now();
    let mut state = ParseState::new(syntax);
    let mut spans = SpanWriter::with_capacity(code.len() * 2, classes);
    for line in LinesWithEndings::from(code) {
        if line.len() > MAX_LINE_BYTES || started.elapsed() > limit {
            return None;
        }
        let ops = state.parse_line(line, syntaxes).ok()?;
        spans.line(line, &ops).ok()?;
    }
    Some(Highlighted {
        html: spans.finish(),
        outcome: Outcome::Highlighted,
    })
}

/// Turns syntect's scope operations into `<span>`s, keeping only the
/// classes the stylesheet styles.
///
/// syntect's own `ClassedHTMLGenerator` writes one span per scope with every
/// atom of the scope name (`hl-meta hl-function-call hl-js`); most of them
/// style nothing, and the page ends up several times bigger than it needs to
/// be. Dropping them cannot change what any selector matches (the stylesheet
/// uses class and descendant selectors only). Doing it here, instead of
/// rewriting syntect's HTML afterwards, skips writing and re-reading
/// markup that is thrown away. Like syntect, a span that would hold nothing
/// is not written.
struct SpanWriter<'a> {
    html: String,
    classes: &'a StyledClasses,
    stack: ScopeStack,
    /// For each scope on the stack: whether it opened a span.
    opened: Vec<bool>,
}

impl<'a> SpanWriter<'a> {
    fn with_capacity(capacity: usize, classes: &'a StyledClasses) -> Self {
        SpanWriter {
            html: String::with_capacity(capacity),
            classes,
            stack: ScopeStack::new(),
            opened: Vec::new(),
        }
    }

    fn line(&mut self, line: &str, ops: &[(usize, ScopeStackOp)]) -> Result<(), ScopeError> {
        let SpanWriter {
            html,
            classes,
            stack,
            opened,
        } = self;
        let mut done = 0;
        // Where the last span opened, while nothing has followed it.
        let mut empty_since: Option<usize> = None;
        for (at, op) in ops {
            if *at > done {
                escape_text(html, &line[done..*at]);
                empty_since = None;
                done = *at;
            }
            stack.apply_with_hook(op, |basic, _| match basic {
                BasicScopeStackOp::Push(scope) => {
                    let start = html.len();
                    opened.push(push_span(html, scope, classes));
                    empty_since = Some(start);
                }
                BasicScopeStackOp::Pop => {
                    if opened.pop().unwrap_or(false) {
                        match empty_since {
                            Some(start) => html.truncate(start),
                            None => html.push_str("</span>"),
                        }
                    }
                    empty_since = None;
                }
            })?;
        }
        escape_text(html, &line[done..]);
        Ok(())
    }

    fn finish(mut self) -> String {
        for _ in self.opened.iter().filter(|open| **open) {
            self.html.push_str("</span>");
        }
        // The HTML is kept (in the memo, and by the body that holds it) for
        // as long as the code is on the site: without its spare capacity.
        self.html.shrink_to_fit();
        self.html
    }
}

/// Writes the opening tag of a span for `scope` if any of its classes is
/// styled; says whether it did. The class list of each scope is worked out
/// once per thread and set of styled classes: syntect names scopes through
/// a global, locked table.
fn push_span(html: &mut String, scope: Scope, styled: &StyledClasses) -> bool {
    /// The class attribute of each scope, per set of styled classes.
    type Attributes = HashMap<(u64, Scope), Option<Box<str>>>;
    thread_local! {
        static CLASSES: std::cell::RefCell<Attributes> = std::cell::RefCell::new(HashMap::new());
    }
    CLASSES.with_borrow_mut(|classes| {
        let attribute = classes.entry((styled.id, scope)).or_insert_with(|| {
            let name = scope.build_string();
            let kept: Vec<String> = name
                .split('.')
                .map(|atom| format!("{CLASS_PREFIX}{atom}"))
                .filter(|class| styled.set.contains(class))
                .collect();
            (!kept.is_empty()).then(|| kept.join(" ").into_boxed_str())
        });
        match attribute {
            Some(attribute) => {
                html.push_str("<span class=\"");
                html.push_str(attribute);
                html.push_str("\">");
                true
            }
            None => false,
        }
    })
}

/// Escapes code for the inside of an element.
fn escape_text(html: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html_body_text(&mut *html, text)
        .expect("writing to a String cannot fail");
}

fn plain(code: &str, outcome: Outcome) -> Highlighted {
    Highlighted {
        html: escape_html(code),
        outcome,
    }
}

/// Lowercases and maps the many spellings of a language to one token.
pub fn normalize_language(language: &str) -> String {
    let token = language.trim().to_ascii_lowercase();
    let token = match token.as_str() {
        "javascript" | "node" | "nodejs" | "mjs" | "cjs" | "jsx" => "js",
        "typescript" | "mts" | "cts" => "ts",
        "python" | "python3" | "py3" => "py",
        "shell" | "sh" | "zsh" | "console" => "bash",
        "yml" => "yaml",
        "rust" => "rs",
        "golang" => "go",
        other => other,
    };
    token.to_string()
}

/// The grammar for a normalised token. JavaScript goes to the Babel grammar
/// on purpose: the stock one is known to hang on some inputs.
fn find_syntax<'a>(syntaxes: &'a SyntaxSet, token: &str) -> Option<&'a SyntaxReference> {
    let by_name = match token {
        "js" => Some("JavaScript (Babel)"),
        "ts" => Some("TypeScript"),
        "tsx" => Some("TypeScriptReact"),
        _ => None,
    };
    by_name
        .and_then(|name| syntaxes.find_syntax_by_name(name))
        .or_else(|| syntaxes.find_syntax_by_token(token))
}

/// A human name for a language token, for sample labels.
pub fn language_label(language: &str) -> String {
    let token = normalize_language(language);
    let label = match token.as_str() {
        "js" => "JavaScript",
        "ts" | "tsx" => "TypeScript",
        "py" => "Python",
        "rs" => "Rust",
        "go" => "Go",
        "rb" | "ruby" => "Ruby",
        "java" => "Java",
        "kt" | "kotlin" => "Kotlin",
        "c" | "h" => "C",
        "cpp" | "cc" | "hpp" | "c++" => "C++",
        "cs" | "csharp" => "C#",
        "php" => "PHP",
        "bash" => "Shell",
        "json" => "JSON",
        "toml" => "TOML",
        "yaml" => "YAML",
        "html" | "htm" => "HTML",
        "css" => "CSS",
        "sql" => "SQL",
        "swift" => "Swift",
        "zig" => "Zig",
        "ex" | "exs" | "elixir" => "Elixir",
        "md" | "markdown" => "Markdown",
        "" | "text" | "plain" | "txt" => "Text",
        other => return other.to_string(),
    };
    label.to_string()
}

/// The key of a block in the memo and the disk cache: it changes with the
/// code, the language and the grammar set's version.
fn cache_key(language: &str, code: &str, classes: &StyledClasses) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(crate::build_info::HIGHLIGHT_ENGINE.as_bytes());
    // Bumped whenever what versus does to syntect's HTML changes.
    hasher.update(b"styled-spans-2");
    // The classes kept depend on the site's colour schemes.
    hasher.update(&classes.id.to_le_bytes());
    hasher.update(&[0]);
    hasher.update(language.as_bytes());
    hasher.update(&[0]);
    hasher.update(code.as_bytes());
    hasher.finalize()
}

/// The stylesheet for highlighted code in the default schemes, Coldark-Cold
/// (light) and Coldark-Dark (dark), both designed for WCAG contrast; a site
/// may choose others (see [`crate::render::code_theme`]).
pub fn highlight_css() -> String {
    crate::render::code_theme::scheme_css(&crate::render::code_theme::CodeSchemes::default())
}

/// Prefixes every selector of syntect's generated CSS with `scope`, and
/// points its `.code` rule (background and default colour) at our blocks.
pub(crate) fn scope_css(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        let selectors = strip_comments(&rest[..open]);
        let body = &rest[open..=close];
        let scoped: Vec<String> = selectors
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let s = if s == format!(".{CLASS_PREFIX}code") {
                    "pre.vs-code".to_string()
                } else {
                    format!("pre.vs-code {s}")
                };
                format!("{scope}{s}")
            })
            .collect();
        if !scoped.is_empty() {
            out.push_str(&scoped.join(", "));
            out.push(' ');
            out.push_str(body);
            out.push('\n');
        }
        rest = &rest[close + 1..];
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_forgotten_once_no_build_asks_and_no_body_holds_them() {
        let highlighter = Highlighter::new(None);
        let held = highlighter.highlight("rs", "fn held() {}\n");
        drop(highlighter.highlight("rs", "fn dropped() {}\n"));
        // Both were asked for by the build that ends here.
        highlighter.forget_unused();
        assert_eq!(highlighter.remembered(), 2);
        // The next build asks for neither: only the held one stays.
        highlighter.forget_unused();
        assert_eq!(highlighter.remembered(), 1);
        let again = highlighter.highlight("rs", "fn held() {}\n");
        assert!(
            Arc::ptr_eq(&held, &again),
            "a held block is not highlighted again"
        );
        drop((held, again));
        // Asked for in this build, so kept once more; then gone.
        highlighter.forget_unused();
        assert_eq!(highlighter.remembered(), 1);
        highlighter.forget_unused();
        assert_eq!(highlighter.remembered(), 0);
    }

    #[test]
    fn required_languages_are_all_known() {
        let highlighter = Highlighter::new(None);
        for language in [
            "js", "ts", "py", "json", "toml", "yaml", "bash", "html", "css", "rs", "go",
        ] {
            let out = highlighter.highlight(language, "x = 1\n");
            assert_eq!(out.outcome, Outcome::Highlighted, "{language}");
            assert!(out.html.contains("class=\"hl-"), "{language}: {}", out.html);
        }
    }

    #[test]
    fn unknown_languages_are_escaped_plain_text() {
        let out = Highlighter::new(None).highlight("brainfudge", "<b>&</b>");
        assert_eq!(out.outcome, Outcome::UnknownLanguage);
        assert_eq!(out.html, "&lt;b&gt;&amp;&lt;/b&gt;");
    }

    #[test]
    fn a_spent_time_budget_gives_plain_text() {
        let highlighter = Highlighter::new(None).with_time_limit(Duration::ZERO);
        let out = highlighter.highlight("js", "const a = 1;\nconst b = 2;\n");
        assert_eq!(out.outcome, Outcome::TimedOut);
        assert!(out.html.contains("const a = 1;"));
    }

    /// What syntect's own generator writes, with unstyled classes and the
    /// spans left without any removed: the reference `SpanWriter` must match.
    fn syntect_then_compacted(token: &str, code: &str) -> String {
        let highlighter = Highlighter::new(None);
        let syntaxes = highlighter.syntaxes();
        let syntax = find_syntax(syntaxes, token).unwrap();
        let mut generator = syntect::html::ClassedHTMLGenerator::new_with_class_style(
            syntax,
            syntaxes,
            CLASS_STYLE,
        );
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        let mut out = String::new();
        let mut kept = Vec::new();
        let html = generator.finalize();
        let mut rest = html.as_str();
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if let Some(after) = rest.strip_prefix("<span class=\"") {
                let end = after.find("\">").unwrap();
                let classes: Vec<&str> = after[..end]
                    .split(' ')
                    .filter(|c| styled_classes(&CodeSchemes::default()).set.contains(*c))
                    .collect();
                kept.push(!classes.is_empty());
                if !classes.is_empty() {
                    out.push_str(&format!("<span class=\"{}\">", classes.join(" ")));
                }
                rest = &after[end + 2..];
            } else {
                let after = rest.strip_prefix("</span>").unwrap();
                if kept.pop().unwrap() {
                    out.push_str("</span>");
                }
                rest = after;
            }
        }
        out.push_str(rest);
        out.replace("&#39;", "'").replace("&quot;", "\"")
    }

    #[test]
    fn spans_are_syntects_with_only_styled_classes() {
        let samples = [
            (
                "js",
                "import http from 'node:http';\nconst s = `a ${b + \"<c>\"}`;\n/* x */ if (a < b && c > d) { return; }\n",
            ),
            (
                "py",
                "import asyncio\n\nasync def main(a: int) -> str:\n    \"\"\"Doc & <tags>.\"\"\"\n    return f'{a!r}'\n",
            ),
            (
                "ts",
                "type A<T> = { x: T };\nexport const f = (a: A<number>): void => {};\n",
            ),
            ("toml", "[plugins.x]\ncommand = [\"node\", 'a.mjs']\n"),
            (
                "rs",
                "fn main() { let v: Vec<u8> = vec![1]; println!(\"{v:?}\"); }\n",
            ),
        ];
        let highlighter = Highlighter::new(None);
        let syntaxes = highlighter.syntaxes();
        for (token, code) in samples {
            let ours = highlight_with(
                syntaxes,
                find_syntax(syntaxes, token).unwrap(),
                code,
                Duration::from_secs(10),
                styled_classes(&CodeSchemes::default()),
            )
            .unwrap()
            .html;
            assert!(ours.contains("<span class=\"hl-"), "{token}: {ours}");
            assert!(
                !ours.contains(" hl-js\""),
                "unstyled classes are dropped: {ours}"
            );
            assert_eq!(ours, syntect_then_compacted(token, code), "{token}");
        }
    }

    #[test]
    fn css_scopes_dark_rules_to_the_dark_scheme() {
        let css = highlight_css();
        assert!(css.contains(":root[data-theme=\"dark\"] pre.vs-code .hl-"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert!(!css.contains("style="));
    }
}
