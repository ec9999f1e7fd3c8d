//! The input folders, checked and read. A folder that is wrong as a whole
//! (missing, a file, of an unknown or doubled edition, with no issues) stops
//! the build before anything is written: building on without it would
//! write an archive and feeds that silently lack an edition. A single file
//! that cannot be read is reported and the others build.

use crate::parse::{file_kind, FileKind, SourceFile};
use crate::report::FileError;
use crate::tags;
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use weekly_core::archive::Edition;

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
    /// the archive as [`weekly_core::archive::Archive::issue_url`] (checked
    /// by [`weekly_core::links::check_issue_url_template`]); the CLI's
    /// default is [`crate::DEFAULT_ISSUE_URL`].
    pub issue_url: Option<String>,
}

/// An input folder that cannot be built from, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderError {
    pub folder: String,
    pub reason: String,
    pub hint: String,
}

impl fmt::Display for FolderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.folder, self.reason, self.hint)
    }
}

/// The edition a folder's name stands for (`…/zh`, `…/EN`, a link named
/// `en`); `.` and `..` are named by the folder they lead to.
pub fn edition_of_dir(dir: &Path) -> Option<Edition> {
    let resolved;
    let name = match dir.file_name() {
        Some(name) => name,
        None => {
            resolved = fs::canonicalize(dir).ok()?;
            resolved.file_name()?
        }
    };
    Edition::from_code(&name.to_str()?.to_ascii_lowercase())
}

/// Checks the folders and reads their `.md` files. Each edition comes from
/// exactly one folder: its name's, or `edition` when given (which must not
/// contradict a folder named for another edition). Every folder problem is
/// returned at once, so one run names them all.
pub fn read_inputs(dirs: &[PathBuf], edition: Option<Edition>) -> Result<Inputs, Vec<FolderError>> {
    let mut problems = Vec::new();
    let mut checked: Vec<(&PathBuf, Edition)> = Vec::new();
    let mut by_edition: BTreeMap<Edition, &PathBuf> = BTreeMap::new();
    let mut by_place: BTreeMap<PathBuf, &PathBuf> = BTreeMap::new();
    for dir in dirs {
        let problem = |reason: String, hint: String| FolderError {
            folder: dir.display().to_string(),
            reason,
            hint,
        };
        if let Err(p) = check_is_folder(dir) {
            problems.push(problem(p.0, p.1));
            continue;
        }
        let place = fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        if let Some(first) = by_place.insert(place, dir) {
            problems.push(problem(
                format!("the same folder as {}", first.display()),
                "give each folder once".into(),
            ));
            continue;
        }
        let named = edition_of_dir(dir);
        let ed = match (edition, named) {
            (Some(given), Some(named)) if given != named => {
                problems.push(problem(
                    format!(
                        "the folder is named for the {} edition but --edition {} was given",
                        named.code(),
                        given.code()
                    ),
                    "drop --edition, or give the folder that holds that edition".into(),
                ));
                continue;
            }
            (Some(ed), _) | (None, Some(ed)) => ed,
            (None, None) => {
                problems.push(problem(
                    "cannot tell the edition from the folder's name".into(),
                    "name the folder zh, en or ja, or pass --edition zh|en|ja".into(),
                ));
                continue;
            }
        };
        if let Some(first) = by_edition.insert(ed, dir) {
            problems.push(problem(
                format!("{} is the {} edition already", first.display(), ed.code()),
                "give one folder per edition (--edition names the edition of every folder)".into(),
            ));
            continue;
        }
        checked.push((dir, ed));
    }

    let mut inputs = Inputs::default();
    for (dir, ed) in checked {
        let before = inputs.files.len() + inputs.errors.len();
        if let Err(e) = read_folder(dir, ed, &mut inputs) {
            problems.push(FolderError {
                folder: dir.display().to_string(),
                reason: format!("cannot read the folder: {e}"),
                hint: "check its permissions".into(),
            });
            continue;
        }
        if inputs.files.len() + inputs.errors.len() == before {
            problems.push(FolderError {
                folder: dir.display().to_string(),
                reason: "holds no issue files".into(),
                hint: "give the folder of the edition's YYYY-MM-DD-weekly.md files".into(),
            });
        }
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(problems)
    }
}

/// Why `dir` is not a folder to read, with what to do.
fn check_is_folder(dir: &Path) -> Result<(), (String, String)> {
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => {
            let parent = dir
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            Err((
                "is a file, not a folder".into(),
                format!("give the folder that holds it ({})", parent.display()),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err((
            "no such folder".into(),
            "check the path: each edition's markdown is in a folder named zh, en or ja".into(),
        )),
        Err(e) => Err((
            format!("cannot read the folder: {e}"),
            "check the path and its permissions".into(),
        )),
    }
}

/// Reads one folder's `.md` files into `inputs`, in name order.
fn read_folder(dir: &Path, ed: Edition, inputs: &mut Inputs) -> std::io::Result<()> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
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
    Ok(())
}
