//! Samples that run, in `versus serve`: runs happen in the background, so
//! a save is served before its samples finish; the output panel follows
//! when they do, and a run that fails shows in the page's overlay. The real
//! binary runs real Node.js and Python programs.

mod serve_support;

use std::time::{Duration, Instant};

use serve_support::*;

const CRITERION: &str = "content/r/01-job/index.md";
const NODE: &str = "content/r/01-job/node.js";
const PYTHON: &str = "content/r/01-job/python.py";

/// How long a run of these samples may take on a busy machine.
const RUN: Duration = Duration::from_secs(30);

/// A small site whose one criterion runs both samples, with checked output.
fn running_site() -> Site {
    let site = Site::small();
    write(
        &site.path("versus.toml"),
        "title = \"Small\"\nbase_url = \"https://example.org/\"\n\n[run]\n\
         js = [\"node\", \"{file}\"]\npy = [\"/usr/bin/python3\", \"{file}\"]\n",
    );
    std::fs::remove_file(site.path("content/r/01-first.md")).expect("remove the plain criterion");
    write(
        &site.path(CRITERION),
        "+++\ntitle = \"Job\"\nsummary = \"What a job prints.\"\nrun = true\n\n\
         [points]\nnode = 1\npython = 0\n+++\n\nBoth print a greeting.\n",
    );
    write(&site.path(NODE), "console.log(\"hello from node\");\n");
    write(&site.path("content/r/01-job/node.out"), "hello from node\n");
    write(&site.path(PYTHON), "print(\"hello from python\")\n");
    write(
        &site.path("content/r/01-job/python.out"),
        "hello from python\n",
    );
    site
}

/// Waits for an event of `kind` that satisfies `wanted`, skipping others.
fn wait_for(
    events: &Events,
    kind: &str,
    wanted: impl Fn(&LiveEvent) -> bool,
    why: &str,
) -> LiveEvent {
    let deadline = Instant::now() + RUN;
    while Instant::now() < deadline {
        if let Some(event) = events.next(Duration::from_millis(200))
            && event.kind == kind
            && wanted(&event)
        {
            return event;
        }
    }
    panic!("no {kind} event within {RUN:?} after {why}");
}

#[test]
fn a_slow_run_never_holds_up_the_preview_and_its_output_follows() {
    let site = running_site();
    let server = Server::start(&site.root);
    assert!(
        server.page("/r/").contains("hello from node"),
        "the first build shows the output of the runs"
    );
    let events = server.events();

    // A sample that takes three seconds: the save is served long before.
    write(
        &site.path(NODE),
        "setTimeout(() => console.log(\"hello from node\"), 3000);\n",
    );
    let saved = Instant::now();
    let reload = wait_for(&events, "reload", |_| true, "saving a slow sample");
    let served_after = saved.elapsed();
    let page = server.page("/r/");
    assert!(
        served_after < Duration::from_millis(2500),
        "the save was served after {served_after:?}, as if the preview waited for the run"
    );
    assert!(
        page.contains("data-state=\"running\""),
        "while the sample runs, its panel says so; reload pages {:?}",
        reload.pages()
    );

    // When the run ends, a rebuild puts its output in the page; until
    // then, any other rebuild still shows the run under way.
    let done = |page: &str| !page.contains("data-state=\"running\"");
    let mut page = page;
    while !done(&page) {
        wait_for(
            &events,
            "reload",
            |e| e.pages().iter().any(|p| p.starts_with("/r/")),
            "the slow run finishing",
        );
        page = server.page("/r/");
    }
    assert!(
        page.contains("hello from node"),
        "after the run the panel shows its output"
    );
    assert!(
        saved.elapsed() >= Duration::from_secs(3),
        "the output came before the sample could have printed it"
    );
    let lines = server.process.stdout.lock().unwrap().join("\n");
    assert!(
        lines.contains("sample output ready"),
        "the rebuild line says why it rebuilt:\n{lines}"
    );
}

#[test]
fn a_failing_background_run_shows_in_the_overlay_until_it_is_fixed() {
    let site = running_site();
    let server = Server::start(&site.root);
    let events = server.events();

    // The Python sample now prints something its `.out` file does not hold.
    write(&site.path(PYTHON), "print(\"goodbye from python\")\n");
    let error = wait_for(
        &events,
        "error",
        |e| e.message().contains("python.out"),
        "a sample that stopped printing what its .out file holds",
    );
    let message = error.message();
    for needle in ["-hello from python", "+goodbye from python", "--bless"] {
        assert!(
            message.contains(needle),
            "the overlay's message has {needle:?}:\n{message}"
        );
    }
    // A page opened now hears the same when it connects.
    let opened_now = Events::connect(&server.url("/__versus/events"))
        .expect_hello()
        .message();
    assert!(
        opened_now.contains("python.out"),
        "a page opened now shows the overlay too: {opened_now:?}"
    );

    // Putting the expected output right clears the overlay.
    write(&site.path(PYTHON), "print(\"hello from python\")\n");
    let deadline = Instant::now() + RUN;
    loop {
        let opened_now = Events::connect(&server.url("/__versus/events"))
            .expect_hello()
            .message();
        if opened_now.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the overlay stayed after the fix: {opened_now}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(server.page("/r/").contains("hello from python"));
}
