//! Topic tags: the taxonomy file and the rules that assign its topics to
//! entries at build time. See `taxonomy.toml` for the rules in words.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use weekly_core::archive::{plain_text, Entry, Labels, Status, TagInfo};
use weekly_core::fold::fold;
use weekly_core::links::{display_host, normalize_url};

/// Most tags one entry gets (`max_tags` may lower it, never raise it).
pub const MAX_TAGS: usize = 3;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// How hits add up and how many tags an entry gets.
    #[serde(default)]
    pub scoring: Scoring,
    #[serde(rename = "topic")]
    pub topics: Vec<Topic>,
}

/// The `[scoring]` table: weights and thresholds, the same for every topic.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scoring {
    /// Per keyword found in a title (each keyword counts once).
    pub title_weight: u32,
    /// Per keyword found only in a description.
    pub description_weight: u32,
    /// When a `hosts` or `urls` rule matches the link.
    pub link_weight: u32,
    /// At most this many tags (never more than [`MAX_TAGS`]).
    pub max_tags: usize,
    /// The best topic is taken when its score reaches this, or when the
    /// title or the link names it.
    pub first_min: u32,
    /// A further topic needs this score ...
    pub next_min: u32,
    /// ... and at least this share of the best topic's score.
    pub next_ratio: f64,
    /// Whether a further topic may come from descriptions alone (with the
    /// two thresholds above), or needs the title or the link.
    pub next_from_description: bool,
    /// Whether each entry of a link (one per edition) is scored on its own
    /// title and description, the link taking its best entry's score, so
    /// that a word and its translations count once; otherwise the keywords
    /// of all its entries are pooled.
    pub per_entry: bool,
}

impl Default for Scoring {
    fn default() -> Scoring {
        Scoring {
            title_weight: 3,
            description_weight: 1,
            link_weight: 3,
            max_tags: 2,
            first_min: 2,
            next_min: 3,
            next_ratio: 0.0,
            next_from_description: false,
            per_entry: false,
        }
    }
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
    /// Keywords that count only in a title (too loose for descriptions).
    #[serde(default)]
    pub title_keywords: Vec<String>,
    /// Loose keywords that weigh like a description keyword even in a
    /// title: they back a topic up but never name it on their own.
    #[serde(default)]
    pub hints: Vec<String>,
    /// Phrases blanked out before this topic's keywords are looked for:
    /// "high-performance" keeps "performance" from counting in it.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// Why a taxonomy file cannot be used.
#[derive(Debug)]
pub struct TaxonomyError(pub String);

impl std::fmt::Display for TaxonomyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The project's `taxonomy.toml` as it was when the builder was compiled:
/// the taxonomy of a build run outside the project, where no
/// `taxonomy.toml` is at hand.
pub const BUILT_IN: &str = include_str!("../../../taxonomy.toml");

impl Taxonomy {
    /// [`BUILT_IN`], parsed (a test keeps it valid).
    pub fn built_in() -> Taxonomy {
        Taxonomy::parse(BUILT_IN, "the built-in taxonomy").expect("the built-in taxonomy is valid")
    }

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
            if topic.keywords.is_empty()
                && topic.title_keywords.is_empty()
                && topic.hints.is_empty()
                && topic.hosts.is_empty()
                && topic.urls.is_empty()
            {
                return Err(TaxonomyError(format!(
                    "{name}: topic {:?} has no rule",
                    topic.id
                )));
            }
        }
        let scoring = &taxonomy.scoring;
        if scoring.max_tags == 0 || scoring.max_tags > MAX_TAGS {
            return Err(TaxonomyError(format!(
                "{name}: scoring.max_tags must be 1 to {MAX_TAGS}"
            )));
        }
        if !(0.0..=1.0).contains(&scoring.next_ratio) {
            return Err(TaxonomyError(format!(
                "{name}: scoring.next_ratio must be between 0 and 1"
            )));
        }
        Ok(taxonomy)
    }

    /// The topics with their labels, in taxonomy order.
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
    raw: String,
    folded: String,
    prefix: bool,
    /// A searcher for `folded`, built once (tags are thousands of links
    /// times hundreds of keywords).
    finder: memchr::memmem::Finder<'static>,
}

impl Keyword {
    fn new(written: &str) -> Keyword {
        let (raw, prefix) = match written.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (written, false),
        };
        let folded = fold(raw);
        Keyword {
            raw: written.to_string(),
            finder: memchr::memmem::Finder::new(folded.as_bytes()).into_owned(),
            folded,
            prefix,
        }
    }

    /// Where the keyword is in folded `text`, as a word (Latin) or a
    /// substring (anything else): byte ranges.
    fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let (hay, needle) = (text.as_bytes(), self.folded.as_bytes());
        let latin_start = needle.first().is_some_and(u8::is_ascii_alphanumeric);
        let latin_end = needle.last().is_some_and(u8::is_ascii_alphanumeric) && !self.prefix;
        self.finder
            .find_iter(hay)
            .filter(move |_| !needle.is_empty())
            .map(move |at| (at, at + needle.len()))
            .filter(move |&(at, end)| {
                (!latin_start || at == 0 || !hay[at - 1].is_ascii_alphanumeric())
                    && (!latin_end || end == hay.len() || !hay[end].is_ascii_alphanumeric())
            })
    }

    /// Whether folded `text` contains the keyword.
    fn is_in(&self, text: &str) -> bool {
        self.find(text).next().is_some()
    }

    /// `text` with the keyword blanked out (same byte length, so word
    /// boundaries around it stay).
    fn mask(&self, text: &str) -> String {
        let mut out = text.to_string();
        let ranges: Vec<(usize, usize)> = self.find(text).collect();
        for (at, end) in ranges {
            out.replace_range(at..end, &" ".repeat(end - at));
        }
        out
    }
}

struct Rules {
    id: String,
    keywords: Vec<Keyword>,
    title_keywords: Vec<Keyword>,
    hints: Vec<Keyword>,
    ignore: Vec<Keyword>,
    hosts: Vec<String>,
    urls: Vec<String>,
}

impl Rules {
    fn new(topic: &Topic) -> Rules {
        let keywords = |list: &[String]| list.iter().map(|k| Keyword::new(k)).collect();
        Rules {
            id: topic.id.clone(),
            keywords: keywords(&topic.keywords),
            title_keywords: keywords(&topic.title_keywords),
            hints: keywords(&topic.hints),
            ignore: keywords(&topic.ignore),
            hosts: topic.hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
            urls: topic.urls.iter().map(|u| u.to_ascii_lowercase()).collect(),
        }
    }
}

/// How well one topic fits one link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// From the titles and the link.
    pub strong: u32,
    /// From the descriptions and hints.
    pub weak: u32,
    /// The part of `weak` that hints make: a topic with nothing but hints
    /// is not tagged.
    pub hints: u32,
}

impl Score {
    pub fn total(self) -> u32 {
        self.strong + self.weak
    }
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
    let rules: Vec<Rules> = taxonomy.topics.iter().map(Rules::new).collect();
    let (group_of, texts) = link_texts(entries);
    let tags_of: HashMap<&String, Vec<String>> = texts
        .iter()
        .map(|(key, text)| {
            let scored = scores(&taxonomy.scoring, &rules, text);
            (key, pick(&taxonomy.scoring, &rules, &scored))
        })
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

/// Groups entries by link (entries without one are their own group):
/// each entry's group key, and the texts of every group.
fn link_texts(entries: &[Entry]) -> (Vec<String>, HashMap<String, LinkText>) {
    let mut group_of: Vec<String> = Vec::with_capacity(entries.len());
    let mut texts: HashMap<String, LinkText> = HashMap::new();
    for entry in entries {
        let key = group_key(entry);
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
    (group_of, texts)
}

fn group_key(entry: &Entry) -> String {
    match &entry.url {
        Some(url) => normalize_url(url),
        None => format!("\u{0}{}", entry.id),
    }
}

/// Why an entry got its tags: every topic that scored, best first, with
/// the hits behind the score.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub scores: Vec<(String, Score, Vec<String>)>,
    pub tags: Vec<String>,
}

/// The explanation of every entry's tags, in entry order (for the check
/// set's report and for reviewing rules).
pub fn explain(taxonomy: &Taxonomy, entries: &[Entry]) -> Vec<Explanation> {
    let rules: Vec<Rules> = taxonomy.topics.iter().map(Rules::new).collect();
    let (group_of, texts) = link_texts(entries);
    let by_group: HashMap<&String, Explanation> = texts
        .iter()
        .map(|(key, text)| {
            let scored = scores(&taxonomy.scoring, &rules, text);
            let tags = pick(&taxonomy.scoring, &rules, &scored);
            let scores = scored
                .into_iter()
                .map(|s| (rules[s.topic].id.clone(), s.score, s.hits))
                .collect();
            (key, Explanation { scores, tags })
        })
        .collect();
    group_of.iter().map(|key| by_group[key].clone()).collect()
}

/// One topic's score for one link, and what made it.
struct Scored {
    score: Score,
    /// The score of all the link's entries read together.
    pooled: Score,
    topic: usize,
    /// `title: keyword`, `description: keyword`, `hint: keyword`, `link`.
    hits: Vec<String>,
}

/// `texts` with the `ignore` phrases blanked out; borrowed as they are
/// when there is nothing to ignore (most topics).
fn masked<'t>(ignore: &[Keyword], texts: &'t [String]) -> Vec<std::borrow::Cow<'t, str>> {
    texts
        .iter()
        .map(|t| {
            if ignore.is_empty() {
                std::borrow::Cow::Borrowed(t.as_str())
            } else {
                std::borrow::Cow::Owned(ignore.iter().fold(t.clone(), |t, k| k.mask(&t)))
            }
        })
        .collect()
}

/// The topics with a score above zero, best first (ties in taxonomy order).
fn scores(scoring: &Scoring, rules: &[Rules], text: &LinkText) -> Vec<Scored> {
    let url = text.url.as_deref().map(str::to_ascii_lowercase);
    let host = url.as_deref().and_then(display_host);
    let mut scored: Vec<Scored> = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let (titles, descriptions) = (
            masked(&rule.ignore, &text.titles),
            masked(&rule.ignore, &text.descriptions),
        );
        // The score of every entry on its own (`per_entry`), and of all of
        // them read together; hits as (kind, keyword) until one is chosen.
        // (At most 64 entries of one link are told apart; a link is
        // seldom in more than its three editions.)
        let entries = if scoring.per_entry {
            titles.len().min(64)
        } else {
            0
        };
        let mut each: Vec<(Score, Vec<(&str, &Keyword)>)> = vec![Default::default(); entries];
        let mut pooled = Score::default();
        let mut pooled_hits: Vec<(&str, &Keyword)> = Vec::new();
        let add = |score: &mut Score, kind: &str| {
            match kind {
                "title" => score.strong += scoring.title_weight,
                _ => score.weak += scoring.description_weight,
            }
            if kind == "hint" {
                score.hints += scoring.description_weight;
            }
        };
        let lists = [
            (&rule.keywords, true, false),
            (&rule.title_keywords, false, false),
            (&rule.hints, true, true),
        ];
        for (keywords, in_descriptions, hint) in lists {
            for keyword in keywords {
                // Which entries have it in their title, which (of the
                // others) in their description: bit `j` for entry `j`.
                let (mut in_title, mut in_description) = (0_u64, 0_u64);
                let (mut any_title, mut any_description) = (false, false);
                for (j, (t, d)) in titles.iter().zip(&descriptions).enumerate() {
                    let bit = if j < 64 { 1_u64 << j } else { 0 };
                    if keyword.is_in(t) {
                        any_title = true;
                        in_title |= bit;
                    } else if in_descriptions
                        && (entries > 0 || !any_description)
                        && keyword.is_in(d)
                    {
                        any_description = true;
                        in_description |= bit;
                    }
                }
                let kind = |t: bool, d: bool| match (hint, t, d) {
                    (true, true, _) | (true, _, true) => Some("hint"),
                    (false, true, _) => Some("title"),
                    (false, false, true) => Some("description"),
                    _ => None,
                };
                let anywhere = kind(any_title, any_description);
                if let Some(kind) = anywhere {
                    add(&mut pooled, kind);
                    pooled_hits.push((kind, keyword));
                }
                for (j, (score, hits)) in each.iter_mut().enumerate() {
                    let bit = 1_u64 << j;
                    if let Some(kind) = kind(in_title & bit != 0, in_description & bit != 0) {
                        add(score, kind);
                        hits.push((kind, keyword));
                    }
                }
            }
        }
        let (mut score, hits) = each
            .into_iter()
            .max_by_key(|(s, _)| (s.total(), s.strong))
            .unwrap_or((pooled, pooled_hits));
        let mut hits: Vec<String> = hits
            .into_iter()
            .map(|(kind, keyword)| format!("{kind}: {}", keyword.raw))
            .collect();
        let link_hit = host.is_some_and(|h| {
            rule.hosts
                .iter()
                .any(|r| h == r || h.ends_with(&format!(".{r}")))
        }) || url
            .as_deref()
            .is_some_and(|u| rule.urls.iter().any(|r| u.contains(r.as_str())));
        if link_hit {
            score.strong += scoring.link_weight;
            pooled.strong += scoring.link_weight;
            hits.push("link".into());
        }
        if score.total() > 0 {
            scored.push(Scored {
                score,
                pooled,
                topic: i,
                hits,
            });
        }
    }
    scored.sort_by(|a, b| (b.score.total().cmp(&a.score.total())).then(a.topic.cmp(&b.topic)));
    scored
}

/// The tags from the scores: the best topic that the title or the link
/// names, or else the best scoring `first_min`; then, up to `max_tags`, the
/// next ones scoring `next_min` and `next_ratio` of the first.
fn pick(scoring: &Scoring, rules: &[Rules], scored: &[Scored]) -> Vec<String> {
    let named = |s: &Scored| s.score.total() > s.score.hints;
    let Some(first) = scored.iter().find(|s| s.score.strong > 0).or_else(|| {
        scored
            .iter()
            .find(|s| named(s) && s.pooled.total() >= scoring.first_min)
    }) else {
        return Vec::new();
    };
    let mut tags = vec![rules[first.topic].id.clone()];
    for next in scored {
        if tags.len() >= scoring.max_tags.min(MAX_TAGS) {
            break;
        }
        let score = next.score;
        if next.topic == first.topic
            || !named(next)
            || (score.strong == 0 && !scoring.next_from_description)
        {
            continue;
        }
        if score.total() >= scoring.next_min
            && f64::from(score.total()) >= scoring.next_ratio * f64::from(first.score.total())
        {
            tags.push(rules[next.topic].id.clone());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use weekly_core::archive::{entry_id, Block, Edition, Inline, Lang};

    #[test]
    fn the_built_in_taxonomy_is_the_projects_and_valid() {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../taxonomy.toml");
        assert_eq!(BUILT_IN, std::fs::read_to_string(file).unwrap());
        assert!(Taxonomy::built_in().topics.len() >= 30);
    }

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
    fn title_keywords_hints_and_ignore() {
        let taxonomy = Taxonomy::parse(
            r#"
[[topic]]
id = "performance"
zh = "性能"
en = "Performance"
ja = "パフォーマンス"
keywords = ["performance", "faster"]
ignore = ["high-performance"]

[[topic]]
id = "web"
zh = "Web"
en = "Web"
ja = "Web"
keywords = ["django"]
hints = ["browser*"]

[[topic]]
id = "testing"
zh = "测试"
en = "Testing"
ja = "テスト"
keywords = ["pytest"]
title_keywords = ["bug*"]
"#,
            "t.toml",
        )
        .unwrap();
        let mut entries = vec![
            // "high-performance" is not about performance, "faster" is.
            entry(
                Edition::En,
                1,
                "A high-performance thing",
                "",
                "https://a.com/1",
            ),
            entry(Edition::En, 1, "Make it faster", "", "https://a.com/2"),
            // A hint alone in a title does not name a topic ...
            entry(Edition::En, 1, "A browser extension", "", "https://a.com/3"),
            // ... but two description hits do.
            entry(
                Edition::En,
                1,
                "Something",
                "in the browser, with django",
                "https://a.com/4",
            ),
            // A title-only keyword counts in titles, not descriptions.
            entry(Edition::En, 2, "Tricky bugs", "", "https://a.com/5"),
            entry(Edition::En, 2, "Something", "fixes bugs", "https://a.com/6"),
        ];
        assign_tags(&taxonomy, &mut entries);
        let tags: Vec<Vec<String>> = entries.iter().map(|e| e.tags.clone()).collect();
        assert!(tags[0].is_empty());
        assert_eq!(tags[1], vec!["performance"]);
        assert!(tags[2].is_empty());
        assert_eq!(tags[3], vec!["web"]);
        assert_eq!(tags[4], vec!["testing"]);
        assert!(tags[5].is_empty());
    }

    #[test]
    fn a_second_tag_needs_its_own_score_and_a_share_of_the_first() {
        let scoring = "[scoring]\nnext_min = 3\nnext_ratio = 0.5\nnext_from_description = true\n";
        let taxonomy = Taxonomy::parse(&format!("{scoring}{TAXONOMY}"), "t.toml").unwrap();
        let mut entries = vec![
            // async 3 + 3 (two title keywords), web 3: half of 6, kept.
            entry(
                Edition::En,
                1,
                "Asyncio concurrency in Django",
                "",
                "https://a.com/1",
            ),
            // async 3 + 3 + 1, web 1 from the description: too weak.
            entry(
                Edition::En,
                1,
                "Asyncio concurrency",
                "with async, for django",
                "https://a.com/2",
            ),
        ];
        assign_tags(&taxonomy, &mut entries);
        assert_eq!(entries[0].tags, vec!["async", "web"]);
        assert_eq!(entries[1].tags, vec!["async"]);
        let err =
            Taxonomy::parse(&format!("[scoring]\nmax_tags = 9\n{TAXONOMY}"), "t.toml").unwrap_err();
        assert!(err.0.contains("max_tags"), "{}", err.0);
    }

    #[test]
    fn per_entry_scoring_counts_a_word_and_its_translation_once() {
        let taxonomy = r#"
[[topic]]
id = "architecture"
zh = "架构"
en = "Architecture"
ja = "設計"
keywords = ["architecture", "架构"]

[[topic]]
id = "notebooks"
zh = "Notebook"
en = "Notebooks"
ja = "Notebook"
keywords = ["jupyter"]
"#;
        let architecture_score = |per_entry: bool| {
            let scoring = format!("[scoring]\nper_entry = {per_entry}\n");
            let taxonomy = Taxonomy::parse(&format!("{scoring}{taxonomy}"), "t.toml").unwrap();
            let mut entries = vec![
                entry(
                    Edition::Zh,
                    1,
                    "Jupyter 架构解析",
                    "Jupyter",
                    "https://a.com/1",
                ),
                entry(
                    Edition::En,
                    1,
                    "Jupyter's architecture unpacked",
                    "Jupyter",
                    "https://a.com/1",
                ),
            ];
            assign_tags(&taxonomy, &mut entries);
            let why = explain(&taxonomy, &entries);
            let score = |id: &str| {
                why[0]
                    .scores
                    .iter()
                    .find(|(t, _, _)| t == id)
                    .map(|(_, s, _)| s.total())
            };
            (score("architecture"), score("notebooks"))
        };
        // Read together, "架构" and "architecture" count twice, "jupyter"
        // (the same in both titles) once ...
        assert_eq!(architecture_score(false), (Some(6), Some(3)));
        // ... each edition on its own, both once.
        assert_eq!(architecture_score(true), (Some(3), Some(3)));
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
