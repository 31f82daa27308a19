//! The infographic: an SVG drawn from a report's data at build time.
//!
//! It shows the contenders in their colours, their facts side by side, one
//! row per criterion marking who scored, and the final score. Text is sized by
//! an estimate of its width and wraps, then shrinks, rather than overflowing.

use std::fmt::Write as _;

use crate::model::{Contender, Report};
use crate::transform::scoreboard::{Scoreboard, Verdict, join_names, tally_text};
use crate::util::colour::ContenderColours;
use crate::util::html::escape_html;

/// Layout settings.
#[derive(Debug, Clone, Copy)]
pub struct InfographicOptions {
    /// Width in SVG units (pixels at 100%).
    pub width: u32,
}

impl Default for InfographicOptions {
    fn default() -> Self {
        InfographicOptions { width: 960 }
    }
}

const MARGIN: f64 = 32.0;
const FONT: &str = "'Noto Sans', 'DejaVu Sans', system-ui, -apple-system, 'Segoe UI', sans-serif";
const INK: &str = "#1b1f24";
const MUTED: &str = "#57606a";
const RULE: &str = "#d0d7de";
const BACKGROUND: &str = "#ffffff";
/// [`BACKGROUND`] as RGB, for drawing the social card on.
pub const BACKGROUND_RGB: [u8; 3] = [0xff, 0xff, 0xff];

/// A drawn infographic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Infographic {
    /// The SVG document.
    pub svg: String,
    /// Its width.
    pub width: u32,
    /// Its height.
    pub height: u32,
}

/// How the drawing is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    /// Fixed colours on white: a self-contained image (the standalone
    /// `infographic.svg`), the same wherever it is shown.
    Light,
    /// The page's colour custom properties (`--fg`, `--muted`, `--border`,
    /// and each contender's `--c`, `--ink`, `--ct` set by `data-contender`),
    /// for an SVG inlined in a page: it follows the colour scheme and the
    /// theme toggle.
    Page,
}

/// What an element is drawn in.
#[derive(Debug, Clone, Copy)]
enum Role<'a> {
    Ink,
    Muted,
    /// The brand colour of a contender.
    Brand(&'a Contender),
    /// Text on the brand colour.
    OnBrand(&'a Contender),
    /// Text in the brand colour.
    BrandText(&'a Contender),
}

impl Paint {
    /// The attributes that fill an element in `role`.
    fn fill(self, role: Role<'_>) -> String {
        match (self, role) {
            (Paint::Light, Role::Ink) => format!("fill=\"{INK}\""),
            (Paint::Light, Role::Muted) => format!("fill=\"{MUTED}\""),
            (Paint::Light, Role::Brand(c)) => format!("fill=\"{}\"", escape_html(&c.color)),
            (Paint::Light, Role::OnBrand(c)) => format!("fill=\"{}\"", ink_on(&c.color)),
            (Paint::Light, Role::BrandText(c)) => format!(
                "fill=\"{}\"",
                escape_html(&ContenderColours::of(&c.color).text_light)
            ),
            (Paint::Page, Role::Ink) => "style=\"fill:var(--fg)\"".to_string(),
            (Paint::Page, Role::Muted) => "style=\"fill:var(--muted)\"".to_string(),
            (Paint::Page, Role::Brand(c)) => contender_style(c, "--c"),
            (Paint::Page, Role::OnBrand(c)) => contender_style(c, "--ink"),
            (Paint::Page, Role::BrandText(c)) => contender_style(c, "--ct"),
        }
    }

    /// The attributes of a hairline rule or an empty marker's stroke.
    fn rule(self) -> String {
        match self {
            Paint::Light => format!("fill=\"{RULE}\""),
            Paint::Page => "style=\"fill:var(--border)\"".to_string(),
        }
    }

    fn ring(self) -> String {
        match self {
            Paint::Light => format!("fill=\"none\" stroke=\"{RULE}\""),
            Paint::Page => "style=\"fill:none;stroke:var(--muted)\"".to_string(),
        }
    }
}

fn contender_style(contender: &Contender, property: &str) -> String {
    format!(
        "data-contender=\"{}\" style=\"fill:var({property})\"",
        escape_html(&contender.id)
    )
}

/// What a drawing includes and how it is sized.
#[derive(Debug, Clone, Copy)]
struct Layout {
    width: f64,
    margin: f64,
    /// The title, the date and the facts: a picture that stands alone.
    standalone: bool,
    /// The smallest text, in SVG units.
    min_text: f64,
    paint: Paint,
}

/// Draws the infographic of `report`: the standalone image, in fixed light
/// colours, with the title, the facts, who won each criterion and the final
/// score.
pub fn infographic(
    report: &Report,
    score: &Scoreboard,
    options: InfographicOptions,
) -> Infographic {
    let width = options.width.max(480);
    let layout = Layout {
        width: f64::from(width),
        margin: MARGIN,
        standalone: true,
        min_text: 10.0,
        paint: Paint::Light,
    };
    let (body, height) = draw(report, score, layout);
    let mut svg = String::with_capacity(body.len() + 1024);
    let _ = write!(
        svg,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="vs-title vs-desc" font-family="{font}">
<title id="vs-title">{title}</title>
<desc id="vs-desc">{desc}</desc>
<rect width="100%" height="100%" fill="{BACKGROUND}"/>
"#,
        font = escape_html(FONT),
        title = escape_html(&report.title),
        desc = escape_html(&description(report, score)),
    );
    svg.push_str(&body);
    svg.push_str("\n</svg>\n");
    Infographic { svg, width, height }
}

/// The smallest width of [`summary`], in SVG units.
pub const SUMMARY_MIN_WIDTH: u32 = 280;
/// The smallest text of [`summary`], in SVG units: shown no narrower than
/// its width × 0.9 (a 320 px phone), it stays at 11 px or more.
pub const SUMMARY_MIN_TEXT: f64 = 12.5;

/// The visual summary shown on the report page, as an inline `<svg>`: who
/// scored on each criterion and the final score (the page's facts table
/// carries the facts), `width` units wide (a narrow and a wide layout), in
/// the page's colours. `id` makes its title's id unique on the page.
pub fn summary(report: &Report, score: &Scoreboard, width: u32, id: &str) -> Infographic {
    let width = width.max(SUMMARY_MIN_WIDTH);
    let layout = Layout {
        width: f64::from(width),
        margin: 4.0,
        standalone: false,
        min_text: SUMMARY_MIN_TEXT,
        paint: Paint::Page,
    };
    let (body, height) = draw(report, score, layout);
    let id = escape_html(id);
    let svg = format!(
        "<svg class=\"vs-ig\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}\" font-family=\"{font}\"><title id=\"{id}\">{desc}</title>{body}</svg>",
        font = escape_html(FONT),
        desc = escape_html(&description(report, score)),
    );
    Infographic { svg, width, height }
}

/// The text alternative: the verdict, the score and each criterion's outcome.
fn description(report: &Report, score: &Scoreboard) -> String {
    let names: Vec<&str> = report.contenders.iter().map(|c| c.name.as_str()).collect();
    format!(
        "{}. Final score: {}. {} criteria compared: {}.",
        verdict_text(report, score),
        tally_text(&names, &score.totals),
        report.criteria.len(),
        report
            .criteria
            .iter()
            .zip(&score.rows)
            .map(|(c, row)| {
                let who: Vec<&str> = row.winners.iter().map(|&i| names[i]).collect();
                if who.is_empty() {
                    format!("{} (no points)", c.title)
                } else {
                    format!("{} ({})", c.title, join_names(&who))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    )
}

/// Draws the body of an infographic; returns it and its height.
fn draw(report: &Report, score: &Scoreboard, layout: Layout) -> (String, u32) {
    let Layout {
        width,
        margin,
        standalone,
        min_text,
        paint,
    } = layout;
    let small = |size: f64| size.max(min_text);
    let inner = width - 2.0 * margin;
    let count = report.contenders.len().max(1);
    // Narrow drawings give the criterion titles a larger share.
    let label_share = if width < 480.0 { 0.44 } else { 0.30 };
    let label_width = (inner * label_share).min(300.0);
    let column_width = (inner - label_width) / count as f64;
    let column_x = |i: usize| margin + label_width + column_width * i as f64;

    let mut body = String::new();
    let mut y = margin;

    if standalone {
        // Title.
        let title = fit_text(&report.title, inner, 30.0, 20.0, 2);
        for line in &title.lines {
            y += title.size * 1.2;
            text(
                &mut body,
                margin,
                y,
                title.size,
                700,
                &paint.fill(Role::Ink),
                "start",
                line,
            );
        }
        y += 24.0;
        text(
            &mut body,
            margin,
            y,
            15.0,
            400,
            &paint.fill(Role::Muted),
            "start",
            &format!("Facts as of {}", report.date),
        );
        y += 28.0;
    }

    // Contender headers.
    let header_height = if standalone { 56.0 } else { 40.0 };
    for (i, contender) in report.contenders.iter().enumerate() {
        let x = column_x(i) + 3.0;
        let w = column_width - 6.0;
        let _ = write!(
            body,
            r#"<rect x="{}" y="{}" width="{}" height="{header_height}" rx="8" {}/>"#,
            Tenths(x),
            Tenths(y),
            Tenths(w),
            paint.fill(Role::Brand(contender))
        );
        let fitted = fit_text(
            &contender.name,
            w - 10.0,
            small(if standalone { 20.0 } else { 16.0 }),
            small(11.0),
            2,
        );
        let block = fitted.size * 1.15 * fitted.lines.len() as f64;
        let mut line_y = y + (header_height - block) / 2.0 + fitted.size * 0.95;
        for line in &fitted.lines {
            text(
                &mut body,
                x + w / 2.0,
                line_y,
                fitted.size,
                700,
                &paint.fill(Role::OnBrand(contender)),
                "middle",
                line,
            );
            line_y += fitted.size * 1.15;
        }
    }
    y += header_height + if standalone { 16.0 } else { 6.0 };

    // Facts: only where the picture stands alone (the page has a table).
    let labels = fact_labels(report);
    if standalone && !labels.is_empty() {
        y = section_heading(&mut body, y, margin, inner, "Facts", paint);
        for label in &labels {
            let label_fit = fit_text(label, label_width - 12.0, 14.0, 10.0, 3);
            let values: Vec<Fitted> = report
                .contenders
                .iter()
                .map(|c| {
                    let value = c.facts.get(label).map_or("—", String::as_str);
                    fit_text(value, column_width - 16.0, 14.0, 10.0, 3)
                })
                .collect();
            let rows = values
                .iter()
                .chain(std::iter::once(&label_fit))
                .map(|f| f.height())
                .fold(0.0, f64::max);
            let top = y + 8.0;
            multiline(
                &mut body,
                margin,
                top,
                &label_fit,
                600,
                &paint.fill(Role::Muted),
                "start",
            );
            for (i, value) in values.iter().enumerate() {
                multiline(
                    &mut body,
                    column_x(i) + column_width / 2.0,
                    top,
                    value,
                    400,
                    &paint.fill(Role::Ink),
                    "middle",
                );
            }
            y = top + rows + 8.0;
            rule(&mut body, y, margin, inner, paint);
        }
        y += 16.0;
    }

    // Criteria.
    if standalone {
        y = section_heading(&mut body, y, margin, inner, "Criteria", paint);
    }
    let row_pad = if standalone { 14.0 } else { 7.0 };
    for (number, (criterion, row)) in report.criteria.iter().zip(&score.rows).enumerate() {
        let title = if standalone {
            criterion.title.clone()
        } else {
            format!("{}. {}", number + 1, criterion.title)
        };
        let label_fit = fit_text(&title, label_width - 8.0, small(14.0), small(10.0), 2);
        let height = label_fit.height().max(22.0) + row_pad;
        let center = y + height / 2.0;
        multiline(
            &mut body,
            margin,
            center - label_fit.height() / 2.0,
            &label_fit,
            600,
            &paint.fill(Role::Ink),
            "start",
        );
        for (i, (contender, points)) in report.contenders.iter().zip(&row.points).enumerate() {
            let cx = column_x(i) + column_width / 2.0;
            if *points > 0 {
                let _ = write!(
                    body,
                    r#"<circle cx="{}" cy="{}" r="12.5" {}/>"#,
                    Tenths(cx),
                    Tenths(center),
                    paint.fill(Role::Brand(contender))
                );
                text(
                    &mut body,
                    cx,
                    center + 4.5,
                    small(13.0),
                    700,
                    &paint.fill(Role::OnBrand(contender)),
                    "middle",
                    &format!("+{points}"),
                );
            } else {
                let _ = write!(
                    body,
                    r#"<circle cx="{}" cy="{}" r="11" {} stroke-width="2"/>"#,
                    Tenths(cx),
                    Tenths(center),
                    paint.ring()
                );
            }
        }
        y += height;
        rule(&mut body, y, margin, inner, paint);
    }
    y += if standalone { 28.0 } else { 8.0 };

    // Final score.
    let total_size = if standalone { 44.0 } else { 30.0 };
    if standalone {
        y = section_heading(&mut body, y, margin, inner, "Final score", paint);
    }
    let winners = score.verdict.winners();
    for (i, (contender, total)) in report.contenders.iter().zip(&score.totals).enumerate() {
        let cx = column_x(i) + column_width / 2.0;
        let weight = if winners.contains(&i) { 800 } else { 500 };
        let _ = write!(
            body,
            r#"<text class="vs-ig-total" x="{}" y="{}" font-size="{}" font-weight="{weight}" {} text-anchor="middle">{total}</text>"#,
            Tenths(cx),
            Tenths(y + total_size),
            Tenths(total_size),
            paint.fill(Role::BrandText(contender)),
        );
    }
    let verdict = verdict_text(report, score);
    let verdict_fit = fit_text(&verdict, label_width - 8.0, small(18.0), small(11.0), 3);
    let verdict_top = y + (total_size + 8.0 - verdict_fit.height()) / 2.0;
    let mut line_y = verdict_top + verdict_fit.size;
    for line in &verdict_fit.lines {
        let _ = write!(
            body,
            r#"<text class="vs-ig-verdict" x="{}" y="{}" font-size="{}" font-weight="700" {}>{}</text>"#,
            Tenths(margin),
            Tenths(line_y),
            Tenths(verdict_fit.size),
            paint.fill(Role::Ink),
            escape_html(line)
        );
        line_y += verdict_fit.size * LINE_HEIGHT;
    }
    y += total_size + 12.0 + margin.max(if standalone { MARGIN } else { 4.0 });
    if standalone {
        y += 16.0;
    }
    (body, y.ceil() as u32)
}

/// `Node.js wins 8 – 6`, `Go and Rust tie on 4`, `No points awarded`.
pub fn verdict_text(report: &Report, score: &Scoreboard) -> String {
    let names: Vec<&str> = report.contenders.iter().map(|c| c.name.as_str()).collect();
    let max = score.totals.iter().copied().max().unwrap_or(0);
    match &score.verdict {
        Verdict::Win { winner } => format!("{} wins", names[*winner]),
        Verdict::Tie { .. } if max == 0 => "No points awarded".to_string(),
        Verdict::Tie { winners } => {
            let who: Vec<&str> = winners.iter().map(|&i| names[i]).collect();
            format!("{} tie on {max}", join_names(&who))
        }
    }
}

fn fact_labels(report: &Report) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for contender in &report.contenders {
        for label in contender.facts.keys() {
            if !labels.contains(label) {
                labels.push(label.clone());
            }
        }
    }
    labels
}

fn section_heading(
    body: &mut String,
    y: f64,
    margin: f64,
    inner: f64,
    title: &str,
    paint: Paint,
) -> f64 {
    let y = y + 20.0;
    text(
        body,
        margin,
        y,
        13.0,
        700,
        &paint.fill(Role::Muted),
        "start",
        &title.to_uppercase(),
    );
    let _ = write!(
        body,
        r#"<rect x="{margin}" y="{}" width="{}" height="2" {}/>"#,
        Tenths(y + 8.0),
        Tenths(inner),
        paint.fill(Role::Ink)
    );
    y + 12.0
}

/// A length with one decimal, as `{:.1}` writes it but through integer
/// tenths: the standard library's exact rounding sends values that are
/// exact halves or quarters (most coordinates here) to its slow big-number
/// path, about 2 % of a warm build. A tie may round the other way than
/// `{:.1}` would, a twentieth of a pixel.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if !tenths.is_finite() || tenths.abs() >= 1e15 {
            return write!(f, "{:.1}", self.0);
        }
        let tenths = tenths as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let tenths = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

fn rule(body: &mut String, y: f64, margin: f64, inner: f64, paint: Paint) {
    let _ = write!(
        body,
        r#"<rect x="{margin}" y="{}" width="{}" height="1" {}/>"#,
        Tenths(y),
        Tenths(inner),
        paint.rule()
    );
}

#[allow(clippy::too_many_arguments)]
fn text(
    body: &mut String,
    x: f64,
    y: f64,
    size: f64,
    weight: u16,
    fill: &str,
    anchor: &str,
    content: &str,
) {
    let _ = write!(
        body,
        r#"<text x="{}" y="{}" font-size="{}" font-weight="{weight}" {fill} text-anchor="{anchor}">{}</text>"#,
        Tenths(x),
        Tenths(y),
        Tenths(size),
        escape_html(content)
    );
}

fn multiline(
    body: &mut String,
    x: f64,
    top: f64,
    fitted: &Fitted,
    weight: u16,
    fill: &str,
    anchor: &str,
) {
    let mut y = top + fitted.size;
    for line in &fitted.lines {
        text(body, x, y, fitted.size, weight, fill, anchor, line);
        y += fitted.size * LINE_HEIGHT;
    }
}

const LINE_HEIGHT: f64 = 1.25;

/// Text broken into lines at a font size that fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// Font size.
    pub size: f64,
    /// The lines.
    pub lines: Vec<String>,
}

impl Fitted {
    fn height(&self) -> f64 {
        self.size * LINE_HEIGHT * self.lines.len() as f64
    }
}

/// Wraps `content` to `width` at `size`; when that takes more than
/// `max_lines`, shrinks the font step by step down to `min_size`, and as a
/// last resort cuts the last line with an ellipsis.
pub fn fit_text(content: &str, width: f64, size: f64, min_size: f64, max_lines: usize) -> Fitted {
    let mut size = size;
    loop {
        let lines = wrap(content, width, size);
        if lines.len() <= max_lines {
            return Fitted { size, lines };
        }
        if size <= min_size {
            let mut lines: Vec<String> = lines.into_iter().take(max_lines).collect();
            if let Some(last) = lines.last_mut() {
                let limit = chars_fitting(width, size).saturating_sub(1).max(1);
                let cut: String = last.chars().take(limit).collect();
                *last = format!("{}…", cut.trim_end());
            }
            return Fitted { size, lines };
        }
        size = (size - 1.0).max(min_size);
    }
}

/// Greedy word wrap by estimated width; a word longer than a line is split.
fn wrap(content: &str, width: f64, size: f64) -> Vec<String> {
    let limit = chars_fitting(width, size).max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in content.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > limit {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let rest = word.split_off(limit);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        let word: String = word.into_iter().collect();
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if needed > limit && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// How many characters fit in `width` at `size`, for a sans-serif whose
/// average glyph is a little over half an em.
fn chars_fitting(width: f64, size: f64) -> usize {
    (width / (size * 0.56)).floor().max(1.0) as usize
}

/// Black or white, whichever contrasts more with `background` (`#rrggbb`).
pub fn ink_on(background: &str) -> &'static str {
    let hex = background.trim_start_matches('#');
    let channel = |i: usize| {
        let v = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("77"), 16).unwrap_or(0x77);
        let c = f64::from(v) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // Contrast with white vs with black, per WCAG.
    if (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// The social card: a 1200 × 630 summary of the infographic (title,
/// contenders in their colours, final score, verdict), the shape that link
/// previews show. Rendered to PNG for `og:image`.
pub fn social_card(report: &Report, score: &Scoreboard) -> Infographic {
    const W: f64 = 1200.0;
    let margin = 64.0;
    let mut body = String::new();
    let _ = write!(
        body,
        // Edges on whole pixels: no anti-aliasing needed, and drawing
        // skips it (the background alone is most of the card's pixels).
        r#"<rect width="1200" height="630" fill="{BACKGROUND}" shape-rendering="crispEdges"/><rect width="1200" height="12" fill="{INK}" shape-rendering="crispEdges"/>"#
    );
    let title = fit_text(&report.title, W - 2.0 * margin, 56.0, 34.0, 2);
    let mut y = 80.0;
    for line in &title.lines {
        y += title.size * 1.1;
        text(
            &mut body,
            margin,
            y,
            title.size,
            800,
            &Paint::Light.fill(Role::Ink),
            "start",
            line,
        );
    }
    y += 44.0;
    text(
        &mut body,
        margin,
        y,
        24.0,
        400,
        &Paint::Light.fill(Role::Muted),
        "start",
        &format!(
            "{} criteria · facts as of {}",
            report.criteria.len(),
            report.date
        ),
    );

    let count = report.contenders.len().max(1) as f64;
    let gap = 20.0;
    let box_width = (W - 2.0 * margin - gap * (count - 1.0)) / count;
    let top = 330.0;
    let winners = score.verdict.winners();
    for (i, (contender, total)) in report.contenders.iter().zip(&score.totals).enumerate() {
        let x = margin + i as f64 * (box_width + gap);
        let _ = write!(
            body,
            r#"<rect x="{}" y="{top}" width="{}" height="170" rx="16" fill="{}"/>"#,
            Tenths(x),
            Tenths(box_width),
            contender.color
        );
        let ink = Paint::Light.fill(Role::OnBrand(contender));
        let name = fit_text(&contender.name, box_width - 32.0, 34.0, 16.0, 1);
        text(
            &mut body,
            x + box_width / 2.0,
            top + 56.0,
            name.size,
            700,
            &ink,
            "middle",
            &name.lines[0],
        );
        let weight = if winners.contains(&i) { 900 } else { 600 };
        text(
            &mut body,
            x + box_width / 2.0,
            top + 140.0,
            72.0,
            weight,
            &ink,
            "middle",
            &total.to_string(),
        );
    }
    let verdict = fit_text(
        &verdict_text(report, score),
        W - 2.0 * margin - 200.0,
        34.0,
        20.0,
        1,
    );
    text(
        &mut body,
        margin,
        572.0,
        verdict.size,
        800,
        &Paint::Light.fill(Role::Ink),
        "start",
        &verdict.lines[0],
    );
    text(
        &mut body,
        W - margin,
        572.0,
        28.0,
        700,
        &Paint::Light.fill(Role::Muted),
        "end",
        "versus",
    );
    let svg = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1200" height="630" viewBox="0 0 1200 630" font-family="{font}">
<title>{title}</title>
{body}
</svg>
"#,
        font = escape_html(FONT),
        title = escape_html(&report.title),
    );
    Infographic {
        svg,
        width: 1200,
        height: 630,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_written_as_one_decimal_format_writes_them() {
        for (value, written) in [
            (3.0, "3.0"),
            (12.34, "12.3"),
            (12.36, "12.4"),
            (-7.25, "-7.3"),
            (-0.04, "0.0"),
            (1199.95, "1200.0"),
        ] {
            assert_eq!(Tenths(value).to_string(), written, "{value}");
        }
        // Away from ties, exactly as `{:.1}`.
        for i in 0..20_000 {
            let value = f64::from(i) / 7.0 - 1000.0;
            let scaled = value * 10.0;
            if (scaled - scaled.trunc()).abs() > 0.49 && (scaled - scaled.trunc()).abs() < 0.51 {
                continue;
            }
            assert_eq!(Tenths(value).to_string(), format!("{value:.1}"), "{value}");
        }
    }

    #[test]
    fn long_text_wraps_then_shrinks_then_cuts() {
        let short = fit_text("Node.js", 200.0, 20.0, 11.0, 2);
        assert_eq!(short.lines, vec!["Node.js"]);
        assert_eq!(short.size, 20.0);

        let long = fit_text("A rather long contender name indeed", 120.0, 20.0, 11.0, 2);
        assert!(long.lines.len() <= 2);
        assert!(long.size < 20.0);
        for line in &long.lines {
            assert!(
                line.chars().count() <= chars_fitting(120.0, long.size),
                "{line}"
            );
        }

        let huge = fit_text(&"word ".repeat(100), 100.0, 14.0, 10.0, 3);
        assert_eq!(huge.lines.len(), 3);
        assert!(huge.lines[2].ends_with('…'));
    }

    #[test]
    fn ink_contrasts_with_the_brand_colour() {
        assert_eq!(ink_on("#ffffff"), "#000000");
        assert_eq!(ink_on("#000000"), "#ffffff");
        assert_eq!(ink_on("#3572a5"), "#ffffff");
        assert_eq!(ink_on("#f7df1e"), "#000000");
    }
}
