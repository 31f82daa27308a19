//! What the `reports` hook may change of a report.
//!
//! A plugin sees each report through a [`ReportEdit`]: it reads the whole
//! report (through `Deref`), and the only things it can get mutably are the
//! HTML of the introduction, the criteria and the conclusion, and the
//! `data` maps. The points, the score, the verdict and the drawn figures are
//! the model's: no method hands them out mutably and no plugin outside
//! versus can reach the report itself, so a plugin in Rust can no more
//! change them than an external plugin's answer can express the change.
//!
//! What a plugin may do:
//!
//! ```
//! use versus::plugin::ReportEdit;
//!
//! fn allowed(report: &mut ReportEdit<'_>) {
//!     let tally = report.score.as_ref().map(|s| s.totals.len());
//!     let first_points = report.criteria.first().map(|c| c.points.len());
//!     report.data().insert("seen".into(), format!("{tally:?} {first_points:?}").into());
//!     report.intro_html().push_str("<p>Read this first.</p>");
//!     for mut criterion in report.criteria() {
//!         criterion.html().push_str("<p>Checked.</p>");
//!         criterion.data().insert("checked".into(), true.into());
//!     }
//! }
//! ```
//!
//! What it cannot, each of which is a compile error (each differs from the
//! example above by the one line that tries):
//!
//! ```compile_fail
//! fn cheat(report: &mut versus::plugin::ReportEdit<'_>) {
//!     report.score = None;
//! }
//! ```
//!
//! ```compile_fail
//! fn cheat(report: &mut versus::plugin::ReportEdit<'_>) {
//!     for criterion in report.criteria() {
//!         criterion.points.clear();
//!     }
//! }
//! ```
//!
//! ```compile_fail
//! fn cheat(report: &mut versus::plugin::ReportEdit<'_>) {
//!     report.infographic = None;
//! }
//! ```
//!
//! ```compile_fail
//! fn cheat(report: &mut versus::plugin::ReportEdit<'_>) {
//!     report.criteria.clear();
//! }
//! ```

use std::ops::Deref;

use serde_json::{Map, Value};

use crate::model::{Criterion, Report, SamplePair};

/// A report as the `reports` hook sees it: readable whole, writable only
/// in its HTML and `data`.
#[derive(Debug)]
pub struct ReportEdit<'a> {
    report: &'a mut Report,
}

impl<'a> ReportEdit<'a> {
    /// Gives plugins `report` to edit.
    pub(crate) fn new(report: &'a mut Report) -> Self {
        ReportEdit { report }
    }

    /// The report itself, for the built-in plugins that compute the score
    /// and draw the figures.
    pub(crate) fn model(&mut self) -> &mut Report {
        self.report
    }

    /// The introduction's HTML.
    pub fn intro_html(&mut self) -> &mut String {
        &mut self.report.intro.html
    }

    /// The conclusion's HTML, when the report has a `conclusion.md`.
    pub fn conclusion_html(&mut self) -> Option<&mut String> {
        self.report
            .conclusion
            .as_mut()
            .map(|conclusion| &mut conclusion.body.html)
    }

    /// Plugins' own results for the report, by plugin key. Themes escape
    /// what they show of it.
    pub fn data(&mut self) -> &mut Map<String, Value> {
        &mut self.report.data
    }

    /// The criterion at `index` (in report order), to change its HTML and
    /// `data`.
    pub fn criterion(&mut self, index: usize) -> Option<CriterionEdit<'_>> {
        self.report
            .criteria
            .get_mut(index)
            .map(|criterion| CriterionEdit { criterion })
    }

    /// Each criterion, in order, to change its HTML and `data`.
    pub fn criteria(&mut self) -> impl Iterator<Item = CriterionEdit<'_>> {
        self.report
            .criteria
            .iter_mut()
            .map(|criterion| CriterionEdit { criterion })
    }
}

impl Deref for ReportEdit<'_> {
    type Target = Report;

    fn deref(&self) -> &Report {
        self.report
    }
}

/// A criterion as the `reports` hook sees it: readable whole, writable
/// only in its HTML and `data`.
#[derive(Debug)]
pub struct CriterionEdit<'a> {
    criterion: &'a mut Criterion,
}

impl CriterionEdit<'_> {
    /// The criterion's prose as HTML. Its samples and chart are not in it:
    /// they are typed ([`CriterionEdit::pair`]) and render places them where
    /// the prose has `<!-- versus:samples -->` and `<!-- versus:chart -->`,
    /// or after it.
    pub fn html(&mut self) -> &mut String {
        &mut self.criterion.body.html
    }

    /// Plugins' own results for the criterion, by plugin key.
    pub fn data(&mut self) -> &mut Map<String, Value> {
        &mut self.criterion.data
    }

    /// Its samples as drawn side by side, once the `samples` plugin has
    /// drawn them: add a note beside a file name, or the output under it.
    pub fn pair(&mut self) -> Option<&mut SamplePair> {
        self.criterion.pair.as_mut()
    }

    /// Sets its samples as drawn side by side (the `samples` plugin's job).
    pub fn set_pair(&mut self, pair: SamplePair) {
        self.criterion.pair = Some(pair);
    }

    /// Sets its chart (the `chart` plugin's job).
    pub fn set_chart_html(&mut self, html: String) {
        self.criterion.chart_html = Some(html);
    }
}

impl Deref for CriterionEdit<'_> {
    type Target = Criterion;

    fn deref(&self) -> &Criterion {
        self.criterion
    }
}
