//! Front matter: the TOML (`+++`) or YAML (`---`) block at the top of a
//! Markdown file.
//!
//! Both formats are parsed into one neutral value (JSON's data model), then
//! into the typed structs of the caller. Errors point at the line in the file,
//! not in the front matter block, so an author's editor jumps to the right
//! place.

use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::unknown_key_hint;
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::source::SourceFile;

/// The two front matter languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
        }
    }

    fn fence(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
        }
    }
}

/// Parsed front matter and where the body starts.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// Which language it was written in.
    pub format: Format,
    /// The data, as a JSON-shaped value (always an object).
    pub value: Value,
    /// Byte range of the front matter text (between the fences).
    pub range: Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
}

impl FrontMatter {
    /// The byte range of the key at `path` (e.g. `["points", "node"]`),
    /// found by reading the front matter lines; `None` when it is not written
    /// out plainly enough to find.
    pub fn locate(&self, file: &SourceFile, path: &[PathSegment]) -> Option<Range<usize>> {
        locate(&file.text, self.range.clone(), path)
    }

    /// A location for the key at `path`, or for the opening fence when the
    /// key cannot be found (a missing key, say).
    pub fn location(&self, file: &Arc<SourceFile>, path: &[PathSegment]) -> Location {
        let range = self
            .locate(file, path)
            .unwrap_or(0..self.format.fence().len());
        Location::span(file, range)
    }

    /// Gives the diagnostics of this file whose help shows TOML an example
    /// in YAML instead, when the file is written in YAML.
    pub fn help_in_its_syntax(&self, diagnostics: &mut [Diagnostic]) {
        if self.format != Format::Yaml {
            return;
        }
        for diagnostic in diagnostics.iter_mut().filter(|d| d.note.is_none()) {
            let yaml = match &*diagnostic.problem {
                Problem::InvalidPoints { id, .. } => format!("write points like `{id}: 1`"),
                Problem::NoPosition { .. } => {
                    "rename it like `03-speed.md`, or add `weight: 3`".to_string()
                }
                Problem::TooFewContenders { .. } => "list each contender under `contenders:` as `- id: node`, with `name:` and `color:` below it".to_string(),
                Problem::InvalidColor { value } => {
                    match crate::load::checks::colour_suggestion(value) {
                        Some(hex) => format!("did you mean `\"{hex}\"`? in YAML, quote it: `color: \"{hex}\"`"),
                        None => "write a colour as `#rrggbb`, quoted: `color: \"#417e38\"`".to_string(),
                    }
                }
                _ => continue,
            };
            diagnostic.note = Some(yaml.into_boxed_str());
        }
    }

    /// Deserializes the value into `T`, naming the field and its line when
    /// it does not fit.
    pub fn deserialize<T: DeserializeOwned>(
        &self,
        file: &Arc<SourceFile>,
    ) -> Result<T, Diagnostic> {
        serde_path_to_error::deserialize(&self.value).map_err(|err| {
            let path = segments(err.path());
            let inner = err.inner().to_string();
            let mut location_path = path.clone();
            // "unknown field `x`": point at `x` itself, not at its parent.
            if let Some(field) = inner
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next())
            {
                location_path.push(PathSegment::Key(field.to_string()));
            }
            let message = if path.is_empty() {
                inner.clone()
            } else {
                format!("`{}`: {inner}", display_path(&path))
            };
            let location = self.location(file, &location_path);
            let comment = (self.format == Format::Yaml)
                .then(|| yaml_comment_value(file, &location))
                .flatten();
            let diagnostic = Diagnostic::error(Problem::BadField { message }).at(location);
            match comment.or_else(|| unknown_key_hint(&inner)) {
                Some(note) => diagnostic.with_note(note),
                None => diagnostic,
            }
        })
    }
}

/// When the YAML line at `location` is `key: #…`, the `#` made the rest a
/// comment and the value empty: the fix, with the value quoted.
fn yaml_comment_value(file: &SourceFile, location: &Location) -> Option<String> {
    let start = location.range.as_ref()?.start;
    let line_start = file.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = file.text[start..]
        .find('\n')
        .map_or(file.text.len(), |i| start + i);
    let line = &file.text[line_start..line_end];
    let (key, value) = line.split_once(':')?;
    let value = value.trim();
    if !value.starts_with('#') {
        return None;
    }
    let key = key.trim().trim_start_matches("- ");
    let what = if key.contains("color") || key.contains("colour") {
        "the colour"
    } else {
        "the value"
    };
    Some(format!(
        "`#` starts a YAML comment, so `{key}` is empty: quote {what}, like `{key}: \"{value}\"`"
    ))
}

/// Which format `raw` (the text between the fences) looks written in:
/// TOML when its keys are set with `=`, YAML when with `:`.
fn looks_like(raw: &str) -> Option<Format> {
    let (mut toml, mut yaml) = (0, 0);
    for line in raw.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key_end = line
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '"'))
            .unwrap_or(line.len());
        let rest = line[key_end..].trim_start();
        if line.starts_with('[') || (key_end > 0 && rest.starts_with('=')) {
            toml += 1;
        } else if line.starts_with("- ") || (key_end > 0 && rest.starts_with(':')) {
            yaml += 1;
        }
    }
    match (toml, yaml) {
        (t, y) if t > y => Some(Format::Toml),
        (t, y) if y > t => Some(Format::Yaml),
        _ => None,
    }
}

/// One step of a path into the front matter data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A path of keys, e.g. `key(&["points", "node"])`.
pub fn key_path(keys: &[&str]) -> Vec<PathSegment> {
    keys.iter()
        .map(|k| PathSegment::Key(k.to_string()))
        .collect()
}

fn segments(path: &serde_path_to_error::Path) -> Vec<PathSegment> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Map { key } => Some(PathSegment::Key(key.clone())),
            Segment::Seq { index } => Some(PathSegment::Index(*index)),
            Segment::Enum { variant } => Some(PathSegment::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
}

fn display_path(path: &[PathSegment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            PathSegment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            PathSegment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Splits off and parses the front matter of `file`. `Ok(None)` when the
/// file has none.
pub fn parse(file: &Arc<SourceFile>) -> Result<Option<FrontMatter>, Diagnostic> {
    let text = file.text.as_str();
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let format = match text[start..first_line_end].trim_end() {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => return fence_not_first(file, start),
    };
    let content_start = (first_line_end + 1).min(text.len());
    let mut offset = content_start;
    let mut closing = None;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        if text[offset..end].trim_end() == format.fence() {
            closing = Some((offset, (end + 1).min(text.len())));
            break;
        }
        offset = end + 1;
    }
    let Some((content_end, body_offset)) = closing else {
        return Err(Diagnostic::error(Problem::UnclosedFrontMatter {
            fence: format.fence(),
        })
        .at(Location::span(file, start..start + 3)));
    };
    let range = content_start..content_end;
    let raw = &text[range.clone()];
    // TOML between `---` or YAML between `+++`: say to swap the fences.
    let other_fence = |diagnostic: Diagnostic| {
        match looks_like(raw) {
        Some(written) if written != format => diagnostic.with_note(format!(
            "this front matter is written in {}, which goes between `{}` lines: change both `{}` fences to `{}`",
            written.name(),
            written.fence(),
            format.fence(),
            written.fence()
        )),
        _ => diagnostic,
    }
    };
    let value = match format {
        Format::Toml => parse_toml(raw).map_err(|(message, span)| {
            other_fence(syntax_error(
                file,
                format,
                message,
                span.map(|s| s.start + range.start..s.end + range.start),
            ))
        })?,
        Format::Yaml => parse_yaml(raw).map_err(|(message, at)| {
            other_fence(syntax_error(
                file,
                format,
                message,
                at.map(|i| i + range.start..i + range.start + 1),
            ))
        })?,
    };
    let value = match value {
        Value::Null => Value::Object(Default::default()),
        Value::Object(map) => Value::Object(map),
        _ => {
            return Err(other_fence(syntax_error(
                file,
                format,
                "front matter must be a table of keys and values".to_string(),
                Some(range.clone()),
            )));
        }
    };
    Ok(Some(FrontMatter {
        format,
        value,
        range,
        body_offset,
    }))
}

/// A file whose first line is not a fence: fine when it has no front
/// matter at all, an error at the fence when blank lines come before it.
fn fence_not_first(
    file: &Arc<SourceFile>,
    start: usize,
) -> Result<Option<FrontMatter>, Diagnostic> {
    let text = file.text.as_str();
    let blank = text[start..].len()
        - text[start..]
            .trim_start_matches(['\n', '\r', ' ', '\t'])
            .len();
    if blank == 0 {
        return Ok(None);
    }
    let fence_at = start + blank;
    let line = text[fence_at..].lines().next().unwrap_or("").trim_end();
    let fence = match line {
        "+++" => Format::Toml.fence(),
        "---" => Format::Yaml.fence(),
        _ => return Ok(None),
    };
    let lines = text[start..fence_at].matches('\n').count();
    let what = match (start > 0, lines) {
        (true, _) => "a byte order mark and a blank line come".to_string(),
        (false, 1) => "a blank line comes".to_string(),
        (false, n) => format!("{n} blank lines come"),
    };
    Err(Diagnostic::error(Problem::FenceNotFirst { what, fence })
        .at(Location::span(file, fence_at..fence_at + 3)))
}

fn syntax_error(
    file: &Arc<SourceFile>,
    format: Format,
    message: String,
    span: Option<Range<usize>>,
) -> Diagnostic {
    Diagnostic::error(Problem::FrontMatterSyntax {
        format: format.name(),
        message,
    })
    .at(match span {
        Some(span) => Location::span(file, span),
        None => Location::span(file, 0..3),
    })
}

fn parse_toml(raw: &str) -> Result<Value, (String, Option<Range<usize>>)> {
    let table: toml::Table =
        toml::from_str(raw).map_err(|e| (e.message().trim().to_string(), e.span()))?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

fn parse_yaml(raw: &str) -> Result<Value, (String, Option<usize>)> {
    if raw.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_norway::from_str::<Value>(raw).map_err(|e| {
        let at = e.location().map(|l| l.index());
        // The location is reported separately; drop serde_norway's copy.
        let message = e.to_string();
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        (message, at)
    })
}

/// TOML has dates; JSON does not. Dates become their TOML text.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Finds the line that writes the key at `path`, in TOML or YAML, within
/// `range` of `text`. Returns the range from the key to the end of its line.
pub fn locate(text: &str, range: Range<usize>, path: &[PathSegment]) -> Option<Range<usize>> {
    let lines: Vec<(usize, &str)> = {
        let mut offset = range.start;
        text[range.clone()]
            .split_inclusive('\n')
            .map(|line| {
                let start = offset;
                offset += line.len();
                (start, line.trim_end_matches(['\n', '\r']))
            })
            .collect()
    };
    let mut from = 0;
    let mut found: Option<Range<usize>> = None;
    let mut parent_key: Option<&str> = None;
    for segment in path {
        match segment {
            PathSegment::Key(key) => {
                let hit = lines
                    .iter()
                    .enumerate()
                    .skip(from)
                    .find_map(|(i, (start, line))| {
                        key_on_line(line, key).map(|col| (i, start + col, start + line.len()))
                    });
                if let Some((i, key_start, line_end)) = hit {
                    from = i + 1;
                    found = Some(key_start..line_end);
                }
                parent_key = Some(key.as_str());
            }
            PathSegment::Index(n) => {
                let parent = parent_key?;
                let header = format!("[[{parent}]]");
                let mut indent = None;
                // The parent's own line may be the first `[[parent]]` header.
                let hit = lines
                    .iter()
                    .enumerate()
                    .skip(from.saturating_sub(1))
                    .filter(|(_, (_, line))| {
                        let trimmed = line.trim_start();
                        if trimmed.starts_with(&header) {
                            return true;
                        }
                        if trimmed.starts_with("- ") || trimmed == "-" {
                            let this = line.len() - trimmed.len();
                            return *indent.get_or_insert(this) == this;
                        }
                        false
                    })
                    .nth(*n);
                if let Some((i, (start, line))) = hit {
                    from = i + 1;
                    let lead = line.len() - line.trim_start().len();
                    found = Some(start + lead..start + line.len());
                }
            }
        }
    }
    found
}

/// The column where `key` is written as a key on `line`, if it is.
fn key_on_line(line: &str, key: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let trimmed_no_dash = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let lead = lead + (trimmed.len() - trimmed_no_dash.len());
    // TOML table headers: [key], [parent.key], [[key]].
    if let Some(header) = trimmed_no_dash.strip_prefix('[') {
        let header = header.trim_start_matches('[');
        let name = header.split(']').next()?.trim();
        if name.rsplit('.').next().map(|s| s.trim().trim_matches('"')) == Some(key) {
            return Some(lead);
        }
        return None;
    }
    for quoted in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
        if let Some(rest) = trimmed_no_dash.strip_prefix(&quoted) {
            let rest = rest.trim_start();
            if rest.starts_with('=') || rest.starts_with(':') {
                return Some(lead);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile::new("a.md", "a.md", text))
    }

    #[test]
    fn toml_and_yaml_give_the_same_value() {
        let toml = parse(&file(
            "+++\ntitle = \"A\"\ndate = 2026-11-26\n[points]\nnode = 1\n+++\nBody",
        ))
        .unwrap()
        .unwrap();
        let yaml = parse(&file(
            "---\ntitle: A\ndate: 2026-11-26\npoints:\n  node: 1\n---\nBody",
        ))
        .unwrap()
        .unwrap();
        assert_eq!(toml.value, yaml.value);
        assert_eq!(toml.value["date"], "2026-11-26");
    }

    #[test]
    fn the_body_starts_after_the_closing_fence() {
        let f = file("+++\ntitle = \"A\"\n+++\nBody text");
        let fm = parse(&f).unwrap().unwrap();
        assert_eq!(&f.text[fm.body_offset..], "Body text");
    }

    #[test]
    fn no_fence_means_no_front_matter() {
        assert!(parse(&file("# Just Markdown\n")).unwrap().is_none());
    }

    #[test]
    fn an_unclosed_fence_is_an_error_on_line_one() {
        let err = parse(&file("+++\ntitle = \"A\"\n")).unwrap_err();
        assert!(matches!(*err.problem, Problem::UnclosedFrontMatter { .. }));
        assert_eq!(err.position().unwrap(), "a.md:1:1");
    }

    #[test]
    fn toml_syntax_errors_point_into_the_file() {
        let err = parse(&file("+++\ntitle = \"A\"\nsummary = \n+++\n")).unwrap_err();
        assert!(
            err.position().unwrap().starts_with("a.md:3:"),
            "{}",
            err.position().unwrap()
        );
    }

    #[test]
    fn yaml_syntax_errors_point_into_the_file() {
        let err = parse(&file("---\ntitle: A\npoints: [1, 2\n---\n")).unwrap_err();
        let position = err.position().unwrap();
        assert!(
            position.starts_with("a.md:3") || position.starts_with("a.md:4"),
            "{position}"
        );
    }

    #[test]
    fn locate_finds_nested_keys_and_array_items() {
        // Table-driven: (front matter, path, expected line)
        let cases: &[(&str, Vec<PathSegment>, usize)] = &[
            (
                "+++\ntitle = \"A\"\n[points]\nnode = 1\npython = -1\n+++\n",
                key_path(&["points", "python"]),
                5,
            ),
            (
                "---\ntitle: A\npoints:\n  node: 1\n  python: -1\n---\n",
                key_path(&["points", "python"]),
                5,
            ),
            (
                "+++\n[[contenders]]\nid = \"a\"\n[[contenders]]\nid = \"b\"\n+++\n",
                vec![
                    PathSegment::Key("contenders".into()),
                    PathSegment::Index(1),
                    PathSegment::Key("id".into()),
                ],
                5,
            ),
            (
                "---\ncontenders:\n  - id: a\n    name: A\n  - id: b\n---\n",
                vec![
                    PathSegment::Key("contenders".into()),
                    PathSegment::Index(1),
                    PathSegment::Key("id".into()),
                ],
                5,
            ),
        ];
        for (text, path, line) in cases {
            let f = file(text);
            let fm = parse(&f).unwrap().unwrap();
            let range = fm
                .locate(&f, path)
                .unwrap_or_else(|| panic!("not found in {text}"));
            assert_eq!(f.line_col(range.start).0, *line, "{text}");
        }
    }

    #[test]
    fn a_misfitting_field_names_its_path_and_line() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            title: String,
        }
        let f = file("+++\ntitle = \"A\"\ntitel = \"B\"\n+++\n");
        let fm = parse(&f).unwrap().unwrap();
        let err = fm.deserialize::<T>(&f).unwrap_err();
        assert_eq!(err.position().unwrap(), "a.md:3:1");
    }
}
