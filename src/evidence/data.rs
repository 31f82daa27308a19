//! A chart's numbers, from `measurements.toml`, a table in front matter, or
//! a CSV file beside the criterion.
//!
//! A CSV file has a header row naming the series column first and then one
//! column per contender id; each further row is one series:
//!
//! ```text
//! case,node,python
//! hello world,41200,18300
//! json,30100,12900
//! ```

use std::path::Path;

use indexmap::IndexMap;

use super::measure::{Measurements, read_measurements};
use super::{ChartPlan, ChartSource};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::source::read_source;

/// One series: its label and contender id → value.
pub type SeriesRow = (String, IndexMap<String, f64>);

/// The numbers to draw: series label → contender id → value.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// The series, in order.
    pub series: Vec<SeriesRow>,
    /// The measurements, when the numbers come from `versus measure`.
    pub measured: Option<Measurements>,
}

/// Reads a chart's numbers, checking them against the report's contenders.
pub fn chart_data(plan: &ChartPlan, ids: &[String], root: &Path) -> Result<ChartData, Diagnostic> {
    match &plan.source {
        ChartSource::Table(table) => Ok(ChartData {
            series: table
                .iter()
                .map(|(label, row)| (label.clone(), row.clone()))
                .collect(),
            measured: None,
        }),
        ChartSource::Measurements(path) => {
            if !path.is_file() {
                return Err(Diagnostic::error(Problem::BadData {
                    message: format!(
                        "the chart reads `{}`, which does not exist yet",
                        crate::source::display_path(root, path)
                    ),
                })
                .at(plan.at.clone())
                .with_note("run `versus measure` to measure the samples and write it"));
            }
            let measurements = read_measurements(path, root)?;
            let series = measurements
                .series
                .iter()
                .map(|s| {
                    let label = if s.case.is_empty() {
                        "run".to_string()
                    } else {
                        s.case.clone()
                    };
                    let row = s
                        .results
                        .iter()
                        .map(|(id, stats)| (id.clone(), stats.median_ms))
                        .collect();
                    (label, row)
                })
                .collect();
            Ok(ChartData {
                series,
                measured: Some(measurements),
            })
        }
        ChartSource::Csv(path) => {
            if !path.is_file() {
                return Err(Diagnostic::error(Problem::BadData {
                    message: format!(
                        "the chart reads `{}`, which does not exist",
                        crate::source::display_path(root, path)
                    ),
                })
                .at(plan.at.clone()));
            }
            let file = read_source(root, path).map_err(|d| *d)?;
            let series = parse_csv(&file, ids)?;
            Ok(ChartData {
                series,
                measured: None,
            })
        }
    }
}

/// Parses a chart CSV; errors name the line and column of the cell.
pub fn parse_csv(
    file: &std::sync::Arc<crate::source::SourceFile>,
    ids: &[String],
) -> Result<Vec<SeriesRow>, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(file.text.as_bytes());
    let error = |message: String, offset: usize| {
        Diagnostic::error(Problem::BadData { message }).at(Location::span(file, offset..offset))
    };
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(error(format!("`{}`: {e}", file.display), 0)),
        None => {
            return Err(error(
                format!(
                    "`{}` is empty: it needs a header row like `case,{}`",
                    file.display,
                    ids.join(",")
                ),
                0,
            ));
        }
    };
    // Byte offset of a field: the record's start plus the field's place in
    // it (exact for unquoted fields, the start of the line otherwise).
    let offset_of = |record: &csv::StringRecord, index: usize| -> usize {
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let line_end = file.text[start..]
            .find('\n')
            .map_or(file.text.len(), |i| start + i);
        let line = &file.text[start..line_end];
        let mut at = 0;
        for (i, cell) in line.split(',').enumerate() {
            if i == index {
                let trimmed = cell.len() - cell.trim_start().len();
                return start + at + trimmed;
            }
            at += cell.len() + 1;
        }
        start
    };
    let columns: Vec<String> = header.iter().skip(1).map(str::to_string).collect();
    for (i, column) in columns.iter().enumerate() {
        if !ids.contains(column) {
            return Err(error(
                format!(
                    "`{}`: column `{column}` is not a contender of this report (they are {})",
                    file.display,
                    ids.join(", ")
                ),
                offset_of(&header, i + 1),
            ));
        }
    }
    if let Some(missing) = ids.iter().find(|id| !columns.contains(id)) {
        let end = file.text.find('\n').unwrap_or(file.text.len());
        return Err(error(
            format!(
                "`{}` has no column for contender `{missing}`: the header must name every contender ({})",
                file.display,
                ids.join(", ")
            ),
            end,
        )
        .with_note(format!("add `,{missing}` to the header and a number to each row")));
    }
    let mut series = Vec::new();
    for record in records {
        let record = record.map_err(|e| error(format!("`{}`: {e}", file.display), 0))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let label = record.get(0).unwrap_or_default().to_string();
        let mut row = IndexMap::new();
        for (i, id) in columns.iter().enumerate() {
            let cell = record.get(i + 1).unwrap_or_default();
            let value: f64 = match cell.replace('_', "").parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    return Err(error(
                        format!(
                            "`{}`: `{cell}` in column `{id}` is not a number",
                            file.display
                        ),
                        offset_of(&record, i + 1),
                    )
                    .with_note("write plain numbers such as `1200` or `12.5`, without units"));
                }
            };
            row.insert(id.clone(), value);
        }
        series.push((label, row));
    }
    if series.is_empty() {
        return Err(error(
            format!("`{}` has a header but no rows of numbers", file.display),
            0,
        ));
    }
    Ok(series)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use std::sync::Arc;

    fn csv(text: &str) -> Result<Vec<SeriesRow>, Diagnostic> {
        let file = Arc::new(SourceFile::new("r.csv", "r.csv", text));
        parse_csv(&file, &["node".to_string(), "python".to_string()])
    }

    #[test]
    fn rows_become_series() {
        let series = csv("case,node,python\nhello,1200,800.5\n").unwrap();
        assert_eq!(series[0].0, "hello");
        assert_eq!(series[0].1["python"], 800.5);
    }

    #[test]
    fn a_word_in_a_number_cell_is_an_error_at_its_cell() {
        let err = csv("case,node,python\nhello,1200,fast\n").unwrap_err();
        assert_eq!(err.position().unwrap(), "r.csv:2:12");
        assert!(err.problem.to_string().contains("`fast`"));
    }

    #[test]
    fn a_missing_contender_column_is_named() {
        let err = csv("case,node\nhello,1200\n").unwrap_err();
        assert!(err.problem.to_string().contains("contender `python`"));
        assert_eq!(err.position().unwrap(), "r.csv:1:10");
    }
}
