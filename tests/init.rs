//! `versus init` and the deploy it prepares: the repository it writes holds
//! only content, builds as it is, and its Netlify command and GitHub Pages
//! workflow run in a scratch copy with no versus source code, installing the
//! binary once per version from a release host (a local folder stands in for
//! GitHub's releases, a kept folder for the host's build cache).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, repo_root, versus};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The files `versus init` writes, besides the theme.
const REPOSITORY_FILES: &[&str] = &[
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
    "content/deno-vs-bun/01-hello/bun.ts",
    "content/deno-vs-bun/01-hello/deno.ts",
    "content/deno-vs-bun/01-hello/index.md",
    "content/deno-vs-bun/01-hello/lines.svg",
    "content/deno-vs-bun/02-tooling.md",
    "content/deno-vs-bun/index.md",
    "netlify.toml",
    "scripts/install-versus.sh",
    "versus.toml",
];

/// A temporary folder with `versus init` run in `<tmp>/site`.
struct Scratch {
    tmp: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let tmp = tempfile::tempdir().unwrap();
        let scratch = Scratch { tmp };
        let run = versus(&["init", scratch.site().to_str().unwrap()]);
        run.assert_success();
        scratch
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn site(&self) -> PathBuf {
        self.path("site")
    }

    /// A fresh copy of the initialised site, as a host checks it out.
    fn checkout(&self, name: &str) -> PathBuf {
        let dir = self.path(name);
        copy_dir(&self.site(), &dir, &[]);
        dir
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site().join(rel)).unwrap()
    }
}

fn files_under(dir: &Path) -> BTreeSet<String> {
    walk(dir, dir)
}

fn walk(base: &Path, dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(base, &path));
        } else {
            let rel = path.strip_prefix(base).unwrap();
            found.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    found
}

/// The release target name of this machine, as release archives use it.
fn target() -> String {
    let os = match std::env::consts::OS {
        "linux" => "unknown-linux-gnu",
        "macos" => "apple-darwin",
        other => panic!("no release target for {other}"),
    };
    format!("{}-{os}", std::env::consts::ARCH)
}

/// A release host in `dir`: `v<version>/versus-<target>.tar.xz` holding the
/// binary under test, and its `.sha256`, laid out like the release workflow
/// publishes them. Returns its `file://` URL.
fn release_host(dir: &Path) -> String {
    let name = format!("versus-{}", target());
    let release = dir.join(format!("v{VERSION}"));
    let packed = dir.join("pack").join(&name);
    std::fs::create_dir_all(&packed).unwrap();
    std::fs::create_dir_all(&release).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_versus"), packed.join("versus")).unwrap();
    let archive = release.join(format!("{name}.tar.xz"));
    // The lightest xz level: the test checks the route, not the ratio.
    let status = Command::new("tar")
        .env("XZ_OPT", "-0")
        .arg("-C")
        .arg(dir.join("pack"))
        .arg("-cJf")
        .arg(&archive)
        .arg(&name)
        .status()
        .unwrap();
    assert!(status.success());
    let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
    let digest = String::from_utf8(sum.stdout).unwrap();
    let digest = digest.split_whitespace().next().unwrap();
    std::fs::write(
        release.join(format!("{name}.tar.xz.sha256")),
        format!("{digest}  {name}.tar.xz\n"),
    )
    .unwrap();
    format!("file://{}", dir.display())
}

/// What a shell command printed and how it ended.
struct Shell {
    ok: bool,
    out: String,
}

/// Runs `command` with `sh -c` in `dir`, with `env` and a HOME of its own.
fn shell(dir: &Path, command: &str, env: &[(String, String)], home: &Path) -> Shell {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("HOME", home)
        .env_remove("XDG_CACHE_HOME")
        .env_remove("VERSUS_CACHE_DIR")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap();
    Shell {
        ok: output.status.success(),
        out: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

#[test]
fn init_writes_a_repository_that_holds_only_content() {
    let scratch = Scratch::new();
    let files = files_under(&scratch.site());
    let expected: BTreeSet<String> = REPOSITORY_FILES.iter().map(|f| f.to_string()).collect();
    assert_eq!(files, expected);
    let ignored = scratch.read(".gitignore");
    assert!(ignored.lines().any(|l| l == "/public/"), "{ignored}");
    let readme = scratch.read("README.md");
    for command in ["```sh\nversus serve\n```", "```sh\nversus build\n```"] {
        assert!(readme.contains(command), "README shows {command}: {readme}");
    }
    // Every address comes from Cargo.toml.
    let script = scratch.read("scripts/install-versus.sh");
    assert!(
        script.contains(&format!(
            "{}/releases/download",
            env!("CARGO_PKG_REPOSITORY")
        )),
        "{script}"
    );
    assert!(script.contains(&format!("VERSUS_VERSION:-{VERSION}")));
    assert!(
        !script.contains('@'),
        "every placeholder is filled: {script}"
    );
    assert!(readme.contains(env!("CARGO_PKG_HOMEPAGE")));

    // It builds as it is, with the image beside the criterion published.
    let run = common::run_in(Some(&scratch.site()), &["build"], &[]);
    run.assert_success();
    assert!(
        !run.stderr.contains("warning"),
        "a new site builds cleanly: {run}"
    );
    assert!(
        scratch
            .site()
            .join("public/deno-vs-bun/index.html")
            .is_file()
    );
    assert!(
        scratch
            .site()
            .join("public/deno-vs-bun/01-hello/lines.svg")
            .is_file()
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let run = versus(&["init", tmp.path().to_str().unwrap()]);
    run.assert_failure();
    run.assert_stderr_has("`versus init` starts a site in a new or empty folder");
    run.assert_stderr_has("help: give `versus init` the name of a folder that does not exist yet");
    assert!(!run.stderr.contains("output folder"), "{run}");
    assert_eq!(
        files_under(tmp.path()),
        BTreeSet::from(["notes.txt".to_string()])
    );
}

#[test]
fn the_netlify_command_runs_in_a_scratch_copy_and_downloads_once() {
    let scratch = Scratch::new();
    let host = release_host(&scratch.path("releases"));
    let netlify: toml::Table = toml::from_str(&scratch.read("netlify.toml")).unwrap();
    let build = netlify["build"].as_table().unwrap();
    let command = build["command"].as_str().unwrap();
    let publish = build["publish"].as_str().unwrap();
    assert_eq!(publish, "public");
    // The environment Netlify gives the command, with the cache folders,
    // which Netlify restores from /opt/build/cache, moved to a kept folder.
    let mut env: Vec<(String, String)> = Vec::new();
    for (key, value) in build["environment"].as_table().unwrap() {
        let value = value.as_str().unwrap();
        assert!(
            value.starts_with("/opt/build/cache/"),
            "{key} is in Netlify's build cache: {value}"
        );
        let kept = scratch.path(&format!("netlify-cache/{key}"));
        env.push((key.clone(), kept.display().to_string()));
    }
    assert!(env.iter().any(|(k, _)| k == "VERSUS_INSTALL_DIR"));
    env.push(("VERSUS_RELEASES".into(), host));
    let home = scratch.path("home");

    let first = scratch.checkout("deploy-1");
    let cold = shell(&first, command, &env, &home);
    assert!(cold.ok, "{}", cold.out);
    assert!(cold.out.contains("downloading"), "{}", cold.out);
    assert!(
        first.join(publish).join("index.html").is_file(),
        "{}",
        cold.out
    );
    assert!(
        first
            .join(publish)
            .join("deno-vs-bun/01-hello/lines.svg")
            .is_file()
    );

    // The next deploy finds the binary in the cache: with the release host
    // gone, it still builds.
    std::fs::remove_dir_all(scratch.path("releases")).unwrap();
    let second = scratch.checkout("deploy-2");
    let warm = shell(&second, command, &env, &home);
    assert!(warm.ok, "{}", warm.out);
    assert!(warm.out.contains("found in the cache"), "{}", warm.out);
    assert!(!warm.out.contains("downloading"), "{}", warm.out);
    assert!(second.join(publish).join("index.html").is_file());

    // A deploy preview links to its own address.
    let preview = netlify["context"]["deploy-preview"]["command"]
        .as_str()
        .unwrap();
    let third = scratch.checkout("deploy-3");
    let mut preview_env = env.clone();
    preview_env.push((
        "DEPLOY_PRIME_URL".into(),
        "https://deploy-preview-7--mine.netlify.app".into(),
    ));
    let run = shell(&third, preview, &preview_env, &home);
    assert!(run.ok, "{}", run.out);
    let page = std::fs::read_to_string(third.join("public/index.html")).unwrap();
    assert!(
        page.contains("https://deploy-preview-7--mine.netlify.app/"),
        "canonical link of the preview"
    );
}

#[test]
fn the_install_script_refuses_a_download_whose_checksum_differs() {
    let scratch = Scratch::new();
    let host = release_host(&scratch.path("releases"));
    let sum = scratch.path(&format!(
        "releases/v{VERSION}/versus-{}.tar.xz.sha256",
        target()
    ));
    std::fs::write(&sum, format!("{}  x\n", "0".repeat(64))).unwrap();
    let env = vec![
        ("VERSUS_RELEASES".to_string(), host),
        (
            "VERSUS_INSTALL_DIR".to_string(),
            scratch.path("cache").display().to_string(),
        ),
    ];
    let run = shell(
        &scratch.site(),
        "sh scripts/install-versus.sh",
        &env,
        &scratch.path("home"),
    );
    assert!(!run.ok, "{}", run.out);
    assert!(run.out.contains("checksum"), "{}", run.out);
    assert!(!scratch.site().join(".versus/bin/versus").exists());
    assert!(
        !scratch
            .path(&format!("cache/{VERSION}/release/versus"))
            .exists()
    );
}

#[test]
fn the_cargo_route_compiles_once_per_version() {
    let scratch = Scratch::new();
    // A stand-in for cargo on PATH: it logs each call and "installs" the
    // binary under test where `--root` says, as `cargo install` would.
    let bin = scratch.path("tools");
    std::fs::create_dir_all(&bin).unwrap();
    let log = scratch.path("cargo.log");
    let fake = format!(
        "#!/bin/sh\necho \"$*\" >> '{log}'\nroot=\nwhile [ $# -gt 0 ]; do\n  [ \"$1\" = --root ] && root=\"$2\"\n  shift\ndone\nmkdir -p \"$root/bin\"\ncp '{exe}' \"$root/bin/versus\"\n",
        log = log.display(),
        exe = env!("CARGO_BIN_EXE_versus"),
    );
    std::fs::write(bin.join("cargo"), fake).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(bin.join("cargo"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let env = vec![
        ("PATH".to_string(), path),
        ("VERSUS_INSTALL".to_string(), "cargo".to_string()),
        (
            "VERSUS_INSTALL_DIR".to_string(),
            scratch.path("cache").display().to_string(),
        ),
    ];
    let command = "sh scripts/install-versus.sh && .versus/bin/versus build";
    for deploy in ["deploy-1", "deploy-2"] {
        let dir = scratch.checkout(deploy);
        let run = shell(&dir, command, &env, &scratch.path("home"));
        assert!(run.ok, "{}", run.out);
        assert!(dir.join("public/index.html").is_file());
    }
    let calls = std::fs::read_to_string(&log).unwrap();
    assert_eq!(calls.lines().count(), 1, "compiled once: {calls}");
    assert!(
        calls.contains(&format!(
            "install --locked --quiet --root {}",
            scratch.path(&format!("cache/{VERSION}/cargo")).display()
        )) && calls.contains(&format!("--version {VERSION} versus")),
        "{calls}"
    );
}

#[test]
fn the_pages_workflow_steps_run_in_a_scratch_copy() {
    let scratch = Scratch::new();
    let host = release_host(&scratch.path("releases"));
    let workflow: serde_json::Value =
        serde_norway::from_str(&scratch.read(".github/workflows/pages.yml")).unwrap();
    let steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        })
        .expect("an upload step");
    let published = upload["with"]["path"].as_str().unwrap();
    let caches: Vec<&str> = steps
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache"))
        })
        .map(|s| s["with"]["path"].as_str().unwrap())
        .collect();
    assert!(caches.contains(&"~/.cache/versus-install"), "{caches:?}");

    let dir = scratch.checkout("checkout");
    let home = scratch.path("runner-home");
    let env = vec![("VERSUS_RELEASES".to_string(), host)];
    for step in steps {
        let Some(run) = step["run"].as_str() else {
            continue;
        };
        let run = run.replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://someone.github.io/reports",
        );
        assert!(!run.contains("${{"), "every expression is known: {run}");
        let result = shell(&dir, &run, &env, &home);
        assert!(result.ok, "{run}: {}", result.out);
    }
    let page = std::fs::read_to_string(dir.join(published).join("index.html")).unwrap();
    assert!(
        page.contains("https://someone.github.io/reports/"),
        "built for the project page's address"
    );
    // The installed binary is in the folder the workflow caches.
    assert!(
        home.join(format!(".cache/versus-install/{VERSION}/release/versus"))
            .is_file()
    );
}

/// `check-jsonschema` from PATH, or from the user's pip folder.
fn check_jsonschema() -> Command {
    let local = std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".local/bin/check-jsonschema"))
        .filter(|p| p.is_file());
    Command::new(local.unwrap_or_else(|| PathBuf::from("check-jsonschema")))
}

#[test]
fn workflows_match_the_github_actions_schema() {
    let scratch = Scratch::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push(scratch.site().join(".github/workflows/pages.yml"));
    assert!(files.len() >= 2, "{files:?}");
    let output = check_jsonschema()
        .args(["--builtin-schema", "vendor.github-workflows"])
        .args(&files)
        .output()
        .expect("check-jsonschema is installed (`.ci/run` installs it with pip)");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // And the schema check does fail on a broken workflow.
    let broken = scratch.path("broken.yml");
    std::fs::write(&broken, "on: push\njobs:\n  build:\n    steps: 3\n").unwrap();
    let output = check_jsonschema()
        .args(["--builtin-schema", "vendor.github-workflows"])
        .arg(&broken)
        .output()
        .unwrap();
    assert!(!output.status.success());
}
