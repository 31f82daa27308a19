//! Stage 1: load. Reads report folders, parses front matter and checks
//! everything that can be checked without rendering, into the
//! [`model`](crate::model). All problems are collected, not just the first.

pub mod checks;
pub mod front_matter;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::evidence::expected::EXPECTED_EXTENSION;
use crate::evidence::front as evidence;
use crate::model::{Conclusion, Contender, Criterion, Markdown, Report, Sample};
use crate::source::{SourceFile, display_path, file_name, is_inside, read_source};
use crate::util::ignore::is_ignored_name;
use crate::util::slug::slugify;
use front_matter::{FrontMatter, PathSegment, key_path};

/// The folder of a site that holds its reports.
pub const CONTENT_DIR: &str = "content";
/// The file of a report folder (or criterion folder) holding its text.
pub const INDEX_FILE: &str = "index.md";
/// The optional closing words of a report.
pub const CONCLUSION_FILE: &str = "conclusion.md";

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Replaces `base_url` from `versus.toml`.
    pub base_url: Option<String>,
    /// Include reports and criteria marked `draft = true`.
    pub drafts: bool,
}

/// A report's `index.md`, loaded and checked: everything but its criteria.
#[derive(Debug, Clone)]
pub struct ReportHead {
    /// Folder name.
    pub slug: String,
    /// The report folder.
    pub dir: PathBuf,
    /// Checked contenders.
    pub contenders: Vec<Contender>,
    title: String,
    description: String,
    date: String,
    intro: Markdown,
    extra: Value,
}

/// Loads a report's `index.md`. `None` when there is none, it is a draft
/// left out, or it is too broken to use.
pub fn load_report_head(
    root: &Path,
    dir: &Path,
    options: &LoadOptions,
) -> (Option<ReportHead>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let index = dir.join(INDEX_FILE);
    // A folder without `index.md` is not a report; an `index.md` that is not
    // a file (a folder, a named pipe) is an error when it is read below.
    if std::fs::metadata(&index).is_err() {
        return (None, diagnostics);
    }
    let (file, fm, front) = match read_front::<ReportFront>(root, &index) {
        Ok(head) => head,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return (None, diagnostics);
        }
    };
    if front.draft && !options.drafts {
        return (None, diagnostics);
    }
    let contenders = check_contenders(&front.contenders, &file, &fm, &mut diagnostics);
    if let Some(reason) = checks::date_problem(&front.date) {
        diagnostics.push(
            Diagnostic::error(Problem::InvalidDate {
                value: front.date.clone(),
                reason,
            })
            .at(fm.location(&file, &key_path(&["date"]))),
        );
    }
    check_length(
        &front.description,
        "description",
        &file,
        &fm,
        &mut diagnostics,
    );
    fm.help_in_its_syntax(&mut diagnostics);
    let head = ReportHead {
        slug: file_name(dir),
        dir: dir.to_path_buf(),
        contenders,
        title: front.title,
        description: front.description,
        date: front.date,
        intro: Markdown {
            offset: fm.body_offset,
            file,
            html: String::new(),
        },
        extra: front.extra,
    };
    (Some(head), diagnostics)
}

/// The source paths of a report's criteria and conclusion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSources {
    /// Criterion files (`02-speed.md`) and folders (`01-architecture/`).
    pub criteria: Vec<CriterionSource>,
    /// `conclusion.md`, if present.
    pub conclusion: Option<PathBuf>,
}

/// Where a criterion is written, as the report folder's listing saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionSource {
    /// A Markdown file (`02-speed.md`) or a folder (`01-architecture/`).
    pub path: PathBuf,
    /// A folder of `index.md` and samples (or a link to one).
    pub is_folder: bool,
    /// Whether the folder is inside the site, when the listing tells it: a
    /// folder that is no link is where its report folder is. `None` for a
    /// link, which is resolved when its samples are read.
    pub inside: Option<bool>,
}

/// Lists a report folder: which entries are criteria, which the conclusion.
/// Reads no file.
pub fn report_sources(root: &Path, dir: &Path) -> Result<ReportSources, Diagnostic> {
    let mut sources = ReportSources::default();
    let mut dir_inside = None;
    for entry in sorted_entries(root, dir)? {
        let name = file_name(&entry.path);
        if entry.is_dir {
            if entry.path.join(INDEX_FILE).exists() {
                let inside = (!entry.is_link)
                    .then(|| *dir_inside.get_or_insert_with(|| is_inside(root, dir)));
                sources.criteria.push(CriterionSource {
                    path: entry.path,
                    is_folder: true,
                    inside,
                });
            }
        } else if name == CONCLUSION_FILE {
            sources.conclusion = Some(entry.path);
        } else if name != INDEX_FILE && name.ends_with(".md") {
            sources.criteria.push(CriterionSource {
                path: entry.path,
                is_folder: false,
                inside: None,
            });
        }
    }
    Ok(sources)
}

/// Puts a report together from its head and its loaded criteria: sorts the
/// criteria and checks their positions and slugs.
pub fn assemble_report(
    head: ReportHead,
    mut criteria: Vec<Criterion>,
    conclusion: Option<Conclusion>,
) -> (Report, Vec<Diagnostic>) {
    criteria.sort_by(|a, b| {
        a.position
            .cmp(&b.position)
            .then_with(|| a.name.cmp(&b.name))
    });
    let diagnostics = check_order(&criteria);
    let report = Report {
        slug: head.slug,
        dir: head.dir,
        title: head.title,
        description: head.description,
        date: head.date,
        contenders: head.contenders,
        intro: head.intro,
        conclusion,
        criteria,
        extra: head.extra,
        score: None,
        infographic: None,
        social_image: None,
        data: serde_json::Map::new(),
    };
    (report, diagnostics)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFront {
    title: String,
    description: String,
    date: String,
    contenders: Vec<ContenderFront>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    extra: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContenderFront {
    id: String,
    name: String,
    color: String,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    facts: IndexMap<String, Value>,
    #[serde(default)]
    run: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionFront {
    title: String,
    summary: String,
    #[serde(default)]
    points: IndexMap<String, Value>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    line_numbers: bool,
    #[serde(default)]
    highlight: IndexMap<String, String>,
    #[serde(default)]
    language: IndexMap<String, String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    run: Option<evidence::RunFront>,
    #[serde(default)]
    expect_exit: Option<evidence::ExpectExitFront>,
    #[serde(default)]
    measure: Option<evidence::MeasureFront>,
    #[serde(default)]
    chart: Option<evidence::ChartFront>,
    #[serde(default)]
    extra: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConclusionFront {
    #[serde(default)]
    title: Option<String>,
}

/// Reads a Markdown file whose front matter is required and must fit `T`.
fn read_front<T: serde::de::DeserializeOwned>(
    root: &Path,
    path: &Path,
) -> Result<(Arc<SourceFile>, FrontMatter, T), Diagnostic> {
    let file = read_source(root, path).map_err(|d| *d)?;
    let fm = required_front_matter(&file)?;
    let front = fm.deserialize(&file)?;
    Ok((file, fm, front))
}

fn required_front_matter(file: &Arc<SourceFile>) -> Result<FrontMatter, Diagnostic> {
    front_matter::parse(file)?
        .ok_or_else(|| Diagnostic::error(Problem::NoFrontMatter).at(Location::span(file, 0..0)))
}

fn check_contenders(
    declared: &[ContenderFront],
    file: &Arc<SourceFile>,
    fm: &FrontMatter,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Contender> {
    let at = |index: usize, key: &str| {
        fm.location(
            file,
            &[
                PathSegment::Key("contenders".into()),
                PathSegment::Index(index),
                PathSegment::Key(key.into()),
            ],
        )
    };
    let count = declared.len();
    if count < 2 {
        diagnostics.push(
            Diagnostic::error(Problem::TooFewContenders { count })
                .at(fm.location(file, &key_path(&["contenders"]))),
        );
    } else if count > 6 {
        diagnostics.push(
            Diagnostic::error(Problem::TooManyContenders { count })
                .at(fm.location(file, &key_path(&["contenders"]))),
        );
    }
    let mut contenders: Vec<Contender> = Vec::with_capacity(count);
    for (index, c) in declared.iter().enumerate() {
        if !is_id(&c.id) {
            diagnostics.push(
                Diagnostic::error(Problem::InvalidContenderId { id: c.id.clone() })
                    .at(at(index, "id")),
            );
        }
        if contenders.iter().any(|other| other.id == c.id) {
            diagnostics.push(
                Diagnostic::error(Problem::DuplicateContender { id: c.id.clone() })
                    .at(at(index, "id")),
            );
            continue;
        }
        if let Some(ch) = checks::undrawable_char(&c.name) {
            diagnostics.push(
                Diagnostic::warning(Problem::UndrawableName {
                    name: c.name.clone(),
                    ch,
                })
                .at(at(index, "name")),
            );
        }
        let color = match normalize_color(&c.color) {
            Some(color) => {
                if let Some((ratio, darker)) = checks::low_contrast(&color) {
                    diagnostics.push(
                        Diagnostic::warning(Problem::LowContrast {
                            ratio,
                            value: color.clone(),
                            darker,
                        })
                        .at(at(index, "color")),
                    );
                }
                color
            }
            None => {
                diagnostics.push(
                    Diagnostic::error(Problem::InvalidColor {
                        value: c.color.clone(),
                    })
                    .at(at(index, "color")),
                );
                "#777777".to_string()
            }
        };
        let facts = c
            .facts
            .iter()
            .map(|(label, value)| {
                let text = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (label.clone(), text)
            })
            .collect();
        let run = c.run.as_ref().and_then(|argv| {
            evidence::check_command(argv, at(index, "run"))
                .map_err(|d| diagnostics.push(d))
                .ok()
        });
        contenders.push(Contender {
            id: c.id.clone(),
            name: c.name.clone(),
            color,
            logo: c.logo.clone(),
            facts,
            run,
        });
    }
    contenders
}

/// Loads one criterion (a `.md` file or a folder with `index.md`) and
/// checks its points against the report's contenders.
pub fn load_criterion(
    root: &Path,
    source: &CriterionSource,
    contenders: &[Contender],
    options: &LoadOptions,
) -> (Option<Criterion>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let ids: Vec<String> = contenders.iter().map(|c| c.id.clone()).collect();
    let path = source.path.as_path();
    let (folder, md_path) = if source.is_folder {
        (Some(path), path.join(INDEX_FILE))
    } else {
        (None, path.to_path_buf())
    };
    let name = file_name(path);
    let (file, fm, front) = match read_front::<CriterionFront>(root, &md_path) {
        Ok(head) => head,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return (None, diagnostics);
        }
    };
    if front.draft && !options.drafts {
        return (None, diagnostics);
    }
    let (prefix, slug) = split_name(&name);
    let position = match front.weight.or(prefix) {
        Some(position) => position,
        None => {
            diagnostics.push(
                Diagnostic::error(Problem::NoPosition { name: name.clone() })
                    .at(Location::span(&file, 0..0)),
            );
            i64::MAX
        }
    };
    let points = per_contender(
        &front.points,
        "points",
        &ids,
        &fm,
        &file,
        &mut diagnostics,
        |id, value| {
            value
                .as_u64()
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| Problem::InvalidPoints {
                    id: id.to_string(),
                    value: value.to_string(),
                })
        },
    );
    let highlight = per_contender(
        &front.highlight,
        "highlight",
        &ids,
        &fm,
        &file,
        &mut diagnostics,
        |id, list| {
            crate::util::ranges::parse_ranges(list).map_err(|message| Problem::BadField {
                message: format!("`highlight.{id}`: {message}"),
            })
        },
    );
    let languages = per_contender(
        &front.language,
        "language",
        &ids,
        &fm,
        &file,
        &mut diagnostics,
        |_, language| Ok(language.clone()),
    );
    let mut samples = match folder {
        Some(folder) => find_samples(root, folder, source.inside, contenders, &mut diagnostics),
        None => Vec::new(),
    };
    for sample in &mut samples {
        sample.explicit_language = languages.get(&sample.contender).cloned();
    }
    check_length(&front.summary, "summary", &file, &fm, &mut diagnostics);
    for (id, ranges) in &highlight {
        let Some(sample) = samples.iter().find(|s| s.contender == *id) else {
            continue;
        };
        let lines = sample.file.text.lines().count();
        if let Some(&(first, _)) = ranges.iter().find(|(_, last)| *last > lines) {
            diagnostics.push(
                Diagnostic::error(Problem::HighlightOutside {
                    what: format!("highlight.{id}"),
                    line: first.max(lines + 1),
                    reason: format!("`{}` has {lines} lines", file_name(&sample.file.path)),
                })
                .at(fm.location(&file, &key_path(&["highlight", id]))),
            );
        }
    }
    fm.help_in_its_syntax(&mut diagnostics);
    if !samples.is_empty() && samples.len() < contenders.len() {
        let present: Vec<&str> = samples.iter().map(|s| s.contender.as_str()).collect();
        let missing: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !present.contains(id))
            .collect();
        diagnostics.push(
            Diagnostic::warning(Problem::IncompletePair {
                name: name.clone(),
                present: present.join(", "),
                missing: missing.join(", "),
            })
            .at(Location::file(&file)),
        );
    }
    let evidence = evidence::evidence_from_front(
        front.run,
        front.expect_exit,
        front.measure,
        front.chart,
        &ids,
        folder,
        &file,
        &fm,
        &mut diagnostics,
    );
    let criterion = Criterion {
        evidence,
        slug,
        name,
        position,
        title: front.title,
        summary: front.summary,
        points,
        body: Markdown {
            offset: fm.body_offset,
            file,
            html: String::new(),
        },
        samples,
        line_numbers: front.line_numbers,
        highlight,
        extra: front.extra,
        data: serde_json::Map::new(),
        pair: None,
        chart_html: None,
    };
    (Some(criterion), diagnostics)
}

/// Reads a front matter table keyed by contender id (`points`,
/// `highlight`): an unknown id, or a value `parse` refuses, is an error at
/// its line.
fn per_contender<V, T>(
    table: &IndexMap<String, V>,
    key: &str,
    ids: &[String],
    fm: &FrontMatter,
    file: &Arc<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
    parse: impl Fn(&str, &V) -> Result<T, Problem>,
) -> IndexMap<String, T> {
    let mut parsed = IndexMap::new();
    for (id, value) in table {
        let at = || fm.location(file, &key_path(&[key, id]));
        if !ids.is_empty() && !ids.contains(id) {
            diagnostics.push(
                Diagnostic::error(Problem::UnknownContender {
                    id: id.clone(),
                    known: ids.to_vec(),
                    table: key.to_string(),
                })
                .at(at()),
            );
            continue;
        }
        match parse(id, value) {
            Ok(value) => {
                parsed.insert(id.clone(), value);
            }
            Err(problem) => diagnostics.push(Diagnostic::error(problem).at(at())),
        }
    }
    parsed
}

/// The sample files of a criterion folder: `<contender id>.<extension>`.
fn find_samples(
    root: &Path,
    folder: &Path,
    folder_inside: Option<bool>,
    contenders: &[Contender],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Sample> {
    let entries = match sorted_entries(root, folder) {
        Ok(entries) => entries,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return Vec::new();
        }
    };
    let mut samples = Vec::new();
    // A file named like a sample of a contender that does not exist is most
    // likely a misspelt id (`sevlte.svelte`).
    let ids: Vec<&str> = contenders.iter().map(|c| c.id.as_str()).collect();
    for entry in entries.iter().filter(|e| !e.is_dir) {
        let name = file_name(&entry.path);
        let Some((stem, extension)) = name.rsplit_once('.') else {
            continue;
        };
        if name.ends_with(".md") || ids.contains(&stem) {
            continue;
        }
        if let Some(close) = crate::diagnostics::closest(stem, ids.iter().copied()) {
            diagnostics.push(
                Diagnostic::warning(Problem::StraySample {
                    file: display_path(root, &entry.path),
                    stem: stem.to_string(),
                    suggestion: format!("{close}.{extension}"),
                })
                .at(Location::file(&Arc::new(SourceFile::new(
                    entry.path.clone(),
                    display_path(root, &entry.path),
                    String::new(),
                )))),
            );
        }
    }
    let mut folder_inside = folder_inside;
    for contender in contenders {
        for entry in entries.iter().filter(|e| !e.is_dir) {
            let name = file_name(&entry.path);
            let Some((stem, extension)) = name.rsplit_once('.') else {
                continue;
            };
            if stem != contender.id || name == INDEX_FILE || extension == EXPECTED_EXTENSION {
                continue;
            }
            // A sample that is a link out of the site would publish that file.
            // An entry that is no link is where its folder is: the folder is
            // resolved once, not once per file.
            let inside = if entry.is_link {
                is_inside(root, &entry.path)
            } else {
                *folder_inside.get_or_insert_with(|| is_inside(root, folder))
            };
            if !inside {
                diagnostics.push(Diagnostic::error(Problem::OutsideRoot {
                    path: display_path(root, &entry.path),
                }));
                continue;
            }
            let expected = folder.join(format!("{}.{EXPECTED_EXTENSION}", contender.id));
            match read_source(root, &entry.path) {
                Ok(file) => samples.push(Sample {
                    contender: contender.id.clone(),
                    file,
                    language: extension.to_string(),
                    explicit_language: None,
                    expected: entries
                        .iter()
                        .any(|e| e.is_file && e.path == expected)
                        .then_some(expected),
                }),
                Err(diagnostic) => diagnostics.push(*diagnostic),
            }
        }
    }
    // Expected output that belongs to no sample is a typo or a leftover.
    for entry in entries.iter().filter(|e| !e.is_dir) {
        let name = file_name(&entry.path);
        if let Some(stem) = name.strip_suffix(&format!(".{EXPECTED_EXTENSION}"))
            && !samples.iter().any(|s| s.contender == stem)
            && let Ok(file) = read_source(root, &entry.path)
        {
            diagnostics.push(
                Diagnostic::error(Problem::OrphanOutput {
                    file: display_path(root, &entry.path),
                    stem: stem.to_string(),
                })
                .at(Location::file(&file)),
            );
        }
    }
    samples
}

/// Loads `conclusion.md`.
pub fn load_conclusion(root: &Path, path: &Path) -> Result<Conclusion, Diagnostic> {
    let file = read_source(root, path).map_err(|d| *d)?;
    let (title, offset) = match front_matter::parse(&file)? {
        Some(fm) => {
            let front: ConclusionFront = fm.deserialize(&file)?;
            (front.title, fm.body_offset)
        }
        None => (None, 0),
    };
    Ok(Conclusion {
        title: title.unwrap_or_else(|| "Conclusion".to_string()),
        body: Markdown {
            file,
            offset,
            html: String::new(),
        },
    })
}

fn check_order(criteria: &[Criterion]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for pair in criteria.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.position == b.position && a.position != i64::MAX {
            diagnostics.push(
                Diagnostic::error(Problem::DuplicatePosition {
                    position: a.position,
                    first: a.name.clone(),
                    second: b.name.clone(),
                })
                .at(Location::span(&b.body.file, 0..0)),
            );
        }
    }
    for (i, a) in criteria.iter().enumerate() {
        if let Some(b) = criteria[i + 1..].iter().find(|b| b.slug == a.slug) {
            diagnostics.push(
                Diagnostic::error(Problem::DuplicateSlug {
                    slug: a.slug.clone(),
                    first: a.name.clone(),
                    second: b.name.clone(),
                })
                .at(Location::span(&b.body.file, 0..0)),
            );
        }
    }
    diagnostics
}

/// `03-speed.md` → (Some(3), "speed"); `speed` → (None, "speed").
pub fn split_name(name: &str) -> (Option<i64>, String) {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    let rest = &stem[digits.len()..];
    let (prefix, rest) = match rest.strip_prefix(['-', '_', '.', ' ']) {
        Some(rest) if !digits.is_empty() => (digits.parse().ok(), rest),
        _ if !digits.is_empty() && rest.is_empty() => (digits.parse().ok(), stem),
        _ => (None, stem),
    };
    (prefix, slugify(rest))
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A warning when a meta description would be cut by search engines.
fn check_length(
    text: &str,
    key: &'static str,
    file: &Arc<SourceFile>,
    fm: &FrontMatter,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let length = text.chars().count();
    if length > checks::MAX_DESCRIPTION {
        diagnostics.push(
            Diagnostic::warning(Problem::LongDescription { key, length })
                .at(fm.location(file, &key_path(&[key]))),
        );
    }
}

/// `#abc` → `#aabbcc`; anything that is not a hex colour → `None`.
pub fn normalize_color(color: &str) -> Option<String> {
    let hex = color.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(format!(
            "#{}",
            hex.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_lowercase()
        )),
        _ => None,
    }
}

struct Entry {
    path: PathBuf,
    /// A folder, or a link to one.
    is_dir: bool,
    /// A regular file, or a link to one.
    is_file: bool,
    /// A symbolic link.
    is_link: bool,
}

/// The visible entries of a folder, sorted by name. Hidden files and editor
/// leftovers (`.swp`, `~`, `.#x`, `4913`) are skipped.
fn sorted_entries(root: &Path, dir: &Path) -> Result<Vec<Entry>, Diagnostic> {
    let io = |source: std::io::Error| {
        Diagnostic::error(Problem::Io {
            action: "list",
            path: display_path(root, dir),
            source: source.into(),
        })
    };
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored_name(&name) {
            continue;
        }
        let path = entry.path();
        // The listing says what an entry is without another system call;
        // only a link is followed, so that a linked folder counts as a
        // folder.
        let kind = entry.file_type().map_err(io)?;
        let is_link = kind.is_symlink();
        let (is_dir, is_file) = if is_link {
            (path.is_dir(), path.is_file())
        } else {
            (kind.is_dir(), kind.is_file())
        };
        entries.push(Entry {
            path,
            is_dir,
            is_file,
            is_link,
        });
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_position_and_slug() {
        let cases = [
            ("03-speed.md", (Some(3), "speed")),
            ("10_best-suited apps", (Some(10), "best-suited-apps")),
            ("speed.md", (None, "speed")),
            ("2026.md", (Some(2026), "2026")),
        ];
        for (name, (position, slug)) in cases {
            assert_eq!(split_name(name), (position, slug.to_string()), "{name}");
        }
    }

    #[test]
    fn colours_are_normalised() {
        assert_eq!(normalize_color("#ABC").as_deref(), Some("#aabbcc"));
        assert_eq!(normalize_color("#417e38").as_deref(), Some("#417e38"));
        assert_eq!(normalize_color("green"), None);
        assert_eq!(normalize_color("#12345"), None);
    }

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".index.md.swp",
            "index.md~",
            ".#index.md",
            "4913",
            ".DS_Store",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("index.md"));
    }
}
