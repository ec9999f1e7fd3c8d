//! Topic tags: the taxonomy file and the rules that assign its topics to
//! entries at build time. See `taxonomy.toml` for the rules in words.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use weekly_core::archive::{plain_text, Entry, Labels, Status, TagInfo};
use weekly_core::fold::fold;
use weekly_core::links::{display_host, normalize_url};

/// Most tags one entry gets.
pub const MAX_TAGS: usize = 2;
const TITLE_WEIGHT: u32 = 3;
const DESCRIPTION_WEIGHT: u32 = 1;
const LINK_WEIGHT: u32 = 3;
/// When neither the title nor the link names a topic, the description's
/// best topic is taken if this many of its keywords appear.
const FALLBACK_SCORE: u32 = 2;

#[derive(Debug, Clone, Deserialize)]
pub struct Taxonomy {
    #[serde(rename = "topic")]
    pub topics: Vec<Topic>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub ja: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub hosts: Vec<String>,
    #[serde(default)]
    pub urls: Vec<String>,
}

/// Why a taxonomy file cannot be used.
#[derive(Debug)]
pub struct TaxonomyError(pub String);

impl std::fmt::Display for TaxonomyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Taxonomy {
    /// Reads and checks a taxonomy file.
    pub fn load(path: &std::path::Path) -> Result<Taxonomy, TaxonomyError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            TaxonomyError(format!(
                "{}: cannot read the taxonomy: {e}\nPass --taxonomy <file>, or --no-tags to build without topic tags.",
                path.display()
            ))
        })?;
        Taxonomy::parse(&text, &path.display().to_string())
    }

    /// Parses and checks a taxonomy; `name` names the file in errors.
    pub fn parse(text: &str, name: &str) -> Result<Taxonomy, TaxonomyError> {
        let taxonomy: Taxonomy = toml::from_str(text)
            .map_err(|e| TaxonomyError(format!("{name}: {e}\nFix the file and build again.")))?;
        let mut seen = std::collections::HashSet::new();
        for topic in &taxonomy.topics {
            let valid_id = !topic.id.is_empty()
                && topic
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !valid_id {
                return Err(TaxonomyError(format!(
                    "{name}: topic id {:?} must be lowercase ASCII letters, digits and '-'",
                    topic.id
                )));
            }
            if !seen.insert(topic.id.as_str()) {
                return Err(TaxonomyError(format!(
                    "{name}: topic id {:?} appears twice",
                    topic.id
                )));
            }
            if topic.keywords.is_empty() && topic.hosts.is_empty() && topic.urls.is_empty() {
                return Err(TaxonomyError(format!(
                    "{name}: topic {:?} has no rule",
                    topic.id
                )));
            }
        }
        Ok(taxonomy)
    }

    /// The tag list of the archive, in taxonomy order.
    pub fn tag_infos(&self) -> Vec<TagInfo> {
        self.topics
            .iter()
            .map(|t| TagInfo {
                id: t.id.clone(),
                labels: Labels {
                    zh: t.zh.clone(),
                    en: t.en.clone(),
                    ja: t.ja.clone(),
                },
            })
            .collect()
    }
}

/// A keyword ready to match folded text.
struct Keyword {
    folded: String,
    prefix: bool,
}

impl Keyword {
    fn new(raw: &str) -> Keyword {
        let (raw, prefix) = match raw.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (raw, false),
        };
        Keyword {
            folded: fold(raw),
            prefix,
        }
    }

    /// Whether folded `text` contains the keyword as a word (Latin) or a
    /// substring (anything else).
    fn is_in(&self, text: &str) -> bool {
        let (hay, needle) = (text.as_bytes(), self.folded.as_bytes());
        if needle.is_empty() {
            return false;
        }
        let latin_start = needle[0].is_ascii_alphanumeric();
        let latin_end = needle[needle.len() - 1].is_ascii_alphanumeric() && !self.prefix;
        text.match_indices(self.folded.as_str()).any(|(at, _)| {
            let end = at + needle.len();
            (!latin_start || at == 0 || !hay[at - 1].is_ascii_alphanumeric())
                && (!latin_end || end == hay.len() || !hay[end].is_ascii_alphanumeric())
        })
    }
}

struct Rules {
    id: String,
    keywords: Vec<Keyword>,
    hosts: Vec<String>,
    urls: Vec<String>,
}

/// The texts a link is scored on (all entries that share it).
#[derive(Default)]
struct LinkText {
    titles: Vec<String>,
    descriptions: Vec<String>,
    url: Option<String>,
}

/// What tagging found, for the builder's report.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct TagReport {
    /// Link entries (not title-only, not removed).
    pub link_entries: usize,
    /// Link entries with at least one tag.
    pub tagged_link_entries: usize,
    pub entries_per_tag: BTreeMap<String, usize>,
    pub tags_matching_nothing: Vec<String>,
    /// Ids of a few link entries with no tag.
    pub untagged_sample: Vec<String>,
    pub untagged_count: usize,
}

impl TagReport {
    pub fn coverage(&self) -> f64 {
        if self.link_entries == 0 {
            return 1.0;
        }
        self.tagged_link_entries as f64 / self.link_entries as f64
    }
}

/// Assigns tags to every entry. Entries sharing a normalized URL are
/// scored together and get the same tags; title-only entries are scored
/// on their title alone.
pub fn assign_tags(taxonomy: &Taxonomy, entries: &mut [Entry]) -> TagReport {
    let rules: Vec<Rules> = taxonomy
        .topics
        .iter()
        .map(|t| Rules {
            id: t.id.clone(),
            keywords: t.keywords.iter().map(|k| Keyword::new(k)).collect(),
            hosts: t.hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
            urls: t.urls.iter().map(|u| u.to_ascii_lowercase()).collect(),
        })
        .collect();

    // Group by link; entries without one are their own group.
    let mut group_of: Vec<String> = Vec::with_capacity(entries.len());
    let mut texts: HashMap<String, LinkText> = HashMap::new();
    for entry in entries.iter() {
        let key = match &entry.url {
            Some(url) => normalize_url(url),
            None => format!("\u{0}{}", entry.id),
        };
        let text = texts.entry(key.clone()).or_default();
        text.titles.push(fold(&entry.title));
        let description: String = [plain_text(&entry.description)]
            .into_iter()
            .chain(entry.children.iter().map(|c| c.title.clone()))
            .collect::<Vec<_>>()
            .join("\n");
        text.descriptions.push(fold(&description));
        text.url = entry.url.clone();
        group_of.push(key);
    }
    let tags_of: HashMap<&String, Vec<String>> = texts
        .iter()
        .map(|(key, text)| (key, tags_for(&rules, text)))
        .collect();

    let mut report = TagReport::default();
    for (entry, key) in entries.iter_mut().zip(&group_of) {
        entry.tags = tags_of[key].clone();
        for tag in &entry.tags {
            *report.entries_per_tag.entry(tag.clone()).or_default() += 1;
        }
        if entry.status == Status::Normal {
            report.link_entries += 1;
            if entry.tags.is_empty() {
                report.untagged_count += 1;
                if report.untagged_sample.len() < 20 {
                    report.untagged_sample.push(entry.id.clone());
                }
            } else {
                report.tagged_link_entries += 1;
            }
        }
    }
    report.tags_matching_nothing = taxonomy
        .topics
        .iter()
        .filter(|t| !report.entries_per_tag.contains_key(&t.id))
        .map(|t| t.id.clone())
        .collect();
    report
}

fn tags_for(rules: &[Rules], text: &LinkText) -> Vec<String> {
    let url = text.url.as_deref().map(str::to_ascii_lowercase);
    let host = url.as_deref().and_then(display_host);
    // (strong score from the title and the link, description keywords, topic)
    let mut scored: Vec<(u32, u32, usize)> = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let (mut strong, mut weak) = (0, 0);
        for keyword in &rule.keywords {
            if text.titles.iter().any(|t| keyword.is_in(t)) {
                strong += TITLE_WEIGHT;
            } else if text.descriptions.iter().any(|d| keyword.is_in(d)) {
                weak += DESCRIPTION_WEIGHT;
            }
        }
        let host_hit = host.is_some_and(|h| {
            rule.hosts
                .iter()
                .any(|r| h == r || h.ends_with(&format!(".{r}")))
        });
        let url_hit = url
            .as_deref()
            .is_some_and(|u| rule.urls.iter().any(|r| u.contains(r.as_str())));
        if host_hit || url_hit {
            strong += LINK_WEIGHT;
        }
        if strong + weak > 0 {
            scored.push((strong, weak, i));
        }
    }
    // What the title or the link says comes first; the description breaks
    // ties and, when the title says nothing, speaks alone.
    scored.sort_by(|a, b| (b.0 + b.1).cmp(&(a.0 + a.1)).then(a.2.cmp(&b.2)));
    let id = |i: usize| rules[i].id.clone();
    let strong: Vec<String> = scored
        .iter()
        .filter(|(strong, _, _)| *strong > 0)
        .take(MAX_TAGS)
        .map(|s| id(s.2))
        .collect();
    if !strong.is_empty() {
        return strong;
    }
    scored
        .iter()
        .filter(|(_, weak, _)| *weak >= FALLBACK_SCORE)
        .take(1)
        .map(|s| id(s.2))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use weekly_core::archive::{entry_id, Block, Edition, Inline, Lang};

    const TAXONOMY: &str = r#"
[[topic]]
id = "async"
zh = "异步"
en = "Async"
ja = "非同期"
keywords = ["asyncio", "async", "异步", "concurren*"]

[[topic]]
id = "packaging"
zh = "打包"
en = "Packaging"
ja = "パッケージ"
keywords = ["uv", "pip"]
urls = ["github.com/astral-sh/uv"]

[[topic]]
id = "web"
zh = "Web"
en = "Web"
ja = "Web"
keywords = ["django"]
hosts = ["djangoproject.com"]
"#;

    fn entry(edition: Edition, issue: u32, title: &str, desc: &str, url: &str) -> Entry {
        Entry {
            id: entry_id(edition, issue, "articles", 1),
            edition,
            issue,
            section: "articles".into(),
            section_title: String::new(),
            position: 1,
            number: Some(1),
            title: title.into(),
            url: Some(url.into()),
            description: vec![Block {
                inlines: vec![Inline::Text(desc.into())],
            }],
            lang: Lang::En,
            status: Status::Normal,
            tags: vec![],
            children: vec![],
        }
    }

    #[test]
    fn keywords_match_words_prefixes_and_cjk_substrings() {
        let taxonomy = Taxonomy::parse(TAXONOMY, "t.toml").unwrap();
        let mut entries = vec![
            entry(Edition::En, 1, "Asyncio in depth", "", "https://a.com/1"),
            entry(Edition::Zh, 1, "Python 异步编程", "", "https://a.com/2"),
            // "uv" is a whole word: "uvicorn" is not uv.
            entry(Edition::En, 2, "Running uvicorn", "", "https://a.com/3"),
            entry(Edition::En, 2, "Concurrency models", "", "https://a.com/4"),
            entry(
                Edition::En,
                3,
                "A new release",
                "",
                "https://github.com/astral-sh/uv/releases",
            ),
            entry(
                Edition::En,
                3,
                "Notes",
                "mentions django once",
                "https://www.djangoproject.com/x",
            ),
        ];
        let report = assign_tags(&taxonomy, &mut entries);
        let tags: Vec<Vec<String>> = entries.iter().map(|e| e.tags.clone()).collect();
        assert_eq!(tags[0], vec!["async"]);
        assert_eq!(tags[1], vec!["async"]);
        assert!(tags[2].is_empty());
        assert_eq!(tags[3], vec!["async"]);
        assert_eq!(tags[4], vec!["packaging"]);
        assert_eq!(tags[5], vec!["web"]);
        assert_eq!(report.link_entries, 6);
        assert_eq!(report.untagged_count, 1);
        assert_eq!(report.tags_matching_nothing, Vec::<String>::new());
    }

    #[test]
    fn the_same_link_gets_the_same_tags_in_every_edition() {
        let taxonomy = Taxonomy::parse(TAXONOMY, "t.toml").unwrap();
        let mut entries = vec![
            entry(
                Edition::Zh,
                5,
                "一个好工具",
                "用 uv 和 pip 管理依赖",
                "https://example.com/tool/",
            ),
            entry(
                Edition::En,
                5,
                "A nice tool",
                "about asyncio",
                "http://www.example.com/tool?utm_source=x",
            ),
        ];
        assign_tags(&taxonomy, &mut entries);
        assert_eq!(entries[0].tags, entries[1].tags);
        assert_eq!(entries[0].tags, vec!["packaging"]);
    }

    #[test]
    fn a_broken_taxonomy_is_named_with_what_is_wrong() {
        let err = Taxonomy::parse(
            "[[topic]]\nid = \"Bad Id\"\nzh=\"\"\nen=\"\"\nja=\"\"\nkeywords=[\"x\"]",
            "taxonomy.toml",
        )
        .unwrap_err();
        assert!(
            err.0.contains("taxonomy.toml") && err.0.contains("Bad Id"),
            "{}",
            err.0
        );
        let err = Taxonomy::parse("[[topic]]\nid = 3", "taxonomy.toml").unwrap_err();
        assert!(err.0.contains("taxonomy.toml"), "{}", err.0);
    }

    #[test]
    fn the_projects_taxonomy_parses() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../taxonomy.toml"))
                .unwrap();
        let taxonomy = Taxonomy::parse(&text, "taxonomy.toml").unwrap();
        assert!(
            (30..=60).contains(&taxonomy.topics.len()),
            "{} topics",
            taxonomy.topics.len()
        );
    }
}
