//! Reading an archive while it downloads: each entry is read as soon as
//! its last byte has arrived, so that by the time the download ends most
//! of the reading is done (on a real network, all of it).
//!
//! The result is always the one [`load_archive`] gives for the whole text.
//! The loader only reads ahead what it recognises: an object whose
//! `entries` array holds entries with the expected shape or a wrong one.
//! Anything it does not expect (a syntax error, bytes that are not UTF-8,
//! deep nesting, an `entries` key spelled with escapes ...) makes
//! [`ChunkedLoader::finish`] read the whole text with [`load_archive`], so
//! that the reader gets the same entries and the same messages.

use crate::archive::{Archive, Entry};
use crate::load::{load_archive, read_entry, LoadError, Loaded, RawArchive, Skips};

/// Nesting this deep (from the top level) is left to [`load_archive`],
/// whose parser has a recursion limit that an entry read alone would not
/// meet at the same depth. The builder's entries are 6 levels deep.
const MAX_DEPTH: usize = 64;

/// UTF-8's byte order mark, which some editors put before JSON.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Reads an archive from the chunks of its bytes, in order.
#[derive(Debug, Default)]
pub struct ChunkedLoader {
    bytes: Vec<u8>,
    /// Where scanning goes on, in `bytes`.
    at: usize,
    /// Nesting at `at` (1 inside the top-level object).
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// At the top level, after a key's colon (so a string is a value,
    /// not a key).
    in_value: bool,
    /// Where the top-level key being read starts (after its quote).
    key_start: Option<usize>,
    /// The last top-level key was `entries`, and its value is next.
    entries_next: bool,
    /// The `entries` array: where its `[` is and, once read, its end.
    entries_start: Option<usize>,
    entries_end: Option<usize>,
    /// Inside the `entries` array: where the element being read starts.
    element_start: Option<usize>,
    entries: Vec<Entry>,
    skips: Skips,
    /// The top-level object has closed.
    closed: bool,
    /// Something unexpected: `finish` reads the whole text again.
    unexpected: bool,
}

impl ChunkedLoader {
    pub fn new() -> ChunkedLoader {
        ChunkedLoader::with_capacity(0)
    }

    /// A loader expecting about `bytes` bytes.
    pub fn with_capacity(bytes: usize) -> ChunkedLoader {
        ChunkedLoader {
            bytes: Vec::with_capacity(bytes),
            ..ChunkedLoader::default()
        }
    }

    /// Takes the next chunk and reads every entry it completes.
    pub fn push(&mut self, chunk: &[u8]) {
        self.bytes.extend_from_slice(chunk);
        if !self.unexpected {
            self.scan();
        }
    }

    /// How many entries have been read so far (including skipped ones).
    pub fn entries_read(&self) -> usize {
        self.entries.len() + self.skips.count()
    }

    /// The archive as far as it has come, while more is on its way: the
    /// top level before `entries` with the entries read so far. For showing
    /// the first rows before the download ends; the archive itself is
    /// [`ChunkedLoader::finish`]'s. Only when `entries` is the last key
    /// (as the builder writes it), so that the issues, sections and tags
    /// are all in, and nothing unexpected has come; `None` once the whole
    /// archive is here.
    pub fn preview(&self) -> Option<Archive> {
        let start = self.entries_start?;
        if self.unexpected || self.closed || self.entries.is_empty() {
            return None;
        }
        let mut head = self.bytes[self.text_start()..start].to_vec();
        head.extend_from_slice(b"[]}");
        let head = String::from_utf8(head).ok()?;
        let raw = serde_json::from_str::<RawArchive>(&head).ok()?;
        // Sections are always written: without them, they come later.
        if !raw.has_supported_version() || raw.sections_are_empty() {
            return None;
        }
        Some(
            raw.with_entries(self.entries.clone(), Skips::default())
                .archive,
        )
    }

    /// The archive, once every chunk is in.
    pub fn finish(mut self) -> Result<Loaded, LoadError> {
        if let Some(rest) = self.top_level_without_entries() {
            if let Ok(raw) = serde_json::from_str::<RawArchive>(&rest) {
                if raw.has_supported_version() {
                    let entries = std::mem::take(&mut self.entries);
                    return Ok(raw.with_entries(entries, std::mem::take(&mut self.skips)));
                }
            }
        }
        let text = String::from_utf8_lossy(&self.bytes);
        load_archive(&text)
    }

    /// The whole text with `[]` for the entries array (small, read at
    /// once), if nothing unexpected came.
    fn top_level_without_entries(&self) -> Option<String> {
        let (start, end) = (self.entries_start?, self.entries_end?);
        let trailing = self.bytes[self.at..].iter().all(u8::is_ascii_whitespace);
        if self.unexpected || !self.closed || !trailing {
            return None;
        }
        let mut rest = Vec::with_capacity(self.bytes.len() - (end - start) + 2);
        rest.extend_from_slice(&self.bytes[self.text_start()..start]);
        rest.extend_from_slice(b"[]");
        rest.extend_from_slice(&self.bytes[end..]);
        String::from_utf8(rest).ok()
    }

    /// Where the JSON starts: after a byte order mark, as load_archive
    /// reads it.
    fn text_start(&self) -> usize {
        if self.bytes.starts_with(BOM) {
            BOM.len()
        } else {
            0
        }
    }

    fn scan(&mut self) {
        while self.at < self.bytes.len() && !self.unexpected {
            if self.in_string {
                self.scan_string();
                continue;
            }
            if self.depth > 2 {
                // Inside an element only strings and brackets matter.
                let rest = &self.bytes[self.at..];
                match rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'{' | b'}' | b'[' | b']'))
                {
                    Some(i) => self.at += i,
                    None => {
                        self.at = self.bytes.len();
                        return;
                    }
                }
            }
            let b = self.bytes[self.at];
            let at = self.at;
            self.at += 1;
            if b.is_ascii_whitespace() {
                continue;
            }
            if self.closed {
                // Anything after the top level is for load_archive to judge.
                self.unexpected = true;
                return;
            }
            if self.depth == 0 {
                // The start: a byte order mark, then the top-level object.
                if at == 0 && self.text_start() > 0 {
                    self.at = self.text_start();
                } else if b == b'{' {
                    self.depth = 1;
                } else {
                    self.unexpected = true;
                }
                continue;
            }
            if self.depth == 2 && self.element_start.is_none() && self.in_entries() {
                if b == b']' && self.entries_read() == 0 {
                    self.end_entries(at);
                    continue;
                }
                self.element_start = Some(at);
            }
            match b {
                b'"' => {
                    self.in_string = true;
                    if self.depth == 1 && !self.in_value {
                        self.key_start = Some(self.at);
                    }
                }
                b'{' | b'[' => {
                    if self.depth == 1 && self.entries_next && b == b'[' {
                        self.entries_start = Some(at);
                    }
                    self.entries_next = false;
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        self.unexpected = true;
                    }
                }
                b'}' | b']' => {
                    if self.depth == 2 && self.in_entries() {
                        self.end_element(at);
                        self.end_entries(at);
                        continue;
                    }
                    self.depth -= 1;
                    if self.depth == 0 {
                        self.closed = true;
                    }
                }
                b',' => {
                    if self.depth == 1 {
                        self.in_value = false;
                    } else if self.depth == 2 && self.in_entries() {
                        self.end_element(at);
                    }
                }
                b':' if self.depth == 1 => {
                    self.in_value = true;
                }
                _ => {
                    // A scalar value at the top level ends the `entries`
                    // key's chance to hold an array.
                    if self.depth == 1 {
                        self.entries_next = false;
                    }
                }
            }
        }
    }

    /// Inside the entries array (not yet closed).
    fn in_entries(&self) -> bool {
        self.entries_start.is_some() && self.entries_end.is_none()
    }

    /// Moves through a string to its closing quote (or the end of what
    /// has arrived).
    fn scan_string(&mut self) {
        if self.escaped {
            self.escaped = false;
            self.at += 1;
            return;
        }
        let rest = &self.bytes[self.at..];
        // memchr reads 16 bytes at a time: most of an archive's bytes are
        // in its long strings (titles, descriptions, links).
        let Some(i) = memchr::memchr2(b'"', b'\\', rest) else {
            self.at = self.bytes.len();
            return;
        };
        self.at += i + 1;
        if rest[i] == b'\\' {
            self.escaped = true;
            return;
        }
        self.in_string = false;
        if let Some(start) = self.key_start.take() {
            let key = &self.bytes[start..self.at - 1];
            if key == b"entries" {
                if self.entries_start.is_some() {
                    // Twice: load_archive names the duplicate.
                    self.unexpected = true;
                }
                self.entries_next = true;
            } else {
                self.entries_next = false;
            }
        } else if self.depth == 1 {
            self.entries_next = false;
        }
    }

    /// The element of the entries array that ends before `at` is in.
    fn end_element(&mut self, at: usize) {
        let Some(start) = self.element_start.take() else {
            // An empty element ("[1,,2]"): not JSON.
            self.unexpected = true;
            return;
        };
        let json = self.bytes[start..at].trim_ascii_end();
        // Not UTF-8: load_archive reads it as a browser decodes it.
        let Ok(json) = std::str::from_utf8(json) else {
            self.unexpected = true;
            return;
        };
        match read_entry(self.entries_read(), json) {
            Ok(entry) => self.entries.push(entry),
            // Only entries of the wrong shape are skipped: broken JSON
            // is the whole archive's error.
            Err(reason) if is_shape_error(json) => self.skips.add(reason),
            Err(_) => self.unexpected = true,
        }
    }

    fn end_entries(&mut self, at: usize) {
        self.entries_end = Some(at + 1);
        self.depth = 1;
        self.entries_next = false;
    }
}

/// Whether `json` is valid JSON (so an entry that failed to read has the
/// wrong shape, not broken syntax).
fn is_shape_error(json: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(json).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = r#"{"id":"en-1-articles-N","edition":"en","issue":1,"section":"articles",
        "section_title":"Arti\"cles ]}","position":1,"title":"A [\\","url":"https://example.com","lang":"en"}"#;

    fn doc(entries: usize) -> String {
        let entries: Vec<String> = (0..entries)
            .map(|i| ENTRY.replace('N', &i.to_string()))
            .collect();
        format!(
            "\u{feff}{{\"format_version\":1,\"entries\" : [ {} ] ,\"issues\":[{{\"edition\":\"en\",\"number\":1,\"date\":\"2024-01-06\",\n\"title\":\"Weekly 1\",\"source\":\"x.md\"}}]}}\n",
            entries.join(" ,\n")
        )
    }

    #[test]
    fn entries_are_read_as_their_bytes_arrive() {
        let text = doc(3);
        let bytes = text.as_bytes();
        let mut loader = ChunkedLoader::new();
        let mut read = Vec::new();
        for chunk in bytes.chunks(16) {
            loader.push(chunk);
            read.push(loader.entries_read());
        }
        // Read one by one, each once the comma (or the bracket) after it
        // has come; strings holding quotes and brackets do not confuse it.
        let steps: Vec<usize> = read
            .windows(2)
            .filter(|w| w[0] != w[1])
            .map(|w| w[1])
            .collect();
        assert_eq!(steps, [1, 2, 3]);
        assert!(!loader.unexpected);
        let loaded = loader.finish().unwrap();
        assert_eq!(loaded, load_archive(&text).unwrap());
        assert_eq!(loaded.archive.entries.len(), 3);
        assert_eq!(loaded.archive.entries[2].title, "A [\\");
    }

    #[test]
    fn a_preview_holds_what_has_come_when_entries_are_last() {
        let entries: Vec<String> = (0..3).map(|i| ENTRY.replace('N', &i.to_string())).collect();
        let text = format!(
            "{{\"format_version\":1,\"issues\":[{{\"edition\":\"en\",\"number\":1,\"date\":\"2024-01-06\",\"title\":\"Weekly 1\",\"source\":\"x.md\"}}],\"sections\":[{{\"id\":\"articles\",\"labels\":{{\"zh\":\"文章\",\"en\":\"Articles\",\"ja\":\"記事\"}}}}],\"entries\":[{}]}}",
            entries.join(",")
        );
        let whole = load_archive(&text).unwrap().archive;
        let mut loader = ChunkedLoader::new();
        let mut previews = Vec::new();
        for chunk in text.as_bytes().chunks(7) {
            loader.push(chunk);
            previews.push(loader.preview().map(|p| p.entries.len()));
        }
        // Nothing before the first entry; then one, two, three; nothing
        // once the archive has closed (finish gives it).
        let mut steps: Vec<Option<usize>> = previews.clone();
        steps.dedup();
        assert_eq!(steps, [None, Some(1), Some(2), None]);
        let mut loader = ChunkedLoader::new();
        loader.push(&text.as_bytes()[..text.len() - 3]);
        let preview = loader.preview().unwrap();
        assert_eq!(preview.entries[..], whole.entries[..2]);
        assert_eq!(
            (&preview.issues, &preview.sections),
            (&whole.issues, &whole.sections)
        );
        // Sections after the entries: no preview (its labels are missing).
        let late = doc(3);
        let mut loader = ChunkedLoader::new();
        loader.push(&late.as_bytes()[..late.len() - 100]);
        assert!(loader.entries_read() > 0);
        assert_eq!(loader.preview(), None);
    }

    #[test]
    fn what_it_does_not_expect_is_read_again_whole() {
        let good = doc(2);
        for (name, text) in [
            ("trailing text", format!("{good}x")),
            (
                "entries twice",
                good.replacen("\"issues\"", "\"entries\":[],\"issues\"", 1),
            ),
            ("an empty element", good.replacen("} ,", "} ,,", 1)),
            (
                "broken syntax in an entry",
                good.replacen("\"lang\":\"en\"", "\"lang\":en", 1),
            ),
            ("no entries", good.replacen("\"entries\"", "\"entriez\"", 1)),
        ] {
            let mut loader = ChunkedLoader::new();
            loader.push(text.as_bytes());
            let fell_back = loader.unexpected || loader.top_level_without_entries().is_none();
            assert!(fell_back, "{name}");
            assert_eq!(loader.finish(), load_archive(&text), "{name}");
        }
        // An entry of the wrong shape is skipped while reading ahead.
        let text = good.replacen("\"title\":", "\"titel\":", 1);
        let mut loader = ChunkedLoader::new();
        loader.push(text.as_bytes());
        assert!(!loader.unexpected);
        let loaded = loader.finish().unwrap();
        assert_eq!(
            (loaded.archive.entries.len(), loaded.skipped_entries),
            (1, 1)
        );
        assert_eq!(Ok(loaded), load_archive(&text));
    }
}
