//! Code sample groups: a criterion's own samples, and files placed with
//! `<!-- versus:include … -->`, rendered side by side.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::model::{Criterion, Report, Sample, SampleFigure, SamplePair};
use crate::source::{SourceFile, display_path, file_name, read_source};
use crate::transform::highlight::{Highlighted, Highlighter};
use crate::transform::lines::{LineOptions, pre_html};
use crate::transform::markdown::IncludeSpec;
use crate::transform::syntax_mapping::CodeOrigin;
use crate::util::html::escape_html;
use crate::util::paths::escapes;

/// One block of a sample group, ready to render.
#[derive(Debug, Clone)]
pub struct SampleItem {
    /// The contender it belongs to, when its name says so.
    pub contender: Option<String>,
    /// Heading: the contender's name, or the file name.
    pub title: String,
    /// The language the author named for it, if any (else the file name
    /// and the first line decide).
    pub explicit_language: Option<String>,
    /// The file's name, for detecting its language.
    pub file_name: String,
    /// What to show as the file name (`node.js`, `samples/a.py:3-9`).
    pub file_label: String,
    /// The code itself.
    pub code: String,
    /// The file it comes from, for warnings.
    pub file: Arc<SourceFile>,
    /// Line numbers and highlighted lines.
    pub lines: LineOptions,
}

impl SampleItem {
    /// A criterion's own sample, with the criterion's line options.
    pub fn from_sample(sample: &Sample, report: &Report, criterion: &Criterion) -> Self {
        let contender = report.contender(&sample.contender);
        SampleItem {
            contender: Some(sample.contender.clone()),
            title: contender.map_or_else(|| sample.contender.clone(), |c| c.name.clone()),
            explicit_language: sample.explicit_language.clone(),
            file_name: file_name(&sample.file.path),
            file_label: file_name(&sample.file.path),
            code: sample.file.text.clone(),
            file: Arc::clone(&sample.file),
            lines: LineOptions {
                numbers: criterion.line_numbers,
                first: 1,
                highlight: criterion
                    .highlight
                    .get(&sample.contender)
                    .cloned()
                    .unwrap_or_default(),
            },
        }
    }
}

/// A group of samples, drawn, and what highlighting them found.
#[derive(Debug, Default)]
pub struct SampleGroup {
    /// The figures.
    pub pair: SamplePair,
    /// Highlighting warnings: unknown languages, time-outs.
    pub diagnostics: Vec<Diagnostic>,
    /// The highlighted blocks the figures show (see
    /// [`BodyOutput::code`](crate::transform::BodyOutput::code)).
    pub code: Vec<Arc<Highlighted>>,
}

/// Highlights each item of a group into its figure.
pub fn draw_group(items: &[SampleItem], highlighter: &Highlighter) -> SampleGroup {
    let mut diagnostics = Vec::new();
    let mut code = Vec::with_capacity(items.len());
    let mut figures = Vec::with_capacity(items.len());
    for item in items {
        let origin = CodeOrigin {
            explicit: item.explicit_language.as_deref(),
            file_name: Some(&item.file_name),
        };
        let block = highlighter.highlight(origin, &item.code, &item.file_label);
        if let Some(problem) = block.warning {
            diagnostics.push(Diagnostic::warning(problem).at(Location::span(&item.file, 0..0)));
        }
        let label = block.language.label.clone();
        figures.push(SampleFigure {
            contender: item.contender.clone(),
            title: item.title.clone(),
            language_id: block.language.id.clone(),
            code_html: pre_html(&label, &block.highlighted.html, &item.lines),
            language_label: label,
            file_label: item.file_label.clone(),
            notes: Vec::new(),
            output_html: None,
        });
        code.push(block.highlighted);
    }
    SampleGroup {
        pair: SamplePair { figures },
        diagnostics,
        code,
    }
}

/// The `vs-samples` markup of the theme contract for a group of figures.
pub fn pair_html(pair: &SamplePair) -> String {
    let mut html = String::with_capacity(pair_size(pair));
    write_pair(&mut html, pair);
    html
}

/// About how many bytes [`write_pair`] writes for `pair`.
pub fn pair_size(pair: &SamplePair) -> usize {
    pair.figures
        .iter()
        .map(|f| f.code_html.len() + f.output_html.as_ref().map_or(0, String::len) + 512)
        .sum::<usize>()
        + 64
}

/// Writes the `vs-samples` markup of `pair` at the end of `html`.
pub fn write_pair(html: &mut String, pair: &SamplePair) {
    html.push_str(&format!(
        "<div class=\"vs-samples\" data-count=\"{}\">\n",
        pair.figures.len()
    ));
    for figure in &pair.figures {
        let contender_attr = figure
            .contender
            .as_deref()
            .map(|id| format!(" data-contender=\"{}\"", escape_html(id)))
            .unwrap_or_default();
        let notes: String = figure
            .notes
            .iter()
            .map(|note| {
                format!(
                    " <span class=\"vs-sample-note\">{}</span>",
                    escape_html(note)
                )
            })
            .collect();
        html.push_str(&format!(
            "<figure class=\"vs-sample\"{contender_attr} data-lang=\"{lang}\">\n\
             <figcaption><span class=\"vs-sample-head\"><span class=\"vs-sample-name\">{title}</span> \
             <span class=\"vs-sample-lang\">{label}</span></span> \
             <span class=\"vs-sample-meta\"><span class=\"vs-sample-file-label\">File</span> \
             <span class=\"vs-sample-file\">{file}</span>{notes}</span></figcaption>\n",
            lang = escape_html(&figure.language_id),
            title = escape_html(&figure.title),
            label = escape_html(&figure.language_label),
            file = escape_html(&figure.file_label),
        ));
        html.push_str(&figure.code_html);
        if let Some(output) = &figure.output_html {
            html.push_str(output);
            html.push('\n');
        }
        html.push_str("</figure>\n");
    }
    html.push_str("</div>\n");
}

/// Writes `prose` to `out` with `part` where the first `slot` of it is
/// (dropping any other), or after it when it has none.
pub fn write_at_slot(out: &mut String, prose: &str, slot: &str, part: impl FnOnce(&mut String)) {
    match prose.find(slot) {
        Some(at) => {
            out.push_str(&prose[..at]);
            part(out);
            let rest = &prose[at + slot.len()..];
            if rest.contains(slot) {
                out.push_str(&rest.replace(slot, ""));
            } else {
                out.push_str(rest);
            }
        }
        None => {
            out.push_str(prose);
            part(out);
        }
    }
}

/// Resolves one file of an include marker written in `from` (a Markdown
/// file), refusing anything outside `root` (which must be canonical).
pub fn resolve_include(
    spec: &IncludeSpec,
    options: &LineOptions,
    from: &SourceFile,
    root: &Path,
    report: &Report,
    marker: &Location,
) -> Result<SampleItem, Diagnostic> {
    let base = include_path(spec, from, root);
    let error = |problem| Diagnostic::error(problem).at(marker.clone());
    // Refuse `..` that climbs out even when the target does not exist, so the
    // message says "outside" rather than "missing".
    if escapes(root, &base) {
        return Err(error(Problem::OutsideRoot {
            path: spec.path.clone(),
        }));
    }
    let missing = || {
        // Written from the site root but without the leading `/`?
        let from_root = (!spec.path.starts_with('/') && root.join(&spec.path).is_file())
            .then(|| format!("/{}", spec.path));
        error(Problem::MissingInclude {
            path: spec.path.clone(),
            looked: display_path(root, &crate::util::paths::normalize_path(&base)),
            from_root,
        })
    };
    let target = match base.canonicalize() {
        Ok(target) => target,
        Err(_) => return Err(missing()),
    };
    if !target.starts_with(root) {
        // A symbolic link that points out of the site.
        return Err(error(Problem::OutsideRoot {
            path: spec.path.clone(),
        }));
    }
    // Anything that exists is read: a folder or a named pipe gets an error
    // saying what it is.
    if !target.exists() {
        return Err(missing());
    }
    let file = read_source(root, &target).map_err(|d| *d)?;
    let code = match spec.lines {
        None => file.text.clone(),
        Some((first, last)) => {
            let lines: Vec<&str> = file.text.split_inclusive('\n').collect();
            if last > lines.len() {
                return Err(error(Problem::BadLineRange {
                    range: format!("{first}-{last}"),
                    path: spec.path.clone(),
                    lines: lines.len(),
                }));
            }
            lines[first - 1..last].concat()
        }
    };
    // Highlighted lines are numbered like the file, so they must fall
    // within the lines the block shows.
    let shown = match spec.lines {
        Some(range) => range,
        None => (1, file.text.lines().count()),
    };
    if let Some(line) = options
        .highlight
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .find(|line| !(shown.0..=shown.1).contains(line))
    {
        let reason = match spec.lines {
            Some((a, b)) => format!("the include shows lines {a}-{b} of `{}`", spec.path),
            None => format!("`{}` has {} lines", spec.path, shown.1),
        };
        return Err(error(Problem::HighlightOutside {
            what: "hl=".to_string(),
            line,
            reason,
        }));
    }
    let name = file_name(&target);
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    let contender = report.contender(stem);
    let file_label = match spec.lines {
        Some((a, b)) => format!("{}:{a}-{b}", display_path(root, &target)),
        None => display_path(root, &target),
    };
    Ok(SampleItem {
        contender: contender.map(|c| c.id.clone()),
        title: contender.map_or_else(|| name.clone(), |c| c.name.clone()),
        explicit_language: None,
        file_name: name.clone(),
        file_label,
        code,
        file,
        lines: LineOptions {
            first: spec.lines.map_or(1, |(first, _)| first),
            ..options.clone()
        },
    })
}

/// The path an include spec names, before symbolic links are resolved.
pub fn include_path(spec: &IncludeSpec, from: &SourceFile, root: &Path) -> std::path::PathBuf {
    match spec.path.strip_prefix('/') {
        Some(rest) => root.join(rest),
        None => from.path.parent().unwrap_or(root).join(&spec.path),
    }
}
