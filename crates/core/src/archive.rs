//! The archive: the one JSON document the builder writes and the viewer reads.
//!
//! The format is versioned by [`FORMAT_VERSION`]. A reader refuses any other
//! version with a clear message instead of guessing. Fields that are usually
//! empty are skipped when serializing so the archive stays small; they default
//! when reading.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Version of the archive format written by this crate. Bump it on any
/// change that an older viewer would misread.
pub const FORMAT_VERSION: u32 = 1;

/// The whole archive of the newsletter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Archive {
    pub format_version: u32,
    /// Every issue of every edition, sorted by (edition, number).
    pub issues: Vec<Issue>,
    /// Canonical sections in display order, with their labels.
    #[serde(default)]
    pub sections: Vec<SectionInfo>,
    /// Topic tags with their labels, in display order.
    #[serde(default)]
    pub tags: Vec<TagInfo>,
    /// Where each issue is published on the newsletter's site: a template
    /// such as `https://pythoncat.top/posts/{date}-weekly` (see
    /// [`crate::links::issue_page_url`]). Set by the builder's
    /// `--issue-url`; without it, issues are shown without a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_url: Option<String>,
    /// Every entry, in the order the viewer lists them first (newest issue
    /// first, see [`crate::query::in_listing_order`]). Last, so that a
    /// reader of the first bytes of the file has everything it needs to
    /// show the first rows (see [`crate::chunked::ChunkedLoader::preview`]).
    pub entries: Vec<Entry>,
}

/// Whether `date` has the form of [`Issue::date`], `YYYY-MM-DD` (digits
/// only; the calendar is not checked).
pub fn is_iso_date(date: &str) -> bool {
    date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

impl Archive {
    /// The page of `issue` on the newsletter's site, from [`Archive::issue_url`].
    pub fn issue_page_url(&self, issue: &Issue) -> Option<String> {
        crate::links::issue_page_url(self.issue_url.as_deref()?, issue)
    }
}

/// One edition of the newsletter, by the language it is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    Zh,
    En,
    Ja,
}

impl Edition {
    pub const ALL: [Edition; 3] = [Edition::Zh, Edition::En, Edition::Ja];

    pub fn code(self) -> &'static str {
        match self {
            Edition::Zh => "zh",
            Edition::En => "en",
            Edition::Ja => "ja",
        }
    }

    pub fn from_code(code: &str) -> Option<Edition> {
        Edition::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The language a link is in when the author did not mark it.
    pub fn default_lang(self) -> Lang {
        match self {
            Edition::Zh => Lang::Zh,
            Edition::En => Lang::En,
            Edition::Ja => Lang::Ja,
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The language of the linked resource (not of the newsletter's text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Lang {
    #[serde(rename = "zh")]
    Zh,
    #[serde(rename = "en")]
    En,
    #[serde(rename = "ja")]
    Ja,
    /// Bilingual Chinese and English, marked `(中英)`.
    #[serde(rename = "zh-en")]
    ZhEn,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Zh, Lang::En, Lang::Ja, Lang::ZhEn];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::ZhEn => "zh-en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// One issue of one edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub edition: Edition,
    /// The issue number printed in the title (`#40`).
    pub number: u32,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    pub title: String,
    /// File name of the markdown the issue was built from.
    pub source: String,
    /// A paid issue whose public file lists titles only, without links.
    #[serde(default, skip_serializing_if = "is_false")]
    pub title_only: bool,
    /// Counts the issue states about itself in its intro, by canonical
    /// section id ("articles" → 12), as the author wrote them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stated_counts: BTreeMap<String, u32>,
}

/// What became of an item the author numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A title with a link and usually a description.
    #[default]
    Normal,
    /// A paid issue's item: the title is public, the link and text are not.
    TitleOnly,
    /// The author deleted the item but kept its number.
    Removed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Normal, Status::TitleOnly, Status::Removed];

    pub fn is_normal(&self) -> bool {
        *self == Status::Normal
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Normal => "normal",
            Status::TitleOnly => "title_only",
            Status::Removed => "removed",
        }
    }
}

// The code enums are read by one small visitor over their `code()`s rather
// than serde's derived per-variant ones (a kilobyte of wasm each).
macro_rules! deserialize_by_code {
    ($($name:ident),*) => {$(
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                deserializer.deserialize_str(CodeVisitor(&$name::ALL, $name::code))
            }
        }
    )*};
}
deserialize_by_code!(Edition, Lang, Status);

/// Reads a JSON string into the value of `values` whose code it is.
struct CodeVisitor<T: 'static>(&'static [T], fn(T) -> &'static str);

impl<T: Copy> serde::de::Visitor<'_> for CodeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("one of ")?;
        let codes: Vec<&str> = self.0.iter().map(|&v| self.1(v)).collect();
        f.write_str(&codes.join(", "))
    }

    fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<T, E> {
        self.0
            .iter()
            .copied()
            .find(|&v| self.1(v) == code)
            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(code), &self))
    }
}

/// One numbered item of an issue's section: a link with its description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable id: `{edition}-{issue}-{section}-{position}`, e.g. `zh-40-articles-3`.
    pub id: String,
    pub edition: Edition,
    /// Number of the issue the entry belongs to.
    pub issue: u32,
    /// Canonical section id shared by all editions (`articles`, `projects`, ...).
    pub section: String,
    /// The section heading as the author wrote it (emoji and markup removed).
    pub section_title: String,
    /// Order of the item in its section: 1, 2, 3 ...
    pub position: u32,
    /// The number the author printed, when there was one (it may skip or repeat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Plain-text title.
    pub title: String,
    /// Absolute http(s) URL; `None` for title-only and removed items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The description as structured rich text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<Block>,
    /// Language of the linked resource.
    pub lang: Lang,
    #[serde(default, skip_serializing_if = "Status::is_normal")]
    pub status: Status,
    /// Topic tag ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Sub-links listed under the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Child>,
}

/// A sub-link of an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Child {
    pub title: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

/// A block of rich text. Only paragraphs exist today; lists inside
/// descriptions are flattened into paragraphs by the builder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Block {
    pub inlines: Vec<Inline>,
}

/// Inline rich text. Plain text serializes as a bare JSON string, the rest
/// as a one-key object, so descriptions stay compact and unambiguous.
/// (Deserialized by hand: serde's untagged enums buffer every value, which
/// is slow and large in the wasm bundle.)
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Inline {
    Text(String),
    Code { code: String },
    Emphasis { em: Vec<Inline> },
    Strong { strong: Vec<Inline> },
    Link { href: String, text: Vec<Inline> },
}

impl<'de> Deserialize<'de> for Inline {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Inline, D::Error> {
        deserializer.deserialize_any(InlineVisitor)
    }
}

struct InlineVisitor;

impl<'de> serde::de::Visitor<'de> for InlineVisitor {
    type Value = Inline;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or an object with code, em, strong or href and text")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Inline, E> {
        Ok(Inline::Text(text.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Inline, E> {
        Ok(Inline::Text(text))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Inline, A::Error> {
        use serde::de::Error;
        let (mut code, mut em, mut strong, mut href, mut text) = (None, None, None, None, None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "code" => code = Some(map.next_value::<String>()?),
                "em" => em = Some(map.next_value::<Vec<Inline>>()?),
                "strong" => strong = Some(map.next_value::<Vec<Inline>>()?),
                "href" => href = Some(map.next_value::<String>()?),
                "text" => text = Some(map.next_value::<Vec<Inline>>()?),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        match (code, em, strong, href, text) {
            (Some(code), None, None, None, None) => Ok(Inline::Code { code }),
            (None, Some(em), None, None, None) => Ok(Inline::Emphasis { em }),
            (None, None, Some(strong), None, None) => Ok(Inline::Strong { strong }),
            (None, None, None, Some(href), Some(text)) => Ok(Inline::Link { href, text }),
            _ => Err(A::Error::custom(
                "an inline must be a string or have exactly one of code, em, strong, or href with text",
            )),
        }
    }
}

impl Inline {
    /// Calls `visit` with each text leaf of this inline (`Text` and
    /// `Code`), depth first: its plain text is these, one after the other.
    /// The search's marks are numbered in this order, and found in the
    /// folded plain text by it.
    pub fn for_each_text_leaf<'a>(&'a self, visit: &mut impl FnMut(&'a str)) {
        match self {
            Inline::Text(t) | Inline::Code { code: t } => visit(t),
            Inline::Emphasis { em: inner } | Inline::Strong { strong: inner } => {
                inner.iter().for_each(|i| i.for_each_text_leaf(visit))
            }
            Inline::Link { text, .. } => text.iter().for_each(|i| i.for_each_text_leaf(visit)),
        }
    }

    /// Appends the plain text of this inline (no markup) to `out`.
    pub fn push_plain_text(&self, out: &mut String) {
        self.for_each_text_leaf(&mut |t| out.push_str(t));
    }
}

impl Block {
    /// [`Inline::for_each_text_leaf`] of each of the paragraph's inlines.
    pub fn for_each_text_leaf<'a>(&'a self, visit: &mut impl FnMut(&'a str)) {
        self.inlines
            .iter()
            .for_each(|i| i.for_each_text_leaf(visit));
    }
}

/// The plain text of a description: paragraphs joined by a newline.
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        block
            .inlines
            .iter()
            .for_each(|inline| inline.push_plain_text(&mut out));
    }
    out
}

/// A canonical section with its labels per UI language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionInfo {
    pub id: String,
    pub labels: Labels,
}

/// A topic tag with its labels per UI language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagInfo {
    pub id: String,
    pub labels: Labels,
}

/// A label in each of the three languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Labels {
    pub zh: String,
    pub en: String,
    pub ja: String,
}

impl Labels {
    pub fn get(&self, lang: Edition) -> &str {
        match lang {
            Edition::Zh => &self.zh,
            Edition::En => &self.en,
            Edition::Ja => &self.ja,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The stable id of an entry.
pub fn entry_id(edition: Edition, issue: u32, section: &str, position: u32) -> String {
    format!("{edition}-{issue}-{section}-{position}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_entry() -> Entry {
        Entry {
            id: entry_id(Edition::Zh, 40, "articles", 3),
            edition: Edition::Zh,
            issue: 40,
            section: "articles".into(),
            section_title: "文章&教程".into(),
            position: 3,
            number: Some(3),
            title: "用 C 语言写一个 Python 包".into(),
            url: Some("https://example.com/a".into()),
            description: vec![Block {
                inlines: vec![
                    Inline::Text("介绍 ".into()),
                    Inline::Code {
                        code: "datetime".into(),
                    },
                    Inline::Strong {
                        strong: vec![Inline::Text("扩展".into())],
                    },
                    Inline::Link {
                        href: "https://example.com/b".into(),
                        text: vec![Inline::Emphasis {
                            em: vec![Inline::Text("模块".into())],
                        }],
                    },
                ],
            }],
            lang: Lang::ZhEn,
            status: Status::Normal,
            tags: vec!["cpython".into()],
            children: vec![],
        }
    }

    #[test]
    fn entry_round_trips_through_json_and_stays_compact() {
        let entry = sample_entry();
        let json = serde_json::to_string(&entry).unwrap();
        assert!(
            json.contains(r#""description":[["介绍 ",{"code":"datetime"}"#),
            "{json}"
        );
        assert!(json.contains(r#""lang":"zh-en""#));
        assert!(!json.contains("status"), "normal status is implied: {json}");
        assert!(
            !json.contains("children"),
            "empty children are skipped: {json}"
        );
        let back: Entry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, entry);
    }

    #[test]
    fn plain_text_drops_markup_and_joins_paragraphs() {
        let mut entry = sample_entry();
        entry.description.push(Block {
            inlines: vec![Inline::Text("第二段".into())],
        });
        assert_eq!(
            plain_text(&entry.description),
            "介绍 datetime扩展模块\n第二段"
        );
    }

    #[test]
    fn inlines_read_back_and_reject_ambiguous_objects() {
        let json = r#"["a",{"code":"x"},{"em":["b"]},{"strong":[{"code":"y"}]},{"text":["t"],"href":"https://e.com"}]"#;
        let inlines: Vec<Inline> = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&inlines).unwrap().len(), json.len());
        assert_eq!(
            inlines[4],
            Inline::Link {
                href: "https://e.com".into(),
                text: vec![Inline::Text("t".into())]
            }
        );
        for bad in [
            r#"{"code":"x","em":[]}"#,
            r#"{}"#,
            r#"{"href":"x"}"#,
            "3",
            "null",
            r#"{"code":3}"#,
        ] {
            assert!(serde_json::from_str::<Inline>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for e in Edition::ALL {
            assert_eq!(Edition::from_code(e.code()), Some(e));
        }
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Edition::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn codes_round_trip_through_json() {
        fn check<T: Serialize + for<'de> Deserialize<'de> + PartialEq + fmt::Debug>(
            value: T,
            code: &str,
        ) {
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
        }
        Edition::ALL.into_iter().for_each(|e| check(e, e.code()));
        Lang::ALL.into_iter().for_each(|l| check(l, l.code()));
        Status::ALL.into_iter().for_each(|s| check(s, s.code()));
        let error = serde_json::from_str::<Lang>("\"fr\"")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("\"fr\"") && error.contains("one of zh, en, ja, zh-en"),
            "{error}"
        );
        assert!(serde_json::from_str::<Status>("1").is_err());
    }
}
