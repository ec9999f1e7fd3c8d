//! What a build found: per issue and section, items against entries, the
//! author's numbering slips, stated counts against produced counts, where
//! every link of an entry section went, repaired mojibake, skipped files and
//! errors. Printed as text, or as JSON with `--json`.

use crate::mojibake::RepairedLine;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A file that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub file: String,
    /// 1-based line, 0 when the problem is the whole file.
    pub line: usize,
    pub reason: String,
    /// What to do about it.
    pub hint: String,
}

impl std::fmt::Display for FileError {
    /// `file:line: reason (hint)`, as the CLI prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} ({})",
            location(&self.file, self.line),
            self.reason,
            self.hint
        )
    }
}

/// Something worth a look that did not stop the build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Where the links of an entry section went. `unaccounted` is the number of
/// links an independent count of the section's markdown found beyond all of
/// the others; it must be 0.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LinkTally {
    /// Links in the section's markdown, counted independently.
    pub in_source: usize,
    pub entry_urls: usize,
    pub children: usize,
    pub description: usize,
    /// Skipped: the link of the section heading itself.
    pub heading: usize,
    /// Skipped: links in text before the first item.
    pub intro: usize,
    /// Skipped: promotion or subscription text after the items.
    pub footer: usize,
    /// Skipped: destinations that are not http(s) or mailto.
    pub unsafe_dropped: usize,
    /// Skipped: links a title's next link follows with nothing between,
    /// which make one title with it (the entry links the last).
    pub joined_in_title: usize,
    pub unaccounted: isize,
}

impl LinkTally {
    pub fn accounted(&self) -> usize {
        self.entry_urls
            + self.children
            + self.description
            + self.heading
            + self.intro
            + self.footer
            + self.unsafe_dropped
            + self.joined_in_title
    }

    pub fn close(&mut self) {
        self.unaccounted = self.in_source as isize - self.accounted() as isize;
    }

    pub fn add(&mut self, o: &LinkTally) {
        self.in_source += o.in_source;
        self.entry_urls += o.entry_urls;
        self.children += o.children;
        self.description += o.description;
        self.heading += o.heading;
        self.intro += o.intro;
        self.footer += o.footer;
        self.unsafe_dropped += o.unsafe_dropped;
        self.joined_in_title += o.joined_in_title;
        self.unaccounted += o.unaccounted;
    }
}

/// One section of one issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SectionReport {
    /// Canonical id, or "" for a section that gives no entries.
    pub id: String,
    pub title: String,
    pub line: usize,
    /// "entries", "boilerplate" or "unknown".
    pub kind: String,
    /// Lines taken as numbered items.
    pub numbered_items: usize,
    pub entries: usize,
    pub removed: usize,
    pub title_only: usize,
    /// Entries without a link of their own (not removed, not title-only).
    pub without_url: usize,
    /// The numbers the author printed, in order.
    pub numbers: Vec<u32>,
    /// Numbering slips: repeats, skips, not starting at 1.
    pub slips: Vec<String>,
    /// Why entries differ from numbered items, and other notes.
    pub notes: Vec<String>,
    pub links: LinkTally,
    /// Links skipped other than the heading's: "line N, reason: url".
    pub skipped_links: Vec<String>,
    /// Images dropped from descriptions.
    pub images: usize,
}

/// One issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IssueReport {
    pub edition: String,
    pub number: u32,
    pub file: String,
    pub title_only: bool,
    pub sections: Vec<SectionReport>,
    pub stated_counts: BTreeMap<String, u32>,
    pub produced_counts: BTreeMap<String, u32>,
    /// Stated counts that differ from the produced ones (books excepted:
    /// that figure is copies of a book).
    pub count_mismatches: Vec<String>,
    pub repaired_lines: Vec<RepairedLine>,
    /// Notes on the whole issue (an issue without entry sections ...).
    pub notes: Vec<String>,
}

/// Totals of one edition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EditionTotals {
    pub files: usize,
    pub issues: usize,
    pub entries: usize,
    pub title_only_issues: usize,
    pub removed: usize,
    pub children: usize,
}

/// `file:line`, or `file` when the problem is the whole file (line 0).
pub fn location(file: &str, line: usize) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}")
    }
}

/// The archive's entries by kind, as the viewer counts them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EntryKinds {
    /// Entries that are links (not title-only, not removed): what tags
    /// cover.
    pub links: usize,
    /// Link entries with a URL of their own (the others carry their links
    /// in the description).
    pub with_url: usize,
    pub title_only: usize,
    pub removed: usize,
}

/// The whole report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub files: usize,
    pub issues: usize,
    pub entries: usize,
    pub entry_kinds: EntryKinds,
    pub editions: BTreeMap<String, EditionTotals>,
    /// Sum over all entry sections; must be 0.
    pub unaccounted_links: isize,
    pub links: LinkTally,
    pub images_dropped: usize,
    pub stated_count_mismatches: usize,
    pub numbering_slips: usize,
    pub skipped_compilations: Vec<String>,
    pub skipped_other: Vec<String>,
    pub errors: Vec<FileError>,
    pub warnings: Vec<Warning>,
    pub repaired_files: Vec<String>,
    /// Topic tagging, when the build had a taxonomy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<crate::tags::TagReport>,
    /// Links that appear in more than one entry (any issue, any edition),
    /// most entries first: what the viewer lists as "also in".
    pub shared_links: Vec<SharedLink>,
    pub per_issue: Vec<IssueReport>,
}

/// One link (normalized URL) and the entries that share it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SharedLink {
    pub url: String,
    /// Entry ids, in archive order.
    pub entries: Vec<String>,
}

/// The links of `entries` that appear in more than one entry.
pub fn shared_links(entries: &[weekly_core::archive::Entry]) -> Vec<SharedLink> {
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in entries {
        if let Some(url) = &e.url {
            groups
                .entry(weekly_core::links::normalize_url(url))
                .or_default()
                .push(e.id.clone());
        }
    }
    let mut shared: Vec<SharedLink> = groups
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|(url, entries)| SharedLink { url, entries })
        .collect();
    // Most entries first; the BTreeMap gave URL order for ties.
    shared.sort_by_key(|link| std::cmp::Reverse(link.entries.len()));
    shared
}

impl Report {
    /// Fills the totals from the per-issue reports.
    pub fn finish(&mut self) {
        self.links = LinkTally::default();
        self.images_dropped = 0;
        self.stated_count_mismatches = 0;
        self.numbering_slips = 0;
        self.repaired_files.clear();
        for ir in &self.per_issue {
            for s in &ir.sections {
                if s.kind == "entries" {
                    self.links.add(&s.links);
                }
                self.images_dropped += s.images;
                self.numbering_slips += s.slips.len();
            }
            self.stated_count_mismatches += ir.count_mismatches.len();
            if !ir.repaired_lines.is_empty() {
                self.repaired_files.push(ir.file.clone());
            }
        }
        self.unaccounted_links = self.links.unaccounted;
    }

    /// The readable report: what needs a look first, the summary last.
    /// Errors are not in it: the CLI prints them on stderr, where they are
    /// seen whatever happens to stdout. Notes (items the author removed or
    /// left without a link, one-entry sections ...) are counted, and listed
    /// with `verbose`.
    pub fn to_text(&self, verbose: bool) -> String {
        let mut o = String::new();
        let mut notes = 0;
        for ir in &self.per_issue {
            let mut lines = Vec::new();
            for s in &ir.sections {
                notes += s.notes.len();
                let show = verbose || !s.slips.is_empty() || s.links.unaccounted != 0;
                if !show {
                    continue;
                }
                let l = &s.links;
                lines.push(format!(
                    "  [{}] {} (line {}): {} numbered, {} entries ({} removed, {} title-only, {} without url); links {} = {} urls + {} children + {} in descriptions + {} skipped{}",
                    if s.id.is_empty() { &s.kind } else { &s.id },
                    s.title,
                    s.line,
                    s.numbered_items,
                    s.entries,
                    s.removed,
                    s.title_only,
                    s.without_url,
                    l.in_source,
                    l.entry_urls,
                    l.children,
                    l.description,
                    l.heading + l.intro + l.footer + l.unsafe_dropped + l.joined_in_title,
                    if l.unaccounted != 0 { format!(", UNACCOUNTED {}", l.unaccounted) } else { String::new() },
                ));
                for slip in &s.slips {
                    lines.push(format!("      numbering: {slip}"));
                }
                if verbose {
                    for note in &s.notes {
                        lines.push(format!("      note: {note}"));
                    }
                    for skipped in &s.skipped_links {
                        lines.push(format!("      skipped link: {skipped}"));
                    }
                }
            }
            notes += ir.notes.len();
            if verbose {
                for note in &ir.notes {
                    lines.push(format!("  note: {note}"));
                }
            }
            for m in &ir.count_mismatches {
                lines.push(format!("  stated count: {m}"));
            }
            for r in &ir.repaired_lines {
                lines.push(format!("  repaired line {}: {}", r.line, r.after));
            }
            if !lines.is_empty() || verbose {
                let _ = writeln!(o, "{} #{} ({})", ir.edition, ir.number, ir.file);
                for l in lines {
                    let _ = writeln!(o, "{l}");
                }
            }
        }
        if verbose && !self.skipped_compilations.is_empty() {
            let _ = writeln!(
                o,
                "skipped compilation files ({}): {}",
                self.skipped_compilations.len(),
                self.skipped_compilations.join(", ")
            );
        }
        for s in &self.skipped_other {
            let _ = writeln!(o, "skipped: {s}");
        }
        for w in &self.warnings {
            let _ = writeln!(o, "warning: {}: {}", location(&w.file, w.line), w.message);
        }
        let _ = writeln!(o, "---");
        let k = &self.entry_kinds;
        let _ = writeln!(
            o,
            "files: {}, issues: {}, entries: {} ({} links, {} of them with a URL; {} title-only; {} removed)",
            self.files, self.issues, self.entries, k.links, k.with_url, k.title_only, k.removed
        );
        for (ed, t) in &self.editions {
            let _ = writeln!(
                o,
                "  {ed}: {} files, {} issues ({} title-only), {} entries ({} removed), {} sub-links",
                t.files, t.issues, t.title_only_issues, t.entries, t.removed, t.children
            );
        }
        let l = &self.links;
        let _ = writeln!(
            o,
            "links in entry sections: {} = {} item links + {} children + {} description links ({} of them the URL of an unnumbered entry) + skipped ({} headings, {} intros, {} footers, {} unsafe, {} joined to the next link in a title)",
            l.in_source, l.entry_urls, l.children, l.description,
            k.with_url.saturating_sub(l.entry_urls),
            l.heading, l.intro, l.footer, l.unsafe_dropped, l.joined_in_title
        );
        let _ = writeln!(o, "unaccounted links: {}", self.unaccounted_links);
        let _ = writeln!(
            o,
            "stated-count mismatches: {}, numbering slips: {}, images dropped: {}",
            self.stated_count_mismatches, self.numbering_slips, self.images_dropped
        );
        let _ = writeln!(
            o,
            "repaired mojibake in {} file(s){}",
            self.repaired_files.len(),
            if self.repaired_files.is_empty() {
                String::new()
            } else {
                format!(": {}", self.repaired_files.join(", "))
            }
        );
        let _ = writeln!(
            o,
            "skipped compilations: {}, notes: {notes}{}, warnings: {}, errors: {}",
            self.skipped_compilations.len(),
            if verbose || notes == 0 {
                ""
            } else {
                " (-v lists them)"
            },
            self.warnings.len(),
            self.errors.len()
        );
        let _ = writeln!(
            o,
            "links in several entries: {} (in {} entries){}",
            self.shared_links.len(),
            self.shared_links
                .iter()
                .map(|l| l.entries.len())
                .sum::<usize>(),
            if self.shared_links.is_empty() {
                String::new()
            } else {
                format!(
                    "; most: {}",
                    self.shared_links
                        .iter()
                        .take(5)
                        .map(|l| format!("{} ×{}", l.url, l.entries.len()))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        if let Some(tags) = self.tags.as_ref().filter(|t| t.link_entries == 0) {
            let _ = writeln!(
                o,
                "tags: no link entries to tag ({} topics matched nothing)",
                tags.tags_matching_nothing.len()
            );
        } else if let Some(tags) = &self.tags {
            let _ = writeln!(
                o,
                "tags: {:.1} % of {} link entries tagged (target 90 %: {}); {} untagged{}",
                tags.coverage() * 100.0,
                tags.link_entries,
                if tags.coverage() >= 0.9 {
                    "met"
                } else {
                    "NOT MET"
                },
                tags.untagged_count,
                if tags.untagged_sample.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", e.g. {}",
                        tags.untagged_sample
                            .iter()
                            .take(8)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            );
            let per_tag: Vec<String> = tags
                .entries_per_tag
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect();
            let _ = writeln!(o, "entries per tag: {}", per_tag.join(", "));
            if !tags.tags_matching_nothing.is_empty() {
                let _ = writeln!(
                    o,
                    "tags matching nothing: {}",
                    tags.tags_matching_nothing.join(", ")
                );
            }
        }
        o
    }
}
