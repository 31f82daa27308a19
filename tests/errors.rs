//! Bad input: every problem is reported with its file and line, the build
//! exits with status 1, and nothing is written.

mod common;

use common::{TestSite, criterion, report_index, staging_leftovers, versus};

const SPEED: &str = "content/r/02-speed.md";
const INDEX: &str = "content/r/index.md";

/// A `02-speed.md` whose `[points]` lines start on line 6.
fn speed_with_points(points: &str) -> String {
    format!("+++\ntitle = \"Speed\"\nsummary = \"How fast.\"\n\n[points]\n{points}+++\n\nProse.\n")
}

/// A `02-speed.md` whose body line 8 is `marker`.
fn speed_with_marker(marker: &str) -> String {
    format!("+++\ntitle = \"Speed\"\nsummary = \"How fast.\"\n+++\n\nProse.\n\n{marker}\n")
}

fn assert_nothing_written(site: &TestSite) {
    assert!(
        !site.public().exists(),
        "a failed build must not create the output folder {}",
        site.public().display()
    );
    let leftovers = staging_leftovers(&site.root);
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

/// Builds, expects failure pointing at `file:line:`, and checks that
/// nothing was written.
fn fails_at(site: &TestSite, file: &str, line: usize) -> common::Run {
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at(file, line);
    run.assert_stderr_has("nothing was written");
    assert_nothing_written(site);
    run
}

#[test]
fn the_fixture_itself_builds() {
    // Guards every test below: each breaks exactly one thing of this site.
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    assert!(site.public().join("r/index.html").is_file());
}

#[test]
fn diagnostic_location_is_exactly_file_line_column() {
    let site = TestSite::fixture("basic");
    site.write(SPEED, speed_with_points("node = 1\npyhton = 1\n"));
    let run = site.build(&[]);
    run.assert_failure();
    // An editor or terminal jumps to `file:line:column`; anything after it
    // (a second `:7:1`) breaks that.
    assert_eq!(
        run.locations(),
        vec![format!("{SPEED}:7:1")],
        "the location line must read `--> file:line:column`\n{run}"
    );
}

#[test]
fn malformed_toml_front_matter() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "+++\ntitle = \"Speed\"\nsummary = \"unterminated\n\n[points]\nnode = 1\n+++\n",
    );
    let run = fails_at(&site, SPEED, 3);
    run.assert_stderr_has("invalid TOML front matter");
}

#[test]
fn malformed_yaml_front_matter() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "---\ntitle: Speed\nsummary: how: fast\npoints:\n  node: 1\n---\n\nProse.\n",
    );
    let run = fails_at(&site, SPEED, 3);
    run.assert_stderr_has("invalid YAML front matter");
}

#[test]
fn unknown_contender_in_points_suggests_the_closest_id() {
    let site = TestSite::fixture("basic");
    site.write(SPEED, speed_with_points("node = 1\npyhton = 1\n"));
    let run = fails_at(&site, SPEED, 7);
    run.assert_stderr_has("unknown contender `pyhton`");
    run.assert_stderr_has("did you mean `python`?");
}

#[test]
fn unknown_contender_without_a_close_match_lists_the_contenders() {
    let site = TestSite::fixture("basic");
    site.write(SPEED, speed_with_points("ruby = 1\n"));
    let run = fails_at(&site, SPEED, 6);
    run.assert_stderr_has("unknown contender `ruby`");
    run.assert_stderr_has("node, python");
    assert!(!run.stderr.contains("did you mean"), "{run}");
}

#[test]
fn negative_points() {
    let site = TestSite::fixture("basic");
    site.write(SPEED, speed_with_points("node = 1\npython = -1\n"));
    let run = fails_at(&site, SPEED, 7);
    run.assert_stderr_has("points for `python` must be a whole number of 0 or more, found -1");
}

#[test]
fn non_integer_points() {
    let site = TestSite::fixture("basic");
    site.write(SPEED, speed_with_points("node = 1.5\npython = \"two\"\n"));
    let run = fails_at(&site, SPEED, 6);
    run.assert_points_at(SPEED, 7);
    run.assert_stderr_has("found 1.5");
    run.assert_stderr_has("found \"two\"");
    run.assert_stderr_has("2 errors");
}

#[test]
fn fewer_than_two_contenders() {
    let site = TestSite::fixture("basic");
    site.write(INDEX, report_index("Lonely", &[("node", "Node.js")]));
    // report_index: contenders start at line 6 with `[[contenders]]`.
    let run = fails_at(&site, INDEX, 6);
    run.assert_stderr_has("a report needs at least 2 contenders, found 1");
}

#[test]
fn duplicate_contender_ids() {
    let site = TestSite::fixture("basic");
    let text = site.read(INDEX).replace("id = \"python\"", "id = \"node\"");
    site.write(INDEX, text);
    let run = fails_at(&site, INDEX, 12);
    run.assert_stderr_has("contender id `node` is declared twice");
}

#[test]
fn missing_sample_file() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        speed_with_marker("<!-- versus:include missing.js -->"),
    );
    let run = fails_at(&site, SPEED, 8);
    run.assert_stderr_has("sample file `missing.js` does not exist");
}

#[test]
fn include_outside_the_site_through_dot_dot() {
    let site = TestSite::fixture("basic");
    // `content/r/` + `../../..` is the folder holding the site.
    std::fs::write(site.dir().join("x.js"), "const secret = 42;\n").unwrap();
    site.write(
        SPEED,
        speed_with_marker("<!-- versus:include ../../../x.js -->"),
    );
    let run = fails_at(&site, SPEED, 8);
    run.assert_stderr_has("sample `../../../x.js` is outside the site folder");
}

#[test]
fn include_outside_the_site_through_a_symlink() {
    let site = TestSite::fixture("basic");
    let outside = site.dir().join("outside.js");
    std::fs::write(&outside, "const secret = 42;\n").unwrap();
    std::fs::create_dir_all(site.root.join("samples")).unwrap();
    std::os::unix::fs::symlink(&outside, site.root.join("samples/link.js")).unwrap();
    site.write(
        SPEED,
        speed_with_marker("<!-- versus:include /samples/link.js -->"),
    );
    let run = fails_at(&site, SPEED, 8);
    run.assert_stderr_has("sample `/samples/link.js` is outside the site folder");
}

#[test]
fn criterion_sample_symlinked_outside_the_site_is_refused() {
    // The folder's own samples (`python.py` next to `index.md`) must obey
    // the same rule as includes: a symlink out of the site is refused, or a
    // site could publish any file of the machine that builds it.
    let site = TestSite::fixture("basic");
    let outside = site.dir().join("secret.py");
    std::fs::write(&outside, "API_KEY = 'do-not-publish'\n").unwrap();
    let sample = site.root.join("content/r/01-architecture/python.py");
    std::fs::remove_file(&sample).unwrap();
    std::os::unix::fs::symlink(&outside, &sample).unwrap();
    let run = site.build(&[]);
    let published = site.public().join("r/index.html");
    let leaked = std::fs::read_to_string(&published)
        .map(|html| html.contains("do-not-publish"))
        .unwrap_or(false);
    assert!(!leaked, "a file outside the site was published\n{run}");
    run.assert_failure();
    run.assert_stderr_has("content/r/01-architecture/python.py");
    run.assert_stderr_has("outside the site folder");
    assert_nothing_written(&site);
}

#[test]
fn two_criteria_with_the_same_position() {
    let site = TestSite::generated(
        &[("a", "A"), ("b", "B")],
        &[
            ("01-a.md", criterion("Alpha", &[("a", 1)])),
            ("01-b.md", criterion("Beta", &[("b", 1)])),
        ],
    );
    let run = fails_at(&site, "content/r/01-b.md", 1);
    run.assert_stderr_has("criteria `01-a.md` and `01-b.md` both take position 1");
    run.assert_stderr_has("help: give one of them another numeric prefix or `weight`");
}

#[test]
fn a_file_that_is_not_utf8() {
    let site = TestSite::fixture("basic");
    let mut bytes =
        b"+++\ntitle = \"Speed\"\nsummary = \"How fast.\"\n+++\n\nProse.\nbad ".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b" bytes\n");
    site.write(SPEED, bytes);
    let run = fails_at(&site, SPEED, 7);
    run.assert_stderr_has("not UTF-8");
    assert!(
        run.locations()
            .iter()
            .any(|l| l.starts_with(&format!("{SPEED}:7:5"))),
        "the column of the first bad byte is 5\n{run}"
    );
}

#[test]
fn unknown_theme() {
    let site = TestSite::fixture("basic");
    site.write(
        "versus.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"nope\"\n",
    );
    let run = fails_at(&site, "versus.toml", 3);
    run.assert_stderr_has("unknown theme `nope`");
    run.assert_stderr_has("theme = \"default\"");
}

#[test]
fn template_syntax_error() {
    let site = TestSite::empty();
    versus(&["init", site.root.to_str().unwrap(), "--with-theme"]).assert_success();
    std::fs::rename(
        site.root.join("themes/default"),
        site.root.join("themes/broken"),
    )
    .unwrap();
    let config = site
        .read("versus.toml")
        .replace("theme = \"default\"", "theme = \"broken\"");
    assert!(config.contains("theme = \"broken\""), "{config}");
    site.write("versus.toml", config);
    let template = "themes/broken/templates/report.html";
    let mut lines: Vec<String> = site.read(template).lines().map(str::to_string).collect();
    // The unclosed tag goes right after `<article …>`, inside the main
    // block and outside any other tag.
    let article = lines
        .iter()
        .position(|l| l.contains("<article"))
        .expect("report.html has an <article>");
    lines.insert(
        article + 1,
        "{% if report.title %}<p>never closed</p>".to_string(),
    );
    let if_line = article + 2;
    site.write(template, lines.join("\n") + "\n");
    let endblock_line = lines
        .iter()
        .position(|l| l.contains("{% endblock main %}"))
        .expect("report.html has an endblock")
        + 1;

    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("template `report.html`");
    // Tera notices the missing `endif` where the enclosing block ends;
    // either that line or the `if` itself is a fair place to point.
    let at_line = |n: usize| {
        run.locations()
            .iter()
            .any(|l| l.starts_with(&format!("{template}:{n}:")))
    };
    assert!(
        at_line(if_line) || at_line(endblock_line),
        "expected {template}:{if_line} or :{endblock_line}, found {:?}\n{run}",
        run.locations()
    );
    assert_nothing_written(&site);
}

#[test]
fn base_url_that_is_not_a_url() {
    let site = TestSite::fixture("basic");
    site.write("versus.toml", "title = \"T\"\nbase_url = \"example.org\"\n");
    let run = fails_at(&site, "versus.toml", 2);
    run.assert_stderr_has("`base_url` must be an absolute http or https URL, found `example.org`");
}

#[test]
fn base_url_flag_that_is_not_a_url() {
    let site = TestSite::fixture("basic");
    for bad in ["not a url", "ftp://example.org/", "/relative/"] {
        let run = site.build(&["--base-url", bad]);
        run.assert_failure();
        run.assert_stderr_has(&format!("found `{bad}`"));
        run.assert_stderr_has("--base-url");
        assert_nothing_written(&site);
    }
}

#[test]
fn unknown_front_matter_key_with_suggestion() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "+++\ntitle = \"Speed\"\nsumary = \"How fast.\"\n+++\n\nProse.\n",
    );
    let run = fails_at(&site, SPEED, 3);
    run.assert_stderr_has("unknown field `sumary`");
    run.assert_stderr_has("did you mean `summary`?");
}

#[test]
fn unknown_report_key_with_suggestion() {
    let site = TestSite::fixture("basic");
    let text = site.read(INDEX).replace("description =", "descripton =");
    site.write(INDEX, text);
    let run = fails_at(&site, INDEX, 3);
    run.assert_stderr_has("unknown field `descripton`");
    run.assert_stderr_has("did you mean `description`?");
}

#[test]
fn transposed_letters_in_a_key_get_a_suggestion() {
    // `titel` for `title` is the most common kind of typo: two swapped
    // letters. It deserves the same hint as a missing letter.
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "+++\ntitel = \"Speed\"\nsummary = \"How fast.\"\n+++\n\nProse.\n",
    );
    let run = fails_at(&site, SPEED, 2);
    run.assert_stderr_has("unknown field `titel`");
    run.assert_stderr_has("did you mean `title`?");
}

#[test]
fn missing_front_matter() {
    let site = TestSite::fixture("basic");
    site.write(SPEED, "# Speed\n\nNo front matter here.\n");
    let run = fails_at(&site, SPEED, 1);
    run.assert_stderr_has("no front matter");
    run.assert_stderr_has("help: add a first line `+++`");
}

#[test]
fn criterion_without_a_position() {
    let site = TestSite::fixture("basic");
    site.write("content/r/latency.md", criterion("Latency", &[("node", 1)]));
    let run = fails_at(&site, "content/r/latency.md", 1);
    run.assert_stderr_has("criterion `latency.md` has no position");
    run.assert_stderr_has("rename it like `03-speed.md`, or add `weight = 3`");
    run.assert_stderr_has("1 error;");
}

#[test]
fn three_errors_in_three_files_are_reported_in_one_run() {
    let site = TestSite::fixture("basic");
    // index.md line 9: a colour that is not one.
    let index = site
        .read(INDEX)
        .replace("color = \"#417e38\"", "color = \"green\"");
    site.write(INDEX, index);
    // 01-architecture/index.md line 6: negative points.
    let arch = "content/r/01-architecture/index.md";
    let text = site.read(arch).replace("node = 1", "node = -1");
    site.write(arch, text);
    // 02-speed.md line 7: unknown contender.
    site.write(SPEED, speed_with_points("node = 1\npyhton = 1\n"));

    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at(INDEX, 9);
    run.assert_points_at(arch, 6);
    run.assert_points_at(SPEED, 7);
    run.assert_stderr_has("`green` is not a colour");
    run.assert_stderr_has("found -1");
    run.assert_stderr_has("unknown contender `pyhton`");
    run.assert_stderr_has("Build failed: 3 errors; nothing was written");
    assert_nothing_written(&site);

    // `check` finds the same three.
    let check = site.check(&[]);
    check.assert_failure();
    check.assert_stderr_has("Check failed: 3 errors");
}

#[test]
fn garbage_input_never_panics() {
    let mut binary = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    binary.extend((0..=255u8).cycle().take(600));
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        ("empty index.md", INDEX, Vec::new()),
        ("front matter that is a list", INDEX, b"---\n- a\n- b\n---\n".to_vec()),
        ("TOML front matter that is empty", INDEX, b"+++\n+++\n".to_vec()),
        ("binary file as index.md", INDEX, binary.clone()),
        ("binary file as a criterion", SPEED, binary),
        ("only an opening fence", INDEX, b"---\n".to_vec()),
        ("only a byte order mark", INDEX, "\u{feff}".as_bytes().to_vec()),
        (
            "contenders is a string",
            INDEX,
            b"+++\ntitle = \"t\"\ndescription = \"d\"\ndate = 2026-01-01\ncontenders = \"node\"\n+++\n".to_vec(),
        ),
        (
            "points is a list",
            SPEED,
            b"+++\ntitle = \"S\"\nsummary = \"s\"\npoints = [1, 2]\n+++\n".to_vec(),
        ),
        (
            "points too large",
            SPEED,
            b"+++\ntitle = \"S\"\nsummary = \"s\"\n[points]\nnode = 99999999999\n+++\n".to_vec(),
        ),
        (
            "weight out of range",
            SPEED,
            b"+++\ntitle = \"S\"\nsummary = \"s\"\nweight = 99999999999999999999\n+++\n".to_vec(),
        ),
        (
            "a multi-byte character right before a bad value",
            SPEED,
            "+++\ntitle = \"Vitesse é\"\nsummary = é\n+++\n".as_bytes().to_vec(),
        ),
        (
            "YAML with tabs",
            INDEX,
            b"---\ntitle: t\n\tdescription: d\n---\n".to_vec(),
        ),
        (
            "bad include marker",
            SPEED,
            speed_with_marker("<!-- versus:include a.js:9-3 -->").into_bytes(),
        ),
        (
            "line range past the end of the file",
            SPEED,
            speed_with_marker("<!-- versus:include 01-architecture/node.js:1-999 -->")
                .into_bytes(),
        ),
        (
            "too many contenders",
            INDEX,
            report_index(
                "Crowd",
                &[
                    ("a", "A"),
                    ("b", "B"),
                    ("c", "C"),
                    ("d", "D"),
                    ("e", "E"),
                    ("f", "F"),
                    ("g", "G"),
                ],
            )
            .into_bytes(),
        ),
    ];
    let mut failures = Vec::new();
    for (what, file, bytes) in cases {
        let site = TestSite::fixture("basic");
        site.write(file, &bytes);
        let run = site.build(&[]);
        if run.stderr.contains("panicked") || run.code != Some(1) {
            failures.push(format!("{what}:\n{run}"));
        } else if site.public().exists() {
            failures.push(format!("{what}: output written despite errors"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} garbage input(s) were not reported cleanly with exit code 1:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn mangled_front_matter_never_panics() {
    // Seeded, so a failure can be replayed: random edits of a valid
    // criterion, with the characters that matter to TOML and Markdown.
    let alphabet: Vec<char> = "+-=[]{}\"'#:,.\n \t\\é0123456789abcnodepythontrue"
        .chars()
        .collect();
    let base = speed_with_points("node = 1\npython = 0\n") + "\n<!-- versus:samples -->\n";
    let site = TestSite::fixture("basic");
    let mut rng = fastrand::Rng::with_seed(0x7e55);
    let mut failures = Vec::new();
    for round in 0..25 {
        let mut text: Vec<char> = base.chars().collect();
        for _ in 0..rng.usize(1..6) {
            let at = rng.usize(0..text.len());
            match rng.u8(0..3) {
                0 => text[at] = alphabet[rng.usize(0..alphabet.len())],
                1 => text.insert(at, alphabet[rng.usize(0..alphabet.len())]),
                _ => {
                    text.remove(at);
                }
            }
        }
        let text: String = text.into_iter().collect();
        site.write(SPEED, &text);
        let run = site.build(&["--output", site.dir().join("out").to_str().unwrap()]);
        if run.stderr.contains("panicked") || !matches!(run.code, Some(0 | 1)) {
            failures.push(format!("round {round}, input:\n{text}\n{run}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
