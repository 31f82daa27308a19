//! The data templates see: plain serializable views of the model, with
//! everything a theme would otherwise compute (scores, labels, colours)
//! already worked out. `docs/format.md` lists every field.

use serde::Serialize;

use crate::config::SiteConfig;
use crate::model::Report;
use crate::model::Verdict;
use crate::transform::infographic::{ink_on, summary, verdict_text};
use crate::transform::scoreboard::{join_names, tally_text};
use crate::util::colour::ContenderColours;

/// `site`: the same on every page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Default description.
    pub description: String,
    /// Absolute base URL, ending with `/`.
    pub base_url: String,
    /// Path part of the base URL, ending with `/`.
    pub base_path: String,
    /// `lang` attribute.
    pub language: String,
    /// Every report, for the home page and navigation.
    pub reports: Vec<ReportSummary>,
}

/// A report as listed on the home page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportSummary {
    /// Folder name.
    pub slug: String,
    /// Link to the report page.
    pub url: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `26 November 2026`.
    pub date_human: String,
    /// Contender names.
    pub contenders: Vec<String>,
    /// `Node.js wins 8 – 6`.
    pub verdict_text: String,
}

/// `page`: which page is being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// `home`, `report` or `404`.
    pub kind: &'static str,
    /// Absolute URL (the canonical link).
    pub url: String,
    /// Path from the host, e.g. `/node-vs-python/`.
    pub path: String,
    /// Title for `<title>`.
    pub title: String,
    /// Meta description.
    pub description: String,
}

/// `report`: everything the report page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// Folder name and URL path.
    pub slug: String,
    /// Root-relative link to the page.
    pub url: String,
    /// Absolute URL of the page.
    pub permalink: String,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `26 November 2026`.
    pub date_human: String,
    /// The introduction, rendered.
    pub intro_html: String,
    /// Heading of the conclusion, or empty.
    pub conclusion_title: String,
    /// The conclusion, rendered, or empty.
    pub conclusion_html: String,
    /// The contenders, in display order.
    pub contenders: Vec<ContenderView>,
    /// The facts table, one row per label.
    pub fact_rows: Vec<FactRow>,
    /// The criteria, in order.
    pub criteria: Vec<CriterionView>,
    /// Whether the report has a score (the `scoreboard` plugin ran);
    /// `standings`, `verdict`, totals, points and tallies exist only when
    /// it does.
    pub scored: bool,
    /// Contenders by final total, highest first.
    pub standings: Vec<Standing>,
    /// Who won, when the report is scored.
    pub verdict: Option<VerdictView>,
    /// Root-relative URL of the infographic, or empty.
    pub infographic_url: String,
    /// Its width in pixels, or 0.
    pub infographic_width: u32,
    /// Its height in pixels, or 0.
    pub infographic_height: u32,
    /// The visual summary inlined in the page (an `<svg>` in the page's
    /// colours: who scored on each criterion, the final score), drawn for
    /// narrow columns and for wide ones; empty without an infographic.
    /// This one is for narrow columns.
    pub summary_narrow_svg: String,
    /// The same summary for wide columns.
    pub summary_wide_svg: String,
    /// Absolute URL of the social image (`og:image`), or empty.
    pub og_image_url: String,
    /// Its width in pixels, or 0.
    pub og_image_width: u32,
    /// Its height in pixels, or 0.
    pub og_image_height: u32,
    /// Plugins' own results, by plugin key (escaped where a template
    /// shows them).
    pub data: serde_json::Map<String, serde_json::Value>,
}

impl ReportView {
    /// The bytes of its HTML pieces (prose, samples, infographics): most of
    /// what its page will weigh.
    pub fn html_len(&self) -> usize {
        let criteria: usize = self.criteria.iter().map(|c| c.body_html.len()).sum();
        criteria
            + self.intro_html.len()
            + self.conclusion_html.len()
            + self.summary_narrow_svg.len()
            + self.summary_wide_svg.len()
    }
}

/// One contender, with its final total.
#[derive(Debug, Clone, Serialize)]
pub struct ContenderView {
    /// Id, as in points and sample names.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Brand colour, `#rrggbb`.
    pub color: String,
    /// Black or white: whichever reads on `color`.
    pub ink: String,
    /// `color` for graphics on the dark scheme (at least 3:1 on its surfaces).
    pub color_dark: String,
    /// Black or white: whichever reads on `color_dark`.
    pub ink_dark: String,
    /// `color` darkened where needed for text on the light scheme (4.5:1).
    pub text_color: String,
    /// `color` lightened where needed for text on the dark scheme (4.5:1).
    pub text_color_dark: String,
    /// URL of its logo, if it has one.
    pub logo_url: Option<String>,
    /// Final total, when the report is scored.
    pub total: Option<u32>,
}

/// One row of the facts table.
#[derive(Debug, Clone, Serialize)]
pub struct FactRow {
    /// The fact, e.g. `First release`.
    pub label: String,
    /// One value per contender, `—` when missing.
    pub values: Vec<String>,
}

/// One criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    /// Anchor of its section.
    pub slug: String,
    /// 1-based position.
    pub number: usize,
    /// Heading.
    pub title: String,
    /// One line saying what is measured.
    pub summary: String,
    /// Prose and samples, rendered.
    pub body_html: String,
    /// Each contender's points, when scored.
    pub points: Vec<PointsView>,
    /// Ids of the contenders with the most points.
    pub winner_ids: Vec<String>,
    /// `Node.js`, `Node.js and Python`, or `No points`.
    pub outcome: Option<String>,
    /// Every contender got the same points here, so the criterion's weight
    /// cannot change who wins (false when unscored).
    pub same_for_all: bool,
    /// Running totals after this criterion, when scored.
    pub tally: Vec<TallyEntry>,
    /// The running totals as one line: `Node.js 3 – 1 Python`.
    pub tally_text: Option<String>,
    /// The source file, relative to the site root.
    pub source: String,
    /// Plugin data, by plugin key.
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// A contender's points on one criterion.
#[derive(Debug, Clone, Serialize)]
pub struct PointsView {
    /// Contender id.
    pub id: String,
    /// Contender name.
    pub name: String,
    /// Contender colour.
    pub color: String,
    /// Black or white: whichever reads on `color`.
    pub ink: String,
    /// Points on this criterion.
    pub points: u32,
    /// Whether it has the most points here.
    pub winner: bool,
}

/// A running total after a criterion.
#[derive(Debug, Clone, Serialize)]
pub struct TallyEntry {
    /// Contender id.
    pub id: String,
    /// Contender name.
    pub name: String,
    /// Total so far.
    pub total: u32,
}

/// A contender in the final ranking.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    /// 1 for the top; equal totals share a rank.
    pub rank: usize,
    /// Contender id.
    pub id: String,
    /// Contender name.
    pub name: String,
    /// Contender colour.
    pub color: String,
    /// Black or white: whichever reads on `color`.
    pub ink: String,
    /// Final total.
    pub total: u32,
}

/// The verdict.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictView {
    /// `win` or `tie`.
    pub kind: &'static str,
    /// Names of the winners (all of them on a tie).
    pub winner_names: Vec<String>,
    /// `Node.js wins`.
    pub headline: String,
    /// `Node.js 8 – 6 Python`.
    pub score_text: String,
    /// The highest total.
    pub max_total: u32,
}

/// The width of the summary drawn for narrow columns (phones, or beside
/// the introduction), in SVG units.
pub const SUMMARY_NARROW_WIDTH: u32 = 300;
/// The width of the summary drawn for wide columns.
pub const SUMMARY_WIDE_WIDTH: u32 = 720;

/// The root-relative URL of a report page.
pub fn report_url(config: &SiteConfig, slug: &str) -> String {
    format!("{}{slug}/", config.base_path())
}

/// The absolute URL of a path under the base URL.
pub fn permalink(config: &SiteConfig, relative: &str) -> String {
    config.base_url.join(relative).map_or_else(
        |_| format!("{}{relative}", config.base_url),
        |u| u.to_string(),
    )
}

/// Builds `site`.
pub fn site_view(config: &SiteConfig, reports: &[&Report]) -> SiteView {
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        base_url: config.base_url.to_string(),
        base_path: config.base_path().to_string(),
        language: config.language.clone(),
        reports: reports
            .iter()
            .map(|report| {
                let names: Vec<&str> = report.contenders.iter().map(|c| c.name.as_str()).collect();
                ReportSummary {
                    slug: report.slug.clone(),
                    url: report_url(config, &report.slug),
                    title: report.title.clone(),
                    description: report.description.clone(),
                    date: report.date.clone(),
                    date_human: human_date(&report.date),
                    contenders: names.iter().map(|n| n.to_string()).collect(),
                    verdict_text: report
                        .score
                        .as_ref()
                        .map(|score| {
                            format!(
                                "{} · {}",
                                verdict_text(report, score),
                                tally_text(&names, &score.totals)
                            )
                        })
                        .unwrap_or_default(),
                }
            })
            .collect(),
    }
}

/// Builds `report`.
pub fn report_view(
    config: &SiteConfig,
    report: &Report,
    logo_url: &dyn Fn(&str) -> String,
) -> ReportView {
    let score = report.score.as_ref();
    let names: Vec<&str> = report.contenders.iter().map(|c| c.name.as_str()).collect();
    let contenders: Vec<ContenderView> = report
        .contenders
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let colours = ContenderColours::of(&c.color);
            ContenderView {
                id: c.id.clone(),
                name: c.name.clone(),
                color: c.color.clone(),
                ink: ink_on(&c.color).to_string(),
                color_dark: colours.dark,
                ink_dark: colours.ink_dark,
                text_color: colours.text_light,
                text_color_dark: colours.text_dark,
                logo_url: c.logo.as_deref().map(logo_url),
                total: score.map(|s| s.totals[i]),
            }
        })
        .collect();
    let mut labels: Vec<&String> = Vec::new();
    for c in &report.contenders {
        for label in c.facts.keys() {
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    let fact_rows = labels
        .into_iter()
        .map(|label| FactRow {
            label: label.clone(),
            values: report
                .contenders
                .iter()
                .map(|c| {
                    c.facts
                        .get(label)
                        .cloned()
                        .unwrap_or_else(|| "—".to_string())
                })
                .collect(),
        })
        .collect();
    let criteria = report
        .criteria
        .iter()
        .enumerate()
        .map(|(i, criterion)| {
            let mut view = CriterionView {
                slug: criterion.slug.clone(),
                number: i + 1,
                title: criterion.title.clone(),
                summary: criterion.summary.clone(),
                body_html: super::criterion_body_html(criterion),
                points: Vec::new(),
                winner_ids: Vec::new(),
                outcome: None,
                same_for_all: false,
                tally: Vec::new(),
                tally_text: None,
                source: criterion.body.file.display.clone(),
                data: criterion.data.clone(),
            };
            if let Some(row) = score.map(|s| &s.rows[i]) {
                let winners: Vec<&str> = row.winners.iter().map(|&w| names[w]).collect();
                view.points = contenders
                    .iter()
                    .zip(&row.points)
                    .enumerate()
                    .map(|(j, (c, points))| PointsView {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        color: c.color.clone(),
                        ink: c.ink.clone(),
                        points: *points,
                        winner: row.winners.contains(&j),
                    })
                    .collect();
                view.same_for_all = row.points.windows(2).all(|w| w[0] == w[1]);
                view.winner_ids = row
                    .winners
                    .iter()
                    .map(|&w| report.contenders[w].id.clone())
                    .collect();
                view.outcome = Some(if winners.is_empty() {
                    "No points".to_string()
                } else {
                    join_names(&winners)
                });
                view.tally = contenders
                    .iter()
                    .zip(&row.running)
                    .map(|(c, total)| TallyEntry {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        total: *total,
                    })
                    .collect();
                view.tally_text = Some(tally_text(&names, &row.running));
            }
            view
        })
        .collect();
    let (standings, verdict) = match score {
        Some(score) => {
            let mut order: Vec<usize> = (0..contenders.len()).collect();
            order.sort_by(|&a, &b| score.totals[b].cmp(&score.totals[a]).then(a.cmp(&b)));
            let standings = order
                .iter()
                .map(|&i| {
                    let c = &contenders[i];
                    // Equal totals share a rank: 1, 1, 3.
                    let rank = 1 + score
                        .totals
                        .iter()
                        .filter(|&&t| t > score.totals[i])
                        .count();
                    Standing {
                        rank,
                        id: c.id.clone(),
                        name: c.name.clone(),
                        color: c.color.clone(),
                        ink: c.ink.clone(),
                        total: score.totals[i],
                    }
                })
                .collect();
            let winners = score.verdict.winners();
            let verdict = VerdictView {
                kind: match score.verdict {
                    Verdict::Win { .. } => "win",
                    Verdict::Tie { .. } => "tie",
                },
                winner_names: winners.iter().map(|&w| names[w].to_string()).collect(),
                headline: verdict_text(report, score),
                score_text: tally_text(&names, &score.totals),
                max_total: score.totals.iter().copied().max().unwrap_or(0),
            };
            (standings, Some(verdict))
        }
        None => (Vec::new(), None),
    };
    let infographic = report.infographic.as_ref();
    let social = report.social_image.as_ref();
    let (summary_narrow_svg, summary_wide_svg) = match (score, infographic) {
        (Some(score), Some(_)) => (
            summary(report, score, SUMMARY_NARROW_WIDTH, "vs-ig-narrow").svg,
            summary(report, score, SUMMARY_WIDE_WIDTH, "vs-ig-wide").svg,
        ),
        _ => (String::new(), String::new()),
    };
    let url = report_url(config, &report.slug);
    ReportView {
        slug: report.slug.clone(),
        permalink: permalink(config, &format!("{}/", report.slug)),
        url,
        title: report.title.clone(),
        description: report.description.clone(),
        date: report.date.clone(),
        date_human: human_date(&report.date),
        intro_html: report.intro.html.clone(),
        conclusion_title: report
            .conclusion
            .as_ref()
            .map(|c| c.title.clone())
            .unwrap_or_default(),
        conclusion_html: report
            .conclusion
            .as_ref()
            .map(|c| c.body.html.clone())
            .unwrap_or_default(),
        contenders,
        fact_rows,
        criteria,
        scored: verdict.is_some(),
        standings,
        verdict,
        infographic_url: infographic.map(|f| f.url.clone()).unwrap_or_default(),
        infographic_width: infographic.map_or(0, |f| f.width),
        infographic_height: infographic.map_or(0, |f| f.height),
        summary_narrow_svg,
        summary_wide_svg,
        og_image_url: social.map(|f| f.url.clone()).unwrap_or_default(),
        og_image_width: social.map_or(0, |f| f.width),
        og_image_height: social.map_or(0, |f| f.height),
        data: report.data.clone(),
    }
}

/// `2026-11-26` → `26 November 2026`.
pub fn human_date(date: &str) -> String {
    use crate::util::date::MONTHS;
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [year, month, day] => {
            let month = month
                .parse::<usize>()
                .ok()
                .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
            let day = day.parse::<u32>().ok();
            match (month, day) {
                (Some(month), Some(day)) => format!("{day} {month} {year}"),
                _ => date.to_string(),
            }
        }
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_like_prose() {
        assert_eq!(human_date("2026-11-26"), "26 November 2026");
        assert_eq!(human_date("2026-01-05"), "5 January 2026");
    }
}
