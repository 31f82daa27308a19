//! Inputs and states that once crashed, hung or wedged `versus build`:
//! each must now give a clear error (or a warning) and a bounded run.

mod common;

use std::path::Path;
use std::process::Command as Process;

use common::{TestSite, run_in, staging_leftovers};

const SPEED: &str = "content/r/02-speed.md";
const SAMPLE: &str = "content/r/01-architecture/node.js";

fn mkfifo(path: &Path) {
    let status = Process::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

// 1. No panic ---------------------------------------------------------------

#[test]
fn numbered_code_starting_with_a_wide_character_builds() {
    let site = TestSite::fixture("basic");
    for (i, fence) in ["text numbers", "js hl=1", "py numbers hl=1-2"]
        .iter()
        .enumerate()
    {
        site.write(
            &format!("content/r/0{}-wide-{i}.md", i + 3),
            format!(
                "+++\ntitle = \"Wide {i}\"\nsummary = \"S.\"\n+++\n\n```{fence}\né\n€ and ü\n```\n"
            ),
        );
    }
    // And a sample with line numbers from front matter.
    site.write(SAMPLE, "ñandú = 1\n");
    let index = site.read("content/r/01-architecture/index.md");
    site.write(
        "content/r/01-architecture/index.md",
        index.replacen("+++\n", "+++\nline_numbers = true\n", 1),
    );
    site.build_ok(&[]);
    let page = site.output("r/index.html");
    assert!(
        page.contains("data-n=\"1\">é</span>"),
        "the wide line is shown whole"
    );
    assert!(
        page.contains(">ñ") && page.contains("andú"),
        "the sample is shown"
    );
}

// 2. No hang ----------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_named_pipe_in_place_of_any_input_is_an_error_naming_it() {
    for place in [SPEED, SAMPLE, "content/r/conclusion.md", "versus.toml"] {
        let site = TestSite::fixture("basic");
        let path = site.root.join(place);
        let _ = std::fs::remove_file(&path);
        mkfifo(&path);
        // Without the check, opening the pipe blocks until the run's
        // timeout kills it.
        let run = site.build(&[]);
        run.assert_failure();
        run.assert_stderr_has(&format!("`{place}` is a named pipe (FIFO), not a file"));
        assert!(!site.public().exists(), "{place}: nothing written");
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_among_the_cache_packs_is_skipped() {
    let site = TestSite::fixture("basic");
    let cache = tempfile::tempdir().unwrap();
    let packs = cache.path().join("packs-1");
    std::fs::create_dir_all(&packs).unwrap();
    mkfifo(&packs.join("waiting.pack"));
    let cache_dir = cache.path().to_str().unwrap();
    let run = run_in(
        None,
        &["build", "--root", site.root.to_str().unwrap()],
        &[("VERSUS_CACHE_DIR", cache_dir)],
    );
    run.assert_success();
    run.assert_stderr_has("warning: the cache could not be used");
    run.assert_stderr_has("waiting.pack");
    assert!(site.public().join("r/index.html").is_file());
}

#[test]
fn markdown_or_a_sample_over_8_mib_is_an_error_naming_it() {
    let big = "x".repeat(8 * 1024 * 1024 + 1);
    for place in [SPEED, SAMPLE] {
        let site = TestSite::fixture("basic");
        let text = if place == SPEED {
            format!("+++\ntitle = \"S\"\nsummary = \"S.\"\n+++\n{big}")
        } else {
            big.clone()
        };
        site.write(place, text);
        let run = site.build(&[]);
        run.assert_failure();
        run.assert_stderr_has(&format!("`{place}` has 83886"));
        run.assert_stderr_has("bytes, more than the 8 MiB versus reads from one file");
    }
}

#[test]
fn an_index_md_that_is_a_folder_is_an_error() {
    for place in ["content/r/index.md", "content/r/01-architecture/index.md"] {
        let site = TestSite::fixture("basic");
        site.remove(place);
        std::fs::create_dir_all(site.root.join(place).join("inside")).unwrap();
        let run = site.build(&[]);
        run.assert_failure();
        run.assert_stderr_has(&format!("`{place}` is a folder, not a file"));
        let run = site.check(&[]);
        run.assert_failure();
        run.assert_stderr_has(&format!("`{place}` is a folder, not a file"));
    }
}

// 4. The cache never fails a build ------------------------------------------

/// A cache folder holding one real pack, written by a build of `site`.
fn warm_cache(site: &TestSite) -> tempfile::TempDir {
    let cache = tempfile::tempdir().unwrap();
    let run = run_in(
        None,
        &["build", "--root", site.root.to_str().unwrap()],
        &[("VERSUS_CACHE_DIR", cache.path().to_str().unwrap())],
    );
    run.assert_success();
    cache
}

#[cfg(unix)]
#[test]
fn a_thousand_packs_under_a_low_open_file_limit_still_build() {
    let site = TestSite::fixture("basic");
    let cache = warm_cache(&site);
    let packs = cache.path().join("packs-1");
    let pack = std::fs::read_dir(&packs)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pack"))
        .expect("the build wrote a pack");
    for i in 0..1100 {
        std::fs::copy(&pack, packs.join(format!("copy-{i:04}.pack"))).unwrap();
    }
    let out = site.dir().join("out");
    let script = "ulimit -n 256 && exec \"$0\" build --root \"$1\" --output \"$2\"".to_string();
    let output = Process::new("sh")
        .args(["-c", &script])
        .arg(env!("CARGO_BIN_EXE_versus"))
        .arg(&site.root)
        .arg(&out)
        .env("VERSUS_CACHE_DIR", cache.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("Too many open files"), "{stderr}");
    assert_eq!(
        std::fs::read(out.join("r/index.html")).unwrap(),
        std::fs::read(site.public().join("r/index.html")).unwrap(),
        "the same page as the build that filled the cache"
    );
}

#[test]
fn an_unusable_cache_folder_is_a_warning_and_the_build_goes_on() {
    let site = TestSite::fixture("basic");
    let cache = tempfile::tempdir().unwrap();
    // A file where the cache's folder of packs would be.
    std::fs::write(cache.path().join("packs-1"), "not a folder").unwrap();
    let run = run_in(
        None,
        &["build", "--root", site.root.to_str().unwrap()],
        &[("VERSUS_CACHE_DIR", cache.path().to_str().unwrap())],
    );
    run.assert_success();
    run.assert_stderr_has("warning: the cache could not be used");
    assert!(site.public().join("r/index.html").is_file());
    assert!(staging_leftovers(&site.root).is_empty());
}
