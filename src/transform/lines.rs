//! Line numbers and highlighted lines in code blocks.
//!
//! Options are written after a fence's language (```` ```js numbers hl=2,4-6 ````),
//! after an include marker's files (`<!-- versus:include a.js:3-12 numbers hl=5 -->`),
//! or in a criterion's front matter for its samples
//! (`line_numbers = true`, `[highlight] node = "3-5"`). Numbers are drawn by
//! CSS from a `data-n` attribute, so copying a block copies only its code.

use crate::util::html::escape_html;
use crate::util::ranges::parse_ranges;

/// How a code block shows its lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineOptions {
    /// Show line numbers.
    pub numbers: bool,
    /// The number of the first line (an include of lines 3–12 starts at 3).
    pub first: usize,
    /// Line ranges to highlight, inclusive, by number.
    pub highlight: Vec<(usize, usize)>,
}

impl LineOptions {
    /// Reads option words; other words are returned as they are.
    pub fn parse<'a>(
        words: impl IntoIterator<Item = &'a str>,
    ) -> Result<(LineOptions, Vec<&'a str>), String> {
        let mut options = LineOptions::default();
        let mut rest = Vec::new();
        for word in words {
            if word == "numbers" {
                options.numbers = true;
            } else if let Some(list) = word
                .strip_prefix("hl=")
                .or_else(|| word.strip_prefix("highlight="))
            {
                options.highlight.extend(parse_ranges(list)?);
            } else {
                rest.push(word);
            }
        }
        Ok((options, rest))
    }
}

/// `<pre class="vs-code">` around highlighted HTML whose lines stand alone
/// (as [`Highlighted`](crate::transform::highlight::Highlighted) holds it),
/// one `vs-line` span per line. Each span carries its leading indentation in
/// columns (`--i`), so the theme can wrap a long line with a hanging indent
/// that keeps the code's indentation readable; numbers and highlights come
/// from the options.
pub fn pre_html(label: &str, lines: &str, options: &LineOptions) -> String {
    use std::fmt::Write as _;
    let first = options.first.max(1);
    let numbered = if options.numbers { " vs-numbered" } else { "" };
    // Written in one pass, straight into the page's string: this runs for
    // every block of every build, warm ones included.
    let mut html = String::with_capacity(lines.len() + lines.len() / 2 + 128);
    let _ = write!(
        html,
        "<pre class=\"vs-code vs-lines{numbered}\" tabindex=\"0\" data-lang=\"{}\"><code>",
        escape_html(label)
    );
    let mut n = first;
    let mut rest = lines.split('\n').peekable();
    while let Some(line) = rest.next() {
        // Code ends with a newline: no empty line after it (what is left
        // there is at most spans opened and closed again).
        if rest.peek().is_none() && !has_text(line) {
            break;
        }
        let marked = options.highlight.iter().any(|&(a, b)| (a..=b).contains(&n));
        html.push_str(if marked {
            "<span class=\"vs-line vs-line-hl\""
        } else {
            "<span class=\"vs-line\""
        });
        if options.numbers {
            let _ = write!(html, " data-n=\"{n}\"");
        }
        match indent_columns(line) {
            0 => {}
            columns => {
                let _ = write!(html, " style=\"--i:{columns}\"");
            }
        }
        html.push('>');
        html.push_str(line);
        html.push_str("</span>\n");
        n += 1;
    }
    html.push_str("</code></pre>\n");
    html
}

/// The columns of leading white space of a line of HTML (tabs stop every
/// [`TAB_WIDTH`] columns, as the theme's `tab-size`), at most
/// [`MAX_HANGING_INDENT`]: deeper code wraps from there.
fn indent_columns(line: &str) -> usize {
    let mut in_tag = false;
    let mut columns = 0;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag => {}
            ' ' => columns += 1,
            '\t' => columns += TAB_WIDTH - columns % TAB_WIDTH,
            _ => break,
        }
    }
    columns.min(MAX_HANGING_INDENT)
}

/// The width of a tab, in columns (the theme's `tab-size`).
pub const TAB_WIDTH: usize = 4;
/// The deepest indentation a wrapped line hangs from.
pub const MAX_HANGING_INDENT: usize = 24;

/// Whether a line of HTML has any text outside its tags.
fn has_text(line: &str) -> bool {
    let mut in_tag = false;
    line.chars().any(|c| match c {
        '<' => {
            in_tag = true;
            false
        }
        '>' => {
            in_tag = false;
            false
        }
        _ => !in_tag,
    })
}

/// Updates the list of open `<span>` tags with those `line` opens and closes.
fn track_spans<'a>(line: &'a str, open: &mut Vec<&'a str>) {
    let mut rest = line;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with("<span") {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            open.push(&rest[..end]);
            rest = &rest[end..];
        } else if let Some(after) = rest.strip_prefix("</span>") {
            open.pop();
            rest = after;
        } else {
            rest = &rest[1..];
        }
    }
}

/// Rewrites highlighted HTML so that each of its lines stands alone: spans
/// open at a line's end are closed there and opened again on the next line.
/// Done once, when code is highlighted, so that drawing a block is a copy.
/// Highlighters write no newline inside a tag.
pub fn self_contained_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut open: Vec<&str> = Vec::new();
    for (i, line) in html.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for tag in &open {
            out.push_str(tag);
        }
        out.push_str(line);
        track_spans(line, &mut open);
        for _ in &open {
            out.push_str("</span>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`self_contained_lines`], one string per line.
    fn split_lines(html: &str) -> Vec<String> {
        self_contained_lines(html)
            .split('\n')
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn options_are_read_and_other_words_kept() {
        let (options, rest) = LineOptions::parse(["js", "numbers", "hl=2,4-6"]).unwrap();
        assert!(options.numbers);
        assert_eq!(options.highlight, vec![(2, 2), (4, 6)]);
        assert_eq!(rest, vec!["js"]);
        assert!(LineOptions::parse(["hl=6-4"]).is_err());
    }

    #[test]
    fn spans_across_lines_are_closed_and_reopened() {
        let html = "<span class=\"hl-comment\">/* a\nb */</span> x\ny\n";
        assert_eq!(
            split_lines(html),
            vec![
                "<span class=\"hl-comment\">/* a</span>".to_string(),
                "<span class=\"hl-comment\">b */</span> x".to_string(),
                "y".to_string(),
                String::new(),
            ]
        );
    }

    #[test]
    fn text_starting_with_a_wide_character_is_split_whole() {
        // A run of text that begins with a character of several bytes.
        assert_eq!(
            split_lines("é\n€x<span>ü</span>\n"),
            vec!["é", "€x<span>ü</span>", ""]
        );
        let html = pre_html(
            "Text",
            "élan\n",
            &LineOptions {
                numbers: true,
                ..LineOptions::default()
            },
        );
        assert!(html.contains("data-n=\"1\">élan</span>"), "{html}");
    }

    #[test]
    fn numbered_lines_start_where_asked_and_mark_highlights() {
        let options = LineOptions {
            numbers: true,
            first: 3,
            highlight: vec![(4, 4)],
        };
        let html = pre_html(
            "Python",
            &self_contained_lines("<span class=\"x\">a\nb\n</span>"),
            &options,
        );
        assert!(html.contains("class=\"vs-code vs-lines vs-numbered\""));
        assert!(
            html.contains(
                "<span class=\"vs-line\" data-n=\"3\"><span class=\"x\">a</span></span>\n"
            )
        );
        assert!(html.contains(
            "<span class=\"vs-line vs-line-hl\" data-n=\"4\"><span class=\"x\">b</span></span>\n"
        ));
        assert!(!html.contains("data-n=\"5\""));
    }

    #[test]
    fn every_line_is_a_span_with_its_indentation() {
        let html = pre_html(
            "Python",
            "def f():\n    <span class=\"k\">return</span> 1\n\t\tx\n",
            &LineOptions::default(),
        );
        assert!(html.contains("class=\"vs-code vs-lines\""));
        assert!(html.contains("<span class=\"vs-line\">def f():</span>\n"));
        assert!(html.contains(
            "<span class=\"vs-line\" style=\"--i:4\">    <span class=\"k\">return</span> 1</span>\n"
        ));
        assert!(html.contains("<span class=\"vs-line\" style=\"--i:8\">\t\tx</span>\n"));
        assert!(!html.contains("data-n"));
        assert_eq!(indent_columns(&" ".repeat(60)), MAX_HANGING_INDENT);
        assert_eq!(indent_columns("  \tx"), 4);
        // Text that starts with a character of several bytes.
        assert_eq!(split_lines("°F\n<b>é</b>"), vec!["°F", "<b>é</b>"]);
    }
}
