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
    /// The links listed so far.
    seen: HashSet<String>,
}

/// Elements whose text is not markup, and where it ends: what the tree
/// builder tells the tokenizer on their start tag.
fn raw_text_kind(name: &str) -> Option<RawKind> {
    match name {
        "script" => Some(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(RawKind::Rawtext),
        "title" | "textarea" => Some(RawKind::Rcdata),
        _ => None,
    }
}

impl PageLinks {
    /// Reads the ids and links of `html`.
    ///
    /// Most of a page is highlighted code, thousands of `<span>` tags that
    /// hold neither, so the page is read by a scanner that follows the HTML
    /// tokenizer's rules for tags, attributes, comments and raw text
    /// without allocating for tags it does not need. The few tags that hold
    /// a character reference, a carriage return or a NUL are handed to
    /// html5ever's tokenizer, which decodes them exactly as browsers do.
    fn scan(html: &str) -> PageLinks {
        let mut found = PageLinks::default();
        let mut attributes: Vec<(&str, &str)> = Vec::new();
        let mut at = 0;
        while let Some(offset) = html[at..].find('<') {
            let start = at + offset;
            let rest = &html[start..];
            let after = rest.as_bytes().get(1).copied();
            at = match after {
                Some(b'!') if rest.starts_with("<!--") => {
                    if rest.starts_with("<!-->") {
                        start + 5
                    } else if rest.starts_with("<!--->") {
                        start + 6
                    } else {
                        match rest[4..].find("-->") {
                            Some(i) => start + 4 + i + 3,
                            None => break,
                        }
                    }
                }
                // `<!doctype …>`, `<?…>`, `</ 3>`: up to the next `>`.
                Some(b'!' | b'?') => match rest.find('>') {
                    Some(i) => start + i + 1,
                    None => break,
                },
                Some(b'/') => match rest.as_bytes().get(2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        match read_tag(rest, 2, &mut attributes) {
                            Some((end, _)) => start + end,
                            None => break,
                        }
                    }
                    Some(b'>') => start + 3,
                    Some(_) => match rest.find('>') {
                        Some(i) => start + i + 1,
                        None => break,
                    },
                    None => break,
                },
                Some(c) if c.is_ascii_alphabetic() => {
                    let Some((end, name)) = read_tag(rest, 1, &mut attributes) else {
                        break;
                    };
                    let tag = &rest[..end];
                    let name = name.to_ascii_lowercase();
                    if tag.contains(['&', '\r', '\0']) {
                        found = found.tokenized(tag);
                    } else {
                        found.record(&name, &|wanted| {
                            attributes
                                .iter()
                                .find(|(n, _)| n.eq_ignore_ascii_case(wanted))
                                .map(|(_, v)| v.to_string())
                        });
                    }
                    let end = start + end;
                    if name == "plaintext" {
                        break;
                    }
                    match raw_text_kind(&name) {
                        Some(_) => match find_end_tag(&html[end..], &name) {
                            Some(i) => end + i,
                            None => break,
                        },
                        None => end,
                    }
                }
                // A `<` that opens no tag is text.
                _ => start + 1,
            };
        }
        found
    }

    /// Adds what one start tag holds, `attribute` giving its attribute
    /// values by name.
    fn record(&mut self, name: &str, attribute: &dyn Fn(&str) -> Option<String>) {
        self.ids.extend(attribute("id"));
        if name == "a" {
            self.ids.extend(attribute("name"));
        }
        let link = match name {
            "a" | "link" => attribute("href"),
            "img" | "script" => attribute("src"),
            _ => None,
        };
        if let Some(link) = link
            && self.seen.insert(link.clone())
        {
            self.links.push(link);
        }
    }

    /// Adds what the markup `html` holds, read by html5ever's tokenizer.
    fn tokenized(self, html: &str) -> PageLinks {
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(html));
        let tokenizer = Tokenizer::new(
            LinkSink {
                found: RefCell::new(self),
            },
            TokenizerOpts::default(),
        );
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        tokenizer.sink.found.into_inner()
    }
}

/// Reads the tag that starts at `name_at` in `html` (just after `<` or
/// `</`), by the tokenizer's rules: its attributes go into `attributes`
/// (the first of each name wins, as in the tokenizer). Returns where the
/// tag ends (after its `>`) and its name; `None` if the page ends first.
fn read_tag<'h>(
    html: &'h str,
    name_at: usize,
    attributes: &mut Vec<(&'h str, &'h str)>,
) -> Option<(usize, &'h str)> {
    let bytes = html.as_bytes();
    let space = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0c' | b' ');
    let mut i = name_at;
    while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
        i += 1;
    }
    let name = &html[name_at..i];
    attributes.clear();
    loop {
        // Before an attribute name.
        while i < bytes.len() && (space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if *bytes.get(i)? == b'>' {
            return Some((i + 1, name));
        }
        let name_start = i;
        // The first character may be `=`; after it, `=` ends the name.
        i += 1;
        while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attribute = &html[name_start..i];
        while i < bytes.len() && space(bytes[i]) {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && space(bytes[i]) {
                i += 1;
            }
            match *bytes.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let close = html[i + 1..].find(quote as char)? + i + 1;
                    value = &html[i + 1..close];
                    i = close + 1;
                }
                b'>' => {}
                _ => {
                    let from = i;
                    while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = &html[from..i];
                }
            }
        }
        if !attributes
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(attribute))
        {
            attributes.push((attribute, value));
        }
    }
}

/// Where the end tag `</name` of a raw text element starts in `text`.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = text[at..].find("</") {
        let start = at + offset;
        let after = start + 2 + name.len();
        if bytes
            .get(start + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(after)
                .is_none_or(|c| matches!(c, b'\t' | b'\n' | b'\x0c' | b' ' | b'/' | b'>'))
        {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// Collects ids and links from html5ever's tokens.
struct LinkSink {
    found: RefCell<PageLinks>,
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
        let name: &str = &tag.name;
        self.found
            .borrow_mut()
            .record(name, &|wanted| attribute(&tag, wanted));
        match name {
            "plaintext" => TokenSinkResult::Plaintext,
            _ => raw_text_kind(name).map_or(TokenSinkResult::Continue, TokenSinkResult::RawData),
        }
    }
}

/// The value of a tag's attribute.
fn attribute(tag: &Tag, wanted: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == wanted)
        .map(|a| a.value.to_string())
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
    fn the_scanner_reads_what_the_tokenizer_reads() {
        // Each page read by the scanner and by html5ever's tokenizer alone
        // must give the same ids and links.
        let pages = [
            HOME,
            REPORT,
            r##"<A HREF="/Up/" ID=Top>x</A><img src=a.png alt=x/><IMG SRC='b.png'>"##,
            r##"<a href="/one/" href="/two/" id="first" id="second">dup</a>"##,
            r##"<a title="x > y" href="/q/">quoted bracket</a><a href = "/spaced/" >s</a>"##,
            r##"<script src="/s.js"></script><script>if (a < b) { x = '</scr' + 'ipt>'; }</SCRIPT ><a href="/after/">"##,
            r##"<textarea><a href="/no/"></textarea ><a href="/yes/">"##,
            r##"<!-- <a href="/no/"> --><!--><a href="/a/"><!---><a href="/b/"><!doctype html><?pi <a href="/no2/">?>"##,
            r##"<p>1 < 2 and 3 <4</p><a/href="/slash/"><a href=/bare/ id=bare>b</a></ a><a href="/last/""##,
            r##"<a href="/x/?a=1&amp;b=2&lt;3" id="&quot;q&quot;">refs</a><a href="/cr/\r\n">cr</a>"##,
            r##"<div id="only-id"><span class="hl-keyword">fn</span> <a name="anchor"></a><plaintext><a href="/never/">"##,
        ];
        for page in pages {
            let scanned = PageLinks::scan(page);
            let tokenized = PageLinks::default().tokenized(page);
            assert_eq!(scanned.links, tokenized.links, "links of {page}");
            assert_eq!(scanned.ids, tokenized.ids, "ids of {page}");
        }
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
