//! RSS 2.0 and JSON Feed 1.1 feeds of the archive, and an OPML list of the
//! topic feeds, written into `<out>/feeds/` next to `archive.json`.
//!
//! # Files
//!
//! For every edition (`zh`, `en`, `ja`), every topic tag of `archive.tags`
//! and every section of `archive.sections`, one RSS and one JSON feed:
//!
//! | feed | RSS 2.0 | JSON Feed 1.1 |
//! | --- | --- | --- |
//! | edition | `feeds/edition-<code>.xml` | `feeds/edition-<code>.json` |
//! | topic tag | `feeds/tag-<id>.xml` | `feeds/tag-<id>.json` |
//! | section | `feeds/section-<id>.xml` | `feeds/section-<id>.json` |
//!
//! plus `feeds/topics.opml`, the RSS feed of every topic tag. The naming
//! rule, which the viewer mirrors to link the feed of its current filter, is
//! [`feed_path`]: `feeds/{kind}-{id}.xml` (`.json` for the JSON Feed), kind
//! being `edition`, `tag` or `section` and id the edition code, tag id or
//! section id as they appear in the viewer's `edition=`, `tag=` and
//! `section=` URL parameters. Paths are relative to the site's base URL.
//! A feed is written for every edition, tag and section even while it has
//! no items, so a path built by that rule always exists.
//!
//! # Items
//!
//! - Normal entries with an http(s) URL, in every feed. Removed items
//!   never.
//! - Title-only entries (a paid issue's public titles, without link or
//!   text) only in the edition feeds, linked to the issue's page
//!   ([`Archive::issue_page_url`]; left out when the archive has no
//!   `issue_url`): the newest issues of the real newsletter are
//!   all title-only, and an edition feed without them would look dead. Tag
//!   and section feeds leave them out, so every item there links to the
//!   resource itself.
//! - Newest first by the issue's date; on one date, in edition order
//!   (zh, en, ja) and then in the archive's order (section, position).
//! - One item per link: an entry whose normalized URL
//!   ([`normalize_url`]) already appeared newer in the same feed is
//!   skipped (the author repeats links; the editions translate each
//!   other's items, so a tag feed would otherwise list most links twice).
//!   Title-only items all share their issue's page and are never skipped.
//! - At most [`MAX_ITEMS`] items per feed, the newest.
//! - title = the entry's title; link = its URL (the issue's page for a
//!   title-only item); guid = the entry id (`isPermaLink="false"`);
//!   pubDate = the issue's date at 00:00 UTC (RFC 822 in RSS, RFC 3339 in
//!   JSON Feed); description = the plain text of the entry's description,
//!   escaped (never HTML; absent in RSS when empty, the title in JSON
//!   Feed's required `content_text`); categories = the labels of its
//!   tags.
//!
//! # Channels
//!
//! Edition feeds speak the edition's language (title, description,
//! category labels); tag and section feeds speak English. The channel link
//! is the viewer at the site's base URL showing the feed's filter
//! (`<site>?tag=async`); the self link is `<site>feeds/tag-async.xml`.
//! Output is deterministic: no build time anywhere, `lastBuildDate` is
//! the newest item's date (absent for a feed without items).

use crate::write_atomic;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use weekly_core::archive::{plain_text, Archive, Edition, Entry, Issue, Labels, Lang, Status};
use weekly_core::links::{normalize_url, safe_href};

/// The folder of the feeds, relative to the output folder and the site.
pub const FEEDS_DIR: &str = "feeds";
/// The OPML list of every topic tag's RSS feed.
pub const OPML_PATH: &str = "feeds/topics.opml";
/// Most items in one feed (the newest).
pub const MAX_ITEMS: usize = 100;
/// Where the viewer is published, when `--site-url` is not given.
pub const DEFAULT_SITE_URL: &str = "https://weekly.pythoncat.top/";

const NAME_EN: &str = "Python Trending Weekly";

/// What a feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeedKind {
    /// One edition (`zh`, `en`, `ja`).
    Edition,
    /// One topic tag.
    Tag,
    /// One canonical section.
    Section,
}

impl FeedKind {
    pub const ALL: [FeedKind; 3] = [FeedKind::Edition, FeedKind::Tag, FeedKind::Section];

    /// The kind as it starts the file name, and as the viewer's URL
    /// parameter of the same filter.
    pub fn name(self) -> &'static str {
        match self {
            FeedKind::Edition => "edition",
            FeedKind::Tag => "tag",
            FeedKind::Section => "section",
        }
    }
}

/// The path of the RSS feed of one edition, tag or section, relative to the
/// output folder and to the site's base URL: `feeds/{kind}-{id}.xml`, e.g.
/// `feeds/tag-async.xml`, `feeds/section-articles.xml`,
/// `feeds/edition-zh.xml`. The JSON Feed is the same path ending in `.json`
/// ([`json_feed_path`]). The viewer mirrors this rule; the builder writes a
/// feed for every edition, tag and section, so the path always exists.
pub fn feed_path(kind: FeedKind, id: &str) -> String {
    format!("{FEEDS_DIR}/{}-{id}.xml", kind.name())
}

/// The path of the JSON Feed of one edition, tag or section:
/// `feeds/{kind}-{id}.json` (see [`feed_path`]).
pub fn json_feed_path(kind: FeedKind, id: &str) -> String {
    format!("{FEEDS_DIR}/{}-{id}.json", kind.name())
}

/// An id that is safe in a file name and a URL without escaping (tag ids
/// are checked by the taxonomy, section ids and edition codes are fixed).
fn is_safe_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The base URL of the published viewer, always ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl(String);

impl SiteUrl {
    /// An absolute http(s) URL without query or fragment; a missing final
    /// `/` is added (`https://example.com/weekly` is the folder `weekly/`).
    pub fn parse(url: &str) -> Result<SiteUrl, String> {
        let url = url.trim();
        let ok = safe_href(url).is_some_and(|u| {
            let lower = u.to_ascii_lowercase();
            (lower.starts_with("http://") || lower.starts_with("https://"))
                && !u.contains(['?', '#'])
        });
        if !ok {
            return Err(format!(
                "the site URL {url:?} must be an absolute http(s) URL without ? or #, \
                 e.g. {DEFAULT_SITE_URL}"
            ));
        }
        let mut s = url.to_string();
        if !s.ends_with('/') {
            s.push('/');
        }
        Ok(SiteUrl(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A path relative to the site (`feeds/tag-async.xml`) made absolute.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    /// The viewer showing one filter: `<site>?tag=async`.
    fn view(&self, kind: FeedKind, id: &str) -> String {
        format!("{}?{}={id}", self.0, kind.name())
    }
}

impl Default for SiteUrl {
    fn default() -> SiteUrl {
        SiteUrl::parse(DEFAULT_SITE_URL).expect("the default site URL is valid")
    }
}

impl std::str::FromStr for SiteUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<SiteUrl, String> {
        SiteUrl::parse(s)
    }
}

/// One rendered file: its path relative to the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything [`render`] made, ready to be written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feeds {
    /// RSS and JSON files in a stable order, then the OPML file.
    pub files: Vec<FeedFile>,
    /// Items per feed, by RSS path (`feeds/tag-async.xml` → 42).
    pub items: BTreeMap<String, usize>,
}

impl Feeds {
    /// Number of feeds (an RSS and a JSON file each).
    pub fn feed_count(&self) -> usize {
        self.items.len()
    }
}

/// A date `YYYY-MM-DD` that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `Sat, 06 Jan 2024 00:00:00 +0000` (RFC 822 with a four-digit year).
    fn rfc822(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let weekday = DAYS[self.days_since_epoch().rem_euclid(7) as usize];
        format!(
            "{weekday}, {:02} {} {:04} 00:00:00 +0000",
            self.day,
            MONTHS[self.month as usize - 1],
            self.year
        )
    }

    /// `2024-01-06T00:00:00Z`.
    fn rfc3339(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year, self.month, self.day
        )
    }
}

/// An entry that can be a feed item, with what every feed needs of it.
struct Candidate<'a> {
    entry: &'a Entry,
    /// The entry's URL, or its issue's page for a title-only entry.
    url: Cow<'a, str>,
    date: Date,
    /// The link as compared for duplicates; `None` for a title-only entry.
    key: Option<String>,
    description: String,
}

impl Candidate<'_> {
    fn title_only(&self) -> bool {
        self.key.is_none()
    }
}

/// A feed before it is written in either format.
struct Channel<'a> {
    kind: FeedKind,
    id: &'a str,
    /// Language of the channel's words (labels, title, description).
    lang: Edition,
    title: String,
    description: String,
    items: Vec<&'a Candidate<'a>>,
}

/// Renders every feed and the OPML file of an archive. Pure: nothing is
/// written, so a build that fails later leaves no half-written folder.
pub fn render(archive: &Archive, site: &SiteUrl) -> Feeds {
    let candidates = candidates(archive);
    let tag_labels: BTreeMap<&str, &Labels> = archive
        .tags
        .iter()
        .map(|t| (t.id.as_str(), &t.labels))
        .collect();

    let mut channels: Vec<Channel> = Vec::new();
    for edition in Edition::ALL {
        channels.push(Channel {
            kind: FeedKind::Edition,
            id: edition.code(),
            lang: edition,
            title: edition_title(edition).into(),
            description: edition_description(edition).into(),
            items: pick(&candidates, true, |e| e.edition == edition),
        });
    }
    for tag in archive.tags.iter().filter(|t| is_safe_id(&t.id)) {
        let label = label_or_id(&tag.labels, Edition::En, &tag.id);
        channels.push(Channel {
            kind: FeedKind::Tag,
            id: &tag.id,
            lang: Edition::En,
            title: format!("{NAME_EN}: {label}"),
            description: format!(
                "Links on “{label}” from every edition of {NAME_EN}, newest first."
            ),
            items: pick(&candidates, false, |e| e.tags.contains(&tag.id)),
        });
    }
    for section in archive.sections.iter().filter(|s| is_safe_id(&s.id)) {
        let label = label_or_id(&section.labels, Edition::En, &section.id);
        channels.push(Channel {
            kind: FeedKind::Section,
            id: &section.id,
            lang: Edition::En,
            title: format!("{NAME_EN}: {label}"),
            description: format!(
                "The “{label}” section of every edition of {NAME_EN}, newest first."
            ),
            items: pick(&candidates, false, |e| e.section == section.id),
        });
    }

    let mut feeds = Feeds::default();
    for channel in &channels {
        let rss_path = feed_path(channel.kind, channel.id);
        feeds.items.insert(rss_path.clone(), channel.items.len());
        feeds.files.push(FeedFile {
            bytes: rss(channel, site, &tag_labels).into_bytes(),
            path: rss_path,
        });
        feeds.files.push(FeedFile {
            path: json_feed_path(channel.kind, channel.id),
            bytes: json_feed(channel, site, &tag_labels),
        });
    }
    feeds.files.push(FeedFile {
        path: OPML_PATH.into(),
        bytes: opml(&channels, site).into_bytes(),
    });
    feeds
}

/// Every entry that may be an item, newest first (see the module's doc).
fn candidates(archive: &Archive) -> Vec<Candidate<'_>> {
    let dates: BTreeMap<(Edition, u32), (Date, &Issue)> = archive
        .issues
        .iter()
        .filter_map(|i| Some(((i.edition, i.number), (Date::parse(&i.date)?, i))))
        .collect();
    let mut out: Vec<(usize, Candidate)> = archive
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            let (date, issue) = *dates.get(&(entry.edition, entry.issue))?;
            let (url, key) = match entry.status {
                Status::Removed => return None,
                Status::TitleOnly => (Cow::Owned(archive.issue_page_url(issue)?), None),
                Status::Normal => {
                    let url = entry.url.as_deref().and_then(safe_href).filter(|u| {
                        let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
                        lower.starts_with("http://") || lower.starts_with("https://")
                    })?;
                    (Cow::Borrowed(url), Some(normalize_url(url)))
                }
            };
            Some((
                i,
                Candidate {
                    entry,
                    url,
                    date,
                    key,
                    description: clean_text(&plain_text(&entry.description)),
                },
            ))
        })
        .collect();
    out.sort_by(|(ia, a), (ib, b)| {
        b.date
            .cmp(&a.date)
            .then(a.entry.edition.cmp(&b.entry.edition))
            .then(ia.cmp(ib))
    });
    out.into_iter().map(|(_, c)| c).collect()
}

/// The newest [`MAX_ITEMS`] candidates that `keep`, one per link, with or
/// without the title-only ones.
fn pick<'a>(
    candidates: &'a [Candidate<'a>],
    title_only: bool,
    keep: impl Fn(&Entry) -> bool,
) -> Vec<&'a Candidate<'a>> {
    let mut seen: HashSet<&str> = HashSet::new();
    candidates
        .iter()
        .filter(|c| title_only || !c.title_only())
        .filter(|c| keep(c.entry))
        .filter(|c| c.key.as_deref().is_none_or(|key| seen.insert(key)))
        .take(MAX_ITEMS)
        .collect()
}

fn label_or_id<'a>(labels: &'a Labels, lang: Edition, id: &'a str) -> &'a str {
    match labels.get(lang).trim() {
        "" => id,
        label => label,
    }
}

fn edition_title(edition: Edition) -> &'static str {
    match edition {
        Edition::Zh => "Python 潮流周刊（中文版）",
        Edition::En => "Python Trending Weekly (English edition)",
        Edition::Ja => "Python トレンド週刊（日本語版）",
    }
}

fn edition_description(edition: Edition) -> &'static str {
    match edition {
        Edition::Zh => "Python 潮流周刊中文版每期推荐的文章、项目、播客与讨论，最新的在前。",
        Edition::En => {
            "Articles, projects, podcasts and discussions from every issue of the English \
             edition of Python Trending Weekly, newest first."
        }
        Edition::Ja => {
            "Python トレンド週刊日本語版の各号で紹介された記事・プロジェクト・ポッドキャスト・ディスカッション（新しい順）。"
        }
    }
}

/// Text as it may appear in XML 1.0 and feed readers: characters XML
/// forbids (controls other than tab and newline, U+FFFE, U+FFFF) dropped,
/// carriage returns made newlines, outer white space trimmed.
fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| {
            matches!(c, '\t' | '\n') || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Appends `text` escaped for XML text and attribute values.
fn push_escaped(out: &mut String, text: &str) {
    for c in clean_text(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// `<name>text</name>` on its own line.
fn element(out: &mut String, indent: &str, name: &str, text: &str) {
    out.push_str(indent);
    let _ = write!(out, "<{name}>");
    push_escaped(out, text);
    let _ = writeln!(out, "</{name}>");
}

fn escaped(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    push_escaped(&mut s, text);
    s
}

/// The labels of an entry's tags in `lang` (unknown ids as they are).
fn categories<'a>(
    entry: &'a Entry,
    lang: Edition,
    tag_labels: &BTreeMap<&str, &'a Labels>,
) -> Vec<&'a str> {
    entry
        .tags
        .iter()
        .map(|id| match tag_labels.get(id.as_str()) {
            Some(labels) => label_or_id(labels, lang, id),
            None => id.as_str(),
        })
        .collect()
}

fn rss(channel: &Channel, site: &SiteUrl, tag_labels: &BTreeMap<&str, &Labels>) -> String {
    let mut out = String::with_capacity(1024 + channel.items.len() * 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str("  <channel>\n");
    let ind = "    ";
    element(&mut out, ind, "title", &channel.title);
    element(&mut out, ind, "link", &site.view(channel.kind, channel.id));
    element(&mut out, ind, "description", &channel.description);
    element(&mut out, ind, "language", channel.lang.code());
    element(&mut out, ind, "generator", "weekly-builder");
    if let Some(newest) = channel.items.first() {
        element(&mut out, ind, "lastBuildDate", &newest.date.rfc822());
    }
    let _ = writeln!(
        out,
        "{ind}<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escaped(&site.join(&feed_path(channel.kind, channel.id)))
    );
    let ind = "      ";
    for item in &channel.items {
        out.push_str("    <item>\n");
        element(&mut out, ind, "title", &item.entry.title);
        element(&mut out, ind, "link", &item.url);
        let _ = writeln!(
            out,
            "{ind}<guid isPermaLink=\"false\">{}</guid>",
            escaped(&item.entry.id)
        );
        element(&mut out, ind, "pubDate", &item.date.rfc822());
        if !item.description.is_empty() {
            element(&mut out, ind, "description", &item.description);
        }
        for label in categories(item.entry, channel.lang, tag_labels) {
            element(&mut out, ind, "category", label);
        }
        out.push_str("    </item>\n");
    }
    out.push_str("  </channel>\n</rss>\n");
    out
}

#[derive(serde::Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    description: &'a str,
    language: &'static str,
    items: Vec<JsonItem<'a>>,
}

#[derive(serde::Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: String,
    /// JSON Feed requires a content: the description, else the title.
    content_text: String,
    date_published: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'static str>,
}

fn json_feed(channel: &Channel, site: &SiteUrl, tag_labels: &BTreeMap<&str, &Labels>) -> Vec<u8> {
    let items = channel
        .items
        .iter()
        .map(|item| {
            let title = clean_text(&item.entry.title);
            JsonItem {
                id: &item.entry.id,
                url: &item.url,
                content_text: if item.description.is_empty() {
                    title.clone()
                } else {
                    item.description.clone()
                },
                title,
                date_published: item.date.rfc3339(),
                tags: categories(item.entry, channel.lang, tag_labels),
                language: match item.entry.lang {
                    Lang::ZhEn => None,
                    lang => Some(lang.code()),
                },
            }
        })
        .collect();
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &channel.title,
        home_page_url: site.view(channel.kind, channel.id),
        feed_url: site.join(&json_feed_path(channel.kind, channel.id)),
        description: &channel.description,
        language: channel.lang.code(),
        items,
    };
    let mut bytes = serde_json::to_vec_pretty(&feed).expect("a feed serializes");
    bytes.push(b'\n');
    bytes
}

fn opml(channels: &[Channel], site: &SiteUrl) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<opml version=\"2.0\">\n  <head>\n");
    element(
        &mut out,
        "    ",
        "title",
        &format!("{NAME_EN}: topic feeds"),
    );
    out.push_str("  </head>\n  <body>\n");
    for channel in channels.iter().filter(|c| c.kind == FeedKind::Tag) {
        let _ = writeln!(
            out,
            "    <outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{}\" htmlUrl=\"{}\"/>",
            escaped(&site.join(&feed_path(channel.kind, channel.id))),
            escaped(&site.view(channel.kind, channel.id)),
            title = escaped(&channel.title),
        );
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

/// What [`write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files written (new or changed).
    pub files: usize,
    pub bytes: usize,
    /// Files left as they were: already on disk with the same bytes.
    pub unchanged: usize,
    /// Feeds of an earlier build that this one no longer has, removed
    /// (a tag taken out of the taxonomy), by path relative to `out`.
    pub removed: Vec<String>,
}

/// Writes the rendered files under `out`, each atomically, skipping those
/// already on disk with the same bytes (so an unchanged feed keeps its
/// modification time, which feed readers' conditional requests rely on),
/// then removes feed files of earlier builds that are no longer rendered.
/// Only names the feeds' rule produces are ever removed; anything else in
/// `feeds/` stays.
pub fn write(out: &Path, feeds: &Feeds) -> std::io::Result<Written> {
    let mut written = Written::default();
    for file in &feeds.files {
        let path = out.join(&file.path);
        if std::fs::read(&path).is_ok_and(|old| old == file.bytes) {
            written.unchanged += 1;
            continue;
        }
        write_atomic(&path, &file.bytes)?;
        written.files += 1;
        written.bytes += file.bytes.len();
    }
    let current: HashSet<&str> = feeds.files.iter().map(|f| f.path.as_str()).collect();
    let dir = out.join(FEEDS_DIR);
    let mut stale: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| is_feed_file_name(name))
        .map(|name| format!("{FEEDS_DIR}/{name}"))
        .filter(|path| !current.contains(path.as_str()))
        .collect();
    stale.sort();
    for path in stale {
        std::fs::remove_file(out.join(&path))?;
        written.removed.push(path);
    }
    Ok(written)
}

/// A name [`feed_path`] or [`json_feed_path`] can produce.
fn is_feed_file_name(name: &str) -> bool {
    let Some(stem) = name
        .strip_suffix(".xml")
        .or_else(|| name.strip_suffix(".json"))
    else {
        return false;
    };
    FeedKind::ALL.iter().any(|k| {
        stem.strip_prefix(k.name())
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(is_safe_id)
    })
}
