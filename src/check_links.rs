//! The link checker: every internal link of the output must lead to a file
//! of the output and, when it names a fragment, to an element of that page.

use std::collections::{HashMap, HashSet};

use std::convert::Infallible;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use percent_encoding::percent_decode_str;

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

/// What the link checker needs of one page: its links, in document order
/// and each once, and the fragments it answers to. Taken once per page
/// version, so that a rebuild in `versus serve` parses only the pages it
/// changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageLinks {
    /// Every `href` or `src` of a checked element, first occurrence only.
    links: Vec<String>,
    /// The `id` of every element and the `name` of every `<a>`.
    ids: HashSet<String>,
}

impl PageLinks {
    /// Reads a page's HTML. Only start tags matter, so a tokenizer does
    /// (html5gum, which passes html5lib's tokenizer tests): building the
    /// document tree cost three times as much, on the preview's hot path.
    /// Its callback interface hands over names and values without copying
    /// them, and only those of the attributes that count are kept.
    ///
    /// The highlighted code of a `<pre class="vs-code">` block, which holds
    /// only `<span>` tags and text, is not read at all, when the page up to
    /// it ends cleanly at its `<code>` tag (the block is really an element,
    /// not text inside a comment, a script or an attribute); otherwise the
    /// whole page is read. Most of a report page is code: skipping it took
    /// the link check of a cold 1,000-criteria build from about 200 to about
    /// 120 ms.
    pub fn of(html: &str) -> PageLinks {
        let mut reader = LinkReader::default();
        let mut from = 0;
        let mut search = 0;
        while let Some((code, found)) = next_code_block(html, search) {
            let end = match found {
                Ok(end) => end,
                Err(search_on) => {
                    search = search_on;
                    continue;
                }
            };
            if !reader.read(&html[from..code]) {
                // Not the element it looks like: read everything as it is.
                let mut whole = LinkReader::default();
                whole.read(html);
                return whole.found;
            }
            from = end;
            search = end;
        }
        reader.read(&html[from..]);
        reader.found
    }
}

/// The tag that opens a block of highlighted code, as versus writes it.
const CODE_BLOCK: &str = "<pre class=\"vs-code";

/// The next `<pre class="vs-code …"><code>` at or after `from`: where its
/// code starts, and, when the code is only `<span>` tags and text up to
/// `</code></pre>`, where that closing begins; else where to search on.
fn next_code_block(html: &str, from: usize) -> Option<(usize, Result<usize, usize>)> {
    let pre = from + html.get(from..)?.find(CODE_BLOCK)?;
    let tag_end = pre + html[pre..].find('>')? + 1;
    let after = pre + CODE_BLOCK.len();
    let Some(code) = html[tag_end..]
        .starts_with("<code>")
        .then_some(tag_end + "<code>".len())
    else {
        return Some((after, Err(after)));
    };
    Some((code, only_spans_until_end(html, code).ok_or(code)))
}

/// Where `</code></pre>` begins, if everything from `at` up to it is text
/// and `<span …>`/`</span>` tags that carry no `id` and whose quotes pair up.
fn only_spans_until_end(html: &str, mut at: usize) -> Option<usize> {
    loop {
        let open = at + html[at..].find('<')?;
        let rest = &html[open..];
        if rest.starts_with("</code></pre>") {
            return Some(open);
        }
        if rest.starts_with("</span>") {
            at = open + "</span>".len();
            continue;
        }
        let tag = &rest[..rest.find('>')?];
        // The spans versus writes, `<span class="hl-…">`, in one pass;
        // anything else is checked piece by piece below.
        if let Some(classes) = tag.strip_prefix("<span class=\"")
            && let Some(classes) = classes.strip_suffix('"')
            && classes
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b' ')
        {
            at = open + tag.len() + 1;
            continue;
        }
        let plain_span = tag.starts_with("<span")
            && matches!(tag.as_bytes().get(5), None | Some(b' '))
            && !tag[1..].contains(['<', '\''])
            && !tag.contains("id=")
            && tag.matches('"').count().is_multiple_of(2);
        if !plain_span {
            return None;
        }
        at = open + tag.len() + 1;
    }
}

/// The elements whose links are checked, and the attribute holding each
/// one's link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    /// `<a href>`, whose `name` is also a fragment target.
    Anchor,
    /// `<link href>`.
    Link,
    /// `<img src>` and `<script src>`.
    Source,
    /// `<code>`, which may start a block of highlighted code.
    Code,
    /// Anything else: only its `id` counts.
    Other,
}

/// The attributes the link checker reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribute {
    Id,
    Name,
    Href,
    Src,
}

/// Follows the tokenizer's events through one start tag at a time.
#[derive(Default)]
struct LinkReader {
    found: PageLinks,
    seen: HashSet<String>,
    element: Option<Element>,
    /// The attribute whose value comes next, if it is one that counts and
    /// the first of its name in the tag (HTML ignores repeats).
    attribute: Option<Attribute>,
    /// The values of the tag so far, by [`Attribute`].
    values: [Option<String>; 4],
    /// Whether the last event was the end of a `<code>` start tag.
    code_closed_last: bool,
}

impl LinkReader {
    /// Reads a piece of a page; says whether it ended cleanly at the end of
    /// a `<code>` start tag, as a piece that stops before highlighted code
    /// does when that code is really an element.
    fn read(&mut self, html: &str) -> bool {
        self.code_closed_last = false;
        let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
            self.event(event);
            None::<Infallible>
        });
        // `<script>`, `<style>`, `<textarea>`… hold text, not tags.
        emitter.naively_switch_states(true);
        for _ in Tokenizer::new_with_emitter(html, emitter) {}
        self.code_closed_last
    }

    fn event(&mut self, event: CallbackEvent<'_>) {
        // Any event after `<code>`'s `>` (text, or an error at the end of
        // the piece) means the piece did not end there.
        let code_start_tag = self.element == Some(Element::Code);
        self.code_closed_last = false;
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.element = Some(match name {
                    b"a" => Element::Anchor,
                    b"link" => Element::Link,
                    b"img" | b"script" => Element::Source,
                    b"code" => Element::Code,
                    _ => Element::Other,
                });
                self.attribute = None;
                self.values = Default::default();
            }
            CallbackEvent::AttributeName { name } => {
                self.attribute = match name {
                    b"id" => Some(Attribute::Id),
                    b"name" => Some(Attribute::Name),
                    b"href" => Some(Attribute::Href),
                    b"src" => Some(Attribute::Src),
                    _ => None,
                }
                .filter(|a| self.values[*a as usize].is_none());
                // An attribute without a value has the empty string.
                if let Some(a) = self.attribute {
                    self.values[a as usize] = Some(String::new());
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some(a) = self.attribute.take() {
                    self.values[a as usize] = Some(String::from_utf8_lossy(value).into_owned());
                }
            }
            CallbackEvent::CloseStartTag { .. } => {
                self.close_start_tag();
                self.code_closed_last = code_start_tag;
            }
            // Attributes written in an end tag belong to no element.
            CallbackEvent::EndTag { .. } => self.element = None,
            _ => {}
        }
    }

    fn close_start_tag(&mut self) {
        let Some(element) = self.element.take() else {
            return;
        };
        let [id, name, href, src] = std::mem::take(&mut self.values);
        self.found.ids.extend(id);
        let link = match element {
            Element::Anchor => {
                self.found.ids.extend(name);
                href
            }
            Element::Link => href,
            Element::Source => src,
            Element::Code | Element::Other => None,
        };
        if let Some(link) = link.filter(|link| self.seen.insert(link.clone())) {
            self.found.links.push(link);
        }
    }
}

/// Checks the internal links of `pages` (output path, HTML) against `files`,
/// every output path (`index.html`, `r/index.html`, `assets/style.1a2b.css`).
/// The same as [`broken_links_among`] after [`PageLinks::of`] on each page.
pub fn broken_links(
    pages: &[(String, String)],
    files: &HashSet<String>,
    base_path: &str,
) -> Vec<BrokenLink> {
    let parsed: Vec<(String, PageLinks)> = pages
        .iter()
        .map(|(path, html)| (path.clone(), PageLinks::of(html)))
        .collect();
    let pages: Vec<(&str, &PageLinks)> = parsed.iter().map(|(p, l)| (p.as_str(), l)).collect();
    broken_links_among(&pages, files, base_path)
}

/// Checks the links of already parsed pages (output path, links) against
/// `files`, every output path.
///
/// A link is internal when it is relative (`../r/`, `#speed`, `logo.svg`) or
/// starts with `base_path` (the path of the base URL, `/` or `/reports/`);
/// links with a scheme (`https:`, `mailto:`, `data:`…) or a host (`//cdn…`)
/// are not checked. A site-absolute path outside `base_path` is broken: it
/// leads out of the site. `dir/` means `dir/index.html` (and so does `dir`
/// when there is no file `dir` but a `dir/index.html`). A fragment must be the
/// `id` (or the `name` of an `<a>`) of an element of the target page, when
/// that page is one of `pages`; `#` and `#top` always work. Query strings are
/// ignored. Each broken link is reported once per page, in document order.
pub fn broken_links_among(
    pages: &[(&str, &PageLinks)],
    files: &HashSet<String>,
    base_path: &str,
) -> Vec<BrokenLink> {
    let base = if base_path.ends_with('/') {
        base_path.to_string()
    } else {
        format!("{base_path}/")
    };
    let ids: HashMap<&str, &HashSet<String>> = pages
        .iter()
        .map(|(path, links)| (*path, &links.ids))
        .collect();
    let mut broken = Vec::new();
    for (page, links) in pages {
        for href in &links.links {
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
    fn folders_and_escapes_resolve() {
        let page = r##"<a href="/r">folder without slash</a><a href="/r/%69ndex.html">escaped</a>
            <a href=" /r/ ">spaces</a><a href="/r/./../r/">dots</a>"##;
        assert!(broken(&[("index.html", page)], FILES, "/").is_empty());
        assert_eq!(normalize("a/b/../c/"), Some("a/c/".to_string()));
        assert_eq!(normalize("a/.."), Some("".to_string()));
        assert_eq!(normalize("../a"), None);
    }

    /// What html5gum's token interface reads from a page: the reference the
    /// event reader must agree with.
    fn links_from_tokens(html: &str) -> PageLinks {
        use html5gum::Token;
        use html5gum::emitters::default::DefaultEmitter;
        let mut emitter = DefaultEmitter::default();
        emitter.naively_switch_states(true);
        let mut found = PageLinks::default();
        let mut seen = HashSet::new();
        for token in Tokenizer::new_with_emitter(html, emitter) {
            let Ok(Token::StartTag(tag)) = token else {
                continue;
            };
            let attr = |name: &str| {
                tag.attributes
                    .get(name.as_bytes())
                    .map(|v| String::from_utf8_lossy(v).into_owned())
            };
            found.ids.extend(attr("id"));
            let link = match tag.name.as_slice() {
                b"a" => {
                    found.ids.extend(attr("name"));
                    attr("href")
                }
                b"link" => attr("href"),
                b"img" | b"script" => attr("src"),
                _ => None,
            };
            if let Some(link) = link.filter(|l| seen.insert(l.clone())) {
                found.links.push(link);
            }
        }
        found
    }

    #[test]
    fn the_event_reader_reads_what_the_tokens_hold() {
        let tricky = [
            HOME,
            REPORT,
            r#"<a href="x" href="y" id=one id=two name=n>"#,
            r#"<A HREF="/Up/" ID="Caps">"#,
            r#"<a href>empty</a><img src><a id>"#,
            r#"</a href="/end-tag/"><p id="after">"#,
            r#"<span class="hl-k">if</span><span id=s>"#,
            r#"<a href='single' title="<a href=no>">"#,
            r#"<a href=unquoted&amp;x>"#,
            r#"<script src="/s.js">var a = '<img src="/no.png">';</script><img src="/yes.png">"#,
            r#"<!-- <a href=/c> --><![CDATA[ <a href=/d> ]]><a href=/e>"#,
            r#"<textarea><a href=/t></textarea><title><a href=/u></title><a href=/v>"#,
            r#"<a href="/é/?q=1#x" id="ü">"#,
            "<a href=\"unterminated",
            "<img src=/a.png/><link href=/b.css/>",
            // Highlighted code, skipped or not, never changes what is read.
            r#"<pre class="vs-code" data-lang="JS"><code><span class="vs-line">x</span>
<span class="a" data-n="2" style="--i:4">it's "q"</span></code></pre><a href="/after/">"#,
            r#"<pre class="vs-code"><code><span id="in-code">x</span></code></pre><a id=b>"#,
            r#"<pre class="vs-code"><code><a href="/in-code/">x</a></code></pre>"#,
            r#"<pre class="vs-code"><code><span title="a>" id="x">y</span></code></pre>"#,
            r#"<!-- <pre class="vs-code"><code> --><a href="/c/"></code></pre> -->"#,
            r#"<script>'<pre class="vs-code"><code>'</script><a href="/s/"></code></pre>"#,
            r#"<p title='<pre class="vs-code"><code>it's'><a href="/t/">x</code></pre>'>"#,
            r#"<pre class="vs-code"><code>x</code></pre><pre class="vs-code"><code>y"#,
            r#"<pre class="vs-code"><code>never closed <a href="/n/">"#,
            r#"<pre class="vs-code" <code><span>x</span></code></pre><a href="/broken-tag/">"#,
        ];
        for html in tricky {
            assert_eq!(PageLinks::of(html), links_from_tokens(html), "{html}");
        }
    }

    #[test]
    fn the_event_reader_reads_what_the_tokens_hold_on_every_page_of_the_site() {
        // `site/` as shipped, built in memory without a cache: report pages
        // with highlighted pairs, output panels, charts and the infographic.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("site");
        let mut options = crate::build::BuildOptions::new(&root);
        options.cache_dir = None;
        options.write = false;
        let project = crate::project::Project::open(options);
        let mut pages = 0;
        let mut skipped = 0;
        for file in project.files().filter(|f| f.path.ends_with(".html")) {
            let crate::render::Contents::Bytes(bytes) = &file.contents;
            let html = std::str::from_utf8(bytes).expect("pages are UTF-8");
            assert_eq!(
                PageLinks::of(html),
                links_from_tokens(html),
                "{}",
                file.path
            );
            pages += 1;
            skipped += usize::from(matches!(next_code_block(html, 0), Some((_, Ok(_)))));
        }
        assert!(pages >= 3, "home, 404 and the report: {pages}");
        assert!(skipped >= 1, "the report's code is skipped, not read");
    }

    #[test]
    fn text_that_only_looks_like_a_link_is_not_checked() {
        // Script and style text, comments and textarea content hold no
        // elements; an entity in an attribute is decoded; only the first
        // of repeated links is reported.
        let page = r##"<!doctype html><html><head>
            <script>document.write('<a href="/nowhere/">x</a>');</script>
            <style>a[href="/nope/"] { color: red }</style></head><body><main id="main">
            <!-- <a href="/commented/">old</a> -->
            <textarea><img src="typed.png"></textarea>
            <a href="r/?w=a&amp;b#speed">ok</a>
            <a href="missing.html">one</a> <a href="missing.html">two</a>
            </body></html>"##;
        let found = broken(
            &[("index.html", page), ("r/index.html", REPORT)],
            FILES,
            "/",
        );
        assert_eq!(
            found,
            vec![("index.html".to_string(), "missing.html".to_string())]
        );
    }
}
