//! Generates a synthetic versus site, for benchmarks.
//!
//! ```text
//! cargo run --release --example synthetic_site -- --criteria N --out DIR [--eleventy DIR2] [--seed S]
//! ```
//!
//! The site holds N criteria spread over reports of 10 to 20 criteria each
//! (Node.js against Python). Every criterion has about 400 words of prose with
//! one bulleted list and one table, and a pair of code samples (`node.js` and
//! `python.py`) that are syntactically valid and distinct across the site.
//! The output depends only on N and the seed.
//!
//! With `--eleventy DIR2`, the same reports are also written as the input
//! folder of an Eleventy project, for `bench/eleventy.sh`: one Markdown page
//! per report (versus builds one page per report), holding the report's
//! introduction and, for each criterion, its title, summary, prose and the
//! same two samples as fenced `js` and `python` blocks; a Liquid layout; and
//! a home page listing the reports. The versus layout is the same with or
//! without it.
//!
//! DIR and DIR2 are created if missing. An existing folder is only used when
//! it is empty or holds the `.synthetic-site` marker this program writes; it
//! is then emptied and written again, so user data is never clobbered.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::LazyLock;

use fastrand::Rng;

const USAGE: &str = "\
usage: cargo run --release --example synthetic_site -- --criteria N --out DIR [--eleventy DIR2] [--seed S]

  --criteria N     number of criteria to generate (at least 1)
  --out DIR        output folder; must be missing, empty, or made by this program
  --eleventy DIR2  also write the same pages as an Eleventy input folder, with the
                   same rules as DIR
  --seed S         seed of the pseudo-random generator (default 1)";

/// Name of the file that marks a folder as written by this program.
const MARKER: &str = ".synthetic-site";

const MARKER_TEXT: &str = "\
This folder was written by versus's examples/synthetic_site.rs.
It is deleted and written again on every run: keep nothing of value here.
";

const DATE: &str = "2026-11-26";

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

const NOUN_TEXT: &str = "
    latency throughput cache buffer stream socket thread process scheduler compiler
    interpreter runtime module package dependency registry library framework handler
    callback promise coroutine generator iterator closure object array dictionary tuple
    string integer allocator collector heap stack queue pipeline worker cluster container
    image deployment endpoint request response header payload schema query index
    transaction connection pool driver adapter middleware router template renderer parser
    lexer token grammar syntax benchmark profile trace metric counter gauge histogram log
    event signal timer interval timeout retry backoff checkpoint snapshot migration version
    release patch build artifact binary bytecode loop branch function method class instance
    interface protocol type annotation decorator test fixture mock assertion coverage linter
    formatter toolchain debugger breakpoint console terminal shell script environment
    variable configuration secret certificate key hash checksum digest encoding codec
    serializer format file directory path descriptor permission user session cookie
    identity gateway proxy balancer server client browser network packet frame bandwidth
    memory storage disk database table column row record field cursor batch chunk shard
    replica partition lock mutex semaphore channel message broker topic subscriber
    publisher webhook job task daemon service API SDK CLI extension plugin binding wrapper
    workload footprint overhead regression upgrade ecosystem community maintainer
";

const ADJ_TEXT: &str = "
    asynchronous synchronous concurrent parallel blocking non-blocking lazy eager static
    dynamic typed untyped immutable mutable persistent transient distributed local remote
    native portable modular monolithic stateless stateful idempotent deterministic
    incremental recursive iterative compiled interpreted optimized verbose minimal robust
    scalable lightweight heavyweight predictable consistent reliable secure encrypted
    compressed cached buffered streaming batched scheduled nested generic explicit implicit
    declarative imperative functional isolated shared global internal external stable
    experimental deprecated mature idiomatic cold warm hot sparse dense
";

const VERB_TEXT: &str = "
    handles parses compiles allocates schedules caches buffers streams serializes validates
    resolves rejects awaits spawns forks joins blocks yields returns throws catches logs
    traces measures profiles optimizes inlines bundles transpiles installs imports exports
    loads unloads reads writes flushes retries reuses shares locks releases encodes decodes
    compresses hashes indexes queries migrates deploys scales balances routes renders formats
    lints tests mocks benchmarks tunes exposes wraps extends reduces improves simplifies
    complicates limits supports requires favors hides reveals amortizes saturates
";

const ADV_TEXT: &str = "
    quickly reliably efficiently predictably rarely often usually typically consistently
    explicitly implicitly lazily eagerly safely noticeably slightly significantly easily
    gracefully transparently automatically manually concurrently sequentially idiomatically
";

const PREP_TEXT: &str = "in under with across for through during without behind over after before";

const DETS: &[&str] = &[
    "the", "the", "the", "each", "every", "this", "its", "a single", "any",
];

const SUBJECTS: &[&str] = &[
    "Node.js",
    "Python",
    "the Node.js runtime",
    "CPython",
    "the Python interpreter",
    "V8",
    "the npm registry",
    "the pip resolver",
];

const OPENERS: &[&str] = &[
    "In practice,",
    "By default,",
    "Under load,",
    "In our tests,",
    "For most teams,",
    "On the other hand,",
    "As a result,",
    "In contrast,",
    "Out of the box,",
    "Over time,",
];

const CONJUNCTIONS: &[&str] = &["while", "but", "and", "so", "whereas", "although"];

const NODE_APIS: &[&str] = &[
    "Promise.all()",
    "worker_threads",
    "process.nextTick()",
    "fs.promises",
    "Buffer.from()",
    "EventEmitter",
    "npm ci",
    "node --watch",
    "AbortController",
    "structuredClone()",
];

const PYTHON_APIS: &[&str] = &[
    "asyncio.gather()",
    "multiprocessing",
    "functools.lru_cache",
    "pip install",
    "typing.Protocol",
    "dataclasses",
    "pathlib.Path",
    "json.loads()",
    "concurrent.futures",
    "contextlib",
];

// Identifier parts for the code samples: lowercase ASCII words that are no
// keyword on their own, and always joined in pairs, so no reserved word of
// JavaScript or Python can come out.
const ID_VERB_TEXT: &str = "
    parse load fetch build render collect merge split encode decode compute resolve validate
    normalize schedule flush drain sync format filter sort group count measure sample track
    emit dispatch refresh restore prepare compile bundle apply score rank clamp scale wrap
    pack unpack hash sign verify read write open close retry enqueue dequeue allocate
    release summarize
";

const ID_NOUN_TEXT: &str = "
    queue cache buffer stream socket worker task job batch chunk record entry event message
    packet frame token session request response header payload config option setting route
    handler metric counter sample report result score limit budget window interval timeout
    offset cursor shard replica lease ticket digest checksum manifest bundle module plugin
    layer node edge graph tree path file folder label tag field column row table pool slot
    bucket snapshot version release profile trace span ledger invoice order cart user account
";

const ID_ADJ_TEXT: &str = "
    pending active cached stale fresh raw parsed sorted merged total max min current next
    previous default local remote shared primary secondary initial final partial filtered
    grouped visible hidden latest oldest
";

const CLASS_SUFFIX_TEXT: &str = "
    Manager Worker Store Client Registry Builder Pool Scheduler Tracker Parser Cache Queue
    Router Handler Loader Writer Reader Buffer Monitor Adapter
";

const CONST_PREFIX_TEXT: &str = "MAX MIN DEFAULT BASE INITIAL STEP BATCH RETRY";

// Single-word names used inside functions; the three lists are disjoint.
const PARAM_TEXT: &str = "
    items values limit factor offset threshold payload entries records options delay size
    weight depth ratio budget source target prefix capacity interval retries timeout url host
    port label scale step
";
const LOCAL_TEXT: &str =
    "total result best current found output matched tally accumulated collected";
const LOOP_VAR_TEXT: &str = "item entry element row part piece unit member";

const FIELD_TEXT: &str = "weight size score latency cost count priority duration";
const KEY_TEXT: &str = "
    host port retries timeout verbose region mode level tags enabled ratio name owner version
    strategy encoding capacity
";
const ITEM_WORDS: &[&str] = &["items", "records", "events", "requests", "rows", "jobs"];

fn words(text: &'static str) -> Vec<&'static str> {
    text.split_whitespace().collect()
}

static NOUNS: LazyLock<Vec<&str>> = LazyLock::new(|| words(NOUN_TEXT));
static ADJS: LazyLock<Vec<&str>> = LazyLock::new(|| words(ADJ_TEXT));
static VERBS: LazyLock<Vec<&str>> = LazyLock::new(|| words(VERB_TEXT));
static ADVS: LazyLock<Vec<&str>> = LazyLock::new(|| words(ADV_TEXT));
static PREPS: LazyLock<Vec<&str>> = LazyLock::new(|| words(PREP_TEXT));
static ID_VERBS: LazyLock<Vec<&str>> = LazyLock::new(|| words(ID_VERB_TEXT));
static ID_NOUNS: LazyLock<Vec<&str>> = LazyLock::new(|| words(ID_NOUN_TEXT));
static ID_ADJS: LazyLock<Vec<&str>> = LazyLock::new(|| words(ID_ADJ_TEXT));
static CLASS_SUFFIXES: LazyLock<Vec<&str>> = LazyLock::new(|| words(CLASS_SUFFIX_TEXT));
static CONST_PREFIXES: LazyLock<Vec<&str>> = LazyLock::new(|| words(CONST_PREFIX_TEXT));
static PARAMS: LazyLock<Vec<&str>> = LazyLock::new(|| words(PARAM_TEXT));
static LOCALS: LazyLock<Vec<&str>> = LazyLock::new(|| words(LOCAL_TEXT));
static LOOP_VARS: LazyLock<Vec<&str>> = LazyLock::new(|| words(LOOP_VAR_TEXT));
static FIELDS: LazyLock<Vec<&str>> = LazyLock::new(|| words(FIELD_TEXT));
static KEYS: LazyLock<Vec<&str>> = LazyLock::new(|| words(KEY_TEXT));

/// Facts shown for both contenders: label, Node.js value, Python value.
const FACTS: &[(&str, &str, &str)] = &[
    ("First release", "2009", "1991"),
    ("Typing", "Dynamic, weak", "Dynamic, strong"),
    ("Package manager", "npm", "pip"),
    ("Concurrency", "Event loop", "GIL and asyncio"),
    ("License", "MIT", "PSF"),
    ("Reference engine", "V8", "CPython"),
    ("Latest major", "24", "3.14"),
    ("Release cadence", "Every six months", "Yearly"),
];

fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

/// True with the given chance, in percent.
fn chance(rng: &mut Rng, percent: u8) -> bool {
    rng.u8(..100) < percent
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lowercases the first letter, unless the first word is an acronym (`API`).
fn lower_first(text: &str) -> String {
    let first_word = text.split(' ').next().unwrap_or_default();
    if first_word.len() > 1 && first_word.chars().all(|c| c.is_ascii_uppercase()) {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Counts the words of Markdown text, leaving out table rules and pipes.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------

fn noun_phrase(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(40);
    s.push_str(pick(rng, DETS));
    s.push(' ');
    if chance(rng, 55) {
        let adj = pick(rng, &ADJS);
        if chance(rng, 5) {
            let _ = write!(s, "*{adj}* ");
        } else {
            let _ = write!(s, "{adj} ");
        }
    }
    if chance(rng, 30) {
        s.push_str(pick(rng, &NOUNS));
        s.push(' ');
    }
    s.push_str(pick(rng, &NOUNS));
    s
}

fn subject(rng: &mut Rng) -> String {
    if chance(rng, 35) {
        pick(rng, SUBJECTS).to_string()
    } else {
        noun_phrase(rng)
    }
}

fn clause(rng: &mut Rng) -> String {
    let mut s = subject(rng);
    s.push(' ');
    if chance(rng, 25) {
        s.push_str(pick(rng, &ADVS));
        s.push(' ');
    }
    s.push_str(pick(rng, &VERBS));
    s.push(' ');
    s.push_str(&noun_phrase(rng));
    if chance(rng, 45) {
        let _ = write!(s, " {} {}", pick(rng, &PREPS), noun_phrase(rng));
    }
    s
}

fn sentence(rng: &mut Rng) -> String {
    let body = match rng.u8(..10) {
        0..=3 => clause(rng),
        4 | 5 => {
            let first = clause(rng);
            let conjunction = pick(rng, CONJUNCTIONS);
            format!("{first}, {conjunction} {}", clause(rng))
        }
        6 => format!("{} {}", pick(rng, OPENERS), clause(rng)),
        7 => {
            let first = clause(rng);
            format!("when {first}, {}", clause(rng))
        }
        _ => {
            let (name, apis) = if rng.bool() {
                ("Node.js", NODE_APIS)
            } else {
                ("Python", PYTHON_APIS)
            };
            let verb = pick(rng, &VERBS);
            let object = noun_phrase(rng);
            format!("{name} {verb} {object} through `{}`", pick(rng, apis))
        }
    };
    let mut s = capitalize(&body);
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng, target_words: usize) -> String {
    let mut s = String::with_capacity(target_words * 8);
    let mut count = 0;
    while count < target_words {
        if !s.is_empty() {
            s.push(' ');
        }
        let sentence = sentence(rng);
        count += count_words(&sentence);
        s.push_str(&sentence);
    }
    s
}

fn bullet_list(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..rng.usize(4..=6) {
        if rng.bool() {
            let adj = capitalize(pick(rng, &ADJS));
            let noun = pick(rng, &NOUNS);
            let _ = writeln!(s, "- **{adj} {noun}**: {}.", clause(rng));
        } else {
            let _ = writeln!(s, "- {}", sentence(rng));
        }
    }
    s
}

fn table_value(rng: &mut Rng, kind: u8) -> String {
    match kind {
        0 => format!("{} ms", rng.u32(1..500)),
        1 => format!("{}.{} MB", rng.u32(1..400), rng.u32(0..10)),
        2 => format!("{} req/s", rng.u32(1_000..90_000)),
        3 => format!("{}%", rng.u32(0..=100)),
        4 => pick(rng, &["yes", "no", "partial", "planned"]).to_string(),
        _ => pick(rng, &ADJS).to_string(),
    }
}

fn table(rng: &mut Rng) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| {} | Node.js | Python |",
        capitalize(pick(rng, &NOUNS))
    );
    s.push_str("| --- | ---: | ---: |\n");
    for _ in 0..rng.usize(3..=6) {
        let adj = capitalize(pick(rng, &ADJS));
        let noun = pick(rng, &NOUNS);
        let kind = rng.u8(..6);
        let node = table_value(rng, kind);
        let python = table_value(rng, kind);
        let _ = writeln!(s, "| {adj} {noun} | {node} | {python} |");
    }
    s
}

/// About 400 words: several paragraphs, one bulleted list and one table.
fn criterion_body(rng: &mut Rng) -> String {
    let target = rng.usize(380..=420);
    let list = bullet_list(rng);
    let table = table(rng);
    let paragraphs = rng.usize(3..=5);
    let list_after = rng.usize(1..paragraphs);
    let table_after = rng.usize(1..=paragraphs);

    let mut s = String::with_capacity(target * 8);
    let mut count = count_words(&list) + count_words(&table);
    for i in 0..paragraphs {
        let left = paragraphs - i;
        let words = target.saturating_sub(count) / left;
        let jitter = words / 5;
        let words = rng.usize(words - jitter..=words + jitter).max(25);
        let text = paragraph(rng, words);
        count += count_words(&text);
        s.push_str(&text);
        s.push_str("\n\n");
        if i + 1 == list_after {
            s.push_str(&list);
            s.push('\n');
        }
        if i + 1 == table_after {
            s.push_str(&table);
            s.push('\n');
        }
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

fn criterion_title(rng: &mut Rng) -> String {
    match rng.u8(..3) {
        0 => format!("{} {}", capitalize(pick(rng, &ADJS)), pick(rng, &NOUNS)),
        1 => format!("{} {}", capitalize(pick(rng, &NOUNS)), pick(rng, &NOUNS)),
        _ => format!(
            "{} and {}",
            capitalize(pick(rng, &NOUNS)),
            pick(rng, &NOUNS)
        ),
    }
}

fn criterion_summary(rng: &mut Rng) -> String {
    match rng.u8(..4) {
        0 => format!(
            "How well each contender {} {}.",
            pick(rng, &VERBS),
            noun_phrase(rng)
        ),
        1 => format!(
            "Which runtime {} {} with less effort.",
            pick(rng, &VERBS),
            noun_phrase(rng)
        ),
        2 => format!(
            "The cost of {} {} {} {}.",
            pick(rng, &ADJS),
            pick(rng, &NOUNS),
            pick(rng, &PREPS),
            noun_phrase(rng)
        ),
        _ => capitalize(&format!("{}.", clause(rng))),
    }
}

fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

// ---------------------------------------------------------------------------
// Code samples
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Js,
    Py,
}

#[derive(Clone, Copy)]
enum Style {
    /// `parseQueue` in JavaScript, `parse_queue` in Python.
    Value,
    /// `QueueManager`.
    Pascal,
    /// `MAX_QUEUE`.
    Upper,
}

#[derive(Clone, Copy)]
enum Kind {
    Function,
    Arrow,
    Loop,
    While,
    Conditional,
    Literal,
    Template,
    Class,
    Async,
    Try,
    Chain,
}

const FIRST_KINDS: &[Kind] = &[Kind::Function, Kind::Class, Kind::Async];
const ALL_KINDS: &[Kind] = &[
    Kind::Function,
    Kind::Arrow,
    Kind::Loop,
    Kind::While,
    Kind::Conditional,
    Kind::Literal,
    Kind::Template,
    Kind::Class,
    Kind::Async,
    Kind::Try,
    Kind::Chain,
];

/// State of one sample being generated.
struct Gen<'r> {
    rng: &'r mut Rng,
    lang: Lang,
    /// Every top-level or member name given out, so none is declared twice.
    used: HashSet<String>,
    /// Functions and classes, in declaration order.
    exports: Vec<String>,
    asyncio: bool,
    json: bool,
}

impl Gen<'_> {
    fn fresh(&mut self, first: &[&str], second: &[&str], style: Style) -> String {
        let mut attempt = 0;
        loop {
            let a = pick(self.rng, first);
            let b = pick(self.rng, second);
            let mut name = match (style, self.lang) {
                (Style::Value, Lang::Js) => format!("{a}{}", capitalize(b)),
                (Style::Value, Lang::Py) => format!("{a}_{b}"),
                (Style::Pascal, _) => format!("{}{b}", capitalize(a)),
                (Style::Upper, _) => format!("{a}_{}", b.to_ascii_uppercase()),
            };
            if attempt >= 8 {
                match style {
                    Style::Value if self.lang == Lang::Js => {
                        let _ = write!(name, "{attempt}");
                    }
                    _ => {
                        let _ = write!(name, "_{attempt}");
                    }
                }
            }
            if self.used.insert(name.clone()) {
                return name;
            }
            attempt += 1;
        }
    }

    fn func_name(&mut self) -> String {
        self.fresh(&ID_VERBS, &ID_NOUNS, Style::Value)
    }

    fn var_name(&mut self) -> String {
        self.fresh(&ID_ADJS, &ID_NOUNS, Style::Value)
    }

    fn class_name(&mut self) -> String {
        self.fresh(&ID_NOUNS, &CLASS_SUFFIXES, Style::Pascal)
    }

    fn const_name(&mut self) -> String {
        self.fresh(&CONST_PREFIXES, &ID_NOUNS, Style::Upper)
    }

    /// `n` distinct parameter names.
    fn params(&mut self, n: usize) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::with_capacity(n);
        while out.len() < n {
            let p = pick(self.rng, &PARAMS);
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    fn int(&mut self, low: u32, high: u32) -> u32 {
        self.rng.u32(low..=high)
    }

    fn ints(&mut self, n: usize) -> String {
        let values: Vec<String> = (0..n).map(|_| self.int(1, 99).to_string()).collect();
        values.join(", ")
    }

    fn comment(&mut self) -> String {
        let text = capitalize(&clause(self.rng));
        match self.lang {
            Lang::Js => format!("// {text}."),
            Lang::Py => format!("# {text}."),
        }
    }

    fn block(&mut self, kind: Kind) -> Vec<String> {
        let mut lines = if chance(self.rng, 25) {
            vec![self.comment()]
        } else {
            Vec::new()
        };
        let body = match (self.lang, kind) {
            (Lang::Js, Kind::Function) => self.js_function(),
            (Lang::Py, Kind::Function) => self.py_function(),
            (Lang::Js, Kind::Arrow) => self.js_arrow(),
            (Lang::Py, Kind::Arrow) => self.py_arrow(),
            (Lang::Js, Kind::Loop) => self.js_loop(),
            (Lang::Py, Kind::Loop) => self.py_loop(),
            (Lang::Js, Kind::While) => self.js_while(),
            (Lang::Py, Kind::While) => self.py_while(),
            (Lang::Js, Kind::Conditional) => self.js_conditional(),
            (Lang::Py, Kind::Conditional) => self.py_conditional(),
            (Lang::Js, Kind::Literal) => self.js_literal(),
            (Lang::Py, Kind::Literal) => self.py_literal(),
            (Lang::Js, Kind::Template) => self.js_template(),
            (Lang::Py, Kind::Template) => self.py_template(),
            (Lang::Js, Kind::Class) => self.js_class(),
            (Lang::Py, Kind::Class) => self.py_class(),
            (Lang::Js, Kind::Async) => self.js_async(),
            (Lang::Py, Kind::Async) => self.py_async(),
            (Lang::Js, Kind::Try) => self.js_try(),
            (Lang::Py, Kind::Try) => self.py_try(),
            (Lang::Js, Kind::Chain) => self.js_chain(),
            (Lang::Py, Kind::Chain) => self.py_chain(),
        };
        lines.extend(body);
        lines
    }

    fn literal_value(&mut self) -> String {
        let py = self.lang == Lang::Py;
        match self.rng.u8(..6) {
            0 => format!("\"{}\"", pick(self.rng, &ID_NOUNS)),
            1 => self.int(1, 9000).to_string(),
            2 => match (py, self.rng.bool()) {
                (true, true) => "True".to_string(),
                (true, false) => "False".to_string(),
                (false, b) => b.to_string(),
            },
            3 => {
                let n = self.rng.usize(2..=4);
                format!("[{}]", self.ints(n))
            }
            4 => format!("{}.{}", self.int(0, 9), self.int(1, 99)),
            _ if py => "None".to_string(),
            _ => "null".to_string(),
        }
    }

    // --- JavaScript -------------------------------------------------------

    fn js_function(&mut self) -> Vec<String> {
        let name = self.func_name();
        let p = self.params(2);
        let (a, b) = (p[0], p[1]);
        let acc = pick(self.rng, &LOCALS);
        let it = pick(self.rng, &LOOP_VARS);
        let field = pick(self.rng, &FIELDS);
        let (k0, k1, k2) = (self.int(0, 9), self.int(2, 20), self.int(10, 500));
        let mut l = vec![
            format!("function {name}({a}, {b}) {{"),
            format!("  let {acc} = {k0};"),
            format!("  for (const {it} of {a}) {{"),
        ];
        if self.rng.bool() {
            l.push(format!("    if ({it}.{field} > {k2}) {{"));
            l.push("      continue;".to_string());
            l.push("    }".to_string());
        }
        l.push(format!("    {acc} += {it}.{field} * {k1};"));
        l.push("  }".to_string());
        l.push(match self.rng.u8(..3) {
            0 => format!("  return {acc} > {b} ? {b} : {acc};"),
            1 => format!("  return Math.min({acc}, {b});"),
            _ => format!("  return {{ {acc}, {b}, ratio: {acc} / ({b} || 1) }};"),
        });
        l.push("}".to_string());
        self.exports.push(name);
        l
    }

    fn js_arrow(&mut self) -> Vec<String> {
        let name = self.func_name();
        let x = pick(self.rng, &PARAMS);
        let (k1, k2) = (self.int(2, 50), self.int(1, 999));
        let line = match self.rng.u8(..3) {
            0 => format!("const {name} = ({x}) => {x} * {k1} + {k2};"),
            1 => format!("const {name} = ({x}) => Math.max({x} - {k2}, {k1});"),
            _ => format!("const {name} = ({x} = {k2}) => String({x}).padStart({k1}, \"0\");"),
        };
        self.exports.push(name);
        vec![line]
    }

    fn js_loop(&mut self) -> Vec<String> {
        let arr = self.var_name();
        let acc = self.var_name();
        let n = self.rng.usize(3..=7);
        let m = self.int(2, 5);
        let values = self.ints(n);
        let mut l = vec![
            format!("const {arr} = [{values}];"),
            format!("let {acc} = 0;"),
        ];
        if self.rng.bool() {
            l.push(format!("for (let i = 0; i < {arr}.length; i += 1) {{"));
            l.push(format!("  if ({arr}[i] % {m} === 0) {{"));
            l.push(format!("    {acc} += {arr}[i];"));
        } else {
            let it = pick(self.rng, &LOOP_VARS);
            l.push(format!("for (const {it} of {arr}) {{"));
            l.push(format!("  if ({it} % {m} !== 0) {{"));
            l.push(format!("    {acc} += {it} * {m};"));
        }
        l.push("  }".to_string());
        l.push("}".to_string());
        l
    }

    fn js_while(&mut self) -> Vec<String> {
        let n = self.var_name();
        let steps = self.var_name();
        let (k, k2, d) = (self.int(100, 100_000), self.int(1, 50), self.int(2, 4));
        vec![
            format!("let {n} = {k};"),
            format!("let {steps} = 0;"),
            format!("while ({n} > {k2}) {{"),
            format!("  {n} = Math.floor({n} / {d});"),
            format!("  {steps} += 1;"),
            "}".to_string(),
        ]
    }

    fn js_conditional(&mut self) -> Vec<String> {
        let level = self.var_name();
        let label = self.var_name();
        let (k, lo, hi) = (self.int(0, 100), self.int(10, 40), self.int(50, 90));
        let (w1, w2, w3) = (
            pick(self.rng, &ADJS),
            pick(self.rng, &ADJS),
            pick(self.rng, &ADJS),
        );
        let mut l = vec![
            format!("const {level} = {k};"),
            format!("let {label};"),
            format!("if ({level} > {hi}) {{"),
            format!("  {label} = \"{w1}\";"),
        ];
        if self.rng.bool() {
            l.push(format!("}} else if ({level} > {lo}) {{"));
            l.push(format!("  {label} = \"{w2}\";"));
        }
        l.push("} else {".to_string());
        l.push(format!("  {label} = \"{w3}\";"));
        l.push("}".to_string());
        l
    }

    fn js_literal(&mut self) -> Vec<String> {
        let name = self.var_name();
        let mut keys: Vec<&str> = KEYS.clone();
        self.rng.shuffle(&mut keys);
        let n = self.rng.usize(3..=6);
        let frozen = self.rng.bool();
        let mut l = vec![if frozen {
            format!("const {name} = Object.freeze({{")
        } else {
            format!("const {name} = {{")
        }];
        for key in &keys[..n] {
            let value = self.literal_value();
            l.push(format!("  {key}: {value},"));
        }
        l.push(if frozen { "});" } else { "};" }.to_string());
        l
    }

    fn js_template(&mut self) -> Vec<String> {
        let who = self.var_name();
        let count = self.var_name();
        let message = self.var_name();
        let word = pick(self.rng, &ID_NOUNS);
        let verb = capitalize(pick(self.rng, &ID_VERBS));
        let things = pick(self.rng, ITEM_WORDS);
        let (k, k2) = (self.int(1, 5000), self.int(2, 9));
        vec![
            format!("const {who} = \"{word}\";"),
            format!("const {count} = {k};"),
            format!(
                "const {message} = `{verb} ${{{who}}}: ${{{count}}} {things} in ${{{count} * {k2}}} ms`;"
            ),
            format!("console.log({message});"),
        ]
    }

    fn js_class(&mut self) -> Vec<String> {
        let class = self.class_name();
        let p = self.params(3);
        let (a, b, x) = (p[0], p[1], p[2]);
        let method = self.func_name();
        let mut l = vec![
            format!("class {class} {{"),
            format!("  constructor({a}, {b}) {{"),
            format!("    this.{a} = {a};"),
            format!("    this.{b} = {b};"),
            "  }".to_string(),
            String::new(),
            format!("  {method}({x}) {{"),
            format!("    return this.{a} * {x} + this.{b};"),
            "  }".to_string(),
        ];
        if self.rng.bool() {
            let getter = self.var_name();
            l.push(String::new());
            l.push(format!("  get {getter}() {{"));
            l.push(format!("    return `${{this.{a}}}:${{this.{b}}}`;"));
            l.push("  }".to_string());
        }
        if self.rng.bool() {
            let factory = self.func_name();
            let (k1, k2) = (self.int(1, 99), self.int(1, 99));
            l.push(String::new());
            l.push(format!("  static {factory}() {{"));
            l.push(format!("    return new {class}({k1}, {k2});"));
            l.push("  }".to_string());
        }
        l.push("}".to_string());
        self.exports.push(class);
        l
    }

    fn js_async(&mut self) -> Vec<String> {
        let name = self.func_name();
        let p = self.params(2);
        let (a, b) = (p[0], p[1]);
        let l = if self.rng.bool() {
            let (ms, ms2) = (self.int(100, 5000), self.int(10, 500));
            vec![
                format!("async function {name}({a}, {b}) {{"),
                format!("  for (let attempt = 1; attempt <= {b}; attempt += 1) {{"),
                "    try {".to_string(),
                format!(
                    "      const response = await fetch({a}, {{ signal: AbortSignal.timeout({ms}) }});"
                ),
                "      if (!response.ok) {".to_string(),
                "        throw new Error(`HTTP ${response.status}`);".to_string(),
                "      }".to_string(),
                "      return await response.json();".to_string(),
                "    } catch (error) {".to_string(),
                format!(
                    "      console.warn(`{name} attempt ${{attempt}} failed: ${{error.message}}`);"
                ),
                format!(
                    "      await new Promise((resolve) => setTimeout(resolve, {ms2} * attempt));"
                ),
                "    }".to_string(),
                "  }".to_string(),
                "  return null;".to_string(),
                "}".to_string(),
            ]
        } else {
            let results = pick(self.rng, &LOCALS);
            let k = self.int(2, 12);
            vec![
                format!("async function {name}({a}, {b} = {k}) {{"),
                format!("  const {results} = await Promise.all("),
                format!("    {a}.map(async (value) => value * {b}),"),
                "  );".to_string(),
                format!("  return {results}.reduce((sum, n) => sum + n, 0);"),
                "}".to_string(),
            ]
        };
        self.exports.push(name);
        l
    }

    fn js_try(&mut self) -> Vec<String> {
        let parsed = self.var_name();
        let p = self.params(2);
        let (key, key2) = (p[0], p[1]);
        let word = pick(self.rng, &ID_NOUNS);
        let k = self.int(1, 999);
        let mut l = vec![
            format!("let {parsed} = null;"),
            "try {".to_string(),
            format!("  {parsed} = JSON.parse('{{\"{key}\": {k}, \"{key2}\": \"{word}\"}}');"),
            format!("  console.log({parsed}.{key});"),
            "} catch (error) {".to_string(),
            "  console.error(`Invalid payload: ${error.message}`);".to_string(),
        ];
        if self.rng.bool() {
            l.push("} finally {".to_string());
            l.push(format!("  console.log(\"{word} parsed\");"));
        }
        l.push("}".to_string());
        l
    }

    fn js_chain(&mut self) -> Vec<String> {
        let out = self.var_name();
        let n = self.rng.usize(4..=8);
        let values = self.ints(n);
        let (k, k2) = (self.int(2, 9), self.int(10, 200));
        vec![
            format!("const {out} = [{values}]"),
            format!("  .map((n) => n * {k})"),
            format!("  .filter((n) => n > {k2})"),
            "  .reduce((sum, n) => sum + n, 0);".to_string(),
        ]
    }

    // --- Python -----------------------------------------------------------

    fn py_function(&mut self) -> Vec<String> {
        let name = self.func_name();
        let p = self.params(2);
        let (a, b) = (p[0], p[1]);
        let acc = pick(self.rng, &LOCALS);
        let it = pick(self.rng, &LOOP_VARS);
        let field = pick(self.rng, &FIELDS);
        let (k0, k1, k2) = (self.int(0, 9), self.int(2, 20), self.int(10, 500));
        let mut l = vec![format!("def {name}({a}, {b}):")];
        if self.rng.bool() {
            let verb = capitalize(pick(self.rng, &ID_VERBS));
            let noun = pick(self.rng, &NOUNS);
            l.push(format!("    \"\"\"{verb} the {noun} of every entry.\"\"\""));
        }
        l.push(format!("    {acc} = {k0}"));
        l.push(format!("    for {it} in {a}:"));
        if self.rng.bool() {
            l.push(format!("        if {it}[\"{field}\"] > {k2}:"));
            l.push("            continue".to_string());
        }
        l.push(format!("        {acc} += {it}[\"{field}\"] * {k1}"));
        l.push(match self.rng.u8(..3) {
            0 => format!("    return {acc} if {acc} < {b} else {b}"),
            1 => format!("    return min({acc}, {b})"),
            _ => format!(
                "    return {{\"{acc}\": {acc}, \"{b}\": {b}, \"ratio\": {acc} / ({b} or 1)}}"
            ),
        });
        self.exports.push(name);
        l
    }

    fn py_arrow(&mut self) -> Vec<String> {
        let name = self.func_name();
        let x = pick(self.rng, &PARAMS);
        let (k1, k2) = (self.int(2, 50), self.int(1, 999));
        let l = match self.rng.u8(..3) {
            0 => vec![
                format!("def {name}({x}):"),
                format!("    return {x} * {k1} + {k2}"),
            ],
            1 => vec![
                format!("def {name}({x}):"),
                format!("    return max({x} - {k2}, {k1})"),
            ],
            _ => vec![
                format!("def {name}({x}={k2}):"),
                format!("    return str({x}).zfill({k1})"),
            ],
        };
        self.exports.push(name);
        l
    }

    fn py_loop(&mut self) -> Vec<String> {
        let arr = self.var_name();
        let acc = self.var_name();
        let n = self.rng.usize(3..=7);
        let m = self.int(2, 5);
        let values = self.ints(n);
        let mut l = vec![format!("{arr} = [{values}]"), format!("{acc} = 0")];
        if self.rng.bool() {
            l.push(format!("for i in range(len({arr})):"));
            l.push(format!("    if {arr}[i] % {m} == 0:"));
            l.push(format!("        {acc} += {arr}[i]"));
        } else {
            let it = pick(self.rng, &LOOP_VARS);
            l.push(format!("for {it} in {arr}:"));
            l.push(format!("    if {it} % {m} != 0:"));
            l.push(format!("        {acc} += {it} * {m}"));
        }
        l
    }

    fn py_while(&mut self) -> Vec<String> {
        let n = self.var_name();
        let steps = self.var_name();
        let (k, k2, d) = (self.int(100, 100_000), self.int(1, 50), self.int(2, 4));
        vec![
            format!("{n} = {k}"),
            format!("{steps} = 0"),
            format!("while {n} > {k2}:"),
            format!("    {n} //= {d}"),
            format!("    {steps} += 1"),
        ]
    }

    fn py_conditional(&mut self) -> Vec<String> {
        let level = self.var_name();
        let label = self.var_name();
        let (k, lo, hi) = (self.int(0, 100), self.int(10, 40), self.int(50, 90));
        let (w1, w2, w3) = (
            pick(self.rng, &ADJS),
            pick(self.rng, &ADJS),
            pick(self.rng, &ADJS),
        );
        let mut l = vec![
            format!("{level} = {k}"),
            format!("if {level} > {hi}:"),
            format!("    {label} = \"{w1}\""),
        ];
        if self.rng.bool() {
            l.push(format!("elif {level} > {lo}:"));
            l.push(format!("    {label} = \"{w2}\""));
        }
        l.push("else:".to_string());
        l.push(format!("    {label} = \"{w3}\""));
        l
    }

    fn py_literal(&mut self) -> Vec<String> {
        let name = self.var_name();
        let mut keys: Vec<&str> = KEYS.clone();
        self.rng.shuffle(&mut keys);
        let n = self.rng.usize(3..=6);
        let mut l = vec![format!("{name} = {{")];
        for key in &keys[..n] {
            let value = self.literal_value();
            l.push(format!("    \"{key}\": {value},"));
        }
        l.push("}".to_string());
        l
    }

    fn py_template(&mut self) -> Vec<String> {
        let who = self.var_name();
        let count = self.var_name();
        let message = self.var_name();
        let word = pick(self.rng, &ID_NOUNS);
        let verb = capitalize(pick(self.rng, &ID_VERBS));
        let things = pick(self.rng, ITEM_WORDS);
        let (k, k2) = (self.int(1, 5000), self.int(2, 9));
        vec![
            format!("{who} = \"{word}\""),
            format!("{count} = {k}"),
            format!(
                "{message} = f\"{verb} {{{who}}}: {{{count}}} {things} in {{{count} * {k2}}} ms\""
            ),
            format!("print({message})"),
        ]
    }

    fn py_class(&mut self) -> Vec<String> {
        let class = self.class_name();
        let p = self.params(3);
        let (a, b, x) = (p[0], p[1], p[2]);
        let method = self.func_name();
        let mut l = vec![
            format!("class {class}:"),
            format!("    def __init__(self, {a}, {b}):"),
            format!("        self.{a} = {a}"),
            format!("        self.{b} = {b}"),
            String::new(),
            format!("    def {method}(self, {x}):"),
            format!("        return self.{a} * {x} + self.{b}"),
        ];
        if self.rng.bool() {
            let getter = self.var_name();
            l.push(String::new());
            l.push("    @property".to_string());
            l.push(format!("    def {getter}(self):"));
            l.push(format!("        return f\"{{self.{a}}}:{{self.{b}}}\""));
        }
        if self.rng.bool() {
            let factory = self.func_name();
            let (k1, k2) = (self.int(1, 99), self.int(1, 99));
            l.push(String::new());
            l.push("    @classmethod".to_string());
            l.push(format!("    def {factory}(cls):"));
            l.push(format!("        return cls({k1}, {k2})"));
        }
        self.exports.push(class);
        l
    }

    fn py_async(&mut self) -> Vec<String> {
        let name = self.func_name();
        let p = self.params(2);
        let (a, b) = (p[0], p[1]);
        self.asyncio = true;
        let l = if self.rng.bool() {
            let delay = format!("0.{}", self.int(1, 99));
            vec![
                format!("async def {name}({a}, {b}):"),
                format!("    for attempt in range(1, {b} + 1):"),
                "        try:".to_string(),
                format!("            await asyncio.sleep({delay} * attempt)"),
                format!("            return {{\"{a}\": {a}, \"attempt\": attempt}}"),
                "        except asyncio.TimeoutError as error:".to_string(),
                format!("            print(f\"{name} attempt {{attempt}} failed: {{error}}\")"),
                "    return None".to_string(),
            ]
        } else {
            let results = pick(self.rng, &LOCALS);
            let k = self.int(2, 12);
            vec![
                format!("async def {name}({a}, {b}={k}):"),
                format!("    {results} = await asyncio.gather("),
                format!("        *(asyncio.sleep(0, result=value * {b}) for value in {a})"),
                "    )".to_string(),
                format!("    return sum({results})"),
            ]
        };
        self.exports.push(name);
        l
    }

    fn py_try(&mut self) -> Vec<String> {
        let parsed = self.var_name();
        let p = self.params(2);
        let (key, key2) = (p[0], p[1]);
        let word = pick(self.rng, &ID_NOUNS);
        let k = self.int(1, 999);
        self.json = true;
        let mut l = vec![
            format!("{parsed} = None"),
            "try:".to_string(),
            format!("    {parsed} = json.loads('{{\"{key}\": {k}, \"{key2}\": \"{word}\"}}')"),
            format!("    print({parsed}[\"{key}\"])"),
            "except (ValueError, KeyError) as error:".to_string(),
            "    print(f\"Invalid payload: {error}\")".to_string(),
        ];
        if self.rng.bool() {
            l.push("finally:".to_string());
            l.push(format!("    print(\"{word} parsed\")"));
        }
        l
    }

    fn py_chain(&mut self) -> Vec<String> {
        let out = self.var_name();
        let n = self.rng.usize(4..=8);
        let values = self.ints(n);
        let (k, k2) = (self.int(2, 9), self.int(10, 200));
        if self.rng.bool() {
            vec![format!(
                "{out} = sum(n * {k} for n in [{values}] if n * {k} > {k2})"
            )]
        } else {
            vec![format!(
                "{out} = [n * {k} for n in [{values}] if n % {k} != {k2} % {k}]"
            )]
        }
    }
}

/// One code sample of 30 to 60 lines. `heading` makes it unique in the site.
fn sample(rng: &mut Rng, lang: Lang, heading: &str) -> String {
    let target = rng.usize(30..=60);
    let mut g = Gen {
        rng,
        lang,
        used: HashSet::new(),
        exports: Vec::new(),
        asyncio: false,
        json: false,
    };
    let strict = lang == Lang::Js && g.rng.bool();
    // Header: a comment or docstring, "use strict" or imports, a blank line.
    let header_max = match lang {
        Lang::Js => 2 + usize::from(strict),
        Lang::Py => 5,
    };
    let footer_len = match lang {
        Lang::Js => 1,
        Lang::Py => 2,
    };
    let budget = target - header_max - footer_len;

    // Blocks, each followed by a blank line.
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut used = 0;
    let mut misses = 0;
    while misses < 12 && budget - used >= 2 {
        let kinds = if blocks.is_empty() {
            FIRST_KINDS
        } else {
            ALL_KINDS
        };
        let kind = kinds[g.rng.usize(..kinds.len())];
        let saved = (g.exports.len(), g.asyncio, g.json);
        let block = g.block(kind);
        if used + block.len() < budget {
            used += block.len() + 1;
            blocks.push(block);
        } else {
            g.exports.truncate(saved.0);
            (g.asyncio, g.json) = (saved.1, saved.2);
            misses += 1;
        }
    }

    let mut header: Vec<String> = Vec::new();
    match lang {
        Lang::Js => {
            header.push(format!("// {heading}"));
            if strict {
                header.push("\"use strict\";".to_string());
            }
        }
        Lang::Py => {
            header.push(format!("\"\"\"{heading}\"\"\""));
            if g.asyncio || g.json {
                header.push(String::new());
            }
            if g.asyncio {
                header.push("import asyncio".to_string());
            }
            if g.json {
                header.push("import json".to_string());
            }
        }
    }
    header.push(String::new());

    let mut fill = target - header.len() - used - footer_len;
    if fill == 1 {
        let note = match lang {
            Lang::Js => "// Generated by versus's synthetic_site example.",
            Lang::Py => "# Generated by versus's synthetic_site example.",
        };
        header.insert(1, note.to_string());
        fill = 0;
    }
    if fill >= 2 {
        let mut constants = Vec::with_capacity(fill);
        for _ in 0..fill - 1 {
            let name = g.const_name();
            let value = g.int(1, 10_000);
            constants.push(match lang {
                Lang::Js => format!("const {name} = {value};"),
                Lang::Py => format!("{name} = {value}"),
            });
        }
        blocks.insert(0, constants);
    }

    let mut out = String::with_capacity(target * 40);
    for line in &header {
        out.push_str(line);
        out.push('\n');
    }
    for block in &blocks {
        for line in block {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    match lang {
        Lang::Js => {
            let _ = writeln!(out, "module.exports = {{ {} }};", g.exports.join(", "));
        }
        Lang::Py => {
            out.push_str("if __name__ == \"__main__\":\n    print(__doc__)\n");
        }
    }
    debug_assert_eq!(out.lines().count(), target);
    out
}

// ---------------------------------------------------------------------------
// Site
// ---------------------------------------------------------------------------

struct Args {
    criteria: usize,
    out: PathBuf,
    /// Where to write the same pages as an Eleventy project, if anywhere.
    eleventy: Option<PathBuf>,
    seed: u64,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut criteria = None;
    let mut out = None;
    let mut eleventy = None;
    let mut seed = 1;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value)),
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        if !matches!(
            flag.as_str(),
            "--criteria" | "--out" | "--eleventy" | "--seed"
        ) {
            return Err(format!("unknown argument `{arg}`"));
        }
        let value = match inline {
            Some(value) => value.to_string(),
            None => args
                .next()
                .ok_or_else(|| format!("`{flag}` needs a value"))?,
        };
        match flag.as_str() {
            "--criteria" => {
                let n: usize = value
                    .parse()
                    .map_err(|_| format!("`--criteria` wants a whole number, not `{value}`"))?;
                if n == 0 {
                    return Err("`--criteria` must be at least 1".to_string());
                }
                criteria = Some(n);
            }
            "--out" => {
                if value.is_empty() {
                    return Err("`--out` must not be empty".to_string());
                }
                out = Some(PathBuf::from(value));
            }
            "--eleventy" => {
                if value.is_empty() {
                    return Err("`--eleventy` must not be empty".to_string());
                }
                eleventy = Some(PathBuf::from(value));
            }
            _ => {
                seed = value
                    .parse()
                    .map_err(|_| format!("`--seed` wants a whole number, not `{value}`"))?;
            }
        }
    }
    let criteria = criteria.ok_or("`--criteria N` is required")?;
    let out: PathBuf = out.ok_or("`--out DIR` is required")?;
    if let Some(eleventy) = &eleventy
        && (eleventy.starts_with(&out) || out.starts_with(eleventy))
    {
        return Err(format!(
            "`--eleventy {}` and `--out {}` must be separate folders, neither inside the other",
            eleventy.display(),
            out.display()
        ));
    }
    Ok(Some(Args {
        criteria,
        out,
        eleventy,
        seed,
    }))
}

fn io_error(what: &str, path: &Path, error: &io::Error) -> String {
    format!("cannot {what} {}: {error}", path.display())
}

fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    fs::write(path, contents).map_err(|e| io_error("write", path, &e))
}

/// Creates a folder; true when it was already there (a real folder: its
/// parent has been cleaned, which removes symbolic links).
fn ensure_dir(path: &Path) -> Result<bool, String> {
    match fs::create_dir(path) {
        Ok(()) => Ok(false),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(true),
        Err(e) => Err(io_error("create", path, &e)),
    }
}

/// Removes every entry of `dir` that `keep(name, is_dir)` does not want.
/// Symbolic links and other special files never stay, so nothing is ever
/// written through them.
fn clean_dir(dir: &Path, keep: impl Fn(&str, bool) -> bool) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| io_error("read", dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error("read", dir, &e))?;
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| io_error("inspect", &path, &e))?;
        let is_dir = file_type.is_dir();
        let wanted = (is_dir || file_type.is_file())
            && entry.file_name().to_str().is_some_and(|n| keep(n, is_dir));
        if !wanted {
            let removed = if is_dir {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            removed.map_err(|e| io_error("remove", &path, &e))?;
        }
    }
    Ok(())
}

/// Makes sure `dir` is a folder this program may write into: missing (it is
/// created), empty, or marked by an earlier run. Stale entries of a marked
/// folder are left to the caller to remove; the others are overwritten in
/// place later, which is much faster than deleting and creating tens of
/// thousands of files.
fn prepare_dir(dir: &Path) -> Result<(), String> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return fs::create_dir_all(dir).map_err(|e| io_error("create", dir, &e));
        }
        Err(e) => return Err(io_error("inspect", dir, &e)),
    };
    if meta.file_type().is_symlink() {
        return Err(format!(
            "{} is a symbolic link; pass the folder it points to",
            dir.display()
        ));
    }
    if !meta.is_dir() {
        return Err(format!("{} exists and is not a folder", dir.display()));
    }
    let mut entries = fs::read_dir(dir).map_err(|e| io_error("read", dir, &e))?;
    if entries.next().is_none() {
        return Ok(());
    }
    let marked = fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file());
    if !marked {
        return Err(format!(
            "refusing to write into {}: it is not empty and has no {MARKER} file, \
             so it was not made by this program",
            dir.display()
        ));
    }
    Ok(())
}

/// Prepares the versus site folder (see [`prepare_dir`]), keeping only what
/// this program writes there.
fn prepare_out_dir(dir: &Path) -> Result<(), String> {
    prepare_dir(dir)?;
    clean_dir(dir, |name, is_dir| match name {
        MARKER | "versus.toml" => !is_dir,
        "content" => is_dir,
        _ => false,
    })
}

fn thread_count(jobs: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs)
        .max(1)
}

fn site_config(args: &Args, reports: usize) -> String {
    format!(
        "title = \"Synthetic versus site\"\n\
         description = {}\n\
         base_url = \"https://example.org/\"\n\
         theme = \"default\"\n\
         language = \"en\"\n\
         \n\
         [plugins]\n",
        toml_string(&format!(
            "{} generated criteria in {reports} reports (seed {}), for benchmarks.",
            args.criteria, args.seed
        ))
    )
}

/// One generated report, before it is written in either layout.
struct Report {
    number: usize,
    title: String,
    description: String,
    /// Indexes into [`FACTS`] shown for both contenders.
    facts: Vec<usize>,
    /// The report's introduction (Markdown, one paragraph).
    intro: String,
    criteria: Vec<Criterion>,
}

/// One generated criterion with its two samples.
struct Criterion {
    title: String,
    /// The criterion's folder name in the versus layout (`01-title-slug`).
    folder: String,
    summary: String,
    /// Points of Node.js and Python.
    points: (u8, u8),
    /// Prose: Markdown with a list and a table.
    body: String,
    javascript: String,
    python: String,
}

/// Draws a report of `criteria` criteria. The output depends only on the
/// arguments: each report has a generator of its own.
fn generate_report(number: usize, criteria: usize, seed: u64) -> Report {
    let mut rng = Rng::with_seed(seed);

    let mut titles: Vec<String> = Vec::with_capacity(criteria);
    let mut slugs: HashSet<String> = HashSet::with_capacity(criteria);
    while titles.len() < criteria {
        let title = criterion_title(&mut rng);
        if slugs.insert(slugify(&title)) {
            titles.push(title);
        }
    }

    let topic = format!(
        "{} {} {}",
        capitalize(pick(&mut rng, &ADJS)),
        pick(&mut rng, &NOUNS),
        pick(&mut rng, &NOUNS)
    );
    let description = if criteria == 1 {
        format!(
            "A synthetic comparison of Node.js and Python on a single criterion: {}.",
            lower_first(&titles[0])
        )
    } else {
        format!(
            "A synthetic comparison of Node.js and Python across {criteria} criteria, \
             from {} to {}.",
            lower_first(&titles[0]),
            lower_first(&titles[criteria - 1])
        )
    };
    let mut facts: Vec<usize> = (0..FACTS.len()).collect();
    rng.shuffle(&mut facts);
    facts.truncate(4);

    let mut intro = format!(
        "This synthetic report compares Node.js and Python on {criteria} {}. ",
        if criteria == 1 {
            "criterion"
        } else {
            "criteria"
        }
    );
    let words = rng.usize(60..=100);
    intro.push_str(&paragraph(&mut rng, words));

    let criteria = titles
        .into_iter()
        .enumerate()
        .map(|(i, title)| {
            let n = i + 1;
            let folder = format!("{n:02}-{}", slugify(&title));
            let summary = criterion_summary(&mut rng);
            let points = (rng.u8(0..=2), rng.u8(0..=2));
            let body = criterion_body(&mut rng);
            let heading = |lang: &str| {
                format!("{title}: {lang} sample for report {number:04}, criterion {n:02}.")
            };
            let javascript = sample(&mut rng, Lang::Js, &heading("Node.js"));
            let python = sample(&mut rng, Lang::Py, &heading("Python"));
            Criterion {
                title,
                folder,
                summary,
                points,
                body,
                javascript,
                python,
            }
        })
        .collect();

    Report {
        number,
        title: format!("Node.js vs Python: {topic}"),
        description,
        facts,
        intro,
        criteria,
    }
}

/// Writes a report in versus's layout: `content/report-NNNN/index.md`, and a
/// folder per criterion with its `index.md`, `node.js` and `python.py`.
fn write_versus_report(site: &Path, report: &Report) -> Result<(), String> {
    let dir = site.join(format!("content/report-{:04}", report.number));
    if ensure_dir(&dir)? {
        clean_dir(&dir, |name, is_dir| {
            if is_dir {
                report.criteria.iter().any(|c| c.folder == name)
            } else {
                name == "index.md"
            }
        })?;
    }

    let mut index = String::with_capacity(2048);
    index.push_str("+++\n");
    let _ = writeln!(index, "title = {}", toml_string(&report.title));
    let _ = writeln!(index, "description = {}", toml_string(&report.description));
    let _ = writeln!(index, "date = {DATE}");
    let contenders = [
        ("node", "Node.js", "#417e38"),
        ("python", "Python", "#3572a5"),
    ];
    for (c, (id, name, color)) in contenders.iter().enumerate() {
        let _ = write!(
            index,
            "\n[[contenders]]\nid = \"{id}\"\nname = \"{name}\"\ncolor = \"{color}\"\n\n\
             [contenders.facts]\n"
        );
        for &f in &report.facts {
            let (label, node, python) = FACTS[f];
            let value = if c == 0 { node } else { python };
            let _ = writeln!(index, "{} = {}", toml_string(label), toml_string(value));
        }
    }
    index.push_str("+++\n\n");
    index.push_str(&report.intro);
    index.push('\n');
    write_file(&dir.join("index.md"), &index)?;

    for criterion in &report.criteria {
        let cdir = dir.join(&criterion.folder);
        if ensure_dir(&cdir)? {
            clean_dir(&cdir, |name, is_dir| {
                !is_dir && matches!(name, "index.md" | "node.js" | "python.py")
            })?;
        }
        let mut md = String::with_capacity(4096);
        md.push_str("+++\n");
        let _ = writeln!(md, "title = {}", toml_string(&criterion.title));
        let _ = writeln!(md, "summary = {}", toml_string(&criterion.summary));
        let (node, python) = criterion.points;
        let _ = write!(md, "\n[points]\nnode = {node}\npython = {python}\n+++\n\n");
        md.push_str(&criterion.body);
        write_file(&cdir.join("index.md"), &md)?;
        write_file(&cdir.join("node.js"), &criterion.javascript)?;
        write_file(&cdir.join("python.py"), &criterion.python)?;
    }
    Ok(())
}

/// A fence of backticks longer than any run of backticks in `code`.
fn fence_for(code: &str) -> String {
    let longest = code
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    "`".repeat(longest.max(2) + 1)
}

fn push_code_block(page: &mut String, language: &str, code: &str) {
    let fence = fence_for(code);
    let _ = write!(page, "{fence}{language}\n{code}{fence}\n\n");
}

/// The page of a report in the Eleventy layout: one Markdown file per
/// report, as versus builds one page per report, with the same prose and the
/// same two code blocks per criterion, as fenced blocks that the
/// syntax-highlight plugin colours. Scores and facts are left out: Eleventy
/// has no use for them, and leaving them out only spares Eleventy work.
fn eleventy_page(report: &Report) -> String {
    let mut page = String::with_capacity(
        report
            .criteria
            .iter()
            .map(|c| c.body.len() + c.javascript.len() + c.python.len() + 256)
            .sum::<usize>()
            + 1024,
    );
    // A TOML basic string as `toml_string` writes it is also a valid
    // double-quoted YAML scalar.
    let _ = write!(
        page,
        "---\ntitle: {}\ndescription: {}\nlayout: page.liquid\ntags: report\n---\n\n",
        toml_string(&report.title),
        toml_string(&report.description)
    );
    page.push_str(&report.intro);
    page.push_str("\n\n");
    for criterion in &report.criteria {
        let _ = write!(
            page,
            "## {}\n\n*{}*\n\n{}\n",
            criterion.title, criterion.summary, criterion.body
        );
        if !criterion.body.ends_with('\n') {
            page.push('\n');
        }
        push_code_block(&mut page, "js", &criterion.javascript);
        push_code_block(&mut page, "python", &criterion.python);
    }
    page
}

/// The layout of every page, and the home page listing the reports; both in
/// Liquid, Eleventy's default template language.
const ELEVENTY_LAYOUT: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<meta name="description" content="{{ description }}">
<link rel="stylesheet" href="/prism.css">
</head>
<body>
<header><a href="/">Synthetic site</a></header>
<main>
<h1>{{ title }}</h1>
<p>{{ description }}</p>
{{ content }}
</main>
</body>
</html>
"#;

const ELEVENTY_HOME: &str = r#"---
title: Synthetic site
description: Generated comparison reports, for benchmarks.
layout: page.liquid
---
<ul>
{%- for report in collections.report %}
<li><a href="{{ report.url }}">{{ report.data.title }}</a>: {{ report.data.description }}</li>
{%- endfor %}
</ul>
"#;

/// Makes sure `dir` may hold the Eleventy layout (missing, empty or marked
/// by an earlier run) and empties it but for the marker and the report
/// folders, whose pages are overwritten.
fn prepare_eleventy_dir(dir: &Path, reports: usize) -> Result<(), String> {
    prepare_dir(dir)?;
    clean_dir(dir, |name, is_dir| {
        if is_dir {
            report_number(name).is_some_and(|n| (1..=reports).contains(&n))
        } else {
            name == MARKER
        }
    })
}

/// The number of a report folder named `report-NNNN`.
fn report_number(name: &str) -> Option<usize> {
    let number = name.strip_prefix("report-")?.parse().ok()?;
    (name == format!("report-{number:04}")).then_some(number)
}

fn write_eleventy_report(dir: &Path, report: &Report) -> Result<(), String> {
    let folder = dir.join(format!("report-{:04}", report.number));
    if ensure_dir(&folder)? {
        clean_dir(&folder, |name, is_dir| !is_dir && name == "index.md")?;
    }
    write_file(&folder.join("index.md"), &eleventy_page(report))
}

fn run(args: &Args) -> Result<usize, String> {
    let mut rng = Rng::with_seed(args.seed);
    let mut sizes = Vec::new();
    let mut remaining = args.criteria;
    while remaining > 0 {
        let size = rng.usize(10..=20).min(remaining);
        sizes.push(size);
        remaining -= size;
    }
    // Each report has its own generator, so reports can be written in any
    // order (and in parallel) with the same result.
    let seeds: Vec<u64> = sizes.iter().map(|_| rng.u64(..)).collect();

    prepare_out_dir(&args.out)?;
    write_file(&args.out.join(MARKER), MARKER_TEXT)?;
    write_file(
        &args.out.join("versus.toml"),
        &site_config(args, sizes.len()),
    )?;
    let content = args.out.join("content");
    if ensure_dir(&content)? {
        let reports = sizes.len();
        clean_dir(&content, |name, is_dir| {
            is_dir && report_number(name).is_some_and(|n| (1..=reports).contains(&n))
        })?;
    }

    if let Some(dir) = &args.eleventy {
        prepare_eleventy_dir(dir, sizes.len())?;
        write_file(&dir.join(MARKER), MARKER_TEXT)?;
        let includes = dir.join("_includes");
        ensure_dir(&includes)?;
        write_file(&includes.join("page.liquid"), ELEVENTY_LAYOUT)?;
        write_file(&dir.join("index.liquid"), ELEVENTY_HOME)?;
    }

    let threads = thread_count(sizes.len());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (sizes, seeds, out) = (&sizes, &seeds, &args.out);
                let eleventy = args.eleventy.as_deref();
                scope.spawn(move || {
                    (t..sizes.len()).step_by(threads).try_for_each(|r| {
                        let report = generate_report(r + 1, sizes[r], seeds[r]);
                        write_versus_report(out, &report)?;
                        match eleventy {
                            Some(dir) => write_eleventy_report(dir, &report),
                            None => Ok(()),
                        }
                    })
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("a writer thread panicked"))
    })?;
    Ok(sizes.len())
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(reports) => {
            println!(
                "wrote {} criteria in {reports} reports to {}",
                args.criteria,
                args.out.display()
            );
            if let Some(dir) = &args.eleventy {
                println!("wrote the same pages for Eleventy to {}", dir.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
