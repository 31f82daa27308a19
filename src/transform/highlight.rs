//! Syntax highlighting at build time, emitting CSS classes.
//!
//! Which grammar a block gets is decided by [`syntax_mapping`]; this module
//! runs it.
//! Grammars come from `two-face` (bat's curated set: it has TypeScript, TOML
//! and a JavaScript grammar that does not hang like syntect's stock one).
//! Each distinct (language, code) pair is highlighted once per build, and
//! results are kept in an on-disk [`HighlightCache`] so that a rebuild whose
//! code did not change never loads a grammar at all.

use crate::util::html::escape_html;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};
use std::time::{Duration, Instant};

use syntect::html::ClassStyle;
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeError, ScopeStack, ScopeStackOp, SyntaxReference,
    SyntaxSet,
};
use syntect::util::LinesWithEndings;

use crate::cache::HighlightCache;
use crate::diagnostics::Problem;
use crate::render::code_theme::{CodeSchemes, StyledClasses, styled_classes};
use crate::transform::syntax_mapping::{self, CodeOrigin, Detection, GrammarSet, SiteLanguages};
use crate::transform::tree_sitter_engine::{self, TreeSitterLanguage};

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
    /// Plain text because no grammar was found.
    UnknownLanguage,
    /// Plain text because highlighting took too long.
    TimedOut,
    /// Plain text on purpose (`text`, `plain`, no language).
    Plain,
}

/// A highlighted block: the HTML inside `<code>`, and how it came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted {
    /// HTML spans (or escaped text), one line of code per line, each line
    /// standing alone: a span open at the end of a line is closed there and
    /// opened again on the next (see
    /// [`self_contained_lines`](crate::transform::lines::self_contained_lines)).
    pub html: String,
    /// How it came out.
    pub outcome: Outcome,
}

/// The language a block was shown in, as readers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageName {
    /// A stable lowercase token for markup (`data-lang`): `javascript`,
    /// `dockerfile`, `c-sharp`.
    pub id: String,
    /// The proper name for readers: `JavaScript`, `Dockerfile`, `C#`.
    pub label: String,
}

impl LanguageName {
    fn from_label(label: &str) -> Self {
        LanguageName {
            id: language_id(label),
            label: label.to_string(),
        }
    }

    fn text() -> Self {
        LanguageName::from_label("Text")
    }
}

/// One highlighted block with what a caller reports about it.
#[derive(Debug, Clone)]
pub struct Block {
    /// The HTML and its outcome (shared with every block of the same code).
    pub highlighted: Arc<Highlighted>,
    /// The language it was shown in ("Text" when plain).
    pub language: LanguageName,
    /// A warning for the author, when the block fell back to plain text.
    pub warning: Option<Problem>,
}

/// Highlights code, remembering results for as long as they are in use.
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    memo: Mutex<Memo>,
    cache: Option<HighlightCache>,
    time_limit: Duration,
    site_languages: RwLock<SiteLanguages>,
    engines: Engines,
    /// The classes the site's code colour schemes style: the only ones kept.
    classes: &'static StyledClasses,
}

/// Which engines a highlighter may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engines {
    /// tree-sitter for the languages it has, syntect for the rest: what
    /// builds use.
    TreeSitterFirst,
    /// syntect for everything: for comparing the two.
    SyntectOnly,
}

impl Highlighter {
    /// A highlighter with an optional on-disk cache.
    pub fn new(cache: Option<HighlightCache>) -> Self {
        Highlighter {
            syntaxes: OnceLock::new(),
            memo: Mutex::new(Memo {
                hold: true,
                ..Memo::default()
            }),
            cache,
            time_limit: DEFAULT_TIME_LIMIT,
            site_languages: RwLock::new(SiteLanguages::default()),
            engines: Engines::TreeSitterFirst,
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

    /// Restricts the engines used.
    pub fn with_engines(mut self, engines: Engines) -> Self {
        self.engines = engines;
        self
    }

    /// A highlighter for a single build, which has no next build to keep
    /// blocks for: a block lives only as long as a rendered body holds it
    /// (see [`Highlighter::forget_unused`]).
    pub fn for_one_build(self) -> Self {
        self.memo.lock().expect("highlight memo").hold = false;
        self
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

    /// Uses the site's `[languages]` table from now on.
    pub fn set_site_languages(&self, languages: SiteLanguages) {
        *self.site_languages.write().expect("site languages") = languages;
    }

    /// The grammar detection would give `origin` with `code`.
    pub fn detect(&self, origin: CodeOrigin<'_>, code: &str) -> Detection<Grammar<'_>> {
        let first_line = code.lines().next().unwrap_or("");
        let site = self.site_languages.read().expect("site languages");
        let grammars = Grammars {
            syntaxes: &self.syntaxes,
            engines: self.engines,
        };
        syntax_mapping::detect(&grammars, origin, first_line, &site)
    }

    /// Highlights `code` from `origin`, choosing the grammar by the rules of
    /// [`syntax_mapping`]. `what` names the block in warnings
    /// (`samples/app.js`, `a python block`).
    pub fn highlight(&self, origin: CodeOrigin<'_>, code: &str, what: &str) -> Block {
        match self.detect(origin, code) {
            Detection::Found { grammar, .. } if !grammar.is_plain() => {
                let language = grammar.name();
                let highlighted = self.highlight_grammar(&grammar, code);
                let warning =
                    (highlighted.outcome == Outcome::TimedOut).then(|| Problem::HighlightTimeout {
                        what: what.to_string(),
                        limit_ms: self.time_limit.as_millis(),
                    });
                Block {
                    highlighted,
                    language,
                    warning,
                }
            }
            Detection::Found { .. } | Detection::Plain => Block {
                highlighted: Arc::new(plain(code, Outcome::Plain)),
                language: LanguageName::text(),
                warning: None,
            },
            unknown => Block {
                highlighted: Arc::new(plain(code, Outcome::UnknownLanguage)),
                language: LanguageName::text(),
                warning: Some(match unknown {
                    Detection::UnknownExplicit(lang) => Problem::UnknownLanguage { lang },
                    Detection::UnknownMapped { key, language } => {
                        Problem::UnknownMappedLanguage { key, language }
                    }
                    Detection::UnknownFile(file) => Problem::NoGrammarForFile { file },
                    _ => unreachable!("found and plain are handled above"),
                }),
            },
        }
    }

    /// Highlights `code` with `grammar`, through the memo and the cache.
    fn highlight_grammar(&self, grammar: &Grammar<'_>, code: &str) -> Arc<Highlighted> {
        let key = cache_key(&grammar.cache_name(), code, self.classes);
        if let Some(hit) = self.memo.lock().expect("highlight memo").get(&key) {
            return hit;
        }
        let result = self
            .cache
            .as_ref()
            .and_then(|cache| cache.get(&key))
            .unwrap_or_else(|| {
                let fresh = grammar.highlight(self, code);
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
            .insert(key, &result);
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
}

/// A grammar of one of the engines.
#[derive(Debug, Clone, Copy)]
pub enum Grammar<'a> {
    /// A tree-sitter grammar: the fast engine.
    TreeSitter(TreeSitterLanguage),
    /// A syntect grammar of two-face's set.
    Syntect(&'a SyntaxReference),
}

impl<'a> Grammar<'a> {
    /// The grammar for a syntect grammar found by detection: its tree-sitter
    /// counterpart when there is one and `engines` allows it.
    fn choose(syntax: &'a SyntaxReference, engines: Engines) -> Self {
        match TreeSitterLanguage::for_syntect_grammar(&syntax.name) {
            Some(language) if engines == Engines::TreeSitterFirst => Grammar::TreeSitter(language),
            _ => Grammar::Syntect(syntax),
        }
    }

    /// The name readers see.
    pub fn name(&self) -> LanguageName {
        match self {
            Grammar::TreeSitter(language) => LanguageName::from_label(language.label()),
            Grammar::Syntect(syntax) => LanguageName::from_label(proper_name(&syntax.name)),
        }
    }

    /// Whether it colours nothing.
    pub fn is_plain(&self) -> bool {
        match self {
            Grammar::TreeSitter(_) => false,
            Grammar::Syntect(syntax) => syntax.name == "Plain Text",
        }
    }

    /// What identifies it in the cache key, next to the engine versions.
    fn cache_name(&self) -> String {
        match self {
            Grammar::TreeSitter(language) => format!("tree-sitter:{}", language.key()),
            Grammar::Syntect(syntax) => format!("syntect:{}", syntax.name),
        }
    }

    /// Highlights within the highlighter's time budget, keeping the classes
    /// its colour schemes style. Both engines treat a line over
    /// [`MAX_LINE_BYTES`] the same way: as a block that took too long.
    /// syntect's set is loaded only when syntect draws the block.
    fn highlight(&self, highlighter: &Highlighter, code: &str) -> Highlighted {
        let (limit, classes) = (highlighter.time_limit, highlighter.classes);
        let timed_out = || plain(code, Outcome::TimedOut);
        if has_overlong_line(code) {
            return timed_out();
        }
        let html = match self {
            Grammar::TreeSitter(language) => {
                let language = language.for_code(code);
                match tree_sitter_engine::configuration(language) {
                    Some(_) => {
                        tree_sitter_engine::highlight(language, code, limit, classes, &escape_text)
                    }
                    // Queries that do not compile leave the language to
                    // syntect rather than uncoloured.
                    None => {
                        let syntaxes = highlighter.syntaxes();
                        syntaxes
                            .find_syntax_by_name(syntect_counterpart(language))
                            .and_then(|syntax| {
                                highlight_with(syntaxes, syntax, code, limit, classes)
                            })
                            .map(|highlighted| highlighted.html)
                    }
                }
            }
            Grammar::Syntect(syntax) => {
                highlight_with(highlighter.syntaxes(), syntax, code, limit, classes)
                    .map(|highlighted| highlighted.html)
            }
        };
        match html {
            // Split once here, kept and cached split: every build after
            // this one only copies the lines.
            Some(html) => Highlighted {
                html: crate::transform::lines::self_contained_lines(&html),
                outcome: Outcome::Highlighted,
            },
            None => timed_out(),
        }
    }
}

/// The syntect grammar a tree-sitter language stands in for.
fn syntect_counterpart(language: TreeSitterLanguage) -> &'static str {
    match language {
        TreeSitterLanguage::JavaScript => "JavaScript (Babel)",
        TreeSitterLanguage::Tsx => "TypeScriptReact",
        TreeSitterLanguage::Bash => "Bourne Again Shell (bash)",
        TreeSitterLanguage::Php | TreeSitterLanguage::PhpOnly => "PHP",
        other => other.label(),
    }
}

/// Whether a line of `code` is longer than [`MAX_LINE_BYTES`].
fn has_overlong_line(code: &str) -> bool {
    code.len() > MAX_LINE_BYTES && code.split('\n').any(|line| line.len() > MAX_LINE_BYTES)
}

/// Detection's view of the grammars: syntect's name lists, with the
/// tree-sitter counterpart swapped in where there is one.
struct Grammars<'a> {
    /// syntect's set, loaded only when a name is not the fast engine's.
    syntaxes: &'a OnceLock<SyntaxSet>,
    engines: Engines,
}

impl<'a> Grammars<'a> {
    fn syntaxes(&self) -> &'a SyntaxSet {
        self.syntaxes.get_or_init(two_face::syntax::extra_newlines)
    }
}

impl<'a> GrammarSet for Grammars<'a> {
    type Grammar = Grammar<'a>;

    fn by_token(&self, token: &str) -> Option<Grammar<'a>> {
        // Canonical first, so an extension like `js` or `py` finds the fast
        // engine without a search of syntect's set.
        let fast = TreeSitterLanguage::for_token(&syntax_mapping::canonical_token(token));
        if let Some(language) = fast.filter(|_| self.engines == Engines::TreeSitterFirst) {
            return Some(Grammar::TreeSitter(language));
        }
        find_syntax(self.syntaxes(), token).map(|s| Grammar::choose(s, self.engines))
    }

    fn by_file_name(&self, name: &str) -> Option<Grammar<'a>> {
        // A name whose extension is the fast engine's is left to the
        // extension rule, so syntect's set need not be loaded for it.
        let fast_extension = name.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && TreeSitterLanguage::for_token(&syntax_mapping::canonical_token(ext)).is_some()
        });
        if fast_extension && self.engines == Engines::TreeSitterFirst {
            return None;
        }
        self.syntaxes()
            .syntaxes()
            .iter()
            .rev()
            .find(|syntax| syntax.file_extensions.iter().any(|listed| listed == name))
            .map(|s| Grammar::choose(s, self.engines))
    }

    fn by_first_line(&self, line: &str) -> Option<Grammar<'a>> {
        self.syntaxes()
            .find_syntax_by_first_line(line)
            .map(|s| Grammar::choose(s, self.engines))
    }

    fn is_plain(&self, grammar: &Grammar<'a>) -> bool {
        grammar.is_plain()
    }
}

/// Highlighted blocks by key, each with the last build that asked for it.
///
/// Every block is known by a weak reference, so that the same code asked
/// for twice is highlighted once while anything holds it. While previewing,
/// the memo also holds each block itself until a build goes by that does not
/// ask for it: a report's sample files are held only by a plugin's output,
/// and come back from memory when the report is built again. A single build
/// has no next build, and so does not hold them: at 5,000 criteria that was
/// a fifth of its peak memory.
#[derive(Default)]
struct Memo {
    blocks: HashMap<blake3::Hash, Remembered>,
    /// The build under way: how many builds have ended before it.
    build: u64,
    /// Whether blocks are held for the next build.
    hold: bool,
}

/// A block the memo knows.
struct Remembered {
    block: Weak<Highlighted>,
    /// The block itself, when the memo holds it for the next build.
    held: Option<Arc<Highlighted>>,
    /// The last build that asked for it.
    used: u64,
}

impl Memo {
    fn get(&mut self, key: &blake3::Hash) -> Option<Arc<Highlighted>> {
        let build = self.build;
        let hold = self.hold;
        let remembered = self.blocks.get_mut(key)?;
        let block = remembered.block.upgrade()?;
        remembered.used = build;
        if hold && remembered.held.is_none() {
            remembered.held = Some(Arc::clone(&block));
        }
        Some(block)
    }

    fn insert(&mut self, key: blake3::Hash, block: &Arc<Highlighted>) {
        let remembered = Remembered {
            block: Arc::downgrade(block),
            held: self.hold.then(|| Arc::clone(block)),
            used: self.build,
        };
        self.blocks.insert(key, remembered);
    }

    fn forget_unused(&mut self) {
        let build = self.build;
        self.blocks.retain(|_, remembered| {
            if remembered.used != build {
                remembered.held = None;
            }
            // Without the memo's own hold, what is left is a rendered body's.
            remembered.held.is_some() || remembered.block.strong_count() > 0
        });
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

/// The syntect grammar for a canonical token (see
/// [`syntax_mapping::canonical_token`]). Some names go to a chosen grammar:
/// JavaScript to bat's Babel grammar (the stock one can hang on some
/// inputs), and tokens whose syntect name differs from the usual one.
fn find_syntax<'a>(syntaxes: &'a SyntaxSet, token: &str) -> Option<&'a SyntaxReference> {
    let by_name = match token {
        "javascript" | "jsx" => Some("JavaScript (Babel)"),
        "typescript" => Some("TypeScript"),
        "tsx" => Some("TypeScriptReact"),
        "bash" => Some("Bourne Again Shell (bash)"),
        "c#" => Some("C#"),
        // Objective-C and C++ list `h` too; C is what most headers are.
        "h" => Some("C"),
        "vue" => Some("Vue Component"),
        "gitignore" => Some("Git Ignore"),
        _ => None,
    };
    by_name
        .and_then(|name| syntaxes.find_syntax_by_name(name))
        .or_else(|| syntaxes.find_syntax_by_token(token))
}

/// The proper name of a syntect grammar, as readers know the language.
fn proper_name(syntect_name: &str) -> &str {
    match syntect_name {
        "Bourne Again Shell (bash)" => "Shell",
        "JavaScript (Babel)" => "JavaScript",
        "TypeScriptReact" => "TSX",
        "Vue Component" => "Vue",
        "Gomod" => "Go module",
        "Gosum" => "Go checksums",
        "Requirements.txt" => "pip requirements",
        "Plain Text" => "Text",
        "PHP Source" => "PHP",
        "VimL" => "Vim script",
        "Batch File" => "Batch",
        "Separated Values" => "CSV",
        "Tab Separated Values" => "TSV",
        "GDScript (Godot Engine)" => "GDScript",
        "AsciiDoc (Asciidoctor)" => "AsciiDoc",
        "Java Server Page (JSP)" => "JSP",
        "Protocol Buffer" => "Protocol Buffers",
        "jsonnet" => "Jsonnet",
        "orgmode" => "Org",
        "log" => "Log",
        other => other,
    }
}

/// A lowercase token for a proper name: `C#` → `c-sharp`, `C++` → `cpp`,
/// `Go module` → `go-module`.
fn language_id(label: &str) -> String {
    let spelled = label
        .replace("C++", "cpp")
        .replace('#', "-sharp")
        .replace('+', "p");
    let mut id = String::with_capacity(spelled.len());
    for c in spelled.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// The key of a block in the memo and the disk cache: it changes with the
/// code, the grammar (engine and name), the engines' exact versions and
/// the classes the site's colour schemes style.
fn cache_key(grammar: &str, code: &str, classes: &StyledClasses) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(crate::build_info::HIGHLIGHT_ENGINE.as_bytes());
    // Bumped whenever what versus does to the engines' HTML changes.
    hasher.update(b"styled-spans-4-plain-alone-left-out");
    // The classes kept depend on the site's colour schemes.
    hasher.update(&classes.id.to_le_bytes());
    hasher.update(&[0]);
    hasher.update(grammar.as_bytes());
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

    fn explicit<'a>(language: &'a str) -> CodeOrigin<'a> {
        CodeOrigin {
            explicit: Some(language),
            file_name: None,
        }
    }

    fn file(name: &str) -> CodeOrigin<'_> {
        CodeOrigin {
            explicit: None,
            file_name: Some(name),
        }
    }

    /// A snippet of each language the fast engine covers, by a name authors
    /// write in fences.
    const COMMON: &[(&str, &str)] = &[
        ("js", "// c\nconst n = 42;\nfunction f() { return 'a'; }\n"),
        ("jsx", "const App = () => <div className=\"a\">{1}</div>;\n"),
        (
            "ts",
            "// c\nconst n: number = 42;\nfunction f(): string { return 'a'; }\n",
        ),
        ("tsx", "const App = (): JSX.Element => <div>{1}</div>;\n"),
        ("python", "# c\nn = 42\ndef f():\n    return 'a'\n"),
        (
            "rust",
            "// c\nfn f() -> &'static str { let n = 42; \"a\" }\n",
        ),
        (
            "go",
            "// c\npackage main\nfunc f() string { n := 42; return \"a\" }\n",
        ),
        (
            "java",
            "// c\nclass A { String f() { int n = 42; return \"a\"; } }\n",
        ),
        ("c", "// c\nint f(void) { int n = 42; return n; }\n"),
        (
            "php",
            "<?php\n// c\nfunction f() { $n = 42; return 'a'; }\n",
        ),
        ("bash", "# c\nf() { n=42; echo \"a\"; }\n"),
        ("json", "{\"n\": 42, \"s\": \"a\"}\n"),
        ("toml", "# c\nn = 42\ns = \"a\"\n"),
        ("yaml", "# c\nn: 42\ns: \"a\"\n"),
        ("html", "<!-- c -->\n<p class=\"a\">x</p>\n"),
        ("cpp", "auto f() -> int { auto n = 42; return n; }\n"),
        (
            "csharp",
            "class A { string F() { var n = 42; return \"a\"; } }\n",
        ),
        ("ruby", "def f\n  n = 42\n  'a'\nend\n"),
        ("sql", "SELECT name FROM t WHERE n = 42;\n"),
        ("css", "/* c */\np { margin: 42px; color: red; }\n"),
    ];

    #[test]
    fn blocks_are_forgotten_once_no_build_asks_and_no_body_holds_them() {
        let highlighter = Highlighter::new(None);
        let held = highlighter
            .highlight(explicit("rs"), "fn held() {}\n", "x")
            .highlighted;
        drop(highlighter.highlight(explicit("rs"), "fn dropped() {}\n", "x"));
        // Both were asked for by the build that ends here.
        highlighter.forget_unused();
        assert_eq!(highlighter.remembered(), 2);
        // The next build asks for neither: only the held one stays.
        highlighter.forget_unused();
        assert_eq!(highlighter.remembered(), 1);
        let again = highlighter
            .highlight(explicit("rs"), "fn held() {}\n", "x")
            .highlighted;
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
    fn a_single_build_keeps_only_the_blocks_a_body_holds() {
        let highlighter = Highlighter::new(None).for_one_build();
        let held = highlighter
            .highlight(explicit("rs"), "fn held() {}\n", "x")
            .highlighted;
        drop(highlighter.highlight(explicit("rs"), "fn dropped() {}\n", "x"));
        // The same code while a body holds it: the same block.
        let again = highlighter
            .highlight(explicit("rs"), "fn held() {}\n", "x")
            .highlighted;
        assert!(Arc::ptr_eq(&held, &again));
        assert_eq!(
            Arc::strong_count(&held),
            2,
            "the memo holds no block itself"
        );
        highlighter.forget_unused();
        assert_eq!(highlighter.remembered(), 1);
        drop((held, again));
        highlighter.forget_unused();
        assert_eq!(highlighter.remembered(), 0);
    }

    #[test]
    fn common_languages_use_the_fast_engine_and_get_colours() {
        let highlighter = Highlighter::new(None);
        for (language, code) in COMMON {
            let grammar = match highlighter.detect(explicit(language), code) {
                Detection::Found { grammar, .. } => grammar,
                other => panic!("{language}: {other:?}"),
            };
            assert!(
                matches!(grammar, Grammar::TreeSitter(_)),
                "{language} goes to tree-sitter: {grammar:?}"
            );
            let out = highlighter.highlight(explicit(language), code, "x");
            assert_eq!(out.highlighted.outcome, Outcome::Highlighted, "{language}");
            assert!(
                out.highlighted.html.matches("<span class=\"hl-").count() >= 2,
                "{language}: {}",
                out.highlighted.html
            );
            assert!(out.highlighted.html.contains("42") || !code.contains("42"));
        }
    }

    #[test]
    fn punctuation_in_the_text_colour_gets_no_span_unless_it_is_inside_another() {
        let classes = crate::render::code_theme::styled_classes(&CodeSchemes::default());
        // Coldark colours punctuation as it colours plain text, in both schemes.
        assert!(classes.looks_like_text("hl-punctuation"));
        assert!(!classes.looks_like_text("hl-keyword"));
        assert!(!classes.looks_like_text("hl-entity hl-name"));
        let highlighter = Highlighter::new(None);
        let out = highlighter.highlight(explicit("js"), "f(a, [b]);\nconst s = `x${y}z`;\n", "x");
        let html = &out.highlighted.html;
        assert!(
            html.starts_with("<span class=\"hl-entity hl-name hl-function\">f</span>(a, [b]);"),
            "{html}"
        );
        // Inside the template string, `${` and `}` keep their own colour.
        assert!(
            html.contains("<span class=\"hl-string\">`x<span class=\"hl-punctuation\">${</span>"),
            "{html}"
        );
        // A scheme that colours punctuation keeps every span of it.
        let punctuation_is_plain = |light: &str, dark: &str| {
            let schemes = CodeSchemes {
                light: light.into(),
                dark: dark.into(),
            };
            crate::render::code_theme::styled_classes(&schemes).looks_like_text("hl-punctuation")
        };
        assert!(!punctuation_is_plain("gruvbox-light", "gruvbox-dark"));
        let schemes = CodeSchemes {
            light: "gruvbox-light".into(),
            dark: "gruvbox-dark".into(),
        };
        let mut gruvbox = Highlighter::new(None);
        gruvbox.set_schemes(&schemes);
        let out = gruvbox.highlight(explicit("js"), "f(a);\n", "x");
        let html = &out.highlighted.html;
        assert!(
            html.contains("<span class=\"hl-punctuation\">(</span>"),
            "{html}"
        );
        // And so does a pair where only one of the two colours it.
        assert!(!punctuation_is_plain("Coldark-Cold", "gruvbox-dark"));
    }

    #[test]
    fn other_languages_stay_with_syntect() {
        let highlighter = Highlighter::new(None);
        for (language, code) in [
            ("kotlin", "fun main() { val n = 42 }\n"),
            ("swift", "let n = 42\n"),
            ("haskell", "main = print 42\n"),
            ("dockerfile", "FROM debian\n"),
            ("powershell", "Write-Host 42\n"),
        ] {
            let grammar = match highlighter.detect(explicit(language), code) {
                Detection::Found { grammar, .. } => grammar,
                other => panic!("{language}: {other:?}"),
            };
            assert!(matches!(grammar, Grammar::Syntect(_)), "{language}");
            let out = highlighter.highlight(explicit(language), code, "x");
            assert!(out.highlighted.html.contains("class=\"hl-"), "{language}");
        }
    }

    #[test]
    fn unknown_languages_are_escaped_plain_text_with_a_warning() {
        let out = Highlighter::new(None).highlight(explicit("brainfudge"), "<b>&</b>", "x");
        assert_eq!(out.highlighted.outcome, Outcome::UnknownLanguage);
        assert_eq!(out.highlighted.html, "&lt;b&gt;&amp;&lt;/b&gt;");
        assert!(matches!(out.warning, Some(Problem::UnknownLanguage { .. })));
        let out = Highlighter::new(None).highlight(file("LICENSE"), "MIT\n", "LICENSE");
        assert_eq!(out.highlighted.outcome, Outcome::UnknownLanguage);
        assert!(matches!(
            out.warning,
            Some(Problem::NoGrammarForFile { .. })
        ));
    }

    #[test]
    fn a_spent_time_budget_gives_plain_text() {
        let highlighter = Highlighter::new(None).with_time_limit(Duration::ZERO);
        let out = highlighter.highlight(explicit("js"), "const a = 1;\nconst b = 2;\n", "x");
        assert_eq!(out.highlighted.outcome, Outcome::TimedOut);
        assert!(out.highlighted.html.contains("const a = 1;"));
        assert!(matches!(
            out.warning,
            Some(Problem::HighlightTimeout { .. })
        ));
    }

    /// The files bat colours and an extension-only lookup missed, each with
    /// the proper name readers see.
    #[test]
    fn files_bat_colours_get_a_grammar_and_a_proper_name() {
        let highlighter = Highlighter::new(None);
        let cases: &[(&str, &str, &str)] = &[
            ("Dockerfile", "FROM debian\n", "Dockerfile"),
            ("Makefile", "all:\n\ttrue\n", "Makefile"),
            ("CMakeLists.txt", "project(x)\n", "CMake"),
            ("go.mod", "module x\n", "Go module"),
            ("go.sum", "x v1 h1:a=\n", "Go checksums"),
            ("Caddyfile", "example.org {\n}\n", "nginx"),
            ("requirements.txt", "requests==2\n", "pip requirements"),
            ("ssh_config", "Host *\n", "SSH Config"),
            ("run", "#!/bin/ksh\necho hi\n", "Shell"),
            ("run", "#!/usr/bin/env tclsh\nputs hi\n", "Tcl"),
            ("app.csproj", "<Project>\n", "XML"),
            ("Directory.Build.props", "<Project>\n", "XML"),
            ("events.ndjson", "{}\n", "JSON"),
            ("test.rs.orig", "fn main() {}\n", "Rust"),
            ("main.py.bak", "x = 1\n", "Python"),
            ("config.h.in", "#define X 1\n", "C"),
            ("App.vue", "<template></template>\n", "Vue"),
            ("App.svelte", "<script></script>\n", "Svelte"),
            ("deploy.ps1", "Write-Host 1\n", "PowerShell"),
            ("page.xml", "<?xml version=\"1.0\"?>\n", "XML"),
            (".bashrc", "alias l=ls\n", "Shell"),
        ];
        for (name, code, label) in cases {
            let out = highlighter.highlight(file(name), code, name);
            assert_eq!(out.highlighted.outcome, Outcome::Highlighted, "{name}");
            assert_eq!(out.language.label, *label, "{name}");
            assert!(out.warning.is_none(), "{name}");
        }
    }

    #[test]
    fn the_site_table_maps_what_nothing_else_knows() {
        let highlighter = Highlighter::new(None);
        highlighter.set_site_languages(SiteLanguages::new([(
            "tpl".to_string(),
            "html".to_string(),
        )]));
        let out = highlighter.highlight(file("page.tpl"), "<p>hi</p>\n", "page.tpl");
        assert_eq!(out.language.label, "HTML");
        assert_eq!(out.highlighted.outcome, Outcome::Highlighted);
    }

    #[test]
    fn language_ids_are_lowercase_tokens() {
        assert_eq!(language_id("C#"), "c-sharp");
        assert_eq!(language_id("C++"), "cpp");
        assert_eq!(language_id("Go module"), "go-module");
        assert_eq!(language_id("JavaScript"), "javascript");
    }

    /// What syntect's own generator writes, with unstyled classes and the
    /// spans left without any removed: the reference `SpanWriter` must match.
    fn syntect_then_compacted(token: &str, code: &str) -> String {
        let highlighter = Highlighter::new(None);
        let syntaxes = highlighter.syntaxes();
        let syntax = find_syntax(syntaxes, &syntax_mapping::canonical_token(token)).unwrap();
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
                find_syntax(syntaxes, &syntax_mapping::canonical_token(token)).unwrap(),
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

    /// The light scheme's rules that set a colour: each selector as its
    /// compound class lists (outermost first), with the colour.
    fn light_colour_rules() -> Vec<(Vec<Vec<String>>, String)> {
        let css = highlight_css();
        let light = &css[..css.find(":root[").unwrap()];
        let mut rules = Vec::new();
        let mut rest = light;
        while let Some(open) = rest.find('{') {
            let close = open + rest[open..].find('}').unwrap();
            let body = &rest[open + 1..close];
            let colour = body.split(';').find_map(|d| {
                let (property, value) = d.split_once(':')?;
                (property.trim() == "color").then(|| value.trim().to_string())
            });
            if let Some(colour) = colour {
                for selector in strip_comments(&rest[..open]).split(',') {
                    let compounds: Vec<Vec<String>> = selector
                        .split_whitespace()
                        .filter(|c| *c != "pre.vs-code")
                        .map(|c| {
                            c.split('.')
                                .filter(|x| !x.is_empty())
                                .map(String::from)
                                .collect()
                        })
                        .collect();
                    if !compounds.is_empty() {
                        rules.push((compounds, colour.clone()));
                    }
                }
            }
            rest = &rest[close + 1..];
        }
        rules
    }

    /// The colour of every byte of the code in `html`, as a browser would
    /// work it out from the light rules: the innermost span a rule matches
    /// decides (most classes first, later rules on a tie), else the
    /// block's default.
    fn colour_per_byte(html: &str, rules: &[(Vec<Vec<String>>, String)]) -> Vec<String> {
        fn matches(compound: &[String], classes: &[String]) -> bool {
            compound.iter().all(|c| classes.contains(c))
        }
        let colour_of = |stack: &[Vec<String>]| -> String {
            for depth in (0..stack.len()).rev() {
                let best = rules
                    .iter()
                    .filter(|(compounds, _)| {
                        let (last, ancestors) = compounds.split_last().unwrap();
                        if !matches(last, &stack[depth]) {
                            return false;
                        }
                        // Descendant selectors: each earlier compound on
                        // some ancestor, in order.
                        let mut up = depth;
                        ancestors.iter().rev().all(|compound| {
                            while up > 0 {
                                up -= 1;
                                if matches(compound, &stack[up]) {
                                    return true;
                                }
                            }
                            false
                        })
                    })
                    .enumerate()
                    .max_by_key(|(i, (compounds, _))| {
                        (compounds.iter().map(Vec::len).sum::<usize>(), *i)
                    });
                if let Some((_, (_, colour))) = best {
                    return colour.clone();
                }
            }
            "default".to_string()
        };
        let mut stack: Vec<Vec<String>> = Vec::new();
        let mut colours = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<span class=\"") {
                let end = after.find("\">").unwrap();
                stack.push(after[..end].split(' ').map(String::from).collect());
                rest = &after[end + 2..];
            } else if let Some(after) = rest.strip_prefix("</span>") {
                stack.pop();
                rest = after;
            } else {
                let next = rest.find('<').unwrap_or(rest.len());
                let text = rest[..next]
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'");
                let colour = colour_of(&stack);
                colours.extend(std::iter::repeat_n(colour, text.len()));
                rest = &rest[next..];
            }
        }
        colours
    }

    /// The two engines colour comments, strings, keywords, numbers and
    /// function names alike, through the one stylesheet.
    #[test]
    fn both_engines_give_the_same_colours_to_the_same_kinds_of_token() {
        // Each case: language, code, and the tokens to compare (comment,
        // string, keyword, number, function name).
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "js",
                "// note\nfunction greet(name) {\n  const n = 42;\n  return 'hi';\n}\n",
                &["// note", "'hi'", "return", "42", "greet"],
            ),
            (
                "ts",
                "// note\nfunction greet(name: string): string {\n  const n = 42;\n  return 'hi';\n}\n",
                &["// note", "'hi'", "return", "42", "greet"],
            ),
            (
                "python",
                "# note\ndef greet(name):\n    n = 42\n    return 'hi'\n",
                &["# note", "'hi'", "return", "42", "greet"],
            ),
            (
                "rust",
                "// note\nfn greet(name: &str) -> String {\n    let n = 42;\n    return String::from(\"hi\");\n}\n",
                &["// note", "\"hi\"", "return", "42", "greet"],
            ),
            (
                "go",
                "// note\nfunc greet(name string) string {\n\tn := 42\n\treturn \"hi\"\n}\n",
                &["// note", "\"hi\"", "return", "42", "greet"],
            ),
            (
                "java",
                "// note\nclass A {\n  String greet(String name) {\n    int n = 42;\n    return \"hi\";\n  }\n}\n",
                &["// note", "\"hi\"", "return", "42", "greet"],
            ),
            (
                "c",
                "// note\nconst char *greet(const char *name) {\n  int n = 42;\n  return \"hi\";\n}\n",
                &["// note", "\"hi\"", "return", "42", "greet"],
            ),
            (
                "php",
                "<?php\n// note\nfunction greet($name) {\n  $n = 42;\n  return 'hi';\n}\n",
                &["// note", "'hi'", "return", "42", "greet"],
            ),
            (
                "bash",
                "# note\ngreet() {\n  n=42\n  if true; then echo \"hi\"; fi\n}\n",
                &["# note", "\"hi\"", "if"],
            ),
            (
                "toml",
                "# note\nname = \"hi\"\nn = 42\n",
                &["# note", "\"hi\"", "42"],
            ),
            (
                "yaml",
                "# note\nname: \"hi\"\nn: 42\n",
                &["# note", "\"hi\"", "42"],
            ),
            ("json", "{\"name\": \"hi\", \"n\": 42}\n", &["\"hi\"", "42"]),
            (
                "css",
                "/* note */\np { margin: 42px; font-family: \"hi\"; }\n",
                &["/* note */", "\"hi\""],
            ),
            (
                "html",
                "<!-- note -->\n<p class=\"hi\">x</p>\n",
                &["<!-- note -->", "\"hi\""],
            ),
            (
                "cpp",
                "// note\nstd::string greet(const std::string& name) {\n  int n = 42;\n  return \"hi\";\n}\n",
                &["// note", "\"hi\"", "return", "42", "greet"],
            ),
            (
                "cs",
                "// note\nclass A {\n  string Greet(string name) {\n    int n = 42;\n    return \"hi\";\n  }\n}\n",
                &["// note", "\"hi\"", "return", "42", "Greet"],
            ),
            (
                "ruby",
                "# note\ndef greet(name)\n  n = 42\n  return 'hi'\nend\n",
                &["# note", "'hi'", "return", "42", "greet"],
            ),
            (
                "sql",
                "-- note\nSELECT name FROM users WHERE id = 42 AND name = 'hi';\n",
                &["-- note", "'hi'", "SELECT", "42"],
            ),
        ];
        let rules = light_colour_rules();
        let fast = Highlighter::new(None);
        let syntect = Highlighter::new(None).with_engines(Engines::SyntectOnly);
        let mut differences = Vec::new();
        for (language, code, tokens) in cases {
            let a = fast.highlight(explicit(language), code, "x");
            let b = syntect.highlight(explicit(language), code, "x");
            assert_ne!(
                a.highlighted.html, b.highlighted.html,
                "{language}: two engines ran"
            );
            let fast_colours = colour_per_byte(&a.highlighted.html, &rules);
            let syntect_colours = colour_per_byte(&b.highlighted.html, &rules);
            assert_eq!(
                fast_colours.len(),
                code.len(),
                "{language}: {}",
                a.highlighted.html
            );
            assert_eq!(syntect_colours.len(), code.len(), "{language}");
            for token in *tokens {
                let at = code.find(token).unwrap();
                let range = at..at + token.len();
                let coloured = |colours: &[String]| {
                    let set: std::collections::BTreeSet<&String> =
                        colours[range.clone()].iter().collect();
                    set.into_iter().cloned().collect::<Vec<_>>().join("/")
                };
                let (x, y) = (coloured(&fast_colours), coloured(&syntect_colours));
                if x != y || x == "default" {
                    differences.push(format!(
                        "{language} `{token}`: tree-sitter {x}, syntect {y}"
                    ));
                }
            }
        }
        assert!(differences.is_empty(), "{}", differences.join("\n"));
    }

    #[test]
    fn css_scopes_dark_rules_to_the_dark_scheme() {
        let css = highlight_css();
        assert!(css.contains(":root[data-theme=\"dark\"] pre.vs-code .hl-"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert!(!css.contains("style="));
    }
}
