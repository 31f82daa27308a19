//! Samples that run: output panels, expected output, the run cache,
//! `versus measure`, charts, and every bad input around them. The samples
//! are real Node.js and Python programs run by the real binary.

mod common;

use common::{TestSite, report_index, run_in};

const CONFIG: &str = "title = \"Generated\"\nbase_url = \"https://example.org/\"\n\n[run]\njs = [\"node\", \"{file}\"]\npy = [\"/usr/bin/python3\", \"{file}\"]\n";

/// A site with Node.js and Python contenders and one criterion folder,
/// `content/r/01-job/`, with this front matter (between the fences) and
/// these samples.
fn site(front: &str, node: &str, python: &str) -> TestSite {
    let site = TestSite::empty();
    site.write("versus.toml", CONFIG);
    site.write(
        "content/r/index.md",
        report_index("Evidence", &[("node", "Node.js"), ("python", "Python")]),
    );
    site.write(
        "content/r/01-job/index.md",
        format!("+++\ntitle = \"Job\"\nsummary = \"What a job prints.\"\n{front}\n+++\n\nProse.\n"),
    );
    site.write("content/r/01-job/node.js", node);
    site.write("content/r/01-job/python.py", python);
    site
}

fn node_version() -> String {
    let out = std::process::Command::new("node")
        .arg("--version")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn each_running_sample_shows_its_output_command_and_version() {
    let site = site(
        "run = true",
        "console.log('<hi> from node');\n",
        "print('hi from python')\n",
    );
    site.build_ok(&[]);
    let html = site.output("r/index.html");
    assert!(
        html.contains("&lt;hi&gt; from node\n</code></pre>"),
        "{html}"
    );
    assert!(html.contains("hi from python\n</code></pre>"));
    assert!(html.contains("<code class=\"vs-output-command\">node node.js</code>"));
    assert!(html.contains("<code class=\"vs-output-command\">/usr/bin/python3 python.py</code>"));
    assert!(html.contains(&format!(
        "<span class=\"vs-output-version\">{}</span>",
        node_version()
    )));
    // Each panel sits inside its sample's figure, so it follows the sample
    // into its tab on narrow screens.
    let node_figure = html
        .split("<figure class=\"vs-sample\" data-contender=\"node\"")
        .nth(1)
        .unwrap();
    let node_figure = &node_figure[..node_figure.find("</figure>").unwrap()];
    assert!(node_figure.contains("class=\"vs-output\""));
    assert!(!html.contains("versus:output"));
}

#[test]
fn only_the_contenders_listed_run() {
    let site = site(
        "run = [\"python\"]",
        "console.log('node ran');\n",
        "print('python ran')\n",
    );
    site.build_ok(&[]);
    let html = site.output("r/index.html");
    assert!(html.contains("python ran\n</code></pre>"));
    assert!(!html.contains("node ran\n</code></pre>"));
    assert_eq!(html.matches("class=\"vs-output\"").count(), 1);
}

#[test]
fn a_changed_output_fails_with_a_diff_and_bless_writes_the_new_one() {
    let site = site(
        "run = true",
        "console.log('one');\nconsole.log('two');\n",
        "print('same')\n",
    );
    site.write("content/r/01-job/node.out", "one\n2\n");
    site.write("content/r/01-job/python.out", "same\n");
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("sample `content/r/01-job/node.js` printed something else than `content/r/01-job/node.out` holds");
    run.assert_stderr_has("-2\n");
    run.assert_stderr_has("+two\n");
    run.assert_stderr_has("versus build --bless");
    assert!(!site.public().exists(), "a failed build wrote output");

    site.build_ok(&["--bless"]);
    assert_eq!(site.read("content/r/01-job/node.out"), "one\ntwo\n");
    assert_eq!(site.read("content/r/01-job/python.out"), "same\n");
    site.build_ok(&[]);
}

#[test]
fn a_non_zero_exit_fails_unless_it_is_expected() {
    let node = "console.log('bye'); process.exit(3);\n";
    let python = "print('ok')\n";
    let run = site("run = true", node, python).build(&[]);
    run.assert_failure();
    run.assert_stderr_has("sample `content/r/01-job/node.js` ended with exit 3, expected exit 0");
    run.assert_stderr_has("expect_exit");

    site("run = true\nexpect_exit = { node = 3 }", node, python).build_ok(&[]);
}

#[test]
fn a_sample_that_never_ends_is_stopped_at_its_time_limit() {
    let started = std::time::Instant::now();
    let run = site(
        "run = { timeout = 0.5 }",
        "setInterval(() => {}, 1000);\n",
        "print('ok')\n",
    )
    .build(&[]);
    run.assert_failure();
    run.assert_stderr_has("sample `content/r/01-job/node.js` did not finish within 0.5 s");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_sample_that_floods_its_output_is_stopped() {
    let run = site(
        "run = true",
        "const line = 'x'.repeat(1023) + '\\n';\nfor (let i = 0; i < 4096; i++) process.stdout.write(line);\n",
        "print('ok')\n",
    )
    .build(&[]);
    run.assert_failure();
    run.assert_stderr_has("printed more than 1048576 bytes on standard output");
}

#[test]
fn results_are_cached_until_rerun_is_asked_for() {
    let site = site(
        "run = true",
        "console.log(process.hrtime.bigint().toString());\n",
        "print('ok')\n",
    );
    let cache = tempfile::tempdir().unwrap();
    let env = [("VERSUS_CACHE_DIR", cache.path().to_str().unwrap())];
    let root = site.root.to_str().unwrap();
    let printed = |extra: &[&str]| {
        let mut args = vec!["build", "--root", root];
        args.extend_from_slice(extra);
        let run = run_in(None, &args, &env);
        run.assert_success();
        let html = site.output("r/index.html");
        let start = html.find("<pre class=\"vs-output-text\"").unwrap();
        html[start..start + 120].to_string()
    };
    let first = printed(&[]);
    assert_eq!(printed(&[]), first, "a warm build ran the sample again");
    assert_ne!(printed(&["--rerun"]), first, "--rerun used the cache");
}

#[test]
fn a_change_to_a_file_the_sample_imports_from_a_subfolder_runs_it_again() {
    let site = site(
        "run = true",
        "console.log(require('./lib/greeting.js'));\n",
        "print('ok')\n",
    );
    site.write(
        "content/r/01-job/lib/greeting.js",
        "module.exports = 'first';\n",
    );
    let cache = tempfile::tempdir().unwrap();
    let env = [("VERSUS_CACHE_DIR", cache.path().to_str().unwrap())];
    let root = site.root.to_str().unwrap();
    let build = || {
        run_in(None, &["build", "--root", root], &env).assert_success();
        site.output("r/index.html")
    };
    assert!(build().contains("first"));
    site.write(
        "content/r/01-job/lib/greeting.js",
        "module.exports = 'second';\n",
    );
    let page = build();
    assert!(
        page.contains("second") && !page.contains(">first"),
        "the cached output of the old import was shown"
    );
}

#[test]
fn an_unknown_runtime_is_an_error_at_its_command_with_the_fix() {
    let site = site("run = true", "console.log(1);\n", "print(1)\n");
    let index = site.read("content/r/index.md").replace(
        "name = \"Node.js\"",
        "name = \"Node.js\"\nrun = [\"no-such-runtime-xyz\", \"{file}\"]",
    );
    site.write("content/r/index.md", index);
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("runtime `no-such-runtime-xyz` is not installed or not on the PATH");
    run.assert_stderr_has(
        "install `no-such-runtime-xyz`, or change the command to the program's full path",
    );
    run.assert_points_at("content/r/index.md", 9);
}

#[test]
fn a_command_without_the_file_placeholder_is_refused() {
    let site = site("run = true", "console.log(1);\n", "print(1)\n");
    site.write(
        "versus.toml",
        CONFIG.replace("[\"node\", \"{file}\"]", "[\"node\", \"sample.js\"]"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("has no `{file}` placeholder");
    run.assert_points_at("versus.toml", 5);
}

#[test]
fn a_sample_without_any_command_names_both_fixes() {
    let site = site("run = true", "console.log(1);\n", "print(1)\n");
    site.write("versus.toml", common::CONFIG);
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("no command runs `content/r/01-job/node.js`");
    run.assert_stderr_has("`[run]` `js = [");
    run.assert_points_at("content/r/01-job/index.md", 4);
}

#[test]
fn expected_output_without_a_sample_is_an_error() {
    let site = site("run = true", "console.log(1);\n", "print(1)\n");
    site.write("content/r/01-job/nodejs.out", "1\n");
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has(
        "`content/r/01-job/nodejs.out` is expected output, but there is no sample `nodejs.*` beside it",
    );
}

#[test]
fn a_run_never_writes_outside_its_scratch_folder() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("escaped.txt");
    let python = "import os\n\
        for path in (os.environ['ESCAPE_TARGET'], '../escaped.txt', '../../escaped.txt'):\n\
        \x20   try:\n\
        \x20       with open(path, 'w') as f:\n\
        \x20           f.write('out')\n\
        \x20       print('wrote', path)\n\
        \x20   except OSError:\n\
        \x20       print('refused')\n\
        with open('inside.txt', 'w') as f:\n\
        \x20   f.write('fine')\n\
        print('inside ok')\n";
    let site = site("run = [\"python\"]", "console.log(1);\n", python);
    site.write(
        "content/r/01-job/python.out",
        "refused\nrefused\nrefused\ninside ok\n",
    );
    let root = site.root.to_str().unwrap();
    let run = run_in(
        None,
        &["build", "--root", root, "--no-cache"],
        &[("ESCAPE_TARGET", target.to_str().unwrap())],
    );
    run.assert_success();
    assert!(!target.exists());
    assert!(!site.root.join("content/r/escaped.txt").exists());
    assert!(!site.root.join("content/r/01-job/inside.txt").exists());
    assert!(!site.root.join("content/escaped.txt").exists());
}

#[test]
fn csv_problems_name_the_file_line_and_column() {
    let front = "[chart]\ndata = \"results.csv\"\nmetric = \"requests per second\"\nunit = \"req/s\"\nbetter = \"higher\"";
    let site = site(front, "console.log(1);\n", "print(1)\n");
    site.write("content/r/01-job/results.csv", "case,node\nhello,1200\n");
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("has no column for contender `python`");
    run.assert_points_at("content/r/01-job/results.csv", 1);

    site.write(
        "content/r/01-job/results.csv",
        "case,node,python\nhello,1200,800\njson,900,lots\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("`lots` in column `python` is not a number");
    assert!(
        run.locations()
            .iter()
            .any(|l| l == "content/r/01-job/results.csv:3:10"),
        "{run}"
    );

    site.write(
        "content/r/01-job/results.csv",
        "case,node,python\nhello,1200,800\njson,900,450\n",
    );
    site.build_ok(&[]);
    let html = site.output("r/index.html");
    assert!(html.contains(
        "hello: Node.js 1,200 req/s, Python 800 req/s; json: Node.js 900 req/s, Python 450 req/s."
    ));
    assert!(html.contains("requests per second (req/s), higher is better"));
}

#[test]
fn a_chart_without_data_is_an_error() {
    let run = site(
        "[chart]\nmetric = \"speed\"",
        "console.log(1);\n",
        "print(1)\n",
    )
    .build(&[]);
    run.assert_failure();
    run.assert_stderr_has("`chart` has no `data`");
    run.assert_points_at("content/r/01-job/index.md", 4);
}

#[test]
fn a_chart_from_a_front_matter_table() {
    let front =
        "[chart]\nunit = \"MB\"\nmetric = \"memory\"\n[chart.data.idle]\nnode = 40\npython = 12.5";
    let site = site(front, "console.log(1);\n", "print(1)\n");
    site.build_ok(&[]);
    let html = site.output("r/index.html");
    assert!(
        html.contains("<desc id=\"chart-job-desc\">Node.js 40.0 MB, Python 12.5 MB.</desc>"),
        "{html}"
    );
    assert!(html.contains("<th scope=\"col\">Python</th>"));
}

#[test]
fn measure_times_the_samples_and_the_chart_shows_the_numbers() {
    let front = "run = true\nmeasure = { runs = 3, warmup = 1, cases = [\"a\", \"b\"] }\n[chart]\ndata = \"measurements.toml\"";
    let node = "console.log(process.argv[2] ?? 'all');\n";
    let python = "import sys\nprint(sys.argv[1] if len(sys.argv) > 1 else 'all')\n";
    let site = site(front, node, python);
    // A build never measures: without numbers the chart has none to show.
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_stderr_has("run `versus measure`");

    let root = site.root.to_str().unwrap();
    let run = run_in(None, &["measure", "--root", root, "r/job"], &[]);
    run.assert_success();
    let text = site.read("content/r/01-job/measurements.toml");
    let value: toml::Value = toml::from_str(&text).unwrap();
    let series = value["series"].as_array().unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(series[0]["case"].as_str(), Some("a"));
    let node_runs = series[0]["results"]["node"]["runs_ms"].as_array().unwrap();
    assert_eq!(node_runs.len(), 3);
    assert!(node_runs.iter().all(|r| r.as_float().unwrap() > 0.0));
    assert_eq!(
        value["contenders"]["node"]["runtime"].as_str(),
        Some(node_version().as_str())
    );
    assert!(value["machine"]["cores"].as_integer().unwrap() >= 1);
    assert!(!value["machine"]["cpu"].as_str().unwrap().is_empty());

    site.build_ok(&[]);
    let html = site.output("r/index.html");
    let median = series[0]["results"]["node"]["median_ms"]
        .as_float()
        .unwrap();
    assert!(
        html.contains(&format!(
            "a: Node.js {} ms",
            versus::evidence::chart::format_number(median)
        )),
        "{html}"
    );
    assert!(html.contains("Median of 3 runs"));
    assert!(html.contains(&format!("Node.js: {}", node_version())));

    // The sample changes: check warns that the numbers are old.
    site.write(
        "content/r/01-job/node.js",
        "console.log(process.argv[2] ?? 'all'); // changed\n",
    );
    let run = site.check(&[]);
    run.assert_success();
    run.assert_stderr_has("sample `content/r/01-job/node.js` changed since its numbers in `content/r/01-job/measurements.toml` were measured");
}

#[test]
fn measure_refuses_a_sample_that_does_not_end() {
    let front = "run = { timeout = 0.5 }\nmeasure = { runs = 2, warmup = 0 }";
    let site = site(front, "setInterval(() => {}, 1000);\n", "print(1)\n");
    let root = site.root.to_str().unwrap();
    let run = run_in(None, &["measure", "--root", root], &[]);
    run.assert_failure();
    run.assert_stderr_has("cannot measure `node.js`: it did not finish within 0.5 s");
    assert!(
        !site
            .root
            .join("content/r/01-job/measurements.toml")
            .exists()
    );
}

#[test]
fn measure_with_nothing_to_measure_says_how_to_ask() {
    let site = site("run = true", "console.log(1);\n", "print(1)\n");
    let root = site.root.to_str().unwrap();
    let run = run_in(None, &["measure", "--root", root], &[]);
    run.assert_failure();
    run.assert_stderr_has("no criterion has a `measure` setting");
    run.assert_stderr_has("measure = { runs = 10, warmup = 2 }");
}

#[test]
fn the_real_site_runs_its_samples_against_checked_output() {
    let site = TestSite::real();
    site.build_ok(&[]);
    let html = site.output("node-vs-python/index.html");
    let panels = html
        .matches("<details class=\"vs-output\" data-state=\"done\"")
        .count();
    assert!(panels >= 10, "{panels} output panels");
    let outs = common::files_with_extension(&site.root.join("content"), "out");
    assert!(outs.len() >= 10, "{} .out files", outs.len());
    assert!(html.contains("class=\"vs-chart\" id=\"chart-speed\""));
    assert!(html.contains("measured by versus measure"));
}
