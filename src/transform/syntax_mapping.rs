//! Which grammar colours a piece of code, decided the way bat decides it.
//!
//! The rules are tried in this order, and the first that names a grammar the
//! highlighter has wins:
//!
//! 1. [`Rule::Explicit`]: the language the author wrote (a fence's info
//!    string, or a sample's `language` key). When it is given nothing else is
//!    tried: an author who says `klingon` gets a warning, not a guess.
//! 2. [`Rule::FileName`]: the file's whole name (`Dockerfile`, `go.mod`,
//!    `.bashrc`, `*.csproj`).
//! 3. [`Rule::Extension`]: the part after the last dot (`server.ts`).
//!    Backup and template suffixes (`.orig`, `.bak`, `.in`, `.dpkg-dist`, `~`
//!    …) are stripped first and rules 2 and 3 run again on what is left, so
//!    `main.rs.orig` is Rust and `Makefile.bak` a Makefile.
//! 4. [`Rule::FirstLine`]: a shebang (`#!/bin/ksh`, `#!/usr/bin/env tclsh`),
//!    an XML or PHP prologue, an HTML doctype, a Vim or Emacs modeline, then
//!    the grammars' own first-line patterns.
//! 5. [`Rule::SiteMapping`]: the `[languages]` table of `versus.toml`
//!    (`props = "xml"`, `Jenkinsfile = "groovy"`, `"*.tpl" = "html"`).
//!
//! The module knows names and files, not grammars: it asks a [`GrammarSet`]
//! whether a name means something, so the same rules serve every engine and
//! the tests can run them against a small table.

/// The rule that picked a grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The author named the language.
    Explicit,
    /// The file's whole name.
    FileName,
    /// The file's extension.
    Extension,
    /// The code's first line.
    FirstLine,
    /// The site's `[languages]` table.
    SiteMapping,
}

/// What is known about a piece of code besides the code itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeOrigin<'a> {
    /// The language the author wrote, if any.
    pub explicit: Option<&'a str>,
    /// The name of the file the code comes from, if any (no folders).
    pub file_name: Option<&'a str>,
}

/// The grammars a highlighter has, as detection sees them.
pub trait GrammarSet {
    /// A grammar, as the highlighter identifies it.
    type Grammar;
    /// The grammar called `token`: a language name, an alias or an
    /// extension, in any case (`Python`, `py`, `shell`).
    fn by_token(&self, token: &str) -> Option<Self::Grammar>;
    /// The grammar whose list of file names holds exactly `name`
    /// (`Dockerfile`, `go.sum`, `.bashrc`).
    fn by_file_name(&self, name: &str) -> Option<Self::Grammar>;
    /// The grammar whose own first-line pattern matches `line`.
    fn by_first_line(&self, line: &str) -> Option<Self::Grammar>;
    /// Whether `grammar` is plain text (it colours nothing, so picking it
    /// is no reason to warn).
    fn is_plain(&self, grammar: &Self::Grammar) -> bool;
}

/// How detection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detection<G> {
    /// A grammar, and the rule that found it.
    Found {
        /// The grammar.
        grammar: G,
        /// The rule.
        rule: Rule,
    },
    /// Plain text on purpose: no language given for a fenced block, or one
    /// of `text`, `plain`, `txt`, `plaintext`.
    Plain,
    /// The author named a language no grammar knows.
    UnknownExplicit(String),
    /// No rule found a grammar for the file (named here).
    UnknownFile(String),
    /// The site's `[languages]` table maps the file to a language no
    /// grammar knows.
    UnknownMapped {
        /// The key of the table that matched.
        key: String,
        /// The language it names.
        language: String,
    },
}

/// The `[languages]` table of `versus.toml`: file name, glob (`*.tpl`) or
/// extension → language, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteLanguages {
    entries: Vec<(String, String)>,
}

impl SiteLanguages {
    /// A table from its entries, in order.
    pub fn new(entries: impl IntoIterator<Item = (String, String)>) -> Self {
        SiteLanguages {
            entries: entries.into_iter().collect(),
        }
    }

    /// The entries, in order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The first entry that matches `file_name`: a glob or a whole name
    /// first, then an extension (`props` matches `Directory.Build.props`).
    pub fn lookup(&self, file_name: &str) -> Option<(&str, &str)> {
        let whole = self.entries().find(|(key, _)| {
            if key.contains('*') {
                glob_matches(key, file_name)
            } else {
                *key == file_name
            }
        });
        whole.or_else(|| {
            let extension = extension(file_name)?;
            self.entries()
                .find(|(key, _)| !key.contains('*') && key.eq_ignore_ascii_case(extension))
        })
    }
}

/// Languages that mean "no colours, and that is fine".
pub fn is_plain_token(token: &str) -> bool {
    matches!(
        token.trim().to_ascii_lowercase().as_str(),
        "" | "text" | "plain" | "txt" | "plaintext" | "none"
    )
}

/// Picks the grammar for code from `origin` whose first line is
/// `first_line`, by the rules of this module.
pub fn detect<S: GrammarSet>(
    grammars: &S,
    origin: CodeOrigin<'_>,
    first_line: &str,
    site: &SiteLanguages,
) -> Detection<S::Grammar> {
    let found = |grammar, rule| Detection::Found { grammar, rule };
    if let Some(explicit) = origin.explicit {
        if is_plain_token(explicit) {
            return Detection::Plain;
        }
        return match grammars.by_token(&canonical_token(explicit)) {
            Some(grammar) => found(grammar, Rule::Explicit),
            None => Detection::UnknownExplicit(explicit.trim().to_string()),
        };
    }
    let Some(file_name) = origin.file_name else {
        return Detection::Plain;
    };
    if let Some((grammar, rule)) = by_name_or_extension(grammars, file_name) {
        return found(grammar, rule);
    }
    if let Some(grammar) = by_first_line(grammars, first_line) {
        return found(grammar, Rule::FirstLine);
    }
    if let Some((key, language)) = site.lookup(file_name) {
        if is_plain_token(language) {
            return Detection::Plain;
        }
        return match grammars.by_token(&canonical_token(language)) {
            Some(grammar) => found(grammar, Rule::SiteMapping),
            None => Detection::UnknownMapped {
                key: key.to_string(),
                language: language.to_string(),
            },
        };
    }
    Detection::UnknownFile(file_name.to_string())
}

/// Rules 2 and 3, then both again with each backup suffix stripped.
fn by_name_or_extension<S: GrammarSet>(
    grammars: &S,
    file_name: &str,
) -> Option<(S::Grammar, Rule)> {
    let mut name = file_name;
    loop {
        if let Some(grammar) = builtin_file_name(name)
            .and_then(|token| grammars.by_token(token))
            .or_else(|| grammars.by_file_name(name))
        {
            return Some((grammar, Rule::FileName));
        }
        if let Some(grammar) = extension(name).and_then(|ext| grammars.by_token(ext)) {
            return Some((grammar, Rule::Extension));
        }
        name = strip_ignored_suffix(name)?;
    }
}

/// Backup and template suffixes that say nothing about the language.
pub const IGNORED_SUFFIXES: &[&str] = &[
    "~",
    ".bak",
    ".old",
    ".orig",
    ".rej",
    ".swp",
    ".tmp",
    ".dist",
    ".example",
    ".sample",
    ".template",
    ".dpkg-dist",
    ".dpkg-new",
    ".dpkg-old",
    ".dpkg-tmp",
    ".ucf-dist",
    ".ucf-new",
    ".ucf-old",
    ".rpmnew",
    ".rpmorig",
    ".rpmsave",
    ".in",
];

/// `name` without one ignored suffix, if it has one and something is left.
fn strip_ignored_suffix(name: &str) -> Option<&str> {
    IGNORED_SUFFIXES.iter().find_map(|suffix| {
        name.strip_suffix(suffix)
            .filter(|rest| !rest.is_empty() && *rest != ".")
    })
}

/// The part after the last dot, when there is one and the name is not only
/// a dotfile's name (`.bashrc` has no extension).
fn extension(name: &str) -> Option<&str> {
    let (stem, extension) = name.rsplit_once('.')?;
    (!stem.is_empty() && !extension.is_empty()).then_some(extension)
}

/// File names and globs the grammars do not list themselves, with the
/// language each means (taken from what bat maps).
const BUILTIN_FILE_NAMES: &[(&str, &str)] = &[
    ("Containerfile", "dockerfile"),
    ("Dockerfile.*", "dockerfile"),
    ("*.Dockerfile", "dockerfile"),
    ("*.dockerfile", "dockerfile"),
    ("Caddyfile", "nginx"),
    ("*.Caddyfile", "nginx"),
    ("BSDmakefile", "makefile"),
    ("requirements*.txt", "requirements.txt"),
    ("constraints*.txt", "requirements.txt"),
    ("*.csproj", "xml"),
    ("*.vbproj", "xml"),
    ("*.fsproj", "xml"),
    ("*.vcxproj", "xml"),
    ("*.props", "xml"),
    ("*.targets", "xml"),
    ("*.slnx", "xml"),
    ("*.nuspec", "xml"),
    ("*.resx", "xml"),
    ("*.plist", "xml"),
    ("*.ndjson", "json"),
    ("*.jsonl", "json"),
    ("*.jsonc", "json"),
    ("*.jsonld", "json"),
    ("*.json5", "json"),
    ("*.geojson", "json"),
    ("*.webmanifest", "json"),
    (".babelrc", "json"),
    (".eslintrc", "json"),
    (".prettierrc", "json"),
    ("*.ksh", "bash"),
    ("*.mksh", "bash"),
    ("*.dash", "bash"),
    ("bashrc", "bash"),
    ("*.bashrc", "bash"),
    ("bash_profile", "bash"),
    ("zshrc", "bash"),
    ("*.zshrc", "bash"),
    ("zshenv", "bash"),
    ("zprofile", "bash"),
    (".kshrc", "bash"),
    (".mkshrc", "bash"),
    ("*.ignore", "gitignore"),
    (".*ignore", "gitignore"),
    ("*.service", "ini"),
    ("*.socket", "ini"),
    ("*.timer", "ini"),
    ("*.mount", "ini"),
    ("*.container", "ini"),
    (".npmrc", "ini"),
    ("*.conf", "nginx"),
];

/// The language a built-in file-name rule gives `name`.
fn builtin_file_name(name: &str) -> Option<&'static str> {
    BUILTIN_FILE_NAMES.iter().find_map(|(pattern, token)| {
        let hit = if pattern.contains('*') {
            glob_matches(pattern, name)
        } else {
            *pattern == name
        };
        hit.then_some(*token)
    })
}

/// Whether `name` matches `pattern`, where `*` stands for any run of
/// characters (possibly none) and everything else for itself.
pub fn glob_matches(pattern: &str, name: &str) -> bool {
    // Asked of every pattern for every file: no allocation.
    let Some((first, after_first)) = pattern.split_once('*') else {
        return pattern == name;
    };
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let (middle, last) = after_first.rsplit_once('*').unwrap_or(("", after_first));
    for piece in middle.split('*').filter(|piece| !piece.is_empty()) {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Rule 4: what the first line says.
fn by_first_line<S: GrammarSet>(grammars: &S, line: &str) -> Option<S::Grammar> {
    let line = line.trim_end_matches(['\r', '\n']);
    if let Some(interpreter) = shebang_interpreter(line) {
        let token = interpreter_language(&interpreter).unwrap_or(interpreter.as_str());
        if let Some(grammar) = grammars.by_token(token) {
            return Some(grammar);
        }
    }
    let trimmed = line.trim_start();
    let prologue = if trimmed.starts_with("<?xml") {
        Some("xml")
    } else if trimmed.starts_with("<?php") {
        Some("php")
    } else if starts_with_ignore_case(trimmed, "<!doctype html") || trimmed.starts_with("<html") {
        Some("html")
    } else {
        None
    };
    if let Some(grammar) = prologue.and_then(|token| grammars.by_token(token)) {
        return Some(grammar);
    }
    if let Some(mode) = modeline_language(line)
        && let Some(grammar) = grammars.by_token(&canonical_token(&mode))
    {
        return Some(grammar);
    }
    grammars
        .by_first_line(line)
        .filter(|grammar| !grammars.is_plain(grammar))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The program a `#!` line runs, without its folder or version
/// (`#!/usr/bin/env -S python3.12 -u` → `python`).
pub fn shebang_interpreter(line: &str) -> Option<String> {
    let command = line.strip_prefix("#!")?;
    let mut words = command.split_whitespace();
    let mut program = program_name(words.next()?);
    if program == "env" {
        // `env` takes options (`-S`, `-i`) and assignments before the program.
        program = program_name(words.find(|w| !w.starts_with('-') && !w.contains('='))?);
    }
    let name = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let name = if name.is_empty() { program } else { name };
    Some(name.to_string())
}

fn program_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Interpreters whose name is not a grammar's name or extension.
fn interpreter_language(interpreter: &str) -> Option<&'static str> {
    Some(match interpreter {
        "sh" | "bash" | "zsh" | "ksh" | "mksh" | "pdksh" | "dash" | "ash" | "busybox" => "bash",
        "python" | "pypy" | "pythonw" => "python",
        "node" | "nodejs" | "bun" => "javascript",
        "deno" | "ts-node" | "tsx" => "typescript",
        "ruby" | "jruby" | "irb" => "ruby",
        "tclsh" | "wish" | "expect" | "jimsh" => "tcl",
        "luajit" => "lua",
        "Rscript" => "r",
        "pwsh" | "powershell" => "powershell",
        "make" | "gmake" => "makefile",
        "gawk" | "mawk" | "nawk" => "awk",
        "runhaskell" | "runghc" => "haskell",
        "osascript" => "applescript",
        "escript" => "erlang",
        "elixir" | "iex" => "elixir",
        "julia" => "julia",
        "php" => "php",
        "perl" => "perl",
        _ => return None,
    })
}

/// The language a Vim (`vim: set ft=python:`) or Emacs
/// (`-*- mode: python -*-`) modeline names.
pub fn modeline_language(line: &str) -> Option<String> {
    if let Some(start) = line.find("-*-") {
        let inner = &line[start + 3..];
        let inner = &inner[..inner.find("-*-")?];
        let mode = match inner.find("mode:") {
            Some(at) => inner[at + 5..].split(';').next().unwrap_or(""),
            None if !inner.contains(':') => inner,
            None => return None,
        };
        let mode = mode.trim().to_ascii_lowercase();
        let mode = mode.strip_suffix("-mode").unwrap_or(&mode);
        return (!mode.is_empty()).then(|| mode.to_string());
    }
    let at = ["vim:", "vi:", "ex:"].iter().find_map(|tag| {
        line.match_indices(tag)
            .find(|(i, _)| *i == 0 || line[..*i].ends_with(char::is_whitespace))
            .map(|(i, _)| i + tag.len())
    })?;
    line[at..]
        .split([' ', ':', '\t'])
        .filter_map(|setting| {
            let (key, value) = setting.split_once('=')?;
            matches!(key, "ft" | "filetype" | "syn" | "syntax").then_some(value)
        })
        .find(|value| !value.is_empty())
        .map(str::to_string)
}

/// One spelling for the many ways authors and editors name a language, so
/// that a grammar set only needs to know its own names.
pub fn canonical_token(language: &str) -> String {
    let token = language.trim().to_ascii_lowercase();
    let canonical = match token.as_str() {
        "js" | "node" | "nodejs" | "mjs" | "cjs" | "es6" | "ecmascript" => "javascript",
        "ts" | "mts" | "cts" => "typescript",
        "py" | "python3" | "py3" | "python2" => "python",
        "sh" | "shell" | "zsh" | "ksh" | "console" | "shellscript" | "shell-script"
        | "shellsession" => "bash",
        "yml" => "yaml",
        "rs" => "rust",
        "golang" => "go",
        "rb" => "ruby",
        "c++" | "cxx" => "cpp",
        "csharp" | "c#" | "cs" => "c#",
        "docker" | "containerfile" => "dockerfile",
        "make" | "mk" | "gnumake" => "makefile",
        "ps" | "ps1" | "pwsh" => "powershell",
        "kt" => "kotlin",
        "pip" | "requirements" | "pip-requirements" => "requirements.txt",
        "gomod" | "go-mod" => "go.mod",
        "gosum" | "go-sum" => "go.sum",
        "caddy" | "caddyfile" => "nginx",
        "html5" | "xhtml" => "html",
        "vim" | "viml" => "vim",
        other => other,
    };
    canonical.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grammar set small enough to read: each grammar is its name, known
    /// by the tokens and file names listed, with one first-line pattern.
    struct Table;

    const GRAMMARS: &[(&str, &[&str])] = &[
        ("JavaScript", &["javascript", "js", "mjs", "jsx"]),
        ("TypeScript", &["typescript", "ts"]),
        ("Python", &["python", "py"]),
        ("Rust", &["rust", "rs"]),
        ("Shell", &["bash", "sh"]),
        ("Tcl", &["tcl"]),
        ("XML", &["xml"]),
        ("HTML", &["html", "htm"]),
        ("PHP", &["php"]),
        ("JSON", &["json"]),
        ("C", &["c", "h"]),
        ("Dockerfile", &["dockerfile"]),
        ("Makefile", &["makefile", "mk"]),
        ("pip requirements", &["requirements.txt"]),
        ("nginx", &["nginx", "conf"]),
        ("Groovy", &["groovy"]),
        ("Plain Text", &["txt"]),
    ];

    const FILE_NAMES: &[(&str, &str)] = &[
        ("Dockerfile", "Dockerfile"),
        ("Makefile", "Makefile"),
        ("GNUmakefile", "Makefile"),
        ("CMakeLists.txt", "CMake"),
        ("go.mod", "Go module"),
        ("go.sum", "Go checksums"),
        ("requirements.txt", "pip requirements"),
        ("ssh_config", "SSH Config"),
        (".bashrc", "Shell"),
    ];

    impl GrammarSet for Table {
        type Grammar = &'static str;
        fn by_token(&self, token: &str) -> Option<&'static str> {
            let token = token.to_ascii_lowercase();
            GRAMMARS
                .iter()
                .find(|(_, tokens)| tokens.contains(&token.as_str()))
                .map(|(name, _)| *name)
        }
        fn by_file_name(&self, name: &str) -> Option<&'static str> {
            FILE_NAMES.iter().find(|(n, _)| *n == name).map(|(_, g)| *g)
        }
        fn by_first_line(&self, line: &str) -> Option<&'static str> {
            line.starts_with("FROM ").then_some("Dockerfile")
        }
        fn is_plain(&self, grammar: &&'static str) -> bool {
            *grammar == "Plain Text"
        }
    }

    fn file(name: &str, first_line: &str) -> Detection<&'static str> {
        let origin = CodeOrigin {
            explicit: None,
            file_name: Some(name),
        };
        detect(&Table, origin, first_line, &SiteLanguages::default())
    }

    fn found(grammar: &'static str, rule: Rule) -> Detection<&'static str> {
        Detection::Found { grammar, rule }
    }

    #[test]
    fn an_explicit_language_wins_and_is_never_second_guessed() {
        let cases: &[(&str, Detection<&str>)] = &[
            ("python", found("Python", Rule::Explicit)),
            ("Python3", found("Python", Rule::Explicit)),
            ("node", found("JavaScript", Rule::Explicit)),
            ("shell", found("Shell", Rule::Explicit)),
            ("Dockerfile", found("Dockerfile", Rule::Explicit)),
            ("text", Detection::Plain),
            ("", Detection::Plain),
            ("klingon", Detection::UnknownExplicit("klingon".into())),
        ];
        for (explicit, expected) in cases {
            let origin = CodeOrigin {
                explicit: Some(explicit),
                // The file name says Rust; the author's word wins.
                file_name: Some("main.rs"),
            };
            let detected = detect(&Table, origin, "#!/bin/sh", &SiteLanguages::default());
            assert_eq!(&detected, expected, "explicit {explicit:?}");
        }
    }

    #[test]
    fn whole_file_names_come_before_extensions() {
        let cases: &[(&str, &str)] = &[
            ("Dockerfile", "Dockerfile"),
            ("Containerfile", "Dockerfile"),
            ("Dockerfile.dev", "Dockerfile"),
            ("api.Dockerfile", "Dockerfile"),
            ("Makefile", "Makefile"),
            ("GNUmakefile", "Makefile"),
            ("CMakeLists.txt", "CMake"),
            ("go.mod", "Go module"),
            ("go.sum", "Go checksums"),
            ("Caddyfile", "nginx"),
            ("requirements.txt", "pip requirements"),
            ("requirements-dev.txt", "pip requirements"),
            ("ssh_config", "SSH Config"),
            (".bashrc", "Shell"),
            ("app.csproj", "XML"),
            ("Directory.Build.props", "XML"),
            ("events.ndjson", "JSON"),
        ];
        for (name, grammar) in cases {
            assert_eq!(file(name, ""), found(grammar, Rule::FileName), "{name}");
        }
    }

    #[test]
    fn extensions_pick_the_grammar_of_ordinary_files() {
        for (name, grammar) in [
            ("server.js", "JavaScript"),
            ("app.TS", "TypeScript"),
            ("a.b.py", "Python"),
            ("rules.mk", "Makefile"),
        ] {
            assert_eq!(file(name, ""), found(grammar, Rule::Extension), "{name}");
        }
    }

    #[test]
    fn backup_and_template_suffixes_are_stripped() {
        let cases: &[(&str, Detection<&str>)] = &[
            ("test.rs.orig", found("Rust", Rule::Extension)),
            ("main.py.bak", found("Python", Rule::Extension)),
            ("config.h.in", found("C", Rule::Extension)),
            ("setup.py~", found("Python", Rule::Extension)),
            ("nginx.conf.dpkg-dist", found("nginx", Rule::FileName)),
            ("Makefile.in", found("Makefile", Rule::FileName)),
            ("Dockerfile.rpmsave", found("Dockerfile", Rule::FileName)),
            ("server.js.orig.bak", found("JavaScript", Rule::Extension)),
        ];
        for (name, expected) in cases {
            assert_eq!(&file(name, ""), expected, "{name}");
        }
        assert_eq!(strip_ignored_suffix(".in"), None, "nothing left");
    }

    #[test]
    fn first_lines_name_the_language_of_unnamed_files() {
        let cases: &[(&str, &str)] = &[
            ("#!/bin/ksh", "Shell"),
            ("#!/bin/sh -e", "Shell"),
            ("#!/usr/bin/env tclsh", "Tcl"),
            ("#!/usr/bin/env -S python3.12 -u", "Python"),
            ("#!/usr/bin/env NODE_ENV=production node", "JavaScript"),
            ("#!/usr/local/bin/deno run", "TypeScript"),
            ("<?xml version=\"1.0\"?>", "XML"),
            ("<?php echo 1;", "PHP"),
            ("<!DOCTYPE html>", "HTML"),
            ("# vim: set ft=python :", "Python"),
            ("// vim: filetype=rust", "Rust"),
            ("# -*- mode: sh; indent-tabs-mode: nil -*-", "Shell"),
            ("/* -*- C -*- */", "C"),
            ("FROM debian:13", "Dockerfile"),
        ];
        for (line, grammar) in cases {
            assert_eq!(
                file("run", &format!("{line}\n")),
                found(grammar, Rule::FirstLine),
                "{line}"
            );
        }
    }

    #[test]
    fn the_site_table_covers_what_nothing_else_knows() {
        let site = SiteLanguages::new([
            ("Jenkinsfile".to_string(), "groovy".to_string()),
            ("*.tpl".to_string(), "html".to_string()),
            ("cfg".to_string(), "klingon".to_string()),
            ("log".to_string(), "text".to_string()),
        ]);
        let detect_site = |name| {
            let origin = CodeOrigin {
                explicit: None,
                file_name: Some(name),
            };
            detect(&Table, origin, "", &site)
        };
        assert_eq!(
            detect_site("Jenkinsfile"),
            found("Groovy", Rule::SiteMapping)
        );
        assert_eq!(detect_site("page.tpl"), found("HTML", Rule::SiteMapping));
        assert_eq!(detect_site("server.log"), Detection::Plain);
        assert_eq!(
            detect_site("app.cfg"),
            Detection::UnknownMapped {
                key: "cfg".into(),
                language: "klingon".into()
            }
        );
        assert_eq!(
            detect_site("LICENSE"),
            Detection::UnknownFile("LICENSE".into())
        );
    }

    #[test]
    fn files_nothing_recognises_are_unknown_with_or_without_an_extension() {
        assert_eq!(
            file("LICENSE", "MIT"),
            Detection::UnknownFile("LICENSE".into())
        );
        assert_eq!(
            file("data.zzz", "1 2 3"),
            Detection::UnknownFile("data.zzz".into())
        );
        // A plain-text grammar chosen by extension is a choice, not a miss.
        assert_eq!(file("notes.txt", ""), found("Plain Text", Rule::Extension));
    }

    #[test]
    fn globs_match_whole_names() {
        assert!(glob_matches("*.props", "a.props"));
        assert!(!glob_matches("*.props", "a.props.x"));
        assert!(glob_matches("requirements*.txt", "requirements.txt"));
        assert!(glob_matches("requirements*.txt", "requirements-dev.txt"));
        assert!(!glob_matches("requirements*.txt", "my-requirements.txt"));
        assert!(glob_matches(".*ignore", ".dockerignore"));
        assert!(!glob_matches("Dockerfile", "Dockerfile.dev"));
        assert!(!glob_matches("a*a", "a"));
        assert!(glob_matches("*", "anything"));
        assert!(glob_matches("a*b*c", "axxbyyc"));
        assert!(glob_matches("a*b*c", "abc"));
        assert!(!glob_matches("a*b*c", "acb"));
        assert!(glob_matches("*.in*", "config.in.bak"));
    }
}
