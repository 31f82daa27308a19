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

/// `<pre class="vs-code">` around highlighted HTML, one `vs-line` span per
/// line. Each span carries its leading indentation in columns (`--i`), so
/// the theme can wrap a long line with a hanging indent that keeps the
/// code's indentation readable; numbers and highlights come from the options.
pub fn pre_html(label: &str, inner: &str, options: &LineOptions) -> String {
    let label = escape_html(label);
    let first = options.first.max(1);
    let mut body = String::with_capacity(inner.len() + inner.len() / 4);
    let lines = split_lines(inner);
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        // Code ends with a newline: no empty line after it (what is left
        // there is at most outer spans reopened and closed again).
        if i + 1 == count && !has_text(&line) {
            break;
        }
        let n = first + i;
        let marked = options.highlight.iter().any(|&(a, b)| (a..=b).contains(&n));
        let class = if marked {
            "vs-line vs-line-hl"
        } else {
            "vs-line"
        };
        let number = if options.numbers {
            format!(" data-n=\"{n}\"")
        } else {
            String::new()
        };
        let indent = match indent_columns(&line) {
            0 => String::new(),
            columns => format!(" style=\"--i:{columns}\""),
        };
        body.push_str(&format!(
            "<span class=\"{class}\"{number}{indent}>{line}</span>\n"
        ));
    }
    let numbered = if options.numbers { " vs-numbered" } else { "" };
    format!(
        "<pre class=\"vs-code vs-lines{numbered}\" tabindex=\"0\" data-lang=\"{label}\"><code>{body}</code></pre>\n"
    )
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

/// Splits highlighted HTML at its newlines into self-contained lines: spans
/// open at a line's end are closed there and opened again on the next line.
pub fn split_lines(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut line = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with("<span") {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            open.push(&rest[..end]);
            line.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if let Some(after) = rest.strip_prefix("</span>") {
            open.pop();
            line.push_str("</span>");
            rest = after;
        } else if let Some(after) = rest.strip_prefix('\n') {
            line.push_str(&"</span>".repeat(open.len()));
            lines.push(std::mem::take(&mut line));
            line.push_str(&open.concat());
            rest = after;
        } else {
            // Text runs to the next tag or newline; the first character may
            // take more than one byte.
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let next = rest[first..]
                .find(['<', '\n'])
                .map_or(rest.len(), |i| i + first);
            line.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let html = pre_html("Python", "<span class=\"x\">a\nb\n</span>", &options);
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
