//! Reading an archive from JSON text, for a reader that must never fail
//! without a clear reason (the viewer shows it to people).
//!
//! The document must be a JSON object with a supported `format_version`.
//! An entry of the wrong shape (say, a missing `title`) is skipped and
//! counted, so one bad entry does not hide the other thousands. So is an
//! entry of more than [`MAX_ENTRY_BYTES`] of text. Anything else that is
//! wrong is a [`LoadError`].

use crate::archive::{Archive, Entry, Inline, Issue, SectionInfo, TagInfo, FORMAT_VERSION};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

/// The most text (the bytes of all its strings) an entry may have; a
/// larger one is skipped and counted like an entry of the wrong shape.
/// The builder's entries are a few kilobytes (the largest of the real
/// archive about 4 KB); an entry of megabytes can only be a damaged or
/// hostile archive, and its text would freeze the page that lays it out
/// (a 50 MB description took the viewer over 20 s to show).
pub const MAX_ENTRY_BYTES: usize = 64 * 1024;

/// An archive that was read, with what had to be left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub archive: Archive,
    /// Entries left out because they did not have the expected shape.
    pub skipped_entries: usize,
    /// The reason the first skipped entry was left out, for the console.
    pub first_skip_reason: Option<String>,
}

/// Why an archive could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The text is empty (or only white space).
    Empty,
    /// The text is not JSON, or is cut short.
    NotJson {
        line: usize,
        column: usize,
        reason: String,
    },
    /// Valid JSON, but not an archive (wrong top-level shape).
    WrongShape(String),
    /// An archive of a format this viewer does not read.
    UnsupportedVersion(u64),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Empty => f.write_str("the archive file is empty"),
            LoadError::NotJson { line, column, reason } => {
                write!(f, "the archive is not valid JSON (line {line}, column {column}: {reason})")
            }
            LoadError::WrongShape(reason) => {
                write!(f, "the file is JSON but not a weekly archive: {reason}")
            }
            LoadError::UnsupportedVersion(v) => write!(
                f,
                "the archive has format version {v}, but this viewer reads version {FORMAT_VERSION}; \
                 rebuild the archive with the matching builder"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// The top level, with entries kept raw so each can fail on its own.
#[derive(Deserialize)]
pub(crate) struct RawArchive<'a> {
    /// Kept raw: checked before anything else is trusted.
    #[serde(borrow)]
    format_version: Option<&'a RawValue>,
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
    issues: Vec<Issue>,
    #[serde(default)]
    sections: Vec<SectionInfo>,
    #[serde(default)]
    tags: Vec<TagInfo>,
    #[serde(default)]
    issue_url: Option<String>,
}

/// Reads only `format_version`. A whole-number field, so no
/// `serde_json::Value` (and its code) is needed in the wasm bundle.
#[derive(Deserialize)]
struct VersionProbe {
    format_version: Option<u64>,
}

/// Reads an archive from JSON text.
pub fn load_archive(text: &str) -> Result<Loaded, LoadError> {
    // A byte order mark, as some editors save JSON, is not part of it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    // Only a failure pays for the version probe, so an archive of another
    // version gets the version message rather than a confusing shape error.
    let raw: RawArchive = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            check_version(text)?;
            return Err(classify(&e));
        }
    };
    if !raw.has_supported_version() {
        check_version(text)?;
        // Unreachable in practice: the probe agrees with the parse above.
        return Err(LoadError::WrongShape(
            "its `format_version` is unreadable".into(),
        ));
    }
    let mut entries = Vec::with_capacity(raw.entries.len());
    let mut skips = Skips::default();
    for (i, value) in raw.entries.iter().enumerate() {
        match read_entry(i, value.get()) {
            Ok(entry) => entries.push(entry),
            Err(reason) => skips.add(reason),
        }
    }
    Ok(raw.with_entries(entries, skips))
}

/// Entries left out, and why the first was.
#[derive(Debug, Default)]
pub(crate) struct Skips {
    count: usize,
    first_reason: Option<String>,
}

impl Skips {
    pub(crate) fn add(&mut self, reason: String) {
        self.count += 1;
        self.first_reason.get_or_insert(reason);
    }

    pub(crate) fn count(&self) -> usize {
        self.count
    }
}

/// Entry `i` from its JSON text, or why it is left out.
pub(crate) fn read_entry(i: usize, json: &str) -> Result<Entry, String> {
    let entry = serde_json::from_str::<Entry>(json).map_err(|e| format!("entry {i}: {e}"))?;
    match oversized(i, &entry) {
        None => Ok(entry),
        Some(reason) => Err(reason),
    }
}

impl RawArchive<'_> {
    /// The archive of this top level and `entries` (read apart, in order),
    /// once its `format_version` has been checked.
    pub(crate) fn with_entries(self, entries: Vec<Entry>, skips: Skips) -> Loaded {
        Loaded {
            archive: Archive {
                format_version: FORMAT_VERSION,
                issues: self.issues,
                entries,
                sections: self.sections,
                tags: self.tags,
                issue_url: self.issue_url,
            },
            skipped_entries: skips.count,
            first_skip_reason: skips.first_reason,
        }
    }

    /// Whether `format_version` is the one this crate reads.
    pub(crate) fn sections_are_empty(&self) -> bool {
        self.sections.is_empty()
    }

    pub(crate) fn has_supported_version(&self) -> bool {
        self.format_version.map(|v| v.get().parse::<u64>()) == Some(Ok(u64::from(FORMAT_VERSION)))
    }
}

/// Why entry `i` is left out, if it has more than [`MAX_ENTRY_BYTES`] of
/// text.
fn oversized(i: usize, entry: &Entry) -> Option<String> {
    let size = text_bytes(entry);
    (size > MAX_ENTRY_BYTES).then(|| {
        format!(
            "entry {i} ({}): {size} bytes of text, more than the {MAX_ENTRY_BYTES} an entry may have",
            entry.id
        )
    })
}

/// The bytes of every string of an entry: what a reader's page would lay
/// out, whatever white space or escapes its JSON had.
fn text_bytes(entry: &Entry) -> usize {
    fn inlines(list: &[Inline]) -> usize {
        list.iter()
            .map(|inline| match inline {
                Inline::Text(text) | Inline::Code { code: text } => text.len(),
                Inline::Emphasis { em: inner } | Inline::Strong { strong: inner } => inlines(inner),
                Inline::Link { href, text } => href.len() + inlines(text),
            })
            .sum()
    }
    let strings = [
        &entry.id,
        &entry.section,
        &entry.section_title,
        &entry.title,
    ];
    strings.iter().map(|s| s.len()).sum::<usize>()
        + entry.url.as_ref().map_or(0, String::len)
        + entry.tags.iter().map(String::len).sum::<usize>()
        + entry
            .description
            .iter()
            .map(|b| inlines(&b.inlines))
            .sum::<usize>()
        + entry
            .children
            .iter()
            .map(|c| c.title.len() + c.url.len())
            .sum::<usize>()
}

/// Reads only the version, so an archive of another version gets the
/// version message rather than a confusing shape error.
fn check_version(text: &str) -> Result<u32, LoadError> {
    let whole: &RawValue = serde_json::from_str(text).map_err(|e| classify(&e))?;
    if !whole.get().starts_with('{') {
        return Err(LoadError::WrongShape(
            "the top level is not a JSON object".into(),
        ));
    }
    let probe: VersionProbe = serde_json::from_str(text).map_err(|e| match classify(&e) {
        LoadError::WrongShape(reason) => {
            LoadError::WrongShape(format!("`format_version` is not a whole number ({reason})"))
        }
        other => other,
    })?;
    match probe.format_version {
        None => Err(LoadError::WrongShape("it has no `format_version`".into())),
        Some(v) if v == u64::from(FORMAT_VERSION) => Ok(FORMAT_VERSION),
        Some(v) => Err(LoadError::UnsupportedVersion(v)),
    }
}

fn classify(e: &serde_json::Error) -> LoadError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => LoadError::NotJson {
            line: e.line(),
            column: e.column(),
            reason: short_reason(e),
        },
        Category::Data => LoadError::WrongShape(short_reason(e)),
    }
}

/// serde_json's message without its trailing " at line L column C".
fn short_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = r#"{"id":"en-1-articles-1","edition":"en","issue":1,"section":"articles",
        "section_title":"Articles","position":1,"title":"A","url":"https://example.com","lang":"en"}"#;

    fn doc(entries: &str) -> String {
        format!(
            r#"{{"format_version":1,"issues":[{{"edition":"en","number":1,"date":"2024-01-06",
            "title":"Weekly 1","source":"2024-01-06-weekly.md"}}],"entries":[{entries}]}}"#
        )
    }

    #[test]
    fn reads_a_valid_archive() {
        let loaded = load_archive(&doc(ENTRY)).unwrap();
        assert_eq!(loaded.archive.entries.len(), 1);
        assert_eq!(loaded.archive.issues[0].number, 1);
        assert_eq!(loaded.skipped_entries, 0);
    }

    #[test]
    fn reads_an_archive_saved_with_a_byte_order_mark() {
        let loaded = load_archive(&format!("\u{feff}{}", doc(ENTRY))).unwrap();
        assert_eq!(loaded.archive.entries.len(), 1);
    }

    #[test]
    fn skips_and_counts_entries_of_the_wrong_shape() {
        let bad = r#"{"id":"en-1-articles-2","edition":"en"}"#;
        let loaded = load_archive(&doc(&format!("{ENTRY},{bad},42"))).unwrap();
        assert_eq!(loaded.archive.entries.len(), 1);
        assert_eq!(loaded.skipped_entries, 2);
        assert!(loaded
            .first_skip_reason
            .unwrap()
            .starts_with("entry 1: missing field"));
    }

    #[test]
    fn skips_and_counts_an_entry_too_large_to_show() {
        // The entry's strings without its title: id, section, section
        // title and URL.
        let others = "en-1-articles-1articlesArticleshttps://example.com".len();
        let with_title = |len: usize| {
            let title = format!(r#""title":"{}""#, "x".repeat(len));
            ENTRY.replace(r#""title":"A""#, &title)
        };
        let limit = with_title(MAX_ENTRY_BYTES - others);
        let over = with_title(MAX_ENTRY_BYTES - others + 1);
        for (name, doc) in [
            ("all entries fine", doc(&format!("{ENTRY},{over},{limit}"))),
            (
                "one more of the wrong shape",
                doc(&format!("{ENTRY},{over},{limit},42")),
            ),
        ] {
            let loaded = load_archive(&doc).unwrap();
            assert_eq!(loaded.archive.entries.len(), 2, "{name}: the limit is read");
            let reason = loaded.first_skip_reason.unwrap();
            assert!(
                reason.starts_with("entry 1 (en-1-articles-1): 65537 bytes of text")
                    && reason.ends_with("more than the 65536 an entry may have"),
                "{name}: {reason}"
            );
        }
        // Escapes and white space in the JSON are not text.
        let escaped = with_title(0).replace(
            r#""title":"""#,
            &format!(
                r#""title":"{}"   {}"#,
                r"\u0041".repeat(10_000),
                " ".repeat(70_000)
            ),
        );
        let loaded = load_archive(&doc(&escaped)).unwrap();
        assert_eq!(loaded.archive.entries[0].title.len(), 10_000);
        assert_eq!(loaded.skipped_entries, 0);
    }

    #[test]
    fn names_each_kind_of_failure() {
        assert_eq!(load_archive("  \n"), Err(LoadError::Empty));
        let cut = doc(ENTRY);
        assert!(matches!(
            load_archive(&cut[..cut.len() / 2]),
            Err(LoadError::NotJson { .. })
        ));
        assert!(matches!(
            load_archive("<!doctype html><html></html>"),
            Err(LoadError::NotJson {
                line: 1,
                column: 1,
                ..
            })
        ));
        assert!(matches!(
            load_archive("[1,2]"),
            Err(LoadError::WrongShape(_))
        ));
        assert!(matches!(
            load_archive(r#"{"entries":[]}"#),
            Err(LoadError::WrongShape(_))
        ));
        for bad_version in [r#""1""#, "1.5", "-1", "null", "{}"] {
            let doc = format!(r#"{{"format_version":{bad_version},"issues":[],"entries":[]}}"#);
            let error = load_archive(&doc).unwrap_err();
            assert!(
                matches!(error, LoadError::WrongShape(_)),
                "{bad_version}: {error:?}"
            );
        }
        assert!(matches!(
            load_archive(r#"{"format_version":1,"issues":{},"entries":[]}"#),
            Err(LoadError::WrongShape(_))
        ));
        assert_eq!(
            load_archive(r#"{"format_version":99,"issues":[],"entries":[]}"#),
            Err(LoadError::UnsupportedVersion(99))
        );
    }

    #[test]
    fn messages_say_what_to_do() {
        let msg = LoadError::UnsupportedVersion(2).to_string();
        assert!(
            msg.contains("version 2") && msg.contains("rebuild"),
            "{msg}"
        );
        let msg = load_archive("{").unwrap_err().to_string();
        assert!(
            msg.starts_with("the archive is not valid JSON (line 1"),
            "{msg}"
        );
        assert!(
            !msg.contains(" at line "),
            "position is not repeated: {msg}"
        );
    }
}
