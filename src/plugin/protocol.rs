//! The JSON that versus and an external plugin exchange.
//!
//! An external plugin is one process for the life of a build (or of
//! `versus serve`). For each hook call versus writes one [`Request`] as a
//! single line of JSON to its standard input, and reads one [`Response`],
//! a single line of JSON, from its standard output; then the next. The JSON Schema of both
//! (`versus plugin-schema`, also in `docs/plugin-protocol.schema.json`) is
//! generated from these types, so it cannot drift from the code.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Hook;
use crate::model::{Report, Scoreboard};
use crate::plugin::ReportEdit;

/// The protocol version. versus refuses answers of another version, and
/// plugins should refuse requests of a version they do not know.
///
/// Version 3: a criterion's `html` is its prose alone; its samples are
/// drawn by versus where the prose says, and plugins add notes beside a
/// sample's file name (`sample_notes`) instead of editing the samples'
/// HTML.
pub const PROTOCOL_VERSION: u32 = 3;

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
    /// The introduction as HTML.
    pub intro_html: String,
    /// The conclusion as HTML, if any.
    pub conclusion_html: Option<String>,
    /// The criteria, in order.
    pub criteria: Vec<CriterionData>,
    /// The score, once the `scoreboard` plugin has run: contenders and
    /// criteria by index, in the order of `contenders` and `criteria`.
    pub score: Option<Scoreboard>,
    /// The infographic, once the `infographic` plugin has run.
    pub infographic: Option<FigureData>,
    /// Plugins' own results, by key.
    pub data: Map<String, Value>,
}

/// Where an image of a report is, and its size (the image itself is in the
/// output, not in the request).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureData {
    /// Its URL, root-relative.
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
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
    /// The prose as HTML. The samples and the chart are not in it: versus
    /// draws them where the prose has `<!-- versus:samples -->` and
    /// `<!-- versus:chart -->`, or after it.
    pub html: String,
    /// The criterion's own samples.
    pub samples: Vec<SampleData>,
    /// Plugins' own results, by key.
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
    /// The notes shown beside its file name so far, by plugins that ran
    /// before (empty before the `samples` plugin has drawn the samples).
    pub notes: Vec<String>,
}

/// A rendered page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageData {
    /// Path under the output folder.
    pub path: String,
    /// The HTML.
    pub html: String,
}

/// What a plugin answers. Every field but `protocol` may be left out, and
/// each hook may answer only its own field (`reports`, `pages` or `files`).
/// An answer names only what a hook may change: there is no way to write
/// points, titles, scores or the infographic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Must be [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// `reports` hook: changes to reports it was sent, by slug. Reports left
    /// out stay as they are.
    #[serde(default)]
    pub reports: Vec<ReportChange>,
    /// `pages` hook: new HTML for pages it was sent, by path. Pages left out
    /// stay as they are.
    #[serde(default)]
    pub pages: Vec<PageData>,
    /// `output` hook: files to add.
    #[serde(default)]
    pub files: Vec<FileData>,
    /// Warnings and errors, printed and counted like versus's own.
    #[serde(default)]
    pub diagnostics: Vec<DiagnosticData>,
}

/// What a `reports` hook changes in one report: its prose HTML and its own
/// `data` entries. Fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportChange {
    /// The report's slug, as sent.
    pub slug: String,
    /// New HTML of the introduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro_html: Option<String>,
    /// New HTML of the conclusion (ignored when the report has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion_html: Option<String>,
    /// Entries to set in the report's `data`, by key.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub data: Map<String, Value>,
    /// Changes to criteria, by slug.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<CriterionChange>,
}

/// What a `reports` hook changes in one criterion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionChange {
    /// The criterion's slug, as sent.
    pub slug: String,
    /// New HTML of its prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// HTML to put before its prose (after `html` replaced it, if both are
    /// given): a note or a badge without sending the whole body back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepend_html: Option<String>,
    /// HTML to put after its prose (before the samples, when they come
    /// after the prose).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub append_html: Option<String>,
    /// Notes to show beside the file names of its samples, as plain text
    /// (versus escapes them): "Compiles (checked with node --check)". They
    /// need the `samples` plugin to have run first; a note for a contender
    /// without a drawn sample is an error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sample_notes: Vec<SampleNote>,
    /// Entries to set in the criterion's `data`, by key.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub data: Map<String, Value>,
}

/// A note beside one sample's file name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SampleNote {
    /// The contender whose sample it is.
    pub contender: String,
    /// The note, plain text.
    pub text: String,
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
        "description": format!("Version {PROTOCOL_VERSION}. For each hook call, versus writes a Request as one line of JSON to the plugin's standard input and reads a Response, one line of JSON, from its standard output."),
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
                        notes: c
                            .pair
                            .as_ref()
                            .and_then(|pair| pair.figure(&s.contender))
                            .map(|figure| figure.notes.clone())
                            .unwrap_or_default(),
                    })
                    .collect(),
                data: c.data.clone(),
            })
            .collect(),
        score: report.score.clone(),
        infographic: report.infographic.as_ref().map(|f| FigureData {
            url: f.url.clone(),
            width: f.width,
            height: f.height,
        }),
        data: report.data.clone(),
    }
}

/// Applies a `reports` hook's changes to the reports it was sent. An
/// unknown slug is an error that names it.
pub fn apply_report_changes(
    reports: &mut [ReportEdit<'_>],
    changes: Vec<ReportChange>,
) -> Result<(), String> {
    for change in changes {
        let Some(report) = reports.iter_mut().find(|r| r.slug == change.slug) else {
            return Err(format!(
                "answered a change to report `{}`, which it was not sent",
                change.slug
            ));
        };
        if let Some(html) = change.intro_html {
            *report.intro_html() = html;
        }
        if let (Some(conclusion), Some(html)) = (report.conclusion_html(), change.conclusion_html) {
            *conclusion = html;
        }
        report.data().extend(change.data);
        let slug = report.slug.clone();
        for criterion_change in change.criteria {
            let Some(mut criterion) = report.criteria().find(|c| c.slug == criterion_change.slug)
            else {
                return Err(format!(
                    "answered a change to criterion `{}` of report `{}`, which has no such criterion",
                    criterion_change.slug, slug
                ));
            };
            if let Some(html) = criterion_change.html {
                *criterion.html() = html;
            }
            if let Some(before) = criterion_change.prepend_html {
                criterion.html().insert_str(0, &before);
            }
            if let Some(after) = criterion_change.append_html {
                criterion.html().push_str(&after);
            }
            for note in criterion_change.sample_notes {
                let figure = criterion
                    .pair()
                    .and_then(|pair| pair.figure_mut(&note.contender));
                let Some(figure) = figure else {
                    return Err(format!(
                        "answered a note for the sample of `{}` in criterion `{}` of report `{}`, which has no drawn sample of that contender (run the plugin after `samples`)",
                        note.contender, criterion_change.slug, slug
                    ));
                };
                figure.notes.push(note.text);
            }
            criterion.data().extend(criterion_change.data);
        }
    }
    Ok(())
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
            score: None,
            infographic: None,
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
    fn an_answer_can_change_html_and_data_but_cannot_express_points() {
        let answer = r#"{"protocol": 3, "reports": [{"slug": "r", "criteria": [{"slug": "speed", "html": "<p>x</p>", "data": {"words": 2}}]}]}"#;
        let response: Response = serde_json::from_str(answer).unwrap();
        assert_eq!(response.reports[0].criteria[0].data["words"], 2);
        for field in [
            r#""points": {"a": 5}"#,
            r#""title": "T""#,
            r#""score": null"#,
        ] {
            let answer = format!(r#"{{"protocol": 3, "reports": [{{"slug": "r", {field}}}]}}"#);
            let error = serde_json::from_str::<Response>(&answer)
                .unwrap_err()
                .to_string();
            let name = field.split('"').nth(1).unwrap();
            assert!(
                error.contains(&format!("unknown field `{name}`")),
                "{error}"
            );
        }
    }

    #[test]
    fn the_schema_describes_both_messages() {
        let schema = schema();
        let response = &schema["$defs"]["Response"];
        assert!(schema["$defs"]["Request"].is_object() && response.is_object());
        // Every field an answer can hold, at any depth.
        fn fields(value: &Value, into: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::Object(properties)) = map.get("properties") {
                        into.extend(properties.keys().cloned());
                    }
                    map.values().for_each(|v| fields(v, into));
                }
                Value::Array(items) => items.iter().for_each(|v| fields(v, into)),
                _ => {}
            }
        }
        let mut answerable = Vec::new();
        fields(response, &mut answerable);
        answerable.sort();
        answerable.dedup();
        assert_eq!(
            answerable,
            [
                "append_html",
                "column",
                "conclusion_html",
                "contender",
                "criteria",
                "data",
                "diagnostics",
                "file",
                "files",
                "help",
                "html",
                "intro_html",
                "line",
                "message",
                "pages",
                "path",
                "prepend_html",
                "protocol",
                "reports",
                "sample_notes",
                "severity",
                "slug",
                "text"
            ],
            "an answer can change HTML, data and files, never points, titles or scores"
        );
    }
}
