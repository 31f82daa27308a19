//! Which grammar code gets, seen from a real build: included files named
//! like bat's users name them, a UTF-16 PowerShell script, the site's
//! `[languages]` table, a sample's `language` key, and the warning for a
//! file nothing recognises.

mod common;

use scraper::{Html, Selector};

use common::TestSite;

const SPEED: &str = "content/r/02-speed.md";

/// A criterion whose body (from line 6) is `body`.
fn speed(body: &str) -> String {
    format!("+++\ntitle = \"Speed\"\nsummary = \"s\"\n+++\n\n{body}")
}

/// For each sample figure of the speed criterion: its language label, its
/// `data-lang` and whether its code has coloured spans.
fn figures(site: &TestSite) -> Vec<(String, String, bool)> {
    let doc = Html::parse_document(&site.output("r/index.html"));
    let figure = Selector::parse("#speed figure.vs-sample").unwrap();
    let label = Selector::parse(".vs-sample-lang").unwrap();
    let span = Selector::parse("pre.vs-code span[class^=\"hl-\"]").unwrap();
    doc.select(&figure)
        .map(|f| {
            (
                f.select(&label).next().unwrap().text().collect(),
                f.value().attr("data-lang").unwrap_or("").to_string(),
                f.select(&span).next().is_some(),
            )
        })
        .collect()
}

#[test]
fn included_files_get_bats_grammars_and_proper_names() {
    let site = TestSite::fixture("basic");
    let files: &[(&str, &str)] = &[
        ("Dockerfile", "FROM debian:13\nRUN apt-get update\n"),
        ("Makefile", "all:\n\tcc -o app main.c\n"),
        ("go.mod", "module example.org/app\n\ngo 1.25\n"),
        ("requirements.txt", "requests==2.32.0\n"),
        ("deploy", "#!/usr/bin/env tclsh\nputs \"hi\"\n"),
        ("test.rs.orig", "fn main() { let x = 1; }\n"),
        ("App.vue", "<template><p>{{ x }}</p></template>\n"),
    ];
    for (name, code) in files {
        site.write(&format!("samples/{name}"), code);
    }
    let list: Vec<String> = files.iter().map(|(n, _)| format!("/samples/{n}")).collect();
    site.write(
        SPEED,
        speed(&format!("<!-- versus:include {} -->\n", list.join(", "))),
    );
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("warning"), "no fallbacks\n{run}");
    let labels: Vec<(String, String, bool)> = figures(&site);
    let expected = [
        ("Dockerfile", "dockerfile"),
        ("Makefile", "makefile"),
        ("Go module", "go-module"),
        ("pip requirements", "pip-requirements"),
        ("Tcl", "tcl"),
        ("Rust", "rust"),
        ("Vue", "vue"),
    ];
    assert_eq!(labels.len(), expected.len(), "{labels:?}");
    for ((label, id, coloured), (want_label, want_id)) in labels.iter().zip(expected) {
        assert_eq!((label.as_str(), id.as_str()), (want_label, want_id));
        assert!(coloured, "{want_label} has coloured spans");
    }
}

#[test]
fn a_utf16_script_with_a_byte_order_mark_is_read_and_coloured() {
    let site = TestSite::fixture("basic");
    let script = "Write-Host \"Grüße\"\r\n$x = 1\r\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(script.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    site.write("samples/deploy.ps1", bytes);
    site.write(
        SPEED,
        speed("<!-- versus:include /samples/deploy.ps1 -->\n"),
    );
    site.build_ok(&[]);
    assert_eq!(
        figures(&site),
        [("PowerShell".to_string(), "powershell".to_string(), true)]
    );
    let page = site.output("r/index.html");
    assert!(page.contains("Grüße"), "the text is decoded, not mangled");
}

#[test]
fn a_file_in_another_encoding_is_an_error_naming_it() {
    let site = TestSite::fixture("basic");
    site.write("samples/legacy.txt", b"caf\xe9\n");
    site.write(
        SPEED,
        speed("<!-- versus:include /samples/legacy.txt -->\n"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    run.assert_points_at("samples/legacy.txt", 1);
    run.assert_stderr_has("not UTF-8");
    run.assert_stderr_has("save the file as UTF-8");
}

#[test]
fn a_file_nothing_recognises_is_plain_with_a_warning_at_its_first_line() {
    let site = TestSite::fixture("basic");
    site.write("samples/LICENSE", "MIT License\n");
    site.write("samples/data.zzz", "1 2 3\n");
    site.write(
        SPEED,
        speed("<!-- versus:include /samples/LICENSE, /samples/data.zzz -->\n"),
    );
    let run = site.build_ok(&[]);
    run.assert_stderr_has("no grammar for `LICENSE`");
    run.assert_stderr_has("no grammar for `data.zzz`");
    run.assert_points_at("samples/LICENSE", 1);
    run.assert_points_at("samples/data.zzz", 1);
    run.assert_stderr_has("`[languages]`");
    let labels: Vec<String> = figures(&site).into_iter().map(|(l, _, _)| l).collect();
    assert_eq!(labels, ["Text", "Text"]);
}

#[test]
fn the_site_table_maps_extensions_and_names() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.root.join("versus.toml")).unwrap();
    site.write(
        "versus.toml",
        format!("{config}\n[languages]\nzzz = \"json\"\nJenkinsfile = \"groovy\"\n"),
    );
    site.write("samples/data.zzz", "{\"a\": 1}\n");
    site.write("samples/Jenkinsfile", "pipeline { agent any }\n");
    site.write(
        SPEED,
        speed("<!-- versus:include /samples/data.zzz, /samples/Jenkinsfile -->\n"),
    );
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("warning"), "{run}");
    let labels: Vec<(String, bool)> = figures(&site)
        .into_iter()
        .map(|(l, _, coloured)| (l, coloured))
        .collect();
    assert_eq!(
        labels,
        [("JSON".to_string(), true), ("Groovy".to_string(), true)]
    );
}

#[test]
fn a_samples_language_key_overrides_its_extension() {
    let site = TestSite::fixture("basic");
    let dir = "content/r/01-architecture";
    let index = std::fs::read_to_string(site.root.join(dir).join("index.md")).unwrap();
    let index = index.replacen(
        "[points]",
        "[language]\nnode = \"typescript\"\n\n[points]",
        1,
    );
    site.write(&format!("{dir}/index.md"), index);
    site.write(
        &format!("{dir}/node.js"),
        "const x: number = 1;\nexport {};\n",
    );
    site.build_ok(&[]);
    let doc = Html::parse_document(&site.output("r/index.html"));
    let label =
        Selector::parse("#architecture figure[data-contender=node] .vs-sample-lang").unwrap();
    let text: String = doc.select(&label).next().unwrap().text().collect();
    assert_eq!(text, "TypeScript");
}

#[test]
fn an_unknown_language_key_is_a_warning_at_the_sample() {
    let site = TestSite::fixture("basic");
    let dir = "content/r/01-architecture";
    let index = std::fs::read_to_string(site.root.join(dir).join("index.md")).unwrap();
    let index = index.replacen("[points]", "[language]\nnode = \"klingon\"\n\n[points]", 1);
    site.write(&format!("{dir}/index.md"), index);
    let run = site.build_ok(&[]);
    run.assert_stderr_has("unknown language `klingon`");
    run.assert_points_at(&format!("{dir}/node.js"), 1);
}
