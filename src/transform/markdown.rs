//! Markdown to HTML, with versus's additions: highlighted fenced code,
//! heading anchors, and the `<!-- versus:… -->` sample markers.

use std::sync::Arc;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::model::Markdown;
use crate::transform::highlight::{Highlighted, Highlighter};
use crate::transform::lines::{LineOptions, pre_html};
use crate::transform::syntax_mapping::CodeOrigin;
use crate::util::html::escape_html;
use crate::util::slug::slugify;

/// Where the author wants a criterion's own samples: the marker stays in
/// the prose, and render puts the
/// [`Criterion::pair`](crate::model::Criterion::pair) there, or after the
/// prose when the prose does not say.
pub const SAMPLES_SLOT: &str = "<!-- versus:samples -->";

/// Where the author wants a criterion's chart: render puts the
/// [`Criterion::chart_html`](crate::model::Criterion::chart_html) there, or
/// after the samples when the prose does not say.
pub const CHART_SLOT: &str = "<!-- versus:chart -->";

/// A `<!-- versus:… -->` marker found in the prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// `<!-- versus:samples -->`: the criterion's own sample group goes here.
    Samples,
    /// `<!-- versus:chart -->`: the criterion's chart goes here.
    Chart,
    /// `<!-- versus:include a.js, b.py:3-9 numbers hl=4 -->`: these files,
    /// as one group, with these line options.
    Include(Vec<IncludeSpec>, LineOptions),
}

/// One file of an include marker, with an optional line range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeSpec {
    /// As written: relative to the Markdown file, or to the site root with `/`.
    pub path: String,
    /// 1-based, inclusive.
    pub lines: Option<(usize, usize)>,
}

/// Parses the text of an HTML comment as a marker. `None` when it is not
/// one of ours; `Err` when it is ours but malformed.
pub fn parse_marker(html: &str) -> Option<Result<Marker, String>> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let rest = inner.strip_prefix("versus:")?;
    let (name, args) = match rest.split_once(char::is_whitespace) {
        Some((name, args)) => (name, args.trim()),
        None => (rest, ""),
    };
    Some(match name {
        "samples" if args.is_empty() => Ok(Marker::Samples),
        "samples" => Err("`versus:samples` takes no arguments".to_string()),
        "chart" if args.is_empty() => Ok(Marker::Chart),
        "chart" => Err("`versus:chart` takes no arguments".to_string()),
        "include" if args.is_empty() => Err("`versus:include` needs a file path".to_string()),
        "include" => LineOptions::parse(args.split_whitespace()).and_then(|(options, rest)| {
            let specs = rest.join(" ");
            if specs.trim().is_empty() {
                return Err("`versus:include` needs a file path".to_string());
            }
            // A word after a path is an option versus does not know.
            if let Some(word) = specs
                .split(',')
                .find_map(|spec| spec.split_whitespace().nth(1))
            {
                return Err(format!(
                    "unknown option `{word}`; the options are `numbers` and `hl=LINES` (also written `highlight=LINES`), like `numbers hl=3-5`"
                ));
            }
            specs
                .split(',')
                .map(|spec| parse_spec(spec.trim()))
                .collect::<Result<Vec<_>, _>>()
                .map(|specs| Marker::Include(specs, options))
        }),
        other => Err(format!(
            "unknown marker `versus:{other}` (known: samples, include, chart)"
        )),
    })
}

fn parse_spec(spec: &str) -> Result<IncludeSpec, String> {
    if spec.is_empty() {
        return Err("an empty path".to_string());
    }
    let (path, lines) = match spec.rsplit_once(':') {
        Some((path, range)) if range.chars().all(|c| c.is_ascii_digit() || c == '-') => {
            let (a, b) = range.split_once('-').unwrap_or((range, range));
            let a: usize = a
                .parse()
                .map_err(|_| format!("`{range}` is not a line range like 3-12"))?;
            let b: usize = b
                .parse()
                .map_err(|_| format!("`{range}` is not a line range like 3-12"))?;
            if a == 0 || b < a {
                return Err(format!("`{range}` is not a line range like 3-12"));
            }
            (path, Some((a, b)))
        }
        _ => (spec, None),
    };
    Ok(IncludeSpec {
        path: path.to_string(),
        lines,
    })
}

/// What the caller does with a marker: returns the HTML that replaces it.
pub type MarkerHandler<'a> = dyn Fn(&Marker, Location) -> Result<String, Diagnostic> + Sync + 'a;

/// The result of rendering one Markdown body.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Warnings and errors found on the way.
    pub diagnostics: Vec<Diagnostic>,
    /// The relative links and images of the prose, as the page sees them
    /// (with the link prefix, without query or fragment, decoded).
    pub links: Vec<String>,
    /// The highlighted code blocks in the HTML (see
    /// [`BodyOutput::code`](crate::transform::BodyOutput::code)).
    pub code: Vec<Arc<Highlighted>>,
}

/// Gives a relative link or image the prefix that makes it resolve from
/// the page, and notes where it leads.
fn relink<'a>(event: Event<'a>, prefix: &str, links: &mut Vec<String>) -> Event<'a> {
    let mut note = |dest: CowStr<'a>| -> CowStr<'a> {
        let text = dest.as_ref();
        if text.is_empty()
            || text.starts_with(['#', '/', '?'])
            || crate::check_links::is_external(text)
        {
            return dest;
        }
        let joined = format!("{prefix}{text}");
        let path = joined.split(['#', '?']).next().unwrap_or_default();
        links.push(
            percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned(),
        );
        if prefix.is_empty() {
            dest
        } else {
            CowStr::from(joined)
        }
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: note(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: note(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

/// Renders `markdown`. Headings get ids `<id_prefix><slug>` and are never
/// above `min_level`, so prose cannot outrank the page's own headings.
pub fn render(
    markdown: &Markdown,
    highlighter: &Highlighter,
    id_prefix: &str,
    min_level: HeadingLevel,
    on_marker: &MarkerHandler<'_>,
) -> Rendered {
    render_relinked(markdown, highlighter, id_prefix, min_level, "", on_marker)
}

/// Renders `markdown` like [`render`], for a page that lives `link_prefix`
/// above the Markdown file's folder: a criterion folder's `chart.png` is
/// `01-speed/chart.png` from the report page. Relative links and images get
/// the prefix, so they read as the author wrote them, relative to the
/// Markdown file; each such link is listed in [`Rendered::links`].
pub fn render_relinked(
    markdown: &Markdown,
    highlighter: &Highlighter,
    id_prefix: &str,
    min_level: HeadingLevel,
    link_prefix: &str,
    on_marker: &MarkerHandler<'_>,
) -> Rendered {
    let mut out = Rendered::default();
    let text = markdown.text();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut code: Option<(String, usize, String)> = None;
    let mut fence_options = LineOptions::default();
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event<'_>>)> = None;
    let mut used_ids: Vec<String> = Vec::new();
    let location_of = |offset: usize| {
        let start = markdown.offset + offset;
        Location::span(&markdown.file, start..start)
    };

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let event = relink(event, link_prefix, &mut out.links);
        if let Some((_, _, buffer)) = code.as_mut() {
            match event {
                Event::Text(t) => buffer.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (language, at, source) = code.take().expect("inside a code block");
                    let origin = CodeOrigin {
                        explicit: Some(&language),
                        file_name: None,
                    };
                    let what = format!("a {language} block");
                    let block = highlighter.highlight(origin, &source, &what);
                    if let Some(problem) = block.warning {
                        out.diagnostics
                            .push(Diagnostic::warning(problem).at(location_of(at)));
                    }
                    events.push(Event::Html(CowStr::from(pre_html(
                        &block.language.label,
                        &block.highlighted.html,
                        &fence_options,
                    ))));
                    out.code.push(block.highlighted);
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, _, buffer)) = heading.as_mut() {
            if let Event::End(TagEnd::Heading(_)) = event {
                let (level, id, inner) = heading.take().expect("inside a heading");
                let level = level.max(min_level);
                let base = id.unwrap_or_else(|| slugify(&plain_text(&inner)));
                let id = unique_id(&format!("{id_prefix}{base}"), &mut used_ids);
                events.push(Event::Html(CowStr::from(format!(
                    "<{level} id=\"{}\">",
                    escape_html(&id)
                ))));
                events.extend(inner);
                events.push(Event::Html(CowStr::from(format!(
                    "<a class=\"vs-anchor\" href=\"#{0}\" aria-label=\"Link to this section\">#</a></{level}>\n",
                    escape_html(&id)
                ))));
            } else {
                buffer.push(event);
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut words = info.split([' ', ',', '{', '}']).filter(|w| !w.is_empty());
                let language = words.next().unwrap_or("").to_string();
                fence_options = match LineOptions::parse(words) {
                    Ok((options, _)) => options,
                    Err(reason) => {
                        out.diagnostics.push(
                            Diagnostic::error(Problem::BadFenceOptions {
                                info: info.trim().to_string(),
                                reason,
                            })
                            .at(location_of(range.start)),
                        );
                        LineOptions::default()
                    }
                };
                code = Some((language, range.start, String::new()));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|id| id.to_string()), Vec::new()));
            }
            Event::Html(html) | Event::InlineHtml(html)
                if html.trim_start().starts_with("<!-- versus:") =>
            {
                match parse_marker(&html) {
                    Some(Ok(marker)) => match on_marker(&marker, location_of(range.start)) {
                        Ok(replacement) => events.push(Event::Html(CowStr::from(replacement))),
                        Err(diagnostic) => out.diagnostics.push(diagnostic),
                    },
                    Some(Err(reason)) => out.diagnostics.push(
                        Diagnostic::error(Problem::BadMarker {
                            marker: html.trim().to_string(),
                            reason,
                        })
                        .at(location_of(range.start)),
                    ),
                    None => events.push(Event::Html(html)),
                }
            }
            other => events.push(other),
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

fn plain_text(events: &[Event<'_>]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

fn unique_id(base: &str, used: &mut Vec<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.push(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use std::sync::Arc;

    fn md(text: &str) -> Markdown {
        Markdown {
            file: Arc::new(SourceFile::new("a.md", "a.md", text)),
            offset: 0,
            html: String::new(),
        }
    }

    fn no_markers(_: &Marker, _: Location) -> Result<String, Diagnostic> {
        Ok(String::new())
    }

    #[test]
    fn markers_parse() {
        let cases = [
            ("<!-- versus:samples -->", Some(Ok(Marker::Samples))),
            (
                "<!-- versus:include a.js, /s/b.py:3-9 -->",
                Some(Ok(Marker::Include(
                    vec![
                        IncludeSpec {
                            path: "a.js".into(),
                            lines: None,
                        },
                        IncludeSpec {
                            path: "/s/b.py".into(),
                            lines: Some((3, 9)),
                        },
                    ],
                    LineOptions::default(),
                ))),
            ),
            (
                "<!-- versus:include a.js:2-4 numbers hl=3 -->",
                Some(Ok(Marker::Include(
                    vec![IncludeSpec {
                        path: "a.js".into(),
                        lines: Some((2, 4)),
                    }],
                    LineOptions {
                        numbers: true,
                        first: 0,
                        highlight: vec![(3, 3)],
                    },
                ))),
            ),
            ("<!-- a comment -->", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_marker(text), expected, "{text}");
        }
        assert!(matches!(
            parse_marker("<!-- versus:include a.js:9-3 -->"),
            Some(Err(_))
        ));
        assert!(matches!(
            parse_marker("<!-- versus:sample a.js -->"),
            Some(Err(_))
        ));
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes() {
        let out = render(
            &md("```python\nx = 1\n```\n"),
            &Highlighter::new(None),
            "",
            HeadingLevel::H3,
            &no_markers,
        );
        assert!(
            out.html
                .contains("<pre class=\"vs-code vs-lines\" tabindex=\"0\" data-lang=\"Python\">"),
            "{}",
            out.html
        );
        assert!(out.html.contains("class=\"hl-"), "{}", out.html);
        assert!(!out.html.contains("style="));
    }

    #[test]
    fn unknown_fence_language_warns_with_its_line() {
        let out = render(
            &md("Text\n\n```klingon\nqapla'\n```\n"),
            &Highlighter::new(None),
            "",
            HeadingLevel::H3,
            &no_markers,
        );
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!(out.diagnostics[0].position().unwrap(), "a.md:3:1");
        assert!(out.html.contains("qapla&#39;") || out.html.contains("qapla'"));
    }

    #[test]
    fn headings_are_demoted_and_get_unique_ids() {
        let out = render(
            &md("# Top\n\n## Top\n"),
            &Highlighter::new(None),
            "speed-",
            HeadingLevel::H3,
            &no_markers,
        );
        assert!(out.html.contains("<h3 id=\"speed-top\">"), "{}", out.html);
        assert!(out.html.contains("<h3 id=\"speed-top-2\">"), "{}", out.html);
    }
}
