//! Bar charts (grouped when there are several series) drawn at build time
//! as inline SVG.
//!
//! The chart is an image with a `<title>` and a `<desc>` that state every
//! number, followed by the same numbers as a table (hidden on screen, read
//! by screen readers and shown with CSS off). Bars are filled with each
//! contender's colour, darkened or lightened until it stands out 3:1 against
//! the light and the dark background (WCAG's contrast for graphics); both
//! variants are given to the stylesheet as custom properties, the light one
//! also as the `fill` attribute for readers without CSS. Text is drawn in
//! `currentColor`, so it follows the page's scheme.
//!
//! The drawing is 360 units wide with text of at least 15 units: scaled
//! down to a 288 px column on a 320 px screen, the smallest text is 12 px.

use std::fmt::Write;

use super::Better;
use crate::util::colour::{hex, parse_hex, reach_contrast};
use crate::util::html::escape_html;

/// Width of the drawing in SVG units.
pub const WIDTH: f64 = 360.0;
/// Size of the smallest text, in SVG units.
pub const TEXT: f64 = 15.0;

/// The page background of the light scheme.
pub const LIGHT_BACKGROUND: &str = "#ffffff";
/// The page background of the dark scheme.
pub const DARK_BACKGROUND: &str = "#0e1116";
/// Contrast a bar needs against its background.
pub const GRAPHIC_CONTRAST: f64 = 3.0;

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The contender id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its brand colour, `#rrggbb`.
    pub color: String,
    /// The number.
    pub value: f64,
}

/// What to draw.
#[derive(Debug, Clone)]
pub struct Chart {
    /// A prefix for element ids, unique on the page.
    pub id: String,
    /// What is measured.
    pub metric: String,
    /// Its unit.
    pub unit: String,
    /// Which way is better.
    pub better: Better,
    /// Series label → bars.
    pub series: Vec<(String, Vec<Bar>)>,
    /// Lines under the chart: machine, versions, date.
    pub notes: Vec<String>,
}

/// `1,234`, `12.5`, `0.42`.
pub fn format_number(value: f64) -> String {
    let digits = if value.abs() >= 100.0 {
        0
    } else if value.abs() >= 10.0 {
        1
    } else {
        2
    };
    let text = format!("{value:.digits$}");
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let (sign, whole) = match whole.strip_prefix('-') {
        Some(rest) => ("-", rest.to_string()),
        None => ("", whole),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn with_unit(value: f64, unit: &str) -> String {
    if unit.is_empty() {
        format_number(value)
    } else {
        format!("{} {unit}", format_number(value))
    }
}

/// The chart's HTML: a `<figure>` with the SVG, the table and the notes.
pub fn chart_html(chart: &Chart) -> String {
    let better = match chart.better {
        Better::Lower => "lower is better",
        Better::Higher => "higher is better",
    };
    let heading = if chart.unit.is_empty() {
        format!("{}, {better}", chart.metric)
    } else {
        format!("{} ({}), {better}", chart.metric, chart.unit)
    };
    let several = chart.series.len() > 1;
    let max = chart
        .series
        .iter()
        .flat_map(|(_, bars)| bars.iter().map(|b| b.value))
        .fold(0.0_f64, f64::max);
    let label_width = chart
        .series
        .iter()
        .flat_map(|(_, bars)| bars.iter())
        .map(|b| text_width(&with_unit(b.value, &chart.unit)))
        .fold(0.0_f64, f64::max);
    let left = 4.0;
    let bar_room = (WIDTH - left - 8.0 - label_width - 6.0).max(60.0);

    let mut body = String::new();
    let mut y: f64 = 24.0;
    let heading_lines = wrap(&heading, 44);
    for line in &heading_lines {
        let _ = writeln!(
            body,
            "<text class=\"vs-chart-heading\" x=\"{left}\" y=\"{y}\" font-size=\"{TEXT}\" font-weight=\"700\" fill=\"currentColor\">{}</text>",
            escape_html(line)
        );
        y += 20.0;
    }
    y += 6.0;
    let mut description = Vec::new();
    for (label, bars) in &chart.series {
        if several {
            y += 4.0;
            let _ = writeln!(
                body,
                "<text class=\"vs-chart-series\" x=\"{left}\" y=\"{y}\" font-size=\"{TEXT}\" font-weight=\"700\" fill=\"currentColor\">{}</text>",
                escape_html(label)
            );
            y += 10.0;
        }
        let mut said = Vec::new();
        for bar in bars {
            y += 16.0;
            let _ = writeln!(
                body,
                "<text class=\"vs-chart-name\" x=\"{left}\" y=\"{y}\" font-size=\"{TEXT}\" fill=\"currentColor\">{}</text>",
                escape_html(&bar.name)
            );
            y += 5.0;
            let width = if max > 0.0 {
                (bar.value / max * bar_room).max(2.0)
            } else {
                2.0
            };
            let (light, dark) = bar_colors(&bar.color);
            let value = with_unit(bar.value, &chart.unit);
            let _ = writeln!(
                body,
                "<rect class=\"vs-chart-bar\" data-contender=\"{id}\" x=\"{left}\" y=\"{y}\" width=\"{width:.1}\" height=\"18\" rx=\"2\" fill=\"{light}\" style=\"--vs-bar:{light};--vs-bar-dark:{dark}\"/>",
                id = escape_html(&bar.id),
            );
            let _ = writeln!(
                body,
                "<text class=\"vs-chart-value\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{TEXT}\" fill=\"currentColor\">{}</text>",
                left + width + 6.0,
                y + 14.0,
                escape_html(&value)
            );
            y += 18.0 + 4.0;
            said.push(format!("{} {value}", bar.name));
        }
        y += 6.0;
        if several {
            description.push(format!("{label}: {}", said.join(", ")));
        } else {
            description.push(said.join(", "));
        }
    }
    let height = y.ceil();
    let id = escape_html(&chart.id);
    let mut html = format!(
        "<figure class=\"vs-chart\" id=\"{id}\">\n\
         <svg class=\"vs-chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n{body}</svg>\n",
        title = escape_html(&heading),
        desc = escape_html(&format!("{}.", description.join("; "))),
    );
    html.push_str(&table_html(chart, &heading));
    if !chart.notes.is_empty() {
        html.push_str("<figcaption class=\"vs-chart-notes\">");
        let notes: Vec<String> = chart.notes.iter().map(|n| escape_html(n)).collect();
        html.push_str(&notes.join("<br>"));
        html.push_str("</figcaption>\n");
    }
    html.push_str("</figure>\n");
    html
}

/// The numbers as a table, one row per series.
fn table_html(chart: &Chart, heading: &str) -> String {
    let mut names: Vec<(&str, &str)> = Vec::new();
    for (_, bars) in &chart.series {
        for bar in bars {
            if !names.iter().any(|(id, _)| *id == bar.id) {
                names.push((&bar.id, &bar.name));
            }
        }
    }
    let mut html = format!(
        "<table class=\"vs-chart-table\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Series</th>",
        escape_html(heading)
    );
    for (_, name) in &names {
        let _ = write!(html, "<th scope=\"col\">{}</th>", escape_html(name));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for (label, bars) in &chart.series {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", escape_html(label));
        for (id, _) in &names {
            let cell = bars
                .iter()
                .find(|b| b.id == *id)
                .map(|b| with_unit(b.value, &chart.unit))
                .unwrap_or_else(|| "—".into());
            let _ = write!(html, "<td>{}</td>", escape_html(&cell));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

/// A rough width of text at [`TEXT`] size: wide enough for digits and
/// Latin letters in common sans-serif fonts.
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * TEXT * 0.58
}

/// Splits a heading into lines of at most `limit` characters, at spaces.
fn wrap(text: &str, limit: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().expect("never empty");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > limit {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// The bar colours for the light and the dark background: the brand colour
/// when it stands out enough, else mixed towards black (light) or white
/// (dark) until it does.
pub fn bar_colors(color: &str) -> (String, String) {
    let rgb = parse_hex(color).unwrap_or([0x77; 3]);
    let on = |background: &str| {
        let background = parse_hex(background).expect("a valid constant");
        hex(reach_contrast(rgb, background, GRAPHIC_CONTRAST))
    };
    (on(LIGHT_BACKGROUND), on(DARK_BACKGROUND))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::colour::contrast;

    fn sample() -> Chart {
        Chart {
            id: "chart-speed".into(),
            metric: "wall time".into(),
            unit: "ms".into(),
            better: Better::Lower,
            series: vec![
                (
                    "cpu".into(),
                    vec![
                        Bar {
                            id: "node".into(),
                            name: "Node.js".into(),
                            color: "#417e38".into(),
                            value: 120.4,
                        },
                        Bar {
                            id: "python".into(),
                            name: "Python".into(),
                            color: "#ffd43b".into(),
                            value: 1480.0,
                        },
                    ],
                ),
                (
                    "json".into(),
                    vec![Bar {
                        id: "node".into(),
                        name: "Node.js".into(),
                        color: "#417e38".into(),
                        value: 80.0,
                    }],
                ),
            ],
            notes: vec!["2 cores".into()],
        }
    }

    #[test]
    fn the_description_states_every_number() {
        let html = chart_html(&sample());
        assert!(html.contains(
            "<desc id=\"chart-speed-desc\">cpu: Node.js 120 ms, Python 1,480 ms; json: Node.js 80.0 ms.</desc>"
        ), "{html}");
        assert!(html.contains("role=\"img\""));
        assert!(html.contains("<td>1,480 ms</td>"));
        assert!(html.contains("<td>—</td>"));
    }

    #[test]
    fn the_svg_is_well_formed() {
        let html = chart_html(&sample());
        let start = html.find("<svg").unwrap();
        let end = html.find("</svg>").unwrap() + 6;
        roxmltree::Document::parse(&html[start..end]).unwrap();
    }

    #[test]
    fn a_pale_colour_gets_a_darker_variant_on_white() {
        let (light, dark) = bar_colors("#ffd43b");
        let white = parse_hex(LIGHT_BACKGROUND).unwrap();
        let black = parse_hex(DARK_BACKGROUND).unwrap();
        assert!(
            contrast(parse_hex(&light).unwrap(), white) >= 3.0,
            "{light}"
        );
        assert_ne!(light, "#ffd43b");
        assert_eq!(dark, "#ffd43b");
        assert!(contrast(parse_hex(&dark).unwrap(), black) >= 3.0);
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(12.34), "12.3");
        assert_eq!(format_number(0.421), "0.42");
    }
}
