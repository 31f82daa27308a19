//! The JSON that versus and an external plugin exchange.
//!
//! versus writes one [`Request`] to the plugin's standard input and reads one
//! [`Response`] from its standard output. The JSON Schema of both
//! (`versus plugin-schema`, also in `docs/plugin-protocol.schema.json`) is
//! generated from these types, so it cannot drift from the code.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Hook;
use crate::model::Report;

/// The protocol version. versus refuses answers of another version, and
/// plugins should refuse requests of a version they do not know.
pub const PROTOCOL_VERSION: u32 = 1;

/// What versus sends to a plugin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Request {
    /// Always [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// Which hook is being run.
    pub hook: Hook,
    /// The plugin's name in `versus.toml`.
    pub plugin: String,
    /// The plugin's `[plugins.<name>.options]` table.
    pub options: Map<String, Value>,
    /// The site configuration.
    pub site: SiteData,
    /// `reports` and `output` hooks: the reports (for `reports`, only those
    /// that changed since the last run).
    #[serde(default)]
    pub reports: Vec<ReportData>,
    /// `pages` hook: the pages that changed.
    #[serde(default)]
    pub pages: Vec<PageData>,
    /// `output` hook: every path already in the output.
    #[serde(default)]
    pub paths: Vec<String>,
}

/// The site configuration, as plugins see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SiteData {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Absolute base URL, ending with `/`.
    pub base_url: String,
    /// Page language.
    pub language: String,
}

/// A report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportData {
    /// Folder name and URL path.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `index.md`, relative to the site folder.
    pub source: String,
    /// The contenders.
    pub contenders: Vec<ContenderData>,
    /// The introduction as Markdown.
    pub intro_markdown: String,
    /// The introduction as HTML. May be changed by `reports`.
    pub intro_html: String,
    /// The conclusion as HTML, if any. May be changed by `reports`.
    pub conclusion_html: Option<String>,
    /// The criteria, in order.
    pub criteria: Vec<CriterionData>,
    /// Plugin data (e.g. `scoreboard`). May be changed by `reports`.
    pub data: Map<String, Value>,
}

/// A contender.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContenderData {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// Logo path as written, if any.
    pub logo: Option<String>,
    /// Label → text, in order.
    pub facts: IndexMap<String, String>,
}

/// A criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionData {
    /// Anchor.
    pub slug: String,
    /// Heading.
    pub title: String,
    /// One line.
    pub summary: String,
    /// Contender id → points.
    pub points: IndexMap<String, u32>,
    /// The Markdown file, relative to the site folder.
    pub source: String,
    /// 1-based line where the Markdown body starts in `source`.
    pub body_line: usize,
    /// The prose as Markdown.
    pub markdown: String,
    /// The prose (and samples) as HTML. May be changed by `reports`.
    pub html: String,
    /// The criterion's own samples.
    pub samples: Vec<SampleData>,
    /// Plugin data. May be changed by `reports`.
    pub data: Map<String, Value>,
}

/// A code sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SampleData {
    /// The contender it belongs to.
    pub contender: String,
    /// The file, relative to the site folder.
    pub path: String,
    /// Its language: the file extension.
    pub language: String,
    /// The code.
    pub code: String,
}

/// A rendered page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageData {
    /// Path under the output folder.
    pub path: String,
    /// The HTML. May be changed by `pages`.
    pub html: String,
}

/// What a plugin answers. Every field but `protocol` may be left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Must be [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// `reports` hook: the reports, changed. Same reports, same order; only
    /// the fields documented as changeable may differ.
    #[serde(default)]
    pub reports: Option<Vec<ReportData>>,
    /// `pages` hook: the pages, changed. Same paths, same order.
    #[serde(default)]
    pub pages: Option<Vec<PageData>>,
    /// `output` hook: files to add.
    #[serde(default)]
    pub files: Vec<FileData>,
    /// Warnings and errors, printed and counted like versus's own.
    #[serde(default)]
    pub diagnostics: Vec<DiagnosticData>,
}

/// A file a plugin adds to the output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileData {
    /// Path under the output folder: relative, no `..`.
    pub path: String,
    /// UTF-8 content.
    pub text: String,
}

/// A problem a plugin reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticData {
    /// `error` fails the build; `warning` does not.
    pub severity: SeverityData,
    /// What is wrong.
    pub message: String,
    /// The file, relative to the site folder.
    #[serde(default)]
    pub file: Option<String>,
    /// 1-based line in `file`.
    #[serde(default)]
    pub line: Option<usize>,
    /// 1-based column in `line`.
    #[serde(default)]
    pub column: Option<usize>,
    /// How to fix it.
    #[serde(default)]
    pub help: Option<String>,
}

/// Error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeverityData {
    /// Fails the build.
    Error,
    /// Printed only.
    Warning,
}

/// The schema of the whole protocol: request and response.
pub fn schema() -> Value {
    let request = schemars::schema_for!(Request);
    let response = schemars::schema_for!(Response);
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "versus plugin protocol",
        "description": format!("Version {PROTOCOL_VERSION}. versus writes a Request to the plugin's standard input and reads a Response from its standard output."),
        "$defs": {
            "Request": request,
            "Response": response,
        }
    })
}

/// The model of a report as plugins see it.
pub fn report_data(root: &std::path::Path, report: &Report) -> ReportData {
    let relative = |path: &std::path::Path| crate::source::display_path(root, path);
    ReportData {
        slug: report.slug.clone(),
        title: report.title.clone(),
        description: report.description.clone(),
        date: report.date.clone(),
        source: report.intro.file.display.clone(),
        contenders: report
            .contenders
            .iter()
            .map(|c| ContenderData {
                id: c.id.clone(),
                name: c.name.clone(),
                color: c.color.clone(),
                logo: c.logo.clone(),
                facts: c.facts.clone(),
            })
            .collect(),
        intro_markdown: report.intro.text().to_string(),
        intro_html: report.intro.html.clone(),
        conclusion_html: report.conclusion.as_ref().map(|c| c.body.html.clone()),
        criteria: report
            .criteria
            .iter()
            .map(|c| CriterionData {
                slug: c.slug.clone(),
                title: c.title.clone(),
                summary: c.summary.clone(),
                points: c.points.clone(),
                source: c.body.file.display.clone(),
                body_line: c.body.file.line_col(c.body.offset).0,
                markdown: c.body.text().to_string(),
                html: c.body.html.clone(),
                samples: c
                    .samples
                    .iter()
                    .map(|s| SampleData {
                        contender: s.contender.clone(),
                        path: relative(&s.file.path),
                        language: s.language.clone(),
                        code: s.file.text.clone(),
                    })
                    .collect(),
                data: c.data.clone(),
            })
            .collect(),
        data: report.data.clone(),
    }
}

/// Copies what a `reports` hook may change back into the model.
pub fn apply_report_data(report: &mut Report, data: ReportData) {
    report.intro.html = data.intro_html;
    if let (Some(conclusion), Some(html)) = (report.conclusion.as_mut(), data.conclusion_html) {
        conclusion.body.html = html;
    }
    for (criterion, changed) in report.criteria.iter_mut().zip(data.criteria) {
        criterion.body.html = changed.html;
        criterion.data = changed.data;
    }
    report.data = data.data;
}

/// The first field, by JSON path, where a plugin changed something it may
/// not: `None` when it kept to the changeable fields.
pub fn forbidden_change(before: &ReportData, after: &ReportData) -> Option<String> {
    let frozen = |report: &ReportData| {
        let mut report = report.clone();
        report.intro_html.clear();
        report.conclusion_html = report.conclusion_html.map(|_| String::new());
        report.data.clear();
        for criterion in &mut report.criteria {
            criterion.html.clear();
            criterion.data.clear();
        }
        serde_json::to_value(report).unwrap_or(Value::Null)
    };
    first_difference(&frozen(before), &frozen(after), String::new())
}

fn first_difference(a: &Value, b: &Value, path: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match y.get(key) {
                    Some(other) => {
                        if let Some(found) = first_difference(value, other, here) {
                            return Some(found);
                        }
                    }
                    None => return Some(here),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{path}.{k}"))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path} (had {} items, now {})", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (p, q))| first_difference(p, q, format!("{path}[{i}]")))
        }
        _ if a == b => None,
        _ => Some(if path.is_empty() {
            "the answer".to_string()
        } else {
            path
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> ReportData {
        ReportData {
            slug: "r".into(),
            title: "R".into(),
            description: "d".into(),
            date: "2026-01-01".into(),
            source: "content/r/index.md".into(),
            contenders: vec![],
            intro_markdown: "Hi".into(),
            intro_html: "<p>Hi</p>".into(),
            conclusion_html: None,
            criteria: vec![CriterionData {
                slug: "speed".into(),
                title: "Speed".into(),
                summary: "s".into(),
                points: IndexMap::from([("a".to_string(), 1)]),
                source: "content/r/01-speed.md".into(),
                body_line: 6,
                markdown: "x".into(),
                html: "<p>x</p>".into(),
                samples: vec![],
                data: Map::new(),
            }],
            data: Map::new(),
        }
    }

    #[test]
    fn requests_round_trip_through_json() {
        let request = Request {
            protocol: PROTOCOL_VERSION,
            hook: Hook::Reports,
            plugin: "p".into(),
            options: Map::new(),
            site: SiteData {
                title: "t".into(),
                description: "d".into(),
                base_url: "https://example.org/".into(),
                language: "en".into(),
            },
            reports: vec![report()],
            pages: vec![],
            paths: vec![],
        };
        let text = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<Request>(&text).unwrap(), request);
    }

    #[test]
    fn html_and_data_may_change_but_points_may_not() {
        let before = report();
        let mut after = before.clone();
        after.criteria[0].html.push_str("<p>2 min read</p>");
        after.criteria[0]
            .data
            .insert("words".into(), Value::from(2));
        assert_eq!(forbidden_change(&before, &after), None);
        after.criteria[0].points.insert("a".into(), 5);
        assert_eq!(
            forbidden_change(&before, &after).as_deref(),
            Some("criteria[0].points.a")
        );
    }

    #[test]
    fn the_schema_describes_both_messages() {
        let schema = schema().to_string();
        assert!(schema.contains("\"Request\"") && schema.contains("\"Response\""));
        assert!(schema.contains("diagnostics"));
    }
}
