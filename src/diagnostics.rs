//! What went wrong, where, and how to fix it.
//!
//! Every problem versus finds in a site is a [`Diagnostic`]: a [`Problem`]
//! (what), an optional [`Location`] (file, line, column) and the severity. A
//! build collects all of them before it stops, so an author sees every problem
//! of a site in one run.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::SourceFile;

/// How bad a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; the site still builds.
    Warning,
    /// The site cannot be built until this is fixed.
    Error,
}

/// Every kind of problem versus reports, with the facts its message needs.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Problem {
    /// Reading, writing or listing a file or folder failed.
    #[error("could not {action} `{path}`: {source}")]
    Io {
        /// What versus was doing: `read`, `write`, `list`, …
        action: &'static str,
        /// The path, as the author sees it.
        path: String,
        /// The error of the operating system.
        source: Arc<std::io::Error>,
    },
    /// A path that should be a file is a FIFO, socket, device or folder.
    #[error("`{path}` is {kind}, not a file: versus reads only regular files")]
    NotRegularFile {
        /// The path, as the author sees it.
        path: String,
        /// What the path is instead.
        kind: &'static str,
    },
    /// A file is larger than versus reads.
    #[error("`{path}` has {size} bytes, more than the {limit} versus reads from one file")]
    FileTooLarge {
        /// The path, as the author sees it.
        path: String,
        /// Its size in bytes.
        size: u64,
        /// The limit, in words.
        limit: String,
    },
    /// The cache cannot be used; the build goes on without it.
    #[error("the cache could not be used, so this build went on without it: {reason}")]
    CacheUnusable {
        /// Why, in words.
        reason: String,
    },
    /// A text file is not UTF-8.
    #[error("this file is not UTF-8 text (the first invalid byte is at offset {byte})")]
    NotUtf8 {
        /// Offset of the first byte that is not UTF-8.
        byte: usize,
    },
    /// A file starts with a UTF-16 byte-order mark but is not UTF-16.
    #[error(
        "`{path}` starts with a UTF-16 byte-order mark but is not UTF-16 text (at byte {byte})"
    )]
    BadUtf16 {
        /// The file, relative to the site root.
        path: String,
        /// Offset of the unit that breaks it.
        byte: usize,
    },
    /// The site folder has no `versus.toml`.
    #[error("no `versus.toml` in `{root}`")]
    MissingConfig {
        /// The site folder.
        root: String,
    },
    /// `versus.toml` is not valid TOML.
    #[error("{message}")]
    TomlSyntax {
        /// What is wrong, in words.
        message: String,
    },
    /// A field of `versus.toml` or of front matter has a wrong name, type or value.
    #[error("{message}")]
    BadField {
        /// What is wrong, in words.
        message: String,
    },
    /// `base_url` is not an absolute http or https URL.
    #[error("`base_url` must be an absolute http or https URL, found `{value}` ({reason})")]
    BaseUrl {
        /// The value as written.
        value: String,
        /// Why, in words.
        reason: String,
    },
    /// `theme` names no theme of the site and no built-in one.
    #[error("unknown theme `{name}`")]
    UnknownTheme {
        /// The name as written.
        name: String,
        /// Where versus looked.
        searched: String,
    },
    /// `theme` names a folder outside the site's `themes/`.
    #[error("`theme = {value:?}` must name a folder of the site's `themes/` or a built-in theme")]
    ThemeOutsideSite {
        /// The value as written.
        value: String,
    },
    /// The site has no `content` folder.
    #[error("no `content` folder: a site keeps its reports in `content/<report>/index.md`")]
    NoContent,
    /// A Markdown file does not start with front matter.
    #[error("no front matter: this file must start with `+++` (TOML) or `---` (YAML)")]
    NoFrontMatter,
    /// Front matter is opened and never closed.
    #[error("the front matter opened with `{fence}` is never closed")]
    UnclosedFrontMatter {
        /// The opening fence: `+++` or `---`.
        fence: &'static str,
    },
    /// Front matter is not valid TOML or YAML.
    #[error("invalid {format} front matter: {message}")]
    FrontMatterSyntax {
        /// `TOML` or `YAML`.
        format: &'static str,
        /// What is wrong, in words.
        message: String,
    },
    /// A report has fewer than two contenders.
    #[error("a report needs at least 2 contenders, found {count}")]
    TooFewContenders {
        /// How many there are.
        count: usize,
    },
    /// A report has more contenders than fit a page.
    #[error("a report takes at most 6 contenders, found {count}")]
    TooManyContenders {
        /// How many there are.
        count: usize,
    },
    /// Two contenders share an id.
    #[error("contender id `{id}` is declared twice")]
    DuplicateContender {
        /// The contender id.
        id: String,
    },
    /// A contender id has characters other than lowercase letters, digits and `-`.
    #[error("contender id `{id}` must be lowercase letters, digits and `-`")]
    InvalidContenderId {
        /// The contender id.
        id: String,
    },
    /// A colour is not written as `#rgb` or `#rrggbb`.
    #[error("`{value}` is not a colour: write it as `#rgb` or `#rrggbb`")]
    InvalidColor {
        /// The value as written.
        value: String,
    },
    /// A date is not a `YYYY-MM-DD` day of the calendar.
    #[error("`{value}` is not a date: {reason}")]
    InvalidDate {
        /// The value as written.
        value: String,
        /// Why, in words (`February 2026 has 28 days`).
        reason: String,
    },
    /// A per-contender table (`points`, `highlight`) names a contender the
    /// report does not have.
    #[error("unknown contender `{id}` in `{table}`")]
    UnknownContender {
        /// The contender id.
        id: String,
        /// The ids the report has.
        known: Vec<String>,
        /// The table that names it.
        table: String,
    },
    /// A brand colour too light for text on white.
    #[error(
        "brand colour `{value}` has a contrast of {ratio:.1}:1 on white, under 4.5:1: text in this contender's colour (the infographic's scores, the page's labels) uses `{darker}` instead"
    )]
    LowContrast {
        /// The colour as normalised.
        value: String,
        /// Its contrast with white.
        ratio: f64,
        /// The shade text uses instead.
        darker: String,
    },
    /// A contender name holds a character the card fonts have no glyph for.
    #[error(
        "the card fonts cannot draw `{ch}` in the name `{name}`: the social card and infographic would show an empty box"
    )]
    UndrawableName {
        /// The name as written.
        name: String,
        /// The first character that cannot be drawn.
        ch: char,
    },
    /// A meta description longer than search engines show.
    #[error("`{key}` is {length} characters long: search engines cut descriptions after about 160")]
    LongDescription {
        /// `summary` or `description`.
        key: &'static str,
        /// Its length in characters.
        length: usize,
    },
    /// A file of a criterion folder named like the sample of a contender
    /// that does not exist.
    #[error("`{file}` looks like a sample, but no contender has the id `{stem}`")]
    StraySample {
        /// The file, as the author sees it.
        file: String,
        /// The name before the extension.
        stem: String,
        /// The sample name it most likely means.
        suggestion: String,
    },
    /// Something comes before the opening front matter fence.
    #[error("the front matter must open on the first line, but {what} before `{fence}`")]
    FenceNotFirst {
        /// What comes before, with its verb (`a blank line comes`).
        what: String,
        /// The fence.
        fence: &'static str,
    },
    /// An include marker names a file that does not exist.
    #[error("included file `{path}` does not exist: looked for `{looked}`")]
    MissingInclude {
        /// The path as written.
        path: String,
        /// Where versus looked, from the site root.
        looked: String,
        /// The same path read from the site root, when that file exists.
        from_root: Option<String>,
    },
    /// Highlighted lines outside the lines a block shows.
    #[error("`{what}` highlights line {line}, but {reason}")]
    HighlightOutside {
        /// The setting (`highlight.node`, `hl=`).
        what: String,
        /// The first line outside.
        line: usize,
        /// What the block shows, in words.
        reason: String,
    },
    /// Points are not a whole number of 0 or more.
    #[error("points for `{id}` must be a whole number of 0 or more, found {value}")]
    InvalidPoints {
        /// The contender id.
        id: String,
        /// The value as written.
        value: String,
    },
    /// A criterion has neither a numeric prefix nor a `weight`.
    #[error("criterion `{name}` has no position: give its name a numeric prefix or set `weight`")]
    NoPosition {
        /// The name as written.
        name: String,
    },
    /// Two criteria take the same position.
    #[error("criteria `{first}` and `{second}` both take position {position}")]
    DuplicatePosition {
        /// The position both take.
        position: i64,
        /// The first of the two.
        first: String,
        /// The second of the two.
        second: String,
    },
    /// Two criteria have the same slug.
    #[error("criteria `{first}` and `{second}` have the same slug `{slug}`")]
    DuplicateSlug {
        /// The slug both have.
        slug: String,
        /// The first of the two.
        first: String,
        /// The second of the two.
        second: String,
    },
    /// A sample or include lies outside the site folder.
    #[error("sample `{path}` is outside the site folder")]
    OutsideRoot {
        /// The path, as the author sees it.
        path: String,
    },
    /// An include marker cannot be read.
    #[error("`{marker}` is not a valid include marker: {reason}")]
    BadMarker {
        /// The marker as written.
        marker: String,
        /// Why, in words.
        reason: String,
    },
    /// The options after a code fence's language cannot be read.
    #[error("the code block options `{info}` are not valid: {reason}")]
    BadFenceOptions {
        /// The fence's info string as written.
        info: String,
        /// Why, in words.
        reason: String,
    },
    /// A line range runs past the end of its file.
    #[error("line range {range} is outside `{path}`, which has {lines} lines")]
    BadLineRange {
        /// The range as written.
        range: String,
        /// The path, as the author sees it.
        path: String,
        /// How many lines the file has.
        lines: usize,
    },
    /// A criterion has samples for some contenders but not all.
    #[error("criterion `{name}` has samples for {present} but none for {missing}")]
    IncompletePair {
        /// The name as written.
        name: String,
        /// The contenders that have samples.
        present: String,
        /// The contenders that have none.
        missing: String,
    },
    /// A code block names a language versus cannot highlight.
    #[error("unknown language `{lang}`: shown as plain text")]
    UnknownLanguage {
        /// The language as written.
        lang: String,
    },
    /// No detection rule found a grammar for a file.
    #[error(
        "no grammar for `{file}` (by its name, its extension or its first line): shown as plain text"
    )]
    NoGrammarForFile {
        /// The file's name.
        file: String,
    },
    /// The site's `[languages]` table names a language no grammar knows.
    #[error(
        "`[languages]` in versus.toml maps `{key}` to `{language}`, which no grammar knows: shown as plain text"
    )]
    UnknownMappedLanguage {
        /// The key of the table that matched.
        key: String,
        /// The language it names.
        language: String,
    },
    /// Highlighting a block ran out of time.
    #[error("highlighting `{what}` took longer than {limit_ms} ms: shown as plain text")]
    HighlightTimeout {
        /// The block, named for the author.
        what: String,
        /// The time budget in milliseconds.
        limit_ms: u128,
    },
    /// A template failed to load or render.
    #[error("template `{name}`: {message}")]
    Template {
        /// The name as written.
        name: String,
        /// What is wrong, in words.
        message: String,
    },
    /// `versus init` was given a folder that is not empty.
    #[error("`versus init` starts a site in a new or empty folder, and `{path}` is not empty")]
    InitNotEmpty {
        /// The path, as the author sees it.
        path: String,
    },
    /// The output folder is one versus refuses to replace.
    #[error("refusing to use `{path}` as the output folder: {reason}")]
    UnsafeOutput {
        /// The path, as the author sees it.
        path: String,
        /// Why, in words.
        reason: String,
    },
    /// One output file is in the way of a folder another needs.
    #[error("`{first}` is a file, but `{second}` needs a folder of that name in the output")]
    OutputCollision {
        /// The first of the two.
        first: String,
        /// The second of the two.
        second: String,
    },
    /// A static file has the path of a generated page.
    #[error("`{path}` would replace the page `{page}` that versus generates")]
    StaticReplacesPage {
        /// The path, as the author sees it.
        path: String,
        /// The output page concerned.
        page: String,
    },
    /// The output folder holds files versus did not write.
    #[error("output folder `{path}` holds files that versus did not write")]
    ForeignOutput {
        /// The path, as the author sees it.
        path: String,
    },
    /// A template extends or includes one that no template folder has.
    #[error("template `{wanted_by}` {how} `{name}`, which no template folder has")]
    MissingTemplate {
        /// The template looked for.
        name: String,
        /// The template that asked for it.
        wanted_by: String,
        /// `extends` or `includes`.
        how: &'static str,
        /// Where versus looked, in words.
        searched: String,
    },
    /// `code_theme_light` or `code_theme_dark` names no bundled scheme.
    #[error("unknown code colour scheme `{name}`")]
    UnknownCodeTheme {
        /// The name as written.
        name: String,
        /// The closest bundled name.
        suggestion: Option<String>,
    },
    /// A stylesheet of `extra_css` is not in `static/`.
    #[error("stylesheet `{name}` of `extra_css` is not in `static/`")]
    MissingExtraCss {
        /// The name as written.
        name: String,
    },
    /// A link of the output leads nowhere.
    #[error("broken link `{href}` on page `{page}`: {reason}")]
    BrokenLink {
        /// The output page concerned.
        page: String,
        /// The link as written.
        href: String,
        /// Why, in words.
        reason: String,
    },
    /// `versus serve` could not listen or watch.
    #[error("{message}")]
    Serve {
        /// What is wrong, in words.
        message: String,
    },
    /// A plugin failed or reported a problem.
    #[error("{message}")]
    Plugin {
        /// The plugin's name.
        plugin: String,
        /// What is wrong, in words.
        message: String,
    },
    /// A run command has no `{file}` placeholder.
    #[error("the run command `{command}` has no `{{file}}` placeholder for the sample's path")]
    NoFilePlaceholder {
        /// The command, joined with spaces.
        command: String,
    },
    /// A sample's runtime cannot be started.
    #[error("runtime `{program}` is not installed or not on the PATH: {reason}")]
    UnknownRuntime {
        /// The program.
        program: String,
        /// The operating system's reason.
        reason: String,
    },
    /// Nothing says how to run a sample.
    #[error(
        "no command runs `{sample}`: neither contender `{contender}` nor `[run]` in versus.toml says how to run `.{language}` files"
    )]
    NoRunCommand {
        /// The sample.
        sample: String,
        /// Its contender.
        contender: String,
        /// Its extension.
        language: String,
    },
    /// A sample timed out, flooded its output, or could not run.
    #[error("sample `{sample}` {what}")]
    RunFailed {
        /// The sample.
        sample: String,
        /// What happened.
        what: String,
    },
    /// A sample ended with another status than expected.
    #[error("sample `{sample}` ended with {status}, expected exit {expected}")]
    UnexpectedExit {
        /// The sample.
        sample: String,
        /// How it ended.
        status: String,
        /// The status `expect_exit` asks for.
        expected: i32,
    },
    /// A sample printed something else than its `.out` file holds.
    #[error("sample `{sample}` printed something else than `{expected}` holds:\n{diff}")]
    OutputMismatch {
        /// The sample.
        sample: String,
        /// Its `.out` file.
        expected: String,
        /// The unified diff.
        diff: String,
    },
    /// A `.out` file with no sample beside it.
    #[error("`{file}` is expected output, but there is no sample `{stem}.*` beside it")]
    OrphanOutput {
        /// The `.out` file.
        file: String,
        /// Its name without the extension.
        stem: String,
    },
    /// A chart's data is missing or malformed.
    #[error("{message}")]
    BadData {
        /// What is wrong, in words.
        message: String,
    },
    /// A measured sample changed since its numbers were taken.
    #[error("sample `{sample}` changed since its numbers in `{file}` were measured")]
    StaleMeasurements {
        /// The sample.
        sample: String,
        /// Its `measurements.toml`.
        file: String,
    },
    /// `versus measure` could not measure.
    #[error("{message}")]
    Measure {
        /// What is wrong, in words.
        message: String,
    },
}

impl Problem {
    /// Whether this problem commonly causes others elsewhere, so it is
    /// reported before them.
    pub fn is_root_cause(&self) -> bool {
        matches!(
            self,
            Problem::DuplicateContender { .. }
                | Problem::InvalidContenderId { .. }
                | Problem::TooFewContenders { .. }
                | Problem::TooManyContenders { .. }
        )
    }

    /// A suggested fix, where one is obvious.
    pub fn help(&self) -> Option<String> {
        let text = match self {
            Problem::MissingConfig { .. } => {
                "run `versus init DIR` to start a site, or pass `--root DIR`".to_string()
            }
            Problem::UnknownTheme { searched, .. } => {
                format!("looked in {searched}; use `theme = \"default\"` for the built-in theme")
            }
            Problem::NoFrontMatter => {
                "add a first line `+++`, then `title = \"…\"`, then a closing `+++`".to_string()
            }
            Problem::UnclosedFrontMatter { fence } => {
                format!("add a line holding only `{fence}` after the last front matter line")
            }
            Problem::UnknownContender { id, known, .. } => {
                let close = closest(id, known.iter().map(String::as_str));
                match close {
                    Some(close) => {
                        format!("did you mean `{close}`? contenders: {}", known.join(", "))
                    }
                    None => format!("the report's contenders are: {}", known.join(", ")),
                }
            }
            Problem::NotRegularFile { .. } => {
                "replace it by a regular file, or move it out of the site folder".to_string()
            }
            Problem::FileTooLarge { .. } => {
                "split it into smaller files, or include only the lines that matter with `file:3-12`"
                    .to_string()
            }
            Problem::CacheUnusable { .. } => {
                "the cache only saves time: delete its folder, set `VERSUS_CACHE_DIR`, or build with `--no-cache`"
                    .to_string()
            }
            Problem::OutputCollision { .. } | Problem::StaticReplacesPage { .. } => {
                "rename or remove the file in `static/`, or rename the report".to_string()
            }
            Problem::ThemeOutsideSite { .. } => {
                "copy the theme into `themes/<name>/` and write `theme = \"<name>\"`, or use `theme = \"default\"`".to_string()
            }
            Problem::BadFenceOptions { .. } => {
                "write the language, then `numbers` and lines counted from 1, like ```js numbers hl=2,4-6".to_string()
            }
            Problem::InvalidPoints { .. } => "write points like `node = 1`".to_string(),
            Problem::InvalidColor { value } => {
                match crate::load::checks::colour_suggestion(value) {
                    Some(hex) => format!("did you mean `\"{hex}\"`? colours are written `#rrggbb`"),
                    None => "write a colour as `#rrggbb`, like `\"#417e38\"`".to_string(),
                }
            }
            Problem::InvalidDate { .. } => "write the day the facts were checked, like `2026-02-28`".to_string(),
            Problem::DuplicateContender { .. } => "give each contender its own id; errors about unknown contenders below may come from this one".to_string(),
            Problem::LowContrast { .. } => "choose a darker brand colour to keep it as it is everywhere".to_string(),
            Problem::UndrawableName { .. } => "drop the character from `name`, or add a font that has it to the theme's `fonts/` folder".to_string(),
            Problem::LongDescription { .. } => "shorten it to one sentence of at most 160 characters".to_string(),
            Problem::StraySample { file, suggestion, .. } => format!(
                "did you mean `{suggestion}`? rename `{file}` so it is shown as that contender's sample"
            ),
            Problem::FenceNotFirst { .. } => "delete what comes before the opening fence, so that it is the file's first line".to_string(),
            Problem::MissingInclude { from_root: Some(path), .. } => format!(
                "a path without a leading `/` is read from the Markdown file's folder; from the site root it is `{path}`, which exists"
            ),
            Problem::MissingInclude { .. } => "paths are read from the Markdown file's folder, or from the site root when they start with `/`".to_string(),
            Problem::HighlightOutside { .. } => "highlight lines that the block shows".to_string(),
            Problem::NoPosition { .. } => {
                "rename it like `03-speed.md`, or add `weight = 3`".to_string()
            }
            Problem::DuplicatePosition { .. } => {
                "give one of them another numeric prefix or `weight`".to_string()
            }
            Problem::OutsideRoot { .. } => {
                "samples must live inside the site folder; copy the file into it".to_string()
            }
            Problem::BadMarker { .. } => {
                "write `<!-- versus:include path/to/file.js -->` or `… file.js:3-12 -->`"
                    .to_string()
            }
            Problem::MissingTemplate { name, searched, .. } => format!(
                "looked in {searched}; add `templates/{name}` to the site or fix the name"
            ),
            Problem::UnknownCodeTheme { suggestion, .. } => match suggestion {
                Some(close) => format!("did you mean `{close}`? `versus themes` lists the bundled schemes"),
                None => "`versus themes` lists the bundled schemes".to_string(),
            },
            Problem::MissingExtraCss { name } => format!(
                "put the file at `static/{name}`, or fix its name; `extra_css` names files of `static/`"
            ),
            Problem::InitNotEmpty { .. } => {
                "give `versus init` the name of a folder that does not exist yet, like `versus init my-reports`".to_string()
            }
            Problem::ForeignOutput { .. } => {
                "choose an empty folder with `--output`, or delete this one if it is disposable"
                    .to_string()
            }
            Problem::TooFewContenders { .. } => {
                "declare each contender as a `[[contenders]]` table with `id`, `name` and `color`"
                    .to_string()
            }
            Problem::Template { message, .. } if message.contains("Unknown tag") => {
                "a `{% if %}`, `{% for %}` or `{% block %}` above this line may be missing its end tag".to_string()
            }
            Problem::BrokenLink { reason, .. } if reason.starts_with("no element") => {
                "link to an id on that page: a heading's id is its text in lowercase with dashes, a criterion's is its slug".to_string()
            }
            Problem::BrokenLink { .. } => {
                "a relative link is read from the Markdown file's folder: put the file there, or in `static/` and link to it from the site root with a leading `/`".to_string()
            }
            Problem::NotUtf8 { .. } | Problem::BadUtf16 { .. } => {
                "save the file as UTF-8 (UTF-16 with a byte-order mark is read too)".to_string()
            }
            Problem::NoGrammarForFile { file } => {
                let key = match file.rsplit_once('.') {
                    Some((stem, extension)) if !stem.is_empty() => extension,
                    _ => file.as_str(),
                };
                format!(
                    "in versus.toml, add `{key:?} = \"text\"` (or any language name) under `[languages]`"
                )
            }
            Problem::UnknownLanguage { .. } | Problem::UnknownMappedLanguage { .. } => {
                "use a language name or extension such as `python`, `ts`, `dockerfile` or `text`"
                    .to_string()
            }
            Problem::IncompletePair { .. } => {
                "name each sample file by its contender's id, like `node.js` and `python.py`"
                    .to_string()
            }
            Problem::NoFilePlaceholder { .. } => {
                "put `{file}` where the sample's path goes, like [\"node\", \"{file}\"]".to_string()
            }
            Problem::UnknownRuntime { program, .. } => format!(
                "install `{program}`, or change the command to the program's full path (`which {program}` prints it)"
            ),
            Problem::NoRunCommand { contender, language, .. } => format!(
                "add `run = [\"<program>\", \"{{file}}\"]` to contender `{contender}` in the report's index.md, or `[run]` `{language} = [\"<program>\", \"{{file}}\"]` to versus.toml"
            ),
            Problem::UnexpectedExit { .. } => {
                "fix the sample, or set `expect_exit` in the criterion's front matter if the status is intended".to_string()
            }
            Problem::OutputMismatch { expected, .. } => format!(
                "if the new output is right, run `versus build --bless` to write it into `{expected}`"
            ),
            Problem::OrphanOutput { .. } => {
                "rename it after a sample (`node.out` beside `node.js`), or delete it".to_string()
            }
            Problem::StaleMeasurements { .. } => {
                "run `versus measure` again so the chart shows numbers of this code".to_string()
            }
            _ => return None,
        };
        Some(text)
    }
}

/// Where a diagnostic points: a file and, when known, a byte range in it.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The bytes the problem is about, if it is about some.
    pub range: Option<Range<usize>>,
}

impl Location {
    /// A whole file.
    pub fn file(file: &Arc<SourceFile>) -> Self {
        Location {
            file: Arc::clone(file),
            range: None,
        }
    }

    /// Some bytes of a file.
    pub fn span(file: &Arc<SourceFile>, range: Range<usize>) -> Self {
        let text = file.text.as_str();
        let mut start = range.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = range.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Location {
            file: Arc::clone(file),
            range: Some(start..end),
        }
    }

    /// The 1-based line and column of the start, when there is a range.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        self.range.as_ref().map(|r| self.file.line_col(r.start))
    }
}

/// One problem, where it is and how bad it is.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong (boxed: diagnostics travel in every `Result`).
    pub problem: Box<Problem>,
    /// Where, if it is about a place.
    pub location: Option<Location>,
    /// A hint that overrides [`Problem::help`].
    pub note: Option<Box<str>>,
}

impl Diagnostic {
    /// An error.
    pub fn error(problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Error,
            problem: Box::new(problem),
            location: None,
            note: None,
        }
    }

    /// A warning.
    pub fn warning(problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(problem)
        }
    }

    /// Points the diagnostic at a place.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Points the diagnostic at a place, if there is one.
    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Adds a hint of its own.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into().into_boxed_str());
        self
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The hint shown under the message, if any.
    pub fn help(&self) -> Option<String> {
        self.note
            .as_deref()
            .map(str::to_string)
            .or_else(|| self.problem.help())
    }

    /// `file:line:column`, or `file`, or nothing.
    pub fn position(&self) -> Option<String> {
        let location = self.location.as_ref()?;
        Some(match location.line_col() {
            Some((line, column)) => format!("{}:{line}:{column}", location.file.display),
            None => location.file.display.clone(),
        })
    }

    /// Renders the diagnostic with a snippet of the source, in colour when
    /// `styled` is set.
    pub fn render(&self, styled: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = self.problem.to_string();
        let help = self.help();
        let mut group = Group::with_title(level.primary_title(message.as_str()));
        match &self.location {
            Some(Location {
                file,
                range: Some(range),
            }) => {
                let snippet = Snippet::source(file.text.as_str())
                    .path(file.display.as_str())
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(range.clone()));
                group = group.element(snippet);
            }
            Some(Location { file, range: None }) => {
                group = group.element(Level::NOTE.message(format!("in {}", file.display)));
            }
            None => {}
        }
        let mut report: Vec<Group> = vec![group];
        if let Some(help) = &help {
            report.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&report)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// All the diagnostics of one build, errors and warnings.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Whether any of them stops the build.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// All of them, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file and position so output is stable whatever the thread
    /// that found each one.
    ///
    /// Problems that cause others (a contender id declared twice makes its
    /// points "unknown" elsewhere) come first, so an author fixes the cause.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    !d.problem.is_root_cause(),
                    d.location.as_ref().map(|l| {
                        (
                            l.file.display.clone(),
                            l.range.as_ref().map_or(0, |r| r.start),
                        )
                    }),
                )
            };
            key(a).cmp(&key(b))
        });
    }

    /// Drops repeats: a problem of a plugin run is kept by every report of
    /// the run, but said once. Call after [`Diagnostics::sort`].
    pub fn dedup(&mut self) {
        self.items
            .dedup_by(|a, b| a.render(false) == b.render(false));
    }

    /// Renders every diagnostic, one after another.
    pub fn render(&self, styled: bool) -> String {
        self.items
            .iter()
            .map(|d| d.render(styled))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The candidate closest to `word` by edit distance, if one is close enough
/// to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn strsim_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_stay_small() {
        // They travel in every `Result` of the loader; keep them cheap to move.
        assert!(
            std::mem::size_of::<Diagnostic>() <= 128,
            "{}",
            std::mem::size_of::<Diagnostic>()
        );
    }

    #[test]
    fn closest_suggests_typos_but_not_strangers() {
        let known = ["node", "python"];
        assert_eq!(closest("nod", known), Some("node"));
        assert_eq!(closest("pyhton", known), Some("python"));
        assert_eq!(closest("ruby", known), None);
    }

    #[test]
    fn rendered_error_names_file_line_and_column() {
        let file = Arc::new(SourceFile::new(
            "x.md",
            "content/r/x.md",
            "+++\ntitle = 1\n+++\n",
        ));
        let diagnostic = Diagnostic::error(Problem::BadField {
            message: "bad".into(),
        })
        .at(Location::span(&file, 12..13));
        let text = diagnostic.render(false);
        assert!(text.contains("content/r/x.md:2:9"), "{text}");
        assert!(text.contains("error"), "{text}");
    }
}
