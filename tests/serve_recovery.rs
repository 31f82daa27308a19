//! `versus serve` recovers from anything that happens to the site folder:
//! each of the site folder, `content/`, `versus.toml` and the theme folder
//! is removed and restored, renamed away and back, and replaced by a file
//! (or a folder), while the real binary serves it. Each time the open page
//! hears what went wrong, and the next valid save is served.

mod serve_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serve_support::*;

const CRITERION: &str = "content/r/01-first.md";

/// How long a recovery may take: the watcher checks the site folder every
/// few hundred milliseconds, a burst waits for a quarter second of quiet.
const RECOVERY: Duration = Duration::from_secs(15);

/// Ways of breaking a path and putting it back.
#[derive(Debug, Clone, Copy)]
enum Mishap {
    /// Deleted, then written again from a copy.
    RemovedAndRestored,
    /// Moved out of the site, then moved back.
    RenamedAwayAndBack,
    /// A file (or, for a file, a folder) in its place, then the original.
    ReplacedByOther,
}

const MISHAPS: [Mishap; 3] = [
    Mishap::RemovedAndRestored,
    Mishap::RenamedAwayAndBack,
    Mishap::ReplacedByOther,
];

fn copy_any(from: &Path, to: &Path) {
    if from.is_dir() {
        copy_dir(from, to, &[]);
    } else {
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}

fn remove_any(path: &Path) {
    let result = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    result.unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
}

/// Breaks `target` the way `mishap` says. Returns how to put it back.
fn break_it(target: &Path, mishap: Mishap, spare: &Path) -> Box<dyn FnOnce()> {
    let target = target.to_path_buf();
    let spare = spare.to_path_buf();
    match mishap {
        Mishap::RemovedAndRestored => {
            copy_any(&target, &spare);
            remove_any(&target);
            Box::new(move || {
                copy_any(&spare, &target);
                remove_any(&spare);
            })
        }
        Mishap::RenamedAwayAndBack => {
            std::fs::rename(&target, &spare).expect("rename away");
            Box::new(move || std::fs::rename(&spare, &target).expect("rename back"))
        }
        Mishap::ReplacedByOther => {
            let was_dir = target.is_dir();
            std::fs::rename(&target, &spare).expect("move aside");
            if was_dir {
                std::fs::write(&target, "not a folder\n").expect("file in its place");
            } else {
                std::fs::create_dir(&target).expect("folder in its place");
            }
            Box::new(move || {
                remove_any(&target);
                std::fs::rename(&spare, &target).expect("put back");
            })
        }
    }
}

/// Waits for an `error` event whose message has `needle`, skipping others.
fn expect_error_with(events: &Events, needle: &str, why: &str) -> String {
    let deadline = Instant::now() + RECOVERY;
    while Instant::now() < deadline {
        if let Some(event) = events.next(Duration::from_millis(200))
            && event.kind == "error"
            && event.message().contains(needle)
        {
            return event.message();
        }
    }
    panic!("no error event mentioning {needle:?} after {why}");
}

/// Saves the criterion with a new sentence and waits until it is served.
fn next_save_is_served(server: &Server, site: &Site, sentence: &str, why: &str) {
    // A save may land while the watcher is still settling the restore; save
    // again now and then until the page shows it.
    let deadline = Instant::now() + RECOVERY;
    let mut next_save = Instant::now();
    while Instant::now() < deadline {
        if Instant::now() >= next_save {
            write(
                &site.path(CRITERION),
                &criterion_md("First", sentence, 1, 0),
            );
            next_save = Instant::now() + Duration::from_secs(2);
        }
        let reply = server.get("/r/");
        if reply.status == 200 && reply.text().contains(sentence) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "after {why}, the next save was never served; stdout:\n{}\nstderr:\n{}",
        server.process.stdout.lock().unwrap().join("\n"),
        server.process.stderr_text()
    );
}

/// Runs every mishap on `relative` (a path in the site, `""` for the site
/// folder itself) and checks recovery from each.
fn recovers_from_every_mishap(site: &Site, relative: &str, needle: &str) {
    let server = Server::start(&site.root);
    let events = server.events();
    let target: PathBuf = if relative.is_empty() {
        site.root.clone()
    } else {
        site.path(relative)
    };
    for (i, mishap) in MISHAPS.into_iter().enumerate() {
        let why = format!("{mishap:?} on `{relative}`");
        let spare = site.dir.path().join(format!("spare-{i}"));
        let restore = break_it(&target, mishap, &spare);
        let message = expect_error_with(&events, needle, &why);
        assert!(!message.is_empty(), "{why}: the overlay says what happened");
        restore();
        next_save_is_served(
            &server,
            site,
            &format!("Saved after mishap {i} of {relative}."),
            &why,
        );
    }
    assert!(
        !server.process.stderr_text().contains("panicked"),
        "{}",
        server.process.stderr_text()
    );
}

#[test]
fn the_site_folder_removed_renamed_or_replaced() {
    let site = Site::small();
    recovers_from_every_mishap(&site, "", "site folder");
}

#[test]
fn the_content_folder_removed_renamed_or_replaced() {
    let site = Site::small();
    recovers_from_every_mishap(&site, "content", "content");
}

#[test]
fn the_configuration_removed_renamed_or_replaced() {
    let site = Site::small();
    recovers_from_every_mishap(&site, "versus.toml", "versus.toml");
}

#[test]
fn the_theme_folder_removed_renamed_or_replaced() {
    let site = Site::small();
    copy_dir(
        &repo_root().join("themes/default"),
        &site.path("themes/house"),
        &[],
    );
    let config = site.path("versus.toml");
    let text = read(&config);
    write(&config, &format!("{text}theme = \"house\"\n"));
    recovers_from_every_mishap(&site, "themes/house", "theme");
}

#[test]
fn a_code_block_starting_with_a_wide_character_never_stops_the_preview() {
    let site = Site::small();
    let server = Server::start(&site.root);
    let events = server.events();
    // Once made the rebuild panic, then the reload after it, and the
    // watcher thread died.
    write(
        &site.path(CRITERION),
        "+++\ntitle = \"First\"\nsummary = \"S.\"\n+++\n\n```text numbers\né\n```\n",
    );
    let event = events.expect_kind("reload", "a numbered block of `é`");
    assert!(event.pages().contains(&"/r/".to_string()), "{event:?}");
    assert!(server.page("/r/").contains("data-n=\"1\">é</span>"));
    next_save_is_served(&server, &site, "Still watching.", "the wide character");
}
