//! Builds the archive of the Python Trending Weekly from the newsletter's
//! markdown: one [`Archive`] (written as `archive.json`) and a [`Report`] of
//! everything found on the way.

pub mod feeds;
pub mod inputs;
pub mod markdown;
pub mod mojibake;
pub mod parse;
pub mod report;
pub mod sections;
pub mod tags;

pub use inputs::{read_inputs, FolderError, Inputs};
use report::{EditionTotals, FileError, Report, Warning};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use weekly_core::archive::{Archive, Edition, Status, FORMAT_VERSION};

/// Where the newsletter publishes each issue: every edition's issue is at
/// the Chinese blog's post address for its date.
pub const DEFAULT_ISSUE_URL: &str = "https://pythoncat.top/posts/{date}-weekly";

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
    for e in &entries {
        let k = &mut report.entry_kinds;
        match e.status {
            Status::Normal => {
                k.links += 1;
                k.with_url += e.url.is_some() as usize;
            }
            Status::TitleOnly => k.title_only += 1,
            Status::Removed => k.removed += 1,
        }
    }
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
    let tmp = dir.join(temp_name(&name, std::process::id()));
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

/// The temporary file [`write_atomic`] writes `name` through, in the same
/// folder: `.<name>.<pid>.tmp`.
fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.{pid}.tmp")
}

/// A [`temp_name`], as a process stopped between creating it and renaming
/// it (Ctrl-C, a kill, a crash) leaves it.
fn is_temp_name(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .and_then(|n| n.rsplit_once('.'))
        .is_some_and(|(target, pid)| {
            !target.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        })
}

/// How old a temporary file must be to be another run's leftover: a write
/// takes milliseconds, so a minute leaves a concurrent build alone.
const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

/// Removes the leftovers of interrupted writes from `dir` (see
/// [`is_temp_name`]) and returns their paths. A missing folder has none.
pub fn sweep_stale_temps(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let now = SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let is_stale = entry.file_name().to_str().is_some_and(is_temp_name)
            && entry.metadata().is_ok_and(|m| {
                m.is_file()
                    && m.modified()
                        .ok()
                        .and_then(|t| now.duration_since(t).ok())
                        .is_some_and(|age| age >= STALE_TEMP_AGE)
            });
        if is_stale {
            fs::remove_file(entry.path())?;
            removed.push(entry.path());
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_write_atomic_leftovers_are_temp_names() {
        assert!(is_temp_name(".archive.json.1234.tmp"));
        assert!(is_temp_name(&temp_name("archive.json", std::process::id())));
        assert!(is_temp_name(".rss-tag-async.xml.7.tmp"));
        for name in [
            "archive.json",
            ".archive.json.tmp",
            ".archive.json.12a.tmp",
            "archive.json.12.tmp",
            "..12.tmp",
            ".archive.json.1234.tmp~",
        ] {
            assert!(!is_temp_name(name), "{name}");
        }
    }

    #[test]
    fn old_leftovers_are_swept_and_fresh_ones_and_others_kept() {
        let dir = std::env::temp_dir().join(format!("weekly-sweep-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let old = dir.join(".archive.json.99.tmp");
        let fresh = dir.join(".archive.json.98.tmp");
        let other = dir.join("notes.tmp");
        for p in [&old, &fresh, &other] {
            fs::write(p, b"x").unwrap();
        }
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        for p in [&old, &other] {
            fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        assert_eq!(sweep_stale_temps(&dir).unwrap(), vec![old.clone()]);
        assert!(!old.exists() && fresh.exists() && other.exists());
        assert!(sweep_stale_temps(&dir.join("missing")).unwrap().is_empty());
        let _ = fs::remove_dir_all(&dir);
    }
}
