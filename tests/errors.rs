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
    run.assert_stderr_has(
        "included file `missing.js` does not exist: looked for `content/r/missing.js`",
    );
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

// The errors a new author meets, each with its file, line and fix. ----------

/// The fixture's report written in YAML, with `color_line` as the first
/// contender's colour line (line 8).
fn yaml_index(color_line: &str) -> String {
    format!(
        "---\ntitle: Node.js vs Python\ndescription: A small fixture report.\ndate: 2026-01-01\n\
         contenders:\n  - id: node\n    name: Node.js\n{color_line}\n  - id: python\n    name: Python\n    color: \"#3572a5\"\n---\n\nThe introduction.\n"
    )
}

/// Builds, expects success, and returns the run (for its warnings).
fn warns_at(site: &TestSite, file: &str, line: usize) -> common::Run {
    let run = site.build(&[]);
    run.assert_success();
    run.assert_points_at(file, line);
    assert!(run.stderr.contains("warning:"), "{run}");
    run
}

#[test]
fn an_unquoted_yaml_colour_is_a_comment() {
    let site = TestSite::fixture("basic");
    site.write(INDEX, yaml_index("    color: #417e38"));
    let run = fails_at(&site, INDEX, 8);
    run.assert_stderr_has(
        "`#` starts a YAML comment, so `color` is empty: quote the colour, like `color: \"#417e38\"`",
    );
}

#[test]
fn toml_between_dashes_says_to_use_plus_fences() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "---\ntitle = \"Speed\"\nsummary = \"How fast.\"\n---\n\nProse.\n",
    );
    let run = fails_at(&site, SPEED, 2);
    run.assert_stderr_has(
        "this front matter is written in TOML, which goes between `+++` lines: change both `---` fences to `+++`",
    );
}

#[test]
fn yaml_between_plus_fences_says_to_use_dashes() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "+++\ntitle: Speed\nsummary: How fast.\n+++\n\nProse.\n",
    );
    let run = fails_at(&site, SPEED, 2);
    run.assert_stderr_has(
        "this front matter is written in YAML, which goes between `---` lines: change both `+++` fences to `---`",
    );
}

#[test]
fn a_blank_line_before_the_fence_points_at_the_fence() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "\n\n+++\ntitle = \"Speed\"\nsummary = \"How fast.\"\n+++\n\nProse.\n",
    );
    let run = fails_at(&site, SPEED, 3);
    run.assert_stderr_has(
        "the front matter must open on the first line, but 2 blank lines come before `+++`",
    );
    run.assert_stderr_has("help: delete what comes before the opening fence");
}

#[test]
fn a_byte_order_mark_and_a_blank_line_before_the_fence() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "\u{feff}\n+++\ntitle = \"Speed\"\nsummary = \"How fast.\"\n+++\n\nProse.\n",
    );
    // The mark is decoded away, as any text file's is: what is left to
    // fix is the blank line.
    let run = fails_at(&site, SPEED, 2);
    run.assert_stderr_has("a blank line comes before `+++`");
    // A byte order mark right before the fence is fine.
    site.write(
        SPEED,
        "\u{feff}+++\ntitle = \"Speed\"\nsummary = \"How fast.\"\n+++\n\nProse.\n",
    );
    site.build_ok(&[]);
}

#[test]
fn yaml_files_get_help_in_yaml() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        "---\ntitle: Speed\nsummary: How fast.\npoints:\n  node: -1\n---\n\nProse.\n",
    );
    let run = fails_at(&site, SPEED, 5);
    run.assert_stderr_has("help: write points like `node: 1`");
    assert!(!run.stderr.contains("node = 1"), "{run}");
    site.write(
        "content/r/latency.md",
        "---\ntitle: Latency\nsummary: How long.\n---\n\nProse.\n",
    );
    site.write(SPEED, criterion("Speed", &[]));
    let run = fails_at(&site, "content/r/latency.md", 1);
    run.assert_stderr_has("add `weight: 3`");
}

#[test]
fn an_unknown_contender_under_highlight_names_highlight() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/r/01-architecture/index.md",
        "+++\ntitle = \"Architecture\"\nsummary = \"How.\"\n\n[highlight]\npyhton = \"1\"\n+++\n\nProse.\n",
    );
    let run = fails_at(&site, "content/r/01-architecture/index.md", 6);
    run.assert_stderr_has("unknown contender `pyhton` in `highlight`");
    run.assert_stderr_has("did you mean `python`?");
    assert!(!run.stderr.contains("in `points`"), "{run}");
}

#[test]
fn an_include_with_an_unknown_option_lists_the_known_ones() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        speed_with_marker("<!-- versus:include ../r/01-architecture/node.js linenos -->"),
    );
    let run = fails_at(&site, SPEED, 8);
    run.assert_stderr_has("unknown option `linenos`; the options are `numbers` and `hl=LINES`");
}

#[test]
fn a_missing_include_says_where_it_looked_and_suggests_the_root_path() {
    let site = TestSite::fixture("basic");
    site.write(
        SPEED,
        speed_with_marker("<!-- versus:include content/r/01-architecture/node.js -->"),
    );
    let run = fails_at(&site, SPEED, 8);
    run.assert_stderr_has(
        "included file `content/r/01-architecture/node.js` does not exist: looked for `content/r/content/r/01-architecture/node.js`",
    );
    run.assert_stderr_has(
        "from the site root it is `/content/r/01-architecture/node.js`, which exists",
    );
}

#[test]
fn a_highlight_past_the_end_of_a_sample() {
    let site = TestSite::fixture("basic");
    let lines = site
        .read("content/r/01-architecture/node.js")
        .lines()
        .count();
    site.write(
        "content/r/01-architecture/index.md",
        "+++\ntitle = \"Architecture\"\nsummary = \"How.\"\n\n[highlight]\nnode = \"1,40\"\n+++\n\nProse.\n",
    );
    let run = fails_at(&site, "content/r/01-architecture/index.md", 6);
    run.assert_stderr_has(&format!(
        "`highlight.node` highlights line 40, but `node.js` has {lines} lines"
    ));
}

#[test]
fn a_highlight_outside_the_included_range() {
    let site = TestSite::fixture("basic");
    site.write("samples/long.js", "a;\nb;\nc;\nd;\ne;\nf;\n");
    site.write(
        SPEED,
        speed_with_marker("<!-- versus:include /samples/long.js:2-4 hl=5 -->"),
    );
    let run = fails_at(&site, SPEED, 8);
    run.assert_stderr_has(
        "`hl=` highlights line 5, but the include shows lines 2-4 of `/samples/long.js`",
    );
    // Inside the range it builds.
    site.write(
        SPEED,
        speed_with_marker("<!-- versus:include /samples/long.js:2-4 hl=3-4 -->"),
    );
    site.build_ok(&[]);
}

#[test]
fn a_sample_with_a_misspelt_id_is_named_with_the_id_it_means() {
    let site = TestSite::fixture("basic");
    site.write("content/r/01-architecture/pyhton.py", "print(1)\n");
    let run = site.build(&[]);
    run.assert_success();
    run.assert_stderr_has(
        "`content/r/01-architecture/pyhton.py` looks like a sample, but no contender has the id `pyhton`",
    );
    run.assert_stderr_has("did you mean `python.py`?");
}

#[test]
fn a_colour_name_or_bare_hex_gets_the_hex_it_means() {
    let site = TestSite::fixture("basic");
    let text = site.read(INDEX);
    site.write(INDEX, text.replace("\"#417e38\"", "\"teal\""));
    let run = fails_at(&site, INDEX, 9);
    run.assert_stderr_has("`teal` is not a colour");
    run.assert_stderr_has("did you mean `\"#008080\"`?");
    site.write(INDEX, text.replace("\"#417e38\"", "\"417e38\""));
    let run = fails_at(&site, INDEX, 9);
    run.assert_stderr_has("did you mean `\"#417e38\"`?");
    // YAML gets the quoted YAML form.
    site.write(INDEX, yaml_index("    color: navy"));
    let run = fails_at(&site, INDEX, 8);
    run.assert_stderr_has("in YAML, quote it: `color: \"#000080\"`");
}

#[test]
fn an_impossible_date() {
    let site = TestSite::fixture("basic");
    // YAML and quoted TOML dates are strings that versus checks itself.
    site.write(
        INDEX,
        yaml_index("    color: \"#417e38\"").replace("2026-01-01", "2026-02-31"),
    );
    let run = fails_at(&site, INDEX, 4);
    run.assert_stderr_has("`2026-02-31` is not a date: February 2026 has 28 days");
    run.assert_stderr_has("help: write the day the facts were checked");
    let text = site.read("content/r/index.md");
    assert!(text.starts_with("---"));
    let toml = TestSite::fixture("basic").read(INDEX);
    site.write(INDEX, toml.replace("2026-01-01", "\"2026-04-31\""));
    let run = fails_at(&site, INDEX, 4);
    run.assert_stderr_has("`2026-04-31` is not a date: April 2026 has 30 days");
    // A bare TOML date is checked by the TOML parser, at the same line.
    site.write(INDEX, toml.replace("2026-01-01", "2026-02-31"));
    let run = fails_at(&site, INDEX, 4);
    run.assert_stderr_has("expected day between 01 and 28");
}

#[test]
fn a_duplicate_contender_is_reported_before_the_unknown_ids_it_causes() {
    let site = TestSite::fixture("basic");
    // `python` was meant, `node` was typed: the points for `python` in the
    // criteria are then unknown.
    let text = site.read(INDEX).replace("id = \"python\"", "id = \"node\"");
    site.write(INDEX, text);
    let run = site.build(&[]);
    run.assert_failure();
    let locations = run.locations();
    assert!(
        locations
            .first()
            .is_some_and(|l| l.starts_with(&format!("{INDEX}:12:"))),
        "the duplicate comes first: {locations:?}\n{run}"
    );
    let duplicate = run.stderr.find("is declared twice").unwrap();
    let unknown = run
        .stderr
        .find("unknown contender `python`")
        .expect("caused errors");
    assert!(duplicate < unknown, "{run}");
}

#[test]
fn a_long_summary_or_description_is_a_warning() {
    let site = TestSite::fixture("basic");
    let long = "word ".repeat(40);
    let long = long.trim();
    site.write(
        SPEED,
        format!("+++\ntitle = \"Speed\"\nsummary = \"{long}\"\n+++\n\nProse.\n"),
    );
    let run = warns_at(&site, SPEED, 3);
    run.assert_stderr_has(
        "`summary` is 199 characters long: search engines cut descriptions after about 160",
    );
    let text = site.read(INDEX).replace("A small fixture report.", long);
    site.write(INDEX, text);
    let run = warns_at(&site, INDEX, 3);
    run.assert_stderr_has("`description` is 199 characters long");
}

#[test]
fn an_emoji_in_a_contender_name_is_a_warning() {
    let site = TestSite::fixture("basic");
    let text = site
        .read(INDEX)
        .replace("name = \"Python\"", "name = \"Python 🐍\"");
    site.write(INDEX, text);
    let run = warns_at(&site, INDEX, 13);
    run.assert_stderr_has("the card fonts cannot draw `🐍` in the name `Python 🐍`");
    run.assert_stderr_has("drop the character from `name`");
}

#[test]
fn a_light_brand_colour_is_darkened_for_text_with_a_warning() {
    let site = TestSite::fixture("basic");
    let text = site.read(INDEX).replace("\"#417e38\"", "\"#fff000\"");
    site.write(INDEX, text);
    let run = warns_at(&site, INDEX, 9);
    run.assert_stderr_has("brand colour `#fff000` has a contrast of 1.2:1 on white, under 4.5:1");
    let darker = run
        .stderr
        .split("colour (the infographic's scores, the page's labels) uses `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .expect("the darker colour")
        .to_string();
    let svg = site.output("r/infographic.svg");
    assert!(
        svg.contains(&format!("fill=\"{darker}\"")),
        "the score is drawn in {darker}"
    );
    assert!(
        svg.contains("fill=\"#fff000\""),
        "the brand colour stays for fills"
    );
}

#[test]
fn serve_without_a_config_exits_at_once_with_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let run = versus(&[
        "serve",
        "--root",
        tmp.path().to_str().unwrap(),
        "--port",
        "0",
    ]);
    run.assert_failure();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    run.assert_stderr_has("no `versus.toml` in");
    run.assert_stderr_has("run `versus init DIR` to start a site");
}
