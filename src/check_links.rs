//! The link checker: every internal link of the output must lead to a file
//! of the output and, when it names a fragment, to an element of that page.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, StartTag, Tag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link, as an output path (`r/index.html`).
    pub page: String,
    /// The link as written in the page.
    pub href: String,
    /// Why it is broken.
    pub reason: String,
}

/// Checks the internal links of `pages` (output path, HTML) against `files`,
/// every output path (`index.html`, `r/index.html`, `assets/style.1a2b.css`).
///
/// The links checked are those of `<a href>`, `<link href>`, `<img src>`
/// and `<script src>`. A link is internal when it is relative (`../r/`,
/// `#speed`, `logo.svg`) or starts with `base_path` (the path of the base
/// URL, `/` or `/reports/`); links with a scheme (`https:`, `mailto:`,
/// `data:`…) or a host (`//cdn…`) are not checked. A site-absolute path
/// outside `base_path` is broken: it leads out of the site. `dir/` means
/// `dir/index.html` (and so does `dir` when there is no file `dir` but a
/// `dir/index.html`). A fragment must be the `id` (or the `name` of an
/// `<a>`) of an element of the target page, when that page is one of
/// `pages`; `#` and `#top` always work. Query strings are ignored. Each
/// broken link is reported once per page, in document order.
pub fn broken_links<P, H>(
    pages: &[(P, H)],
    files: &HashSet<String>,
    base_path: &str,
) -> Vec<BrokenLink>
where
    P: AsRef<str> + Sync,
    H: AsRef<str> + Sync,
{
    let base = if base_path.ends_with('/') {
        base_path.to_string()
    } else {
        format!("{base_path}/")
    };
    // Each page is read once, in parallel, for its ids and links; only
    // those strings are kept, never a page's tree (a large site's trees
    // would take several times the memory of its HTML).
    let scanned: Vec<PageLinks> = pages
        .par_iter()
        .map(|(_, html)| PageLinks::scan(html.as_ref()))
        .collect();
    let ids: HashMap<&str, &HashSet<String>> = pages
        .iter()
        .zip(&scanned)
        .map(|((path, _), page)| (path.as_ref(), &page.ids))
        .collect();

    let mut broken = Vec::new();
    for ((page, _), found) in pages.iter().zip(&scanned) {
        let page = page.as_ref();
        for href in &found.links {
            if let Err(reason) = check(page, href, files, &ids, &base) {
                broken.push(BrokenLink {
                    page: page.to_string(),
                    href: href.clone(),
                    reason,
                });
            }
        }
    }
    broken
}

/// What the link check needs of one page.
#[derive(Debug, Default)]
struct PageLinks {
    /// Every `id`, and the `name` of every `<a>`.
    ids: HashSet<String>,
    /// The links, each once, in document order.
    links: Vec<String>,
}

impl PageLinks {
    /// Reads `html` with the HTML tokenizer, which decodes character
    /// references in attributes and knows where a script or a comment ends,
    /// without building the page's tree.
    fn scan(html: &str) -> PageLinks {
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(html));
        let tokenizer = Tokenizer::new(LinkSink::default(), TokenizerOpts::default());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        let LinkSink { found, seen: _ } = tokenizer.sink;
        found.into_inner()
    }
}

/// Collects ids and links from the tokens of one page.
#[derive(Default)]
struct LinkSink {
    found: RefCell<PageLinks>,
    seen: RefCell<HashSet<String>>,
}

impl LinkSink {
    fn start_tag(&self, tag: &Tag) {
        let name = &*tag.name;
        let attribute = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == wanted)
                .map(|a| a.value.to_string())
        };
        let mut found = self.found.borrow_mut();
        found.ids.extend(attribute("id"));
        if name == "a" {
            found.ids.extend(attribute("name"));
        }
        let link = match name {
            "a" | "link" => attribute("href"),
            "img" | "script" => attribute("src"),
            _ => None,
        };
        if let Some(link) = link
            && self.seen.borrow_mut().insert(link.clone())
        {
            found.links.push(link);
        }
    }
}

impl TokenSink for LinkSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != StartTag {
            return TokenSinkResult::Continue;
        }
        self.start_tag(&tag);
        // What the tree builder would tell the tokenizer: the text of
        // these elements is not markup.
        match &*tag.name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Checks one link of `page`.
fn check(
    page: &str,
    href: &str,
    files: &HashSet<String>,
    ids: &HashMap<&str, &HashSet<String>>,
    base: &str,
) -> Result<(), String> {
    // HTML strips leading and trailing ASCII white space from URLs.
    let href = href.trim_matches(|c: char| c.is_ascii_whitespace());
    if is_external(href) {
        return Ok(());
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (href, None),
    };
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    let path = percent_decode_str(path).decode_utf8_lossy();

    let target = if path.is_empty() {
        // `#id` or `?query`: this page.
        page.to_string()
    } else {
        let relative = if let Some(absolute) = path.strip_prefix('/') {
            let under = format!("/{absolute}");
            match under.strip_prefix(base) {
                Some(rest) => rest.to_string(),
                // `/reports` for the base path `/reports/`.
                None if format!("{under}/") == base => String::new(),
                None => return Err(format!("not under the base path {base}")),
            }
        } else {
            let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
            normalize(&format!("{dir}/{path}")).ok_or("leads outside the site")?
        };
        let relative = normalize(&relative).ok_or("leads outside the site")?;
        let wanted = if relative.is_empty() || relative.ends_with('/') {
            format!("{relative}index.html")
        } else {
            relative
        };
        if files.contains(&wanted) {
            wanted
        } else if files.contains(&format!("{wanted}/index.html")) {
            format!("{wanted}/index.html")
        } else {
            return Err(format!("no file {wanted} in the output"));
        }
    };

    let Some(fragment) = fragment else {
        return Ok(());
    };
    let fragment = percent_decode_str(fragment).decode_utf8_lossy();
    match ids.get(target.as_str()) {
        Some(ids)
            if !ids.contains(fragment.as_ref())
                && !fragment.is_empty()
                && !fragment.eq_ignore_ascii_case("top") =>
        {
            Err(format!("no element with id \"{fragment}\" in {target}"))
        }
        // Found, or not a page we know the ids of (an SVG, a PDF…).
        _ => Ok(()),
    }
}

/// Has a scheme (`https:`, `mailto:`, `data:`…) or a host (`//example.org`).
pub(crate) fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    let scheme = href.split_once(':').map(|(scheme, _)| scheme);
    scheme.is_some_and(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Resolves `.` and `..` segments; `None` when `..` climbs above the root.
/// A trailing `/` is kept.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "" | "." => {
                // `a//b` and `a/./b` are `a/b`; a final `.` or empty segment
                // means a folder.
                if i == last && !parts.is_empty() {
                    parts.push("");
                }
            }
            ".." => {
                parts.pop()?;
                if i == last {
                    parts.push("");
                }
            }
            segment => parts.push(segment),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> HashSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    fn pages(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, h)| (p.to_string(), h.to_string()))
            .collect()
    }

    /// `(page, href)` of each broken link.
    fn broken(list: &[(&str, &str)], all: &[&str], base: &str) -> Vec<(String, String)> {
        broken_links(&pages(list), &files(all), base)
            .into_iter()
            .map(|b| (b.page, b.href))
            .collect()
    }

    const FILES: &[&str] = &[
        "index.html",
        "404.html",
        "r/index.html",
        "r/infographic.svg",
        "r/logo.png",
        "assets/style.abc.css",
        "assets/versus.abc.js",
    ];

    const HOME: &str = r##"<!doctype html><html><head>
        <link rel="stylesheet" href="/assets/style.abc.css">
        <link rel="canonical" href="https://example.org/">
        <script src="/assets/versus.abc.js" defer></script></head>
        <body><main id="main"><a href="/r/">Report</a> <a href="/r/#speed">Speed</a>
        <a href="r/#verdict">Verdict, relative</a> <a href="#main">Skip</a> <a href="#">Top</a>
        <a href="https://example.org/x">External</a> <a href="mailto:a@example.org">Mail</a>
        <a href="//cdn.example.org/x.js">Host</a> <img src="data:image/png;base64,AAAA" alt="">
        <a href="/">Home</a> <a href="./">Home too</a> <a href="/r?w=speed:2#speed">Query</a>
        </main></body></html>"##;

    const REPORT: &str = r##"<!doctype html><html><head></head><body>
        <section id="speed"><a class="vs-anchor" href="#speed">#</a></section>
        <section id="verdict"><a name="old-anchor"></a></section>
        <img src="infographic.svg#view" alt=""> <img src="logo.png" alt="">
        <a href="../">Home</a> <a href="../index.html#main">Home main</a> <a href="#old-anchor">Old</a>
        </body></html>"##;

    #[test]
    fn good_links_pass() {
        let found = broken(
            &[("index.html", HOME), ("r/index.html", REPORT)],
            FILES,
            "/",
        );
        assert_eq!(found, Vec::<(String, String)>::new());
    }

    #[test]
    fn a_missing_file_is_broken() {
        let page = r##"<a href="/r/missing/">x</a><img src="/r/nope.png" alt="">
            <script src="../assets/old.js"></script><link rel="stylesheet" href="gone.css">
            <a href="/r/">fine</a>"##;
        let list = broken_links(&pages(&[("r/index.html", page)]), &files(FILES), "/");
        let hrefs: Vec<&str> = list.iter().map(|b| b.href.as_str()).collect();
        assert_eq!(
            hrefs,
            ["/r/missing/", "/r/nope.png", "../assets/old.js", "gone.css"]
        );
        assert_eq!(list[0].page, "r/index.html");
        assert_eq!(list[0].reason, "no file r/missing/index.html in the output");
        assert_eq!(list[2].reason, "no file assets/old.js in the output");
        assert_eq!(list[3].reason, "no file r/gone.css in the output");
    }

    #[test]
    fn a_missing_anchor_is_broken() {
        let page = r##"<h2 id="speed">Speed</h2><a href="#sped">typo</a><a href="/r/#verdict">other page</a>
            <a href="#speed">fine</a><a href="#sped">repeated, reported once</a>"##;
        let list = broken_links(
            &pages(&[("r/index.html", page), ("index.html", "<p id=verdict>")]),
            &files(FILES),
            "/",
        );
        let found: Vec<(&str, &str)> = list
            .iter()
            .map(|b| (b.href.as_str(), b.reason.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("#sped", "no element with id \"sped\" in r/index.html"),
                (
                    "/r/#verdict",
                    "no element with id \"verdict\" in r/index.html"
                ),
            ]
        );
    }

    #[test]
    fn links_respect_the_base_path() {
        let page = r##"<link rel="stylesheet" href="/reports/assets/style.abc.css">
            <a href="/reports/r/#speed">ok</a><a href="/reports/">home</a><a href="/reports">home, no slash</a>
            <a href="/r/">outside the base path</a><a href="../../../x">above the root</a>"##;
        let list = broken_links(
            &pages(&[("r/index.html", page), ("x/index.html", "<p id=speed>")]),
            &files(&["r/index.html", "index.html", "assets/style.abc.css"]),
            "/reports/",
        );
        let found: Vec<(&str, &str)> = list
            .iter()
            .map(|b| (b.href.as_str(), b.reason.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/reports/r/#speed",
                    "no element with id \"speed\" in r/index.html"
                ),
                ("/r/", "not under the base path /reports/"),
                ("../../../x", "leads outside the site"),
            ]
        );
    }

    #[test]
    fn scripts_styles_and_comments_hold_no_links() {
        let page = r##"<script>const s = '<a href="/gone/">';</script>
            <style>p::after { content: '<img src="nope.png">'; }</style>
            <!-- <a href="/also-gone/"> --><title><a href="/t/"></title>
            <a href="/r/?a=1&amp;b=2#gone">reference decoded</a>"##;
        assert_eq!(
            broken(
                &[("index.html", page), ("r/index.html", "<p id=speed>")],
                FILES,
                "/"
            ),
            [("index.html".to_string(), "/r/?a=1&b=2#gone".to_string())],
            "only the real link, its character reference decoded, is checked"
        );
    }

    #[test]
    fn folders_and_escapes_resolve() {
        let page = r##"<a href="/r">folder without slash</a><a href="/r/%69ndex.html">escaped</a>
            <a href=" /r/ ">spaces</a><a href="/r/./../r/">dots</a>"##;
        assert!(broken(&[("index.html", page)], FILES, "/").is_empty());
        assert_eq!(normalize("a/b/../c/"), Some("a/c/".to_string()));
        assert_eq!(normalize("a/.."), Some("".to_string()));
        assert_eq!(normalize("../a"), None);
    }
}
