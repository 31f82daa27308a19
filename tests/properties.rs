//! Property tests: arbitrary text and front matter, Markdown with every
//! fence option and include marker, line ranges, `versus.toml`, and
//! arbitrary bytes as cache packs. Whatever the input, versus never panics,
//! every error names a file, and a damaged cache gives the same output as
//! no cache.
//!
//! Each property runs a bounded number of cases in `cargo test` (set
//! `VERSUS_PROPTEST_CASES` for more); `cargo test --release --test
//! properties -- --ignored` runs the soak, thousands of cases each (see
//! docs/testing.md). Failing cases are printed, never saved into the
//! repository.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use versus::config::parse_config;
use versus::source::SourceFile;
use versus::transform::lines::{LineOptions, pre_html, self_contained_lines};
use versus::util::ranges::parse_ranges;
use versus::{BuildOptions, build};

/// Cases per property in `cargo test`.
fn cases() -> u32 {
    std::env::var("VERSUS_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

/// Cases per property in the soak.
const SOAK_CASES: u32 = 3000;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        // Nothing is written into the repository: a failure prints its
        // input, which is enough to make it a regression test.
        failure_persistence: None,
        ..Config::default()
    })
}

/// Text an author (or a broken editor) might write: mostly Markdown-ish
/// pieces, with any Unicode in between.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("```".to_string()),
        Just("+++".to_string()),
        Just("---".to_string()),
        Just("<!-- versus:include ".to_string()),
        Just("<!-- versus:samples -->".to_string()),
        Just(" -->".to_string()),
        Just(" numbers".to_string()),
        Just(" hl=".to_string()),
        Just("é".to_string()),
        Just("€".to_string()),
        Just("<".to_string()),
        Just("# ".to_string()),
        Just("[x](/r/)".to_string()),
        "[0-9,\\-]{0,6}",
        "\\PC{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

/// A fence with any mix of options, and a body of any text.
fn fence() -> impl Strategy<Value = String> {
    let language = prop_oneof![
        Just(""),
        Just("js"),
        Just("python"),
        Just("text"),
        Just("rust"),
        Just("nosuchlanguage"),
    ];
    let option = prop_oneof![
        Just("numbers".to_string()),
        "hl=[0-9,\\-]{0,8}",
        "highlight=[0-9,\\-]{0,8}",
        "\\PC{0,6}",
    ];
    (language, proptest::collection::vec(option, 0..4), texty()).prop_map(
        |(language, options, body)| {
            let body = body.replace("```", "``");
            format!("```{language} {}\n{body}\n```\n", options.join(" "))
        },
    )
}

/// An include marker with any paths, ranges and options.
fn marker() -> impl Strategy<Value = String> {
    let path = prop_oneof![
        Just("node.js".to_string()),
        Just("python.py".to_string()),
        Just("../index.md".to_string()),
        Just("/etc/passwd".to_string()),
        Just("missing.js".to_string()),
        "\\PC{0,10}",
    ];
    let range = prop_oneof![Just(String::new()), ":[0-9]{0,3}(-[0-9]{0,3})?"];
    let option = prop_oneof![
        Just(String::new()),
        Just(" numbers".to_string()),
        " hl=[0-9,\\-]{0,6}",
    ];
    (path, range, option).prop_map(|(path, range, option)| {
        format!("<!-- versus:include {path}{range}{option} -->\n")
    })
}

/// Front matter of a criterion: mostly valid keys with any values.
fn front_matter() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("title = \"T\"".to_string()),
        Just("summary = \"S\"".to_string()),
        Just("line_numbers = true".to_string()),
        Just("weight = 3".to_string()),
        Just("draft = false".to_string()),
        Just("[points]\nnode = 1\npython = 0".to_string()),
        "\\[highlight\\]\nnode = \"[0-9,\\-]{0,6}\"",
        "title = \"\\PC{0,8}\"",
        "[a-z_]{1,8} = [0-9a-z\"\\[\\]]{0,6}",
        texty(),
    ];
    proptest::collection::vec(line, 0..6).prop_map(|lines| lines.join("\n"))
}

/// The fixture site with the criterion `02-speed.md` replaced.
fn site_with(speed: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic"), dir.path());
    std::fs::write(dir.path().join("content/r/02-speed.md"), speed).unwrap();
    dir
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Checks a whole build (`check`, writing nothing) of `root`: no panic,
/// and every error names a file of the site or says which path it is about.
fn check_site(root: &Path) -> Result<(), TestCaseError> {
    let mut options = BuildOptions::new(root);
    options.cache_dir = None;
    options.write = false;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(&options)));
    let Ok(result) = result else {
        return Err(TestCaseError::fail("versus panicked"));
    };
    if let Err(diagnostics) = result {
        prop_assert!(diagnostics.has_errors());
        for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
            let text = diagnostic.render(false);
            prop_assert!(
                diagnostic.location.is_some() || text.contains('`'),
                "an error that names nothing: {text}"
            );
        }
    }
    Ok(())
}

fn criterion_text() -> impl Strategy<Value = String> {
    let body = proptest::collection::vec(prop_oneof![texty(), fence(), marker()], 0..6);
    (front_matter(), body, any::<bool>()).prop_map(|(front, body, closed)| {
        let close = if closed { "\n+++\n" } else { "\n" };
        format!("+++\n{front}{close}{}", body.concat())
    })
}

fn loading_and_markdown(cases: u32) {
    runner(cases)
        .run(&criterion_text(), |text| {
            let site = site_with(&text);
            check_site(site.path())
        })
        .unwrap();
}

fn line_ranges(cases: u32) {
    runner(cases)
        .run(&("\\PC{0,20}", texty()), |(list, html)| {
            if let Ok(ranges) = parse_ranges(&list) {
                prop_assert!(ranges.iter().all(|&(a, b)| a >= 1 && a <= b));
            }
            // Splitting keeps every line: it only adds tags.
            let lines = self_contained_lines(&html);
            prop_assert!(lines.matches('\n').count() == html.matches('\n').count());
            if let Ok((options, _)) = LineOptions::parse(list.split_whitespace()) {
                let _ = pre_html("x", &lines, &options);
            }
            Ok(())
        })
        .unwrap();
}

fn configuration(cases: u32) {
    let text = proptest::collection::vec(
        prop_oneof![
            Just("title = \"T\"".to_string()),
            Just("base_url = \"https://example.org/\"".to_string()),
            "base_url = \"\\PC{0,12}\"",
            "theme = \"\\PC{0,8}\"",
            Just("[plugins]".to_string()),
            Just("[plugins.infographic]".to_string()),
            "[a-z_.\\[\\]]{1,10} = [0-9a-z\"]{0,6}",
            texty(),
        ],
        0..6,
    )
    .prop_map(|lines| lines.join("\n"));
    runner(cases)
        .run(&text, |text| {
            let source = Arc::new(SourceFile::new("versus.toml", "versus.toml", text));
            if let Err(diagnostic) = parse_config(source, None) {
                let position = diagnostic.position().unwrap_or_default();
                prop_assert!(
                    position.starts_with("versus.toml:") && position.matches(':').count() == 2,
                    "no line: {}",
                    diagnostic.render(false)
                );
            }
            Ok(())
        })
        .unwrap();
}

/// Every output file of a build of `root` with this cache (or none).
fn built(root: &Path, cache: Option<&Path>) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(root);
    options.cache_dir = cache.map(Path::to_path_buf);
    options.output = Some(out.path().join("public"));
    build(&options).unwrap_or_else(|d| panic!("{}", d.render(false)));
    let mut files = Vec::new();
    fn walk(base: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.path().is_dir() {
                walk(base, &entry.path(), files);
            } else {
                let rel = entry
                    .path()
                    .strip_prefix(base)
                    .unwrap()
                    .display()
                    .to_string();
                files.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    walk(
        &out.path().join("public"),
        &out.path().join("public"),
        &mut files,
    );
    files.sort();
    files
}

fn damaged_cache(cases: u32) {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic"), site.path());
    let expected = built(site.path(), None);
    // A real pack to damage, from a build with a cache.
    let warm = tempfile::tempdir().unwrap();
    assert_eq!(built(site.path(), Some(warm.path())), expected);
    let packs = warm.path().join("packs-2");
    let pack = std::fs::read_dir(&packs)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pack"))
        .expect("a pack");
    let real = std::fs::read(pack).unwrap();
    let damage = (
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        any::<prop::sample::Index>(),
        proptest::collection::vec(any::<u8>(), 0..200),
    );
    runner(cases)
        .run(&damage, |(flips, cut, junk)| {
            let cache = tempfile::tempdir().unwrap();
            let dir = cache.path().join("packs-2");
            std::fs::create_dir_all(&dir).unwrap();
            let mut bytes = real.clone();
            for (at, value) in flips {
                let i = at.index(bytes.len());
                bytes[i] ^= value | 1;
            }
            bytes.truncate(cut.index(bytes.len() + 1).max(1));
            std::fs::write(dir.join("damaged.pack"), &bytes).unwrap();
            std::fs::write(dir.join("junk.pack"), &junk).unwrap();
            prop_assert_eq!(built(site.path(), Some(cache.path())), expected.clone());
            Ok(())
        })
        .unwrap();
}

#[test]
fn arbitrary_criteria_never_panic_and_errors_name_a_file() {
    loading_and_markdown(cases());
}

#[test]
fn line_ranges_and_line_splitting_never_panic() {
    line_ranges(cases() * 8);
}

#[test]
fn configuration_errors_always_have_a_line() {
    configuration(cases() * 8);
}

#[test]
fn a_damaged_cache_gives_the_output_of_no_cache() {
    damaged_cache(cases() / 2);
}

#[test]
#[ignore = "soak: thousands of cases per property, see docs/testing.md"]
fn soak() {
    line_ranges(SOAK_CASES * 10);
    configuration(SOAK_CASES * 10);
    loading_and_markdown(SOAK_CASES);
    damaged_cache(SOAK_CASES / 10);
}
