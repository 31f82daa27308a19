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
    let packs = cache.path().join("packs-2");
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
    let packs = cache.path().join("packs-2");
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
    let script = "ulimit -n 256 && exec \"$0\" build --root \"$1\" --output \"$2\"";
    let output = Process::new("sh")
        .args(["-c", script])
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
    std::fs::write(cache.path().join("packs-2"), "not a folder").unwrap();
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

// 5. Output staging is clean ------------------------------------------------

/// A site with many criteria, so that writing takes a moment.
fn big_site(criteria: usize) -> TestSite {
    let list: Vec<(String, String)> = (1..=criteria)
        .map(|i| {
            (
                format!("{i:03}-c{i}.md"),
                common::criterion(&format!("C{i}"), &[("a", 1), ("b", 0)]),
            )
        })
        .collect();
    let borrowed: Vec<(&str, String)> = list.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    TestSite::generated(&[("a", "A"), ("b", "B")], &borrowed)
}

fn assert_whole_output(out: &Path) {
    assert!(
        out.join(".versus-output").is_file(),
        "marker in {}",
        out.display()
    );
    assert!(
        out.join("r/index.html").is_file(),
        "page in {}",
        out.display()
    );
    assert!(
        out.join("index.html").is_file(),
        "home in {}",
        out.display()
    );
}

#[test]
fn leftovers_of_killed_builds_are_removed_but_only_versus_own() {
    let site = TestSite::fixture("basic");
    let dir = &site.root;
    let ours_new = dir.join(".public.versus-new-AbC123");
    let ours_old = dir.join(".public.versus-old-XyZ789");
    let empty = dir.join(".public.versus-new-Empty0");
    let foreign = dir.join(".public.versus-new-NotOurs");
    for (folder, marker) in [(&ours_new, true), (&ours_old, true), (&foreign, false)] {
        std::fs::create_dir_all(folder.join("r")).unwrap();
        std::fs::write(folder.join("r/index.html"), "half a site").unwrap();
        if marker {
            std::fs::write(folder.join(".versus-output"), "").unwrap();
        }
    }
    std::fs::create_dir_all(&empty).unwrap();
    site.build_ok(&[]);
    assert!(!ours_new.exists() && !ours_old.exists() && !empty.exists());
    assert!(
        foreign.join("r/index.html").is_file(),
        "a folder without the marker stays"
    );
    assert_eq!(
        staging_leftovers(dir),
        vec![".public.versus-new-NotOurs".to_string()]
    );
}

#[test]
fn builds_into_one_output_at_once_take_turns() {
    let site = big_site(60);
    let out = site.dir().join("out");
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let root = site.root.clone();
            let out = out.clone();
            std::thread::spawn(move || {
                common::versus(&[
                    "build",
                    "--root",
                    root.to_str().unwrap(),
                    "--no-cache",
                    "--output",
                    out.to_str().unwrap(),
                ])
            })
        })
        .collect();
    for run in runs {
        run.join().unwrap().assert_success();
    }
    assert_whole_output(&out);
    assert!(
        staging_leftovers(&site.dir()).is_empty(),
        "{:?}",
        staging_leftovers(&site.dir())
    );
}

/// Times a cold build of `site` (the fastest of three), so that interrupts can
/// be aimed inside it whatever the speed of the machine.
#[cfg(unix)]
fn cold_build_time(site: &TestSite) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            site.build_ok(&[]);
            start.elapsed()
        })
        .min()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_build_leaves_no_temporary_folder() {
    // A fixed delay misses the build on a faster machine; grow the site until
    // a build lasts long enough to be interrupted, then aim inside it.
    let mut criteria = 150;
    let (site, took) = loop {
        let site = big_site(criteria);
        let took = cold_build_time(&site);
        if took >= std::time::Duration::from_millis(150) || criteria >= 2400 {
            break (site, took);
        }
        criteria *= 2;
    };
    let mut interrupted = 0;
    for i in 0..10u32 {
        let delay = took * (20 + 6 * i) / 100;
        let mut child = Process::new(env!("CARGO_BIN_EXE_versus"))
            .args(["build", "--no-cache", "--root"])
            .arg(&site.root)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = Process::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        if status.code() == Some(130) {
            interrupted += 1;
        }
        assert!(
            staging_leftovers(&site.root).is_empty(),
            "after an interrupt at {delay:?}: {:?}",
            staging_leftovers(&site.root)
        );
        assert_whole_output(&site.public());
    }
    assert!(
        interrupted > 0,
        "at least one of ten runs was interrupted while building \
         ({criteria} criteria, a build takes {took:?})"
    );
}

#[test]
fn a_device_as_the_output_is_refused() {
    let site = TestSite::fixture("basic");
    for out in ["/dev/null", "/dev/null/site"] {
        let run = site.build(&["--output", out]);
        run.assert_failure();
        run.assert_stderr_has("refusing to use");
        run.assert_stderr_has("is not a folder");
    }
}

// 6. Refusals cannot be bypassed; check agrees with build -------------------

#[cfg(unix)]
#[test]
fn an_output_through_a_link_into_content_is_refused() {
    let site = TestSite::fixture("basic");
    std::os::unix::fs::symlink(site.root.join("content"), site.root.join("lnk")).unwrap();
    let before = common::snapshot(&site.root.join("content"));
    let run = site.build(&["--output", site.root.join("lnk/out").to_str().unwrap()]);
    run.assert_failure();
    run.assert_stderr_has("inside the site's `content` folder");
    assert_eq!(common::snapshot(&site.root.join("content")), before);
}

#[test]
fn a_static_file_in_the_way_of_a_page_fails_check_and_build_naming_it() {
    for (place, message) in [
        (
            "static/r",
            "`static/r` is a file, but `r/index.html` needs a folder",
        ),
        (
            "static/index.html",
            "`static/index.html` would replace the page `index.html`",
        ),
    ] {
        let site = TestSite::fixture("basic");
        site.write(place, "a file in the way");
        for run in [site.check(&[]), site.build(&[])] {
            run.assert_failure();
            run.assert_stderr_has(message);
            assert!(
                !run.stderr.contains("versus-new"),
                "no temporary path: {run}"
            );
        }
        assert!(!site.public().exists());
    }
}

#[test]
fn a_theme_path_outside_the_site_is_refused_at_its_line() {
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(elsewhere.path().join("templates")).unwrap();
    std::fs::write(elsewhere.path().join("secret.txt"), "private").unwrap();
    let site = TestSite::fixture("basic");
    let config: String = site
        .read("versus.toml")
        .lines()
        .filter(|l| !l.starts_with("theme"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write(
        "versus.toml",
        format!("{config}theme = {:?}\n", elsewhere.path().to_str().unwrap()),
    );
    let line = config.lines().count() + 1;
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at("versus.toml", line);
    run.assert_stderr_has("must name a folder of the site's `themes/` or a built-in theme");
}

#[test]
fn bad_fence_options_are_an_error_at_the_fence_line() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "+++\ntitle = \"Speed\"\nsummary = \"S.\"\n+++\n\nProse.\n\n```js numbers hl=0\nx\n```\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at(SPEED, 8);
    run.assert_stderr_has("the code block options `js numbers hl=0` are not valid");
    assert!(
        !run.stderr.contains("include marker"),
        "worded for fences: {run}"
    );
}
