//! Builds the archive of the Python Trending Weekly from the newsletter's
//! markdown: one [`Archive`] (written as `archive.json`) and a [`Report`] of
//! everything found on the way.

pub mod feeds;
pub mod markdown;
pub mod mojibake;
pub mod parse;
pub mod report;
pub mod sections;
pub mod tags;

use parse::{file_kind, FileKind, SourceFile};
use report::{EditionTotals, FileError, Report, Warning};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use weekly_core::archive::{Archive, Edition, Status, FORMAT_VERSION};

/// The files of the input folders, read, in a stable order.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<SourceFile>,
    /// Compilation files, left out on purpose.
    pub skipped_compilations: Vec<String>,
    /// Other files that are not issues, with the reason.
    pub skipped_other: Vec<String>,
    pub errors: Vec<FileError>,
    /// The topic taxonomy; without one, entries get no tags.
    pub taxonomy: Option<tags::Taxonomy>,
    /// Template of each issue's page on the newsletter's site, written into
    /// the archive as [`Archive::issue_url`] (checked by
    /// [`weekly_core::links::check_issue_url_template`]); the CLI's default
    /// is [`DEFAULT_ISSUE_URL`].
    pub issue_url: Option<String>,
}

/// Where the newsletter publishes each issue: every edition's issue is at
/// the Chinese blog's post address for its date.
pub const DEFAULT_ISSUE_URL: &str = "https://pythoncat.top/posts/{date}-weekly";

/// The edition of a folder from its name (`…/zh`).
pub fn edition_of_dir(dir: &Path) -> Option<Edition> {
    let name = dir.file_name()?.to_str()?;
    Edition::from_code(&name.to_ascii_lowercase())
}

/// Reads the `.md` files of the given folders. The edition is `edition`
/// when given, else the folder's name.
pub fn read_inputs(dirs: &[PathBuf], edition: Option<Edition>) -> Inputs {
    let mut inputs = Inputs::default();
    for dir in dirs {
        let shown = dir.display().to_string();
        let Some(ed) = edition.or_else(|| edition_of_dir(dir)) else {
            inputs.errors.push(FileError {
                file: shown,
                line: 0,
                reason: "cannot tell the edition from the folder's name".into(),
                hint: "name the folder zh, en or ja, or pass --edition zh|en|ja".into(),
            });
            continue;
        };
        let entries = match fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                inputs.errors.push(FileError {
                    file: shown,
                    line: 0,
                    reason: format!("cannot read the folder: {e}"),
                    hint: "check the path and its permissions".into(),
                });
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let shown = path.display().to_string();
            match file_kind(&name) {
                FileKind::Other => {
                    inputs
                        .skipped_other
                        .push(format!("{shown} (not a markdown file)"));
                    continue;
                }
                FileKind::Compilation => {
                    inputs.skipped_compilations.push(shown);
                    continue;
                }
                FileKind::Weekly => {}
            }
            match fs::read(&path) {
                Ok(bytes) => inputs.files.push(SourceFile {
                    name,
                    path: shown,
                    edition: ed,
                    bytes,
                }),
                Err(e) => inputs.errors.push(FileError {
                    file: shown,
                    line: 0,
                    reason: format!("cannot read the file: {e}"),
                    hint: "check that it exists and is readable".into(),
                }),
            }
        }
    }
    inputs
}

/// Builds the archive from files already read. `progress` is called after
/// each file with (done, total).
pub fn build(inputs: Inputs, mut progress: impl FnMut(usize, usize)) -> (Archive, Report) {
    let mut report = Report {
        skipped_compilations: inputs.skipped_compilations,
        skipped_other: inputs.skipped_other,
        errors: inputs.errors,
        ..Default::default()
    };
    let taxonomy = inputs.taxonomy;
    let issue_url = inputs.issue_url;
    let mut files = inputs.files;
    files.sort_by(|a, b| (a.edition, &a.name, &a.path).cmp(&(b.edition, &b.name, &b.path)));
    let total = files.len();
    let mut parsed: Vec<parse::ParsedIssue> = Vec::new();
    let mut totals: BTreeMap<String, EditionTotals> = BTreeMap::new();
    for (i, file) in files.iter().enumerate() {
        totals.entry(file.edition.code().into()).or_default().files += 1;
        match parse::parse_file(file) {
            Ok(p) => parsed.push(p),
            Err(e) => report.errors.push(e),
        }
        progress(i + 1, total);
    }
    let parsed = resolve_duplicates(parsed, &mut report);
    let mut issues = Vec::new();
    let mut entries = Vec::new();
    for p in parsed {
        let t = totals.entry(p.issue.edition.code().into()).or_default();
        t.issues += 1;
        t.entries += p.entries.len();
        t.title_only_issues += p.issue.title_only as usize;
        t.removed += p
            .entries
            .iter()
            .filter(|e| e.status == Status::Removed)
            .count();
        t.children += p.entries.iter().map(|e| e.children.len()).sum::<usize>();
        issues.push(p.issue);
        entries.extend(p.entries);
        report.per_issue.push(p.report);
        report.warnings.extend(p.warnings);
    }
    issues.sort_by_key(|i| (i.edition, i.number));
    entries.sort_by(|a, b| {
        (a.edition, a.issue, sections::order(&a.section), a.position).cmp(&(
            b.edition,
            b.issue,
            sections::order(&b.section),
            b.position,
        ))
    });
    report
        .per_issue
        .sort_by(|a, b| (&a.edition, a.number).cmp(&(&b.edition, b.number)));
    let mut tag_infos = Vec::new();
    if let Some(taxonomy) = &taxonomy {
        let tagged = tags::assign_tags(taxonomy, &mut entries);
        tag_infos = taxonomy.tag_infos();
        // Displayed busiest first, so a reader scanning forty topics meets
        // the common ones first (ties keep the taxonomy's order).
        tag_infos.sort_by_key(|t| {
            std::cmp::Reverse(tagged.entries_per_tag.get(&t.id).copied().unwrap_or(0))
        });
        report.tags = Some(tagged);
    }
    report.shared_links = report::shared_links(&entries);
    report.files = total;
    report.issues = issues.len();
    report.entries = entries.len();
    report.editions = totals;
    report.finish();
    let mut archive = Archive {
        format_version: FORMAT_VERSION,
        issues,
        entries,
        sections: sections::section_infos(),
        tags: tag_infos,
        issue_url,
    };
    // Written newest first, as the viewer lists them: it shows the first
    // rows from the first bytes.
    weekly_core::query::in_listing_order(&mut archive);
    (archive, report)
}

/// Two files of one edition with the same issue number: the author's slip
/// (the English #94 is titled #93). The later file takes the next number
/// when that number is free and fits before the following issue; otherwise
/// it is an error and the file is left out.
fn resolve_duplicates(
    parsed: Vec<parse::ParsedIssue>,
    report: &mut Report,
) -> Vec<parse::ParsedIssue> {
    let taken: BTreeSet<(Edition, u32)> = parsed
        .iter()
        .map(|p| (p.issue.edition, p.issue.number))
        .collect();
    let mut seen: BTreeMap<(Edition, u32), String> = BTreeMap::new();
    let mut out: Vec<parse::ParsedIssue> = Vec::new();
    let numbers: Vec<(Edition, u32)> = parsed
        .iter()
        .map(|p| (p.issue.edition, p.issue.number))
        .collect();
    for (i, mut p) in parsed.into_iter().enumerate() {
        let key = (p.issue.edition, p.issue.number);
        let Some(first) = seen.get(&key).cloned() else {
            seen.insert(key, p.report.file.clone());
            out.push(p);
            continue;
        };
        let candidate = key.1 + 1;
        let next = numbers[i + 1..]
            .iter()
            .find(|(e, _)| *e == key.0)
            .map(|(_, n)| *n);
        let fits = next.is_none_or(|n| n > candidate);
        if !taken.contains(&(key.0, candidate)) && !seen.contains_key(&(key.0, candidate)) && fits {
            report.warnings.push(Warning {
                file: p.report.file.clone(),
                line: 0,
                message: format!(
                    "the title says #{} like {first}; numbered #{candidate}, the free number between its neighbours",
                    key.1
                ),
            });
            p.renumber(candidate);
            seen.insert((key.0, candidate), p.report.file.clone());
            out.push(p);
        } else {
            report.errors.push(FileError {
                file: p.report.file.clone(),
                line: 0,
                reason: format!("issue {} #{} is already built from {first}", key.0, key.1),
                hint: "fix the issue number in the title, or remove the duplicate file".into(),
            });
        }
    }
    out
}

/// The archive as compact JSON.
pub fn to_json(archive: &Archive) -> Vec<u8> {
    serde_json::to_vec(archive).expect("the archive serializes")
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "archive.json".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
