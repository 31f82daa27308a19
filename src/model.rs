//! The site model: what an author wrote, once loaded and checked.
//!
//! One type per concept: a site (kept by [`crate::project::Project`]) holds
//! [`Report`]s; a report has [`Contender`]s and [`Criterion`]s; a criterion
//! may have [`Sample`]s. The transform stage fills in the rendered HTML of
//! each [`Markdown`] body; plugins add the [`Scoreboard`], the infographic
//! ([`Figure`]) and their own `data`.

use std::path::PathBuf;
use std::sync::Arc;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::SourceFile;

/// One comparison report: `content/<slug>/`.
#[derive(Debug, Clone)]
pub struct Report {
    /// The folder name, also the URL path.
    pub slug: String,
    /// The report folder.
    pub dir: PathBuf,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub description: String,
    /// When the facts were checked, `YYYY-MM-DD`.
    pub date: String,
    /// The contenders, in display order.
    pub contenders: Vec<Contender>,
    /// The introduction: the body of `index.md`.
    pub intro: Markdown,
    /// Closing words from `conclusion.md`.
    pub conclusion: Option<Conclusion>,
    /// The criteria, in order.
    pub criteria: Vec<Criterion>,
    /// Free-form data for themes and plugins, from front matter.
    pub extra: serde_json::Value,
    /// The score, once the `scoreboard` plugin has added up the points.
    /// Only versus computes it: no plugin answer can express a change to it.
    pub score: Option<Scoreboard>,
    /// The infographic, once the `infographic` plugin has drawn it.
    pub infographic: Option<Figure>,
    /// The social card (`og:image`), drawn with the infographic when the
    /// theme has fonts to draw it with.
    pub social_image: Option<Figure>,
    /// Plugins' own results, free-form, by plugin key. Themes escape what
    /// they show of it.
    pub data: serde_json::Map<String, serde_json::Value>,
}

impl Report {
    /// The contender with this id.
    pub fn contender(&self, id: &str) -> Option<&Contender> {
        self.contenders.iter().find(|c| c.id == id)
    }
}

/// One technology being compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contender {
    /// Short id used in points and sample file names.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Brand colour, `#rrggbb`.
    pub color: String,
    /// Logo URL path, if any.
    pub logo: Option<String>,
    /// Label → text, in the order written.
    pub facts: IndexMap<String, String>,
    /// How its samples run (`run = ["node", "{file}"]`), if it says.
    pub run: Option<crate::evidence::RuntimeCommand>,
}

/// One criterion of a report.
#[derive(Debug, Clone)]
pub struct Criterion {
    /// The anchor and URL fragment: the name without prefix and extension.
    pub slug: String,
    /// The file or folder name, for messages.
    pub name: String,
    /// Sort position, from `weight` or the numeric prefix.
    pub position: i64,
    /// Heading.
    pub title: String,
    /// One line saying what is measured.
    pub summary: String,
    /// Points per contender id; ids not listed scored 0.
    pub points: IndexMap<String, u32>,
    /// The prose.
    pub body: Markdown,
    /// One sample per contender, in contender order.
    pub samples: Vec<Sample>,
    /// Show line numbers on the samples.
    pub line_numbers: bool,
    /// Lines to highlight in each contender's sample.
    pub highlight: IndexMap<String, Vec<(usize, usize)>>,
    /// Free-form data for themes and plugins, from front matter.
    pub extra: serde_json::Value,
    /// Running, measuring and charting, from front matter.
    pub evidence: crate::evidence::Evidence,
    /// Plugins' own results, free-form, by plugin key.
    pub data: serde_json::Map<String, serde_json::Value>,
    /// The samples side by side, once the `samples` plugin has drawn them.
    /// Render places them where the prose says `<!-- versus:samples -->`,
    /// or after the prose.
    pub pair: Option<SamplePair>,
    /// The chart, once the `chart` plugin has drawn it. Render places it
    /// where the prose says `<!-- versus:chart -->`, or after the samples.
    pub chart_html: Option<String>,
}

impl Criterion {
    /// The points of a contender, 0 when unlisted.
    pub fn points_of(&self, id: &str) -> u32 {
        self.points.get(id).copied().unwrap_or(0)
    }
}

/// The closing words of a report.
#[derive(Debug, Clone)]
pub struct Conclusion {
    /// Heading.
    pub title: String,
    /// The prose.
    pub body: Markdown,
}

/// A Markdown body: where it is in its file, and its HTML once rendered.
#[derive(Debug, Clone)]
pub struct Markdown {
    /// The file the body comes from.
    pub file: Arc<SourceFile>,
    /// Byte offset of the body in the file (after the front matter).
    pub offset: usize,
    /// Rendered HTML, filled by the transform stage.
    pub html: String,
}

impl Markdown {
    /// The Markdown text.
    pub fn text(&self) -> &str {
        &self.file.text[self.offset..]
    }
}

/// A source file shown as code for one contender.
#[derive(Debug, Clone)]
pub struct Sample {
    /// The contender it belongs to.
    pub contender: String,
    /// The file.
    pub file: Arc<SourceFile>,
    /// Language token: the file's extension.
    pub language: String,
    /// The language the criterion's `language` table names for it, which
    /// overrides what the file says.
    pub explicit_language: Option<String>,
    /// `<contender id>.out` beside it: the output it must print.
    pub expected: Option<PathBuf>,
}

/// A group of samples drawn side by side: a criterion's own samples (its
/// [`Criterion::pair`]), or the files of an include marker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SamplePair {
    /// One figure per sample, in contender order.
    pub figures: Vec<SampleFigure>,
}

impl SamplePair {
    /// The figure of a contender's sample.
    pub fn figure(&self, contender: &str) -> Option<&SampleFigure> {
        self.figures
            .iter()
            .find(|f| f.contender.as_deref() == Some(contender))
    }

    /// The figure of a contender's sample, to add to.
    pub fn figure_mut(&mut self, contender: &str) -> Option<&mut SampleFigure> {
        self.figures
            .iter_mut()
            .find(|f| f.contender.as_deref() == Some(contender))
    }
}

/// One sample as drawn: what its caption says, its highlighted code, and
/// what plugins add to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleFigure {
    /// The contender it belongs to, when its name says so.
    pub contender: Option<String>,
    /// Heading: the contender's name, or the file name.
    pub title: String,
    /// The language's id (`javascript`), for styling.
    pub language_id: String,
    /// The language's proper name (`JavaScript`).
    pub language_label: String,
    /// The file name shown (`node.js`, `samples/a.py:3-9`).
    pub file_label: String,
    /// The highlighted code: a `<pre class="vs-code">` block.
    pub code_html: String,
    /// Short notes beside the file name, as plain text ("Compiles, checked
    /// with node --check"): plugins add them, render escapes them.
    pub notes: Vec<String>,
    /// The output panel under the code, once the `run` plugin has run it.
    pub output_html: Option<String>,
}

/// The computed score of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Scoreboard {
    /// One row per criterion, in order.
    pub rows: Vec<ScoreRow>,
    /// Final totals, in contender order.
    pub totals: Vec<u32>,
    /// Who won.
    pub verdict: Verdict,
}

/// The score of one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreRow {
    /// Points per contender, in contender order.
    pub points: Vec<u32>,
    /// Indexes of the contenders with the most points, if any scored.
    pub winners: Vec<usize>,
    /// Totals after this criterion, in contender order.
    pub running: Vec<u32>,
}

/// The outcome of the whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Verdict {
    /// One contender has the most points.
    Win {
        /// Its index.
        winner: usize,
    },
    /// Several share the top score (all of them when nobody scored).
    Tie {
        /// Their indexes.
        winners: Vec<usize>,
    },
}

impl Verdict {
    /// Indexes of the winners.
    pub fn winners(&self) -> Vec<usize> {
        match self {
            Verdict::Win { winner } => vec![*winner],
            Verdict::Tie { winners } => winners.clone(),
        }
    }
}

/// A drawn image of a report (its infographic or social card) and where
/// the output has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The URL pages link it with: root-relative for the infographic,
    /// absolute for the social card.
    pub url: String,
    /// The SVG it is, or is drawn from.
    pub svg: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}
